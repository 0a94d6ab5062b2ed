//! The cards of the seven losses of `losses-compound.md`: their numbers by hand on
//! conformance.md's 4×4 example (the expected values written out from the contract's
//! formulas), and their recomputed values and one-pixel gradients against the core's
//! evaluation on several scenes and parameter sets.

use super::*;
use crate::ui::learn::math::num;
use losslab_core::{
    Binary, ComboForm, ComboParams, DiceCeParams, DiceFocalParams, Evaluation, LogCoshDiceParams,
    Loss, LossName, ParamValue, TopKParams, UnifiedFocalParams,
};

/// conformance.md's 4×4 example: object pixels 2, 5, 6 (p = 0.8, 0.6, 0.9); background p =
/// 0.1 on eleven pixels and 0.2 on two.
const Y: [f64; 16] = [0., 0., 1., 0., 0., 1., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0.];
const P: [f64; 16] =
    [0.1, 0.2, 0.8, 0.1, 0.1, 0.6, 0.9, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];

/// `ln`, written as in the derivations.
fn ln(x: f64) -> f64 {
    x.ln()
}

/// The core's evaluation of `config` on `(y, p)`.
fn core(config: LossConfig, y: &[f64], p: &[f64]) -> Evaluation<f64> {
    Loss::new(config).expect("valid").evaluate(Binary::new(y, p).expect("valid"))
}

/// A board row for `config` (what the card reads besides the pixels).
fn row(config: LossConfig, y: &[f64], p: &[f64]) -> Row {
    let ev = core(config, y, p);
    Row {
        name: config.name(),
        value: ev.value,
        summary: ev.summary,
        parts: ev.parts,
        class_weights: ev.class_weights.clone(),
        zero_over_zero: ev.zero_over_zero,
    }
}

/// The card's recomputed value on the 4×4 example.
fn card_value(config: LossConfig) -> f64 {
    let px = Pixels { target: &Y, prob: &P };
    let counts = SoftCounts::new(&Y[..], &P[..]);
    formulas(&config, &counts, px, &row(config, &Y, &P)).recomputed.expect("recomputed")
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
        "{what}: card {got}, by hand {want}"
    );
}

/// The BCE terms of the example: −ln 0.8, −ln 0.6, −ln 0.9 on the object, −ln 0.9 eleven times
/// and −ln 0.8 twice on the background.
fn bce_sum() -> f64 {
    -ln(0.8) - ln(0.6) - ln(0.9) - 11.0 * ln(0.9) - 2.0 * ln(0.8)
}

/// Dice + CE, defaults (s_nr = s_dr = 1e-5, 1 : 1, w⁺ = 1): σ(z) = p̂ = p here, so I = 0.8 +
/// 0.6 + 0.9 = 2.3, Σy = 3, Σσ = 3.8; D = (4.6 + 1e-5)/(6.8 + 1e-5); the CE part is BCE's
/// mean. At pixel 2 (y = 1, p = 0.8): the Dice part −[2·Den − Num]/Den²·p(1 − p), the CE part
/// (p − 1)/16 (for y ∈ {0, 1} it is (p − y)/N).
#[test]
fn dice_ce_by_hand() {
    let (top, den) = (4.6 + 1e-5, 6.8 + 1e-5);
    let config = LossConfig::DiceCe(DiceCeParams::default());
    close(card_value(config), 1.0 - top / den + bce_sum() / 16.0, "dice_ce value");
    let px = Pixels { target: &Y, prob: &P };
    let at = PixelAt { index: 2, y: 1.0, p: 0.8 };
    let g = pixel_gradient(&config, &SoftCounts::new(&Y[..], &P[..]), px, at).expect("shown");
    let want = -(2.0 * den - top) / (den * den) * 0.16 + (0.8 - 1.0) / 16.0;
    close(g.grad_logit, want, "dice_ce ∂L/∂z at pixel 2");
    close(g.grad_prob, want / 0.16, "dice_ce ∂L/∂p at pixel 2");
    assert!(g.markup.contains(&num(g.grad_logit)), "the card shows it");
}

