//! Soft confusion counts: the one pass over the image every region loss starts from.

use crate::pixel::Pixel;
use serde::Serialize;

/// Soft counts of one image (or of a pooled batch), accumulated in `f64`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct SoftCounts {
    /// Number of pixels `N`.
    pub pixels: usize,
    /// `TP = Σ y·p` (also the intersection `I`).
    pub true_pos: f64,
    /// `FP = Σ (1−y)·p`.
    pub false_pos: f64,
    /// `FN = Σ y·(1−p)`.
    pub false_neg: f64,
    /// `TN = Σ (1−y)·(1−p)`.
    pub true_neg: f64,
    /// `Sy = Σ y`.
    pub sum_target: f64,
    /// `Sp = Σ p`.
    pub sum_prob: f64,
    /// `Σ y²` (V-Net's squared Dice).
    pub sum_target_sq: f64,
    /// `Σ p²` (V-Net's squared Dice).
    pub sum_prob_sq: f64,
}

impl SoftCounts {
    /// One pass over `target` and `prob` (equal lengths).
    pub fn new<T: Pixel>(target: &[T], prob: &[T]) -> SoftCounts {
        let (mut sy, mut sp, mut tp, mut syy, mut spp) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (&y, &p) in target.iter().zip(prob) {
            let (y, p) = (y.to_f64(), p.to_f64());
            sy += y;
            sp += p;
            tp += y * p;
            syy += y * y;
            spp += p * p;
        }
        let n = target.len() as f64;
        SoftCounts {
            pixels: target.len(),
            true_pos: tp,
            false_pos: sp - tp,
            false_neg: sy - tp,
            true_neg: n - sy - sp + tp,
            sum_target: sy,
            sum_prob: sp,
            sum_target_sq: syy,
            sum_prob_sq: spp,
        }
    }

    /// Fraction of the image that is foreground, `Sy / N`.
    pub fn foreground_fraction(&self) -> f64 {
        if self.pixels == 0 {
            0.0
        } else {
            self.sum_target / self.pixels as f64
        }
    }

    /// Adds another image's counts (pooling).
    pub fn add(&mut self, other: &SoftCounts) {
        self.pixels += other.pixels;
        self.true_pos += other.true_pos;
        self.false_pos += other.false_pos;
        self.false_neg += other.false_neg;
        self.true_neg += other.true_neg;
        self.sum_target += other.sum_target;
        self.sum_prob += other.sum_prob;
        self.sum_target_sq += other.sum_target_sq;
        self.sum_prob_sq += other.sum_prob_sq;
    }
}
