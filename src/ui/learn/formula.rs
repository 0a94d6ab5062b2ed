//! Each loss's formulas as MathML: the definition, the same with the current scene's numbers
//! substituted, and the gradient. Pure: the numbers come from the board (the scene's
//! [`SoftCounts`] and the loss's row), the result is markup plus the loss value recomputed
//! from the substituted numbers, which the tests hold equal to the core's.

use super::math::{expr, frac, math, sup};
use crate::ui::state::Row;
use losslab_core::{
    sensitivity_specificity_weights, EmptyPolicy, FocalReduction, LossConfig, PosWeight, SoftCounts,
};

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
    /// (region losses); `None` for per-pixel sums (cross-entropy, focal, sensitivity–specificity).
    pub recomputed: Option<f64>,
}

fn e(src: &str) -> String {
    expr(src, &[])
}

fn n(src: &str, nums: &[f64]) -> String {
    expr(src, nums)
}

/// Dice's `(2I + s, Sy + Sp + s)` parts for the (maybe squared) denominator.
fn dice_parts(c: &SoftCounts, smooth: f64, squared: bool) -> (f64, f64, f64, f64) {
    let (sy, sp) =
        if squared { (c.sum_target_sq, c.sum_prob_sq) } else { (c.sum_target, c.sum_prob) };
    (c.true_pos, sy, sp, smooth)
}

/// One minus a ratio, with losses.md's 0/0 rule (0 loss).
fn one_minus(num: f64, den: f64) -> f64 {
    if num == 0.0 && den == 0.0 {
        0.0
    } else {
        1.0 - num / den
    }
}

/// The formulas of `config` for the scene's `counts` and the loss's board `row`.
pub fn formulas(config: &LossConfig, counts: &SoftCounts, row: &Row) -> Formulas {
    let c = counts;
    let big_n = c.pixels as f64;
    let value_is = |v: f64| n("L = #", &[v]);
    match config {
        LossConfig::Bce => Formulas {
            value: math(
                &[
                    e("L = −"),
                    frac(&e("1"), &e("N")),
                    e("Σ_i [y_i log p̂_i + (1 − y_i) log(1 − p̂_i)]"),
                ],
                "BCE",
            ),
            substituted: math(&[n("N = #, ", &[big_n]), value_is(row.value)], "BCE"),
            gradient: math(&[e("∂L/∂z_i = "), frac(&e("p_i − y_i"), &e("N"))], "BCE gradient"),
            recomputed: None,
        },
        LossConfig::Wce(p) => {
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
                substituted: math(
                    &[n("w^+ = #, N = #, ", &[w, big_n]), value_is(row.value)],
                    "WCE",
                ),
                gradient: math(
                    &[e("∂L/∂z_i = "), frac(&e("w^+ y_i (p_i − 1) + (1 − y_i) p_i"), &e("N"))],
                    "WCE gradient",
                ),
                recomputed: None,
            }
        }
        LossConfig::Focal(p) => {
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
        LossConfig::Dice(p) => dice(c, p.smooth, p.squared, row.value),
        LossConfig::Iou(p) => {
            let complement = p.empty == EmptyPolicy::Complement && c.sum_target == 0.0;
            let (i, sy, sp) = if complement {
                (c.true_neg, big_n - c.sum_target, big_n - c.sum_prob)
            } else {
                (c.true_pos, c.sum_target, c.sum_prob)
            };
            let u = sy + sp - i;
            let j =
                if i + p.eps == 0.0 && u + p.eps == 0.0 { 1.0 } else { (i + p.eps) / (u + p.eps) };
            let loss = one_minus(i + p.eps, u + p.eps);
            Formulas {
                value: math(
                    &[
                        e("U = S_y + S_p − I,  J = "),
                        frac(&e("I + ε"), &e("U + ε")),
                        e(",  L = 1 − J"),
                    ],
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
        LossConfig::Tversky(t) => tversky(c, t.alpha, t.beta, t.smooth, None),
        LossConfig::FocalTversky(f) => {
            tversky(c, f.tversky.alpha, f.tversky.beta, f.tversky.smooth, Some(f.gamma))
        }
        LossConfig::SensitivitySpecificity(p) => {
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
                gradient: math(
                    &[e("∂L/∂p_i = −2(y_i − p_i)[y_i w_obj + (1 − y_i) w_bg]")],
                    "gradient",
                ),
                recomputed: None,
            }
        }
        LossConfig::GeneralizedDice(p) => {
            let (w0, w1) = match row.class_weights.as_slice() {
                [w0, w1] => (*w0, *w1),
                _ => (f64::NAN, f64::NAN),
            };
            let a = w0 * c.true_neg + w1 * c.true_pos;
            let b =
                w0 * (2.0 * big_n - c.sum_target - c.sum_prob) + w1 * (c.sum_target + c.sum_prob);
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
                    &[
                        e("∂L/∂p_{ln} = −w_l"),
                        frac(&e("2 r_{ln}(B + s) − (2A + s)"), &e("{(B + s)}^2")),
                    ],
                    "gradient",
                ),
                recomputed: Some(loss),
            }
        }
        LossConfig::BceDice(p) => {
            let (bce, dl) = row.parts.map_or((f64::NAN, f64::NAN), |x| (x.bce, x.dice_loss));
            let loss = p.w_bce * bce + p.w_dice * dl;
            Formulas {
                value: math(&[e("L = w_{bce} · BCE + w_{dice} · (1 − D)")], "BCE + Dice"),
                substituted: math(
                    &[n("L = # · # + # · # = #", &[p.w_bce, bce, p.w_dice, dl, loss])],
                    "BCE + Dice",
                ),
                gradient: math(
                    &[e("∂L/∂z_i = w_{bce} ∂BCE/∂z_i + w_{dice} ∂(1 − D)/∂z_i")],
                    "gradient",
                ),
                recomputed: Some(loss),
            }
        }
    }
}

