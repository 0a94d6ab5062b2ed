//! Dice + cross-entropy's parameters (MONAI `DiceCELoss`): `smooth_nr`, `smooth_dr`,
//! `w_dice`, `w_ce`, `pos_weight` — the smoothing terms and `w_dice` are reused by Dice + focal.

use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
use serde::{Deserialize, Serialize};

/// The word (JSON `null`) that leaves the CE part unweighted, MONAI's `weight=None`.
pub const NONE: &str = "none";

/// Dice + cross-entropy's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DiceCeParams {
    /// Added to the Dice numerator, ≥ 0.
    pub smooth_nr: f64,
    /// Added to the Dice denominator, ≥ 0.
    pub smooth_dr: f64,
    /// Weight of the Dice part (MONAI `lambda_dice`).
    pub w_dice: f64,
    /// Weight of the cross-entropy part (MONAI `lambda_ce`).
    pub w_ce: f64,
    /// Weight of target pixels in the CE part (MONAI `weight`; `null` is 1).
    pub pos_weight: f64,
}

impl Default for DiceCeParams {
    fn default() -> Self {
        DiceCeParams { smooth_nr: 1e-5, smooth_dr: 1e-5, w_dice: 1.0, w_ce: 1.0, pos_weight: 1.0 }
    }
}

/// `smooth_nr`: added to the Dice numerator (MONAI smooth_nr).
pub const SMOOTH_NR: ParamSpec = ParamSpec {
    key: "smooth_nr",
    label: "smooth_nr",
    help: "added to the Dice numerator (MONAI smooth_nr)",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: Some(1e-8) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<DiceCeParams>(p).map(|p| ParamValue::Number(p.smooth_nr)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceCeParams>(p)?.smooth_nr = x;
        Ok(())
    },
};

/// `smooth_dr`: added to the Dice denominator (MONAI smooth_dr).
pub const SMOOTH_DR: ParamSpec = ParamSpec {
    key: "smooth_dr",
    label: "smooth_dr",
    help: "added to the Dice denominator (MONAI smooth_dr)",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: Some(1e-8) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<DiceCeParams>(p).map(|p| ParamValue::Number(p.smooth_dr)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceCeParams>(p)?.smooth_dr = x;
        Ok(())
    },
};

/// `w_dice` (bce_dice's key): the weight of the Dice part.
pub const W_DICE: ParamSpec = ParamSpec {
    key: super::bce_dice::W_DICE.key,
    label: "w_dice",
    help: "weight of the Dice part (MONAI lambda_dice)",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-3) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<DiceCeParams>(p).map(|p| ParamValue::Number(p.w_dice)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceCeParams>(p)?.w_dice = x;
        Ok(())
    },
};

/// `w_ce`: weight of the cross-entropy part (MONAI lambda_ce).
pub const W_CE: ParamSpec = ParamSpec {
    key: "w_ce",
    label: "w_ce",
    help: "weight of the cross-entropy part (MONAI lambda_ce)",
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-3) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<DiceCeParams>(p).map(|p| ParamValue::Number(p.w_ce)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<DiceCeParams>(p)?.w_ce = x;
        Ok(())
    },
};

/// `pos_weight` (wce's key): the CE part's weight of target pixels; `"none"` (JSON `null`) is 1.
pub const POS_WEIGHT: ParamSpec = ParamSpec {
    key: super::wce::POS_WEIGHT.key,
    label: "w⁺",
    help: "weight of target pixels in the CE part (MONAI weight; none = 1)",
    control: KnobKind::Number { min: 0.01, max: 1e4, log_floor: Some(0.01) },
    valid: Some(Valid::POSITIVE_WEIGHT),
    digits: 3,
    unit: "",
    get: |p| own::<DiceCeParams>(p).map(|p| ParamValue::Number(p.pos_weight)),
    set: |p, v| {
        let w = match v {
            ParamValue::Number(x) => *x,
            ParamValue::Text(s) if s == NONE => 1.0,
            _ => return Err(format!("a positive number or \"{NONE}\" (null)")),
        };
        own_mut::<DiceCeParams>(p)?.pos_weight = w;
        Ok(())
    },
};

/// Dice + cross-entropy's parameters.
pub const PARAMS: ParamTable = table![SMOOTH_NR, SMOOTH_DR, W_DICE, W_CE, POS_WEIGHT];
