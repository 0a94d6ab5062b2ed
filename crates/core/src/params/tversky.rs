//! Tversky's parameters: `alpha` (false negatives), `beta` (false positives), `smooth` —
//! shared with focal Tversky, whose Tversky index they set.

use super::spec::{number, table, ParamSpec, ParamTable, Valid};
use super::{dice, KnobKind, LossConfig, ParamValue};
use serde::{Deserialize, Serialize};

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

impl Default for TverskyParams {
    fn default() -> Self {
        TverskyParams { alpha: 0.7, beta: 0.3, smooth: 1.0 }
    }
}

/// The Tversky index of `c`: Tversky's own, or focal Tversky's.
fn params(c: &LossConfig) -> Option<&TverskyParams> {
    match c {
        LossConfig::Tversky(p) => Some(p),
        LossConfig::FocalTversky(p) => Some(&p.tversky),
        _ => None,
    }
}

fn params_mut(c: &mut LossConfig) -> Option<&mut TverskyParams> {
    match c {
        LossConfig::Tversky(p) => Some(p),
        LossConfig::FocalTversky(p) => Some(&mut p.tversky),
        _ => None,
    }
}

/// `alpha`: the weight of false negatives (the libraries' `beta`).
pub const ALPHA: ParamSpec = ParamSpec {
    key: "alpha",
    label: "α (FN)",
    help: "weight of false negatives here, as in the article; MONAI, smp and Keras call it β",
    control: KnobKind::Number { min: 0.0, max: 5.0, log_floor: None },
    valid: Some(Valid::NON_NEGATIVE),
    get: |c| params(c).map(|p| ParamValue::Number(p.alpha)),
    set: |c, v| {
        number(v).map(|x| {
            if let Some(p) = params_mut(c) {
                p.alpha = x
            }
        })
    },
};

/// `beta`: the weight of false positives (the libraries' `alpha`).
pub const BETA: ParamSpec = ParamSpec {
    key: "beta",
    label: "β (FP)",
    help: "weight of false positives here; MONAI, smp and Keras call it α",
    control: KnobKind::Number { min: 0.0, max: 5.0, log_floor: None },
    valid: Some(Valid::NON_NEGATIVE),
    get: |c| params(c).map(|p| ParamValue::Number(p.beta)),
    set: |c, v| {
        number(v).map(|x| {
            if let Some(p) = params_mut(c) {
                p.beta = x
            }
        })
    },
};

/// `smooth`: Dice's control, on the Tversky index.
pub const SMOOTH: ParamSpec = ParamSpec {
    get: |c| params(c).map(|p| ParamValue::Number(p.smooth)),
    set: |c, v| {
        number(v).map(|x| {
            if let Some(p) = params_mut(c) {
                p.smooth = x
            }
        })
    },
    ..dice::SMOOTH
};

/// Tversky's parameters.
pub const PARAMS: ParamTable = table![ALPHA, BETA, SMOOTH];
