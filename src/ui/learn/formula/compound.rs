//! The cards of two compound losses on probabilities (`losses-compound.md`) built on soft
//! Dice: log-cosh Dice (Jadon 2020) and combo (Taghanaki et al. 2019). Written from the
//! contract, not from the core's kernels, so that the cards' numbers are a second computation
//! the tests compare with the core's.

use super::logit::clamped;
use super::parts::{blocks, e, n, ratio_or, Formulas, PixelAt, PixelGradient, Pixels};
use crate::ui::learn::math::{frac, math, sup};
use losslab_core::{ComboForm, ComboParams, LogCoshDiceParams, SoftCounts};

/// Soft Dice's `(2I + s, S_y + S_p + s)` on the unclamped `p`.
fn dice_parts(c: &SoftCounts, s: f64) -> (f64, f64) {
    (2.0 * c.true_pos + s, c.sum_target + c.sum_prob + s)
}

/// `∂D/∂p_i = [2y_i·Den − (2I + s)] / Den²` (0 under the 0/0 rule).
fn dice_score_grad(num: f64, den: f64, y: f64) -> f64 {
    if num == 0.0 && den == 0.0 {
        0.0
    } else {
        (2.0 * y * den - num) / (den * den)
    }
}

/// `D = (2I + s)/(S_y + S_p + s)`, symbolic.
fn dice_definition() -> Vec<String> {
    vec![e("D = "), frac(&e("2I + s"), &e("S_y + S_p + s"))]
}

/// `D` with the scene's numbers, and its value (1 under the 0/0 rule).
fn dice_numbers(c: &SoftCounts, s: f64) -> (Vec<String>, f64) {
    let (num, den) = dice_parts(c, s);
    let d = ratio_or(num, den, 1.0);
    let markup = vec![
        e("D = "),
        frac(&n("2 · # + #", &[c.true_pos, s]), &n("# + # + #", &[c.sum_target, c.sum_prob, s])),
        n(" = #", &[d]),
    ];
    (markup, d)
}

/// The pixel's line, and the chain rule's last line `∂L/∂z_i = ∂L/∂p_i · p_i(1 − p_i)`.
pub(super) fn ends(at: PixelAt, grad_prob: f64) -> (String, String, f64) {
    let slope = at.p * (1.0 - at.p);
    let grad_logit = grad_prob * slope;
    let head = math(&[n("i = #:  y_i = #,  p_i = #", &[at.index as f64, at.y, at.p])], "pixel");
    let tail = math(
        &[n("∂L/∂z_i = ∂L/∂p_i · p_i(1 − p_i) = # · # = #", &[grad_prob, slope, grad_logit])],
        "logit gradient at one pixel",
    );
    (head, tail, grad_logit)
}

/// Log-cosh Dice: `log cosh(1 − D)`.
pub(super) fn log_cosh_dice(p: &LogCoshDiceParams, c: &SoftCounts) -> Formulas {
    let (mut dice, d) = dice_numbers(c, p.smooth);
    let x = 1.0 - d;
    let loss = x.cosh().ln();
    dice.push(n(",  x = 1 − D = #", &[x]));
    let mut definition = dice_definition();
    definition.push(e(",  x = 1 − D,  L = log cosh x"));
    Formulas {
        value: blocks(&[
            math(&definition, "log-cosh Dice"),
            math(
                &[
                    e("∂L/∂x = tanh x ≤ tanh 1 ≈ 0.7616,  L ≈ "),
                    frac(&sup(&e("x"), &e("2")), &e("2")),
                ],
                "damping",
            ),
        ]),
        substituted: blocks(&[
            math(&dice, "log-cosh Dice"),
            math(
                &[
                    n("L = log cosh # = #,  tanh # = #,  ", &[x, loss, x, x.tanh()]),
                    frac(&sup(&n("#", &[x]), &e("2")), &e("2")),
                    n(" = #", &[x * x / 2.0]),
                ],
                "log-cosh Dice",
            ),
        ]),
        gradient: math(
            &[
                e("∂L/∂p_i = −tanh(x) "),
                frac(&e("2y_i(S_y + S_p + s) − (2I + s)"), &sup(&e("(S_y + S_p + s)"), &e("2"))),
            ],
            "log-cosh Dice gradient",
        ),
        recomputed: Some(loss),
    }
}

