//! Sensitivity–specificity loss (Brosch et al. 2015).
//!
//! ```text
//! L = λ · Σ (y−p)²·y / (Sy + s)  +  (1−λ) · Σ (y−p)²·(1−y) / (N − Sy + s)
//! ∂L/∂p[i] = −2(y[i]−p[i]) · [ λ·y[i]/(Sy + s) + (1−λ)·(1−y[i])/(N − Sy + s) ]
//! ```
//! λ = 0.05 (the article's, NiftyNet's r), s = 1e-5. A target pixel weighs λ/(Sy+s), a
//! background pixel (1−λ)/(N−Sy+s): their ratio is the point of the loss. The article has no
//! smoothing; with s = 0 an empty or all-one target meets 0/0, defined as 0 for that term.

use super::Scalar;
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::params::SensitivitySpecificityParams;
use crate::pixel::Pixel;

/// The per-pixel weights `(target, background)` and whether either denominator was 0.
pub fn pixel_weights(
    params: &SensitivitySpecificityParams,
    counts: &SoftCounts,
) -> (f64, f64, bool) {
    let target_den = counts.sum_target + params.smooth;
    let background_den = counts.pixels as f64 - counts.sum_target + params.smooth;
    // A zero denominator means every numerator term of that sum is 0 too: the 0/0 rule.
    let weight = |w: f64, den: f64| if den == 0.0 { 0.0 } else { w / den };
    (
        weight(params.lambda, target_den),
        weight(1.0 - params.lambda, background_den),
        target_den == 0.0 || background_den == 0.0,
    )
}

/// Sensitivity–specificity loss; writes `∂L/∂p` into `grad_prob`.
pub(crate) fn sensitivity_specificity<T: Pixel>(
    params: &SensitivitySpecificityParams,
    input: Binary<T>,
    counts: &SoftCounts,
    grad_prob: &mut [T],
) -> Scalar {
    let (w_target, w_background, zero_over_zero) = pixel_weights(params, counts);
    let mut value = 0.0;
    for ((&y, &p), g) in input.target().iter().zip(input.prob()).zip(grad_prob.iter_mut()) {
        let (y, p) = (y.to_f64(), p.to_f64());
        let w = w_target * y + w_background * (1.0 - y);
        let err = y - p;
        value += w * err * err;
        *g = T::from_f64(-2.0 * err * w);
    }
    Scalar { value, zero_over_zero }
}
