//! `losslab eval` on channels (`multiclass.md`): the layout of a case, which path evaluates
//! it (the binary losses for one channel, the multi-class engine otherwise), and the engine's
//! output.

use crate::case::{check_finite, check_len, check_unit, BatchInfo, Output, MAX_VALUES};
use crate::error::CliError;
use crate::params::{self, NULL_WORD};
use crate::parse::RawCase;
use losslab_core::multiclass::{activate, one_hot, McInput, McInputError, McShape};
use losslab_core::params::multiclass::{McConfig, McLossName, McParamError, AGGREGATION_KEYS};
use losslab_core::{BatchReduction, LossName, ParamValue};
use serde_json::{Map, Value};

/// The axes a case's shape has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Axes {
    /// `[H, W]` (or `[W]`, one row).
    Hw,
    /// `[B, H, W]`.
    Bhw,
    /// `[C, H, W]`.
    Chw,
    /// `[B, C, H, W]`.
    Bchw,
}

/// A case's layout: its axes and sizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Which axes.
    pub axes: Axes,
    /// The sizes as `[B, C, H, W]`.
    pub shape: McShape,
}

impl Layout {
    /// Whether the shape has a batch axis.
    pub fn has_batch(&self) -> bool {
        matches!(self.axes, Axes::Bhw | Axes::Bchw)
    }
}

/// The layout of `raw`: `layout` if given (its length must be the shape's), else from the
/// number of dimensions (3 → `CHW` for the losses whose third axis is classes).
pub fn layout(raw: &RawCase) -> Result<Layout, CliError> {
    let shape = &raw.shape;
    if shape.is_empty() {
        return Err(CliError::field(
            "shape",
            "is empty; expected [H, W], [B, H, W], [C, H, W] or [B, C, H, W]",
        ));
    }
    if shape.len() > 4 {
        return Err(CliError::field(
            "shape",
            format!("has {} dimensions; at most 4 ([B, C, H, W])", shape.len()),
        ));
    }
    if let Some(i) = shape.iter().position(|&d| d == 0) {
        return Err(CliError::field(
            "shape",
            format!("shape[{i}] is 0; every dimension must be ≥ 1"),
        ));
    }
    match shape.iter().try_fold(1u64, |acc, &d| acc.checked_mul(d)) {
        Some(t) if t <= MAX_VALUES => {}
        _ => {
            return Err(CliError::field(
                "shape",
                format!("{shape:?} holds more than {MAX_VALUES} values (the limit)"),
            ))
        }
    }
    let axes = match raw.layout.as_deref() {
        Some(word) => {
            let (axes, dims) = match word {
                "HW" => (Axes::Hw, 2),
                "BHW" => (Axes::Bhw, 3),
                "CHW" => (Axes::Chw, 3),
                "BCHW" => (Axes::Bchw, 4),
                other => {
                    return Err(CliError::field(
                        "layout",
                        format!("\"{other}\" must be one of \"HW\", \"BHW\", \"CHW\", \"BCHW\""),
                    ))
                }
            };
            if dims != shape.len() {
                return Err(CliError::field(
                    "layout",
                    format!("\"{word}\" has {dims} axes, but shape {shape:?} has {}", shape.len()),
                ));
            }
            axes
        }
        None => match shape.len() {
            1 | 2 => Axes::Hw,
            3 if three_dims_are_channels(raw) => Axes::Chw,
            3 => Axes::Bhw,
            _ => Axes::Bchw,
        },
    };
    let d = |i: usize| shape[i] as usize;
    let (images, classes, height, width) = match (axes, shape.len()) {
        (Axes::Hw, 1) => (1, 1, 1, d(0)),
        (Axes::Hw, _) => (1, 1, d(0), d(1)),
        (Axes::Bhw, _) => (d(0), 1, d(1), d(2)),
        (Axes::Chw, _) => (1, d(0), d(1), d(2)),
        (Axes::Bchw, _) => (d(0), d(1), d(2), d(3)),
    };
    Ok(Layout { axes, shape: McShape { images, classes, height, width } })
}

