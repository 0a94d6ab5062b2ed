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
    sigmoid, softmax_planes, BatchReduction, Binary, Compound, Loss, LossConfig, LossName,
    MultiClass, ParamValue, Schedule, Term,
};
use serde_json::Value;
use std::collections::BTreeMap;

const CASES: &str = include_str!("golden/cases.json");
/// Batches (`Loss::evaluate_batch`, shape `[B, H, W]`) and generalized Dice's binary view.
const BATCH_CASES: &str = include_str!("golden/batch_cases.json");
/// The compound and ranking losses of `losses-compound.md` and the `compound` builder
/// (`tools/oracle/make_compound.py`): logit inputs kept as logits, `[B, H, W]` with
/// `params.batch`, `zero_over_zero` and the terms' unweighted values checked too.
const COMPOUND_CASES: &str = include_str!("golden/compound_cases.json");
/// The geometry losses of `losses-geometry.md` (`tools/oracle/make_geometry.py`): `boundary`
/// (the authors' code), `hausdorff_dt`, `cldice`, `dice_cldice` (MONAI 1.6.1), one `[H, W]`
/// image each, evaluated on `Binary::with_shape`.
const GEOMETRY_CASES: &str = include_str!("golden/geometry_cases.json");

type Params = Vec<(String, ParamValue)>;

struct Case {
    name: String,
    source: String,
    loss: LossName,
    shape: Vec<usize>,
    target: Vec<f64>,
    prob: Vec<f64>,
    /// The logits, when the case gives them (the logit-native losses use them as given).
    logit: Option<Vec<f64>>,
    params: Params,
    /// A `compound` case's two terms `(loss, weight, params)` (then `loss` is the first's);
    /// empty otherwise.
    terms: Vec<(LossName, f64, Params)>,
    /// The reference's `zero_over_zero` and the terms' unweighted values, when it gives them.
    zero_over_zero: Option<bool>,
    term_values: Vec<f64>,
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

/// The cases of `compound_cases.json`.
fn load_compound() -> Vec<Case> {
    parse(COMPOUND_CASES, "compound_cases.json")
}

/// The cases of `geometry_cases.json`.
fn load_geometry() -> Vec<Case> {
    parse(GEOMETRY_CASES, "geometry_cases.json")
}

/// A JSON `params` object as `(key, value)` pairs (`null` is the word `none`).
fn params_of(name: &str, object: &Value) -> Params {
    object
        .as_object()
        .expect("params is an object")
        .iter()
        .filter(|(k, _)| k.as_str() != "batch" && k.as_str() != "terms")
        .map(|(k, v)| {
            let value = match v {
                Value::Number(n) => ParamValue::Number(n.as_f64().expect("finite")),
                Value::String(s) => ParamValue::Text(s.clone()),
                Value::Bool(b) => ParamValue::Bool(*b),
                Value::Null => ParamValue::Text("none".into()),
                other => {
                    panic!("{name}: parameter `{k}` = {other} is not a number, word or switch")
                }
            };
            (k.clone(), value)
        })
        .collect()
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
            let terms: Vec<(LossName, f64, Params)> = case["params"]
                .get("terms")
                .and_then(Value::as_array)
                .map(|terms| {
                    terms
                        .iter()
                        .map(|t| {
                            let loss = t["loss"].as_str().and_then(LossName::parse);
                            let loss = loss.unwrap_or_else(|| panic!("{name}: a term's loss"));
                            let weight = t.get("weight").and_then(Value::as_f64).unwrap_or(1.0);
                            let own = t
                                .get("params")
                                .cloned()
                                .unwrap_or(Value::Object(Default::default()));
                            (loss, weight, params_of(&name, &own))
                        })
                        .collect()
                })
                .unwrap_or_default();
            let loss = match terms.first() {
                Some(first) if loss_name == "compound" => first.0,
                _ => LossName::parse(loss_name)
                    .unwrap_or_else(|| panic!("{name}: unknown loss `{loss_name}`")),
            };
            let shape: Vec<usize> = case["shape"]
                .as_array()
                .expect("case has a shape")
                .iter()
                .map(|v| v.as_u64().expect("shape entries are integers") as usize)
                .collect();
            let target = numbers(case, "target");
            let reduction = |word: Option<&str>| match word {
                Some("per_image") => BatchReduction::PerImage,
                Some("pooled") => BatchReduction::Pooled,
                other => panic!("{name}: unknown batch reduction {other:?}"),
            };
            let batch = match case.get("images") {
                Some(images) => {
                    let images = images.as_u64().expect("images is an integer") as usize;
                    Some((images, reduction(case["reduction"].as_str())))
                }
                // compound_cases.json: `[B, H, W]` with `params.batch`, per image by default.
                None if shape.len() == 3 && loss != LossName::GeneralizedDice => Some((
                    shape[0],
                    reduction(case["params"]["batch"].as_str().or(Some("per_image"))),
                )),
                None => None,
            };
            // Batch cases are binary images (generalized Dice in its binary view).
            let c = if batch.is_some() { 1 } else { classes(loss, &shape) };
            let logit = (case.get("logit").is_some() && c == 1).then(|| numbers(case, "logit"));
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
            let params = params_of(&name, &case["params"]);
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
                logit,
                params,
                terms,
                zero_over_zero: case.get("zero_over_zero").and_then(Value::as_bool),
                term_values: case
                    .get("terms")
                    .and_then(Value::as_array)
                    .map(|t| t.iter().filter_map(|t| t["value"].as_f64()).collect())
                    .unwrap_or_default(),
                batch,
            }
        })
        .collect()
}

/// What the core gives for one case.
struct Got {
    value: f64,
    grad_prob: Vec<f64>,
    grad_logit: Vec<f64>,
    zero_over_zero: bool,
    term_values: Vec<f64>,
}

