//! `losslab eval` on one JSON case: parse, check, evaluate in f64, and the output object.
//!
//! [`run`] is the whole command minus the I/O, so it can be tested in-process.

use crate::error::CliError;
use crate::params;
use crate::parse::{parse, RawCase};
use losslab_core::{
    sigmoid, softmax_planes, BatchReduction, BceDiceParts, Binary, Evaluation, GradientSummary,
    Loss, LossName, MultiClass, SoftCounts,
};
use serde::Serialize;

/// Most values a case may hold (2^28): larger shapes are refused before any work.
pub const MAX_VALUES: u64 = 1 << 28;

/// The result of one case, as printed on standard output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Output {
    /// The loss' name.
    pub loss: LossName,
    /// The loss value `L`.
    pub value: f64,
    /// `∂L/∂prob[i]`, same layout as the input.
    pub grad_prob: Vec<f64>,
    /// `∂L/∂logit[i]`, same layout as the input (softmax over classes for `[C, H, W]`).
    pub grad_logit: Vec<f64>,
    /// Soft counts of the (binary, pooled over a batch) input; absent for `[C, H, W]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub counts: Option<SoftCounts>,
    /// `bce_dice` only: the unweighted BCE and Dice-loss parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts: Option<BceDiceParts>,
    /// `generalized_dice` only: the class weights `w[l]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_weights: Option<Vec<f64>>,
    /// Where the logit gradient falls (target pixels `y ≥ 0.5` against background).
    pub summary: GradientSummary,
    /// A 0/0 ratio was met and defined as 0 loss with zero gradient.
    pub zero_over_zero: bool,
    /// `[B, H, W]` input only: the batch size and reduction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub batch: Option<BatchInfo>,
}

/// How a batch was evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BatchInfo {
    /// Number of images `B`.
    pub images: usize,
    /// `per_image` (mean of per-image losses) or `pooled` (sums over the whole batch).
    pub reduction: BatchReduction,
}

impl Output {
    /// The output as one line of JSON (numbers in shortest round-trip form).
    pub fn to_json(&self) -> Result<String, CliError> {
        serde_json::to_string(self).map_err(|e| CliError::internal(format!("JSON output: {e}")))
    }
}

/// Parses, checks and evaluates one JSON case.
pub fn run(input: &str) -> Result<Output, CliError> {
    let raw = parse(input)?;
    let name = LossName::parse(&raw.loss).ok_or_else(|| {
        let known: Vec<&str> = LossName::ALL.iter().map(|n| n.as_str()).collect();
        CliError::field(
            "loss",
            format!("unknown loss \"{}\" (known: {})", raw.loss, known.join(", ")),
        )
    })?;
    let settings = params::from_json(name, &raw.params.clone().unwrap_or_default())?;
    let multi = name == LossName::GeneralizedDice;
    let (lead, len) = check_shape(&raw.shape, multi)?;
    if multi && settings.batch.is_some() {
        return Err(CliError::field(
            "params.batch",
            "generalized_dice takes [C, H, W] (classes, not a batch); batches are not supported",
        ));
    }
    check_len("target", raw.target.len(), len, &raw.shape)?;
    check_unit("target", &raw.target)?;
    let prob = probabilities(&raw, len, lead, multi)?;
    let loss = Loss::new(settings.config).map_err(|e| CliError::field("params", e))?;
    let output = if multi {
        let input = MultiClass::new(lead, &raw.target, &prob).map_err(core_input)?;
        let eval = loss
            .evaluate_multi_class(input)
            .ok_or_else(|| CliError::internal("evaluate_multi_class refused generalized_dice"))?;
        finish(eval, false, None)
    } else {
        let input = Binary::new(&raw.target, &prob).map_err(core_input)?;
        let reduction = settings.batch.unwrap_or(BatchReduction::PerImage);
        let eval = loss.evaluate_batch(input, lead, reduction).map_err(core_input)?;
        let batch = (raw.shape.len() == 3).then_some(BatchInfo { images: lead, reduction });
        finish(eval, true, batch)
    };
    check_finite(&output)?;
    Ok(output)
}

