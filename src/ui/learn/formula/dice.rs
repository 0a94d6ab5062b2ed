//! Soft Dice's and BCE + Dice's card formulas.

use super::parts::{e, n, one_minus, Formulas, PixelAt, PixelGradient};
use crate::ui::learn::math::{frac, math, sup};
use crate::ui::state::Row;
use losslab_core::{BceDiceParams, SoftCounts};

/// Dice's `(2I + s, Sy + Sp + s)` parts for the (maybe squared) denominator.
fn dice_parts(c: &SoftCounts, smooth: f64, squared: bool) -> (f64, f64, f64, f64) {
    let (sy, sp) =
        if squared { (c.sum_target_sq, c.sum_prob_sq) } else { (c.sum_target, c.sum_prob) };
    (c.true_pos, sy, sp, smooth)
}

/// Soft Dice (V-Net's squared denominator when asked).
pub(super) fn dice(c: &SoftCounts, smooth: f64, squared: bool, _value: f64) -> Formulas {
    let (i, sy, sp, s) = dice_parts(c, smooth, squared);
    let den = sy + sp + s;
    let d = if 2.0 * i + s == 0.0 && den == 0.0 { 1.0 } else { (2.0 * i + s) / den };
    let loss = one_minus(2.0 * i + s, den);
    let sums = if squared { "Σy^2 + Σp^2 + s" } else { "S_y + S_p + s" };
    Formulas {
        value: math(&[e("D = "), frac(&e("2I + s"), &e(sums)), e(",  L = 1 − D")], "Dice"),
        substituted: math(
            &[
                e("D = "),
                frac(&n("2 · # + #", &[i, s]), &n("# + # + #", &[sy, sp, s])),
                n(" = #,  L = #", &[d, loss]),
            ],
            "Dice",
        ),
        gradient: math(
            &[
                e("∂L/∂p_i = −"),
                frac(
                    // The denominator's derivative: 1, or 2p_i when it sums squares.
                    &e(&format!("2y_i({sums}) − (2I + s){}", if squared { " · 2p_i" } else { "" })),
                    &sup(&e(&format!("({sums})")), &e("2")),
                ),
            ],
            "Dice gradient",
        ),
        recomputed: Some(loss),
    }
}

/// Soft Dice's gradient at one pixel, the numbers substituted: `∂L/∂p_i = −[2y_i·Den −
/// (2I + s)·Den'] / Den²` with `Den' = 2p_i` when squared (1 otherwise), and the chain rule's
/// `∂L/∂z_i = ∂L/∂p_i · p_i(1 − p_i)`. 0/0 (s = 0, nothing predicted or present) is 0.
pub(super) fn dice_at(c: &SoftCounts, smooth: f64, squared: bool, at: PixelAt) -> PixelGradient {
    let (i, sy, sp, s) = dice_parts(c, smooth, squared);
    let den = sy + sp + s;
    let num = 2.0 * i + s;
    let slope = if squared { 2.0 * at.p } else { 1.0 };
    let grad_prob = if num == 0.0 && den == 0.0 {
        0.0
    } else {
        -(2.0 * at.y * den - num * slope) / (den * den)
    };
    let sigmoid_slope = at.p * (1.0 - at.p);
    let grad_logit = grad_prob * sigmoid_slope;
    let numerator = if squared {
        n("2 · # · # − # · 2 · #", &[at.y, den, num, at.p])
    } else {
        n("2 · # · # − #", &[at.y, den, num])
    };
    // Three short lines (one wide line would overflow the card and scroll).
    let lines = [
        math(&[n("i = #:  y_i = #,  p_i = #", &[at.index as f64, at.y, at.p])], "pixel"),
        math(
            &[
                e("∂L/∂p_i = −"),
                frac(&numerator, &sup(&n("#", &[den]), &e("2"))),
                n(" = #", &[grad_prob]),
            ],
            "Dice gradient at one pixel",
        ),
        math(
            &[n(
                "∂L/∂z_i = ∂L/∂p_i · p_i(1 − p_i) = # · # = #",
                &[grad_prob, sigmoid_slope, grad_logit],
            )],
            "Dice logit gradient at one pixel",
        ),
    ];
    PixelGradient { markup: lines.concat(), grad_prob, grad_logit }
}

/// BCE + Dice, from the row's two parts.
pub(super) fn bce_dice(p: &BceDiceParams, row: &Row) -> Formulas {
    let (bce, dl) = row.parts.map_or((f64::NAN, f64::NAN), |x| (x.bce, x.dice_loss));
    let loss = p.w_bce * bce + p.w_dice * dl;
    Formulas {
        value: math(&[e("L = w_{bce} · BCE + w_{dice} · (1 − D)")], "BCE + Dice"),
        substituted: math(
            &[n("L = # · # + # · # = #", &[p.w_bce, bce, p.w_dice, dl, loss])],
            "BCE + Dice",
        ),
        gradient: math(&[e("∂L/∂z_i = w_{bce} ∂BCE/∂z_i + w_{dice} ∂(1 − D)/∂z_i")], "gradient"),
        recomputed: Some(loss),
    }
}
