//! BCE + Dice's parameters: `w_bce`, `w_dice`, then Dice's `smooth` and `squared`.

use super::dice::{self, DiceParams};
use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
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

/// `w_bce`: the weight of the BCE part.
pub const W_BCE: ParamSpec = ParamSpec {
    key: "w_bce",
    label: "w_bce",
    help: "weight of the BCE part (the article: 1e-3)",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-6) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<BceDiceParams>(p).map(|p| ParamValue::Number(p.w_bce)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<BceDiceParams>(p)?.w_bce = x;
        Ok(())
    },
};

/// `w_dice`: the weight of the Dice part.
pub const W_DICE: ParamSpec = ParamSpec {
    key: "w_dice",
    label: "w_dice",
    help: "weight of the Dice part",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-3) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<BceDiceParams>(p).map(|p| ParamValue::Number(p.w_dice)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<BceDiceParams>(p)?.w_dice = x;
        Ok(())
    },
};

/// `smooth`: Dice's (its key, label, help and range), on the Dice part.
pub const SMOOTH: ParamSpec = ParamSpec {
    get: |p| (dice::SMOOTH.get)(&own::<BceDiceParams>(p)?.dice),
    set: |p, v| (dice::SMOOTH.set)(&mut own_mut::<BceDiceParams>(p)?.dice, v),
    ..dice::SMOOTH
};

/// `squared`: Dice's, on the Dice part.
pub const SQUARED: ParamSpec = ParamSpec {
    get: |p| (dice::SQUARED.get)(&own::<BceDiceParams>(p)?.dice),
    set: |p, v| (dice::SQUARED.set)(&mut own_mut::<BceDiceParams>(p)?.dice, v),
    ..dice::SQUARED
};

/// BCE + Dice's parameters.
pub const PARAMS: ParamTable = table![W_BCE, W_DICE, SMOOTH, SQUARED];
