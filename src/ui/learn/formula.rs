//! Each loss's formulas as MathML: the definition, the same with the current scene's numbers
//! substituted, and the gradient. Pure: the numbers come from the board (the scene's
//! [`SoftCounts`] and the loss's row) and, for the losses of `losses-compound.md`, from the
//! scene's pixels (a per-pixel mean, the logits, an order); the result is markup plus the loss
//! value recomputed from the substituted numbers, which the tests hold equal to the core's.

mod compound;
#[cfg(test)]
mod compound_tests;
mod cross_entropy;
mod dice;
mod dice_ce;
mod focal;
mod generalized_dice;
mod geometry;
#[cfg(test)]
mod geometry_tests;
mod iou;
mod logit;
mod parts;
mod ranking;
mod sensitivity_specificity;
mod skeleton;
mod tversky;
mod unified_focal;

use crate::ui::state::Row;
use losslab_core::{Geometry, LossConfig, LossName, SoftCounts, TARGET_THRESHOLD};
pub use parts::{Formulas, PixelAt, PixelGradient, Pixels};

/// The card's one-line notes on how a loss is computed, from what it needs
/// (`LossName::needs`): whether it is computed on logits (`losses-compound.md`'s logit-native
/// losses), whether it needs an order of the pixels rather than the one fused pass, and which
/// maps of the image's shape it needs (`losses-geometry.md`).
pub fn computed_on(name: LossName) -> (bool, bool, Option<Geometry>) {
    let needs = name.needs();
    (needs.logits, needs.order.is_some(), needs.geometry)
}

/// The formulas of `config` for the scene's `counts`, its pixels `px` and the loss's board
/// `row`: each loss's card lives in `formula/<family>.rs`, beside the others of its family.
pub fn formulas(config: &LossConfig, counts: &SoftCounts, px: Pixels, row: &Row) -> Formulas {
    let c = counts;
    match config {
        LossConfig::Bce => cross_entropy::bce(c, row),
        LossConfig::Wce(p) => cross_entropy::wce(p, c, row),
        LossConfig::Focal(p) => focal::focal(p, c, row),
        LossConfig::Dice(p) => dice::dice(c, p.smooth, p.squared, row.value),
        LossConfig::Iou(p) => iou::iou(p, c, row),
        LossConfig::Tversky(t) => tversky::tversky(c, t.alpha, t.beta, t.smooth, None),
        LossConfig::FocalTversky(f) => {
            tversky::tversky(c, f.tversky.alpha, f.tversky.beta, f.tversky.smooth, Some(f.gamma))
        }
        LossConfig::SensitivitySpecificity(p) => {
            sensitivity_specificity::sensitivity_specificity(p, c, row)
        }
        LossConfig::GeneralizedDice(p) => generalized_dice::generalized_dice(p, c, row),
        LossConfig::BceDice(p) => dice::bce_dice(p, row),
        LossConfig::DiceCe(p) => dice_ce::dice_ce(p, px),
        LossConfig::DiceFocal(p) => dice_ce::dice_focal(p, px),
        LossConfig::TopkCe(p) => ranking::topk_ce(p, px),
        LossConfig::LovaszHinge => ranking::lovasz_hinge(px),
        LossConfig::LogCoshDice(p) => compound::log_cosh_dice(p, c),
        LossConfig::Combo(p) => compound::combo(p, c, px),
        LossConfig::UnifiedFocal(p) => unified_focal::unified_focal(p, px),
        LossConfig::Boundary(p) => geometry::boundary(p, px),
        LossConfig::HausdorffDt(p) => geometry::hausdorff_dt(p, px),
        LossConfig::Cldice(p) => geometry::cldice(p, px),
        LossConfig::DiceCldice(p) => geometry::dice_cldice(p, px),
    }
}

/// The pixel a card evaluates its gradient at: the first object pixel (target ≥
/// [`TARGET_THRESHOLD`]) in reading order, else the first pixel; `None` on an empty image.
pub fn probe_pixel(target: &[f64], prob: &[f64]) -> Option<PixelAt> {
    let index = target.iter().position(|&y| y >= TARGET_THRESHOLD).unwrap_or(0);
    Some(PixelAt { index, y: *target.get(index)?, p: *prob.get(index)? })
}

