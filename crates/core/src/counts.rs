//! Soft confusion counts: the one pass over the image every loss starts from.

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
    /// Every target value is exactly 0 or 1 (the log losses then need one log per pixel).
    pub hard_target: bool,
}

/// Independent accumulators, as in `crate::kernel`.
const LANES: usize = 8;
/// Chunks summed in the pixel's precision before moving into `f64`.
const FLUSH: usize = 16;

impl SoftCounts {
    /// One pass over `target` and `prob` (equal lengths).
    #[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
    pub fn new<T: Pixel>(target: &[T], prob: &[T]) -> SoftCounts {
        Self::pass::<T, false>(target, prob)
    }

    /// The counts of the clamped probabilities `p̂ = clamp(p, ε, 1 − ε)`: what the Dice part
    /// of a logit-native loss sees for a probability input (`losses-compound.md`).
    #[inline(always)]
    pub fn clamped<T: Pixel>(target: &[T], prob: &[T]) -> SoftCounts {
        Self::pass::<T, true>(target, prob)
    }

    #[inline(always)]
    fn pass<T: Pixel, const CLAMP: bool>(target: &[T], prob: &[T]) -> SoftCounts {
        let (lo, hi) = crate::clamp::bounds::<T>();
        let clamp = |p: T| if CLAMP { p.max(lo).min(hi) } else { p };
        let mut acc = Accumulator::<T>::new();
        let n = target.len();
        let body = n - n % LANES;
        let mut since_flush = 0;
        for start in (0..body).step_by(LANES) {
            let ys = &target[start..start + LANES];
            let ps = &prob[start..start + LANES];
            for k in 0..LANES {
                acc.add(k, ys[k], clamp(ps[k]));
            }
            since_flush += 1;
            if since_flush == FLUSH {
                acc.flush();
                since_flush = 0;
            }
        }
        for i in body..n {
            acc.add(i - body, target[i], clamp(prob[i]));
        }
        acc.flush();
        let [sy, sp, tp, syy, spp] = acc.wide;
        let n = n as f64;
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
            hard_target: acc.soft_total == 0,
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
}

/// Lane accumulators of `[Σy, Σp, Σyp, Σy², Σp²]` and of soft targets.
struct Accumulator<T> {
    lanes: [[T; LANES]; 5],
    soft: [u32; LANES],
    wide: [f64; 5],
    soft_total: u64,
}

impl<T: Pixel> Accumulator<T> {
    fn new() -> Self {
        Accumulator {
            lanes: [[T::ZERO; LANES]; 5],
            soft: [0; LANES],
            wide: [0.0; 5],
            soft_total: 0,
        }
    }

    #[inline(always)]
    fn add(&mut self, k: usize, y: T, p: T) {
        let l = &mut self.lanes;
        l[0][k] = l[0][k] + y;
        l[1][k] = l[1][k] + p;
        l[2][k] = l[2][k] + y * p;
        l[3][k] = l[3][k] + y * y;
        l[4][k] = l[4][k] + p * p;
        // `&`, not `&&`: no branch, so the lanes vectorise.
        self.soft[k] += u32::from((y != T::ZERO) & (y != T::ONE));
    }

    fn flush(&mut self) {
        for (w, lane) in self.wide.iter_mut().zip(self.lanes.iter_mut()) {
            *w += lane.iter().map(|v| v.to_f64()).sum::<f64>();
            *lane = [T::ZERO; LANES];
        }
        self.soft_total += self.soft.iter().map(|&s| u64::from(s)).sum::<u64>();
        self.soft = [0; LANES];
    }
}
