//! Sensitivity–specificity's card formulas.

use super::parts::{e, n, Formulas};
use crate::ui::learn::math::{frac, math};
use crate::ui::state::Row;
use losslab_core::{sensitivity_specificity_weights, SensitivitySpecificityParams, SoftCounts};

/// Sensitivity–specificity, through its per-pixel weights.
pub(super) fn sensitivity_specificity(
    p: &SensitivitySpecificityParams,
    c: &SoftCounts,
    row: &Row,
) -> Formulas {
    let (wt, wb, _) = sensitivity_specificity_weights(p, c);
    Formulas {
        value: math(
            &[
                e("L = λ"),
                frac(&e("Σ_i {(y_i − p_i)}^2 y_i"), &e("S_y + s")),
                e(" + (1 − λ)"),
                frac(&e("Σ_i {(y_i − p_i)}^2 (1 − y_i)"), &e("N − S_y + s")),
            ],
            "sensitivity-specificity",
        ),
        substituted: math(
            &[
                e("w_obj = "),
                frac(&e("λ"), &e("S_y + s")),
                n(" = #,  w_bg = ", &[wt]),
                frac(&e("1 − λ"), &e("N − S_y + s")),
                n(
                    " = #,  w_obj / w_bg = #,  L = #",
                    &[wb, if wb > 0.0 { wt / wb } else { f64::NAN }, row.value],
                ),
            ],
            "sensitivity-specificity",
        ),
        gradient: math(&[e("∂L/∂p_i = −2(y_i − p_i)[y_i w_obj + (1 − y_i) w_bg]")], "gradient"),
        recomputed: None,
    }
}
