//! One file per loss (or family). Each kernel writes `∂L/∂p` into a caller's buffer and
//! returns the value; the logit gradient and the summary are derived once, in `crate::eval`.

pub(crate) mod cross_entropy;
pub(crate) mod dice;
pub(crate) mod focal;
pub(crate) mod generalized_dice;
pub(crate) mod iou;
pub(crate) mod sensitivity_specificity;
pub(crate) mod tversky;

/// A kernel's scalar result.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Scalar {
    /// The loss value.
    pub value: f64,
    /// Whether a 0/0 ratio was met and defined as 0 loss (see `losses.md`).
    pub zero_over_zero: bool,
}

impl Scalar {
    pub(crate) fn of(value: f64) -> Scalar {
        Scalar { value, zero_over_zero: false }
    }
}
