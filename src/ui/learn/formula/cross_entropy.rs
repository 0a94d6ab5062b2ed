//! Cross-entropy's and weighted cross-entropy's card formulas.

use super::parts::{e, n, value_is, Formulas};
use crate::ui::learn::math::{frac, math};
use crate::ui::state::Row;
use losslab_core::{PosWeight, SoftCounts, WceParams};

/// Binary cross-entropy.
pub(super) fn bce(c: &SoftCounts, row: &Row) -> Formulas {
    let big_n = c.pixels as f64;
    Formulas {
        value: math(
            &[e("L = −"), frac(&e("1"), &e("N")), e("Σ_i [y_i log p̂_i + (1 − y_i) log(1 − p̂_i)]")],
            "BCE",
        ),
        substituted: math(&[n("N = #, ", &[big_n]), value_is(row.value)], "BCE"),
        gradient: math(&[e("∂L/∂z_i = "), frac(&e("p_i − y_i"), &e("N"))], "BCE gradient"),
        recomputed: None,
    }
}

/// Weighted cross-entropy (the balanced weight as the core computes it).
pub(super) fn wce(p: &WceParams, c: &SoftCounts, row: &Row) -> Formulas {
    let big_n = c.pixels as f64;
    let w = match p.pos_weight {
        PosWeight::Fixed(w) => w,
        PosWeight::Balanced => losslab_core::balanced_weight(c),
    };
    Formulas {
        value: math(
            &[
                e("L = −"),
                frac(&e("1"), &e("N")),
                e("Σ_i [w^+ y_i log p̂_i + (1 − y_i) log(1 − p̂_i)]"),
            ],
            "WCE",
        ),
        substituted: math(&[n("w^+ = #, N = #, ", &[w, big_n]), value_is(row.value)], "WCE"),
        gradient: math(
            &[e("∂L/∂z_i = "), frac(&e("w^+ y_i (p_i − 1) + (1 − y_i) p_i"), &e("N"))],
            "WCE gradient",
        ),
        recomputed: None,
    }
}
