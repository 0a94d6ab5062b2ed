//! Every error class of `losslab eval`: status 2, one line on stderr naming the field,
//! nothing on stdout, no panic.

mod common;
use common::expect_error;

/// A valid 1×2 Dice case with `field` replaced (or added) by `json`.
fn case_with(field: &str, json: &str) -> String {
    let mut fields = vec![
        ("shape", "[1, 2]".to_string()),
        ("target", "[1, 0]".to_string()),
        ("prob", "[0.8, 0.1]".to_string()),
        ("loss", "\"dice\"".to_string()),
    ];
    match fields.iter_mut().find(|(k, _)| *k == field) {
        Some(slot) => slot.1 = json.to_string(),
        None => fields.push((field, json.to_string())),
    }
    let body: Vec<String> = fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("\"{k}\": {v}"))
        .collect();
    format!("{{{}}}", body.join(", "))
}

fn eval_error(case: &str) -> String {
    expect_error(&["eval"], case)
}

#[test]
fn malformed_json() {
    assert!(eval_error("{\"shape\": [1, 2], ").contains("malformed JSON"));
    assert!(eval_error("").contains("malformed JSON"));
    assert!(eval_error("[1, 2]").contains("malformed JSON"));
    assert!(eval_error(&(case_with("loss", "\"dice\"") + " trailing")).contains("malformed JSON"));
}

#[test]
fn unknown_loss() {
    let line = eval_error(&case_with("loss", "\"dicey\""));
    assert!(line.contains("field \"loss\"") && line.contains("dicey"), "{line}");
}

#[test]
fn unknown_parameter() {
    let line = eval_error(&case_with("params", r#"{"alpha": 0.5}"#));
    assert!(line.contains("params.alpha") && line.contains("no parameter"), "{line}");
}

#[test]
fn wrong_parameter_type_or_range() {
    let line = eval_error(&case_with("params", r#"{"smooth": "big"}"#));
    assert!(line.contains("params.smooth"), "{line}");
    let line = eval_error(&case_with("params", r#"{"smooth": -1}"#));
    assert!(line.contains("params.smooth") && line.contains("invalid"), "{line}");
    let line = eval_error(&case_with("params", r#"{"squared": [1]}"#));
    assert!(line.contains("params.squared"), "{line}");
    let line = eval_error(&case_with("params", r#"{"batch": "sometimes"}"#));
    assert!(line.contains("params.batch"), "{line}");
}

#[test]
fn length_does_not_match_shape() {
    let line = eval_error(&case_with("prob", "[0.8, 0.1, 0.3]"));
    assert!(line.contains("field \"prob\"") && line.contains("3 values"), "{line}");
    let line = eval_error(&case_with("target", "[1]"));
    assert!(line.contains("field \"target\""), "{line}");
}

#[test]
fn nan_and_infinities() {
    for bad in ["NaN", "nan", "Infinity", "-Infinity", "1e999", "-1e999"] {
        let line = eval_error(&case_with("prob", &format!("[0.8, {bad}]")));
        assert!(line.contains("field \"prob\"") && line.contains("finite"), "{bad}: {line}");
    }
    let line =
        eval_error(&case_with("logit", "[0.0, 1e999]").replace("\"prob\": [0.8, 0.1], ", ""));
    assert!(line.contains("field \"logit\""), "{line}");
}

#[test]
fn prob_outside_unit_interval() {
    let line = eval_error(&case_with("prob", "[0.8, 1.5]"));
    assert_eq!(line, "error: field \"prob\": prob[1] = 1.5 is outside [0, 1]");
}

#[test]
fn target_outside_unit_interval() {
    let line = eval_error(&case_with("target", "[1, -0.5]"));
    assert_eq!(line, "error: field \"target\": target[1] = -0.5 is outside [0, 1]");
}

#[test]
fn empty_shape_zero_dimension_and_huge_shape() {
    assert!(eval_error(&case_with("shape", "[]")).contains("field \"shape\": is empty"));
    assert!(eval_error(&case_with("shape", "[0, 2]")).contains("shape[0] is 0"));
    let line = eval_error(&case_with("shape", "[65536, 65536, 65536]"));
    assert!(line.contains("field \"shape\"") && line.contains("limit"), "{line}");
    let line = eval_error(&case_with("shape", "[4294967296, 4294967296, 4294967296]"));
    assert!(line.contains("field \"shape\""), "{line}");
    // `[B, C, H, W]` is the longest shape (multiclass.md).
    assert!(eval_error(&case_with("shape", "[1, 1, 1, 1, 2]")).contains("5 dimensions"));
    assert!(eval_error(&case_with("shape", "[-1, 2]")).contains("field \"shape\""));
}

#[test]
fn missing_field() {
    assert_eq!(eval_error(&case_with("loss", "")), "error: field \"loss\": is missing");
    assert!(eval_error(&case_with("prob", "")).contains("field \"prob\": is missing"));
    assert!(eval_error(&case_with("target", "")).contains("field \"target\": is missing"));
}

#[test]
fn both_prob_and_logit() {
    let line = eval_error(&case_with("logit", "[0, 0]"));
    assert!(line.contains("\"prob\" and \"logit\""), "{line}");
}

#[test]
fn unknown_top_level_field() {
    let line = eval_error(&case_with("probs", "[0.8, 0.1]"));
    assert!(line.contains("field \"probs\": unknown field"), "{line}");
}

#[test]
fn batch_for_cross_entropy_is_refused() {
    // multiclass.md: `batch` with `ce` → exit 2 (CE is always a mean over all B·H·W pixels).
    // Two channels of one 1×1 image: `[C, H, W]`, the layout `ce` reads from three dimensions.
    let case = r#"{"shape": [2, 1, 1], "target": [0, 1], "prob": [0.3, 0.7], "loss": "ce",
        "params": {"batch": "pooled"}}"#;
    let line = eval_error(case);
    assert!(line.contains("params.batch"), "{line}");
}

#[test]
fn flags_that_need_images() {
    let line = expect_error(&["eval", "--json"], "");
    assert!(line.contains("--target"), "{line}");
    let line = expect_error(&["eval", "--bogus"], "");
    assert!(line.contains("--bogus"), "{line}");
}
