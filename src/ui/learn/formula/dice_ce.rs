//! The cards of MONAI's two compound losses on logits: Dice + cross-entropy (`DiceCELoss`) and
//! Dice + focal (`DiceFocalLoss`). Both add a pixel mean to the Dice part on `σ(z)`.

use super::logit::{clamped, grad_prob_of, logit, sig, softplus, SigmoidDice};
use super::parts::{blocks, e, n, one_minus, Formulas, PixelAt, PixelGradient, Pixels};
use crate::ui::learn::math::{frac, math, sup};
use losslab_core::{DiceCeParams, DiceFocalParams};

/// The Dice part's definition, on `σ(z)`.
fn dice_definition() -> String {
    math(
        &[
            e("D = "),
            frac(&e("2 Σ_i y_i σ(z_i) + s_{nr}"), &e("S_y + Σ_i σ(z_i) + s_{dr}")),
            e(",  z_i = log p̂_i − log(1 − p̂_i)"),
        ],
        "Dice on sigmoid",
    )
}

/// The Dice part with the scene's numbers, and `1 − D` (0 under the 0/0 rule).
fn dice_numbers(sums: &SigmoidDice, smooth_nr: f64, smooth_dr: f64) -> (String, f64) {
    let (num, den) = sums.parts(smooth_nr, smooth_dr);
    let d = sums.score(smooth_nr, smooth_dr);
    let markup = math(
        &[
            e("D = "),
            frac(
                &n("2 · # + #", &[sums.intersection, smooth_nr]),
                &n("# + # + #", &[sums.sum_target, sums.sum_sigmoid, smooth_dr]),
            ),
            n(" = #", &[d]),
        ],
        "Dice on sigmoid",
    );
    (markup, one_minus(num, den))
}

/// The Dice part's logit gradient `g_D`, symbolic.
fn dice_gradient() -> String {
    math(
        &[
            e("g_D = −λ_d"),
            frac(&e("2y_i Den − (2I + s_{nr})"), &sup(&e("Den"), &e("2"))),
            e("σ(z_i) σ(−z_i),  Den = S_y + Σ_i σ(z_i) + s_{dr}"),
        ],
        "Dice part gradient",
    )
}

/// The pixel's line: its target, prediction and logit.
fn pixel_line(at: PixelAt, z: f64) -> String {
    math(&[n("i = #:  y_i = #,  p_i = #,  z_i = #", &[at.index as f64, at.y, at.p, z])], "pixel")
}

/// `g_D` at one pixel, with the numbers: `(markup, value)`.
fn dice_at(sums: &SigmoidDice, w_dice: f64, s_nr: f64, s_dr: f64, y: f64, z: f64) -> (String, f64) {
    let (num, den) = sums.parts(s_nr, s_dr);
    let (s, sn) = (sig(z), sig(-z));
    let g = w_dice * sums.grad(y, s_nr, s_dr) * s * sn;
    let markup = math(
        &[
            n("g_D = −# · ", &[w_dice]),
            frac(&n("2 · # · # − #", &[y, den, num]), &sup(&n("#", &[den]), &e("2"))),
            n(" · # · # = #", &[s, sn, g]),
        ],
        "Dice part at one pixel",
    );
    (markup, g)
}

/// The two last lines of a logit-native pixel gradient: the sum of the parts, and `∂L/∂p`.
fn total_at(at: PixelAt, parts: (f64, f64), second: &str) -> (String, f64, f64) {
    let gz = parts.0 + parts.1;
    let gp = grad_prob_of(gz, at.p);
    let (_, inside) = clamped(at.p);
    let prob_line = if inside {
        math(
            &[e("∂L/∂p_i = "), frac(&e("∂L/∂z_i"), &e("p̂_i(1 − p̂_i)")), n(" = #", &[gp])],
            "probability gradient at one pixel",
        )
    } else {
        math(&[n("p_i ∉ [ε, 1 − ε]:  ∂L/∂p_i = #", &[gp])], "probability gradient at one pixel")
    };
    let sum_line = math(
        &[n(&format!("∂L/∂z_i = g_D + g_{{{second}}} = # + # = #"), &[parts.0, parts.1, gz])],
        "logit gradient at one pixel",
    );
    (blocks(&[sum_line, prob_line]), gz, gp)
}

