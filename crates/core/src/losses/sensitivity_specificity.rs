//! Sensitivity–specificity loss (Brosch et al. 2015).
//!
//! ```text
//! L = λ · Σ (y−p)²·y / (Sy + s)  +  (1−λ) · Σ (y−p)²·(1−y) / (N − Sy + s)
//! ∂L/∂p[i] = −2(y[i]−p[i]) · [ λ·y[i]/(Sy + s) + (1−λ)·(1−y[i])/(N − Sy + s) ]
//! ```
//! λ = 0.05 (the article's, NiftyNet's r), s = 1e-5. A target pixel weighs λ/(Sy+s), a
//! background pixel (1−λ)/(N−Sy+s): their ratio is the point of the loss. The article has no
//! smoothing; with s = 0 an empty or all-one target meets 0/0, defined as 0 for that term.

use super::{Grads, Scalar};
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::kernel::saturate;
use crate::params::SensitivitySpecificityParams;
use crate::pixel::Pixel;

/// The per-pixel weights `(target, background)` and whether either term met 0/0.
pub fn pixel_weights(
    params: &SensitivitySpecificityParams,
    counts: &SoftCounts,
) -> (f64, f64, bool) {
    let target_den = counts.sum_target + params.smooth;
    let background_den = counts.pixels as f64 - counts.sum_target + params.smooth;
    // A zero denominator means every numerator term of that sum is 0 too: the 0/0 rule.
    // A subnormal denominator would overflow: saturate (see `kernel::saturate`).
    let weight = |w: f64, den: f64| if den == 0.0 { 0.0 } else { (w / den).min(f64::MAX / 4.0) };
    (
        weight(params.lambda, target_den),
        weight(1.0 - params.lambda, background_den),
        target_den == 0.0 || background_den == 0.0,
    )
}

/// Sensitivity–specificity loss.
#[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
pub(crate) fn sensitivity_specificity<T: Pixel>(
    params: &SensitivitySpecificityParams,
    input: Binary<T>,
    counts: &SoftCounts,
    mut grads: Grads<T>,
) -> Scalar {
    let (w_target, w_background, zero_over_zero) = pixel_weights(params, counts);
    let (wt, wb): (T, T) = (saturate(w_target), saturate(w_background));
    let two = T::from_f64(2.0);
    let pass = grads.fused(input, |y, p| {
        // Not wb + (wt − wb)·y: the weights can differ by orders of magnitude.
        let w = wt * y + wb * (T::ONE - y);
        let err = y - p;
        (w * err * err, -(two * err * w))
    });
    Scalar { value: pass.sum, zero_over_zero, summary: pass.summary }
}
