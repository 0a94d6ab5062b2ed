//! Binary cross-entropy and weighted cross-entropy.
//!
//! ```text
//! bce:  L = −(1/N) Σ [ y·log p̂ + (1−y)·log(1−p̂) ]          p̂ = clamp(p, ε, 1−ε), ε = 1e-7
//!       ∂L/∂p = (1/N) [ (1−y)/(1−p̂) − y/p̂ ]  inside [ε, 1−ε], 0 outside (Keras' clip)
//! wce:  L = −(1/N) Σ [ w⁺·y·log p̂ + (1−y)·log(1−p̂) ]
//!       ∂L/∂p = (1/N) [ (1−y)/(1−p̂) − w⁺·y/p̂ ]
//!       w⁺ = "balanced": (N − Sy)/Sy capped at 1e4, 1 when Sy = 0
//! ```
//! Equals PyTorch's `BCEWithLogitsLoss(pos_weight=w⁺)` away from the clamp.

use super::Scalar;
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::params::PosWeight;
use crate::pixel::Pixel;

/// Keras' epsilon: probabilities are clamped to `[EPS, 1 − EPS]` before a log.
pub const EPS: f64 = 1e-7;

/// Largest balanced positive weight.
pub const BALANCED_WEIGHT_CAP: f64 = 1e4;

/// The weighted log-loss term of one pixel and its derivative in `p`:
/// `−[w·y·log p̂ + (1−y)·log(1−p̂)]`. One log for a hard target, two for a soft one.
#[inline(always)]
pub(crate) fn pixel_term(y: f64, p: f64, w: f64) -> (f64, f64) {
    let q = p.clamp(EPS, 1.0 - EPS);
    let inside = (EPS..=1.0 - EPS).contains(&p);
    let (loss, grad) = if y == 1.0 {
        (-w * q.ln(), -w / q)
    } else if y == 0.0 {
        (-(1.0 - q).ln(), 1.0 / (1.0 - q))
    } else {
        (-(w * y * q.ln() + (1.0 - y) * (1.0 - q).ln()), (1.0 - y) / (1.0 - q) - w * y / q)
    };
    (loss, if inside { grad } else { 0.0 })
}

/// The weight `w⁺` that `pos_weight` stands for on this image.
pub(crate) fn resolve_pos_weight(weight: PosWeight, counts: &SoftCounts) -> f64 {
    match weight {
        PosWeight::Fixed(w) => w,
        PosWeight::Balanced if counts.sum_target == 0.0 => 1.0,
        PosWeight::Balanced => ((counts.pixels as f64 - counts.sum_target) / counts.sum_target)
            .min(BALANCED_WEIGHT_CAP),
    }
}

/// Mean weighted log loss; `w = 1` is plain BCE. Writes `∂L/∂p` into `grad_prob`.
pub(crate) fn weighted<T: Pixel>(input: Binary<T>, w: f64, grad_prob: &mut [T]) -> Scalar {
    let inv_n = 1.0 / input.len() as f64;
    let mut sum = 0.0;
    for ((&y, &p), g) in input.target().iter().zip(input.prob()).zip(grad_prob.iter_mut()) {
        let (loss, grad) = pixel_term(y.to_f64(), p.to_f64(), w);
        sum += loss;
        *g = T::from_f64(grad * inv_n);
    }
    Scalar::of(sum * inv_n)
}