/// Dice + focal, defaults (γ = 2, no α, 1 : 1): focal term (1 − p)²·(−ln p) on the object,
/// p²·(−ln(1 − p)) on the background.
#[test]
fn dice_focal_by_hand() {
    let (num, den) = (4.6 + 1e-5, 6.8 + 1e-5);
    let focal = 0.04 * -ln(0.8)
        + 0.16 * -ln(0.6)
        + 0.01 * -ln(0.9)
        + 11.0 * 0.01 * -ln(0.9)
        + 2.0 * 0.04 * -ln(0.8);
    let config = LossConfig::DiceFocal(DiceFocalParams::default());
    close(card_value(config), 1.0 - num / den + focal / 16.0, "dice_focal value");
}

/// Top-k CE with k = 25: K = ⌊16·25/100⌋ = 4. The losses in order: −ln 0.6 (pixel 5), then
/// −ln 0.8 three times (pixel 2 on the object, pixels 1 and 7 on the background at p = 0.2):
/// L = (−ln 0.6 − 3 ln 0.8)/4. Pixel 2 is kept: ∂L/∂z = (0.8 − 1)/4 = −0.05; pixel 0 (p = 0.1,
/// −ln 0.9) is not: 0. With k = 1, K = ⌊0.16⌋ = 0: L = 0.
#[test]
fn topk_ce_by_hand() {
    let config = LossConfig::TopkCe(TopKParams { k: 25.0 });
    close(card_value(config), (-ln(0.6) - 3.0 * ln(0.8)) / 4.0, "topk_ce value");
    let px = Pixels { target: &Y, prob: &P };
    let counts = SoftCounts::new(&Y[..], &P[..]);
    let kept = pixel_gradient(&config, &counts, px, PixelAt { index: 2, y: 1.0, p: 0.8 });
    close(kept.expect("shown").grad_logit, -0.05, "topk_ce ∂L/∂z at a kept pixel");
    let left = pixel_gradient(&config, &counts, px, PixelAt { index: 0, y: 0.0, p: 0.1 });
    assert_eq!(left.expect("shown").grad_logit, 0.0, "a pixel outside the top K");
    assert_eq!(card_value(LossConfig::TopkCe(TopKParams { k: 1.0 })), 0.0, "K = 0");
}

/// Lovász hinge: z = ln(p/(1 − p)), e = 1 − z·t. On the object, p = 0.8 and 0.9 give z > 1
/// (e < 0); p = 0.6 gives e = 1 − ln 1.5 > 0. On the background z = ln(0.1/0.9) and
/// ln(0.2/0.8), both < −1 (e < 0). So only pixel 5 is an error: M = 1, G = 3,
/// J₁ = 1 − (3 − 1)/(3 + 1 − 1) = 1/3, L = (1 − ln 1.5)/3, ∂L/∂z₅ = −t·g₁ = −1/3.
#[test]
fn lovasz_hinge_by_hand() {
    close(card_value(LossConfig::LovaszHinge), (1.0 - ln(1.5)) / 3.0, "lovasz_hinge value");
    let px = Pixels { target: &Y, prob: &P };
    let counts = SoftCounts::new(&Y[..], &P[..]);
    let at = PixelAt { index: 5, y: 1.0, p: 0.6 };
    let g = pixel_gradient(&LossConfig::LovaszHinge, &counts, px, at).expect("shown");
    close(g.grad_logit, -1.0 / 3.0, "lovasz ∂L/∂z at the error");
    close(g.grad_prob, -1.0 / 3.0 / 0.24, "lovasz ∂L/∂p at the error");
    let right = PixelAt { index: 2, y: 1.0, p: 0.8 };
    let g = pixel_gradient(&LossConfig::LovaszHinge, &counts, px, right).expect("shown");
    assert_eq!(g.grad_logit, 0.0, "a pixel right by a margin gets no gradient");
}

/// Log-cosh Dice (s = 1): D = 5.6/7.8, x = 1 − D = 2.2/7.8, L = ln cosh x = 0.03926…
/// (COMPOUND_NOTES.md: 0.03926 on this example). At pixel 2: Dice's ∂(1 − D)/∂p =
/// −(2·7.8 − 5.6)/7.8² = −10/60.84, times tanh x.
#[test]
fn log_cosh_dice_by_hand() {
    let x: f64 = 2.2 / 7.8;
    let config = LossConfig::LogCoshDice(LogCoshDiceParams::default());
    let value = card_value(config);
    close(value, ((x.exp() + (-x).exp()) / 2.0).ln(), "log_cosh_dice value");
    assert!((value - 0.03926).abs() < 5e-6, "{value}");
    let px = Pixels { target: &Y, prob: &P };
    let counts = SoftCounts::new(&Y[..], &P[..]);
    let g = pixel_gradient(&config, &counts, px, PixelAt { index: 2, y: 1.0, p: 0.8 });
    close(g.expect("shown").grad_prob, x.tanh() * -10.0 / 60.84, "∂L/∂p at pixel 2");
}

