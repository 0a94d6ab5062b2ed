//! Sensitivity–specificity's parameters: `lambda`, `smooth`.

use super::dice;
use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
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

/// `lambda`: the weight of the sensitivity term.
pub const LAMBDA: ParamSpec = ParamSpec {
    key: "lambda",
    label: "λ",
    help: "weight of the error rate on target pixels (1 − sensitivity)",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: None },
    valid: Some(Valid::UNIT),
    digits: 3,
    unit: "",
    get: |p| own::<SensitivitySpecificityParams>(p).map(|p| ParamValue::Number(p.lambda)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<SensitivitySpecificityParams>(p)?.lambda = x;
        Ok(())
    },
};

/// `smooth`: added to both denominators (a smaller range than Dice's).
pub const SMOOTH: ParamSpec = ParamSpec {
    key: dice::SMOOTH.key,
    label: dice::SMOOTH.label,
    help: "added to both denominators",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: Some(1e-9) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<SensitivitySpecificityParams>(p).map(|p| ParamValue::Number(p.smooth)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<SensitivitySpecificityParams>(p)?.smooth = x;
        Ok(())
    },
};

/// Sensitivity–specificity's parameters.
pub const PARAMS: ParamTable = table![LAMBDA, SMOOTH];