/// The card's gradient at pixel `at`, with the numbers substituted, for the losses whose card
/// shows it (soft Dice and the losses of `losses-compound.md` and `losses-geometry.md`).
pub fn pixel_gradient(
    config: &LossConfig,
    counts: &SoftCounts,
    px: Pixels,
    at: PixelAt,
) -> Option<PixelGradient> {
    let c = counts;
    Some(match config {
        LossConfig::Dice(p) => dice::dice_at(c, p.smooth, p.squared, at),
        LossConfig::DiceCe(p) => dice_ce::dice_ce_at(p, px, at),
        LossConfig::DiceFocal(p) => dice_ce::dice_focal_at(p, px, at),
        LossConfig::TopkCe(p) => ranking::topk_ce_at(p, px, at),
        LossConfig::LovaszHinge => ranking::lovasz_hinge_at(px, at),
        LossConfig::LogCoshDice(p) => compound::log_cosh_dice_at(p, c, at),
        LossConfig::Combo(p) => compound::combo_at(p, c, px, at),
        LossConfig::UnifiedFocal(p) => unified_focal::unified_focal_at(p, px, at),
        LossConfig::Boundary(p) => geometry::boundary_at(p, px, at),
        LossConfig::HausdorffDt(p) => geometry::hausdorff_dt_at(p, px, at),
        LossConfig::Cldice(p) => geometry::cldice_at(p, px, at),
        LossConfig::DiceCldice(p) => geometry::dice_cldice_at(p, px, at),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::learn::math::num;
    use crate::ui::state::evaluate_board;
    use losslab_core::params::{dice, tversky};
    use losslab_core::scene::Scene;
    use losslab_core::{Binary, Evaluation, Loss, LossName};

    /// conformance.md's 4×4 example.
    const Y: [f64; 16] = [0., 0., 1., 0., 0., 1., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0.];
    const P: [f64; 16] =
        [0.1, 0.2, 0.8, 0.1, 0.1, 0.6, 0.9, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];

    /// The 4×4 example's pixels.
    fn px() -> Pixels<'static> {
        Pixels { target: &Y, prob: &P }
    }

    fn row_for(config: LossConfig) -> (Row, SoftCounts) {
        // The 4×4 image's shape: the geometry losses' maps are on it.
        let input = Binary::new(&Y[..], &P[..]).and_then(|b| b.with_shape(4, 4)).expect("valid");
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
        let f = formulas(&LossConfig::default_for(LossName::Dice), &counts, px(), &row);
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
        t.set(tversky::ALPHA.key, &losslab_core::ParamValue::Number(0.5)).expect("ok");
        t.set(tversky::BETA.key, &losslab_core::ParamValue::Number(0.5)).expect("ok");
        set.push(t);
        let mut d = LossConfig::default_for(LossName::Dice);
        d.set(dice::SQUARED.key, &losslab_core::ParamValue::Bool(true)).expect("ok");
        set.push(d);
        for config in set {
            let (row, counts) = row_for(config);
            let f = formulas(&config, &counts, px(), &row);
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

    /// The squared Dice card's gradient at a pixel equals the core's (`Loss::evaluate`), and
    /// the plain one's too, at every pixel of conformance.md's 4×4 example.
    #[test]
    fn dice_gradient_at_a_pixel_is_the_core_s() {
        for squared in [false, true] {
            let mut d = LossConfig::default_for(LossName::Dice);
            d.set(dice::SQUARED.key, &losslab_core::ParamValue::Bool(squared)).expect("ok");
            let input = Binary::new(&Y[..], &P[..]).expect("valid");
            let ev: Evaluation<f64> = Loss::new(d).expect("valid").evaluate(input);
            let counts = SoftCounts::new(&Y[..], &P[..]);
            for index in 0..Y.len() {
                let at = PixelAt { index, y: Y[index], p: P[index] };
                let g = pixel_gradient(&d, &counts, px(), at).expect("Dice shows it");
                assert!(
                    (g.grad_prob - ev.grad_prob[index]).abs() < 1e-12,
                    "squared {squared}, pixel {index}: card {} vs core {}",
                    g.grad_prob,
                    ev.grad_prob[index]
                );
                assert!((g.grad_logit - ev.grad_logit[index]).abs() < 1e-12);
                assert!(g.markup.contains(&num(g.grad_prob)), "the card shows its value");
            }
        }
    }

    /// By hand, squared Dice (V-Net) on the 4×4 example at pixel 2 (y = 1, p = 0.8), s = 1:
    /// I = 2.3, Σy² = 3, Σp² = 0.8² + 0.6² + 0.9² + 0.2²·2 + 0.1²·11 = 0.64 + 0.36 + 0.81 +
    /// 0.08 + 0.11 = 2.0, Den = 3 + 2 + 1 = 6, 2I + s = 5.6;
    /// ∂L/∂p = −(2·1·6 − 5.6·2·0.8)/6² = −(12 − 8.96)/36 = −3.04/36 = −0.084444…,
    /// ∂L/∂z = −0.084444… · 0.8 · 0.2 = −0.0135111….
    /// (Without the 2p factor it would read −(12 − 5.6)/36 = −0.1778, the card's old error.)
    #[test]
    fn squared_dice_gradient_by_hand() {
        let mut d = LossConfig::default_for(LossName::Dice);
        d.set(dice::SQUARED.key, &losslab_core::ParamValue::Bool(true)).expect("ok");
        let counts = SoftCounts::new(&Y[..], &P[..]);
        let g =
            pixel_gradient(&d, &counts, px(), PixelAt { index: 2, y: 1.0, p: 0.8 }).expect("Dice");
        assert!((g.grad_prob - (-3.04 / 36.0)).abs() < 1e-12, "{}", g.grad_prob);
        assert!((g.grad_logit - (-3.04 / 36.0 * 0.16)).abs() < 1e-12, "{}", g.grad_logit);
        let f = formulas(&d, &counts, px(), &row_for(d).0);
        assert!(f.gradient.contains("<mo>·</mo><mn>2</mn><msub><mi>p</mi>"), "{}", f.gradient);
        assert_eq!(
            probe_pixel(&Y[..], &P[..]),
            Some(PixelAt { index: 2, y: 1.0, p: 0.8 }),
            "the first object pixel"
        );
    }

    /// On a whole default scene too (soft counts of thousands of pixels), via the board.
    #[test]
    fn board_rows_agree() {
        let scene = Scene::default();
        let losses: Vec<Loss> = LossName::ALL.iter().map(|&n| Loss::default_for(n)).collect();
        let board = evaluate_board(&scene, &losses, &mut Evaluation::new());
        for (config, row) in losses.iter().map(Loss::config).zip(&board.rows) {
            let px = Pixels { target: scene.target(), prob: scene.prob() };
            if let Some(v) = formulas(config, &board.counts, px, row).recomputed {
                assert!(
                    (v - row.value).abs() < 1e-9 * row.value.abs().max(1.0),
                    "{:?}",
                    config.name()
                );
            }
        }
    }
}