/// Dice + cross-entropy (MONAI `DiceCELoss`, one channel: `BCEWithLogitsLoss(pos_weight)`).
pub(super) fn dice_ce(p: &DiceCeParams, px: Pixels) -> Formulas {
    let sums = SigmoidDice::new(px);
    let w = p.pos_weight;
    let ce_sum: f64 = px
        .pairs()
        .map(|(y, prob)| {
            let z = logit(prob);
            (1.0 - y) * z + (1.0 + (w - 1.0) * y) * softplus(-z)
        })
        .sum();
    let big_n = px.count();
    let ce = if big_n > 0.0 { ce_sum / big_n } else { 0.0 };
    let (dice_markup, dice_loss) = dice_numbers(&sums, p.smooth_nr, p.smooth_dr);
    let loss = p.w_dice * dice_loss + p.w_ce * ce;
    let d = 1.0 - dice_loss;
    Formulas {
        value: blocks(&[
            dice_definition(),
            math(&[e("ℓ_i = (1 − y_i) z_i + (1 + (w^+ − 1) y_i) softplus(−z_i)")], "CE"),
            math(
                &[e("L = λ_d (1 − D) + λ_{ce}"), frac(&e("1"), &e("N")), e("Σ_i ℓ_i")],
                "Dice + CE",
            ),
        ]),
        substituted: blocks(&[
            dice_markup,
            math(
                &[
                    n("w^+ = #,  CE = ", &[w]),
                    frac(&n("#", &[ce_sum]), &n("#", &[big_n])),
                    n(" = #", &[ce]),
                ],
                "CE",
            ),
            math(
                &[n("L = # · (1 − #) + # · # = #", &[p.w_dice, d, p.w_ce, ce, loss])],
                "Dice + CE",
            ),
        ]),
        gradient: blocks(&[
            math(&[e("∂L/∂z_i = g_D + g_{CE}")], "Dice + CE gradient"),
            dice_gradient(),
            math(
                &[
                    e("g_{CE} = "),
                    frac(&e("λ_{ce}"), &e("N")),
                    e("[(1 − y_i) − (1 + (w^+ − 1) y_i) σ(−z_i)]"),
                ],
                "CE part gradient",
            ),
        ]),
        recomputed: Some(loss),
    }
}

/// Dice + cross-entropy's gradient at one pixel.
pub(super) fn dice_ce_at(p: &DiceCeParams, px: Pixels, at: PixelAt) -> PixelGradient {
    let sums = SigmoidDice::new(px);
    let z = logit(at.p);
    let (dice_line, g_dice) = dice_at(&sums, p.w_dice, p.smooth_nr, p.smooth_dr, at.y, z);
    let big_n = px.count();
    let weight = 1.0 + (p.pos_weight - 1.0) * at.y;
    let sn = sig(-z);
    let g_ce = p.w_ce / big_n * ((1.0 - at.y) - weight * sn);
    let ce_line = math(
        &[
            e("g_{CE} = "),
            frac(&n("#", &[p.w_ce]), &n("#", &[big_n])),
            n("[(1 − #) − # · #] = #", &[at.y, weight, sn, g_ce]),
        ],
        "CE part at one pixel",
    );
    let (total, grad_logit, grad_prob) = total_at(at, (g_dice, g_ce), "CE");
    PixelGradient {
        markup: blocks(&[pixel_line(at, z), dice_line, ce_line, total]),
        grad_prob,
        grad_logit,
    }
}

