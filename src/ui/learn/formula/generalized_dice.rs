//! Generalized Dice's card formulas (two classes: background, object).

use super::parts::{e, n, one_minus, Formulas};
use crate::ui::learn::math::{frac, math};
use crate::ui::state::Row;
use losslab_core::{GeneralizedDiceParams, SoftCounts};

/// Generalized Dice, with the class weights of the board's row.
pub(super) fn generalized_dice(p: &GeneralizedDiceParams, c: &SoftCounts, row: &Row) -> Formulas {
    let big_n = c.pixels as f64;
    let (w0, w1) = match row.class_weights.as_slice() {
        [w0, w1] => (*w0, *w1),
        _ => (f64::NAN, f64::NAN),
    };
    let a = w0 * c.true_neg + w1 * c.true_pos;
    let b = w0 * (2.0 * big_n - c.sum_target - c.sum_prob) + w1 * (c.sum_target + c.sum_prob);
    let loss = one_minus(2.0 * a + p.smooth, b + p.smooth);
    Formulas {
        value: math(
            &[
                e("w_l = "),
                frac(&e("1"), &e("{(Σ_n r_{ln})}^2 + ε_w")),
                e(",  L = 1 − "),
                frac(
                    &e("2 Σ_l w_l Σ_n r_{ln} p_{ln} + s"),
                    &e("Σ_l w_l Σ_n (r_{ln} + p_{ln}) + s"),
                ),
            ],
            "generalized Dice",
        ),
        substituted: math(
            &[
                n("w_0 = #, w_1 = #,  L = 1 − ", &[w0, w1]),
                frac(
                    &n("2(# · # + # · #) + #", &[w0, c.true_neg, w1, c.true_pos, p.smooth]),
                    &n(
                        "# · # + # · # + #",
                        &[
                            w0,
                            2.0 * big_n - c.sum_target - c.sum_prob,
                            w1,
                            c.sum_target + c.sum_prob,
                            p.smooth,
                        ],
                    ),
                ),
                n(" = #", &[loss]),
            ],
            "generalized Dice",
        ),
        gradient: math(
            &[e("∂L/∂p_{ln} = −w_l"), frac(&e("2 r_{ln}(B + s) − (2A + s)"), &e("{(B + s)}^2"))],
            "gradient",
        ),
        recomputed: Some(loss),
    }
}
