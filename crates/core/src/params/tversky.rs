//! Tversky's parameters: `alpha` (false negatives), `beta` (false positives), `smooth` —
//! reused by focal Tversky, whose specs call these on its Tversky index.

use super::dice;
use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
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

/// `alpha`: the weight of false negatives (the libraries' `beta`).
pub const ALPHA: ParamSpec = ParamSpec {
    key: "alpha",
    label: "α (FN)",
    help: "weight of false negatives here, as in the article; MONAI, smp and Keras call it β",
    control: KnobKind::Number { min: 0.0, max: 5.0, log_floor: None },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<TverskyParams>(p).map(|p| ParamValue::Number(p.alpha)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<TverskyParams>(p)?.alpha = x;
        Ok(())
    },
};

/// `beta`: the weight of false positives (the libraries' `alpha`).
pub const BETA: ParamSpec = ParamSpec {
    key: "beta",
    label: "β (FP)",
    help: "weight of false positives here; MONAI, smp and Keras call it α",
    control: KnobKind::Number { min: 0.0, max: 5.0, log_floor: None },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<TverskyParams>(p).map(|p| ParamValue::Number(p.beta)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<TverskyParams>(p)?.beta = x;
        Ok(())
    },
};

/// `smooth`: Dice's control, on the Tversky index.
pub const SMOOTH: ParamSpec = ParamSpec {
    get: |p| own::<TverskyParams>(p).map(|p| ParamValue::Number(p.smooth)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<TverskyParams>(p)?.smooth = x;
        Ok(())
    },
    ..dice::SMOOTH
};

/// Tversky's parameters.
pub const PARAMS: ParamTable = table![ALPHA, BETA, SMOOTH];
