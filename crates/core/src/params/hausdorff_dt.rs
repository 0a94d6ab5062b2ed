//! The Hausdorff-DT loss's parameter (MONAI `HausdorffDTLoss`, `losses-geometry.md` §2):
//! `alpha`.

use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
use serde::{Deserialize, Serialize};

/// The Hausdorff-DT loss's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct HausdorffDtParams {
    /// The exponent of the distance fields, > 0.
    pub alpha: f64,
}

impl Default for HausdorffDtParams {
    fn default() -> Self {
        HausdorffDtParams { alpha: 2.0 }
    }
}

/// `alpha` (tversky's key): the fields' exponent.
pub const ALPHA: ParamSpec = ParamSpec {
    key: super::tversky::ALPHA.key,
    label: "α (distance exponent)",
    help: "exponent of the distance fields: (p − y)²·(F_p^α + F_y^α) (MONAI alpha; the paper: 2)",
    control: KnobKind::Number { min: 0.25, max: 4.0, log_floor: None },
    valid: Some(Valid {
        min: 0.0,
        max: 100.0,
        min_open: true,
        max_open: false,
        allowed: "a number in (0, 100]",
    }),
    digits: 3,
    unit: "",
    get: |p| own::<HausdorffDtParams>(p).map(|p| ParamValue::Number(p.alpha)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<HausdorffDtParams>(p)?.alpha = x;
        Ok(())
    },
};

/// The Hausdorff-DT loss's parameters.
pub const PARAMS: ParamTable = table![ALPHA];
