//! What every card's file uses: the [`Formulas`] of a card and the small builders of
//! MathML pieces. Its own file so that `formula.rs` (which picks the card) and the cards'
//! files both depend on it, and not on each other.

use crate::ui::learn::math::expr;

/// The three formulas of a card.
#[derive(Debug, Clone, PartialEq)]
pub struct Formulas {
    /// The definition, symbolic.
    pub value: String,
    /// The definition with the current numbers (and the value they give).
    pub substituted: String,
    /// The gradient, symbolic.
    pub gradient: String,
    /// The loss value recomputed from the substituted numbers, where the numbers determine it
    /// (region losses); `None` for per-pixel sums (cross-entropy, focal, sensitivity–specificity).
    pub recomputed: Option<f64>,
}

/// A symbolic piece (no numbers).
pub(super) fn e(src: &str) -> String {
    expr(src, &[])
}

/// A piece with numbers for its `#`s.
pub(super) fn n(src: &str, nums: &[f64]) -> String {
    expr(src, nums)
}

/// One minus a ratio, with losses.md's 0/0 rule (0 loss).
pub(super) fn one_minus(num: f64, den: f64) -> f64 {
    if num == 0.0 && den == 0.0 {
        0.0
    } else {
        1.0 - num / den
    }
}

/// `L = value`.
pub(super) fn value_is(v: f64) -> String {
    n("L = #", &[v])
}

/// One pixel of the scene a card evaluates its gradient at: its index, target and prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PixelAt {
    /// Its index in reading order.
    pub index: usize,
    /// Its target `y_i`.
    pub y: f64,
    /// Its prediction `p_i`.
    pub p: f64,
}

/// A card's gradient at one pixel, with the numbers substituted.
#[derive(Debug, Clone, PartialEq)]
pub struct PixelGradient {
    /// The MathML, three blocks: the pixel, `∂L/∂p_i` with the numbers, and
    /// `∂L/∂z_i = ∂L/∂p_i · p_i(1 − p_i)`.
    pub markup: String,
    /// `∂L/∂p_i` as the substituted numbers give it.
    pub grad_prob: f64,
    /// `∂L/∂z_i = ∂L/∂p_i · p_i(1 − p_i)`.
    pub grad_logit: f64,
}
