//! Sensitivity–specificity's parameters: `lambda`, `smooth`.

use super::spec::{number, table, ParamSpec, ParamTable, Valid};
use super::{dice, KnobKind, LossConfig, ParamValue};
use serde::{Deserialize, Serialize};

/// Sensitivity–specificity's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct SensitivitySpecificityParams {
    /// Weight of the sensitivity term, in [0, 1].
    pub lambda: f64,
    /// Added to both denominators, ≥ 0.
    pub smooth: f64,
}

impl Default for SensitivitySpecificityParams {
    fn default() -> Self {
        SensitivitySpecificityParams { lambda: 0.05, smooth: 1e-5 }
    }
}

fn params(c: &LossConfig) -> Option<&SensitivitySpecificityParams> {
    match c {
        LossConfig::SensitivitySpecificity(p) => Some(p),
        _ => None,
    }
}

fn params_mut(c: &mut LossConfig) -> Option<&mut SensitivitySpecificityParams> {
    match c {
        LossConfig::SensitivitySpecificity(p) => Some(p),
        _ => None,
    }
}

/// `lambda`: the weight of the sensitivity term.
pub const LAMBDA: ParamSpec = ParamSpec {
    key: "lambda",
    label: "λ",
    help: "weight of the error rate on target pixels (1 − sensitivity)",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: None },
    valid: Some(Valid::UNIT),
    get: |c| params(c).map(|p| ParamValue::Number(p.lambda)),
    set: |c, v| {
        number(v).map(|x| {
            if let Some(p) = params_mut(c) {
                p.lambda = x
            }
        })
    },
};

/// `smooth`: added to both denominators (a smaller range than Dice's).
pub const SMOOTH: ParamSpec = ParamSpec {
    key: dice::SMOOTH.key,
    label: dice::SMOOTH.label,
    help: "added to both denominators",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: Some(1e-9) },
    valid: Some(Valid::NON_NEGATIVE),
    get: |c| params(c).map(|p| ParamValue::Number(p.smooth)),
    set: |c, v| {
        number(v).map(|x| {
            if let Some(p) = params_mut(c) {
                p.smooth = x
            }
        })
    },
};

/// Sensitivity–specificity's parameters.
pub const PARAMS: ParamTable = table![LAMBDA, SMOOTH];