/// MONAI's focal term at one pixel (float64, from softpluses): `(ℓ_i, ∂ℓ_i/∂z_i)`.
fn focal_term(p: &DiceFocalParams, y: f64, z: f64) -> (f64, f64) {
    let t = 2.0 * y - 1.0;
    let f = sig(-t * z);
    let b = y * softplus(-z) + (1.0 - y) * softplus(z);
    let a = p.alpha.map_or(1.0, |alpha| y * alpha + (1.0 - y) * (1.0 - alpha));
    let fg = f.powf(p.gamma);
    let grad = a * (-t * p.gamma * fg * sig(t * z) * b + fg * (sig(z) - y));
    (a * fg * b, grad)
}

/// The focal part's weight line: `α` or, without it, `a_i = 1`.
fn alpha_line(p: &DiceFocalParams) -> String {
    match p.alpha {
        Some(alpha) => n("γ = #,  α = #", &[p.gamma, alpha]),
        None => n("γ = #,  a_i = 1", &[p.gamma]),
    }
}

/// Dice + focal (MONAI `DiceFocalLoss`, the focal part in float64).
pub(super) fn dice_focal(p: &DiceFocalParams, px: Pixels) -> Formulas {
    let sums = SigmoidDice::new(px);
    let focal_sum: f64 = px.pairs().map(|(y, prob)| focal_term(p, y, logit(prob)).0).sum();
    let big_n = px.count();
    let focal = if big_n > 0.0 { focal_sum / big_n } else { 0.0 };
    let (dice_markup, dice_loss) = dice_numbers(&sums, p.smooth_nr, p.smooth_dr);
    let loss = p.w_dice * dice_loss + p.w_focal * focal;
    let d = 1.0 - dice_loss;
    Formulas {
        value: blocks(&[
            dice_definition(),
            math(
                &[e("t_i = 2y_i − 1,  f_i = σ(−t_i z_i),  b_i = softplus(z_i) − y_i z_i,  a_i = α y_i + (1 − α)(1 − y_i)")],
                "focal",
            ),
            math(
                &[e("L = λ_d (1 − D) + λ_f"), frac(&e("1"), &e("N")), e("Σ_i a_i f_i^γ b_i")],
                "Dice + focal",
            ),
        ]),
        substituted: blocks(&[
            dice_markup,
            math(
                &[alpha_line(p), e(",  F = "), frac(&n("#", &[focal_sum]), &n("#", &[big_n])), n(" = #", &[focal])],
                "focal",
            ),
            math(&[n("L = # · (1 − #) + # · # = #", &[p.w_dice, d, p.w_focal, focal, loss])], "Dice + focal"),
        ]),
        gradient: blocks(&[
            math(&[e("∂L/∂z_i = g_D + g_F")], "Dice + focal gradient"),
            dice_gradient(),
            math(
                &[
                    e("g_F = "),
                    frac(&e("λ_f"), &e("N")),
                    e("a_i [−t_i γ f_i^γ (1 − f_i) b_i + f_i^γ (σ(z_i) − y_i)]"),
                ],
                "focal part gradient",
            ),
        ]),
        recomputed: Some(loss),
    }
}

/// Dice + focal's gradient at one pixel.
pub(super) fn dice_focal_at(p: &DiceFocalParams, px: Pixels, at: PixelAt) -> PixelGradient {
    let sums = SigmoidDice::new(px);
    let z = logit(at.p);
    let (dice_line, g_dice) = dice_at(&sums, p.w_dice, p.smooth_nr, p.smooth_dr, at.y, z);
    let big_n = px.count();
    let (_, focal_grad) = focal_term(p, at.y, z);
    let g_focal = p.w_focal / big_n * focal_grad;
    let focal_line = math(
        &[
            e("g_F = "),
            frac(&n("#", &[p.w_focal]), &n("#", &[big_n])),
            n(" · # = #", &[focal_grad, g_focal]),
        ],
        "focal part at one pixel",
    );
    let (total, grad_logit, grad_prob) = total_at(at, (g_dice, g_focal), "F");
    PixelGradient {
        markup: blocks(&[pixel_line(at, z), dice_line, focal_line, total]),
        grad_prob,
        grad_logit,
    }
}
