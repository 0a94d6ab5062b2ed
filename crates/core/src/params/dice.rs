//! Soft Dice's parameters: `smooth`, `squared` — reused by BCE + Dice, whose specs call
//! these on its Dice part; `smooth`'s key and label are reused by every loss with a
//! smoothing term.

use super::knob::KnobKind;
use super::spec::{flag, number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
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

/// `smooth`: added to numerator and denominator.
pub const SMOOTH: ParamSpec = ParamSpec {
    key: "smooth",
    label: "smooth",
    help: "added to numerator and denominator",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-6) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<DiceParams>(p).map(|p| ParamValue::Number(p.smooth)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceParams>(p)?.smooth = x;
        Ok(())
    },
};

/// `squared`: V-Net's `Σy² + Σp²` denominator.
pub const SQUARED: ParamSpec = ParamSpec {
    key: "squared",
    label: "squared",
    help: "V-Net: Σy² + Σp² below",
    control: KnobKind::Flag,
    valid: None,
    digits: 3,
    unit: "",
    get: |p| own::<DiceParams>(p).map(|p| ParamValue::Bool(p.squared)),
    set: |p, v| {
        let b = flag(v)?;
        own_mut::<DiceParams>(p)?.squared = b;
        Ok(())
    },
};

/// Soft Dice's parameters.
pub const PARAMS: ParamTable = table![SMOOTH, SQUARED];
