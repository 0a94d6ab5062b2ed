//! Multi-class parameters (`multiclass.md`): which losses take channels, how a batch of
//! `[B, C, H, W]` is aggregated, and the reading of a `params` list into a [`McConfig`].
//!
//! A multi-class loss keeps the parameters of its binary card (`smooth`, `alpha`, `eps`, …,
//! read through [`LossConfig::from_params`], so every range is checked in one place) and adds
//! the aggregation keys: `activation`, `include_background`, `batch`, `absent`,
//! `class_reduction`, and `class_weights` for `ce`.

use super::{
    DiceFocalParams, FocalReduction, GeneralizedDiceParams, LossConfig, LossName, ParamError,
    ParamValue, TverskyParams,
};
use crate::eval::BatchReduction;
use serde::{Deserialize, Serialize};
use std::fmt;

/// How channels become probabilities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Activation {
    /// Over the channel axis, per pixel (one class per pixel).
    Softmax,
    /// Per channel (multi-label; the only choice for `C = 1`).
    Sigmoid,
}

/// What a class with no target pixel in a unit contributes to a region loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Absent {
    /// The formula as it is (MONAI): ≈ 1 when the class is predicted at all.
    Keep,
    /// 0 with zero gradient, still counted in the class mean (smp).
    Zero,
}

/// How the kept classes' terms are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassReduction {
    /// `(1/|K|) Σc ℓ[c]`.
    Mean,
    /// `Σc ℓ[c]`.
    Sum,
}

words!(Activation { Softmax => "softmax", Sigmoid => "sigmoid" });
words!(Absent { Keep => "keep", Zero => "zero" });
words!(ClassReduction { Mean => "mean", Sum => "sum" });

/// How a multi-class batch is aggregated; the defaults are the contract's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Aggregation {
    /// `activation` (softmax for `C ≥ 2`).
    pub activation: Activation,
    /// `include_background`: keep channel 0 among the classes (ignored for `C = 1`).
    pub include_background: bool,
    /// `batch`: per image or pooled over the batch.
    pub batch: BatchReduction,
    /// `absent` (region losses; generalized Dice keeps its own policy).
    pub absent: Absent,
    /// `class_reduction`.
    pub class_reduction: ClassReduction,
}

impl Default for Aggregation {
    fn default() -> Self {
        Aggregation {
            activation: Activation::Softmax,
            include_background: true,
            batch: BatchReduction::PerImage,
            absent: Absent::Keep,
            class_reduction: ClassReduction::Mean,
        }
    }
}

impl Aggregation {
    /// The classes kept out of `classes`: all, or all but the background channel 0
    /// (`include_background = false`, ignored for one channel as in MONAI).
    pub fn kept(&self, classes: usize) -> std::ops::Range<usize> {
        if self.include_background || classes == 1 {
            0..classes
        } else {
            1..classes
        }
    }
}

/// The losses that take channels (`multiclass.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum McLossName {
    /// Soft Dice.
    Dice,
    /// Soft Jaccard.
    Iou,
    /// Tversky.
    Tversky,
    /// Focal Tversky (the power after the class mean, per unit: smp).
    FocalTversky,
    /// Generalized Dice.
    GeneralizedDice,
    /// Softmax cross-entropy with class weights (torch `CrossEntropyLoss`).
    Ce,
    /// Softmax focal (MONAI `FocalLoss(use_softmax=True)`).
    Focal,
    /// Dice + CE (MONAI `DiceCELoss(softmax=True)`).
    DiceCe,
    /// Dice + softmax focal.
    DiceFocal,
}

words!(McLossName {
    Dice => "dice",
    Iou => "iou",
    Tversky => "tversky",
    FocalTversky => "focal_tversky",
    GeneralizedDice => "generalized_dice",
    Ce => "ce",
    Focal => "focal",
    DiceCe => "dice_ce",
    DiceFocal => "dice_focal",
});

