//! Keras 3 code of the losses of `losses-compound.md` (Keras ships none of them): each
//! written with `keras.ops` from the contract's formulas. Keras losses take probabilities:
//! the logit-native losses (Dice + CE, Dice + focal, top-k CE, Lovász) clip them at `1e-7`
//! and take `z = ln p̂ − ln(1 − p̂)`, as `losslab eval` does on a `prob` input.

use super::common::{axis_line, py};
use super::parts::{keras_dice_lines, keras_dice_part, KERAS};
use super::torch_compound::{combo_ce_terms, combo_form_comment};
use crate::{
    BatchReduction, ComboParams, DiceCeParams, DiceFocalParams, DiceParams, LogCoshDiceParams,
    TopKParams, UnifiedFocalParams,
};

const DEF: &str = "\n\ndef loss_fn(y_true, y_pred):\n";
/// The clip the logit-native losses start from (`p̂`).
const CLIP: &str = "    y_pred = ops.clip(y_pred, 1e-7, 1 - 1e-7)  # p clipped, as losslab takes probabilities for this loss\n";
/// The logits of the clipped probabilities.
const LOGITS: &str =
    "    z = ops.log(y_pred) - ops.log1p(-y_pred)  # the logits the library would see\n";

/// Dice + CE (MONAI `DiceCELoss`): the Dice part on `p̂`, the CE weighting target pixels.
pub(super) fn dice_ce(p: &DiceCeParams, r: BatchReduction) -> String {
    format!(
        "{KERAS}{DEF}{CLIP}{dice}    # MONAI's one-channel CE, target pixels weighted pos_weight\n    ce = ops.mean(-({w} * y_true * ops.log(y_pred) + (1 - y_true) * ops.log(1 - y_pred)), axis)\n    return ops.mean({wd} * dice + {wc} * ce)\n",
        dice = keras_dice_part(p.smooth_nr, p.smooth_dr, false, r),
        w = py(p.pos_weight),
        wd = py(p.w_dice),
        wc = py(p.w_ce)
    )
}

/// Dice + focal (MONAI `DiceFocalLoss`), from the logits of `p̂`.
pub(super) fn dice_focal(p: &DiceFocalParams, r: BatchReduction) -> String {
    let alpha = match p.alpha {
        Some(a) => format!("({a} * y_true + (1 - {a}) * (1 - y_true)) * ", a = py(a)),
        None => String::new(),
    };
    let which = if p.alpha.is_some() { "alpha on y = 1" } else { "no alpha (MONAI's default)" };
    format!(
        "{KERAS}{DEF}{CLIP}{dice}{LOGITS}    # MONAI's sigmoid focal loss: f = 1 - p on the object, p on the background; b the BCE\n    f = ops.sigmoid(-(2 * y_true - 1) * z)\n    b = -(y_true * ops.log(y_pred) + (1 - y_true) * ops.log(1 - y_pred))\n    focal = ops.mean({alpha}f ** {g} * b, axis)  # {which}\n    return ops.mean({wd} * dice + {wf} * focal)\n",
        dice = keras_dice_part(p.smooth_nr, p.smooth_dr, false, r),
        g = py(p.gamma),
        wd = py(p.w_dice),
        wf = py(p.w_focal)
    )
}

/// The line shaping `[B, H, W, 1]` tensors into rows a ranking loss orders: each
/// `(name, source)` becomes `name = ops.reshape(source, …)`.
fn rows_line(names: &[(&str, &str)], r: BatchReduction) -> String {
    let (shape, comment) = match r {
        BatchReduction::PerImage => {
            ("(y_true.shape[0], -1)", "one row per image; the batch mean comes last")
        }
        BatchReduction::Pooled => ("(1, -1)", "pooled: one row, the whole batch"),
    };
    let left: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
    let right: Vec<String> =
        names.iter().map(|(_, s)| format!("ops.reshape({s}, {shape})")).collect();
    format!("    {} = {}  # {comment}\n", left.join(", "), right.join(", "))
}

/// The comment on `ops.argsort`'s order among ties.
const STABLE: &str = "# stable on the torch, JAX and TensorFlow backends: ties lower index first";

/// Top-k % CE (nnU-Net `TopKLoss`), selecting by the margin `−t·z`.
pub(super) fn topk_ce(p: &TopKParams, r: BatchReduction) -> String {
    format!(
        "{KERAS}{DEF}{CLIP}{LOGITS}    y = ops.cast(y_true >= 1, y_pred.dtype)  # nnU-Net's .long(): y < 1 counts as 0\n    ce = -(y * ops.log(y_pred) + (1 - y) * ops.log(1 - y_pred))\n    margin = (1 - 2 * y) * z  # -t * z: orders the pixels as their CE, exactly\n{rows}    k = int(ce.shape[1] * {k} / 100)  # nnU-Net's int(num_voxels * k / 100)\n    if k == 0:\n        return ops.sum(y_pred) * 0.0  # no pixel selected: 0 (nnU-Net: the mean of nothing, NaN)\n    top = ops.argsort(-margin, axis=-1)[:, :k]  {STABLE}\n    return ops.mean(ops.take_along_axis(ce, top, axis=-1))\n",
        rows = rows_line(&[("ce", "ce"), ("margin", "margin")], r),
        k = py(p.k)
    )
}

