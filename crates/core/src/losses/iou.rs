//! Soft Jaccard (IoU) loss.
//!
//! ```text
//! U = Sy + Sp − I,  J = (I + ε_J) / (U + ε_J),  L = 1 − J               (ε_J = eps, 1e-6)
//! ∂L/∂p[i] = −[ y[i]·(U + ε_J) − (I + ε_J)·(1 − y[i]) ] / (U + ε_J)²
//! empty = complement (the article's): on an all-zero target compute on 1−y, 1−p instead,
//! so the gradient's sign flips. The article returns −J: same gradient, value shifted by 1.
//! ```

use super::{Grads, Scalar};
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::params::{EmptyPolicy, IouParams};
use crate::pixel::Pixel;
use crate::ratio::ratio;

/// Soft Jaccard loss.
#[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
pub(crate) fn iou<T: Pixel>(
    params: &IouParams,
    input: Binary<T>,
    counts: &SoftCounts,
    mut grads: Grads<T>,
) -> Scalar {
    let complement = params.empty == EmptyPolicy::Complement && counts.sum_target == 0.0;
    // On the complement, y' = 1 − y and p' = 1 − p: I' = TN, Sy' = N − Sy, Sp' = N − Sp.
    let (inter, sum_target, sum_prob) = if complement {
        let n = counts.pixels as f64;
        (counts.true_neg, n - counts.sum_target, n - counts.sum_prob)
    } else {
        (counts.true_pos, counts.sum_target, counts.sum_prob)
    };
    let num = inter + params.eps;
    let den = sum_target + sum_prob - inter + params.eps;
    let Some(jaccard) = ratio(num, den) else {
        return grads.zero_over_zero();
    };
    // ∂J/∂p' = [y'·den − num·(1 − y')]/den² = y'·(1 + J)/den − J/den.
    let (a, c) = ((1.0 + jaccard) / den, -jaccard / den);
    // L = 1 − J, so ∂L/∂p = −(a·y + c); on the complement y' = 1 − y and dp'/dp = −1, so
    // ∂L/∂p = +(a·(1 − y) + c) = −a·y + (a + c).
    let coefficients = if complement { (-a, 0.0, a + c) } else { (-a, 0.0, -c) };
    Scalar::new(1.0 - jaccard, grads.affine(input, coefficients))
}