/// Whether `[X, H, W]` without a `layout` is `[C, H, W]`: always for `generalized_dice` and
/// `ce`; for `dice_ce` and `dice_focal` (binary batches `[B, H, W]` in `losses-compound.md`,
/// channels in `multiclass.md`) when the case gives `labels` or a target whose every pixel sums
/// to 1 over the first axis — a one-hot (or soft) class map, which a batch of binary masks
/// only is if every pixel is foreground in exactly one image.
fn three_dims_are_channels(raw: &RawCase) -> bool {
    match raw.loss.as_str() {
        "dice_ce" | "dice_focal" => {
            if raw.labels.is_some() {
                return true;
            }
            let Some(target) = &raw.target else { return false };
            let lead = raw.shape[0] as usize;
            let n = (raw.shape[1] * raw.shape[2]) as usize;
            lead >= 2
                && target.len() == lead * n
                && (0..n).all(|i| {
                    let sum: f64 = (0..lead).map(|c| target[c * n + i]).sum();
                    (sum - 1.0).abs() <= 1e-9
                })
        }
        name => McLossName::three_dims_are_channels(name),
    }
}

/// Whether the multi-class engine evaluates the case: channels (`C ≥ 2`), `ce`, `labels`,
/// generalized Dice on anything but a binary batch (`[H, W]` is one class, as before), or a region loss with
/// `absent = "zero"` on one channel. Everything else is a binary case, exactly as before.
pub fn takes_engine(raw: &RawCase, layout: &Layout) -> bool {
    let name = McLossName::parse(&raw.loss);
    let zero_absent = raw
        .params
        .as_ref()
        .and_then(|p| p.get("absent"))
        .is_some_and(|v| v.as_str() == Some("zero"));
    layout.shape.classes >= 2
        || raw.labels.is_some()
        || name == Some(McLossName::Ce)
        || (name == Some(McLossName::GeneralizedDice) && layout.axes != Axes::Bhw)
        || (zero_absent
            && name.is_some_and(|n| n.has_region_part() && n != McLossName::GeneralizedDice))
}

/// The parameters of a one-channel case for the binary losses: the aggregation keys are
/// checked and dropped (`include_background`, `class_reduction`, `absent = "keep"` have no
/// effect on one channel; `activation` must be `sigmoid`), `batch` stays (the binary batch).
pub fn binary_params(
    name: LossName,
    params: &Map<String, Value>,
) -> Result<Map<String, Value>, CliError> {
    let mut kept = Map::new();
    for (key, value) in params {
        // A binary loss' own parameter of the same name wins (generalized Dice's `absent`,
        // the boundary loss' `include_background`).
        let own = name.spec(key).is_some();
        if key == params::BATCH_KEY || own || !AGGREGATION_KEYS.contains(&key.as_str()) {
            kept.insert(key.clone(), value.clone());
            continue;
        }
        let field = format!("params.{key}");
        let word = value.as_str();
        let ok = match key.as_str() {
            "activation" => {
                if word == Some("softmax") {
                    return Err(CliError::field(
                        &field,
                        "softmax over one channel is the constant 1; C = 1 takes sigmoid",
                    ));
                }
                word == Some("sigmoid")
            }
            "include_background" => value.is_boolean(),
            "class_reduction" => matches!(word, Some("mean" | "sum")),
            _ => matches!(word, Some("keep" | "zero")),
        };
        if !ok {
            return Err(CliError::field(&field, format!("{value} is not a valid {key}")));
        }
    }
    Ok(kept)
}

