//! Dice + focal's parameters (MONAI `DiceFocalLoss`): Dice + CE's smoothing terms and
//! `w_dice`, focal's `gamma`, an optional `alpha`, and `w_focal`.

use super::dice_ce::{self, NONE};
use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, text, ParamSpec, ParamTable, ParamValue, Valid};
use serde::{Deserialize, Serialize};

/// Dice + focal's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DiceFocalParams {
    /// Added to the Dice numerator, ≥ 0.
    pub smooth_nr: f64,
    /// Added to the Dice denominator, ≥ 0.
    pub smooth_dr: f64,
    /// The focal part's focusing exponent.
    pub gamma: f64,
    /// The focal part's weight of target pixels; `None` (MONAI's default) weighs both 1.
    pub alpha: Option<f64>,
    /// Weight of the Dice part (MONAI `lambda_dice`).
    pub w_dice: f64,
    /// Weight of the focal part (MONAI `lambda_focal`).
    pub w_focal: f64,
}

impl Default for DiceFocalParams {
    fn default() -> Self {
        DiceFocalParams {
            smooth_nr: 1e-5,
            smooth_dr: 1e-5,
            gamma: 2.0,
            alpha: None,
            w_dice: 1.0,
            w_focal: 1.0,
        }
    }
}

/// `smooth_nr`: Dice + CE's.
pub const SMOOTH_NR: ParamSpec = ParamSpec {
    get: |p| own::<DiceFocalParams>(p).map(|p| ParamValue::Number(p.smooth_nr)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceFocalParams>(p)?.smooth_nr = x;
        Ok(())
    },
    ..dice_ce::SMOOTH_NR
};

/// `smooth_dr`: Dice + CE's.
pub const SMOOTH_DR: ParamSpec = ParamSpec {
    get: |p| own::<DiceFocalParams>(p).map(|p| ParamValue::Number(p.smooth_dr)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceFocalParams>(p)?.smooth_dr = x;
        Ok(())
    },
    ..dice_ce::SMOOTH_DR
};

/// `gamma`: focal's.
pub const GAMMA: ParamSpec = ParamSpec {
    get: |p| own::<DiceFocalParams>(p).map(|p| ParamValue::Number(p.gamma)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceFocalParams>(p)?.gamma = x;
        Ok(())
    },
    ..super::focal::GAMMA
};

/// `alpha` (Tversky's key): the focal part's weight of target pixels, or `"none"` (JSON
/// `null`, MONAI's default): no α weighting.
pub const ALPHA: ParamSpec = ParamSpec {
    key: super::tversky::ALPHA.key,
    label: "α (pos)",
    help: "weight of target pixels in the focal part; none (MONAI's default) weighs both classes 1",
    control: KnobKind::NumberOr { min: 0.0, max: 1.0, log: false, word: NONE, fallback: 0.25 },
    valid: Some(Valid::UNIT),
    digits: 3,
    unit: "",
    get: |p| {
        own::<DiceFocalParams>(p).map(|p| match p.alpha {
            Some(a) => ParamValue::Number(a),
            None => text(NONE),
        })
    },
    set: |p, v| {
        let a = match v {
            ParamValue::Number(x) => Some(*x),
            ParamValue::Text(s) if s == NONE => None,
            _ => return Err(format!("a number in [0, 1] or \"{NONE}\" (null)")),
        };
        own_mut::<DiceFocalParams>(p)?.alpha = a;
        Ok(())
    },
};

/// `w_dice`: Dice + CE's.
pub const W_DICE: ParamSpec = ParamSpec {
    get: |p| own::<DiceFocalParams>(p).map(|p| ParamValue::Number(p.w_dice)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceFocalParams>(p)?.w_dice = x;
        Ok(())
    },
    ..dice_ce::W_DICE
};

/// `w_focal`: weight of the focal part (MONAI lambda_focal).
pub const W_FOCAL: ParamSpec = ParamSpec {
    key: "w_focal",
    label: "w_focal",
    help: "weight of the focal part (MONAI lambda_focal)",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-3) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<DiceFocalParams>(p).map(|p| ParamValue::Number(p.w_focal)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceFocalParams>(p)?.w_focal = x;
        Ok(())
    },
};

/// Dice + focal's parameters.
pub const PARAMS: ParamTable = table![SMOOTH_NR, SMOOTH_DR, GAMMA, ALPHA, W_DICE, W_FOCAL];
