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
    /// (region losses, and the losses of `losses-compound.md` from the parts they show);
    /// `None` for the per-pixel sums of the first ten (cross-entropy, focal,
    /// sensitivity–specificity).
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

/// A ratio with losses.md's 0/0 rule: `fallback` (1 for a score) when both are 0.
pub(super) fn ratio_or(num: f64, den: f64, fallback: f64) -> f64 {
    if num == 0.0 && den == 0.0 {
        fallback
    } else {
        num / den
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

/// The scene's pixels, for the cards whose numbers need more than the soft counts (a
/// per-pixel sum, the logits, an order of the pixels).
#[derive(Debug, Clone, Copy)]
pub struct Pixels<'a> {
    /// The target `y`, in reading order.
    pub target: &'a [f64],
    /// The prediction `p`, in reading order.
    pub prob: &'a [f64],
}

impl Pixels<'_> {
    /// The pixels as `(y_i, p_i)` pairs.
    pub fn pairs(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        self.target.iter().copied().zip(self.prob.iter().copied())
    }

    /// Their number `N`, as a float.
    pub fn count(&self) -> f64 {
        self.target.len() as f64
    }

    /// The image's rows and columns: the scene is square (`Scene::side`), so `√N × √N`; a
    /// count that is not a square is one row, as the core takes an input given no shape.
    pub fn plane(&self) -> (usize, usize) {
        let n = self.target.len();
        let side = n.isqrt();
        if side * side == n {
            (side, side)
        } else {
            (1, n)
        }
    }
}

/// Several `<math>` blocks, one after the other (short lines that do not overflow a card).
pub(super) fn blocks(lines: &[String]) -> String {
    lines.concat()
}

/// A card's gradient at one pixel, with the numbers substituted.
#[derive(Debug, Clone, PartialEq)]
pub struct PixelGradient {
    /// The MathML, a few short blocks: the pixel, its gradient with the numbers (for the
    /// probability losses `∂L/∂p_i`, then `∂L/∂z_i = ∂L/∂p_i · p_i(1 − p_i)`; for the
    /// logit-native ones `∂L/∂z_i` first, then `∂L/∂p_i = ∂L/∂z_i / (p̂_i(1 − p̂_i))`).
    pub markup: String,
    /// `∂L/∂p_i` as the substituted numbers give it.
    pub grad_prob: f64,
    /// `∂L/∂z_i` as the substituted numbers give it.
    pub grad_logit: f64,
}
