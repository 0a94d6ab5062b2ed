//! `losslab eval` on one JSON case: parse, check, evaluate in f64, and the output object.
//!
//! [`run`] is the whole command minus the I/O, so it can be tested in-process.

use crate::error::CliError;
use crate::multiclass;
use crate::output::{check_finite, check_len, check_unit};
pub use crate::output::{BatchInfo, Output, TermValue, MAX_VALUES};
use crate::params;
use crate::parse::{parse, RawCase};
use losslab_core::{
    sigmoid, BatchReduction, Binary, Compound, Evaluation, Loss, LossName, Schedule, Term,
};
use serde_json::{Map, Value};

/// The `loss` of a compound case (`losses-compound.md` §18).
pub const COMPOUND: &str = "compound";

/// Parses, checks and evaluates one JSON case.
pub fn run(input: &str) -> Result<Output, CliError> {
    let raw = parse(input)?;
    if raw.loss == COMPOUND {
        let target = binary_target(&raw)?;
        return run_compound(&raw, target);
    }
    let layout = multiclass::layout(&raw)?;
    if multiclass::takes_engine(&raw, &layout) {
        return multiclass::run(&raw, layout);
    }
    let name = loss_name(&raw.loss, "loss")?;
    let own = multiclass::binary_params(name, &raw.params.clone().unwrap_or_default())?;
    let settings = params::from_json(name, &own)?;
    let target = binary_target(&raw)?;
    let shape = layout.shape;
    let (lead, len) = (shape.images, shape.len());
    check_len("target", target.len(), len, &raw.shape)?;
    check_unit("target", target)?;
    check_binary_target(name, target)?;
    let (prob, logit) = probabilities(&raw, len)?;
    let loss = Loss::new(settings.config).map_err(|e| CliError::field("params", e))?;
    let input = binary(target, &prob, logit.as_deref())?
        .with_shape(shape.height, shape.width)
        .map_err(core_input)?;
    let reduction = settings.batch.unwrap_or(BatchReduction::PerImage);
    let eval = loss.evaluate_batch(input, lead, reduction).map_err(core_input)?;
    let batch = layout.has_batch().then_some(BatchInfo { images: lead, reduction });
    let output = finish(eval, true, batch);
    check_finite(&output)?;
    Ok(output)
}

/// The `target` of a binary case (`labels` are for channels).
fn binary_target(raw: &RawCase) -> Result<&[f64], CliError> {
    match (&raw.target, &raw.labels) {
        (Some(t), None) => Ok(t),
        (None, None) => Err(CliError::field("target", "is missing")),
        (_, Some(_)) => Err(CliError::field(
            "labels",
            "class indices need C ≥ 2 channels ([B, C, H, W] or [C, H, W]); give target",
        )),
    }
}

/// A loss by name; the error names `field`.
fn loss_name(name: &str, field: &str) -> Result<LossName, CliError> {
    LossName::parse(name).ok_or_else(|| {
        let known: Vec<&str> = LossName::ALL.iter().map(|n| n.as_str()).collect();
        CliError::field(
            field,
            format!("unknown loss \"{name}\" (known: {}, {COMPOUND})", known.join(", ")),
        )
    })
}

/// The binary input, with its logits when the case gave them.
fn binary<'a>(
    target: &'a [f64],
    prob: &'a [f64],
    logit: Option<&'a [f64]>,
) -> Result<Binary<'a, f64>, CliError> {
    match logit {
        Some(z) => Binary::with_logit(target, prob, z),
        None => Binary::new(target, prob),
    }
    .map_err(core_input)
}

/// Lovász hinge (`losses-compound.md`) and the boundary loss (`losses-geometry.md`: its code
/// asserts a one-hot target) are binary only: a soft target is refused.
fn check_binary_target(name: LossName, target: &[f64]) -> Result<(), CliError> {
    if !matches!(name, LossName::LovaszHinge | LossName::Boundary) {
        return Ok(());
    }
    match target.iter().position(|&y| y != 0.0 && y != 1.0) {
        Some(i) => Err(CliError::field(
            "target",
            format!("target[{i}] = {}: {name} takes a binary target (0 or 1)", target[i]),
        )),
        None => Ok(()),
    }
}

