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
/// `true`/`false`, else a number, else a word ([`flag_value`]).
pub fn from_flags(loss: LossName, flags: &[String]) -> Result<LossConfig, CliError> {
    let mut values = Vec::with_capacity(flags.len());
    for flag in flags {
        values.push(split_flag("--param", flag)?);
    }
    configure(loss, values.iter().map(|(k, v)| (k.as_str(), v)), "params")
        .map_err(|e| CliError::usage(format!("--param: {}", e.message())))
}

/// `KEY=VALUE` of the flag `name` (`--param`, `--set`): the key trimmed and the value read
/// by [`flag_value`].
pub fn split_flag(name: &str, flag: &str) -> Result<(String, ParamValue), CliError> {
    let Some((key, text)) = flag.split_once('=') else {
        return Err(CliError::usage(format!(
            "{name} \"{flag}\": expected KEY=VALUE, e.g. {name} smooth=0"
        )));
    };
    let (key, text) = (key.trim(), text.trim());
    let value =
        flag_value(text).map_err(|e| CliError::usage(format!("{name} {key}={text}: {e}")))?;
    Ok((key.to_string(), value))
}

/// A flag's value: `true`/`false`, else a finite number, else a word.
pub fn flag_value(text: &str) -> Result<ParamValue, String> {
    Ok(match text {
        "true" => ParamValue::Bool(true),
        "false" => ParamValue::Bool(false),
        _ => match text.parse::<f64>() {
            Ok(x) if x.is_finite() => ParamValue::Number(x),
            Ok(_) => return Err("the value is not a finite number".to_string()),
            Err(_) => ParamValue::Text(text.to_string()),
        },
    })
}

/// The configurations of `losses` from `--set` flags: `LOSS.KEY=VALUE` sets one loss's
/// parameter (the loss must be among `losses`), a bare `KEY=VALUE` sets it on every loss of
/// `losses` that has a parameter `KEY` (an error if none has). Each configuration is then
/// built by `LossConfig::from_params`, which checks kinds and ranges once.
pub fn from_sets(losses: &[LossName], flags: &[String]) -> Result<Vec<LossConfig>, CliError> {
    let mut values: Vec<Vec<(String, ParamValue)>> = vec![Vec::new(); losses.len()];
    for flag in flags {
        let (key, value) = split_flag("--set", flag)?;
        match key.split_once('.') {
            Some((loss, own)) => {
                let name = LossName::parse(loss).ok_or_else(|| {
                    CliError::usage(format!(
                        "--set {flag}: \"{loss}\" is not a loss (known: {})",
                        known_losses()
                    ))
                })?;
                let index = losses.iter().position(|&l| l == name).ok_or_else(|| {
                    CliError::usage(format!(
                        "--set {flag}: {name} is not among the losses evaluated (add --loss {name})"
                    ))
                })?;
                values[index].push((own.to_string(), value));
            }
            None => {
                let mut hit = false;
                for (index, loss) in losses.iter().enumerate() {
                    if loss.spec(&key).is_some() {
                        values[index].push((key.clone(), value.clone()));
                        hit = true;
                    }
                }
                if !hit {
                    let names: Vec<&str> = losses.iter().map(|l| l.as_str()).collect();
                    return Err(CliError::usage(format!(
                        "--set {flag}: no loss evaluated has a parameter \"{key}\" (losses: {})",
                        names.join(", ")
                    )));
                }
            }
        }
    }
    losses
        .iter()
        .zip(&values)
        .map(|(&loss, values)| {
            LossConfig::from_params(loss, values.iter().map(|(k, v)| (k.as_str(), v)))
                .map_err(|e| CliError::usage(format!("--set: {e}")))
        })
        .collect()
}

/// Every loss name, comma-separated, for messages.
pub fn known_losses() -> String {
    LossName::ALL.iter().map(|n| n.as_str()).collect::<Vec<_>>().join(", ")
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
