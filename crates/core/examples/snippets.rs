//! The code-export snippets of the configurations on standard input, as JSON on standard
//! output: what `tools/oracle/check_snippets.py` runs in the real libraries.
//!
//! Input: a JSON array of `{"loss": NAME, "params": {KEY: VALUE, ...}}` (the parameters of
//! `losslab eval`). Output: an array of `{"loss", "params" (every parameter, defaults
//! included), "snippets": {REDUCTION: {LIBRARY: {"code", "notes"}}}}`, REDUCTION being
//! `per_image` and `pooled` (the batch reductions of `Loss::evaluate_batch`).
//!
//! ```sh
//! echo '[{"loss": "dice", "params": {}}]' \
//!   | cargo run -q -p losslab-core --example snippets
//! ```

use losslab_core::codegen::snippets;
use losslab_core::train::reduction_str;
use losslab_core::{BatchReduction, LossConfig, LossName, ParamValue};
use serde_json::{json, Map, Value};
use std::io::Read;

fn param_value(v: &Value) -> Result<ParamValue, String> {
    match v {
        Value::Number(n) => n.as_f64().map(ParamValue::Number).ok_or("not a number".into()),
        Value::String(s) => Ok(ParamValue::Text(s.clone())),
        Value::Bool(b) => Ok(ParamValue::Bool(*b)),
        other => Err(format!("{other}: not a parameter value")),
    }
}

fn json_value(v: &ParamValue) -> Value {
    match v {
        ParamValue::Number(x) => json!(x),
        ParamValue::Text(s) => json!(s),
        ParamValue::Bool(b) => json!(b),
    }
}

fn config(item: &Value) -> Result<LossConfig, String> {
    let name = item["loss"].as_str().ok_or("\"loss\" is not a string")?;
    let loss = LossName::parse(name).ok_or(format!("unknown loss {name}"))?;
    let empty = Map::new();
    let given = item.get("params").and_then(Value::as_object).unwrap_or(&empty);
    let values: Vec<(&str, ParamValue)> = given
        .iter()
        .map(|(k, v)| param_value(v).map(|v| (k.as_str(), v)))
        .collect::<Result<_, _>>()?;
    LossConfig::from_params(loss, values.iter().map(|(k, v)| (*k, v))).map_err(|e| e.to_string())
}

fn main() -> Result<(), String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| e.to_string())?;
    let items: Vec<Value> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for item in &items {
        let c = config(item)?;
        let params: Map<String, Value> = c
            .param_names()
            .iter()
            .filter_map(|&k| c.get(k).map(|v| (k.to_string(), json_value(&v))))
            .collect();
        let mut by_reduction = Map::new();
        for r in [BatchReduction::PerImage, BatchReduction::Pooled] {
            let libs: Map<String, Value> = snippets(&c, r)
                .into_iter()
                .map(|s| {
                    let notes: Vec<String> = s.notes.iter().map(|n| format!("{n:?}")).collect();
                    (s.library.as_str().to_string(), json!({"code": s.code, "notes": notes}))
                })
                .collect();
            by_reduction.insert(reduction_str(r).to_string(), Value::Object(libs));
        }
        out.push(json!({"loss": c.name().as_str(), "params": params, "snippets": by_reduction}));
    }
    println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    Ok(())
}
