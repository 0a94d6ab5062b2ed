//! Tversky loss (Salehi et al. 2017) and focal Tversky loss (Abraham & Khan 2019).
//!
//! ```text
//! T = (TP + s) / (TP + α·FN + β·FP + s),  L = 1 − T     (α on false negatives, as the article)
//! ∂T/∂p[i] = [ y[i]·Den − (TP + s)·((1−α)·y[i] + β·(1−y[i])) ] / Den²
//! focal:  L = (1 − T)^γ,  ∂L/∂p = −γ·max(1 − T, 1e-12)^(γ−1)·∂T/∂p      (γ = 0.75; paper: 1/γ, γ = 4/3)
//! ```
//! α = β = ½ is Dice with its smoothing doubled (exactly Dice when s = 0); α = β = 1 is
//! Jaccard with ε_J = s. MONAI, smp and Keras put α on false positives.

use super::{Grads, Scalar};
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::params::{FocalTverskyParams, TverskyParams};
use crate::pixel::Pixel;
use crate::ratio::ratio;

/// Floor of `1 − T` in focal Tversky's gradient, so it stays finite.
pub const FOCAL_TVERSKY_FLOOR: f64 = 1e-12;

/// The index `T` and the coefficients `(a, c)` of `∂T/∂p = a·y + c`, or `None` for 0/0.
fn index(params: &TverskyParams, counts: &SoftCounts) -> Option<(f64, f64, f64)> {
    let TverskyParams { alpha, beta, smooth } = *params;
    let num = counts.true_pos + smooth;
    let den = counts.true_pos + alpha * counts.false_neg + beta * counts.false_pos + smooth;
    let t = ratio(num, den)?;
    // [y·Den − num·((1−α−β)·y + β)]/Den² = y·(1 − T·(1−α−β))/Den − T·β/Den.
    Some((t, (1.0 - t * (1.0 - alpha - beta)) / den, -t * beta / den))
}

/// Tversky loss.
#[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
pub(crate) fn tversky<T: Pixel>(
    params: &TverskyParams,
    input: Binary<T>,
    counts: &SoftCounts,
    mut grads: Grads<T>,
) -> Scalar {
    match index(params, counts) {
        Some((t, a, c)) => Scalar::new(1.0 - t, grads.affine(input, (-a, 0.0, -c))),
        None => grads.zero_over_zero(),
    }
}

/// Focal Tversky loss.
#[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
pub(crate) fn focal_tversky<T: Pixel>(
    params: &FocalTverskyParams,
    input: Binary<T>,
    counts: &SoftCounts,
    mut grads: Grads<T>,
) -> Scalar {
    let Some((t, a, c)) = index(&params.tversky, counts) else {
        return grads.zero_over_zero();
    };
    let gamma = params.gamma;
    let outer = -gamma * (1.0 - t).max(FOCAL_TVERSKY_FLOOR).powf(gamma - 1.0);
    let pass = grads.affine(input, (outer * a, 0.0, outer * c));
    Scalar::new((1.0 - t).max(0.0).powf(gamma), pass)
}
