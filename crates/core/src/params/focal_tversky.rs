//! Focal Tversky's parameters: Tversky's three, then `gamma`.

use super::spec::{number, table, ParamSpec, ParamTable, Valid};
use super::tversky::{self, TverskyParams};
use super::{focal, KnobKind, LossConfig, ParamValue};
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

/// `gamma`: the exponent of `1 − T`.
pub const GAMMA: ParamSpec = ParamSpec {
    key: focal::GAMMA.key,
    label: focal::GAMMA.label,
    help: "(1 − T)^γ; the paper writes (1 − T)^(1/γ) with γ = 4/3",
    control: KnobKind::Number { min: 0.0, max: 5.0, log_floor: None },
    valid: Some(Valid::EXPONENT),
    get: |c| match c {
        LossConfig::FocalTversky(p) => Some(ParamValue::Number(p.gamma)),
        _ => None,
    },
    set: |c, v| {
        number(v).map(|x| {
            if let LossConfig::FocalTversky(p) = c {
                p.gamma = x;
            }
        })
    },
};

/// Focal Tversky's parameters.
pub const PARAMS: ParamTable = table![tversky::ALPHA, tversky::BETA, tversky::SMOOTH, GAMMA];