/// A validated loss from a case's name and parameters.
fn loss_of(name: LossName, params: &Params) -> Result<Loss, String> {
    let params = params.iter().map(|(k, v)| (k.as_str(), v));
    let config = LossConfig::from_params(name, params).map_err(|e| e.to_string())?;
    Loss::new(config).map_err(|e| e.to_string())
}

/// The core's value and gradients for one case.
fn evaluate(case: &Case) -> Result<Got, String> {
    let len: usize = case.shape.iter().product();
    if case.target.len() != len || case.prob.len() != len {
        return Err(format!("arrays do not match shape {:?}", case.shape));
    }
    let mut input = match &case.logit {
        Some(z) => Binary::with_logit(&case.target, &case.prob, z),
        None => Binary::new(&case.target, &case.prob),
    }
    .map_err(|e| e.to_string())?;
    // One `[H, W]` binary image: the losses that look at its geometry need its shape.
    if let [height, width] = case.shape[..] {
        if case.batch.is_none() {
            input = input.with_shape(height, width).map_err(|e| e.to_string())?;
        }
    }
    let (images, reduction) = case.batch.unwrap_or((1, BatchReduction::PerImage));
    if !case.terms.is_empty() {
        let mut terms = Vec::new();
        for (name, weight, params) in &case.terms {
            terms.push(Term { loss: loss_of(*name, params)?, weight: *weight });
        }
        let terms: [Term; 2] = terms.try_into().map_err(|_| "a compound has two terms")?;
        let compound = Compound::new(terms, Schedule::Constant).map_err(|e| e.to_string())?;
        let e = compound.evaluate_batch(input, images, reduction, 0).map_err(|e| e.to_string())?;
        return Ok(Got {
            value: e.total.value,
            grad_prob: e.total.grad_prob,
            grad_logit: e.total.grad_logit,
            zero_over_zero: e.total.zero_over_zero,
            term_values: e.values.to_vec(),
        });
    }
    let loss = loss_of(case.loss, &case.params)?;
    let eval = if case.batch.is_some() {
        loss.evaluate_batch(input, images, reduction).map_err(|e| e.to_string())?
    } else if case.loss == LossName::GeneralizedDice {
        let input = MultiClass::new(classes(case.loss, &case.shape), &case.target, &case.prob)
            .map_err(|e| e.to_string())?;
        loss.evaluate_multi_class(input).ok_or("not a multi-class loss")?
    } else {
        loss.evaluate(input)
    };
    Ok(Got {
        value: eval.value,
        grad_prob: eval.grad_prob,
        grad_logit: eval.grad_logit,
        zero_over_zero: eval.zero_over_zero,
        term_values: Vec::new(),
    })
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

/// Every case of `compound_cases.json` conforms (also run in the browser).
#[test]
pub fn every_compound_and_ranking_case_conforms() {
    check_all(&load_compound());
}

/// Every case of `geometry_cases.json` conforms (also run in the browser).
#[test]
pub fn every_geometry_case_conforms() {
    check_all(&load_geometry());
}

/// Asserts conformance.md's tolerances on every case, reporting all failures at once.
fn check_all(cases: &[Case]) {
    assert!(!cases.is_empty());
    let mut failures = Vec::new();
    for case in cases {
        let Got { value, grad_prob, grad_logit, zero_over_zero, term_values } = match evaluate(case)
        {
            Ok(r) => r,
            Err(e) => {
                failures.push(format!("{}: refused: {e}\n  source: {}", case.name, case.source));
                continue;
            }
        };
        let mut problems = Vec::new();
        if case.zero_over_zero.is_some_and(|want| want != zero_over_zero) {
            problems.push(format!(
                "zero_over_zero {zero_over_zero}, reference {:?}",
                case.zero_over_zero
            ));
        }
        for (i, (got, want)) in term_values.iter().zip(&case.term_values).enumerate() {
            if !within((got - want).abs(), 1e-5 * want.abs().max(1.0)) {
                problems.push(format!("terms[{i}].value {got:.17e}, reference {want:.17e}"));
            }
        }
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
                if case.terms.is_empty() { case.loss.as_str() } else { "compound" },
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
    for case in load()
        .into_iter()
        .chain(load_compound())
        .chain(load_geometry())
        .filter(|c| c.terms.is_empty())
    {
        *counts.entry(case.loss).or_default() += 1;
    }
    let short: Vec<_> = counts.iter().filter(|(_, &n)| n < 2).collect();
    assert!(
        short.is_empty(),
        "losses with fewer than 2 golden cases: {short:?} (all counts: {counts:?})"
    );
}

/// `losses-geometry.md`'s hidden check covers many scenes per geometry loss; ours too.
#[test]
fn every_geometry_loss_has_at_least_fifteen_cases() {
    let cases = load_geometry();
    for loss in [LossName::Boundary, LossName::HausdorffDt, LossName::Cldice, LossName::DiceCldice]
    {
        let n = cases.iter().filter(|c| c.loss == loss).count();
        assert!(n >= 15, "{} has {n} geometry cases, fewer than 15", loss.as_str());
    }
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
    let value = evaluate(case).expect("evaluates").value;
    assert!((value - 0.307576).abs() < 1e-6, "core gives {value}, MONAI documents 0.307576");
}

#[test]
fn golden_case_names_are_unique_and_sources_named() {
    let mut cases = load();
    cases.extend(load_batch());
    cases.extend(load_compound());
    cases.extend(load_geometry());
    let mut seen = std::collections::BTreeSet::new();
    for case in &cases {
        assert!(seen.insert(case.name.as_str()), "duplicate case name {}", case.name);
        assert!(!case.source.is_empty(), "{}: no source", case.name);
    }
}
