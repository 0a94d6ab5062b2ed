//! Golden cases: values and gradients produced by running the libraries people train with
//! (MONAI, torchvision, segmentation_models_pytorch, Keras 3, PyTorch autograd, float64), or,
//! where no library computes the formula of `losses.md` exactly, by an independent torch
//! implementation of it. Each case names the call that produced it in its `source`.
//!
//! Regenerate with `tools/oracle/make_golden.py` (see `tools/oracle/README.md`); never from
//! this crate. Tolerances are those of `conformance.md`.
//!
//! The app's `tests/web_golden.rs` includes this file to run the same cases on the core
//! compiled to wasm32 (simd128), in headless Chromium.

use losslab_core::{
    sigmoid, softmax_planes, BatchReduction, Binary, Loss, LossConfig, LossName, MultiClass,
    ParamValue,
};
use serde_json::Value;
use std::collections::BTreeMap;

const CASES: &str = include_str!("golden/cases.json");
/// Batches (`Loss::evaluate_batch`, shape `[B, H, W]`) and generalized Dice's binary view.
const BATCH_CASES: &str = include_str!("golden/batch_cases.json");

struct Case {
    name: String,
    source: String,
    loss: LossName,
    shape: Vec<usize>,
    target: Vec<f64>,
    prob: Vec<f64>,
    params: Vec<(String, ParamValue)>,
    value: f64,
    grad_prob: Vec<f64>,
    grad_logit: Vec<f64>,
    /// Batch cases only: the number of images and the reduction.
    batch: Option<(usize, BatchReduction)>,
}

fn numbers(case: &Value, field: &str) -> Vec<f64> {
    case[field]
        .as_array()
        .unwrap_or_else(|| panic!("{}: `{field}` is not an array", case["name"]))
        .iter()
        .map(|v| {
            v.as_f64().unwrap_or_else(|| panic!("{}: `{field}` holds a non-number", case["name"]))
        })
        .collect()
}

/// Classes of a case: `C` of `[C, H, W]` for generalized Dice, 1 otherwise.
fn classes(loss: LossName, shape: &[usize]) -> usize {
    if loss == LossName::GeneralizedDice && shape.len() == 3 {
        shape[0]
    } else {
        1
    }
}

/// The cases of `cases.json`.
fn load() -> Vec<Case> {
    parse(CASES, "cases.json")
}

/// The cases of `batch_cases.json`.
fn load_batch() -> Vec<Case> {
    parse(BATCH_CASES, "batch_cases.json")
}

fn parse(text: &str, file: &str) -> Vec<Case> {
    let all: Value =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("{file} is not valid JSON: {e}"));
    let list = all.as_array().unwrap_or_else(|| panic!("{file} is not a list of cases"));
    list.iter()
        .map(|case| {
            let name = case["name"].as_str().expect("case has a name").to_string();
            let source = case["source"].as_str().unwrap_or("").to_string();
            let loss_name = case["loss"].as_str().expect("case has a loss");
            let loss = LossName::parse(loss_name)
                .unwrap_or_else(|| panic!("{name}: unknown loss `{loss_name}`"));
            let shape: Vec<usize> = case["shape"]
                .as_array()
                .expect("case has a shape")
                .iter()
                .map(|v| v.as_u64().expect("shape entries are integers") as usize)
                .collect();
            let target = numbers(case, "target");
            let batch = case.get("images").map(|images| {
                let images = images.as_u64().expect("images is an integer") as usize;
                let reduction = match case["reduction"].as_str() {
                    Some("per_image") => BatchReduction::PerImage,
                    Some("pooled") => BatchReduction::Pooled,
                    other => panic!("{name}: unknown batch reduction {other:?}"),
                };
                (images, reduction)
            });
            // Batch cases are binary images (generalized Dice in its binary view).
            let c = if batch.is_some() { 1 } else { classes(loss, &shape) };
            let prob = if case.get("prob").is_some() {
                numbers(case, "prob")
            } else {
                let mut z = numbers(case, "logit");
                if c > 1 {
                    softmax_planes(&mut z, c);
                } else {
                    z.iter_mut().for_each(|v| *v = sigmoid(*v));
                }
                z
            };
            let params = case["params"]
                .as_object()
                .expect("params is an object")
                .iter()
                .map(|(k, v)| {
                    let value = match v {
                        Value::Number(n) => ParamValue::Number(n.as_f64().expect("finite")),
                        Value::String(s) => ParamValue::Text(s.clone()),
                        Value::Bool(b) => ParamValue::Bool(*b),
                        other => panic!(
                            "{name}: parameter `{k}` = {other} is not a number, word or switch"
                        ),
                    };
                    (k.clone(), value)
                })
                .collect();
            Case {
                value: case["value"].as_f64().expect("case has a value"),
                grad_prob: numbers(case, "grad_prob"),
                grad_logit: numbers(case, "grad_logit"),
                name,
                source,
                loss,
                shape,
                target,
                prob,
                params,
                batch,
            }
        })
        .collect()
}

