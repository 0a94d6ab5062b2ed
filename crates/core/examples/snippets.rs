//! The code-export snippets of the configurations on standard input, as JSON on standard
//! output: what `tools/oracle/check_snippets.py` runs in the real libraries.
//!
//! Input: a JSON array of `{"loss": NAME, "params": {KEY: VALUE, ...}}` (the parameters of
//! `losslab eval`). Output: an array of `{"loss", "params" (every parameter, defaults
//! included), "snippets": {REDUCTION: {LIBRARY: {"code", "notes"}}}}`, REDUCTION being
//! `per_image` and `pooled` (the batch reductions of `Loss::evaluate_batch`).
//!
//! A compound (`codegen::compound_snippets`) is `{"loss": "compound", "terms": [{"loss",
//! "weight", "params"}, …two], "schedule": {"kind": "constant" | "linear" | "step", "steps",
//! "end": [w1, w2]}}` (`schedule` optional, constant); its output echoes `terms` and
//! `schedule` instead of `params`.
//!
//! A multi-class item (`multiclass.md`) carries `"classes": C` (and `"class_weights"` for
//! `ce`); its `params` include the aggregation keys (`batch`, `include_background`, `absent`,
//! …), and its output is `{"loss", "classes", "params", "snippets": {LIBRARY: {"code",
//! "notes"}}}` (one reduction: the config's `batch`), from `codegen::mc_snippets`.
//!
//! ```sh
//! echo '[{"loss": "dice", "params": {}}]' \
//!   | cargo run -q -p losslab-core --example snippets
//! ```

use losslab_core::codegen::{compound_snippets, mc_snippets, snippets, Snippet};
use losslab_core::params::multiclass::{McConfig, McLossName};
use losslab_core::train::reduction_str;
use losslab_core::{
    BatchReduction, Compound, Loss, LossConfig, LossName, ParamValue, Schedule, Term,
};
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

/// The compound of an item (`terms`, `schedule`).
fn compound(item: &Value) -> Result<Compound, String> {
    let terms = item["terms"].as_array().filter(|t| t.len() == 2).ok_or("two \"terms\"")?;
    let term = |t: &Value| -> Result<Term, String> {
        let loss = Loss::new(config(t)?).map_err(|e| e.to_string())?;
        Ok(Term { loss, weight: t["weight"].as_f64().unwrap_or(1.0) })
    };
    let s = &item["schedule"];
    let end = |s: &Value| -> Result<[f64; 2], String> {
        match s["end"].as_array().map(|e| e.iter().filter_map(Value::as_f64).collect::<Vec<_>>()) {
            Some(e) if e.len() == 2 => Ok([e[0], e[1]]),
            _ => Err("a schedule's \"end\" is two numbers".into()),
        }
    };
    let steps = s["steps"].as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(1);
    let schedule = match s["kind"].as_str().unwrap_or("constant") {
        "constant" => Schedule::Constant,
        "linear" => Schedule::Linear { steps, end: end(s)? },
        "step" => Schedule::Step { at: steps, end: end(s)? },
        other => return Err(format!("unknown schedule {other}")),
    };
    Compound::new([term(&terms[0])?, term(&terms[1])?], schedule).map_err(|e| e.to_string())
}

fn by_reduction(of: impl Fn(BatchReduction) -> Vec<Snippet>) -> Value {
    let mut out = Map::new();
    for r in [BatchReduction::PerImage, BatchReduction::Pooled] {
        let libs: Map<String, Value> = of(r)
            .into_iter()
            .map(|s| {
                let notes: Vec<String> = s.notes.iter().map(|n| format!("{n:?}")).collect();
                (s.library.as_str().to_string(), json!({"code": s.code, "notes": notes}))
            })
            .collect();
        out.insert(reduction_str(r).to_string(), Value::Object(libs));
    }
    Value::Object(out)
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

/// A multi-class item's snippets.
fn multi_class(item: &Value, classes: usize) -> Result<Value, String> {
    let name = item["loss"].as_str().ok_or("\"loss\" is not a string")?;
    let loss = McLossName::parse(name).ok_or(format!("unknown multi-class loss {name}"))?;
    let empty = Map::new();
    let given = item.get("params").and_then(Value::as_object).unwrap_or(&empty);
    let values: Vec<(&str, ParamValue)> = given
        .iter()
        .map(|(k, v)| param_value(v).map(|v| (k.as_str(), v)))
        .collect::<Result<_, _>>()?;
    let weights: Option<Vec<f64>> =
        item["class_weights"].as_array().map(|w| w.iter().filter_map(Value::as_f64).collect());
    let config = McConfig::from_params(loss, classes, &values, weights.as_deref())
        .map_err(|e| e.to_string())?;
    let libs: Map<String, Value> = mc_snippets(&config)
        .into_iter()
        .map(|s| {
            let notes: Vec<String> = s.notes.iter().map(|n| format!("{n:?}")).collect();
            (s.library.as_str().to_string(), json!({"code": s.code, "notes": notes}))
        })
        .collect();
    Ok(json!({"loss": name, "classes": classes, "params": item["params"], "snippets": libs}))
}

fn main() -> Result<(), String> {
    let mut text = String::new();
    std::io::stdin().read_to_string(&mut text).map_err(|e| e.to_string())?;
    let items: Vec<Value> = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for item in &items {
        if let Some(classes) = item["classes"].as_u64() {
            out.push(multi_class(item, classes as usize)?);
            continue;
        }
        if item["loss"] == "compound" {
            let c = compound(item)?;
            let snippets = by_reduction(|r| compound_snippets(&c, r));
            out.push(json!({"loss": "compound", "terms": item["terms"], "schedule": item["schedule"], "snippets": snippets}));
            continue;
        }
        let c = config(item)?;
        let params: Map<String, Value> = c
            .param_names()
            .iter()
            .filter_map(|&k| c.get(k).map(|v| (k.to_string(), json_value(&v))))
            .collect();
        let snippets = by_reduction(|r| snippets(&c, r));
        out.push(json!({"loss": c.name().as_str(), "params": params, "snippets": snippets}));
    }
    println!("{}", serde_json::to_string_pretty(&out).map_err(|e| e.to_string())?);
    Ok(())
}
