//! Plain PyTorch code of the losses of `losses-compound.md`, written from the contract's
//! formulas (MONAI's, nnU-Net's, smp's and the authors' conventions); MONAI and smp reuse it
//! where they lack a loss or an option.
//!
//! The logit-native losses (Dice + CE, Dice + focal, top-k CE, Lovász) take the logits as
//! they are, with no clamp, as `losslab eval` does on a `logit` input; the others take
//! `σ(z)` and clamp it where the authors' code does (`K.clip` before the logs).

use super::common::{dims_line, py};
use super::parts::{torch_dice_lines, torch_dice_part, TORCH};
use crate::{
    BatchReduction, ComboParams, DiceCeParams, DiceFocalParams, DiceParams, LogCoshDiceParams,
    TopKParams, UnifiedFocalParams,
};

/// Dice + CE (MONAI `DiceCELoss`): one channel's CE is `BCEWithLogitsLoss(pos_weight=w⁺)`.
pub(super) fn dice_ce(p: &DiceCeParams, r: BatchReduction) -> String {
    format!(
        "{TORCH}\n\ndef loss_fn(logits, target):\n{dice}    # MONAI's one-channel CE: BCEWithLogitsLoss, target pixels weighted pos_weight\n    ce = F.binary_cross_entropy_with_logits(logits, target, pos_weight=torch.tensor({w}), reduction=\"none\").mean(dims)\n    return ({wd} * dice + {wc} * ce).mean()\n",
        dice = torch_dice_part(p.smooth_nr, p.smooth_dr, false, r),
        w = py(p.pos_weight),
        wd = py(p.w_dice),
        wc = py(p.w_ce)
    )
}

/// The focal part's weight of each pixel: `alpha` on `y = 1`, `1 − alpha` on `y = 0`, or
/// none (MONAI's default).
fn alpha_factor(alpha: Option<f64>, y: &str) -> String {
    match alpha {
        Some(a) => format!("({a} * {y} + (1 - {a}) * (1 - {y})) * ", a = py(a)),
        None => String::new(),
    }
}

/// Dice + focal (MONAI `DiceFocalLoss`), the focal part in float64 as the contract has it.
pub(super) fn dice_focal(p: &DiceFocalParams, r: BatchReduction) -> String {
    let alpha = match p.alpha {
        Some(_) => "  # alpha on y = 1",
        None => "  # no alpha (MONAI's default)",
    };
    format!(
        "{TORCH}\n\ndef loss_fn(logits, target):\n{dice}    # MONAI's sigmoid focal loss: f = 1 - p on the object, p on the background; b the BCE\n    f = torch.sigmoid(-(2 * target - 1) * logits)\n    b = F.binary_cross_entropy_with_logits(logits, target, reduction=\"none\")\n    focal = ({a}f ** {g} * b).mean(dims){alpha}\n    return ({wd} * dice + {wf} * focal).mean()\n",
        dice = torch_dice_part(p.smooth_nr, p.smooth_dr, false, r),
        a = alpha_factor(p.alpha, "target"),
        g = py(p.gamma),
        wd = py(p.w_dice),
        wf = py(p.w_focal)
    )
}

/// The line shaping `[B, 1, H, W]` tensors into rows a ranking loss orders: one row per image,
/// or one row for the whole batch (pooled).
fn rows_line(names: &[&str], r: BatchReduction) -> String {
    let (shape, comment) = match r {
        BatchReduction::PerImage => ("flatten(1)", "one row per image; the batch mean comes last"),
        BatchReduction::Pooled => ("reshape(1, -1)", "pooled: one row, the whole batch"),
    };
    let right: Vec<String> = names.iter().map(|n| format!("{n}.{shape}")).collect();
    format!("    {} = {}  # {comment}\n", names.join(", "), right.join(", "))
}

/// Top-k % CE (nnU-Net `TopKLoss`): the `K = int(N·k/100)` largest pixel losses, ties lower
/// index first; no pixel selected gives 0 (nnU-Net: NaN).
pub(super) fn topk_ce(p: &TopKParams, r: BatchReduction) -> String {
    format!(
        "{TORCH}\n\ndef loss_fn(logits, target):\n    y = (target >= 1).to(logits.dtype)  # nnU-Net's .long(): y < 1 counts as 0\n    ce = F.binary_cross_entropy_with_logits(logits, y, reduction=\"none\")\n    margin = (1 - 2 * y) * logits  # -t * z: orders the pixels as their CE, exactly\n{rows}    k = int(ce.shape[1] * {k} / 100)  # nnU-Net's int(num_voxels * k / 100)\n    if k == 0:\n        return logits.sum() * 0.0  # no pixel selected: 0 (nnU-Net: the mean of nothing, NaN)\n    top = torch.sort(margin, dim=1, descending=True, stable=True).indices[:, :k]  # ties: lower index first\n    return ce.gather(1, top).mean()\n",
        rows = rows_line(&["ce", "margin"], r),
        k = py(p.k)
    )
}

/// Berman et al.'s binary Lovász hinge of one row of pixels (smp's `_lovasz_hinge_flat`),
/// sorted stably so that ties go lower index first.
const LOVASZ_FLAT: &str = "def lovasz_flat(z, y):\n    \"\"\"The binary Lovasz hinge of one row of pixels (Berman et al. 2018; smp's _lovasz_hinge_flat).\"\"\"\n    errors = 1 - z * (2 * y - 1)\n    errors_sorted, perm = torch.sort(errors, descending=True, stable=True)  # ties: lower index first\n    y_sorted = y[perm]\n    n_pos = y_sorted.sum()\n    inter = n_pos - y_sorted.cumsum(0)\n    union = n_pos + (1 - y_sorted).cumsum(0)\n    jaccard = 1 - inter / union\n    grad = torch.cat([jaccard[:1], jaccard[1:] - jaccard[:-1]])  # the Lovasz extension's weights\n    return torch.dot(F.relu(errors_sorted), grad)\n";

