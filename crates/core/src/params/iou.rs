//! Soft Jaccard's parameters: `eps`, `empty`.

use super::knob::KnobKind;
use super::spec::{
    number, own, own_mut, table, text, word, ParamSpec, ParamTable, ParamValue, Valid,
};
use serde::{Deserialize, Serialize};

/// What IoU does with an all-zero target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EmptyPolicy {
    /// Compute on `1 − y`, `1 − p` (the article's code).
    Complement,
    /// Compute as usual.
    Plain,
}

words!(EmptyPolicy { Complement => "complement", Plain => "plain" });

/// Soft Jaccard's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct IouParams {
    /// `ε_J`, added to intersection and union, ≥ 0.
    pub eps: f64,
    /// What an all-zero target does.
    pub empty: EmptyPolicy,
}

impl Default for IouParams {
    fn default() -> Self {
        IouParams { eps: 1e-6, empty: EmptyPolicy::Complement }
    }
}

/// `eps`: `ε_J`, added to intersection and union.
pub const EPS: ParamSpec = ParamSpec {
    key: "eps",
    label: "ε",
    help: "added to I and U",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: Some(1e-9) },
    valid: Some(Valid::NON_NEGATIVE),
    digits: 3,
    unit: "",
    get: |p| own::<IouParams>(p).map(|p| ParamValue::Number(p.eps)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<IouParams>(p)?.eps = x;
        Ok(())
    },
};

/// `empty`: `complement` or `plain`.
pub const EMPTY: ParamSpec = ParamSpec {
    key: "empty",
    label: "empty target",
    help: "complement (the article's): on an empty target, score 1 − y against 1 − p",
    control: KnobKind::Choice(&["complement", "plain"]),
    valid: None,
    digits: 3,
    unit: "",
    get: |p| own::<IouParams>(p).map(|p| text(p.empty.as_str())),
    set: |p, v| {
        let e = word(v, EmptyPolicy::parse, EmptyPolicy::allowed)?;
        own_mut::<IouParams>(p)?.empty = e;
        Ok(())
    },
};

/// Soft Jaccard's parameters.
pub const PARAMS: ParamTable = table![EPS, EMPTY];
