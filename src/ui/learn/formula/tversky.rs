//! Tversky's and focal Tversky's card formulas.

use super::parts::{e, n, Formulas};
use crate::ui::learn::math::{frac, math};
use losslab_core::SoftCounts;

/// Tversky, and focal Tversky with `gamma`.
pub(super) fn tversky(
    c: &SoftCounts,
    alpha: f64,
    beta: f64,
    s: f64,
    gamma: Option<f64>,
) -> Formulas {
    let den = c.true_pos + alpha * c.false_neg + beta * c.false_pos + s;
    let t = if c.true_pos + s == 0.0 && den == 0.0 { 1.0 } else { (c.true_pos + s) / den };
    let base = 1.0 - t;
    let (loss, tail, def) = match gamma {
        None => (base, n(" = #,  L = #", &[t, base]), e(",  L = 1 − T")),
        Some(g) => {
            let l = base.max(0.0).powf(g);
            (l, n(" = #,  L = {(1 − #)}^{#} = #", &[t, t, g, l]), e(",  L = {(1 − T)}^γ"))
        }
    };
    let grad = match gamma {
        None => e(""),
        Some(_) => e(",  ∂L/∂p = −γ{(1 − T)}^{γ−1} ∂T/∂p"),
    };
    Formulas {
        value: math(&[e("T = "), frac(&e("TP + s"), &e("TP + α FN + β FP + s")), def], "Tversky"),
        substituted: math(
            &[
                e("T = "),
                frac(
                    &n("# + #", &[c.true_pos, s]),
                    &n(
                        "# + # · # + # · # + #",
                        &[c.true_pos, alpha, c.false_neg, beta, c.false_pos, s],
                    ),
                ),
                tail,
            ],
            "Tversky",
        ),
        gradient: math(
            &[
                e("∂T/∂p_i = "),
                frac(&e("y_i Den − (TP + s)((1 − α) y_i + β(1 − y_i))"), &e("Den^2")),
                grad,
            ],
            "Tversky gradient",
        ),
        recomputed: Some(loss),
    }
}