/// A compound case: `params.terms` (exactly two) and `params.batch`.
fn run_compound(raw: &RawCase, target: &[f64]) -> Result<Output, CliError> {
    let params = raw.params.clone().unwrap_or_default();
    let mut batch = None;
    let mut terms = None;
    for (key, value) in &params {
        match key.as_str() {
            params::BATCH_KEY => {
                batch = Some(params::from_json(LossName::Bce, &single(key, value))?.batch);
            }
            "terms" => terms = Some(compound_terms(value)?),
            _ => {
                return Err(CliError::field(
                    &format!("params.{key}"),
                    "unknown parameter of compound (its parameters: terms, batch)",
                ))
            }
        }
    }
    let terms = terms.ok_or_else(|| CliError::field("params.terms", "is missing"))?;
    let compound =
        Compound::new(terms, Schedule::Constant).map_err(|e| CliError::field("params.terms", e))?;
    let (lead, len) = check_shape(&raw.shape)?;
    check_len("target", target.len(), len, &raw.shape)?;
    check_unit("target", target)?;
    for term in compound.terms() {
        check_binary_target(term.loss.name(), target)?;
    }
    let (prob, logit) = probabilities(raw, len)?;
    let input = binary(target, &prob, logit.as_deref())?;
    let reduction = batch.flatten().unwrap_or(BatchReduction::PerImage);
    let eval = compound.evaluate_batch(input, lead, reduction, 0).map_err(core_input)?;
    let batch = (raw.shape.len() == 3).then_some(BatchInfo { images: lead, reduction });
    let mut output = finish(eval.total, true, batch);
    output.loss = COMPOUND.to_string();
    output.terms = Some(
        compound
            .terms()
            .iter()
            .zip(eval.values)
            .map(|(t, value)| TermValue { loss: t.loss.name(), weight: t.weight, value })
            .collect(),
    );
    check_finite(&output)?;
    Ok(output)
}

/// `{key: value}` as a params object.
fn single(key: &str, value: &Value) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert(key.to_string(), value.clone());
    map
}

/// `params.terms`: exactly two `{loss, weight, params}` objects.
fn compound_terms(value: &Value) -> Result<[Term; 2], CliError> {
    let list = value.as_array().ok_or_else(|| {
        CliError::field(
            "params.terms",
            format!("must be an array of two terms, got {}", params::kind_of(value)),
        )
    })?;
    if list.len() != 2 {
        return Err(CliError::field(
            "params.terms",
            format!("has {} terms; a compound has exactly two", list.len()),
        ));
    }
    let term = |i: usize| -> Result<Term, CliError> {
        let at = format!("params.terms[{i}]");
        let object = list[i].as_object().ok_or_else(|| {
            CliError::field(&at, format!("must be an object, got {}", params::kind_of(&list[i])))
        })?;
        if let Some(key) =
            object.keys().find(|k| !["loss", "weight", "params"].contains(&k.as_str()))
        {
            return Err(CliError::field(
                &format!("{at}.{key}"),
                "unknown field of a term (a term has: loss, weight, params)",
            ));
        }
        let name = match object.get("loss") {
            Some(Value::String(s)) if s == COMPOUND => {
                return Err(CliError::field(&format!("{at}.loss"), "a term cannot be a compound"))
            }
            Some(Value::String(s)) => loss_name(s, &format!("{at}.loss"))?,
            Some(other) => {
                return Err(CliError::field(
                    &format!("{at}.loss"),
                    format!("must be a loss name, got {}", params::kind_of(other)),
                ))
            }
            None => return Err(CliError::field(&format!("{at}.loss"), "is missing")),
        };
        if name == LossName::GeneralizedDice {
            return Err(CliError::field(
                &format!("{at}.loss"),
                "generalized_dice cannot be a term of a compound",
            ));
        }
        let weight = match object.get("weight") {
            None => 1.0,
            Some(Value::Number(n)) => match n.as_f64() {
                Some(w) if w.is_finite() => w,
                _ => {
                    return Err(CliError::field(
                        &format!("{at}.weight"),
                        format!("{n} is not a finite number"),
                    ))
                }
            },
            Some(other) => {
                return Err(CliError::field(
                    &format!("{at}.weight"),
                    format!("must be a number, got {}", params::kind_of(other)),
                ))
            }
        };
        let own = match object.get("params") {
            None => Map::new(),
            Some(Value::Object(m)) => m.clone(),
            Some(other) => {
                return Err(CliError::field(
                    &format!("{at}.params"),
                    format!("must be an object, got {}", params::kind_of(other)),
                ))
            }
        };
        let at_params = format!("{at}.params");
        let settings = params::from_json_at(name, &own, &at_params)?;
        if settings.batch.is_some() {
            return Err(CliError::field(
                &format!("{at_params}.batch"),
                "give batch once, at params.batch (it applies to both terms)",
            ));
        }
        let loss = Loss::new(settings.config).map_err(|e| CliError::field(&at_params, e))?;
        Ok(Term { loss, weight })
    };
    Ok([term(0)?, term(1)?])
}

