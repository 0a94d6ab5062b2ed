//! [`LossConfig`]: a loss with its parameters, their defaults, setting one by name, and
//! the range checks.

use super::bce_dice::BceDiceParams;
use super::boundary::BoundaryParams;
use super::cldice::CldiceParams;
use super::combo::ComboParams;
use super::dice::DiceParams;
use super::dice_ce::DiceCeParams;
use super::dice_cldice::DiceCldiceParams;
use super::dice_focal::DiceFocalParams;
use super::focal::FocalParams;
use super::focal_tversky::FocalTverskyParams;
use super::generalized_dice::GeneralizedDiceParams;
use super::hausdorff_dt::HausdorffDtParams;
use super::iou::IouParams;
use super::log_cosh_dice::LogCoshDiceParams;
use super::name::LossName;
use super::sensitivity_specificity::SensitivitySpecificityParams;
use super::spec::{ParamSpec, ParamValue};
use super::topk_ce::TopKParams;
use super::tversky::TverskyParams;
use super::unified_focal::UnifiedFocalParams;
use super::wce::WceParams;
use serde::{Deserialize, Serialize};
use std::any::Any;
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
    /// Dice + cross-entropy.
    DiceCe(DiceCeParams),
    /// Dice + focal.
    DiceFocal(DiceFocalParams),
    /// Top-k % cross-entropy.
    TopkCe(TopKParams),
    /// Lovász hinge: no parameters.
    LovaszHinge,
    /// Log-cosh Dice.
    LogCoshDice(LogCoshDiceParams),
    /// Combo loss.
    Combo(ComboParams),
    /// Asymmetric unified focal loss.
    UnifiedFocal(UnifiedFocalParams),
    /// Boundary loss.
    Boundary(BoundaryParams),
    /// Hausdorff-DT loss.
    HausdorffDt(HausdorffDtParams),
    /// Soft clDice.
    Cldice(CldiceParams),
    /// Dice + clDice.
    DiceCldice(DiceCldiceParams),
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
                let known = loss.params().keys.join(", ");
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
    /// The loss with the defaults of `losses.md` (each parameter struct's `Default`, declared
    /// beside its specs).
    pub fn default_for(name: LossName) -> LossConfig {
        match name {
            LossName::Bce => LossConfig::Bce,
            LossName::Wce => LossConfig::Wce(WceParams::default()),
            LossName::Focal => LossConfig::Focal(FocalParams::default()),
            LossName::Dice => LossConfig::Dice(DiceParams::default()),
            LossName::Iou => LossConfig::Iou(IouParams::default()),
            LossName::Tversky => LossConfig::Tversky(TverskyParams::default()),
            LossName::FocalTversky => LossConfig::FocalTversky(FocalTverskyParams::default()),
            LossName::SensitivitySpecificity => {
                LossConfig::SensitivitySpecificity(SensitivitySpecificityParams::default())
            }
            LossName::GeneralizedDice => {
                LossConfig::GeneralizedDice(GeneralizedDiceParams::default())
            }
            LossName::BceDice => LossConfig::BceDice(BceDiceParams::default()),
            LossName::DiceCe => LossConfig::DiceCe(DiceCeParams::default()),
            LossName::DiceFocal => LossConfig::DiceFocal(DiceFocalParams::default()),
            LossName::TopkCe => LossConfig::TopkCe(TopKParams::default()),
            LossName::LovaszHinge => LossConfig::LovaszHinge,
            LossName::LogCoshDice => LossConfig::LogCoshDice(LogCoshDiceParams::default()),
            LossName::Combo => LossConfig::Combo(ComboParams::default()),
            LossName::UnifiedFocal => LossConfig::UnifiedFocal(UnifiedFocalParams::default()),
            LossName::Boundary => LossConfig::Boundary(BoundaryParams::default()),
            LossName::HausdorffDt => LossConfig::HausdorffDt(HausdorffDtParams::default()),
            LossName::Cldice => LossConfig::Cldice(CldiceParams::default()),
            LossName::DiceCldice => LossConfig::DiceCldice(DiceCldiceParams::default()),
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
            LossConfig::DiceCe(_) => LossName::DiceCe,
            LossConfig::DiceFocal(_) => LossName::DiceFocal,
            LossConfig::TopkCe(_) => LossName::TopkCe,
            LossConfig::LovaszHinge => LossName::LovaszHinge,
            LossConfig::LogCoshDice(_) => LossName::LogCoshDice,
            LossConfig::Combo(_) => LossName::Combo,
            LossConfig::UnifiedFocal(_) => LossName::UnifiedFocal,
            LossConfig::Boundary(_) => LossName::Boundary,
            LossConfig::HausdorffDt(_) => LossName::HausdorffDt,
            LossConfig::Cldice(_) => LossName::Cldice,
            LossConfig::DiceCldice(_) => LossName::DiceCldice,
        }
    }

    /// This loss's parameter struct (`TverskyParams`, …), what its specs' `get` read;
    /// `None` for BCE and Lovász, which have none.
    pub fn params(&self) -> Option<&dyn Any> {
        match self {
            LossConfig::Bce | LossConfig::LovaszHinge => None,
            LossConfig::Wce(p) => Some(p),
            LossConfig::Focal(p) => Some(p),
            LossConfig::Dice(p) => Some(p),
            LossConfig::Iou(p) => Some(p),
            LossConfig::Tversky(p) => Some(p),
            LossConfig::FocalTversky(p) => Some(p),
            LossConfig::SensitivitySpecificity(p) => Some(p),
            LossConfig::GeneralizedDice(p) => Some(p),
            LossConfig::BceDice(p) => Some(p),
            LossConfig::DiceCe(p) => Some(p),
            LossConfig::DiceFocal(p) => Some(p),
            LossConfig::TopkCe(p) => Some(p),
            LossConfig::LogCoshDice(p) => Some(p),
            LossConfig::Combo(p) => Some(p),
            LossConfig::UnifiedFocal(p) => Some(p),
            LossConfig::Boundary(p) => Some(p),
            LossConfig::HausdorffDt(p) => Some(p),
            LossConfig::Cldice(p) => Some(p),
            LossConfig::DiceCldice(p) => Some(p),
        }
    }

    /// This loss's parameter struct, what its specs' `set` write; `None` for BCE and Lovász.
    pub fn params_mut(&mut self) -> Option<&mut dyn Any> {
        match self {
            LossConfig::Bce | LossConfig::LovaszHinge => None,
            LossConfig::Wce(p) => Some(p),
            LossConfig::Focal(p) => Some(p),
            LossConfig::Dice(p) => Some(p),
            LossConfig::Iou(p) => Some(p),
            LossConfig::Tversky(p) => Some(p),
            LossConfig::FocalTversky(p) => Some(p),
            LossConfig::SensitivitySpecificity(p) => Some(p),
            LossConfig::GeneralizedDice(p) => Some(p),
            LossConfig::BceDice(p) => Some(p),
            LossConfig::DiceCe(p) => Some(p),
            LossConfig::DiceFocal(p) => Some(p),
            LossConfig::TopkCe(p) => Some(p),
            LossConfig::LogCoshDice(p) => Some(p),
            LossConfig::Combo(p) => Some(p),
            LossConfig::UnifiedFocal(p) => Some(p),
            LossConfig::Boundary(p) => Some(p),
            LossConfig::HausdorffDt(p) => Some(p),
            LossConfig::Cldice(p) => Some(p),
            LossConfig::DiceCldice(p) => Some(p),
        }
    }

    /// The value of `spec`, one of this loss's specs, as JSON writes it.
    fn value(&self, spec: &ParamSpec) -> Option<ParamValue> {
        (spec.get)(self.params()?)
    }

    /// The specs of this loss's parameters ([`LossName::specs`]).
    pub fn specs(&self) -> &'static [ParamSpec] {
        self.name().specs()
    }

    /// The names of the parameters this loss takes, as used in JSON and `losses.md`.
    pub fn param_names(&self) -> &'static [&'static str] {
        self.name().params().keys
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
        let spec = loss.spec(key).ok_or_else(unknown)?;
        let params = self.params_mut().ok_or_else(unknown)?;
        (spec.set)(params, value).map_err(|allowed| ParamError::Invalid {
            loss,
            name: spec.key,
            value: value.to_string(),
            allowed,
        })
    }

    /// The current value of parameter `name`, as it would be written in JSON; `None` if the
    /// loss has no such parameter. [`LossConfig::set`] read backwards.
    pub fn get(&self, name: &str) -> Option<ParamValue> {
        self.value(self.name().spec(name)?)
    }

    /// The parameters that differ from `losses.md`'s defaults, in order: what a JSON case
    /// needs to say.
    pub fn non_default_params(&self) -> Vec<(&'static str, ParamValue)> {
        let defaults = LossConfig::default_for(self.name());
        self.specs()
            .iter()
            .filter_map(|spec| {
                let value = self.value(spec)?;
                (defaults.value(spec).as_ref() != Some(&value)).then_some((spec.key, value))
            })
            .collect()
    }

    /// Checks every parameter's range, in order. [`crate::Loss::new`] calls this.
    pub fn validate(&self) -> Result<(), ParamError> {
        for spec in self.specs() {
            let (Some(valid), Some(ParamValue::Number(x))) = (spec.valid, self.value(spec)) else {
                continue;
            };
            if !valid.contains(x) {
                return Err(ParamError::Invalid {
                    loss: self.name(),
                    name: spec.key,
                    value: x.to_string(),
                    allowed: valid.allowed.to_string(),
                });
            }
        }
        Ok(())
    }
}
