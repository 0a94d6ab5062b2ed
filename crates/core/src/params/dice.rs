//! Soft Dice's parameters: `smooth`, `squared` — shared with BCE + Dice, whose Dice part
//! they set; `smooth`'s key and label are reused by every loss with a smoothing term.

use super::spec::{flag, number, table, ParamSpec, ParamTable, Valid};
use super::{KnobKind, LossConfig, ParamValue};
use serde::{Deserialize, Serialize};

/// Soft Dice's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DiceParams {
    /// Added to numerator and denominator, ≥ 0.
    pub smooth: f64,
    /// V-Net's squared denominator `Σy² + Σp²`.
    pub squared: bool,
}

impl Default for DiceParams {
    fn default() -> Self {
        DiceParams { smooth: 1.0, squared: false }
    }
}

/// The Dice part of `c`: Dice's own, or BCE + Dice's.
fn params(c: &LossConfig) -> Option<&DiceParams> {
    match c {
        LossConfig::Dice(p) => Some(p),
        LossConfig::BceDice(p) => Some(&p.dice),
        _ => None,
    }
}

fn params_mut(c: &mut LossConfig) -> Option<&mut DiceParams> {
    match c {
        LossConfig::Dice(p) => Some(p),
        LossConfig::BceDice(p) => Some(&mut p.dice),
        _ => None,
    }
}

/// `smooth`: added to numerator and denominator.
pub const SMOOTH: ParamSpec = ParamSpec {
    key: "smooth",
    label: "smooth",
    help: "added to numerator and denominator",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-6) },
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

/// `squared`: V-Net's `Σy² + Σp²` denominator.
pub const SQUARED: ParamSpec = ParamSpec {
    key: "squared",
    label: "squared",
    help: "V-Net: Σy² + Σp² below",
    control: KnobKind::Flag,
    valid: None,
    get: |c| params(c).map(|p| ParamValue::Bool(p.squared)),
    set: |c, v| {
        flag(v).map(|b| {
            if let Some(p) = params_mut(c) {
                p.squared = b
            }
        })
    },
};

/// Soft Dice's parameters.
pub const PARAMS: ParamTable = table![SMOOTH, SQUARED];
