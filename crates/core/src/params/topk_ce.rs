//! Top-k % cross-entropy's parameter (nnU-Net `TopKLoss`): `k`.

use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue, Valid};
use serde::{Deserialize, Serialize};

/// Top-k % cross-entropy's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TopKParams {
    /// Percent of pixels kept (the hardest), in (0, 100].
    pub k: f64,
}

impl Default for TopKParams {
    fn default() -> Self {
        TopKParams { k: 10.0 }
    }
}

/// `k`: the percent of pixels kept.
pub const K: ParamSpec = ParamSpec {
    key: "k",
    label: "k",
    help: "percent of pixels kept, the hardest: K = trunc(N·k/100) (nnU-Net: 10)",
    control: KnobKind::Number { min: 0.1, max: 100.0, log_floor: Some(0.1) },
    valid: Some(Valid {
        min: 0.0,
        max: 100.0,
        min_open: true,
        max_open: false,
        allowed: "a number in (0, 100]",
    }),
    digits: 3,
    unit: "%",
    get: |p| own::<TopKParams>(p).map(|p| ParamValue::Number(p.k)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<TopKParams>(p)?.k = x;
        Ok(())
    },
};

/// Top-k % cross-entropy's parameters.
pub const PARAMS: ParamTable = table![K];
