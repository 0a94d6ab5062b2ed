//! Soft Dice loss and BCE + Dice.
//!
//! ```text
//! dice:     D = (2I + s) / (Sy + Sp + s),  L = 1 − D           (s = smooth, default 1)
//!           ∂L/∂p[i] = −[ 2y[i]·Den − (2I + s) ] / Den²,  Den = Sy + Sp + s
//!           squared (V-Net): Den = Σy² + Σp² + s,  ∂L/∂p[i] = −[ 2y[i]·Den − (2I + s)·2p[i] ] / Den²
//! bce_dice: L = w_bce·BCE + w_dice·(1 − D)                     (defaults 1e-3, 1)
//! ```
//! 0/0 (only with s = 0 on an empty target and prediction) is 0 loss with zero gradient.
//! The gradient is affine in `y` (and `p` when squared): `a·y + b·p + c`.

use super::cross_entropy::rule;
use super::{Grads, Scalar};
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::kernel::saturate;
use crate::params::{BceDiceParams, DiceParams};
use crate::pixel::Pixel;
use crate::ratio::ratio;

/// Dice's loss `1 − D` and its gradient's coefficients `(a, b, c)`, or `None` for 0/0.
pub(crate) fn dice_terms(
    params: &DiceParams,
    counts: &SoftCounts,
) -> Option<(f64, (f64, f64, f64))> {
    let den = if params.squared {
        counts.sum_target_sq + counts.sum_prob_sq
    } else {
        counts.sum_target + counts.sum_prob
    } + params.smooth;
    let num = 2.0 * counts.true_pos + params.smooth;
    let score = ratio(num, den)?;
    // −(2y·Den − num·dDen/dp)/Den², divided twice by Den so tiny sums do not underflow.
    let a = -2.0 / den;
    let (b, c) = if params.squared { (2.0 * score / den, 0.0) } else { (0.0, score / den) };
    Some((1.0 - score, (a, b, c)))
}

/// Soft Dice loss.
#[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
pub(crate) fn dice<T: Pixel>(
    params: &DiceParams,
    input: Binary<T>,
    counts: &SoftCounts,
    mut grads: Grads<T>,
) -> Scalar {
    match dice_terms(params, counts) {
        Some((value, coefficients)) => Scalar::new(value, grads.affine(input, coefficients)),
        None => grads.zero_over_zero(),
    }
}

/// BCE + Dice: returns the total and its two parts `(bce, 1 − D)`.
#[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
pub(crate) fn bce_dice<T: Pixel>(
    params: &BceDiceParams,
    input: Binary<T>,
    counts: &SoftCounts,
    mut grads: Grads<T>,
) -> (Scalar, f64, f64) {
    let (dice_loss, (a, b, c), zero_over_zero) = match dice_terms(&params.dice, counts) {
        Some((value, coefficients)) => (value, coefficients, false),
        None => (0.0, (0.0, 0.0, 0.0), true),
    };
    let w = params.w_dice;
    let (a, b, c) = (saturate::<T>(w * a), saturate::<T>(w * b), saturate::<T>(w * c));
    let inv_n = 1.0 / counts.pixels as f64;
    let w_bce = T::from_f64(params.w_bce);
    let pass = if counts.hard_target {
        let bce = rule::<T, true>(1.0, inv_n);
        grads.fused(input, |y, p| {
            let (loss, g) = bce(y, p);
            (loss, w_bce * g + a * y + b * p + c)
        })
    } else {
        let bce = rule::<T, false>(1.0, inv_n);
        grads.fused(input, |y, p| {
            let (loss, g) = bce(y, p);
            (loss, w_bce * g + a * y + b * p + c)
        })
    };
    let bce = pass.sum * inv_n;
    let value = params.w_bce * bce + params.w_dice * dice_loss;
    let scalar = Scalar { value, zero_over_zero, summary: pass.summary };
    (scalar, bce, dice_loss)
}