impl McLossName {
    /// The binary loss of the same name (`ce` has none: two-class CE is `bce`).
    pub fn binary(self) -> Option<LossName> {
        Some(match self {
            McLossName::Dice => LossName::Dice,
            McLossName::Iou => LossName::Iou,
            McLossName::Tversky => LossName::Tversky,
            McLossName::FocalTversky => LossName::FocalTversky,
            McLossName::GeneralizedDice => LossName::GeneralizedDice,
            McLossName::Ce => return None,
            McLossName::Focal => LossName::Focal,
            McLossName::DiceCe => LossName::DiceCe,
            McLossName::DiceFocal => LossName::DiceFocal,
        })
    }

    /// The multi-class loss of a binary name, if it has one.
    pub fn of_binary(name: LossName) -> Option<McLossName> {
        McLossName::WORDS.iter().map(|(n, _)| *n).find(|n| n.binary() == Some(name))
    }

    /// Whether the loss is a region loss (a per-class Dice-like term; `absent`,
    /// `include_background` and `class_reduction` apply).
    pub fn has_region_part(self) -> bool {
        !matches!(self, McLossName::Ce | McLossName::Focal)
    }

    /// Whether it needs softmax when `C ≥ 2` (cross-entropy and focal parts).
    pub fn needs_softmax(self) -> bool {
        matches!(
            self,
            McLossName::Ce | McLossName::Focal | McLossName::DiceCe | McLossName::DiceFocal
        )
    }

    /// Whether `[X, H, W]` means `[C, H, W]` for it (else a binary batch `[B, H, W]`).
    pub fn three_dims_are_channels(name: &str) -> bool {
        matches!(name, "generalized_dice" | "ce" | "dice_ce" | "dice_focal")
    }
}

impl fmt::Display for McLossName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The Dice term of the region losses: `1 − (2I + nr)/(den + dr)`, `den = Sy + Sp` or
/// `Σy² + Σp²` (squared).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DiceTerm {
    /// Added to the numerator.
    pub smooth_nr: f64,
    /// Added to the denominator.
    pub smooth_dr: f64,
    /// V-Net's squared denominator.
    pub squared: bool,
}

/// One class's term of a region loss, on a unit's sums.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum RegionTerm {
    /// Soft Dice.
    Dice(DiceTerm),
    /// Soft Jaccard with `eps` in numerator and denominator.
    Iou {
        /// `ε_J`.
        eps: f64,
    },
    /// Tversky (`alpha` on false negatives, the seed's convention).
    Tversky(TverskyParams),
}

/// A multi-class loss with its own parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum McLoss {
    /// Dice, IoU or Tversky: per unit and class.
    Region(RegionTerm),
    /// Tversky per class, the class mean raised to `gamma` per unit.
    FocalTversky {
        /// The Tversky term.
        tversky: TverskyParams,
        /// The exponent.
        gamma: f64,
    },
    /// Generalized Dice per unit.
    GeneralizedDice(GeneralizedDiceParams),
    /// Weighted softmax cross-entropy.
    Ce {
        /// One weight per class.
        class_weights: Vec<f64>,
    },
    /// Softmax focal.
    Focal(SoftmaxFocal),
    /// `w_dice·dice + w_ce·ce` (CE over all classes, unweighted).
    DiceCe {
        /// The Dice part.
        dice: DiceTerm,
        /// Weight of the Dice part.
        w_dice: f64,
        /// Weight of the CE part.
        w_ce: f64,
    },
    /// `w_dice·dice + w_focal·focal` (softmax focal, all classes).
    DiceFocal {
        /// The Dice part.
        dice: DiceTerm,
        /// Weight of the Dice part.
        w_dice: f64,
        /// Weight of the focal part.
        w_focal: f64,
        /// The focal part.
        focal: SoftmaxFocal,
    },
}

/// The softmax focal loss' parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SoftmaxFocal {
    /// Focusing exponent.
    pub gamma: f64,
    /// `a[0] = 1 − α`, `a[c ≥ 1] = α`; none: every class 1.
    pub alpha: Option<f64>,
}

/// A multi-class loss and its aggregation, validated for a class count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct McConfig {
    /// Which loss.
    pub name: McLossName,
    /// Its parameters.
    pub loss: McLoss,
    /// How the batch is aggregated.
    pub aggregation: Aggregation,
    /// The class count it was validated for.
    pub classes: usize,
}

