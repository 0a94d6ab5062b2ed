//! Dice + clDice's parameters (MONAI `SoftDiceclDiceLoss`, `losses-geometry.md` §5): clDice's
//! four, shared by both parts, and `alpha`, the weight of clDice.

use super::cldice::{self, CldiceParams};
use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
use serde::{Deserialize, Serialize};

/// Dice + clDice's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DiceCldiceParams {
    /// clDice's parameters; `smooth_nr`/`smooth_dr` also smooth the Dice part.
    pub cldice: CldiceParams,
    /// The weight of clDice, in [0, 1]: `L = (1 − α)·Dice + α·clDice`.
    pub alpha: f64,
}

impl Default for DiceCldiceParams {
    fn default() -> Self {
        DiceCldiceParams { cldice: CldiceParams::default(), alpha: 0.5 }
    }
}

/// `alpha` (tversky's key): the weight of clDice — not Tversky's or focal's α.
pub const ALPHA: ParamSpec = ParamSpec {
    key: super::tversky::ALPHA.key,
    label: "clDice weight α",
    help: "weight of clDice: L = (1 − α)·Dice + α·clDice (MONAI alpha)",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: None },
    valid: Some(Valid::UNIT),
    digits: 3,
    unit: "",
    get: |p| own::<DiceCldiceParams>(p).map(|p| ParamValue::Number(p.alpha)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceCldiceParams>(p)?.alpha = x;
        Ok(())
    },
};

/// clDice's spec `spec`, reaching this loss's `cldice` field.
macro_rules! shared {
    ($name:ident, $doc:literal) => {
        #[doc = $doc]
        pub const $name: ParamSpec = ParamSpec {
            get: |p| own::<DiceCldiceParams>(p).and_then(|p| (cldice::$name.get)(&p.cldice)),
            set: |p, v| (cldice::$name.set)(&mut own_mut::<DiceCldiceParams>(p)?.cldice, v),
            ..cldice::$name
        };
    };
}
shared!(ITERATIONS, "clDice's `iterations`.");
shared!(SMOOTH_NR, "clDice's `smooth_nr`, also the Dice part's.");
shared!(SMOOTH_DR, "clDice's `smooth_dr`, also the Dice part's.");
shared!(SMOOTH, "clDice's `smooth`.");

/// Dice + clDice's parameters.
pub const PARAMS: ParamTable = table![ITERATIONS, SMOOTH_NR, SMOOTH_DR, SMOOTH, ALPHA];
