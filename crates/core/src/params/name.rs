//! [`LossName`]: the ten losses by their names in `losses.md`, their colours, and each
//! loss's table of parameter specs.

use super::spec::{ParamSpec, ParamTable};
use super::{
    bce_dice, dice, focal, focal_tversky, generalized_dice, iou, sensitivity_specificity, tversky,
    wce,
};
use serde::{Deserialize, Serialize};
use std::fmt;

/// The ten losses of the article, by their names in `losses.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossName {
    /// Binary cross-entropy (log loss).
    Bce,
    /// Weighted cross-entropy.
    Wce,
    /// Focal loss.
    Focal,
    /// Soft Dice loss.
    Dice,
    /// Soft Jaccard (IoU) loss.
    Iou,
    /// Tversky loss (α on false negatives, as in the article).
    Tversky,
    /// Focal Tversky loss.
    FocalTversky,
    /// Sensitivity–specificity loss.
    SensitivitySpecificity,
    /// Generalized Dice loss.
    GeneralizedDice,
    /// BCE + Dice.
    BceDice,
}

impl LossName {
    /// Every loss, in the article's order.
    pub const ALL: [LossName; 10] = [
        LossName::Bce,
        LossName::Wce,
        LossName::Focal,
        LossName::Dice,
        LossName::Iou,
        LossName::Tversky,
        LossName::FocalTversky,
        LossName::SensitivitySpecificity,
        LossName::GeneralizedDice,
        LossName::BceDice,
    ];

    /// The name used in `losses.md`, the JSON and the page's hooks.
    pub fn as_str(self) -> &'static str {
        match self {
            LossName::Bce => "bce",
            LossName::Wce => "wce",
            LossName::Focal => "focal",
            LossName::Dice => "dice",
            LossName::Iou => "iou",
            LossName::Tversky => "tversky",
            LossName::FocalTversky => "focal_tversky",
            LossName::SensitivitySpecificity => "sensitivity_specificity",
            LossName::GeneralizedDice => "generalized_dice",
            LossName::BceDice => "bce_dice",
        }
    }

    /// The loss's colour in every chart and map, as `(r, g, b)` (a categorical palette that
    /// keeps the cross-entropy family blue, the overlap family warm).
    pub fn rgb(self) -> (u8, u8, u8) {
        match self {
            LossName::Bce => (0x1f, 0x77, 0xb4),
            LossName::Wce => (0x17, 0xbe, 0xcf),
            LossName::Focal => (0x94, 0x67, 0xbd),
            LossName::Dice => (0xd6, 0x27, 0x28),
            LossName::Iou => (0xff, 0x7f, 0x0e),
            LossName::Tversky => (0x8c, 0x56, 0x4b),
            LossName::FocalTversky => (0xe3, 0x77, 0xc2),
            LossName::SensitivitySpecificity => (0x7f, 0x7f, 0x7f),
            LossName::GeneralizedDice => (0xbc, 0xbd, 0x22),
            LossName::BceDice => (0x2c, 0xa0, 0x2c),
        }
    }

    /// [`LossName::rgb`] as CSS `#rrggbb`.
    pub fn css_color(self) -> String {
        let (r, g, b) = self.rgb();
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// Parses a name from `losses.md`.
    pub fn parse(name: &str) -> Option<LossName> {
        LossName::ALL.into_iter().find(|n| n.as_str() == name)
    }

    /// The loss's parameters, in the order of `losses.md` (the one table per loss).
    pub fn params(self) -> ParamTable {
        match self {
            LossName::Bce => ParamTable::NONE,
            LossName::Wce => wce::PARAMS,
            LossName::Focal => focal::PARAMS,
            LossName::Dice => dice::PARAMS,
            LossName::Iou => iou::PARAMS,
            LossName::Tversky => tversky::PARAMS,
            LossName::FocalTversky => focal_tversky::PARAMS,
            LossName::SensitivitySpecificity => sensitivity_specificity::PARAMS,
            LossName::GeneralizedDice => generalized_dice::PARAMS,
            LossName::BceDice => bce_dice::PARAMS,
        }
    }

    /// The specs of the loss's parameters, in the order of `losses.md`.
    pub fn specs(self) -> &'static [ParamSpec] {
        self.params().specs
    }

    /// The spec of parameter `key`, if the loss has one.
    pub fn spec(self, key: &str) -> Option<&'static ParamSpec> {
        self.specs().iter().find(|s| s.key == key)
    }

    /// Whether the loss is built from soft counts over the image (a region loss).
    pub fn is_region(self) -> bool {
        !matches!(self, LossName::Bce | LossName::Wce | LossName::Focal)
    }
}

impl fmt::Display for LossName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
