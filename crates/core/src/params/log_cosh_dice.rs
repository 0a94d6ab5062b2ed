//! Log-cosh Dice's parameter: Dice's `smooth`.

use super::spec::{number, own, own_mut, table, ParamSpec, ParamTable, ParamValue};
use serde::{Deserialize, Serialize};

/// Log-cosh Dice's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LogCoshDiceParams {
    /// Added to the Dice numerator and denominator, ≥ 0 (SemSegLoss hard-codes 1).
    pub smooth: f64,
}

impl Default for LogCoshDiceParams {
    fn default() -> Self {
        LogCoshDiceParams { smooth: 1.0 }
    }
}

/// `smooth`: Dice's.
pub const SMOOTH: ParamSpec = ParamSpec {
    get: |p| own::<LogCoshDiceParams>(p).map(|p| ParamValue::Number(p.smooth)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<LogCoshDiceParams>(p)?.smooth = x;
        Ok(())
    },
    ..super::dice::SMOOTH
};

/// Log-cosh Dice's parameters.
pub const PARAMS: ParamTable = table![SMOOTH];
