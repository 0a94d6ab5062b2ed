//! Soft Jaccard's card formulas.

use super::parts::{e, n, one_minus, Formulas};
use crate::ui::learn::math::{frac, math};
use crate::ui::state::Row;
use losslab_core::{EmptyPolicy, IouParams, SoftCounts};

/// Soft Jaccard (on `1 − y`, `1 − p` for an empty target under `complement`).
pub(super) fn iou(p: &IouParams, c: &SoftCounts, _row: &Row) -> Formulas {
    let big_n = c.pixels as f64;
    let complement = p.empty == EmptyPolicy::Complement && c.sum_target == 0.0;
    let (i, sy, sp) = if complement {
        (c.true_neg, big_n - c.sum_target, big_n - c.sum_prob)
    } else {
        (c.true_pos, c.sum_target, c.sum_prob)
    };
    let u = sy + sp - i;
    let j = if i + p.eps == 0.0 && u + p.eps == 0.0 { 1.0 } else { (i + p.eps) / (u + p.eps) };
    let loss = one_minus(i + p.eps, u + p.eps);
    Formulas {
        value: math(
            &[e("U = S_y + S_p − I,  J = "), frac(&e("I + ε"), &e("U + ε")), e(",  L = 1 − J")],
            "IoU",
        ),
        substituted: math(
            &[
                n("U = # + # − # = #,  J = ", &[sy, sp, i, u]),
                frac(&n("# + #", &[i, p.eps]), &n("# + #", &[u, p.eps])),
                n(" = #,  L = #", &[j, loss]),
            ],
            "IoU",
        ),
        gradient: math(
            &[
                e("∂J/∂p_i = "),
                frac(&e("y_i(U + ε) − (I + ε)(1 − y_i)"), &e("{(U + ε)}^2")),
                e(",  ∂L = −∂J"),
            ],
            "IoU gradient",
        ),
        recomputed: Some(loss),
    }
}
