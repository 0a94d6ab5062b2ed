//! Focal Tversky's parameters: Tversky's three, then `gamma`.

use super::focal;
use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
use super::tversky::{self, TverskyParams};
use serde::{Deserialize, Serialize};

/// Focal Tversky's parameters: `(1 − T)^γ`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FocalTverskyParams {
    /// The Tversky index inside.
    pub tversky: TverskyParams,
    /// Exponent, ≥ 0 (the paper's `1/γ`).
    pub gamma: f64,
}

impl Default for FocalTverskyParams {
    fn default() -> Self {
        FocalTverskyParams { tversky: TverskyParams::default(), gamma: 0.75 }
    }
}

/// `alpha`: Tversky's (its key, label, help and range), on the Tversky index inside.
pub const ALPHA: ParamSpec = ParamSpec {
    get: |p| (tversky::ALPHA.get)(&own::<FocalTverskyParams>(p)?.tversky),
    set: |p, v| (tversky::ALPHA.set)(&mut own_mut::<FocalTverskyParams>(p)?.tversky, v),
    ..tversky::ALPHA
};

/// `beta`: Tversky's, on the Tversky index inside.
pub const BETA: ParamSpec = ParamSpec {
    get: |p| (tversky::BETA.get)(&own::<FocalTverskyParams>(p)?.tversky),
    set: |p, v| (tversky::BETA.set)(&mut own_mut::<FocalTverskyParams>(p)?.tversky, v),
    ..tversky::BETA
};

/// `smooth`: Tversky's, on the Tversky index inside.
pub const SMOOTH: ParamSpec = ParamSpec {
    get: |p| (tversky::SMOOTH.get)(&own::<FocalTverskyParams>(p)?.tversky),
    set: |p, v| (tversky::SMOOTH.set)(&mut own_mut::<FocalTverskyParams>(p)?.tversky, v),
    ..tversky::SMOOTH
};

/// `gamma`: the exponent of `1 − T`.
pub const GAMMA: ParamSpec = ParamSpec {
    key: focal::GAMMA.key,
    label: focal::GAMMA.label,
    help: "(1 − T)^γ; the paper writes (1 − T)^(1/γ) with γ = 4/3",
    control: KnobKind::Number { min: 0.0, max: 5.0, log_floor: None },
    valid: Some(Valid::EXPONENT),
    digits: 3,
    unit: "",
    get: |p| own::<FocalTverskyParams>(p).map(|p| ParamValue::Number(p.gamma)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<FocalTverskyParams>(p)?.gamma = x;
        Ok(())
    },
};

/// Focal Tversky's parameters.
pub const PARAMS: ParamTable = table![ALPHA, BETA, SMOOTH, GAMMA];
