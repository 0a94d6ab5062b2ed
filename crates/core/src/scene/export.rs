//! The scene and one loss as a `losslab eval` case (`conformance.md`'s input format), so a
//! number on the board can be reproduced with the command-line program.

use super::model::Scene;
use crate::params::{LossConfig, LossName, ParamValue};
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

/// The two class planes `[1 − v, v]` of a binary buffer (background first, class-major).
fn two_classes(values: &[f64]) -> Vec<f64> {
    values.iter().map(|v| 1.0 - v).chain(values.iter().copied()).collect()
}

/// `{"shape": [H, W], "target": [...], "prob": [...], "loss": "...", "params": {...}}`, with
/// only the parameters that differ from the defaults. `generalized_dice` is written as
/// `[2, H, W]` (background `1 − y`, `1 − p`; object `y`, `p`): the two-class view the app
/// evaluates, where a `[H, W]` case would mean one class (plain Dice).
pub fn case_json(scene: &Scene, config: &LossConfig) -> String {
    let side = scene.side();
    let mut out = String::with_capacity(scene.grid().pixels() * 48 + 128);
    if config.name() == LossName::GeneralizedDice {
        let _ = write!(out, "{{\"shape\":[2,{side},{side}],\"target\":");
        json_array(&mut out, &two_classes(scene.target()));
        out.push_str(",\"prob\":");
        json_array(&mut out, &two_classes(scene.prob()));
    } else {
        let _ = write!(out, "{{\"shape\":[{side},{side}],\"target\":");
        json_array(&mut out, scene.target());
        out.push_str(",\"prob\":");
        json_array(&mut out, scene.prob());
    }
    let _ = write!(out, ",\"loss\":\"{}\",\"params\":{{", config.name());
    for (i, (name, value)) in config.non_default_params().iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"{name}\":{}", json_param(value));
    }
    out.push_str("}}\n");
    out
}
