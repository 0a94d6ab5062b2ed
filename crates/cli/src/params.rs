//! Loss parameters from outside: JSON `params` objects and `--param key=value` flags.

use crate::error::CliError;
use losslab_core::{BatchReduction, LossConfig, LossName, ParamError, ParamValue};
use serde_json::{Map, Value};

/// The CLI's own parameter (not the core's): how a `[B, H, W]` batch is reduced.
pub const BATCH_KEY: &str = "batch";

/// A loss configuration and the batch reduction asked for, if any.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Settings {
    /// The validated loss configuration.
    pub config: LossConfig,
    /// `params.batch`, when given.
    pub batch: Option<BatchReduction>,
}

/// The word JSON `null` stands for (MONAI's `weight=None`, `alpha=None`).
pub const NULL_WORD: &str = "none";

/// Builds the configuration of `loss` from a JSON `params` object (field `params`).
pub fn from_json(loss: LossName, params: &Map<String, Value>) -> Result<Settings, CliError> {
    from_json_at(loss, params, "params")
}

/// [`from_json`] for a `params` object found at `at` (`params.terms[0].params`): errors name
/// `at.<key>`.
pub fn from_json_at(
    loss: LossName,
    params: &Map<String, Value>,
    at: &str,
) -> Result<Settings, CliError> {
    let mut values = Vec::with_capacity(params.len());
    let mut batch = None;
    for (key, value) in params {
        let field = format!("{at}.{key}");
        if key == BATCH_KEY {
            batch = Some(parse_batch(&field, value)?);
            continue;
        }
        let value = match value {
            Value::Number(n) => match n.as_f64() {
                Some(x) if x.is_finite() => ParamValue::Number(x),
                _ => return Err(CliError::field(&field, format!("{n} is not a finite number"))),
            },
            Value::String(s) => ParamValue::Text(s.clone()),
            Value::Bool(b) => ParamValue::Bool(*b),
            Value::Null => ParamValue::Text(NULL_WORD.to_string()),
            other => {
                let kind = kind_of(other);
                return Err(CliError::field(
                    &field,
                    format!("expected a number, a string, true/false or null, got {kind}"),
                ));
            }
        };
        values.push((key.as_str(), value));
    }
    let config = configure(loss, values.iter().map(|(k, v)| (*k, v)), at)?;
    Ok(Settings { config, batch })
}

/// Builds the configuration of `loss` from `key=value` flags (`--param`). A value is read as
/// `true`/`false`, else a number, else a word.
pub fn from_flags(loss: LossName, flags: &[String]) -> Result<LossConfig, CliError> {
    let mut values = Vec::with_capacity(flags.len());
    for flag in flags {
        let Some((key, text)) = flag.split_once('=') else {
            return Err(CliError::usage(format!(
                "--param \"{flag}\": expected KEY=VALUE, e.g. --param smooth=0"
            )));
        };
        let (key, text) = (key.trim(), text.trim());
        let value = match text {
            "true" => ParamValue::Bool(true),
            "false" => ParamValue::Bool(false),
            _ => match text.parse::<f64>() {
                Ok(x) if x.is_finite() => ParamValue::Number(x),
                Ok(_) => {
                    return Err(CliError::usage(format!(
                        "--param {key}={text}: the value is not a finite number"
                    )))
                }
                Err(_) => ParamValue::Text(text.to_string()),
            },
        };
        values.push((key, value));
    }
    configure(loss, values.iter().map(|(k, v)| (*k, v)), "params")
        .map_err(|e| CliError::usage(format!("--param: {}", e.message())))
}

/// Applies the values to the loss' defaults and validates, naming the offending parameter.
fn configure<'a>(
    loss: LossName,
    values: impl IntoIterator<Item = (&'a str, &'a ParamValue)>,
    at: &str,
) -> Result<LossConfig, CliError> {
    LossConfig::from_params(loss, values).map_err(|e| {
        let name = match &e {
            ParamError::Unknown { name, .. } => name.clone(),
            ParamError::Invalid { name, .. } => (*name).to_string(),
        };
        CliError::field(&format!("{at}.{name}"), e)
    })
}

/// `"per_image"` or `"pooled"`.
fn parse_batch(field: &str, value: &Value) -> Result<BatchReduction, CliError> {
    match value.as_str() {
        Some("per_image") => Ok(BatchReduction::PerImage),
        Some("pooled") => Ok(BatchReduction::Pooled),
        _ => Err(CliError::field(field, format!("{value} must be \"per_image\" or \"pooled\""))),
    }
}

/// "an array", "null", ...: what a JSON value is, for messages.
pub fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