/// Combo (r = 0.5, β = 0.5, s = 1): the paper's (a, b) = (0.5, 0.5), so the CE part is half
/// BCE's mean, L = 0.5·(0.5·BCE) − 0.5·5.6/7.8 (negative); the 2019 code's (β, β(1 − β)) =
/// (0.5, 0.25) halves the background terms again; today's (β, −(1 − β)) flips their sign.
#[test]
fn combo_by_hand() {
    let d = 5.6 / 7.8;
    let object = -ln(0.8) - ln(0.6) - ln(0.9);
    let background = -11.0 * ln(0.9) - 2.0 * ln(0.8);
    let with = |form: ComboForm| LossConfig::Combo(ComboParams { form, ..ComboParams::default() });
    let paper = card_value(with(ComboForm::Paper));
    close(paper, 0.5 * (0.5 * object + 0.5 * background) / 16.0 - 0.5 * d, "paper");
    assert!(paper < 0.0, "negative by design");
    let first = card_value(with(ComboForm::Authors2019));
    close(first, 0.5 * (0.5 * object + 0.25 * background) / 16.0 - 0.5 * d, "authors_2019");
    let today = card_value(with(ComboForm::Authors2020));
    close(today, 0.5 * (0.5 * object - 0.5 * background) / 16.0 - 0.5 * d, "authors_2020");
}

/// Unified focal, defaults (λ = 0.5, δ = 0.6, γ = 0.5). Foreground channel: TP₁ = 2.3, FN₁ =
/// 0.7, FP₁ = Σ_bg p = 1.5: T₁ = (2.3 + ε)/(2.3 + 0.6·0.7 + 0.4·1.5 + ε). Background channel
/// (q₀ = 1 − p, y₀ = 1 − y): TP₀ = 13 − 1.5 = 11.5, FN₀ = 1.5, FP₀ = 0.7:
/// T₀ = (11.5 + ε)/(11.5 + 0.6·1.5 + 0.4·0.7 + ε). L_FT = ½[(1 − T₀) + (1 − T₁)^0.5].
/// Focal part: 0.4·p^0.5·(−ln(1 − p)) on the background, 0.6·(−ln p) on the object.
#[test]
fn unified_focal_by_hand() {
    let eps = 1e-7;
    let t1: f64 = (2.3 + eps) / (2.3 + 0.6 * 0.7 + 0.4 * 1.5 + eps);
    let t0 = (11.5 + eps) / (11.5 + 0.6 * 1.5 + 0.4 * 0.7 + eps);
    let ft = 0.5 * ((1.0 - t0) + (1.0 - t1).sqrt());
    let bg = |p: f64| 0.4 * p.sqrt() * -ln(1.0 - p);
    let focal = (0.6 * -(ln(0.8) + ln(0.6) + ln(0.9)) + 11.0 * bg(0.1) + 2.0 * bg(0.2)) / 16.0;
    let config = LossConfig::UnifiedFocal(UnifiedFocalParams::default());
    // The sums of y·q run over 16 pixels, so agreement is to rounding, not to the last bit.
    let got = card_value(config);
    assert!((got - (0.5 * ft + 0.5 * focal)).abs() < 1e-12, "{got}");
}

