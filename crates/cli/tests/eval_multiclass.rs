//! `losslab eval` on the multi-class reference cases of `multiclass.md`, in-process through
//! `case::run`: every case of `multiclass_cases.json` with conformance.md's tolerances, and
//! every input of `multiclass_errors.json` refused (status 2) with a message naming its field.
//!
//! The expected numbers come from `tools/oracle/make_multiclass.py`: MONAI 1.6.1, smp 0.6.0 and
//! torch 2.15 in float64 (each case's `source` names the call), each cross-checked there against
//! an independent torch implementation of the contract; the cases the libraries cannot compute
//! (0/0, `absent = zero` per image, the clamp, …) come from that implementation and say so.
//! `tools/oracle/check_cli.py --multiclass` runs the same files through the binary.

use losslab_cli::case;
use serde_json::{Map, Value};

const CASES: &str = include_str!("../../core/tests/golden/multiclass_cases.json");
const ERRORS: &str = include_str!("../../core/tests/golden/multiclass_errors.json");

/// The input fields of a case (multiclass.md's "Input"); the rest is the expected output.
const INPUT_FIELDS: [&str; 8] =
    ["shape", "layout", "target", "labels", "prob", "logit", "loss", "params"];

/// Per-entry tolerance of a gradient or class weight, `ELEMENT_ATOL + ELEMENT_RTOL·|ref|`: the
/// same as `crates/core/tests/golden.rs` and `check_cli.py`.
const ELEMENT_RTOL: f64 = 1e-5;
const ELEMENT_ATOL: f64 = 1e-15;

/// `diff ≤ tol`, false for NaN.
fn within(diff: f64, tol: f64) -> bool {
    diff <= tol
}

fn cases() -> Vec<Value> {
    match serde_json::from_str::<Value>(CASES).expect("multiclass_cases.json is JSON") {
        Value::Array(cases) => cases,
        other => panic!("multiclass_cases.json is a list, got {other}"),
    }
}

fn errors() -> Vec<Value> {
    match serde_json::from_str::<Value>(ERRORS).expect("multiclass_errors.json is JSON") {
        Value::Array(cases) => cases,
        other => panic!("multiclass_errors.json is a list, got {other}"),
    }
}

fn name(case: &Value) -> &str {
    case["name"].as_str().expect("every case has a name")
}

/// A number or nested lists of numbers, flattened (`None` if something else is found).
fn flat(value: &Value) -> Option<Vec<f64>> {
    match value {
        Value::Number(n) => n.as_f64().map(|x| vec![x]),
        Value::Array(items) => {
            let mut out = Vec::new();
            for item in items {
                out.extend(flat(item)?);
            }
            Some(out)
        }
        _ => None,
    }
}

/// The `losslab eval` input of a case: its input fields only.
fn query(case: &Value) -> String {
    let object = case.as_object().expect("a case is an object");
    let input: Map<String, Value> = INPUT_FIELDS
        .iter()
        .filter_map(|k| object.get(*k).map(|v| (k.to_string(), v.clone())))
        .collect();
    Value::Object(input).to_string()
}

/// What is wrong with `got` against `want` (an array of gradients or weights), if anything:
/// conformance.md's array rule and golden.rs' per-entry rule.
fn array_problems(field: &str, got: Option<Vec<f64>>, want: &[f64]) -> Vec<String> {
    let Some(got) = got else {
        return vec![format!("{field}: missing or not numbers")];
    };
    if got.len() != want.len() {
        return vec![format!("{field}: {} values, reference {}", got.len(), want.len())];
    }
    let mut problems = Vec::new();
    let scale = want.iter().fold(0.0f64, |m, w| m.max(w.abs()));
    let (worst, err) = got
        .iter()
        .zip(want)
        .map(|(g, w)| if g.is_finite() { (g - w).abs() } else { f64::INFINITY })
        .enumerate()
        .fold((0, 0.0f64), |(i, m), (j, e)| if e > m { (j, e) } else { (i, m) });
    let tol = 1e-4 * scale + 1e-12;
    if !within(err, tol) {
        problems.push(format!(
            "{field}: max |diff| {err:.3e} > {tol:.3e}; worst [{worst}]: got {:.17e}, want {:.17e}",
            got[worst], want[worst]
        ));
    }
    if let Some(i) = got
        .iter()
        .zip(want)
        .position(|(g, w)| !within((g - w).abs(), ELEMENT_ATOL + ELEMENT_RTOL * w.abs()))
    {
        problems.push(format!("{field}[{i}]: got {:.17e}, want {:.17e}", got[i], want[i]));
    }
    problems
}

