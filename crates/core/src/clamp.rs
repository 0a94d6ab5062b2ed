//! Keras' clamp of a probability before a log, `p̂ = clamp(p, ε, 1 − ε)`: the bottom layer
//! the losses, the counts and the fused pass share (its own file, so none of them imports
//! another for it).

use crate::pixel::Pixel;

/// Keras' epsilon: probabilities are clamped to `[EPS, 1 − EPS]` before a log.
pub const EPS: f64 = 1e-7;

/// The clamp of `p` and whether `p` was inside it (where the log's gradient lives).
#[inline(always)]
pub(crate) fn clamp<T: Pixel>(p: T, lo: T, hi: T) -> (T, bool) {
    (p.max(lo).min(hi), p >= lo && p <= hi)
}

/// The clamp bounds in the pixel's precision.
#[inline(always)]
pub(crate) fn bounds<T: Pixel>() -> (T, T) {
    (T::from_f64(EPS), T::from_f64(1.0 - EPS))
}
