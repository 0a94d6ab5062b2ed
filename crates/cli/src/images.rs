//! `losslab eval --target T --pred P`: every loss on a mask and a prediction, read by the
//! core's one loader (`losslab_core::data`: PNG 8/16-bit, `.npy`, NIfTI `.nii`/`.nii.gz`;
//! 2-D `[H, W]`, or 3-D `[D, H, W]` evaluated over all voxels at once), as `losslab dataset`
//! reads each pair.

use crate::error::CliError;
use crate::params;
use losslab_core::data::{self, Array, Pair, MAX_TOTAL_BYTES};
use losslab_core::{BatchReduction, Binary, Evaluation, Loss, LossConfig, LossName};
use serde::Serialize;
use std::path::Path;

/// Reads and decodes the file at `path`; `flag` names the command-line flag in errors.
pub fn load(flag: &str, path: &Path) -> Result<Array, CliError> {
    let shown = path.display();
    let bytes = read_file(path).map_err(|e| CliError::usage(format!("{flag} {shown}: {e}")))?;
    data::decode(&shown.to_string(), &bytes)
        .map_err(|e| CliError::usage(format!("{flag} {}: {}", e.file, e.reason)))
}

/// A file's bytes, refused from its size (before reading) when it is over the limit of
/// bytes one import may read.
pub fn read_file(path: &Path) -> Result<Vec<u8>, String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot open: {e}"))?;
    if !meta.is_file() {
        return Err("not a file".to_string());
    }
    if meta.len() > MAX_TOTAL_BYTES {
        return Err(format!(
            "{} MiB, over the limit of {} MiB of files",
            meta.len() >> 20,
            MAX_TOTAL_BYTES >> 20
        ));
    }
    std::fs::read(path).map_err(|e| format!("cannot read: {e}"))
}

/// One loss' figures on the image.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The loss' name.
    pub loss: LossName,
    /// The loss value.
    pub value: f64,
    /// `max |∂L/∂z|` over target pixels.
    pub max_abs_grad_logit_target: f64,
    /// `max |∂L/∂z|` over background pixels.
    pub max_abs_grad_logit_background: f64,
    /// Share of `Σ |∂L/∂z|` on background pixels, in [0, 1].
    pub background_share: f64,
    /// A 0/0 ratio was met and defined as 0 loss.
    pub zero_over_zero: bool,
    /// `bce_dice` only: the unweighted parts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parts: Option<losslab_core::BceDiceParts>,
    /// `generalized_dice` only: `[w_background, w_foreground]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class_weights: Option<Vec<f64>>,
}

/// Everything `eval` prints for a target and a prediction.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// `[H, W]`, or `[D, H, W]` for a volume (evaluated over all voxels at once).
    pub shape: Vec<usize>,
    /// Image width `W`.
    pub width: u32,
    /// Image height `H` (of one plane, for a volume).
    pub height: u32,
    /// Pixels (voxels): the product of the shape.
    pub pixels: usize,
    /// Target pixels (`y ≥ 0.5`; nonzero in an integer or PNG mask).
    pub foreground_pixels: usize,
    /// `foreground_pixels / pixels`.
    pub foreground_fraction: f64,
    /// Background pixels per foreground pixel (the `N` of `1:N`); absent without foreground.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub background_per_foreground: Option<f64>,
    /// One row per loss.
    pub results: Vec<Row>,
}

/// Which losses to evaluate: every loss with its defaults, or one with `--param` flags.
pub fn select(loss: &str, flags: &[String]) -> Result<Vec<LossConfig>, CliError> {
    if loss == "all" {
        if !flags.is_empty() {
            return Err(CliError::usage("--param needs one loss: add --loss NAME (not all)"));
        }
        return Ok(LossName::ALL.iter().map(|&n| LossConfig::default_for(n)).collect());
    }
    let name = LossName::parse(loss).ok_or_else(|| {
        CliError::usage(format!(
            "--loss \"{loss}\": unknown loss (known: all, {})",
            params::known_losses()
        ))
    })?;
    Ok(vec![params::from_flags(name, flags)?])
}

/// Pairs the decoded target and prediction by the core's rule (`Pair::new`: the target is
/// foreground where nonzero, the prediction a probability: PNG value / (2^depth − 1), 0/1
/// integers, or floats in [0, 1]); the error names both files.
pub fn pair(target: &Array, pred: &Array, shown: (&str, &str)) -> Result<Pair, CliError> {
    Pair::new("", target, pred, false)
        .map_err(|e| CliError::usage(format!("--target {} and --pred {}: {e}", shown.0, shown.1)))
}

/// Evaluates `losses` on `pair`: a 2-D pair as one image, a 3-D one over all voxels (the
/// pooled batch of its planes, as `losslab eval` on a JSON case with `shape [D, H, W]` and
/// `"batch": "pooled"`).
pub fn evaluate(pair: &Pair, losses: &[LossConfig]) -> Result<Report, CliError> {
    let (planes, h, w) = pair.planes();
    let (y, p) = (&pair.target, &pair.prob);
    let input = Binary::new(y, p)
        .and_then(|input| input.with_shape(h, w))
        .map_err(|e| CliError::usage(format!("images: {e}")))?;
    let hard = y.iter().all(|&v| v == 0.0 || v == 1.0);
    let pixels = y.len();
    let foreground = y.iter().filter(|&&v| v >= losslab_core::TARGET_THRESHOLD).count();
    let mut results = Vec::with_capacity(losses.len());
    for &config in losses {
        let loss = Loss::new(config).map_err(|e| CliError::usage(format!("--param: {e}")))?;
        let name = loss.name();
        if !hard && matches!(name, LossName::LovaszHinge | LossName::Boundary) {
            return Err(CliError::usage(format!(
                "--target: {name} takes a binary target (0 or 1) and this target is soft: \
                 choose other losses with --loss"
            )));
        }
        let eval: Evaluation<f64> = loss
            .evaluate_batch(input, planes, BatchReduction::Pooled)
            .map_err(|e| CliError::usage(format!("images: {e}")))?;
        let row = Row {
            loss: name,
            value: eval.value,
            max_abs_grad_logit_target: eval.summary.max_abs_target,
            max_abs_grad_logit_background: eval.summary.max_abs_background,
            background_share: eval.summary.background_share,
            zero_over_zero: eval.zero_over_zero,
            parts: eval.parts,
            class_weights: (name == LossName::GeneralizedDice).then(|| eval.class_weights.clone()),
        };
        if ![row.value, row.max_abs_grad_logit_target, row.max_abs_grad_logit_background]
            .iter()
            .all(|v| v.is_finite())
        {
            return Err(CliError::internal(format!("{} returned a non-finite figure", row.loss)));
        }
        results.push(row);
    }
    let side = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    Ok(Report {
        shape: pair.shape.clone(),
        width: side(w),
        height: side(h),
        pixels,
        foreground_pixels: foreground,
        foreground_fraction: foreground as f64 / pixels as f64,
        background_per_foreground: (foreground > 0)
            .then(|| (pixels - foreground) as f64 / foreground as f64),
        results,
    })
}
