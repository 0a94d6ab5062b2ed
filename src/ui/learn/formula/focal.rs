//! Focal loss' card formulas.

use super::parts::{e, n, value_is, Formulas};
use crate::ui::learn::math::{frac, math};
use crate::ui::state::Row;
use losslab_core::{FocalParams, FocalReduction, SoftCounts};

/// Focal loss (`R` is the reduction's divisor).
pub(super) fn focal(p: &FocalParams, c: &SoftCounts, row: &Row) -> Formulas {
    let big_n = c.pixels as f64;
    let r = match p.reduction {
        FocalReduction::Mean => big_n,
        FocalReduction::Sum => 1.0,
        FocalReduction::PerPositive => c.sum_target.max(1.0),
    };
    Formulas {
        value: math(
            &[e("ℓ_i = −α y_i {(1 − p̂_i)}^γ log p̂_i − (1 − α)(1 − y_i) p̂_i^γ log(1 − p̂_i),  L = "), frac(&e("Σ_i ℓ_i"), &e("R"))],
            "focal",
        ),
        substituted: math(&[n("α = #, γ = #, R = #, ", &[p.alpha, p.gamma, r]), value_is(row.value)], "focal"),
        gradient: math(
            &[e("y_i = 1: ∂ℓ/∂p = α[γ{(1 − p̂)}^{γ−1} log p̂ − "), frac(&e("{(1 − p̂)}^γ"), &e("p̂")), e("]")],
            "focal gradient",
        ),
        recomputed: None,
    }
}
