//! Weighted cross-entropy's parameter: `pos_weight`.

use super::spec::{table, text, ParamSpec, ParamTable, Valid};
use super::{KnobKind, LossConfig, ParamValue};
use serde::{Deserialize, Serialize};

/// The positive-class weight of weighted cross-entropy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum PosWeight {
    /// A fixed weight `w⁺`.
    Fixed(f64),
    /// `(N − Sy) / Sy`, capped at 1e4, and 1 for an empty target.
    Balanced,
}

/// The word that asks for [`PosWeight::Balanced`].
pub const BALANCED: &str = "balanced";

/// Weighted cross-entropy's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WceParams {
    /// Weight of the positive term.
    pub pos_weight: PosWeight,
}

impl Default for WceParams {
    fn default() -> Self {
        WceParams { pos_weight: PosWeight::Fixed(10.0) }
    }
}

fn params(c: &LossConfig) -> Option<&WceParams> {
    match c {
        LossConfig::Wce(p) => Some(p),
        _ => None,
    }
}

fn params_mut(c: &mut LossConfig) -> Option<&mut WceParams> {
    match c {
        LossConfig::Wce(p) => Some(p),
        _ => None,
    }
}

/// `pos_weight`: `w⁺`, a number or `"balanced"`.
pub const POS_WEIGHT: ParamSpec = ParamSpec {
    key: "pos_weight",
    label: "w⁺",
    help: "weight of target pixels; balanced = (N − Sy)/Sy, capped at 1e4",
    control: KnobKind::PosWeight { min: 0.01, max: 1e4 },
    valid: Some(Valid::POSITIVE_WEIGHT),
    get: |c| {
        params(c).map(|p| match p.pos_weight {
            PosWeight::Fixed(w) => ParamValue::Number(w),
            PosWeight::Balanced => text(BALANCED),
        })
    },
    set: |c, v| {
        let w = match v {
            ParamValue::Number(x) => PosWeight::Fixed(*x),
            ParamValue::Text(s) if s == BALANCED => PosWeight::Balanced,
            _ => return Err(format!("a positive number or \"{BALANCED}\"")),
        };
        if let Some(p) = params_mut(c) {
            p.pos_weight = w;
        }
        Ok(())
    },
};

/// Weighted cross-entropy's parameters.
pub const PARAMS: ParamTable = table![POS_WEIGHT];