/// A case for the multi-class engine.
pub fn run(raw: &RawCase, layout: Layout) -> Result<Output, CliError> {
    let shape = layout.shape;
    let name = McLossName::parse(&raw.loss).ok_or_else(|| {
        let binary_only = LossName::parse(&raw.loss).is_some();
        if binary_only {
            CliError::field(
                "loss",
                format!(
                    "{} takes one channel (C = 1); the shape {:?} has C = {} channels",
                    raw.loss, raw.shape, shape.classes
                ),
            )
        } else {
            let known: Vec<&str> = McLossName::WORDS.iter().map(|(_, w)| *w).collect();
            CliError::field(
                "loss",
                format!("unknown loss \"{}\" (with channels: {})", raw.loss, known.join(", ")),
            )
        }
    })?;
    if raw.labels.is_some() && shape.classes < 2 {
        return Err(CliError::field(
            "labels",
            format!("need C ≥ 2 channels; the shape {:?} has one: give target", raw.shape),
        ));
    }
    if shape.classes < 2 && name.needs_softmax() && name != McLossName::Ce {
        return Err(CliError::field(
            "params.absent",
            format!("{name} on one channel takes absent = \"keep\" only"),
        ));
    }
    let (list, weights) = param_list(raw.params.as_ref())?;
    let pairs: Vec<(&str, ParamValue)> =
        list.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
    let config = McConfig::from_params(name, shape.classes, &pairs, weights.as_deref())
        .map_err(param_error)?;
    let activation = config.aggregation.activation;
    let target = match (&raw.target, &raw.labels) {
        (Some(_), Some(_)) => {
            return Err(CliError::usage(
                "fields \"target\" and \"labels\": both are given; give exactly one",
            ))
        }
        (None, None) => {
            return Err(CliError::field("target", "is missing (give \"target\" or \"labels\")"))
        }
        (Some(t), None) => {
            check_len("target", t.len(), shape.len(), &raw.shape)?;
            check_unit("target", t)?;
            t.clone()
        }
        (None, Some(labels)) => {
            if let Some(i) = labels.iter().position(|v| !v.is_finite()) {
                return Err(CliError::field("labels", format!("labels[{i}] is not finite")));
            }
            one_hot(labels, shape).map_err(input_error)?
        }
    };
    let prob = match (&raw.prob, &raw.logit) {
        (Some(_), Some(_)) => {
            return Err(CliError::usage(
                "fields \"prob\" and \"logit\": both are given; give exactly one",
            ))
        }
        (None, None) => {
            return Err(CliError::field("prob", "is missing (give \"prob\" or \"logit\")"))
        }
        (Some(p), None) => {
            check_len("prob", p.len(), shape.len(), &raw.shape)?;
            check_unit("prob", p)?;
            p.clone()
        }
        (None, Some(z)) => {
            check_len("logit", z.len(), shape.len(), &raw.shape)?;
            if let Some(i) = z.iter().position(|v| !v.is_finite()) {
                return Err(CliError::field("logit", format!("logit[{i}] is not a finite number")));
            }
            activate(z, shape, activation)
        }
    };
    let input = McInput::new(shape, &target, &prob, activation).map_err(input_error)?;
    let eval = config.evaluate(input);
    let is_gdl = name == McLossName::GeneralizedDice;
    let output = Output {
        loss: name.as_str().to_string(),
        value: eval.value,
        grad_prob: eval.grad_prob,
        grad_logit: eval.grad_logit,
        counts: None,
        parts: None,
        class_weights: is_gdl.then_some(eval.class_weights),
        summary: eval.summary,
        zero_over_zero: eval.zero_over_zero,
        batch: layout.has_batch().then_some(BatchInfo {
            images: shape.images,
            reduction: if name.has_region_part() {
                config.aggregation.batch
            } else {
                BatchReduction::Pooled
            },
        }),
        terms: None,
    };
    check_finite(&output)?;
    Ok(output)
}

/// A case's parameters: `(key, value)` pairs and `class_weights`, the only array.
type ParamList = (Vec<(String, ParamValue)>, Option<Vec<f64>>);

/// The `params` object as `(key, value)` pairs, with `class_weights` (the only array) apart.
fn param_list(params: Option<&Map<String, Value>>) -> Result<ParamList, CliError> {
    let mut list = Vec::new();
    let mut weights = None;
    for (key, value) in params.into_iter().flatten() {
        let field = format!("params.{key}");
        let value = match value {
            Value::Array(items) if key == "class_weights" => {
                let numbers: Option<Vec<f64>> = items.iter().map(Value::as_f64).collect();
                weights = Some(numbers.ok_or_else(|| {
                    CliError::field(&field, "must be an array of numbers, one per class")
                })?);
                continue;
            }
            Value::Number(n) => match n.as_f64() {
                Some(x) if x.is_finite() => ParamValue::Number(x),
                _ => return Err(CliError::field(&field, format!("{n} is not a finite number"))),
            },
            Value::String(s) => ParamValue::Text(s.clone()),
            Value::Bool(b) => ParamValue::Bool(*b),
            Value::Null if key == "class_weights" => continue,
            Value::Null => ParamValue::Text(NULL_WORD.to_string()),
            other => {
                return Err(CliError::field(
                    &field,
                    format!(
                        "expected a number, a string, true/false or null, got {}",
                        params::kind_of(other)
                    ),
                ))
            }
        };
        list.push((key.clone(), value));
    }
    Ok((list, weights))
}

fn param_error(e: McParamError) -> CliError {
    let field = if matches!(e.key.as_str(), "shape" | "loss") {
        e.key.clone()
    } else {
        format!("params.{}", e.key)
    };
    CliError::field(&field, e.message)
}

fn input_error(e: McInputError) -> CliError {
    CliError::field(e.field, e.message)
}