/// Checks the shape; returns `(B or C, length)`: the leading count (1 for `[H, W]`) and the
/// product of the dimensions.
fn check_shape(shape: &[u64], multi: bool) -> Result<(usize, usize), CliError> {
    let want = if multi { "[H, W] or [C, H, W]" } else { "[H, W] or [B, H, W]" };
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

/// `field` must hold exactly `len` values.
fn check_len(field: &str, actual: usize, len: usize, shape: &[u64]) -> Result<(), CliError> {
    if actual == len {
        Ok(())
    } else {
        Err(CliError::field(field, format!("has {actual} values, but shape {shape:?} needs {len}")))
    }
}

/// Every value of `field` must be a finite number in [0, 1].
fn check_unit(field: &str, values: &[f64]) -> Result<(), CliError> {
    match values.iter().position(|v| !(0.0..=1.0).contains(v)) {
        None => Ok(()),
        Some(i) if values[i].is_nan() => {
            Err(CliError::field(field, format!("{field}[{i}] is NaN")))
        }
        Some(i) => {
            Err(CliError::field(field, format!("{field}[{i}] = {} is outside [0, 1]", values[i])))
        }
    }
}

/// The probabilities: `prob` as given, or `logit` through the sigmoid (softmax over `C > 1`
/// classes for generalized Dice).
fn probabilities(
    raw: &RawCase,
    len: usize,
    lead: usize,
    multi: bool,
) -> Result<Vec<f64>, CliError> {
    match (&raw.prob, &raw.logit) {
        (Some(_), Some(_)) => {
            Err(CliError::usage("fields \"prob\" and \"logit\": both are given; give exactly one"))
        }
        (None, None) => Err(CliError::field("prob", "is missing (give \"prob\" or \"logit\")")),
        (Some(prob), None) => {
            check_len("prob", prob.len(), len, &raw.shape)?;
            check_unit("prob", prob)?;
            Ok(prob.clone())
        }
        (None, Some(logit)) => {
            check_len("logit", logit.len(), len, &raw.shape)?;
            if let Some(i) = logit.iter().position(|z| !z.is_finite()) {
                return Err(CliError::field("logit", format!("logit[{i}] is not a finite number")));
            }
            if multi && lead > 1 {
                let mut prob = logit.clone();
                softmax_planes(&mut prob, lead);
                Ok(prob)
            } else {
                Ok(logit.iter().map(|&z| sigmoid(z)).collect())
            }
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
        loss: eval.loss.unwrap_or(LossName::Bce),
        value: eval.value,
        grad_prob: eval.grad_prob,
        grad_logit: eval.grad_logit,
        counts: binary.then_some(eval.counts),
        parts: eval.parts,
        class_weights: is_gdl.then_some(eval.class_weights),
        summary: eval.summary,
        zero_over_zero: eval.zero_over_zero,
        batch,
    }
}

/// The core promises finite numbers; a non-finite one is reported, never printed as `null`.
fn check_finite(out: &Output) -> Result<(), CliError> {
    let bad = |what: &str, values: &[f64]| match values.iter().position(|v| !v.is_finite()) {
        Some(i) => {
            Err(CliError::internal(format!("the core returned {what}[{i}] = {}", values[i])))
        }
        None => Ok(()),
    };
    bad("value", &[out.value])?;
    bad("grad_prob", &out.grad_prob)?;
    bad("grad_logit", &out.grad_logit)?;
    if let Some(p) = out.parts {
        bad("parts", &[p.bce, p.dice_loss])?;
    }
    if let Some(w) = &out.class_weights {
        bad("class_weights", w)?;
    }
    let s = out.summary;
    bad("summary", &[s.max_abs_target, s.max_abs_background, s.background_share])
}
