//! Tversky loss (Salehi et al. 2017) and focal Tversky loss (Abraham & Khan 2019).
//!
//! ```text
//! T = (TP + s) / (TP + α·FN + β·FP + s),  L = 1 − T     (α on false negatives, as the article)
//! ∂T/∂p[i] = [ y[i]·Den − (TP + s)·((1−α)·y[i] + β·(1−y[i])) ] / Den²
//! focal:  L = (1 − T)^γ,  ∂L/∂p = −γ·max(1 − T, 1e-12)^(γ−1)·∂T/∂p      (γ = 0.75; paper: 1/γ, γ = 4/3)
//! ```
//! α = β = ½ is Dice, α = β = 1 is Jaccard with ε_J = s. MONAI, smp and Keras put α on FP.

use super::Scalar;
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::params::{FocalTverskyParams, TverskyParams};
use crate::pixel::Pixel;
use crate::ratio::ratio;

/// Floor of `1 − T` in focal Tversky's gradient, so it stays finite.
pub const FOCAL_TVERSKY_FLOOR: f64 = 1e-12;

/// Writes `∂T/∂p` into `grad_prob` (scaled by `scale`) and returns `T`, or `None` for 0/0
/// (then the gradient is zero).
fn index_and_grad<T: Pixel>(
    params: &TverskyParams,
    input: Binary<T>,
    counts: &SoftCounts,
    scale: impl Fn(f64) -> f64,
    grad_prob: &mut [T],
) -> Option<f64> {
    let TverskyParams { alpha, beta, smooth } = *params;
    let num = counts.true_pos + smooth;
    let den = counts.true_pos + alpha * counts.false_neg + beta * counts.false_pos + smooth;
    let Some(index) = ratio(num, den) else {
        grad_prob.fill(T::default());
        return None;
    };
    let factor = scale(index) / (den * den);
    for (&y, g) in input.target().iter().zip(grad_prob.iter_mut()) {
        let y = y.to_f64();
        let d_index = y * den - num * ((1.0 - alpha) * y + beta * (1.0 - y));
        *g = T::from_f64(d_index * factor);
    }
    Some(index)
}

/// Tversky loss; writes `∂L/∂p` into `grad_prob`.
pub(crate) fn tversky<T: Pixel>(
    params: &TverskyParams,
    input: Binary<T>,
    counts: &SoftCounts,
    grad_prob: &mut [T],
) -> Scalar {
    match index_and_grad(params, input, counts, |_| -1.0, grad_prob) {
        Some(index) => Scalar::of(1.0 - index),
        None => Scalar { value: 0.0, zero_over_zero: true },
    }
}

/// Focal Tversky loss; writes `∂L/∂p` into `grad_prob`.
pub(crate) fn focal_tversky<T: Pixel>(
    params: &FocalTverskyParams,
    input: Binary<T>,
    counts: &SoftCounts,
    grad_prob: &mut [T],
) -> Scalar {
    let gamma = params.gamma;
    let outer = |index: f64| {
        let rest = (1.0 - index).max(FOCAL_TVERSKY_FLOOR);
        -gamma * rest.powf(gamma - 1.0)
    };
    match index_and_grad(&params.tversky, input, counts, outer, grad_prob) {
        Some(index) => Scalar::of((1.0 - index).max(0.0).powf(gamma)),
        None => Scalar { value: 0.0, zero_over_zero: true },
    }
}
