//! The cards' formulas of the compound and ranking losses (`losses-compound.md`).

use super::parts::{e, value_is, Formulas};
use crate::ui::learn::math::{frac, math};
use crate::ui::state::Row;
use losslab_core::{LossConfig, SoftCounts};

/// A card: the definition, the value with the scene's numbers, the gradient.
fn card(value: Vec<String>, gradient: Vec<String>, row: &Row, label: &str) -> Formulas {
    Formulas {
        value: math(&value, label),
        substituted: math(&[value_is(row.value)], label),
        gradient: math(&gradient, &format!("{label} gradient")),
        recomputed: None,
    }
}

/// The formulas of one of the added losses (other configs get an empty card).
pub(super) fn formulas(config: &LossConfig, _c: &SoftCounts, row: &Row) -> Formulas {
    let dice = || frac(&e("2Σy_i σ(z_i) + s_nr"), &e("S_y + Σσ(z_i) + s_dr"));
    match config {
        LossConfig::DiceCe(_) => card(
            vec![e("L = λ_d (1 − "), dice(), e(") + λ_ce · mean[ (1−y) z + (1 + (w⁺−1) y) softplus(−z) ]")],
            vec![e("∂L/∂z_i = −λ_d ∂D/∂σ_i σ_i(1−σ_i) + (λ_ce/N) [ (1 − y_i) − (1 + (w⁺−1) y_i) σ(−z_i) ]")],
            row,
            "Dice + CE",
        ),
        LossConfig::DiceFocal(_) => card(
            vec![e("L = λ_d (1 − "), dice(), e(") + λ_f · mean[ a_i f_i^γ b_i ],  f_i = σ(−t_i z_i)")],
            vec![e("∂ℓ_i/∂z_i = a_i [ −t_i γ f_i^γ (1 − f_i) b_i + f_i^γ (σ(z_i) − y_i) ]")],
            row,
            "Dice + focal",
        ),
        LossConfig::TopkCe(_) => card(
            vec![e("L = (1/K) Σ_{K hardest} softplus(−t_i z_i),  K = ⌊N k / 100⌋")],
            vec![e("∂L/∂z_i = (σ(z_i) − y_i)/K on the K hardest pixels, 0 elsewhere")],
            row,
            "top-k CE",
        ),
        LossConfig::LovaszHinge => card(
            vec![e("L = Σ_k max(e_π(k), 0) · g_k,  e_i = 1 − z_i t_i,  g_k = J_k − J_{k−1}")],
            vec![e("∂L/∂z_π(k) = −t_π(k) g_k where e_π(k) > 0, else 0")],
            row,
            "Lovász hinge",
        ),
        LossConfig::LogCoshDice(_) => card(
            vec![e("L = ln cosh(1 − D)")],
            vec![e("∂L/∂p_i = tanh(1 − D) · ∂(1 − D)/∂p_i")],
            row,
            "log-cosh Dice",
        ),
        LossConfig::Combo(_) => card(
            vec![e("L = r · mean[ −a y ln p̂ − b (1−y) ln(1−p̂) ] − (1 − r) D")],
            vec![e("∂L/∂p_i = (r/N) [ −a y_i/p̂_i + b (1−y_i)/(1−p̂_i) ] − (1 − r) ∂D/∂p_i")],
            row,
            "combo",
        ),
        LossConfig::UnifiedFocal(_) => card(
            vec![e("L = λ · ½[(1 − T₀) + (1 − T₁)^(1−γ)] + (1 − λ) · mean[(1−δ)(1−q₀)^γ(−y₀ ln q₀) + δ(−y₁ ln q₁)]")],
            vec![e("∂T_c/∂q_c,i = [y_c,i Den_c − (TP_c + ε)(1 − δ)] / Den_c²")],
            row,
            "unified focal",
        ),
        _ => card(vec![], vec![], row, ""),
    }
}
