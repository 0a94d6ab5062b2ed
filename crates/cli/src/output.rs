//! What `losslab eval` prints, and the checks every kind of case shares (lengths, ranges,
//! finite results): used by the binary cases (`case.rs`) and the cases with channels
//! (`multiclass.rs`).

use crate::error::CliError;
use losslab_core::{BatchReduction, BceDiceParts, GradientSummary, LossName, SoftCounts};
use serde::Serialize;

/// Most values a case may hold (2^28): larger shapes are refused before any work.
pub const MAX_VALUES: u64 = 1 << 28;

/// The result of one case, as printed on standard output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Output {
    /// The loss' name (`compound` for a weighted sum).
    pub loss: String,
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
    /// `compound` only: each term's loss, weight and unweighted value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub terms: Option<Vec<TermValue>>,
}

/// One term of a compound's output.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TermValue {
    /// The term's loss.
    pub loss: LossName,
    /// Its weight.
    pub weight: f64,
    /// Its value, unweighted.
    pub value: f64,
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

/// `field` must hold exactly `len` values.
pub fn check_len(field: &str, actual: usize, len: usize, shape: &[u64]) -> Result<(), CliError> {
    if actual == len {
        Ok(())
    } else {
        Err(CliError::field(field, format!("has {actual} values, but shape {shape:?} needs {len}")))
    }
}

/// Every value of `field` must be a finite number in [0, 1].
pub fn check_unit(field: &str, values: &[f64]) -> Result<(), CliError> {
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

/// The core promises finite numbers; a non-finite one is reported, never printed as `null`.
pub fn check_finite(out: &Output) -> Result<(), CliError> {
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
