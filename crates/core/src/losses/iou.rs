//! Soft Jaccard (IoU) loss.
//!
//! ```text
//! U = Sy + Sp − I,  J = (I + ε_J) / (U + ε_J),  L = 1 − J               (ε_J = eps, 1e-6)
//! ∂L/∂p[i] = −[ y[i]·(U + ε_J) − (I + ε_J)·(1 − y[i]) ] / (U + ε_J)²
//! empty = complement (the article's): on an all-zero target compute on 1−y, 1−p instead,
//! so the gradient's sign flips. The article returns −J: same gradient, value shifted by 1.
//! ```

use super::Scalar;
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::params::{EmptyPolicy, IouParams};
use crate::pixel::Pixel;
use crate::ratio::ratio;

/// Soft Jaccard loss; writes `∂L/∂p` into `grad_prob`.
pub(crate) fn iou<T: Pixel>(
    params: &IouParams,
    input: Binary<T>,
    counts: &SoftCounts,
    grad_prob: &mut [T],
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
        grad_prob.fill(T::default());
        return Scalar { value: 0.0, zero_over_zero: true };
    };
    let den_sq = den * den;
    // d p'/d p = −1 on the complement.
    let sign = if complement { -1.0 } else { 1.0 };
    for (&y, g) in input.target().iter().zip(grad_prob.iter_mut()) {
        let y = y.to_f64();
        let y = if complement { 1.0 - y } else { y };
        let d_jaccard = (y * den - num * (1.0 - y)) / den_sq;
        *g = T::from_f64(-sign * d_jaccard);
    }
    Scalar::of(1.0 - jaccard)
}