/// Lovász hinge on logits (smp `LovaszLoss(mode="binary")`), binary targets.
pub(super) fn lovasz_hinge(r: BatchReduction) -> String {
    let body = match r {
        BatchReduction::PerImage => "    # per image, then the mean over the batch (smp's per_image=True)\n    return torch.stack([lovasz_flat(z.flatten(), y.flatten()) for z, y in zip(logits, target)]).mean()\n",
        BatchReduction::Pooled => "    # pooled: one order over the whole batch (smp's per_image=False)\n    return lovasz_flat(logits.flatten(), target.flatten())\n",
    };
    format!("{TORCH}\n\n{LOVASZ_FLAT}\n\ndef loss_fn(logits, target):\n{body}")
}

/// Log-cosh Dice (Jadon 2020): `ln cosh(1 − D)`.
pub(super) fn log_cosh_dice(p: &LogCoshDiceParams, r: BatchReduction) -> String {
    let d = DiceParams { smooth: p.smooth, squared: false };
    format!(
        "{TORCH}\n\ndef loss_fn(logits, target):\n{}    return torch.log(torch.cosh(dice)).mean()  # ln cosh(1 - D)\n",
        torch_dice_lines(&d, r)
    )
}

/// The comment on combo's `form`: which CE its `(a, b)` are.
pub(super) fn combo_form_comment(p: &ComboParams) -> &'static str {
    match p.form {
        crate::ComboForm::Paper => {
            "# form \"paper\": the paper's weighted CE, beta on y = 1 and 1 - beta on y = 0"
        }
        crate::ComboForm::Authors2019 => {
            "# form \"authors_2019\": the authors' first upload, beta applied twice to the background"
        }
        crate::ComboForm::Authors2020 => {
            "# form \"authors_2020\": the current file, whose parenthesis flips the background's sign"
        }
    }
}

/// `a * {y} * {log_q} ± |b| * (1 - {y}) * {log_1q}`: combo's CE per pixel, negated, with
/// `(a, b)` from its form (a negative `b` written with a plus).
pub(super) fn combo_ce_terms(p: &ComboParams, y: &str, log_q: &str, log_1q: &str) -> String {
    let (a, b) = p.form.weights(p.beta);
    let (sign, b) = if b.is_sign_negative() { ("-", -b) } else { ("+", b) };
    format!("{a} * {y} * {log_q} {sign} {b} * (1 - {y}) * {log_1q}", a = py(a), b = py(b))
}

/// Combo loss (Taghanaki et al. 2019): `r·CE − (1 − r)·D`, negative.
pub(super) fn combo(p: &ComboParams, r: BatchReduction) -> String {
    format!(
        "{TORCH}\n\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n{dims}    inter = (target * p).sum(dims)\n    d = (2 * inter + {s}) / (target.sum(dims) + p.sum(dims) + {s})  # the Dice coefficient, on the unclipped p\n    q = p.clamp(1e-7, 1 - 1e-7)  # the code's K.clip, before the logs only\n    {form}\n    ce = -({terms}).mean(dims)\n    return ({cr} * ce - (1 - {cr}) * d).mean()  # subtracts D itself: the loss is negative\n",
        dims = dims_line(r),
        s = py(p.smooth),
        form = combo_form_comment(p),
        terms = combo_ce_terms(p, "target", "torch.log(q)", "torch.log(1 - q)"),
        cr = py(p.ce_ratio)
    )
}

/// Asymmetric unified focal loss (Yeung et al. 2022), the authors' two channels.
pub(super) fn unified_focal(p: &UnifiedFocalParams, r: BatchReduction) -> String {
    format!(
        "{TORCH}\n\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n    delta, gamma, eps = {d}, {g}, 1e-7  # delta: the foreground's weight; one gamma for both parts; K.epsilon()\n    # two channels, each clipped on its own: background 1 - p, foreground p\n    q0, q1 = (1 - p).clamp(eps, 1 - eps), p.clamp(eps, 1 - eps)\n    y0, y1 = 1 - target, target\n    # asymmetric focal: only the background is suppressed; a mean over pixels\n    focal = ((1 - delta) * (1 - q0) ** gamma * -y0 * torch.log(q0) - delta * y1 * torch.log(q1)).mean()\n{dims}\n    def tversky(y, q):\n        tp, fn_, fp = (y * q).sum(dims), (y * (1 - q)).sum(dims), ((1 - y) * q).sum(dims)\n        return (tp + eps) / (tp + delta * fn_ + (1 - delta) * fp + eps)\n\n    # asymmetric focal Tversky: only the foreground is enhanced\n    focal_tversky = 0.5 * ((1 - tversky(y0, q0)) + (1 - tversky(y1, q1)) ** (1 - gamma))\n    # lambda weighs the focal Tversky part, as the authors' code does\n    return ({l} * focal_tversky + (1 - {l}) * focal).mean()\n",
        d = py(p.delta),
        g = py(p.gamma),
        dims = dims_line(r),
        l = py(p.lambda)
    )
}
