//! BCE + Dice's parameters: `w_bce`, `w_dice`, then Dice's `smooth` and `squared`.

use super::spec::{number, table, ParamSpec, ParamTable, Valid};
use super::{dice, DiceParams, KnobKind, LossConfig, ParamValue};
use serde::{Deserialize, Serialize};

/// BCE + Dice's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct BceDiceParams {
    /// Weight of the BCE term, ≥ 0.
    pub w_bce: f64,
    /// Weight of the Dice-loss term, ≥ 0.
    pub w_dice: f64,
    /// The Dice term's own parameters.
    pub dice: DiceParams,
}

impl Default for BceDiceParams {
    fn default() -> Self {
        BceDiceParams { w_bce: 1e-3, w_dice: 1.0, dice: DiceParams::default() }
    }
}

fn params(c: &LossConfig) -> Option<&BceDiceParams> {
    match c {
        LossConfig::BceDice(p) => Some(p),
        _ => None,
    }
}

fn params_mut(c: &mut LossConfig) -> Option<&mut BceDiceParams> {
    match c {
        LossConfig::BceDice(p) => Some(p),
        _ => None,
    }
}

/// `w_bce`: the weight of the BCE part.
pub const W_BCE: ParamSpec = ParamSpec {
    key: "w_bce",
    label: "w_bce",
    help: "weight of the BCE part (the article: 1e-3)",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-6) },
    valid: Some(Valid::NON_NEGATIVE),
    get: |c| params(c).map(|p| ParamValue::Number(p.w_bce)),
    set: |c, v| {
        number(v).map(|x| {
            if let Some(p) = params_mut(c) {
                p.w_bce = x
            }
        })
    },
};

/// `w_dice`: the weight of the Dice part.
pub const W_DICE: ParamSpec = ParamSpec {
    key: "w_dice",
    label: "w_dice",
    help: "weight of the Dice part",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-3) },
    valid: Some(Valid::NON_NEGATIVE),
    get: |c| params(c).map(|p| ParamValue::Number(p.w_dice)),
    set: |c, v| {
        number(v).map(|x| {
            if let Some(p) = params_mut(c) {
                p.w_dice = x
            }
        })
    },
};

/// BCE + Dice's parameters.
pub const PARAMS: ParamTable = table![W_BCE, W_DICE, dice::SMOOTH, dice::SQUARED];
