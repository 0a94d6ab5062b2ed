//! Soft Jaccard's parameters: `eps`, `empty`.

use super::spec::{number, table, text, word, ParamSpec, ParamTable, Valid};
use super::{KnobKind, LossConfig, ParamValue};
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

fn params(c: &LossConfig) -> Option<&IouParams> {
    match c {
        LossConfig::Iou(p) => Some(p),
        _ => None,
    }
}

fn params_mut(c: &mut LossConfig) -> Option<&mut IouParams> {
    match c {
        LossConfig::Iou(p) => Some(p),
        _ => None,
    }
}

/// `eps`: `ε_J`, added to intersection and union.
pub const EPS: ParamSpec = ParamSpec {
    key: "eps",
    label: "ε",
    help: "added to I and U",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: Some(1e-9) },
    valid: Some(Valid::NON_NEGATIVE),
    get: |c| params(c).map(|p| ParamValue::Number(p.eps)),
    set: |c, v| {
        number(v).map(|x| {
            if let Some(p) = params_mut(c) {
                p.eps = x
            }
        })
    },
};

/// `empty`: `complement` or `plain`.
pub const EMPTY: ParamSpec = ParamSpec {
    key: "empty",
    label: "empty target",
    help: "complement (the article's): on an empty target, score 1 − y against 1 − p",
    control: KnobKind::Choice(&["complement", "plain"]),
    valid: None,
    get: |c| params(c).map(|p| text(p.empty.as_str())),
    set: |c, v| {
        word(v, EmptyPolicy::parse, EmptyPolicy::allowed).map(|e| {
            if let Some(p) = params_mut(c) {
                p.empty = e
            }
        })
    },
};

/// Soft Jaccard's parameters.
pub const PARAMS: ParamTable = table![EPS, EMPTY];