/// Log-cosh Dice's gradient at one pixel: Dice's, times `tanh(1 − D)`.
pub(super) fn log_cosh_dice_at(
    p: &LogCoshDiceParams,
    c: &SoftCounts,
    at: PixelAt,
) -> PixelGradient {
    let (num, den) = dice_parts(c, p.smooth);
    let x = 1.0 - ratio_or(num, den, 1.0);
    let dice_grad = -dice_score_grad(num, den, at.y);
    let grad_prob = x.tanh() * dice_grad;
    let (head, tail, grad_logit) = ends(at, grad_prob);
    let lines = [
        head,
        math(
            &[
                e("∂(1 − D)/∂p_i = −"),
                frac(&n("2 · # · # − #", &[at.y, den, num]), &sup(&n("#", &[den]), &e("2"))),
                n(" = #", &[dice_grad]),
            ],
            "Dice gradient at one pixel",
        ),
        math(
            &[n(
                "∂L/∂p_i = tanh(#) · # = # · # = #",
                &[x, dice_grad, x.tanh(), dice_grad, grad_prob],
            )],
            "log-cosh Dice gradient at one pixel",
        ),
        tail,
    ];
    PixelGradient { markup: blocks(&lines), grad_prob, grad_logit }
}

/// Combo's cross-entropy weights `(a, b)` for its `form`, from the contract's table.
fn combo_weights(form: ComboForm, beta: f64) -> (f64, f64, &'static str) {
    match form {
        ComboForm::Paper => (beta, 1.0 - beta, "(a, b) = (β, 1 − β)"),
        ComboForm::Authors2019 => (beta, beta * (1.0 - beta), "(a, b) = (β, β(1 − β))"),
        ComboForm::Authors2020 => (beta, -(1.0 - beta), "(a, b) = (β, −(1 − β))"),
    }
}

/// Combo's cross-entropy term at one pixel, on the clamped `p̂`.
fn combo_term(a: f64, b: f64, y: f64, p: f64) -> f64 {
    let (q, _) = clamped(p);
    -a * y * q.ln() - b * (1.0 - y) * (-q).ln_1p()
}

/// Combo: `r·CE − (1 − r)·D`, negative by design.
pub(super) fn combo(p: &ComboParams, c: &SoftCounts, px: Pixels) -> Formulas {
    let (a, b, form) = combo_weights(p.form, p.beta);
    let ce_sum: f64 = px.pairs().map(|(y, prob)| combo_term(a, b, y, prob)).sum();
    let big_n = px.count();
    let ce = if big_n > 0.0 { ce_sum / big_n } else { 0.0 };
    let (dice, d) = dice_numbers(c, p.smooth);
    let r = p.ce_ratio;
    let loss = r * ce - (1.0 - r) * d;
    let mut definition = dice_definition();
    definition.push(e(",  c_i = −a y_i log p̂_i − b (1 − y_i) log(1 − p̂_i)"));
    Formulas {
        value: blocks(&[
            math(&definition, "combo"),
            math(&[e(form)], "combo weights"),
            math(&[e("L = r"), frac(&e("1"), &e("N")), e("Σ_i c_i − (1 − r) D")], "combo"),
        ]),
        substituted: blocks(&[
            math(&dice, "combo"),
            math(
                &[
                    n("a = #,  b = #,  CE = ", &[a, b]),
                    frac(&n("#", &[ce_sum]), &n("#", &[big_n])),
                    n(" = #", &[ce]),
                ],
                "combo CE",
            ),
            math(&[n("L = # · # − (1 − #) · # = #", &[r, ce, r, d, loss])], "combo"),
        ]),
        gradient: math(
            &[
                e("∂L/∂p_i = "),
                frac(&e("r"), &e("N")),
                e("[−"),
                frac(&e("a y_i"), &e("p̂_i")),
                e(" + "),
                frac(&e("b(1 − y_i)"), &e("1 − p̂_i")),
                e("] 1[ε ≤ p_i ≤ 1 − ε] − (1 − r)"),
                frac(&e("2y_i Den − (2I + s)"), &sup(&e("Den"), &e("2"))),
            ],
            "combo gradient",
        ),
        recomputed: Some(loss),
    }
}

/// Combo's gradient at one pixel.
pub(super) fn combo_at(p: &ComboParams, c: &SoftCounts, px: Pixels, at: PixelAt) -> PixelGradient {
    let (a, b, _) = combo_weights(p.form, p.beta);
    let r = p.ce_ratio;
    let big_n = px.count();
    let (q, inside) = clamped(at.p);
    let ce = if inside { r / big_n * (-a * at.y / q + b * (1.0 - at.y) / (1.0 - q)) } else { 0.0 };
    let (num, den) = dice_parts(c, p.smooth);
    let dice = -(1.0 - r) * dice_score_grad(num, den, at.y);
    let grad_prob = ce + dice;
    let (head, tail, grad_logit) = ends(at, grad_prob);
    let lines = [
        head,
        math(
            &[n(
                "g_{CE} = #,  g_D = −(1 − #) · # = #",
                &[ce, r, dice_score_grad(num, den, at.y), dice],
            )],
            "combo parts at one pixel",
        ),
        math(
            &[n("∂L/∂p_i = g_{CE} + g_D = # + # = #", &[ce, dice, grad_prob])],
            "combo gradient at one pixel",
        ),
        tail,
    ];
    PixelGradient { markup: blocks(&lines), grad_prob, grad_logit }
}