/// A refused multi-class parameter: its key and why.
#[derive(Debug, Clone, PartialEq)]
pub struct McParamError {
    /// The parameter's key (`include_background`, `alpha`, …), or `loss` / `shape`.
    pub key: String,
    /// The reason, one line.
    pub message: String,
}

impl fmt::Display for McParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

impl McParamError {
    fn new(key: &str, message: impl Into<String>) -> McParamError {
        McParamError { key: key.to_string(), message: message.into() }
    }
}

impl From<ParamError> for McParamError {
    fn from(e: ParamError) -> McParamError {
        let key = match &e {
            ParamError::Unknown { name, .. } => name.clone(),
            ParamError::Invalid { name, .. } => (*name).to_string(),
        };
        McParamError { key, message: e.to_string() }
    }
}

/// The keys of [`Aggregation`].
pub const AGGREGATION_KEYS: [&str; 5] =
    ["activation", "include_background", "batch", "absent", "class_reduction"];

/// The word JSON `null` stands for.
const NULL_WORD: &str = "none";

impl McConfig {
    /// Reads `params` (the loss' own keys and the aggregation keys) for `classes` channels
    /// (`classes ≥ 2`, or 1 for a sigmoid region loss), with `class_weights` for `ce`.
    pub fn from_params(
        name: McLossName,
        classes: usize,
        params: &[(&str, ParamValue)],
        class_weights: Option<&[f64]>,
    ) -> Result<McConfig, McParamError> {
        if classes == 0 {
            return Err(McParamError::new("shape", "the channel count C must be ≥ 1"));
        }
        let mut aggregation = Aggregation::default();
        if classes == 1 {
            aggregation.activation = Activation::Sigmoid;
        }
        let mut own: Vec<(&str, &ParamValue)> = Vec::new();
        let mut given = Vec::new();
        for (key, value) in params {
            let is_gdl_absent = *key == "absent" && name == McLossName::GeneralizedDice;
            if AGGREGATION_KEYS.contains(key) && !is_gdl_absent {
                set_aggregation(&mut aggregation, key, value)?;
                given.push(*key);
            } else {
                own.push((key, value));
            }
        }
        check_aggregation(name, classes, &aggregation, &given)?;
        let loss = match name {
            McLossName::Ce => ce(classes, &own, class_weights)?,
            _ if class_weights.is_some() => {
                return Err(McParamError::new(
                    "class_weights",
                    format!("is a parameter of ce only, not of {name}"),
                ))
            }
            McLossName::Focal => McLoss::Focal(softmax_focal(&own, "reduction")?),
            McLossName::DiceCe | McLossName::DiceFocal => dice_compound(name, &own)?,
            _ => {
                let binary = name.binary().expect("every loss but ce has a binary card");
                if classes >= 2 && own.iter().any(|(k, _)| *k == "empty") {
                    return Err(McParamError::new(
                        "empty",
                        "applies to one channel only; with C ≥ 2 an empty class is decided \
                         by absent",
                    ));
                }
                match LossConfig::from_params(binary, own.iter().copied())? {
                    LossConfig::Dice(p) => McLoss::Region(RegionTerm::Dice(DiceTerm {
                        smooth_nr: p.smooth,
                        smooth_dr: p.smooth,
                        squared: p.squared,
                    })),
                    LossConfig::Iou(p) => McLoss::Region(RegionTerm::Iou { eps: p.eps }),
                    LossConfig::Tversky(p) => McLoss::Region(RegionTerm::Tversky(p)),
                    LossConfig::FocalTversky(p) => {
                        McLoss::FocalTversky { tversky: p.tversky, gamma: p.gamma }
                    }
                    LossConfig::GeneralizedDice(p) => McLoss::GeneralizedDice(p),
                    other => unreachable!("{:?} is not a region loss", other.name()),
                }
            }
        };
        Ok(McConfig { name, loss, aggregation, classes })
    }

