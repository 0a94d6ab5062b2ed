//! [`LossConfig`]: a loss with its parameters, their defaults, setting one by name, and
//! the range checks.

use super::*;
use std::fmt;

/// A loss and its parameters, as a person sets them; not yet validated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(tag = "loss", rename_all = "snake_case")]
pub enum LossConfig {
    /// Binary cross-entropy: no parameters.
    Bce,
    /// Weighted cross-entropy.
    Wce(WceParams),
    /// Focal loss.
    Focal(FocalParams),
    /// Soft Dice.
    Dice(DiceParams),
    /// Soft Jaccard.
    Iou(IouParams),
    /// Tversky.
    Tversky(TverskyParams),
    /// Focal Tversky.
    FocalTversky(FocalTverskyParams),
    /// Sensitivity–specificity.
    SensitivitySpecificity(SensitivitySpecificityParams),
    /// Generalized Dice.
    GeneralizedDice(GeneralizedDiceParams),
    /// BCE + Dice.
    BceDice(BceDiceParams),
}

/// One parameter value as it arrives from outside (JSON, URL, a form field).
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A number.
    Number(f64),
    /// A word (`"mean"`, `"balanced"`, ...).
    Text(String),
    /// A switch.
    Bool(bool),
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Number(x) => write!(f, "{x}"),
            ParamValue::Text(s) => write!(f, "\"{s}\""),
            ParamValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// Why a parameter was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum ParamError {
    /// The loss has no parameter of that name.
    Unknown {
        /// The loss.
        loss: LossName,
        /// The parameter's name.
        name: String,
    },
    /// The value is of the wrong kind or outside the allowed range.
    Invalid {
        /// The loss.
        loss: LossName,
        /// The parameter's name.
        name: &'static str,
        /// What was given.
        value: String,
        /// What is allowed.
        allowed: String,
    },
}

impl fmt::Display for ParamError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamError::Unknown { loss, name } => {
                let known = LossConfig::default_for(*loss).param_names().join(", ");
                let known = if known.is_empty() { "none".to_string() } else { known };
                write!(f, "`{loss}` has no parameter `{name}` (its parameters: {known})")
            }
            ParamError::Invalid { loss, name, value, allowed } => {
                write!(f, "`{loss}` parameter `{name}` = {value} is invalid: must be {allowed}")
            }
        }
    }
}

impl std::error::Error for ParamError {}

impl LossConfig {
    /// The loss with the defaults of `losses.md`.
    pub fn default_for(name: LossName) -> LossConfig {
        match name {
            LossName::Bce => LossConfig::Bce,
            LossName::Wce => LossConfig::Wce(WceParams { pos_weight: PosWeight::Fixed(10.0) }),
            LossName::Focal => LossConfig::Focal(FocalParams {
                alpha: 0.25,
                gamma: 2.0,
                reduction: FocalReduction::Mean,
            }),
            LossName::Dice => LossConfig::Dice(DiceParams::default()),
            LossName::Iou => {
                LossConfig::Iou(IouParams { eps: 1e-6, empty: EmptyPolicy::Complement })
            }
            LossName::Tversky => LossConfig::Tversky(TverskyParams::default()),
            LossName::FocalTversky => LossConfig::FocalTversky(FocalTverskyParams {
                tversky: TverskyParams::default(),
                gamma: 0.75,
            }),
            LossName::SensitivitySpecificity => {
                LossConfig::SensitivitySpecificity(SensitivitySpecificityParams {
                    lambda: 0.05,
                    smooth: 1e-5,
                })
            }
            LossName::GeneralizedDice => LossConfig::GeneralizedDice(GeneralizedDiceParams {
                smooth: 0.0,
                weight_type: WeightType::Square,
                absent: AbsentPolicy::Epsilon,
            }),
            LossName::BceDice => LossConfig::BceDice(BceDiceParams {
                w_bce: 1e-3,
                w_dice: 1.0,
                dice: DiceParams::default(),
            }),
        }
    }

    /// Which loss this is.
    pub fn name(&self) -> LossName {
        match self {
            LossConfig::Bce => LossName::Bce,
            LossConfig::Wce(_) => LossName::Wce,
            LossConfig::Focal(_) => LossName::Focal,
            LossConfig::Dice(_) => LossName::Dice,
            LossConfig::Iou(_) => LossName::Iou,
            LossConfig::Tversky(_) => LossName::Tversky,
            LossConfig::FocalTversky(_) => LossName::FocalTversky,
            LossConfig::SensitivitySpecificity(_) => LossName::SensitivitySpecificity,
            LossConfig::GeneralizedDice(_) => LossName::GeneralizedDice,
            LossConfig::BceDice(_) => LossName::BceDice,
        }
    }

