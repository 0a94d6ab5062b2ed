//! Loss names, parameters with the defaults of `losses.md`, and their validation.
//!
//! A [`LossConfig`] is what a person edits (plain fields, the article's defaults);
//! [`crate::Loss::new`] validates it once and gives something that can be evaluated.

mod config;

pub use config::{LossConfig, ParamError, ParamValue};
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

/// The positive-class weight of weighted cross-entropy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum PosWeight {
    /// A fixed weight `w⁺`.
    Fixed(f64),
    /// `(N − Sy) / Sy`, capped at 1e4, and 1 for an empty target.
    Balanced,
}

/// How focal loss reduces its per-pixel terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FocalReduction {
    /// Sum over pixels (the article's Keras code).
    Sum,
    /// Mean over pixels (torchvision `reduction="mean"`).
    Mean,
    /// Sum divided by `max(Sy, 1)` (RetinaNet).
    PerPositive,
}

/// What IoU does with an all-zero target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyPolicy {
    /// Compute on `1 − y`, `1 − p` (the article's code).
    Complement,
    /// Compute as usual.
    Plain,
}

/// Class weights of generalized Dice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightType {
    /// `1 / ((Σr)² + ε_w)`.
    Square,
    /// `1 / (Σr + ε_w)`.
    Simple,
    /// 1 for every class.
    Uniform,
}

/// The weight generalized Dice gives a class absent from the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsentPolicy {
    /// The formula as it stands: `1 / ε_w` (the article's).
    Epsilon,
    /// The largest weight among present classes, 0 if none is present (MONAI).
    Max,
    /// 0: the class is dropped.
    Zero,
}

/// Gives a word-valued option its words (as in JSON and `losses.md`): `WORDS`, `as_str`,
/// `parse` — one table, read both ways.
macro_rules! words {
    ($ty:ident { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $ty {
            /// Every option with its word.
            pub const WORDS: &'static [($ty, &'static str)] = &[$(($ty::$variant, $word)),+];
            /// This option's word.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $word),+
                }
            }
            /// The option named `word`, if any.
            pub fn parse(word: &str) -> Option<$ty> {
                Self::WORDS.iter().find(|(_, w)| *w == word).map(|(v, _)| *v)
            }
            /// `one of "a", "b"`: what a refusal says is allowed.
            pub fn allowed() -> String {
                let quoted: Vec<String> =
                    Self::WORDS.iter().map(|(_, w)| format!("\"{w}\"")).collect();
                format!("one of {}", quoted.join(", "))
            }
        }
    };
}

words!(FocalReduction { Sum => "sum", Mean => "mean", PerPositive => "per_positive" });
words!(EmptyPolicy { Complement => "complement", Plain => "plain" });
words!(WeightType { Square => "square", Simple => "simple", Uniform => "uniform" });
words!(AbsentPolicy { Epsilon => "epsilon", Max => "max", Zero => "zero" });

/// Weighted cross-entropy's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WceParams {
    /// Weight of the positive term.
    pub pos_weight: PosWeight,
}

/// Focal loss' parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FocalParams {
    /// Weight of the positive class, in [0, 1].
    pub alpha: f64,
    /// Focusing exponent, ≥ 0.
    pub gamma: f64,
    /// How the per-pixel terms are reduced.
    pub reduction: FocalReduction,
}

/// Soft Dice's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DiceParams {
    /// Added to numerator and denominator, ≥ 0.
    pub smooth: f64,
    /// V-Net's squared denominator `Σy² + Σp²`.
    pub squared: bool,
}

/// Soft Jaccard's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IouParams {
    /// `ε_J`, added to intersection and union, ≥ 0.
    pub eps: f64,
    /// What an all-zero target does.
    pub empty: EmptyPolicy,
}

/// Tversky's parameters. **α weighs false negatives, β false positives** (the article's
/// convention; MONAI, smp and Keras name them the other way round).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TverskyParams {
    /// Weight of false negatives, ≥ 0.
    pub alpha: f64,
    /// Weight of false positives, ≥ 0.
    pub beta: f64,
    /// Added to numerator and denominator, ≥ 0.
    pub smooth: f64,
}

/// Focal Tversky's parameters: `(1 − T)^γ`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FocalTverskyParams {
    /// The Tversky index inside.
    pub tversky: TverskyParams,
    /// Exponent, ≥ 0 (the paper's `1/γ`).
    pub gamma: f64,
}

/// Sensitivity–specificity's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SensitivitySpecificityParams {
    /// Weight of the sensitivity term, in [0, 1].
    pub lambda: f64,
    /// Added to both denominators, ≥ 0.
    pub smooth: f64,
}

/// Generalized Dice's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeneralizedDiceParams {
    /// Added to numerator and denominator, ≥ 0.
    pub smooth: f64,
    /// How class weights are made from target volumes.
    pub weight_type: WeightType,
    /// The weight of an absent class.
    pub absent: AbsentPolicy,
}

/// BCE + Dice's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BceDiceParams {
    /// Weight of the BCE term, ≥ 0.
    pub w_bce: f64,
    /// Weight of the Dice-loss term, ≥ 0.
    pub w_dice: f64,
    /// The Dice term's own parameters.
    pub dice: DiceParams,
}

/// `ε_w` of generalized Dice's weights (the article's).
pub const GDL_WEIGHT_EPS: f64 = 1e-6;

impl Default for DiceParams {
    fn default() -> Self {
        DiceParams { smooth: 1.0, squared: false }
    }
}

impl Default for TverskyParams {
    fn default() -> Self {
        TverskyParams { alpha: 0.7, beta: 0.3, smooth: 1.0 }
    }
}
