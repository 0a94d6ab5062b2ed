//! The fixtures of `fixtures/data/` and their manifest (the arrays as NumPy, nibabel and
//! Pillow read them), and `losslab eval` on a JSON case built from those arrays: the oracle
//! of the tests of `losslab dataset` and `eval --target/--pred`.

use super::{float, losslab};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The fixtures' folder.
pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/data")
}

/// `manifest.json`.
pub fn manifest() -> Value {
    let text = std::fs::read_to_string(fixtures().join("manifest.json")).expect("manifest.json");
    serde_json::from_str(&text).expect("manifest is JSON")
}

/// A manifest array of numbers.
pub fn numbers(value: &Value) -> Vec<f64> {
    value.as_array().expect("an array").iter().map(|v| v.as_f64().expect("a number")).collect()
}

/// The value `losslab eval` gives for `loss` on the manifest's arrays of `pair`: `[H, W]`
/// as one image, `[D, H, W]` as a pooled batch of D planes (layout `BHW`: the planes are
/// images, not classes), logits as `logit`. Refused parameters are an `Err` with eval's line.
pub fn try_eval(pair: &Value, loss: &str, params: Value) -> Result<f64, String> {
    let shape = numbers(&pair["shape"]);
    let mut params = params;
    let mut case = json!({"loss": loss});
    let (y, pred, field) = match pair.get("logit") {
        Some(z) => (numbers(&pair["target"]), numbers(z), "logit"),
        None => (numbers(&pair["target"]), numbers(&pair["prob"]), "prob"),
    };
    if loss == "generalized_dice" {
        // The binary generalized Dice is the two-class view (losses.md §9: background
        // 1 − p, foreground p); eval's `[H, W]` case is one class (plain Dice), so the equal
        // case is `[2, H, W]` (per plane of a volume: `[D, 2, H, W]`) with the background
        // channel 1 − y, 1 − p (logits: 0, so that the softmax gives σ(z) and 1 − σ(z)).
        let (d, plane) = match shape[..] {
            [d, h, w] => (d as usize, (h * w) as usize),
            [h, w] => (1, (h * w) as usize),
            _ => panic!("shape {shape:?}"),
        };
        let (mut t2, mut p2) = (Vec::new(), Vec::new());
        for z in 0..d {
            let cut = z * plane..(z + 1) * plane;
            t2.extend(y[cut.clone()].iter().map(|v| 1.0 - v));
            t2.extend_from_slice(&y[cut.clone()]);
            if field == "logit" {
                p2.extend(std::iter::repeat_n(0.0, plane));
            } else {
                p2.extend(pred[cut.clone()].iter().map(|v| 1.0 - v));
            }
            p2.extend_from_slice(&pred[cut]);
        }
        let dims: Vec<u64> = shape.iter().map(|&v| v as u64).collect();
        let (shape2, layout) = match dims[..] {
            [d, h, w] => (json!([d, 2, h, w]), "BCHW"),
            [h, w] => (json!([2, h, w]), "CHW"),
            _ => unreachable!(),
        };
        case["shape"] = shape2;
        case["layout"] = json!(layout);
        case["target"] = json!(t2);
        case[field] = json!(p2);
    } else {
        case["shape"] = pair["shape"].clone();
        case["target"] = json!(y);
        case[field] = json!(pred);
        if shape.len() == 3 {
            case["layout"] = json!("BHW");
        }
    }
    if shape.len() == 3 {
        params["batch"] = json!("pooled");
    }
    case["params"] = params;
    let run = losslab(&["eval"], &case.to_string());
    if run.code != 0 {
        return Err(run.stderr);
    }
    let out: Value = serde_json::from_str(&run.stdout).expect("eval JSON");
    Ok(float(&out["value"]))
}

/// [`try_eval`], which must succeed.
pub fn eval_value(pair: &Value, loss: &str, params: Value) -> f64 {
    try_eval(pair, loss, params).unwrap_or_else(|e| panic!("{loss} on {}: {e}", pair["name"]))
}