    /// The names of the parameters this loss takes, as used in JSON and `losses.md`.
    pub fn param_names(&self) -> &'static [&'static str] {
        match self {
            LossConfig::Bce => &[],
            LossConfig::Wce(_) => &["pos_weight"],
            LossConfig::Focal(_) => &["alpha", "gamma", "reduction"],
            LossConfig::Dice(_) => &["smooth", "squared"],
            LossConfig::Iou(_) => &["eps", "empty"],
            LossConfig::Tversky(_) => &["alpha", "beta", "smooth"],
            LossConfig::FocalTversky(_) => &["alpha", "beta", "smooth", "gamma"],
            LossConfig::SensitivitySpecificity(_) => &["lambda", "smooth"],
            LossConfig::GeneralizedDice(_) => &["smooth", "weight_type", "absent"],
            LossConfig::BceDice(_) => &["w_bce", "w_dice", "smooth", "squared"],
        }
    }

    /// The loss `name` with its defaults, then each `(key, value)` applied and checked.
    pub fn from_params<'a>(
        name: LossName,
        params: impl IntoIterator<Item = (&'a str, &'a ParamValue)>,
    ) -> Result<LossConfig, ParamError> {
        let mut config = LossConfig::default_for(name);
        for (key, value) in params {
            config.set(key, value)?;
        }
        config.validate()?;
        Ok(config)
    }

    /// Sets one parameter by name, checking its kind (ranges are checked by `validate`).
    pub fn set(&mut self, key: &str, value: &ParamValue) -> Result<(), ParamError> {
        let loss = self.name();
        let unknown = || ParamError::Unknown { loss, name: key.to_string() };
        let Some(&name) = self.param_names().iter().find(|&&n| n == key) else {
            return Err(unknown());
        };
        let invalid = |allowed: &str| ParamError::Invalid {
            loss,
            name,
            value: value.to_string(),
            allowed: allowed.to_string(),
        };
        let number = || match value {
            ParamValue::Number(x) => Ok(*x),
            _ => Err(invalid("a number")),
        };
        let flag = || match value {
            ParamValue::Bool(b) => Ok(*b),
            _ => Err(invalid("true or false")),
        };
        let word = || match value {
            ParamValue::Text(s) => Ok(s.as_str()),
            _ => Err(invalid("a word")),
        };
        match (self, name) {
            (LossConfig::Wce(p), "pos_weight") => {
                p.pos_weight = match value {
                    ParamValue::Number(x) => PosWeight::Fixed(*x),
                    ParamValue::Text(s) if s == "balanced" => PosWeight::Balanced,
                    _ => return Err(invalid("a positive number or \"balanced\"")),
                }
            }
            (LossConfig::Focal(p), "alpha") => p.alpha = number()?,
            (LossConfig::Focal(p), "gamma") => p.gamma = number()?,
            (LossConfig::Focal(p), "reduction") => {
                p.reduction = FocalReduction::parse(word()?)
                    .ok_or_else(|| invalid(&FocalReduction::allowed()))?;
            }
            (LossConfig::Dice(p), "smooth") => p.smooth = number()?,
            (LossConfig::Dice(p), "squared") => p.squared = flag()?,
            (LossConfig::Iou(p), "eps") => p.eps = number()?,
            (LossConfig::Iou(p), "empty") => {
                p.empty =
                    EmptyPolicy::parse(word()?).ok_or_else(|| invalid(&EmptyPolicy::allowed()))?;
            }
            (LossConfig::Tversky(p), "alpha") => p.alpha = number()?,
            (LossConfig::Tversky(p), "beta") => p.beta = number()?,
            (LossConfig::Tversky(p), "smooth") => p.smooth = number()?,
            (LossConfig::FocalTversky(p), "alpha") => p.tversky.alpha = number()?,
            (LossConfig::FocalTversky(p), "beta") => p.tversky.beta = number()?,
            (LossConfig::FocalTversky(p), "smooth") => p.tversky.smooth = number()?,
            (LossConfig::FocalTversky(p), "gamma") => p.gamma = number()?,
            (LossConfig::SensitivitySpecificity(p), "lambda") => p.lambda = number()?,
            (LossConfig::SensitivitySpecificity(p), "smooth") => p.smooth = number()?,
            (LossConfig::GeneralizedDice(p), "smooth") => p.smooth = number()?,
            (LossConfig::GeneralizedDice(p), "weight_type") => {
                p.weight_type =
                    WeightType::parse(word()?).ok_or_else(|| invalid(&WeightType::allowed()))?;
            }
            (LossConfig::GeneralizedDice(p), "absent") => {
                p.absent = AbsentPolicy::parse(word()?)
                    .ok_or_else(|| invalid(&AbsentPolicy::allowed()))?;
            }
            (LossConfig::BceDice(p), "w_bce") => p.w_bce = number()?,
            (LossConfig::BceDice(p), "w_dice") => p.w_dice = number()?,
            (LossConfig::BceDice(p), "smooth") => p.dice.smooth = number()?,
            (LossConfig::BceDice(p), "squared") => p.dice.squared = flag()?,
            _ => return Err(unknown()),
        }
        Ok(())
    }

    /// The current value of parameter `name`, as it would be written in JSON; `None` if the
    /// loss has no such parameter. [`LossConfig::set`] read backwards.
    pub fn get(&self, name: &str) -> Option<ParamValue> {
        use ParamValue::{Bool, Number};
        let word = |s: &str| ParamValue::Text(s.to_string());
        let value = match (self, name) {
            (LossConfig::Wce(p), "pos_weight") => match p.pos_weight {
                PosWeight::Fixed(w) => Number(w),
                PosWeight::Balanced => word("balanced"),
            },
            (LossConfig::Focal(p), "alpha") => Number(p.alpha),
            (LossConfig::Focal(p), "gamma") => Number(p.gamma),
            (LossConfig::Focal(p), "reduction") => word(p.reduction.as_str()),
            (LossConfig::Dice(p), "smooth") => Number(p.smooth),
            (LossConfig::Dice(p), "squared") => Bool(p.squared),
            (LossConfig::Iou(p), "eps") => Number(p.eps),
            (LossConfig::Iou(p), "empty") => word(p.empty.as_str()),
            (LossConfig::Tversky(p), "alpha") => Number(p.alpha),
            (LossConfig::Tversky(p), "beta") => Number(p.beta),
            (LossConfig::Tversky(p), "smooth") => Number(p.smooth),
            (LossConfig::FocalTversky(p), "alpha") => Number(p.tversky.alpha),
            (LossConfig::FocalTversky(p), "beta") => Number(p.tversky.beta),
            (LossConfig::FocalTversky(p), "smooth") => Number(p.tversky.smooth),
            (LossConfig::FocalTversky(p), "gamma") => Number(p.gamma),
            (LossConfig::SensitivitySpecificity(p), "lambda") => Number(p.lambda),
            (LossConfig::SensitivitySpecificity(p), "smooth") => Number(p.smooth),
            (LossConfig::GeneralizedDice(p), "smooth") => Number(p.smooth),
            (LossConfig::GeneralizedDice(p), "weight_type") => word(p.weight_type.as_str()),
            (LossConfig::GeneralizedDice(p), "absent") => word(p.absent.as_str()),
            (LossConfig::BceDice(p), "w_bce") => Number(p.w_bce),
            (LossConfig::BceDice(p), "w_dice") => Number(p.w_dice),
            (LossConfig::BceDice(p), "smooth") => Number(p.dice.smooth),
            (LossConfig::BceDice(p), "squared") => Bool(p.dice.squared),
            _ => return None,
        };
        Some(value)
    }

    /// The parameters that differ from `losses.md`'s defaults, in order: what a JSON case
    /// needs to say.
    pub fn non_default_params(&self) -> Vec<(&'static str, ParamValue)> {
        let defaults = LossConfig::default_for(self.name());
        self.param_names()
            .iter()
            .filter_map(|&name| {
                let value = self.get(name)?;
                (defaults.get(name).as_ref() != Some(&value)).then_some((name, value))
            })
            .collect()
    }

    /// Checks every parameter's range. [`crate::Loss::new`] calls this.
    pub fn validate(&self) -> Result<(), ParamError> {
        let loss = self.name();
        let check = |name: &'static str, x: f64, ok: bool, allowed: &'static str| {
            if x.is_finite() && ok {
                Ok(())
            } else {
                Err(ParamError::Invalid {
                    loss,
                    name,
                    value: x.to_string(),
                    allowed: allowed.to_string(),
                })
            }
        };
        let unit = |name, x: f64| check(name, x, (0.0..=1.0).contains(&x), "a number in [0, 1]");
        let non_negative =
            |name, x: f64| check(name, x, (0.0..=1e12).contains(&x), "a number in [0, 1e12]");
        let tversky = |t: &TverskyParams| {
            non_negative("alpha", t.alpha)?;
            non_negative("beta", t.beta)?;
            non_negative("smooth", t.smooth)
        };
        match self {
            LossConfig::Bce => Ok(()),
            LossConfig::Wce(p) => match p.pos_weight {
                PosWeight::Fixed(w) => {
                    check("pos_weight", w, w > 0.0 && w <= 1e6, "a number in (0, 1e6]")
                }
                PosWeight::Balanced => Ok(()),
            },
            LossConfig::Focal(p) => {
                unit("alpha", p.alpha)?;
                check("gamma", p.gamma, (0.0..=100.0).contains(&p.gamma), "a number in [0, 100]")
            }
            LossConfig::Dice(p) => non_negative("smooth", p.smooth),
            LossConfig::Iou(p) => non_negative("eps", p.eps),
            LossConfig::Tversky(p) => tversky(p),
            LossConfig::FocalTversky(p) => {
                tversky(&p.tversky)?;
                check("gamma", p.gamma, (0.0..=100.0).contains(&p.gamma), "a number in [0, 100]")
            }
            LossConfig::SensitivitySpecificity(p) => {
                unit("lambda", p.lambda)?;
                non_negative("smooth", p.smooth)
            }
            LossConfig::GeneralizedDice(p) => non_negative("smooth", p.smooth),
            LossConfig::BceDice(p) => {
                non_negative("w_bce", p.w_bce)?;
                non_negative("w_dice", p.w_dice)?;
                non_negative("smooth", p.dice.smooth)
            }
        }
    }
}