/// Runs one case in-process; the problems found (empty when it conforms).
fn check(case: &Value) -> Vec<String> {
    let out = match case::run(&query(case)) {
        Ok(out) => out,
        Err(e) => return vec![format!("refused (exit {}): {}", e.exit_code(), e.message())],
    };
    let out: Value = match out.to_json().map(|text| serde_json::from_str(&text)) {
        Ok(Ok(v)) => v,
        _ => return vec!["the output does not serialise to JSON".to_string()],
    };
    let mut problems = Vec::new();
    let want = case["value"].as_f64().expect("a reference value");
    match out["value"].as_f64() {
        Some(got) if (got - want).abs() <= 1e-5 * want.abs().max(1.0) => {}
        got => problems.push(format!("value {got:?}, want {want:.17e}")),
    }
    for field in ["grad_prob", "grad_logit"] {
        let want = flat(&case[field]).expect("reference gradients");
        problems.extend(array_problems(field, flat(&out[field]), &want));
    }
    if let Some(want) = case.get("zero_over_zero") {
        if out.get("zero_over_zero") != Some(want) {
            problems.push(format!("zero_over_zero {:?}, want {want}", out.get("zero_over_zero")));
        }
    }
    if let Some(want) = case.get("class_weights") {
        // generalized_dice: per unit over the kept classes, `[units][|K|]` (compared flattened)
        let want = flat(want).expect("reference class weights");
        problems.extend(array_problems("class_weights", flat(&out["class_weights"]), &want));
    }
    problems
}

#[test]
fn the_reference_cases_load_and_are_well_formed() {
    let cases = cases();
    assert!(cases.len() >= 150, "{} cases", cases.len());
    let mut names = std::collections::HashSet::new();
    for case in &cases {
        let n = name(case);
        assert!(names.insert(n.to_string()), "duplicate case {n}");
        assert!(case["source"].as_str().is_some_and(|s| !s.is_empty()), "{n}: source");
        let shape: Vec<u64> = case["shape"]
            .as_array()
            .expect("shape")
            .iter()
            .map(|d| d.as_u64().expect("a dimension"))
            .collect();
        assert!((2..=4).contains(&shape.len()), "{n}: shape {shape:?}");
        let len: u64 = shape.iter().product();
        let has = |k: &str| case.get(k).is_some();
        assert!(has("target") != has("labels"), "{n}: exactly one of target, labels");
        assert!(has("prob") != has("logit"), "{n}: exactly one of prob, logit");
        let x = flat(case.get("prob").or(case.get("logit")).expect("prediction")).expect("numbers");
        assert_eq!(x.len() as u64, len, "{n}: prediction length");
        if let Some(target) = case.get("target") {
            assert_eq!(flat(target).expect("numbers").len() as u64, len, "{n}: target length");
        } else {
            // labels drop the channel axis: [B, H, W] of [B, C, H, W], [H, W] of [C, H, W]
            let c = match case["layout"].as_str() {
                Some("BCHW") | None if shape.len() == 4 => shape[1],
                _ => shape[0],
            };
            let labels = flat(&case["labels"]).expect("labels");
            assert_eq!(labels.len() as u64, len / c, "{n}: labels length");
            assert!(labels.iter().all(|&l| l.fract() == 0.0 && l >= 0.0 && (l as u64) < c), "{n}");
        }
        for field in ["grad_prob", "grad_logit"] {
            assert_eq!(flat(&case[field]).expect(field).len() as u64, len, "{n}: {field}");
        }
        assert!(case["value"].as_f64().is_some_and(f64::is_finite), "{n}: value");
        assert!(case["params"].is_object() && case["loss"].is_string(), "{n}");
    }
}

