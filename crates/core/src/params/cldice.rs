//! Soft clDice's parameters (MONAI `SoftclDiceLoss`, `losses-geometry.md` §4):
//! `iterations`, `smooth_nr`, `smooth_dr`, `smooth` — Dice + clDice reuses them.

use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
use serde::{Deserialize, Serialize};

/// Most skeleton iterations accepted.
pub const MAX_ITERATIONS: u32 = 100;

/// Soft clDice's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CldiceParams {
    /// Soft-skeleton iterations `K` (MONAI `iter_`).
    pub iterations: u32,
    /// Added to both ratios' numerators, ≥ 0.
    pub smooth_nr: f64,
    /// Added to both ratios' denominators, > 0.
    pub smooth_dr: f64,
    /// Added to the harmonic mean's denominator, > 0.
    pub smooth: f64,
}

impl Default for CldiceParams {
    fn default() -> Self {
        CldiceParams { iterations: 3, smooth_nr: 1.0, smooth_dr: 1.0, smooth: 1e-4 }
    }
}

/// `iterations`: the soft skeleton's erosions.
pub const ITERATIONS: ParamSpec = ParamSpec {
    key: "iterations",
    label: "iterations",
    help: "soft-skeleton iterations K (MONAI iter_): a blob's skeleton appears once K reaches its half-width",
    control: KnobKind::Integer { min: 0.0, max: 10.0 },
    valid: Some(Valid {
        min: 0.0,
        max: MAX_ITERATIONS as f64,
        min_open: false,
        max_open: false,
        allowed: "an integer in [0, 100]",
    }),
    digits: 3,
    unit: "",
    get: |p| own::<CldiceParams>(p).map(|p| ParamValue::Number(f64::from(p.iterations))),
    set: |p, v| {
        let x = number(v)?;
        if x.fract() != 0.0 || !(0.0..=f64::from(MAX_ITERATIONS)).contains(&x) {
            return Err("an integer in [0, 100]".into());
        }
        own_mut::<CldiceParams>(p)?.iterations = x as u32;
        Ok(())
    },
};

/// `smooth_nr` (Dice + CE's key): added to both numerators.
pub const SMOOTH_NR: ParamSpec = ParamSpec {
    key: super::dice_ce::SMOOTH_NR.key,
    label: "smooth_nr",
    help: "added to the numerators of Tprec and Tsens (MONAI smooth_nr)",
    control: KnobKind::Number { min: 0.0, max: 10.0, log_floor: Some(1e-4) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<CldiceParams>(p).map(|p| ParamValue::Number(p.smooth_nr)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<CldiceParams>(p)?.smooth_nr = x;
        Ok(())
    },
};

/// `smooth_dr` (Dice + CE's key): added to both denominators, > 0.
pub const SMOOTH_DR: ParamSpec = ParamSpec {
    key: super::dice_ce::SMOOTH_DR.key,
    label: "smooth_dr",
    help: "added to the denominators of Tprec and Tsens (MONAI smooth_dr); > 0",
    control: KnobKind::Number { min: 1e-4, max: 10.0, log_floor: Some(1e-4) },
    valid: Some(Valid::POSITIVE),
    digits: 3,
    unit: "",
    get: |p| own::<CldiceParams>(p).map(|p| ParamValue::Number(p.smooth_dr)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<CldiceParams>(p)?.smooth_dr = x;
        Ok(())
    },
};

/// `smooth` (Dice's key): added to the harmonic mean's denominator, > 0.
pub const SMOOTH: ParamSpec = ParamSpec {
    key: super::dice::SMOOTH.key,
    label: "smooth",
    help: "added to Tprec + Tsens below the harmonic mean (MONAI smooth); > 0",
    control: KnobKind::Number { min: 1e-8, max: 1.0, log_floor: Some(1e-8) },
    valid: Some(Valid::POSITIVE),
    digits: 3,
    unit: "",
    get: |p| own::<CldiceParams>(p).map(|p| ParamValue::Number(p.smooth)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<CldiceParams>(p)?.smooth = x;
        Ok(())
    },
};

/// Soft clDice's parameters.
pub const PARAMS: ParamTable = table![ITERATIONS, SMOOTH_NR, SMOOTH_DR, SMOOTH];