/// Parameter sets beyond the defaults, for the comparisons with the core.
fn variants() -> Vec<LossConfig> {
    let mut set: Vec<LossConfig> =
        LossName::COMPOUND.iter().map(|&n| LossConfig::default_for(n)).collect();
    let mut more = |name: LossName, pairs: &[(&str, ParamValue)]| {
        let mut c = LossConfig::default_for(name);
        for (key, value) in pairs {
            c.set(key, value).expect("a valid value");
        }
        set.push(c);
    };
    use ParamValue::{Number, Text};
    more(
        LossName::DiceCe,
        &[
            ("smooth_nr", Number(0.0)),
            ("smooth_dr", Number(1.0)),
            ("pos_weight", Number(3.0)),
            ("w_ce", Number(0.3)),
        ],
    );
    more(
        LossName::DiceFocal,
        &[("alpha", Number(0.25)), ("gamma", Number(0.5)), ("w_focal", Number(2.0))],
    );
    more(
        LossName::DiceFocal,
        &[("gamma", Number(0.0)), ("smooth_nr", Number(0.0)), ("smooth_dr", Number(0.0))],
    );
    more(LossName::TopkCe, &[("k", Number(29.0))]);
    more(LossName::TopkCe, &[("k", Number(100.0))]);
    more(LossName::TopkCe, &[("k", Number(0.5))]);
    more(LossName::LogCoshDice, &[("smooth", Number(0.0))]);
    more(
        LossName::Combo,
        &[("form", Text("authors_2019".into())), ("beta", Number(0.7)), ("ce_ratio", Number(0.2))],
    );
    more(LossName::Combo, &[("form", Text("authors_2020".into())), ("smooth", Number(0.0))]);
    more(
        LossName::UnifiedFocal,
        &[("lambda", Number(0.2)), ("delta", Number(0.3)), ("gamma", Number(0.0))],
    );
    more(LossName::UnifiedFocal, &[("lambda", Number(1.0)), ("gamma", Number(1.0))]);
    set
}

/// Scenes: the 4×4 example; the same with exact 0 and 1 predictions (outside the clamp);
/// an empty target; a full one; a constant background (ties for the ranking losses).
fn scenes() -> Vec<(Vec<f64>, Vec<f64>)> {
    let mut edge = P.to_vec();
    edge[0] = 0.0;
    edge[6] = 1.0;
    edge[9] = 1.0;
    edge[5] = 0.0;
    vec![
        (Y.to_vec(), P.to_vec()),
        (Y.to_vec(), edge.clone()),
        (vec![0.0; 16], P.to_vec()),
        (vec![1.0; 16], P.to_vec()),
        (Y.to_vec(), vec![0.3; 16]),
        (vec![0.0; 16], vec![0.0; 16]),
    ]
}

/// The recomputed value equals the core's, and every pixel's gradient on the card equals the
/// core's (both variables), for every variant on every scene.
#[test]
fn cards_agree_with_the_core_at_every_pixel() {
    for config in variants() {
        for (y, p) in scenes() {
            let ev = core(config, &y, &p);
            let px = Pixels { target: &y, prob: &p };
            let counts = SoftCounts::new(&y[..], &p[..]);
            let f = formulas(&config, &counts, px, &row(config, &y, &p));
            let v = f.recomputed.expect("the compound cards recompute their value");
            let what = format!("{config:?} on y {y:?}, p {p:?}");
            assert!(
                (v - ev.value).abs() <= 1e-12 * ev.value.abs().max(1.0),
                "{what}: card {v} vs core {}",
                ev.value
            );
            for m in [&f.value, &f.substituted, &f.gradient] {
                assert!(m.starts_with("<math") && m.ends_with("</math>"), "{what}");
                assert!(!m.contains("NaN"), "{what}: {m}");
            }
            for index in 0..y.len() {
                let at = PixelAt { index, y: y[index], p: p[index] };
                let g = pixel_gradient(&config, &counts, px, at).expect("shown");
                for (card, core, variable) in [
                    (g.grad_prob, ev.grad_prob[index], "p"),
                    (g.grad_logit, ev.grad_logit[index], "z"),
                ] {
                    assert!(
                        (card - core).abs() <= 1e-9 * core.abs().max(1e-3),
                        "{what}, pixel {index}, ∂L/∂{variable}: card {card} vs core {core}"
                    );
                }
            }
        }
    }
}

/// The logit-native losses say so on their card, the ranking ones that they need an order,
/// the geometry ones which maps of the image they need.
#[test]
fn family_lines() {
    use losslab_core::Geometry;
    assert_eq!(computed_on(LossName::DiceCe), (true, false, None));
    assert_eq!(computed_on(LossName::LovaszHinge), (true, true, None));
    assert_eq!(computed_on(LossName::TopkCe), (true, true, None));
    assert_eq!(computed_on(LossName::Combo), (false, false, None));
    assert_eq!(computed_on(LossName::Dice), (false, false, None));
    assert_eq!(computed_on(LossName::Boundary), (false, false, Some(Geometry::SignedDistance)));
    assert_eq!(computed_on(LossName::HausdorffDt), (false, false, Some(Geometry::DistanceFields)));
    assert_eq!(computed_on(LossName::Cldice), (false, false, Some(Geometry::Skeletons)));
    assert_eq!(computed_on(LossName::DiceCldice), (false, false, Some(Geometry::Skeletons)));
}
