//! What the cards of the logit-native losses (`dice_ce`, `dice_focal`, `topk_ce`,
//! `lovasz_hinge`) share: the logit of a clamped probability, stable sigmoids and softpluses,
//! the way back from `∂L/∂z` to `∂L/∂p`, and the Dice part on `σ(z)` (MONAI's
//! `DiceLoss(sigmoid=True)`). Written from `losses-compound.md`, not from the core's kernels,
//! so that the cards' numbers are a second computation the tests compare with the core's.

use super::parts::{ratio_or, Pixels};
use losslab_core::{sigmoid, EPS};

/// `p̂ = clamp(p, ε, 1 − ε)`, and whether `p` was inside `[ε, 1 − ε]` (ends included).
pub(super) fn clamped(p: f64) -> (f64, bool) {
    (p.clamp(EPS, 1.0 - EPS), (EPS..=1.0 - EPS).contains(&p))
}

/// The logit the library sees for probability `p`: `z = ln p̂ − ln(1 − p̂)`.
pub(super) fn logit(p: f64) -> f64 {
    let (q, _) = clamped(p);
    q.ln() - (-q).ln_1p()
}

/// `σ(z)`.
pub(super) fn sig(z: f64) -> f64 {
    sigmoid(z)
}

/// `softplus(x) = ln(1 + eˣ)`, without overflow.
pub(super) fn softplus(x: f64) -> f64 {
    x.max(0.0) + (-x.abs()).exp().ln_1p()
}

/// `∂L/∂p` of a probability input from `∂L/∂z`: divided by `p̂(1 − p̂)` inside the clamp, 0
/// outside (what autograd gives through the clamp).
pub(super) fn grad_prob_of(grad_logit: f64, p: f64) -> f64 {
    match clamped(p) {
        (q, true) => grad_logit / (q * (1.0 - q)),
        _ => 0.0,
    }
}

/// The sums of the Dice part on `σ(z)`: `I = Σ y·σ(z)`, `Σy`, `Σσ(z)`.
#[derive(Debug, Clone, Copy)]
pub(super) struct SigmoidDice {
    /// `I = Σ_i y_i σ(z_i)`.
    pub intersection: f64,
    /// `S_y = Σ_i y_i`.
    pub sum_target: f64,
    /// `Σ_i σ(z_i)`.
    pub sum_sigmoid: f64,
}

impl SigmoidDice {
    /// The sums over the scene's pixels (each `p` turned into `z`, then `σ(z)`).
    pub fn new(px: Pixels) -> SigmoidDice {
        let (mut i, mut sy, mut ss) = (0.0, 0.0, 0.0);
        for (y, p) in px.pairs() {
            let s = sig(logit(p));
            i += y * s;
            sy += y;
            ss += s;
        }
        SigmoidDice { intersection: i, sum_target: sy, sum_sigmoid: ss }
    }

    /// `(2I + s_nr, S_y + Σσ + s_dr)`: Dice's numerator and denominator.
    pub fn parts(&self, smooth_nr: f64, smooth_dr: f64) -> (f64, f64) {
        (2.0 * self.intersection + smooth_nr, self.sum_target + self.sum_sigmoid + smooth_dr)
    }

    /// `D`, with the 0/0 rule (`D = 1`).
    pub fn score(&self, smooth_nr: f64, smooth_dr: f64) -> f64 {
        let (num, den) = self.parts(smooth_nr, smooth_dr);
        ratio_or(num, den, 1.0)
    }

    /// `∂(1 − D)/∂σ_i = −[2y_i·Den − (2I + s_nr)] / Den²` (0 under the 0/0 rule).
    pub fn grad(&self, y: f64, smooth_nr: f64, smooth_dr: f64) -> f64 {
        let (num, den) = self.parts(smooth_nr, smooth_dr);
        if num == 0.0 && den == 0.0 {
            0.0
        } else {
            -(2.0 * y * den - num) / (den * den)
        }
    }
}
