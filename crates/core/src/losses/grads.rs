//! What every loss kernel writes into and returns: the gradient buffers (`Grads`) with the
//! fused pass bound to them, and the scalar result (`Scalar`). Its own file so that the loss
//! files and `eval.rs` share it without importing their parent module's body.

use crate::input::Binary;
use crate::kernel::{self, Pass};
use crate::pixel::Pixel;
use crate::summary::GradientSummary;

/// The output buffers of one evaluation, `∂L/∂p` and `∂L/∂z`.
pub(crate) struct Grads<'a, T> {
    pub prob: &'a mut [T],
    pub logit: &'a mut [T],
}

impl<T: Pixel> Grads<'_, T> {
    /// The fused pass with the per-pixel rule `f(y, p) -> (loss term, ∂L/∂p)`.
    #[inline(always)]
    pub(crate) fn fused(&mut self, input: Binary<T>, f: impl Fn(T, T) -> (T, T)) -> Pass {
        kernel::fused(input.target(), input.prob(), self.prob, self.logit, f)
    }

    /// The fused pass of a logit-native loss on probabilities: `f(y, p̂) -> (loss term,
    /// ∂L/∂p̂)` at the clamped `p̂` (see [`kernel::fused_clamped`]).
    #[inline(always)]
    pub(crate) fn fused_clamped(&mut self, input: Binary<T>, f: impl Fn(T, T) -> (T, T)) -> Pass {
        kernel::fused_clamped(input.target(), input.prob(), self.prob, self.logit, f)
    }

    /// The fused pass with an affine gradient `a·y + b·p + c` and no loss term.
    #[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
    pub(crate) fn affine(&mut self, input: Binary<T>, coefficients: (f64, f64, f64)) -> Pass {
        kernel::affine(input.target(), input.prob(), self.prob, self.logit, coefficients)
    }

    /// The 0/0 rule: 0 loss, zero gradients, flagged.
    pub(crate) fn zero_over_zero(&mut self) -> Scalar {
        kernel::zero(self.prob, self.logit);
        Scalar { value: 0.0, zero_over_zero: true, summary: GradientSummary::default() }
    }
}

/// A kernel's result.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Scalar {
    /// The loss value.
    pub value: f64,
    /// Whether a 0/0 ratio was met and defined as 0 loss (see `losses.md`).
    pub zero_over_zero: bool,
    /// Where the gradient falls.
    pub summary: GradientSummary,
}

impl Scalar {
    pub(crate) fn new(value: f64, pass: Pass) -> Scalar {
        Scalar { value, zero_over_zero: false, summary: pass.summary }
    }
}
