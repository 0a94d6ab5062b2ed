//! [`ParamSpec`]: one loss parameter, declared once, beside its loss (`params/<loss>.rs`).
//! Everything else reads it: [`super::LossConfig`]'s `get`/`set`/`validate`/`param_names`,
//! the board's knobs, the parameter sweep's axes, the link codec, the CLI, code export.
//!
//! A spec's `get`/`set` take its loss's own parameter struct (`TverskyParams`, …) as a
//! `dyn Any`, so the loss files need not know [`super::LossConfig`], which holds those
//! structs: the imports run one way, `config.rs` → `<loss>.rs` → `spec.rs` → `knob.rs`.

use super::knob::{Knob, KnobKind};
use std::any::Any;
use std::fmt;

/// One parameter value as it arrives from outside (JSON, URL, a form field).
#[derive(Debug, Clone, PartialEq)]
pub enum ParamValue {
    /// A number.
    Number(f64),
    /// A word (`"mean"`, `"balanced"`, ...).
    Text(String),
    /// A switch.
    Bool(bool),
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Number(x) => write!(f, "{x}"),
            ParamValue::Text(s) => write!(f, "\"{s}\""),
            ParamValue::Bool(b) => write!(f, "{b}"),
        }
    }
}

/// The values the core accepts for a number (what [`super::LossConfig::validate`] checks);
/// wider than the control's range, which is what a person is offered.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Valid {
    /// Smallest accepted value.
    pub min: f64,
    /// Largest accepted value.
    pub max: f64,
    /// Whether `min` itself is refused.
    pub min_open: bool,
    /// Whether `max` itself is refused.
    pub max_open: bool,
    /// What a refusal says is allowed.
    pub allowed: &'static str,
}

impl Valid {
    /// A weight in `[0, 1]`.
    pub const UNIT: Valid = Valid {
        min: 0.0,
        max: 1.0,
        min_open: false,
        max_open: false,
        allowed: "a number in [0, 1]",
    };
    /// A weight or smoothing term in `[0, 1e12]`.
    pub const NON_NEGATIVE: Valid = Valid {
        min: 0.0,
        max: 1e12,
        min_open: false,
        max_open: false,
        allowed: "a number in [0, 1e12]",
    };
    /// An exponent in `[0, 100]`.
    pub const EXPONENT: Valid = Valid {
        min: 0.0,
        max: 100.0,
        min_open: false,
        max_open: false,
        allowed: "a number in [0, 100]",
    };
    /// A positive smoothing term in `(0, 1e12]`.
    pub const POSITIVE: Valid = Valid {
        min: 0.0,
        max: 1e12,
        min_open: true,
        max_open: false,
        allowed: "a number in (0, 1e12]",
    };
    /// A positive weight in `(0, 1e6]`.
    pub const POSITIVE_WEIGHT: Valid = Valid {
        min: 0.0,
        max: 1e6,
        min_open: true,
        max_open: false,
        allowed: "a number in (0, 1e6]",
    };

    /// Whether `x` is accepted (never NaN or ∞).
    pub fn contains(&self, x: f64) -> bool {
        let above = if self.min_open { x > self.min } else { x >= self.min };
        let below = if self.max_open { x < self.max } else { x <= self.max };
        x.is_finite() && above && below
    }
}

/// One parameter of a loss: its key, how people see and set it, what the core accepts, and
/// how it is read from and written to the loss's parameter struct (what
/// [`super::LossConfig::params`] gives). Its default is that struct's `Default` (same file),
/// read through `get`.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// The key in `losses.md`, JSON, links and `--param`.
    pub key: &'static str,
    /// Short label (a symbol where the article uses one), in English; the app translates it
    /// through its table of core texts (`src/ui/i18n/common.rs`, `CORE`).
    pub label: &'static str,
    /// One line on what it does, with the convention where libraries disagree (English,
    /// translated like `label`).
    pub help: &'static str,
    /// The control a person gets: range, linear or log slider (with its floor), choices.
    pub control: KnobKind,
    /// The numbers the core accepts (`None`: a word or a switch, checked when set).
    pub valid: Option<Valid>,
    /// Significant digits a number is shown and slid with.
    pub digits: u8,
    /// Its unit (`""`: a pure number — a weight, an exponent, a smoothing term).
    pub unit: &'static str,
    /// The value in `params`, the loss's own parameter struct, as JSON writes it (`None` if
    /// `params` is another struct).
    pub get: fn(&dyn Any) -> Option<ParamValue>,
    /// Writes `value` into `params`, the loss's own parameter struct, checking its kind (not
    /// its range); the error says what is allowed.
    pub set: fn(&mut dyn Any, &ParamValue) -> Result<(), String>,
}