/// The contract's table "Same name, different numbers" as printed in multiclass.md (six
/// decimals): the file must hold exactly those numbers for those calls.
#[test]
fn the_contract_table_is_in_the_file() {
    let cases = cases();
    let value = |n: &str| {
        let case = cases.iter().find(|c| name(c) == n).unwrap_or_else(|| panic!("case {n}"));
        case["value"].as_f64().expect("value")
    };
    for (n, printed) in [
        ("table_monai_dice_batch_false", 0.450513),
        ("table_monai_dice_batch_true", 0.440668),
        ("table_smp_dice", 0.440669),
        ("table_smp_dice_per_image", 0.283848),
        ("table_monai_dice_batch_false_no_background", 0.598587),
        ("table_monai_dice_batch_true_no_background", 0.583991),
        ("table_ce_weighted_labels", 0.562484),
        ("table_focal_gamma0", 0.095726),
        ("table_ce_unweighted", 0.287177),
        ("table_dice_focal", 0.461472),
        ("table_smp_dice_smooth1", 0.337240),
        ("table_monai_dice_batch_true_smooth1", 0.380272),
        ("all_background_monai", 0.703700),
        ("all_background_monai_no_background", 0.999994),
        ("all_background_smp", 0.037037),
    ] {
        assert!((value(n) - printed).abs() <= 5.01e-7, "{n}: {} vs {printed}", value(n));
    }
}

#[test]
fn every_multiclass_reference_case_conforms() {
    let cases = cases();
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let problems = check(case);
            (!problems.is_empty()).then(|| {
                format!(
                    "{} ({} {} params {}):\n  source: {}\n  {}",
                    name(case),
                    case["loss"],
                    case["shape"],
                    case["params"],
                    case["source"].as_str().unwrap_or_default(),
                    problems.join("\n  ")
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} multi-class cases do not conform:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

/// The fields a message may name: `field` is one name or a list of acceptable ones.
fn fields(error: &Value) -> Vec<String> {
    match &error["field"] {
        Value::String(f) => vec![f.clone()],
        Value::Array(fs) => {
            fs.iter().map(|f| f.as_str().expect("a field name").to_string()).collect()
        }
        other => panic!("{}: field {other}", name(error)),
    }
}

#[test]
fn the_error_cases_load() {
    let errors = errors();
    assert!(errors.len() >= 30, "{} error cases", errors.len());
    for error in &errors {
        assert!(error["input"].is_object() && error["what"].is_string(), "{}", name(error));
        assert!(!fields(error).is_empty(), "{}", name(error));
    }
}

#[test]
fn every_multiclass_error_exits_2_naming_its_field() {
    let errors = errors();
    let failures: Vec<String> = errors
        .iter()
        .filter_map(|error| {
            let fields = fields(error);
            let input = error["input"].to_string();
            let problem = match case::run(&input) {
                Ok(out) => Some(format!("accepted (value {})", out.value)),
                Err(e) if e.exit_code() != 2 => {
                    Some(format!("exit {}: {}", e.exit_code(), e.message()))
                }
                Err(e) if !fields.iter().any(|f| e.message().contains(&format!("\"{f}\""))) => {
                    Some(format!("message does not name {}: {}", fields.join(" or "), e.message()))
                }
                Err(_) => None,
            };
            problem.map(|p| format!("{} ({}): {p}", name(error), error["what"]))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} multi-class error cases fail:\n  {}",
        failures.len(),
        errors.len(),
        failures.join("\n  ")
    );
}
