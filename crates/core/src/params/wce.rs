//! Weighted cross-entropy's parameter: `pos_weight`.

use super::knob::KnobKind;
use super::spec::{own, own_mut, table, text, ParamSpec, ParamTable, ParamValue, Valid};
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

/// `pos_weight`: `w⁺`, a number or `"balanced"`.
pub const POS_WEIGHT: ParamSpec = ParamSpec {
    key: "pos_weight",
    label: "w⁺",
    help: "weight of target pixels; balanced = (N − Sy)/Sy, capped at 1e4",
    control: KnobKind::NumberOr { min: 0.01, max: 1e4, log: true, word: BALANCED, fallback: 10.0 },
    valid: Some(Valid::POSITIVE_WEIGHT),
    digits: 3,
    unit: "",
    get: |p| {
        own::<WceParams>(p).map(|p| match p.pos_weight {
            PosWeight::Fixed(w) => ParamValue::Number(w),
            PosWeight::Balanced => text(BALANCED),
        })
    },
    set: |p, v| {
        let w = match v {
            ParamValue::Number(x) => PosWeight::Fixed(*x),
            ParamValue::Text(s) if s == BALANCED => PosWeight::Balanced,
            _ => return Err(format!("a positive number or \"{BALANCED}\"")),
        };
        own_mut::<WceParams>(p)?.pos_weight = w;
        Ok(())
    },
};

/// Weighted cross-entropy's parameters.
pub const PARAMS: ParamTable = table![POS_WEIGHT];