impl ParamSpec {
    /// The control of this parameter.
    pub const fn knob(&self) -> Knob {
        Knob {
            name: self.key,
            label: self.label,
            kind: self.control,
            help: self.help,
            digits: self.digits,
            unit: self.unit,
        }
    }

    /// Whether its control (and its sweep) is logarithmic.
    pub fn is_log(&self) -> bool {
        matches!(
            self.control,
            KnobKind::Number { log_floor: Some(_), .. } | KnobKind::NumberOr { log: true, .. }
        )
    }

    /// The range its sweep covers: the control's, from the log floor on a log control.
    pub fn sweep_range(&self) -> Option<(f64, f64)> {
        match self.control {
            KnobKind::Number { log_floor: Some(floor), max, .. } => Some((floor, max)),
            KnobKind::Number { min, max, log_floor: None } => Some((min, max)),
            KnobKind::NumberOr { min, max, .. } => Some((min, max)),
            // A sweep samples between whole numbers: not for a count.
            KnobKind::Integer { .. } | KnobKind::Choice(_) | KnobKind::Flag => None,
        }
    }
}

/// A loss's parameters in the order of `losses.md`, and their keys (built by [`table!`]).
#[derive(Debug, Clone, Copy)]
pub struct ParamTable {
    /// The parameters.
    pub specs: &'static [ParamSpec],
    /// Their keys, in the same order.
    pub keys: &'static [&'static str],
}

impl ParamTable {
    /// A loss without parameters.
    pub const NONE: ParamTable = ParamTable { specs: &[], keys: &[] };
}

/// `table![A, B]`: the [`ParamTable`] of specs `A`, `B`.
macro_rules! table {
    ($($spec:expr),* $(,)?) => {
        $crate::params::spec::ParamTable { specs: &[$($spec),*], keys: &[$($spec.key),*] }
    };
}
pub(crate) use table;

/// A number, for a setter.
pub(crate) fn number(v: &ParamValue) -> Result<f64, String> {
    match v {
        ParamValue::Number(x) => Ok(*x),
        _ => Err("a number".into()),
    }
}

/// A switch, for a setter.
pub(crate) fn flag(v: &ParamValue) -> Result<bool, String> {
    match v {
        ParamValue::Bool(b) => Ok(*b),
        _ => Err("true or false".into()),
    }
}

/// One of a word-valued option's words, for a setter.
pub(crate) fn word<T>(
    v: &ParamValue,
    parse: fn(&str) -> Option<T>,
    allowed: fn() -> String,
) -> Result<T, String> {
    match v {
        ParamValue::Text(s) => parse(s).ok_or_else(allowed),
        _ => Err("a word".into()),
    }
}

/// A word as a value, for a getter.
pub(crate) fn text(s: &str) -> ParamValue {
    ParamValue::Text(s.to_string())
}

/// The parameter struct `T` behind `params`, for a getter (`None` if it is another).
pub(crate) fn own<T: Any>(params: &dyn Any) -> Option<&T> {
    params.downcast_ref::<T>()
}

/// The parameter struct `T` behind `params`, for a setter (an error if it is another).
pub(crate) fn own_mut<T: Any>(params: &mut dyn Any) -> Result<&mut T, String> {
    params.downcast_mut::<T>().ok_or_else(|| "a parameter of this loss".to_string())
}
