//! The asymmetric unified focal loss' parameters (Yeung et al. 2022): `lambda`, `delta`,
//! `gamma`.

use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
use serde::{Deserialize, Serialize};

/// The asymmetric unified focal loss' parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct UnifiedFocalParams {
    /// Weight of the focal Tversky part (the code's `weight`), in [0, 1].
    pub lambda: f64,
    /// Weight of the foreground: on its CE and on false negatives, in (0, 1).
    pub delta: f64,
    /// One exponent for both parts, in [0, 1].
    pub gamma: f64,
}

impl Default for UnifiedFocalParams {
    fn default() -> Self {
        UnifiedFocalParams { lambda: 0.5, delta: 0.6, gamma: 0.5 }
    }
}

/// `lambda` (sensitivity_specificity's key): the weight of the focal Tversky part.
pub const LAMBDA: ParamSpec = ParamSpec {
    key: super::sensitivity_specificity::LAMBDA.key,
    label: "λ (FT)",
    help: "weight of the focal Tversky part (the code's weight); the focal part gets 1 − λ",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: None },
    valid: Some(Valid::UNIT),
    digits: 3,
    unit: "",
    get: |p| own::<UnifiedFocalParams>(p).map(|p| ParamValue::Number(p.lambda)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<UnifiedFocalParams>(p)?.lambda = x;
        Ok(())
    },
};

/// `delta`: the weight of the foreground.
pub const DELTA: ParamSpec = ParamSpec {
    key: "delta",
    label: "δ",
    help: "weight of the foreground: on its CE and on the false negatives",
    control: KnobKind::Number { min: 0.01, max: 0.99, log_floor: None },
    valid: Some(Valid {
        min: 0.0,
        max: 1.0,
        min_open: true,
        max_open: true,
        allowed: "a number in (0, 1)",
    }),
    digits: 3,
    unit: "",
    get: |p| own::<UnifiedFocalParams>(p).map(|p| ParamValue::Number(p.delta)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<UnifiedFocalParams>(p)?.delta = x;
        Ok(())
    },
};

/// `gamma` (focal's key): one exponent for both parts.
pub const GAMMA: ParamSpec = ParamSpec {
    key: super::focal::GAMMA.key,
    label: "γ",
    help: "one exponent for both parts: suppresses easy background pixels, enhances the foreground Tversky term",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: None },
    valid: Some(Valid::UNIT),
    digits: 3,
    unit: "",
    get: |p| own::<UnifiedFocalParams>(p).map(|p| ParamValue::Number(p.gamma)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<UnifiedFocalParams>(p)?.gamma = x;
        Ok(())
    },
};

/// The asymmetric unified focal loss' parameters.
pub const PARAMS: ParamTable = table![LAMBDA, DELTA, GAMMA];
