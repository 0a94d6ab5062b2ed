//! The one place the 0/0 rule of `losses.md` lives.

/// `num / den` for a ratio of non-negative sums, or `None` when both are exactly 0: the spec
/// defines that term as 0 loss with zero gradient, and the evaluation flags it.
#[inline]
pub(crate) fn ratio(num: f64, den: f64) -> Option<f64> {
    if num == 0.0 && den == 0.0 {
        None
    } else {
        Some(num / den)
    }
}