fn dice(c: &SoftCounts, smooth: f64, squared: bool, _value: f64) -> Formulas {
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
                    &e(&format!("2y_i({sums}) − (2I + s)")),
                    &sup(&e(&format!("({sums})")), &e("2")),
                ),
            ],
            "Dice gradient",
        ),
        recomputed: Some(loss),
    }
}

fn tversky(c: &SoftCounts, alpha: f64, beta: f64, s: f64, gamma: Option<f64>) -> Formulas {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::learn::math::num;
    use crate::ui::state::evaluate_board;
    use losslab_core::scene::Scene;
    use losslab_core::{Binary, Evaluation, Loss, LossName};

    /// conformance.md's 4×4 example.
    const Y: [f64; 16] = [0., 0., 1., 0., 0., 1., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0.];
    const P: [f64; 16] =
        [0.1, 0.2, 0.8, 0.1, 0.1, 0.6, 0.9, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];

    fn row_for(config: LossConfig) -> (Row, SoftCounts) {
        let input = Binary::new(&Y[..], &P[..]).expect("valid");
        let ev: Evaluation<f64> = Loss::new(config).expect("valid").evaluate(input);
        let row = Row {
            name: config.name(),
            value: ev.value,
            summary: ev.summary,
            parts: ev.parts,
            class_weights: ev.class_weights.clone(),
            zero_over_zero: ev.zero_over_zero,
        };
        (row, SoftCounts::new(&Y[..], &P[..]))
    }

    /// By hand: I = 0.8 + 0.6 + 0.9 = 2.3, Σy = 3, Σp = 3.8, so with s = 1
    /// D = (2·2.3 + 1)/(3 + 3.8 + 1) = 5.6/7.8 = 0.717948…
    #[test]
    fn dice_numbers_by_hand() {
        let (row, counts) = row_for(LossConfig::default_for(LossName::Dice));
        let f = formulas(&LossConfig::default_for(LossName::Dice), &counts, &row);
        for shown in
            ["<mn>2.3</mn>", "<mn>3</mn>", "<mn>3.8</mn>", "<mn>0.7179</mn>", "<mn>0.2821</mn>"]
        {
            assert!(f.substituted.contains(shown), "{shown} in {}", f.substituted);
        }
        assert!((f.recomputed.expect("region loss") - (1.0 - 5.6 / 7.8)).abs() < 1e-12);
    }

    /// The value recomputed from the substituted numbers equals the core's, and the card
    /// shows the core's value, for every loss the numbers determine.
    #[test]
    fn substituted_numbers_give_the_core_value() {
        let mut set = Vec::new();
        for name in LossName::ALL {
            set.push(LossConfig::default_for(name));
        }
        let mut t = LossConfig::default_for(LossName::Tversky);
        t.set("alpha", &losslab_core::ParamValue::Number(0.5)).expect("ok");
        t.set("beta", &losslab_core::ParamValue::Number(0.5)).expect("ok");
        set.push(t);
        let mut d = LossConfig::default_for(LossName::Dice);
        d.set("squared", &losslab_core::ParamValue::Bool(true)).expect("ok");
        set.push(d);
        for config in set {
            let (row, counts) = row_for(config);
            let f = formulas(&config, &counts, &row);
            if let Some(v) = f.recomputed {
                assert!(
                    (v - row.value).abs() < 1e-12,
                    "{:?}: {v} vs core {}",
                    config.name(),
                    row.value
                );
            }
            assert!(
                f.substituted.contains(&num(row.value)),
                "{:?} shows the core's value",
                config.name()
            );
            for m in [&f.value, &f.substituted, &f.gradient] {
                assert!(m.starts_with("<math") && m.ends_with("</math>"));
            }
        }
    }

    /// On a whole default scene too (soft counts of thousands of pixels), via the board.
    #[test]
    fn board_rows_agree() {
        let scene = Scene::default();
        let configs: Vec<LossConfig> =
            LossName::ALL.iter().map(|&n| LossConfig::default_for(n)).collect();
        let board = evaluate_board(&scene, &configs, &mut Evaluation::new());
        for (config, row) in configs.iter().zip(&board.rows) {
            if let Some(v) = formulas(config, &board.counts, row).recomputed {
                assert!(
                    (v - row.value).abs() < 1e-9 * row.value.abs().max(1.0),
                    "{:?}",
                    config.name()
                );
            }
        }
    }
}