    /// The classes kept.
    pub fn kept(&self) -> std::ops::Range<usize> {
        self.aggregation.kept(self.classes)
    }
}

fn set_aggregation(
    agg: &mut Aggregation,
    key: &str,
    value: &ParamValue,
) -> Result<(), McParamError> {
    let word = |allowed: String| -> Result<&str, McParamError> {
        match value {
            ParamValue::Text(s) => Ok(s.as_str()),
            other => Err(McParamError::new(key, format!("{other} must be {allowed}"))),
        }
    };
    let bad = |allowed: String| McParamError::new(key, format!("{value} must be {allowed}"));
    match key {
        "activation" => {
            agg.activation = Activation::parse(word(Activation::allowed())?)
                .ok_or_else(|| bad(Activation::allowed()))?;
        }
        "include_background" => match value {
            ParamValue::Bool(b) => agg.include_background = *b,
            _ => return Err(bad("true or false".to_string())),
        },
        "batch" => {
            agg.batch = match word("\"per_image\" or \"pooled\"".to_string())? {
                "per_image" => BatchReduction::PerImage,
                "pooled" => BatchReduction::Pooled,
                _ => return Err(bad("\"per_image\" or \"pooled\"".to_string())),
            };
        }
        "absent" => {
            agg.absent =
                Absent::parse(word(Absent::allowed())?).ok_or_else(|| bad(Absent::allowed()))?;
        }
        "class_reduction" => {
            agg.class_reduction = ClassReduction::parse(word(ClassReduction::allowed())?)
                .ok_or_else(|| bad(ClassReduction::allowed()))?;
        }
        _ => unreachable!("not an aggregation key: {key}"),
    }
    Ok(())
}

/// The contract's refusals of an aggregation that a loss cannot take.
fn check_aggregation(
    name: McLossName,
    classes: usize,
    agg: &Aggregation,
    given: &[&str],
) -> Result<(), McParamError> {
    if classes == 1 && agg.activation == Activation::Softmax {
        return Err(McParamError::new(
            "activation",
            "softmax over one channel is the constant 1; C = 1 takes sigmoid",
        ));
    }
    if classes >= 2 && name.needs_softmax() && agg.activation == Activation::Sigmoid {
        return Err(McParamError::new(
            "activation",
            format!("{name} with C ≥ 2 needs softmax (sigmoid is multi-label)"),
        ));
    }
    let refuse_background =
        matches!(name, McLossName::Ce | McLossName::Focal | McLossName::DiceFocal);
    if refuse_background && !agg.include_background && classes >= 2 {
        return Err(McParamError::new(
            "include_background",
            format!(
                "{name} always includes the background channel (MONAI's FocalLoss without it \
                 softmaxes the remaining logits only)"
            ),
        ));
    }
    if matches!(name, McLossName::Ce | McLossName::Focal) && given.contains(&"batch") {
        return Err(McParamError::new(
            "batch",
            format!("{name} is always a mean over all B·H·W pixels"),
        ));
    }
    if !name.has_region_part() {
        for key in ["absent", "class_reduction"] {
            if given.contains(&key) {
                return Err(McParamError::new(key, format!("{name} has no region part")));
            }
        }
    }
    Ok(())
}

/// `ce`: `class_weights` (C numbers ≥ 0, all 1 by default) and nothing else.
fn ce(
    classes: usize,
    own: &[(&str, &ParamValue)],
    class_weights: Option<&[f64]>,
) -> Result<McLoss, McParamError> {
    if classes < 2 {
        return Err(McParamError::new("shape", "ce needs C ≥ 2 channels (two-class CE is bce)"));
    }
    if let Some((key, _)) = own.first() {
        return Err(McParamError::new(
            key,
            "unknown parameter of ce (its parameters: class_weights, activation)",
        ));
    }
    let weights = match class_weights {
        None => vec![1.0; classes],
        Some(w) => {
            if w.len() != classes {
                return Err(McParamError::new(
                    "class_weights",
                    format!("has {} values, but there are C = {classes} classes", w.len()),
                ));
            }
            if let Some(i) = w.iter().position(|x| !(x.is_finite() && *x >= 0.0)) {
                return Err(McParamError::new(
                    "class_weights",
                    format!("class_weights[{i}] = {} must be a finite number ≥ 0", w[i]),
                ));
            }
            w.to_vec()
        }
    };
    Ok(McLoss::Ce { class_weights: weights })
}

