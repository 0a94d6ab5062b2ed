//! [`LossName`]: the losses by their names in `losses.md` (the article's ten) and
//! `losses-compound.md` (seven more), their colours, and each loss's table of parameter specs.

use super::spec::{ParamSpec, ParamTable};
use super::{
    bce_dice, boundary, cldice, combo, dice, dice_ce, dice_cldice, dice_focal, focal,
    focal_tversky, generalized_dice, hausdorff_dt, iou, log_cosh_dice, sensitivity_specificity,
    topk_ce, tversky, unified_focal, wce,
};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Every loss by its name in `losses.md` (the article's ten) and `losses-compound.md`.
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
    /// Dice + cross-entropy (MONAI `DiceCELoss`).
    DiceCe,
    /// Dice + focal (MONAI `DiceFocalLoss`).
    DiceFocal,
    /// Cross-entropy over the k % hardest pixels (nnU-Net `TopKLoss`).
    TopkCe,
    /// Lovász hinge (smp `LovaszLoss`).
    LovaszHinge,
    /// log(cosh(Dice loss)).
    LogCoshDice,
    /// Combo loss: weighted CE minus Dice.
    Combo,
    /// Asymmetric unified focal loss.
    UnifiedFocal,
    /// Boundary (surface) loss: the target's signed distance map × p (Kervadec et al.).
    Boundary,
    /// Hausdorff distance loss via distance transforms (MONAI `HausdorffDTLoss`).
    HausdorffDt,
    /// Soft clDice (MONAI `SoftclDiceLoss`).
    Cldice,
    /// Dice + clDice (MONAI `SoftDiceclDiceLoss`).
    DiceCldice,
}

impl LossName {
    /// How many losses there are.
    pub const COUNT: usize = 21;

    /// Every loss: the article's ten in its order, then the seven of `losses-compound.md`.
    pub const ALL: [LossName; LossName::COUNT] = [
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
        LossName::DiceCe,
        LossName::DiceFocal,
        LossName::TopkCe,
        LossName::LovaszHinge,
        LossName::LogCoshDice,
        LossName::Combo,
        LossName::UnifiedFocal,
        LossName::Boundary,
        LossName::HausdorffDt,
        LossName::Cldice,
        LossName::DiceCldice,
    ];

    /// The article's ten losses (`losses.md`).
    pub const ARTICLE: [LossName; 10] = [
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

    /// The compound and ranking losses (`losses-compound.md`).
    pub const COMPOUND: [LossName; 7] = [
        LossName::DiceCe,
        LossName::DiceFocal,
        LossName::TopkCe,
        LossName::LovaszHinge,
        LossName::LogCoshDice,
        LossName::Combo,
        LossName::UnifiedFocal,
    ];

    /// The geometry losses (`losses-geometry.md`).
    pub const GEOMETRY: [LossName; 4] =
        [LossName::Boundary, LossName::HausdorffDt, LossName::Cldice, LossName::DiceCldice];

    /// The loss's place in [`LossName::ALL`] (an index into arrays sized by it).
    pub fn index(self) -> usize {
        self as usize
    }

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
            LossName::DiceCe => "dice_ce",
            LossName::DiceFocal => "dice_focal",
            LossName::TopkCe => "topk_ce",
            LossName::LovaszHinge => "lovasz_hinge",
            LossName::LogCoshDice => "log_cosh_dice",
            LossName::Combo => "combo",
            LossName::UnifiedFocal => "unified_focal",
            LossName::Boundary => "boundary",
            LossName::HausdorffDt => "hausdorff_dt",
            LossName::Cldice => "cldice",
            LossName::DiceCldice => "dice_cldice",
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
            LossName::DiceCe => (0x00, 0x6d, 0x77),
            LossName::DiceFocal => (0x6a, 0x3d, 0x9a),
            LossName::TopkCe => (0x1b, 0x3a, 0x6b),
            LossName::LovaszHinge => (0xb1, 0x59, 0x28),
            LossName::LogCoshDice => (0x99, 0x00, 0x00),
            LossName::Combo => (0x33, 0x66, 0x00),
            LossName::UnifiedFocal => (0xc5, 0x1b, 0x7d),
            LossName::Boundary => (0x00, 0x8b, 0x8b),
            LossName::HausdorffDt => (0x4d, 0x4d, 0x00),
            LossName::Cldice => (0xd9, 0x5f, 0x02),
            LossName::DiceCldice => (0x80, 0x3c, 0x8f),
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
            LossName::DiceCe => dice_ce::PARAMS,
            LossName::DiceFocal => dice_focal::PARAMS,
            LossName::TopkCe => topk_ce::PARAMS,
            LossName::LovaszHinge => ParamTable::NONE,
            LossName::LogCoshDice => log_cosh_dice::PARAMS,
            LossName::Combo => combo::PARAMS,
            LossName::UnifiedFocal => unified_focal::PARAMS,
            LossName::Boundary => boundary::PARAMS,
            LossName::HausdorffDt => hausdorff_dt::PARAMS,
            LossName::Cldice => cldice::PARAMS,
            LossName::DiceCldice => dice_cldice::PARAMS,
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

    /// Whether the loss is one of the article's ten.
    pub fn is_article(self) -> bool {
        self.index() < LossName::ARTICLE.len()
    }
}

impl fmt::Display for LossName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}
