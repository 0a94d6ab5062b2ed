//! The curves view's settings: one plain struct, every field readable and writable by key
//! (`curves.*`), so the page link can carry it.

use crate::params::{
    bce_dice, combo, dice, dice_ce, dice_focal, focal, sensitivity_specificity, topk_ce, tversky,
    unified_focal, wce,
};
use crate::LossName;

/// The five figures, by their ids in the page's `data-chart` hooks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FigureId {
    /// Loss and gradients against one pixel's `p`.
    PixelCurves,
    /// Loss and gradients against object area.
    SizeSweep,
    /// Change from one more missed pixel against object area.
    PixelSensitivity,
    /// Loss against one hyperparameter.
    ParamSweep,
    /// Loss as a crop window tightens around the object.
    CropSweep,
}

impl FigureId {
    /// Every figure, in page order.
    pub const ALL: [FigureId; 5] = [
        FigureId::PixelCurves,
        FigureId::SizeSweep,
        FigureId::PixelSensitivity,
        FigureId::ParamSweep,
        FigureId::CropSweep,
    ];

    /// The id used in hooks, file names and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            FigureId::PixelCurves => "pixel-curves",
            FigureId::SizeSweep => "size-sweep",
            FigureId::PixelSensitivity => "pixel-sensitivity",
            FigureId::ParamSweep => "param-sweep",
            FigureId::CropSweep => "crop-sweep",
        }
    }

    /// The figure named `s`.
    pub fn parse(s: &str) -> Option<FigureId> {
        FigureId::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// The hyperparameter the parameter sweep varies: every numeric parameter key of the losses
/// (a key shared by several losses sweeps each of them, one panel per range).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SweepParam {
    /// α (focal, Dice + focal: positive-class weight; Tversky: false-negative weight).
    Alpha,
    /// β (Tversky: false-positive weight; combo: weight of `y = 1` in its CE).
    Beta,
    /// γ (focal, focal Tversky, Dice + focal, unified focal).
    Gamma,
    /// λ (sensitivity–specificity; unified focal: weight of its focal Tversky part).
    Lambda,
    /// smooth (Dice, Tversky, generalized Dice, BCE + Dice, sensitivity–specificity,
    /// log-cosh Dice, combo).
    Smooth,
    /// w⁺ (weighted cross-entropy, Dice + CE).
    PosWeight,
    /// k, the percent of pixels top-k CE keeps.
    K,
    /// δ (unified focal: foreground weight).
    Delta,
    /// r, combo's weight of CE against Dice.
    CeRatio,
    /// The Dice part's weight (BCE + Dice, Dice + CE, Dice + focal).
    WDice,
    /// BCE + Dice's BCE weight.
    WBce,
    /// Dice + CE's CE weight.
    WCe,
    /// Dice + focal's focal weight.
    WFocal,
    /// The Dice numerator's smoothing (Dice + CE, Dice + focal).
    SmoothNr,
    /// The Dice denominator's smoothing (Dice + CE, Dice + focal).
    SmoothDr,
}

impl SweepParam {
    /// Every parameter: the article's losses' first, then those of the compound losses.
    pub const ALL: [SweepParam; 15] = [
        SweepParam::Alpha,
        SweepParam::Beta,
        SweepParam::Gamma,
        SweepParam::Lambda,
        SweepParam::Smooth,
        SweepParam::PosWeight,
        SweepParam::K,
        SweepParam::Delta,
        SweepParam::CeRatio,
        SweepParam::WDice,
        SweepParam::WBce,
        SweepParam::WCe,
        SweepParam::WFocal,
        SweepParam::SmoothNr,
        SweepParam::SmoothDr,
    ];

    /// The parameter's key in the losses' `ParamSpec`s (and the loss configurations).
    pub fn as_str(self) -> &'static str {
        match self {
            SweepParam::Alpha => tversky::ALPHA.key,
            SweepParam::Beta => tversky::BETA.key,
            SweepParam::Gamma => focal::GAMMA.key,
            SweepParam::Lambda => sensitivity_specificity::LAMBDA.key,
            SweepParam::Smooth => dice::SMOOTH.key,
            SweepParam::PosWeight => wce::POS_WEIGHT.key,
            SweepParam::K => topk_ce::K.key,
            SweepParam::Delta => unified_focal::DELTA.key,
            SweepParam::CeRatio => combo::CE_RATIO.key,
            SweepParam::WDice => bce_dice::W_DICE.key,
            SweepParam::WBce => bce_dice::W_BCE.key,
            SweepParam::WCe => dice_ce::W_CE.key,
            SweepParam::WFocal => dice_focal::W_FOCAL.key,
            SweepParam::SmoothNr => dice_ce::SMOOTH_NR.key,
            SweepParam::SmoothDr => dice_ce::SMOOTH_DR.key,
        }
    }

    /// The parameter named `s`.
    pub fn parse(s: &str) -> Option<SweepParam> {
        SweepParam::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// The losses that have this parameter as a number, in [`LossName::ALL`] order.
    pub fn losses(self) -> Vec<LossName> {
        LossName::ALL
            .into_iter()
            .filter(|l| l.spec(self.as_str()).is_some_and(|s| s.sweep_range().is_some()))
            .collect()
    }

    /// Whether `loss`'s sweep of this parameter runs on a log axis (its range spans decades):
    /// its control is logarithmic. Losses sharing a key may differ (`smooth`).
    pub fn is_log_for(self, loss: LossName) -> bool {
        loss.spec(self.as_str()).is_some_and(|s| s.is_log())
    }
}