/// `alpha` as a number in [0, 1] or `null`.
fn optional_alpha(value: &ParamValue) -> Result<Option<f64>, McParamError> {
    match value {
        ParamValue::Text(s) if s == NULL_WORD => Ok(None),
        ParamValue::Number(x) if (0.0..=1.0).contains(x) => Ok(Some(*x)),
        other => Err(McParamError::new("alpha", format!("{other} must be in [0, 1] or null"))),
    }
}

/// The softmax focal part: `gamma`, `alpha` (none by default), and `reduction` only as
/// `mean` when `reduction_key` names it.
fn softmax_focal(
    own: &[(&str, &ParamValue)],
    reduction_key: &str,
) -> Result<SoftmaxFocal, McParamError> {
    let mut alpha = None;
    let mut rest = Vec::new();
    for &(key, value) in own {
        if key == "alpha" {
            alpha = optional_alpha(value)?;
        } else {
            rest.push((key, value));
        }
    }
    let LossConfig::Focal(p) = LossConfig::from_params(LossName::Focal, rest)? else {
        unreachable!("focal's config")
    };
    if p.reduction != FocalReduction::Mean {
        return Err(McParamError::new(
            reduction_key,
            "with C ≥ 2 focal is a mean over B·C·H·W elements (MONAI FocalLoss)",
        ));
    }
    Ok(SoftmaxFocal { gamma: p.gamma, alpha })
}

/// Dice + CE and Dice + focal: their binary cards' parameters, `smooth` (both smoothing
/// terms), `squared`; `pos_weight` is binary only.
fn dice_compound(name: McLossName, own: &[(&str, &ParamValue)]) -> Result<McLoss, McParamError> {
    let mut smooth = None;
    let mut squared = false;
    let mut rest = Vec::new();
    for &(key, value) in own {
        match key {
            "smooth" => match value {
                ParamValue::Number(x) if *x >= 0.0 => smooth = Some(*x),
                other => return Err(McParamError::new(key, format!("{other} must be ≥ 0"))),
            },
            "squared" => match value {
                ParamValue::Bool(b) => squared = *b,
                other => {
                    return Err(McParamError::new(key, format!("{other} must be true or false")))
                }
            },
            "pos_weight" if name == McLossName::DiceCe => {
                return Err(McParamError::new(
                    key,
                    "is binary only; with C ≥ 2 the CE part is unweighted (ce takes \
                     class_weights)",
                ))
            }
            _ => rest.push((key, value)),
        }
    }
    let term = |nr: f64, dr: f64| DiceTerm {
        smooth_nr: smooth.unwrap_or(nr),
        smooth_dr: smooth.unwrap_or(dr),
        squared,
    };
    if name == McLossName::DiceCe {
        let LossConfig::DiceCe(p) = LossConfig::from_params(LossName::DiceCe, rest)? else {
            unreachable!("dice_ce's config")
        };
        Ok(McLoss::DiceCe { dice: term(p.smooth_nr, p.smooth_dr), w_dice: p.w_dice, w_ce: p.w_ce })
    } else {
        let mut alpha = None;
        let mut others = Vec::new();
        for (key, value) in rest {
            if key == "alpha" {
                alpha = optional_alpha(value)?;
            } else {
                others.push((key, value));
            }
        }
        let LossConfig::DiceFocal(p) = LossConfig::from_params(LossName::DiceFocal, others)? else {
            unreachable!("dice_focal's config")
        };
        let DiceFocalParams { smooth_nr, smooth_dr, gamma, w_dice, w_focal, .. } = p;
        Ok(McLoss::DiceFocal {
            dice: term(smooth_nr, smooth_dr),
            w_dice,
            w_focal,
            focal: SoftmaxFocal { gamma, alpha },
        })
    }
}
