//! Focal loss (Lin et al. 2017).
//!
//! ```text
//! ℓ = −α·y·(1−p̂)^γ·log p̂ − (1−α)·(1−y)·p̂^γ·log(1−p̂)              p̂ = clamp(p, ε, 1−ε)
//! y = 1: ∂ℓ/∂p = α·[ γ(1−p̂)^(γ−1)·log p̂ − (1−p̂)^γ / p̂ ]
//! y = 0: ∂ℓ/∂p = (1−α)·[ p̂^γ/(1−p̂) − γ·p̂^(γ−1)·log(1−p̂) ]
//! soft y mixes the two linearly; 0 outside [ε, 1−ε].
//! L = Σ ℓ (sum, the article's Keras code) | Σ ℓ / N (mean, torchvision) | Σ ℓ / max(Sy, 1)
//! ```
//! Note: α weighs the *positive* class, so the default α = 0.25 down-weights the rare class.
//! For a hard target both cases are one formula in `pt`, the probability of the true class:
//! `ℓ = −αt·(1−pt)^γ·log pt`, one log and one power per pixel; γ ∈ {0, 1, 2, 3} need no power.

use super::{Grads, Scalar};
use crate::clamp::{bounds, clamp};
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::params::{FocalParams, FocalReduction};
use crate::pixel::Pixel;

/// `GENERAL` as the `POW` parameter: any γ, through `exp(γ·ln x)`.
pub(crate) const GENERAL: u8 = u8::MAX;

/// `x^γ` for `x > 0`: whole `POW` ≤ 3 by multiplication (decided at compile time, so the
/// per-pixel loop has no branch on it), `GENERAL` through `exp(γ·ln x)`.
#[inline(always)]
fn power<T: Pixel, const POW: u8>(x: T, gamma: T) -> T {
    match POW {
        0 => T::ONE,
        1 => x,
        2 => x * x,
        3 => x * x * x,
        _ => (gamma * x.ln()).exp_non_positive(),
    }
}

/// The reduction's divisor.
fn divisor(reduction: FocalReduction, counts: &SoftCounts) -> f64 {
    match reduction {
        FocalReduction::Sum => 1.0,
        FocalReduction::Mean => counts.pixels as f64,
        FocalReduction::PerPositive => counts.sum_target.max(1.0),
    }
}

/// The per-pixel rule for a hard target, scaled: `(ℓ, ∂ℓ/∂p)`.
#[inline(always)]
pub(crate) fn hard_rule<T: Pixel, const POW: u8>(
    params: &FocalParams,
    scale: f64,
) -> impl Fn(T, T) -> (T, T) {
    let (lo, hi) = bounds::<T>();
    let gamma = T::from_f64(params.gamma);
    let (a_pos, a_neg) = (T::from_f64(params.alpha), T::from_f64(1.0 - params.alpha));
    let s = T::from_f64(scale);
    let half = T::from_f64(0.5);
    move |y: T, p: T| {
        let (q, inside) = clamp(p, lo, hi);
        let positive = y > half;
        let pt = if positive { q } else { T::ONE - q };
        let (at, sign) = if positive { (a_pos, s) } else { (a_neg, -s) };
        let rest = T::ONE - pt;
        let log_pt = pt.ln();
        let pw = power::<T, POW>(rest, gamma);
        let loss = -(at * pw * log_pt);
        // dℓ/dpt = αt·[γ(1−pt)^(γ−1)·log pt − (1−pt)^γ/pt]; dpt/dp = ±1.
        let d_pt = at * (gamma * pw / rest * log_pt - pw / pt);
        (loss, if inside { sign * d_pt } else { T::ZERO })
    }
}

/// The per-pixel rule for a soft target (two logs, two powers), scaled.
#[inline(always)]
pub(crate) fn soft_rule<T: Pixel>(params: &FocalParams, scale: f64) -> impl Fn(T, T) -> (T, T) {
    let (lo, hi) = bounds::<T>();
    let gamma = T::from_f64(params.gamma);
    let (a_pos, a_neg) = (T::from_f64(params.alpha), T::from_f64(1.0 - params.alpha));
    let s = T::from_f64(scale);
    move |y: T, p: T| {
        let (q, inside) = clamp(p, lo, hi);
        let (log_q, log_1q) = (q.ln(), (T::ONE - q).ln());
        let (pow_1q, pow_q) =
            (power::<T, GENERAL>(T::ONE - q, gamma), power::<T, GENERAL>(q, gamma));
        let pos_loss = -(a_pos * pow_1q * log_q);
        let neg_loss = -(a_neg * pow_q * log_1q);
        let pos_grad = a_pos * (gamma * pow_1q / (T::ONE - q) * log_q - pow_1q / q);
        let neg_grad = a_neg * (pow_q / (T::ONE - q) - gamma * pow_q / q * log_1q);
        let loss = y * pos_loss + (T::ONE - y) * neg_loss;
        let grad = s * (y * pos_grad + (T::ONE - y) * neg_grad);
        (loss, if inside { grad } else { T::ZERO })
    }
}

/// Focal loss.
#[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
pub(crate) fn focal<T: Pixel>(
    params: &FocalParams,
    input: Binary<T>,
    counts: &SoftCounts,
    mut grads: Grads<T>,
) -> Scalar {
    let scale = 1.0 / divisor(params.reduction, counts);
    let pass = match (counts.hard_target, params.gamma) {
        (false, _) => grads.fused(input, soft_rule(params, scale)),
        (true, 0.0) => grads.fused(input, hard_rule::<T, 0>(params, scale)),
        (true, 1.0) => grads.fused(input, hard_rule::<T, 1>(params, scale)),
        (true, 2.0) => grads.fused(input, hard_rule::<T, 2>(params, scale)),
        (true, 3.0) => grads.fused(input, hard_rule::<T, 3>(params, scale)),
        (true, _) => grads.fused(input, hard_rule::<T, GENERAL>(params, scale)),
    };
    Scalar::new(pass.sum * scale, pass)
}
