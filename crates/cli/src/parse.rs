//! Reading one JSON case: syntax and types, with errors that name the field.

use crate::error::CliError;
use serde::Deserialize;
use serde_json::{Map, Value};

/// The top-level fields a case may have.
pub const FIELDS: [&str; 8] =
    ["shape", "layout", "target", "labels", "prob", "logit", "loss", "params"];

/// A case as it arrives, typed but not yet checked against itself.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawCase {
    /// `[H, W]`, `[B, H, W]`, `[C, H, W]` or `[B, C, H, W]` (`multiclass.md`).
    pub shape: Vec<u64>,
    /// `HW`, `BHW`, `CHW` or `BCHW`; absent: from the number of dimensions and the loss.
    #[serde(default)]
    pub layout: Option<String>,
    /// Targets, row-major (exactly one of `target` and `labels`).
    #[serde(default)]
    pub target: Option<Vec<f64>>,
    /// Integer class indices, the layout without its channel axis (`C ≥ 2` only).
    #[serde(default)]
    pub labels: Option<Vec<f64>>,
    /// Probabilities, row-major (exactly one of `prob` and `logit`).
    #[serde(default)]
    pub prob: Option<Vec<f64>>,
    /// Logits, row-major (exactly one of `prob` and `logit`).
    #[serde(default)]
    pub logit: Option<Vec<f64>>,
    /// The loss' name in `losses.md`.
    pub loss: String,
    /// Parameters that differ from the defaults.
    #[serde(default)]
    pub params: Option<Map<String, Value>>,
}

/// Parses `input` as one case; errors name the field (`prob[3]`) where serde knows it.
pub fn parse(input: &str) -> Result<RawCase, CliError> {
    parse_object(input, &FIELDS)
}

/// Parses `input` as one JSON object of type `T`, whose top-level fields are `fields`; errors
/// name the field where serde knows it.
pub fn parse_object<T: serde::de::DeserializeOwned>(
    input: &str,
    fields: &[&str],
) -> Result<T, CliError> {
    match input.trim_start().chars().next() {
        None => {
            return Err(CliError::usage("malformed JSON: the input is empty (expected one case)"))
        }
        Some('{') => {}
        Some(_) => {
            return Err(CliError::usage("malformed JSON: a case must be one JSON object {...}"))
        }
    }
    let mut de = serde_json::Deserializer::from_str(input);
    let raw: T = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        describe(input, &path, e.into_inner(), fields)
    })?;
    de.end().map_err(|e| describe(input, ".", e, fields))?;
    Ok(raw)
}

/// Turns a serde_json error at `path` into one line naming the field and the problem.
fn describe(input: &str, path: &str, err: serde_json::Error, fields: &[&str]) -> CliError {
    let text = err.to_string();
    let category = err.classify();
    let at = input_line_offset(input, err.line(), err.column());
    let token = at.map(|i| &input[i..]).unwrap_or("");
    let non_finite =
        ["NaN", "nan", "Infinity", "-Infinity", "inf", "-inf"].iter().any(|t| token.starts_with(t))
            || text.starts_with("number out of range");
    let problem = if non_finite {
        format!("not a finite JSON number ({text}); NaN and infinities cannot be given")
    } else {
        match category {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                format!("malformed JSON: {text}")
            }
            _ => text.clone(),
        }
    };
    if let Some(rest) = text.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return CliError::field(name, "is missing");
    }
    if let Some(rest) = text.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        let known = fields.join(", ");
        return CliError::field(name, format!("unknown field (expected: {known})"));
    }
    if let Some(rest) = text.strip_prefix("duplicate field `") {
        let name = rest.split('`').next().unwrap_or(rest);
        return CliError::field(name, "is given twice");
    }
    let top = path.split(['.', '[']).next().unwrap_or("");
    if path == "." || top.is_empty() || !FIELDS.contains(&top) {
        CliError::usage(problem)
    } else if top == path {
        CliError::field(top, problem)
    } else {
        CliError::field(top, format!("at {path}: {problem}"))
    }
}

/// Byte offset in `input` of a 1-based (line, column) position, backed up to the start of
/// the token there; `None` when out of range.
fn input_line_offset(input: &str, line: usize, column: usize) -> Option<usize> {
    if line == 0 {
        return None;
    }
    let start: usize = input.split_inclusive('\n').take(line - 1).map(str::len).sum();
    let offset = start.checked_add(column.saturating_sub(1))?;
    if offset > input.len() {
        return None;
    }
    let bytes = input.as_bytes();
    let mut i = offset.min(bytes.len());
    while i > start && !matches!(bytes[i - 1], b',' | b'[' | b':' | b' ' | b'\n' | b'{') {
        i -= 1;
    }
    input.is_char_boundary(i).then_some(i)
}
