//! Binary cross-entropy and weighted cross-entropy.
//!
//! ```text
//! bce:  L = −(1/N) Σ [ y·log p̂ + (1−y)·log(1−p̂) ]          p̂ = clamp(p, ε, 1−ε), ε = 1e-7
//!       ∂L/∂p = (1/N) [ (1−y)/(1−p̂) − y/p̂ ]  inside [ε, 1−ε], 0 outside (Keras' clip)
//! wce:  L = −(1/N) Σ [ w⁺·y·log p̂ + (1−y)·log(1−p̂) ]
//!       ∂L/∂p = (1/N) [ (1−y)/(1−p̂) − w⁺·y/p̂ ]
//!       w⁺ = "balanced": (N − Sy)/Sy capped at 1e4, 1 when Sy = 0
//! ```
//! Equals PyTorch's `BCEWithLogitsLoss(pos_weight=w⁺)` away from the clamp. For a hard target
//! only the log of the probability of the true class is taken: one log per pixel.

use super::{Grads, Scalar};
use crate::clamp::{bounds, clamp};
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::params::PosWeight;
use crate::pixel::Pixel;

/// Largest balanced positive weight.
pub const BALANCED_WEIGHT_CAP: f64 = 1e4;

/// The per-pixel rule of the weighted log loss, scaled by `scale`: `(loss term, ∂/∂p)`.
/// `w` weighs the positive term; `w = 1` is plain BCE. `HARD`: every `y` is 0 or 1.
#[inline(always)]
pub(crate) fn rule<T: Pixel, const HARD: bool>(w: f64, scale: f64) -> impl Fn(T, T) -> (T, T) {
    let (lo, hi) = bounds::<T>();
    let (w, ws, s) = (T::from_f64(w), T::from_f64(w * scale), T::from_f64(scale));
    let half = T::from_f64(0.5);
    move |y: T, p: T| {
        let (q, inside) = clamp(p, lo, hi);
        if HARD {
            // pt: the probability given to the true class; one log.
            let positive = y > half;
            let pt = if positive { q } else { T::ONE - q };
            let (wt, sign) = if positive { (w, -ws) } else { (T::ONE, s) };
            let g = sign / pt;
            (-(wt * pt.ln()), if inside { g } else { T::ZERO })
        } else {
            let loss = -(w * y * q.ln() + (T::ONE - y) * (T::ONE - q).ln());
            let g = s * ((T::ONE - y) / (T::ONE - q) - w * y / q);
            (loss, if inside { g } else { T::ZERO })
        }
    }
}

/// The weight `w⁺` that `pos_weight` stands for on this image.
pub(crate) fn resolve_pos_weight(weight: PosWeight, counts: &SoftCounts) -> f64 {
    match weight {
        PosWeight::Fixed(w) => w,
        PosWeight::Balanced => balanced_weight(counts),
    }
}

/// The balanced positive weight of `wce` on this image: `(N − Sy)/Sy`, capped at
/// [`BALANCED_WEIGHT_CAP`], and 1 on an empty target (`Sy = 0`). The one place it is computed
/// (the loss, the board's detail line and the learn view's formulas all call it).
pub fn balanced_weight(counts: &SoftCounts) -> f64 {
    if counts.sum_target == 0.0 {
        1.0
    } else {
        ((counts.pixels as f64 - counts.sum_target) / counts.sum_target).min(BALANCED_WEIGHT_CAP)
    }
}

/// Mean weighted log loss; `w = 1` is plain BCE.
#[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
pub(crate) fn weighted<T: Pixel>(
    input: Binary<T>,
    counts: &SoftCounts,
    w: f64,
    mut grads: Grads<T>,
) -> Scalar {
    let inv_n = 1.0 / counts.pixels as f64;
    let pass = if counts.hard_target {
        grads.fused(input, rule::<T, true>(w, inv_n))
    } else {
        grads.fused(input, rule::<T, false>(w, inv_n))
    };
    Scalar::new(pass.sum * inv_n, pass)
}