/// The core's value and gradients for one case.
fn evaluate(case: &Case) -> Result<(f64, Vec<f64>, Vec<f64>), String> {
    let params = case.params.iter().map(|(k, v)| (k.as_str(), v));
    let config = LossConfig::from_params(case.loss, params).map_err(|e| e.to_string())?;
    let loss = Loss::new(config).map_err(|e| e.to_string())?;
    let len: usize = case.shape.iter().product();
    if case.target.len() != len || case.prob.len() != len {
        return Err(format!("arrays do not match shape {:?}", case.shape));
    }
    let eval = if let Some((images, reduction)) = case.batch {
        let input = Binary::new(&case.target, &case.prob).map_err(|e| e.to_string())?;
        loss.evaluate_batch(input, images, reduction).map_err(|e| e.to_string())?
    } else if case.loss == LossName::GeneralizedDice {
        let input = MultiClass::new(classes(case.loss, &case.shape), &case.target, &case.prob)
            .map_err(|e| e.to_string())?;
        loss.evaluate_multi_class(input).ok_or("not a multi-class loss")?
    } else {
        let input = Binary::new(&case.target, &case.prob).map_err(|e| e.to_string())?;
        loss.evaluate(input)
    };
    Ok((eval.value, eval.grad_prob, eval.grad_logit))
}

/// `max |g − g_ref|` and the allowed `1e-4·max |g_ref| + 1e-12`, with the worst index.
fn grad_error(got: &[f64], want: &[f64]) -> (f64, f64, usize) {
    let scale = want.iter().fold(0.0f64, |m, g| m.max(g.abs()));
    let (worst, err) = got
        .iter()
        .zip(want)
        .map(|(g, w)| if g.is_finite() { (g - w).abs() } else { f64::INFINITY })
        .enumerate()
        .fold((0, 0.0f64), |(i, m), (j, e)| if e > m { (j, e) } else { (i, m) });
    (err, 1e-4 * scale + 1e-12, worst)
}

/// Per-element tolerance of a gradient entry: `ELEMENT_ATOL + ELEMENT_RTOL·|g_ref|`. The
/// array-wide rule above scales with the largest entry, so on its own it leaves entries many
/// orders of magnitude smaller unchecked (a Dice gradient on the background next to its
/// object pixels). Both the core and the references are float64 and agree to ~1e-9 of each
/// entry but in one case, where MONAI's generalized Dice casts soft class volumes to float32
/// before weighting (`gdl_3class_soft_targets_square`: one entry off by 7e-6 of itself), so
/// each entry must match to the relative tolerance conformance.md gives a value.
const ELEMENT_RTOL: f64 = 1e-5;
/// See [`ELEMENT_RTOL`]: far below any entry the cases hold that is not exactly zero.
const ELEMENT_ATOL: f64 = 1e-15;

/// The first entry with `|g − g_ref| > ELEMENT_ATOL + ELEMENT_RTOL·|g_ref|`, if any.
fn element_error(got: &[f64], want: &[f64]) -> Option<usize> {
    got.iter()
        .zip(want)
        .position(|(g, w)| !within((g - w).abs(), ELEMENT_ATOL + ELEMENT_RTOL * w.abs()))
}

