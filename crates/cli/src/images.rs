//! `losslab eval --target T.png --pred P.png`: every loss on a mask and a prediction image.

use crate::error::CliError;
use crate::params;
use losslab_core::{Binary, Evaluation, Loss, LossConfig, LossName};
use serde::Serialize;
use std::path::Path;

/// One gray image: width, height and 8-bit luma, row-major.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gray {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Luma values, row-major.
    pub pixels: Vec<u8>,
}

/// Decodes the PNG at `path` (any color type and depth) to 8-bit luma; `flag` names the
/// command-line flag in errors.
pub fn load_gray(flag: &str, path: &Path) -> Result<Gray, CliError> {
    let shown = path.display();
    let reader = image::ImageReader::open(path)
        .map_err(|e| CliError::usage(format!("{flag} {shown}: cannot open: {e}")))?
        .with_guessed_format()
        .map_err(|e| CliError::usage(format!("{flag} {shown}: cannot read: {e}")))?;
    let decoded = reader
        .decode()
        .map_err(|e| CliError::usage(format!("{flag} {shown}: not a PNG we can decode: {e}")))?;
    let luma = decoded.to_luma8();
    Ok(Gray { width: luma.width(), height: luma.height(), pixels: luma.into_raw() })
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

/// Everything `eval` prints for a pair of images.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Image width.
    pub width: u32,
    /// Image height.
    pub height: u32,
    /// `width × height`.
    pub pixels: usize,
    /// Target pixels (nonzero in the mask).
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
        let known: Vec<&str> = LossName::ALL.iter().map(|n| n.as_str()).collect();
        CliError::usage(format!(
            "--loss \"{loss}\": unknown loss (known: all, {})",
            known.join(", ")
        ))
    })?;
    Ok(vec![params::from_flags(name, flags)?])
}

/// Evaluates `losses` on `target` (nonzero → 1) and `pred` (gray / 255), same size.
pub fn evaluate(target: &Gray, pred: &Gray, losses: &[LossConfig]) -> Result<Report, CliError> {
    if (target.width, target.height) != (pred.width, pred.height) {
        return Err(CliError::usage(format!(
            "--target is {}×{} but --pred is {}×{}: the images must have the same size",
            target.width, target.height, pred.width, pred.height
        )));
    }
    let y: Vec<f64> = target.pixels.iter().map(|&v| if v > 0 { 1.0 } else { 0.0 }).collect();
    let p: Vec<f64> = pred.pixels.iter().map(|&v| f64::from(v) / 255.0).collect();
    let (h, w) = (target.height as usize, target.width as usize);
    let input = Binary::new(&y, &p)
        .and_then(|input| input.with_shape(h, w))
        .map_err(|e| CliError::usage(format!("images: {e}")))?;
    let pixels = y.len();
    let foreground = target.pixels.iter().filter(|&&v| v > 0).count();
    let mut eval = Evaluation::<f64>::new();
    let mut results = Vec::with_capacity(losses.len());
    for &config in losses {
        let loss = Loss::new(config).map_err(|e| CliError::usage(format!("--param: {e}")))?;
        loss.evaluate_into(input, &mut eval);
        let row = Row {
            loss: loss.name(),
            value: eval.value,
            max_abs_grad_logit_target: eval.summary.max_abs_target,
            max_abs_grad_logit_background: eval.summary.max_abs_background,
            background_share: eval.summary.background_share,
            zero_over_zero: eval.zero_over_zero,
            parts: eval.parts,
            class_weights: (loss.name() == LossName::GeneralizedDice)
                .then(|| eval.class_weights.clone()),
        };
        if ![row.value, row.max_abs_grad_logit_target, row.max_abs_grad_logit_background]
            .iter()
            .all(|v| v.is_finite())
        {
            return Err(CliError::internal(format!("{} returned a non-finite figure", row.loss)));
        }
        results.push(row);
    }
    Ok(Report {
        width: target.width,
        height: target.height,
        pixels,
        foreground_pixels: foreground,
        foreground_fraction: foreground as f64 / pixels as f64,
        background_per_foreground: (foreground > 0)
            .then(|| (pixels - foreground) as f64 / foreground as f64),
        results,
    })
}
