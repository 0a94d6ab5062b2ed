//! Each loss's formulas as MathML: the definition, the same with the current scene's numbers
//! substituted, and the gradient. Pure: the numbers come from the board (the scene's
//! [`SoftCounts`] and the loss's row), the result is markup plus the loss value recomputed
//! from the substituted numbers, which the tests hold equal to the core's.

mod cross_entropy;
mod dice;
mod focal;
mod generalized_dice;
mod iou;
mod parts;
mod sensitivity_specificity;
mod tversky;

use crate::ui::state::Row;
use losslab_core::{LossConfig, SoftCounts};
pub use parts::Formulas;

/// The formulas of `config` for the scene's `counts` and the loss's board `row`: each loss's
/// card lives in `formula/<loss>.rs`, beside the others of its family.
pub fn formulas(config: &LossConfig, counts: &SoftCounts, row: &Row) -> Formulas {
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
    }
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
        t.set(tversky::ALPHA.key, &losslab_core::ParamValue::Number(0.5)).expect("ok");
        t.set(tversky::BETA.key, &losslab_core::ParamValue::Number(0.5)).expect("ok");
        set.push(t);
        let mut d = LossConfig::default_for(LossName::Dice);
        d.set(dice::SQUARED.key, &losslab_core::ParamValue::Bool(true)).expect("ok");
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
        let losses: Vec<Loss> = LossName::ALL.iter().map(|&n| Loss::default_for(n)).collect();
        let board = evaluate_board(&scene, &losses, &mut Evaluation::new());
        for (config, row) in losses.iter().map(Loss::config).zip(&board.rows) {
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