/// `diff ≤ tol`, false for NaN.
fn within(diff: f64, tol: f64) -> bool {
    diff <= tol
}

/// Every case of `cases.json` conforms (also run in the browser by `tests/web_golden.rs`).
#[test]
pub fn every_golden_case_conforms() {
    check_all(&load());
}

/// Every case of `batch_cases.json` conforms (also run in the browser).
#[test]
pub fn every_golden_batch_and_binary_view_case_conforms() {
    check_all(&load_batch());
}

/// Asserts conformance.md's tolerances on every case, reporting all failures at once.
fn check_all(cases: &[Case]) {
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in cases {
        let (value, grad_prob, grad_logit) = match evaluate(case) {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: refused: {e}\n  source: {}", case.name, case.source));
                continue;
            }
        };
        let mut problems = Vec::new();
        let value_tol = 1e-5 * case.value.abs().max(1.0);
        if !within((value - case.value).abs(), value_tol) {
            problems.push(format!(
                "value {value:.17e}, reference {:.17e} (|diff| {:.3e} > {value_tol:.3e})",
                case.value,
                (value - case.value).abs()
            ));
        }
        for (field, got, want) in [
            ("grad_prob", &grad_prob, &case.grad_prob),
            ("grad_logit", &grad_logit, &case.grad_logit),
        ] {
            if got.len() != want.len() {
                problems.push(format!(
                    "{field}: {} values, reference has {}",
                    got.len(),
                    want.len()
                ));
                continue;
            }
            let (err, tol, i) = grad_error(got, want);
            if !within(err, tol) {
                problems.push(format!(
                    "{field}: max |diff| {err:.3e} > {tol:.3e}; worst at [{i}]: got {:.17e}, reference {:.17e}",
                    got[i], want[i]
                ));
            }
            if let Some(i) = element_error(got, want) {
                problems.push(format!(
                    "{field}[{i}]: got {:.17e}, reference {:.17e}: |diff| {:.3e} > {ELEMENT_ATOL:e} + {ELEMENT_RTOL:e}·|ref|",
                    got[i],
                    want[i],
                    (got[i] - want[i]).abs()
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{} ({} {:?}{}, params {:?}):\n  source: {}\n  {}",
                case.name,
                case.loss,
                case.shape,
                case.batch.map(|(b, r)| format!(", {b} images, {r:?}")).unwrap_or_default(),
                case.params.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>(),
                case.source,
                problems.join("\n  ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden cases do not conform:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_loss_has_at_least_two_golden_cases() {
    let mut counts: BTreeMap<LossName, usize> = LossName::ALL.iter().map(|&n| (n, 0)).collect();
    for case in load() {
        *counts.entry(case.loss).or_default() += 1;
    }
    let short: Vec<_> = counts.iter().filter(|(_, &n)| n < 2).collect();
    assert!(
        short.is_empty(),
        "losses with fewer than 2 golden cases: {short:?} (all counts: {counts:?})"
    );
}

#[test]
fn monai_documented_dice_case_is_present() {
    let cases = load();
    let case = cases
        .iter()
        .find(|c| c.name == "dice_monai_documented_case")
        .expect("MONAI's documented Dice case is in cases.json");
    assert_eq!(case.loss, LossName::Dice);
    assert_eq!(case.target, [1.0, 0.0, 1.0, 1.0]);
    assert!((case.value - 0.307576).abs() < 1e-6, "reference value {}", case.value);
    let (value, _, _) = evaluate(case).expect("evaluates");
    assert!((value - 0.307576).abs() < 1e-6, "core gives {value}, MONAI documents 0.307576");
}

#[test]
fn golden_case_names_are_unique_and_sources_named() {
    let mut cases = load();
    cases.extend(load_batch());
    let mut seen = std::collections::BTreeSet::new();
    for case in &cases {
        assert!(seen.insert(case.name.as_str()), "duplicate case name {}", case.name);
        assert!(!case.source.is_empty(), "{}: no source", case.name);
    }
}