/// Lovász hinge (Berman et al. 2018) from the logits of `p̂`, binary targets.
pub(super) fn lovasz_hinge(r: BatchReduction) -> String {
    format!(
        "{KERAS}{DEF}{CLIP}{LOGITS}{rows}    errors = 1 - z * (2 * y - 1)\n    perm = ops.argsort(-errors, axis=-1)  # descending; {stable}\n    errors_sorted = ops.take_along_axis(errors, perm, axis=-1)\n    y_sorted = ops.take_along_axis(y, perm, axis=-1)\n    n_pos = ops.sum(y_sorted, axis=-1, keepdims=True)\n    inter = n_pos - ops.cumsum(y_sorted, axis=-1)\n    union = n_pos + ops.cumsum(1 - y_sorted, axis=-1)\n    jaccard = 1 - inter / union\n    grad = ops.concatenate([jaccard[:, :1], jaccard[:, 1:] - jaccard[:, :-1]], axis=-1)  # the Lovasz extension's weights\n    return ops.mean(ops.sum(ops.relu(errors_sorted) * grad, axis=-1))\n",
        rows = rows_line(&[("z", "z"), ("y", "y_true")], r),
        stable = &STABLE[2..]
    )
}

/// Log-cosh Dice (Jadon 2020, SemSegLoss): `ln cosh(1 − D)`, no clip.
pub(super) fn log_cosh_dice(p: &LogCoshDiceParams, r: BatchReduction) -> String {
    let d = DiceParams { smooth: p.smooth, squared: false };
    format!(
        "{KERAS}{DEF}{}    return ops.mean(ops.log(ops.cosh(dice)))  # ln cosh(1 - D)\n",
        keras_dice_lines(&d, r)
    )
}

/// Combo loss (Taghanaki et al. 2019, the authors' Keras code's structure).
pub(super) fn combo(p: &ComboParams, r: BatchReduction) -> String {
    format!(
        "{KERAS}{DEF}{axis}    inter = ops.sum(y_true * y_pred, axis)\n    d = (2 * inter + {s}) / (ops.sum(y_true, axis) + ops.sum(y_pred, axis) + {s})  # the Dice coefficient, on the unclipped p\n    q = ops.clip(y_pred, 1e-7, 1 - 1e-7)  # the code's K.clip, before the logs only\n    {form}\n    ce = ops.mean(-({terms}), axis)\n    return ops.mean({cr} * ce - (1 - {cr}) * d)  # subtracts D itself: the loss is negative\n",
        axis = axis_line(r),
        s = py(p.smooth),
        form = combo_form_comment(p),
        terms = combo_ce_terms(p, "y_true", "ops.log(q)", "ops.log(1 - q)"),
        cr = py(p.ce_ratio)
    )
}

/// Asymmetric unified focal loss (Yeung et al. 2022), the authors' two channels.
pub(super) fn unified_focal(p: &UnifiedFocalParams, r: BatchReduction) -> String {
    format!(
        "{KERAS}{DEF}    delta, gamma, eps = {d}, {g}, 1e-7  # delta: the foreground's weight; one gamma for both parts; K.epsilon()\n    # two channels, each clipped on its own: background 1 - p, foreground p\n    q0, q1 = ops.clip(1 - y_pred, eps, 1 - eps), ops.clip(y_pred, eps, 1 - eps)\n    y0, y1 = 1 - y_true, y_true\n    # asymmetric focal: only the background is suppressed; a mean over pixels\n    focal = ops.mean((1 - delta) * (1 - q0) ** gamma * -y0 * ops.log(q0) - delta * y1 * ops.log(q1))\n{axis}\n    def tversky(y, q):\n        tp, fn_, fp = ops.sum(y * q, axis), ops.sum(y * (1 - q), axis), ops.sum((1 - y) * q, axis)\n        return (tp + eps) / (tp + delta * fn_ + (1 - delta) * fp + eps)\n\n    # asymmetric focal Tversky: only the foreground is enhanced\n    focal_tversky = 0.5 * ((1 - tversky(y0, q0)) + (1 - tversky(y1, q1)) ** (1 - gamma))\n    # lambda weighs the focal Tversky part, as the authors' code does\n    return ops.mean({l} * focal_tversky + (1 - {l}) * focal)\n",
        d = py(p.delta),
        g = py(p.gamma),
        axis = axis_line(r),
        l = py(p.lambda)
    )
}
