//! What each loss needs from the evaluation besides its input, declared once per loss: the
//! evaluation (`eval.rs`) prepares it, and the learn view says it. The article's ten are
//! soft counts plus one fused per-pixel pass; the losses of `losses-compound.md` add logits,
//! a sort and a selection; the geometry losses of `losses-geometry.md` distance maps and
//! soft skeletons.

use crate::params::LossName;
use serde::Serialize;

/// An order of the pixels a loss needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Order {
    /// Every pixel with a positive key, sorted (Lovász: the errors, descending).
    Sort,
    /// The `K` largest keys, unordered (top-k: the hardest pixels).
    Select,
}

/// The maps of the image's geometry a loss needs, built per image plane (`crate::geometry`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Geometry {
    /// The target's signed distance map (boundary loss).
    SignedDistance,
    /// Distance fields of the thresholded prediction and target (Hausdorff-DT).
    DistanceFields,
    /// Soft skeletons of the prediction and the target, with the backward pass through
    /// pooling (clDice).
    Skeletons,
}

/// What a loss needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Needs {
    /// Soft counts over the image (`SoftCounts`): every region term.
    pub counts: bool,
    /// One fused pass of a per-pixel rule (`kernel.rs`): the local and region losses.
    pub fused_pass: bool,
    /// The logits `z`, as given or from the clamped probabilities (logit-native losses).
    pub logits: bool,
    /// An order of the pixels.
    pub order: Option<Order>,
    /// Maps of the image's shape.
    pub geometry: Option<Geometry>,
}

impl LossName {
    /// What this loss needs from the evaluation.
    pub const fn needs(self) -> Needs {
        let fused =
            Needs { counts: true, fused_pass: true, logits: false, order: None, geometry: None };
        let on_logits = Needs { counts: false, fused_pass: false, logits: true, ..fused };
        let shaped = Needs { counts: false, fused_pass: false, ..fused };
        match self {
            LossName::Bce | LossName::Wce | LossName::Focal => Needs { counts: false, ..fused },
            LossName::Dice
            | LossName::Iou
            | LossName::Tversky
            | LossName::FocalTversky
            | LossName::SensitivitySpecificity
            | LossName::GeneralizedDice
            | LossName::BceDice
            | LossName::LogCoshDice
            | LossName::Combo => fused,
            // Two channels' sums, then a second pass (not the fused kernel: clamps per channel).
            LossName::UnifiedFocal => Needs { fused_pass: false, ..fused },
            LossName::DiceCe | LossName::DiceFocal => Needs { counts: true, ..on_logits },
            LossName::TopkCe => Needs { order: Some(Order::Select), ..on_logits },
            LossName::LovaszHinge => Needs { order: Some(Order::Sort), ..on_logits },
            LossName::Boundary => Needs { geometry: Some(Geometry::SignedDistance), ..shaped },
            LossName::HausdorffDt => Needs { geometry: Some(Geometry::DistanceFields), ..shaped },
            LossName::Cldice => Needs { geometry: Some(Geometry::Skeletons), ..shaped },
            // The Dice part's sums come from the counts.
            LossName::DiceCldice => {
                Needs { counts: true, geometry: Some(Geometry::Skeletons), ..shaped }
            }
        }
    }

    /// Whether the loss's library takes logits (`losses-compound.md`: computed on `z`, no
    /// clamp; a probability input is turned into `z = ln p̂ − ln(1 − p̂)`).
    pub const fn takes_logits(self) -> bool {
        self.needs().logits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{sigmoid, Binary, Loss};

    /// A loss that declares logits computes on them: a logit beyond the clamp (z = ±20, where
    /// a probability input is clamped to z = ±16.1) changes its value; any other loss sees
    /// only σ(z) and gives the same value either way.
    #[test]
    fn the_losses_declaring_logits_are_the_ones_computed_on_them() {
        let target = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let logit = [20.0, 20.0, -20.0, -3.0, 0.5, -1.0];
        let prob: Vec<f64> = logit.iter().map(|&z| sigmoid(z)).collect();
        for name in LossName::ALL {
            let mut config = crate::LossConfig::default_for(name);
            if name == LossName::TopkCe {
                // Six pixels at the default 10 % keep none: keep half.
                config.set("k", &crate::ParamValue::Number(50.0)).expect("k is a parameter");
            }
            let loss = Loss::new(config).expect("valid");
            let by_logit =
                loss.evaluate(Binary::with_logit(&target, &prob, &logit).expect("valid"));
            let by_prob = loss.evaluate(Binary::new(&target, &prob).expect("valid"));
            let differs = (by_logit.value - by_prob.value).abs() > 1e-9;
            assert_eq!(
                differs,
                name.needs().logits,
                "{name}: {} vs {}",
                by_logit.value,
                by_prob.value
            );
        }
    }
}