/// Everything the curves view lets a person choose.
#[derive(Debug, Clone, PartialEq)]
pub struct CurveSettings {
    /// The losses drawn (the current loss is always added).
    pub losses: Vec<LossName>,
    /// The parameter of the parameter sweep.
    pub sweep_param: SweepParam,
    /// Extra background confidences overlaid on the size sweep (the scene's own is always
    /// drawn), each in `[1e-4, 0.5]`.
    pub backgrounds: Vec<f64>,
    /// Points per curve, in `[16, 400]`.
    pub points: usize,
}

impl Default for CurveSettings {
    fn default() -> Self {
        CurveSettings {
            losses: vec![
                LossName::Bce,
                LossName::Wce,
                LossName::Focal,
                LossName::Dice,
                LossName::Iou,
                LossName::Tversky,
            ],
            sweep_param: SweepParam::Alpha,
            backgrounds: vec![0.001],
            points: 96,
        }
    }
}

/// Smallest and largest points per curve.
pub const POINTS_RANGE: (usize, usize) = (16, 400);

impl CurveSettings {
    /// Every setting as `key → text`.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let losses: Vec<&str> = self.losses.iter().map(|l| l.as_str()).collect();
        let backgrounds: Vec<String> = self.backgrounds.iter().map(|b| b.to_string()).collect();
        vec![
            ("curves.losses", losses.join(",")),
            ("curves.sweep_param", self.sweep_param.as_str().to_string()),
            ("curves.backgrounds", backgrounds.join(",")),
            ("curves.points", self.points.to_string()),
        ]
    }

    /// Parses, checks and sets one setting; an unknown key or a bad value is refused with a
    /// sentence, leaving the settings as they were.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        let items = || value.split(',').map(str::trim).filter(|s| !s.is_empty());
        match key {
            "curves.losses" => {
                let mut losses = Vec::new();
                for word in items() {
                    let loss = LossName::parse(word)
                        .ok_or_else(|| format!("curves.losses: unknown loss \"{word}\""))?;
                    if !losses.contains(&loss) {
                        losses.push(loss);
                    }
                }
                self.losses = losses;
            }
            "curves.sweep_param" => {
                self.sweep_param = SweepParam::parse(value.trim()).ok_or_else(|| {
                    let names: Vec<&str> = SweepParam::ALL.iter().map(|p| p.as_str()).collect();
                    format!("curves.sweep_param: \"{value}\" is not one of {}", names.join(", "))
                })?;
            }
            "curves.backgrounds" => {
                let mut list = Vec::new();
                for word in items() {
                    match word.parse::<f64>() {
                        Ok(b)
                            if (crate::scene::MIN_BACKGROUND..=crate::scene::MAX_BACKGROUND)
                                .contains(&b) =>
                        {
                            list.push(b)
                        }
                        _ => {
                            return Err(format!(
                                "curves.backgrounds: \"{word}\" is not a number in [1e-4, 0.5]"
                            ))
                        }
                    }
                }
                if list.len() > 4 {
                    return Err("curves.backgrounds: at most 4 extra backgrounds".to_string());
                }
                self.backgrounds = list;
            }
            "curves.points" => {
                let (lo, hi) = POINTS_RANGE;
                self.points = match value.trim().parse::<usize>() {
                    Ok(n) if (lo..=hi).contains(&n) => n,
                    _ => return Err(format!("curves.points: \"{value}\" is not in {lo} … {hi}")),
                };
            }
            _ => return Err(format!("unknown setting \"{key}\"")),
        }
        Ok(())
    }

    /// The losses drawn: the chosen ones, with `current` added if missing.
    pub fn drawn(&self, current: LossName) -> Vec<LossName> {
        let mut list = self.losses.clone();
        if !list.contains(&current) {
            list.push(current);
        }
        list
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pair_round_trips_through_apply() {
        let mut custom = CurveSettings {
            losses: vec![LossName::Dice, LossName::SensitivitySpecificity],
            sweep_param: SweepParam::Smooth,
            backgrounds: vec![0.01, 0.0001],
            points: 50,
        };
        for settings in [CurveSettings::default(), custom.clone()] {
            let mut back = CurveSettings {
                losses: vec![],
                sweep_param: SweepParam::Gamma,
                backgrounds: vec![0.3],
                points: 17,
            };
            for (key, value) in settings.pairs() {
                back.apply(key, &value).expect("a pair written by pairs() applies");
            }
            assert_eq!(back, settings);
        }
        assert!(custom.apply("curves.points", "3").is_err());
        assert!(custom.apply("curves.losses", "dice,nope").is_err());
        assert!(custom.apply("curves.backgrounds", "0.9").is_err());
        assert!(custom.apply("curves.nope", "1").is_err());
        assert_eq!(custom.points, 50, "a refused value leaves the setting alone");
    }

    #[test]
    fn ids_round_trip() {
        for f in FigureId::ALL {
            assert_eq!(FigureId::parse(f.as_str()), Some(f));
        }
        for p in SweepParam::ALL {
            assert_eq!(SweepParam::parse(p.as_str()), Some(p));
        }
    }
}
