//! The scene and one loss as a `losslab eval` case (`conformance.md`'s input format), so a
//! number on the board can be reproduced with the command-line program.

use super::values::non_default_params;
use super::Scene;
use crate::params::{LossConfig, ParamValue};
use std::fmt::Write;

/// A JSON value for a parameter. Words are plain identifiers, so they need no escaping.
fn json_param(value: &ParamValue) -> String {
    match value {
        ParamValue::Number(x) => format!("{x}"),
        ParamValue::Text(s) => format!("\"{}\"", s.replace(['"', '\\'], "")),
        ParamValue::Bool(b) => format!("{b}"),
    }
}

fn json_array(out: &mut String, values: &[f64]) {
    out.push('[');
    for (i, v) in values.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        // Rust's `{}` prints the shortest string that round-trips, a valid JSON number
        // for every finite value (the scene holds only finite values in [0, 1]).
        let _ = write!(out, "{v}");
    }
    out.push(']');
}

/// `{"shape": [H, W], "target": [...], "prob": [...], "loss": "...", "params": {...}}`, with
/// only the parameters that differ from the defaults.
pub fn case_json(scene: &Scene, config: &LossConfig) -> String {
    let side = scene.side();
    let mut out = String::with_capacity(scene.grid().pixels() * 24 + 128);
    let _ = write!(out, "{{\"shape\":[{side},{side}],\"target\":");
    json_array(&mut out, scene.target());
    out.push_str(",\"prob\":");
    json_array(&mut out, scene.prob());
    let _ = write!(out, ",\"loss\":\"{}\",\"params\":{{", config.name());
    for (i, (name, value)) in non_default_params(config).iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"{name}\":{}", json_param(value));
    }
    out.push_str("}}\n");
    out
}
