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

use super::cross_entropy::EPS;
use super::Scalar;
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::params::{FocalParams, FocalReduction};
use crate::pixel::Pixel;

/// Loss and `∂/∂p` of the positive (`y = 1`) and negative (`y = 0`) terms at `p`.
#[inline(always)]
fn terms(p: f64, alpha: f64, gamma: f64) -> ((f64, f64), (f64, f64)) {
    let q = p.clamp(EPS, 1.0 - EPS);
    let inside = (EPS..=1.0 - EPS).contains(&p);
    let (log_q, log_1q) = (q.ln(), (1.0 - q).ln());
    let (pow_1q, pow_q) = ((1.0 - q).powf(gamma), q.powf(gamma));
    let pos_loss = -alpha * pow_1q * log_q;
    let neg_loss = -(1.0 - alpha) * pow_q * log_1q;
    if !inside {
        return ((pos_loss, 0.0), (neg_loss, 0.0));
    }
    // γ·(1−q)^(γ−1) = γ·(1−q)^γ/(1−q); finite because q ≤ 1−ε. Zero when γ = 0.
    let pos_grad = alpha * (gamma * pow_1q / (1.0 - q) * log_q - pow_1q / q);
    let neg_grad = (1.0 - alpha) * (pow_q / (1.0 - q) - gamma * pow_q / q * log_1q);
    ((pos_loss, pos_grad), (neg_loss, neg_grad))
}

/// The reduction's divisor.
fn divisor(reduction: FocalReduction, counts: &SoftCounts) -> f64 {
    match reduction {
        FocalReduction::Sum => 1.0,
        FocalReduction::Mean => counts.pixels as f64,
        FocalReduction::PerPositive => counts.sum_target.max(1.0),
    }
}

/// Focal loss; writes `∂L/∂p` into `grad_prob`.
pub(crate) fn focal<T: Pixel>(
    params: &FocalParams,
    input: Binary<T>,
    counts: &SoftCounts,
    grad_prob: &mut [T],
) -> Scalar {
    let scale = 1.0 / divisor(params.reduction, counts);
    let mut sum = 0.0;
    for ((&y, &p), g) in input.target().iter().zip(input.prob()).zip(grad_prob.iter_mut()) {
        let y = y.to_f64();
        let ((pos_loss, pos_grad), (neg_loss, neg_grad)) =
            terms(p.to_f64(), params.alpha, params.gamma);
        let (loss, grad) = if y == 1.0 {
            (pos_loss, pos_grad)
        } else if y == 0.0 {
            (neg_loss, neg_grad)
        } else {
            (y * pos_loss + (1.0 - y) * neg_loss, y * pos_grad + (1.0 - y) * neg_grad)
        };
        sum += loss;
        *g = T::from_f64(grad * scale);
    }
    Scalar::of(sum * scale)
}
