//! The boundary loss's parameters (Kervadec et al., `losses-geometry.md` §1):
//! `include_background`, `truncate`.

use super::knob::KnobKind;
use super::spec::{flag, own, own_mut, table, ParamSpec, ParamTable, ParamValue};
use serde::{Deserialize, Serialize};

/// The boundary loss's parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct BoundaryParams {
    /// Also sum the background channel (`idc = [0, 1]`).
    pub include_background: bool,
    /// Truncate distances toward zero, as the authors' int32 training pipeline does.
    pub truncate: bool,
}

/// `include_background`: the background channel's term too.
pub const INCLUDE_BACKGROUND: ParamSpec = ParamSpec {
    key: "include_background",
    label: "include background",
    help: "also the background channel: idc = [0, 1], L = mean of (1 − p)·φ(¬y) and p·φ(y)",
    control: KnobKind::Flag,
    valid: None,
    digits: 3,
    unit: "",
    get: |p| own::<BoundaryParams>(p).map(|p| ParamValue::Bool(p.include_background)),
    set: |p, v| {
        let b = flag(v)?;
        own_mut::<BoundaryParams>(p)?.include_background = b;
        Ok(())
    },
};

/// `truncate`: the authors' pipeline's integer distances.
pub const TRUNCATE: ParamSpec = ParamSpec {
    key: "truncate",
    label: "truncate",
    help: "distances truncated to integers, as the authors' int32 data loader makes them (√2 → 1)",
    control: KnobKind::Flag,
    valid: None,
    digits: 3,
    unit: "",
    get: |p| own::<BoundaryParams>(p).map(|p| ParamValue::Bool(p.truncate)),
    set: |p, v| {
        let b = flag(v)?;
        own_mut::<BoundaryParams>(p)?.truncate = b;
        Ok(())
    },
};

/// The boundary loss's parameters.
pub const PARAMS: ParamTable = table![INCLUDE_BACKGROUND, TRUNCATE];
