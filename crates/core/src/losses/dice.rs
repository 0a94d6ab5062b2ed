//! Soft Dice loss and BCE + Dice.
//!
//! ```text
//! dice:     D = (2I + s) / (Sy + Sp + s),  L = 1 − D           (s = smooth, default 1)
//!           ∂L/∂p[i] = −[ 2y[i]·Den − (2I + s) ] / Den²,  Den = Sy + Sp + s
//!           squared (V-Net): Den = Σy² + Σp² + s,  ∂L/∂p[i] = −[ 2y[i]·Den − (2I + s)·2p[i] ] / Den²
//! bce_dice: L = w_bce·BCE + w_dice·(1 − D)                     (defaults 1e-3, 1)
//! ```
//! 0/0 (only with s = 0 on an empty target and prediction) is 0 loss with zero gradient.

use super::cross_entropy::pixel_term;
use super::Scalar;
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::params::{BceDiceParams, DiceParams};
use crate::pixel::Pixel;
use crate::ratio::ratio;

/// Dice's sums for one image: numerator `2I + s`, denominator, and whether it is squared.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DiceSums {
    num: f64,
    den: f64,
    squared: bool,
}

impl DiceSums {
    pub(crate) fn new(params: &DiceParams, counts: &SoftCounts) -> DiceSums {
        let den = if params.squared {
            counts.sum_target_sq + counts.sum_prob_sq
        } else {
            counts.sum_target + counts.sum_prob
        };
        DiceSums {
            num: 2.0 * counts.true_pos + params.smooth,
            den: den + params.smooth,
            squared: params.squared,
        }
    }

    /// `1 − D`, or `None` for 0/0.
    pub(crate) fn loss(&self) -> Option<f64> {
        ratio(self.num, self.den).map(|d| 1.0 - d)
    }

    /// `∂(1 − D)/∂p` at one pixel (only meaningful when `loss()` is `Some`).
    #[inline(always)]
    pub(crate) fn grad(&self, y: f64, p: f64) -> f64 {
        let d_den = if self.squared { 2.0 * p } else { 1.0 };
        -(2.0 * y * self.den - self.num * d_den) / (self.den * self.den)
    }
}

/// Soft Dice loss; writes `∂L/∂p` into `grad_prob`.
pub(crate) fn dice<T: Pixel>(
    params: &DiceParams,
    input: Binary<T>,
    counts: &SoftCounts,
    grad_prob: &mut [T],
) -> Scalar {
    let sums = DiceSums::new(params, counts);
    let Some(value) = sums.loss() else {
        grad_prob.fill(T::default());
        return Scalar { value: 0.0, zero_over_zero: true };
    };
    for ((&y, &p), g) in input.target().iter().zip(input.prob()).zip(grad_prob.iter_mut()) {
        *g = T::from_f64(sums.grad(y.to_f64(), p.to_f64()));
    }
    Scalar::of(value)
}

/// BCE + Dice: returns the total and its two parts `(bce, 1 − D)`.
pub(crate) fn bce_dice<T: Pixel>(
    params: &BceDiceParams,
    input: Binary<T>,
    counts: &SoftCounts,
    grad_prob: &mut [T],
) -> (Scalar, f64, f64) {
    let sums = DiceSums::new(&params.dice, counts);
    let (dice_loss, zero_over_zero) = match sums.loss() {
        Some(v) => (v, false),
        None => (0.0, true),
    };
    let dice_weight = if zero_over_zero { 0.0 } else { params.w_dice };
    let inv_n = 1.0 / input.len() as f64;
    let mut bce_sum = 0.0;
    for ((&y, &p), g) in input.target().iter().zip(input.prob()).zip(grad_prob.iter_mut()) {
        let (y, p) = (y.to_f64(), p.to_f64());
        let (loss, grad) = pixel_term(y, p, 1.0);
        bce_sum += loss;
        *g = T::from_f64(params.w_bce * grad * inv_n + dice_weight * sums.grad(y, p));
    }
    let bce = bce_sum * inv_n;
    let value = params.w_bce * bce + params.w_dice * dice_loss;
    (Scalar { value, zero_over_zero }, bce, dice_loss)
}