/// Checks the shape; returns `(B or C, length)`: the leading count (1 for `[H, W]`) and the
/// product of the dimensions.
fn check_shape(shape: &[u64]) -> Result<(usize, usize), CliError> {
    let want = "[H, W] or [B, H, W]";
    if shape.is_empty() {
        return Err(CliError::field("shape", format!("is empty; expected {want}")));
    }
    if shape.len() > 3 {
        return Err(CliError::field(
            "shape",
            format!("has {} dimensions; expected {want}", shape.len()),
        ));
    }
    if let Some(i) = shape.iter().position(|&d| d == 0) {
        return Err(CliError::field(
            "shape",
            format!("shape[{i}] is 0; every dimension must be ≥ 1"),
        ));
    }
    let total = shape.iter().try_fold(1u64, |acc, &d| acc.checked_mul(d));
    let total = match total {
        Some(t) if t <= MAX_VALUES => t,
        _ => {
            return Err(CliError::field(
                "shape",
                format!("{shape:?} holds more than {MAX_VALUES} values (the limit)"),
            ))
        }
    };
    let lead = if shape.len() == 3 { shape[0] } else { 1 };
    let to_usize = |x: u64| usize::try_from(x).map_err(|_| CliError::field("shape", "too large"));
    Ok((to_usize(lead)?, to_usize(total)?))
}

/// The probabilities: `prob` as given, or `logit` through the sigmoid, with the logits when
/// given (the logit-native losses use them as they are).
fn probabilities(raw: &RawCase, len: usize) -> Result<(Vec<f64>, Option<Vec<f64>>), CliError> {
    match (&raw.prob, &raw.logit) {
        (Some(_), Some(_)) => {
            Err(CliError::usage("fields \"prob\" and \"logit\": both are given; give exactly one"))
        }
        (None, None) => Err(CliError::field("prob", "is missing (give \"prob\" or \"logit\")")),
        (Some(prob), None) => {
            check_len("prob", prob.len(), len, &raw.shape)?;
            check_unit("prob", prob)?;
            Ok((prob.clone(), None))
        }
        (None, Some(logit)) => {
            check_len("logit", logit.len(), len, &raw.shape)?;
            if let Some(i) = logit.iter().position(|z| !z.is_finite()) {
                return Err(CliError::field("logit", format!("logit[{i}] is not a finite number")));
            }
            Ok((logit.iter().map(|&z| sigmoid(z)).collect(), Some(logit.clone())))
        }
    }
}

/// An input error the core found after ours passed: one line, field named by the core.
fn core_input(err: losslab_core::InputError) -> CliError {
    CliError::usage(format!("input refused by the core: {err}"))
}

/// The output of an evaluation.
fn finish(eval: Evaluation<f64>, binary: bool, batch: Option<BatchInfo>) -> Output {
    let is_gdl = eval.loss == Some(LossName::GeneralizedDice);
    Output {
        loss: eval.loss.map_or(COMPOUND, LossName::as_str).to_string(),
        value: eval.value,
        grad_prob: eval.grad_prob,
        grad_logit: eval.grad_logit,
        counts: binary.then_some(eval.counts),
        parts: eval.parts,
        class_weights: is_gdl.then_some(eval.class_weights),
        summary: eval.summary,
        zero_over_zero: eval.zero_over_zero,
        batch,
        terms: None,
    }
}
