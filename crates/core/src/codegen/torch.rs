//! Plain PyTorch (and torchvision for focal); its torch lines are reused by the MONAI and smp
//! snippets where those libraries lack a loss or an option.

use super::common::{dims_line, py, Note};
use super::parts::{torch_dice_lines, TORCH};
use super::torch_compound;
use super::torch_geometry;
use crate::{
    AbsentPolicy, BatchReduction, EmptyPolicy, FocalReduction, LossConfig, PosWeight,
    TverskyParams, WeightType,
};
use std::fmt::Write as _;

/// `loss_fn` applying `call` (a library loss object) as the reduction asks: once per image
/// in a loop, then the mean ([`per_image`]), or once on the whole batch (pooled). With
/// `complement`, an empty target (an image's, or the whole batch's when pooled) is scored on
/// `1 − y`, `1 − p`, as the article's IoU.
pub(super) fn apply_call(call: &str, complement: bool, reduction: BatchReduction) -> String {
    match reduction {
        BatchReduction::PerImage => per_image(call, complement),
        BatchReduction::Pooled if complement => format!(
            "\n\ndef loss_fn(logits, target):\n    if target.sum() == 0:  # the article's IoU scores an empty target (here: the whole batch) on 1 - y, 1 - p\n        logits, target = -logits, 1 - target  # sigmoid(-z) = 1 - p\n    return {call}(logits, target)  # pooled: the library's sums run over the whole batch\n"
        ),
        BatchReduction::Pooled => {
            format!("loss_fn = {call}  # pooled: the library's sums run over the whole batch\n")
        }
    }
}

/// A per-image loop around `call` (a library loss object applied to one image).
pub(super) fn per_image(call: &str, complement: bool) -> String {
    let mut s = String::from(
        "\ndef loss_fn(logits, target):\n    losses = []\n    for z, y in zip(logits, target):\n        z, y = z[None], y[None]\n",
    );
    if complement {
        s.push_str(
            "        if y.sum() == 0:  # the article's IoU scores an empty target on 1 - y, 1 - p\n            z, y = -z, 1 - y  # sigmoid(-z) = 1 - p\n",
        );
    }
    let _ =
        writeln!(s, "        losses.append({call}(z, y))\n    return torch.stack(losses).mean()");
    s
}

pub(super) fn torch_tversky_lines(t: &TverskyParams, r: BatchReduction) -> String {
    format!(
        "    p = torch.sigmoid(logits)\n{dims}    tp = (target * p).sum(dims)\n    fn_ = (target * (1 - p)).sum(dims)\n    fp = ((1 - target) * p).sum(dims)\n    t = (tp + {s}) / (tp + {a} * fn_ + {b} * fp + {s})  # alpha on FN, beta on FP\n",
        dims = dims_line(r),
        a = py(t.alpha),
        b = py(t.beta),
        s = py(t.smooth)
    )
}

/// `pos_weight = "balanced"`: per image in a loop, or once over the whole batch (pooled).
pub(super) fn torch_balanced(call_prefix: &str, r: BatchReduction) -> String {
    if r == BatchReduction::Pooled {
        return format!(
            "\ndef loss_fn(logits, target):\n    sy = target.sum()\n    # balanced, pooled: (N - sum y) / sum y over the whole batch, capped at 1e4; 1 on an empty batch\n    w = ((target.numel() - sy) / sy).clamp(max=1e4) if sy > 0 else torch.ones((), dtype=target.dtype)\n    return {call_prefix}(pos_weight=w)(logits, target)\n"
        );
    }
    format!(
        "\ndef loss_fn(logits, target):\n    losses = []\n    for z, y in zip(logits, target):\n        sy = y.sum()\n        # balanced: (N - sum y) / sum y per image, capped at 1e4; 1 on an empty target\n        w = ((y.numel() - sy) / sy).clamp(max=1e4) if sy > 0 else torch.ones((), dtype=y.dtype)\n        losses.append({call_prefix}(pos_weight=w)(z, y))\n    return torch.stack(losses).mean()\n"
    )
}

pub(super) fn torch_sens_spec(lambda: f64, smooth: f64, r: BatchReduction) -> String {
    let n = match r {
        BatchReduction::PerImage => "target[0].numel()  # pixels per image",
        BatchReduction::Pooled => "target.numel()  # pixels in the batch",
    };
    format!(
        "{TORCH}\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n{dims}    n = {n}\n    err = (target - p) ** 2\n    sy = target.sum(dims)\n    sens = (err * target).sum(dims) / (sy + {s})  # error rate on target pixels\n    spec = (err * (1 - target)).sum(dims) / (n - sy + {s})  # on background\n    return ({l} * sens + (1 - {l}) * spec).mean()\n",
        dims = dims_line(r),
        l = py(lambda),
        s = py(smooth)
    )
}

/// Torch lines of the class weights `w` from the class volumes `vol` (`[B, 2]`).
pub(super) fn gdl_weight_lines(
    weight_type: WeightType,
    absent: AbsentPolicy,
    indent: &str,
) -> String {
    let w = match weight_type {
        WeightType::Square => "1 / (vol ** 2 + 1e-6)",
        WeightType::Simple => "1 / (vol + 1e-6)",
        WeightType::Uniform => "torch.ones_like(vol)",
    };
    let mut s = format!("{indent}w = {w}\n");
    match absent {
        AbsentPolicy::Epsilon => {}
        AbsentPolicy::Max => {
            let _ = writeln!(
                s,
                "{indent}w_max = torch.where(vol > 0, w, torch.zeros_like(w)).amax(-1, keepdim=True)\n{indent}w = torch.where(vol > 0, w, w_max)  # absent class: the largest present weight"
            );
        }
        AbsentPolicy::Zero => {
            let _ = writeln!(
                s,
                "{indent}w = torch.where(vol > 0, w, torch.zeros_like(w))  # absent class dropped"
            );
        }
    }
    s
}

pub(super) fn torch_gdl(
    smooth: f64,
    weight_type: WeightType,
    absent: AbsentPolicy,
    r: BatchReduction,
) -> String {
    let dims = match r {
        BatchReduction::PerImage => "(2, 3)  # per image and class; the batch mean comes last",
        BatchReduction::Pooled => "(0, 2, 3)  # pooled: per class, over the whole batch",
    };
    format!(
        "{TORCH}\ndef loss_fn(logits, target):\n    p1 = torch.sigmoid(logits)\n    p = torch.cat([1 - p1, p1], dim=1)  # classes: background, object\n    r = torch.cat([1 - target, target], dim=1)\n    dims = {dims}\n    vol = r.sum(dims)\n{w}    a = (w * (r * p).sum(dims)).sum(-1)\n    b = (w * (r + p).sum(dims)).sum(-1)\n    return (1 - (2 * a + {s}) / (b + {s})).mean()\n",
        w = gdl_weight_lines(weight_type, absent, "    "),
        s = py(smooth)
    )
}

/// The comment on a pixel mean: per image and pooled agree (every image has `N` pixels).
pub(super) const PIXEL_MEAN: &str =
    "# mean over every pixel of the batch: per image and pooled agree (equal image sizes)";

/// The plain PyTorch (and torchvision) snippet.
pub(super) fn pytorch(config: &LossConfig, r: BatchReduction, notes: &mut Vec<Note>) -> String {
    let dims = dims_line(r);
    match config {
        LossConfig::Bce => {
            notes.push(Note::NoClip);
            format!("{TORCH}\nloss_fn = torch.nn.BCEWithLogitsLoss()  {PIXEL_MEAN}\n")
        }
        LossConfig::Wce(p) => {
            notes.push(Note::NoClip);
            match p.pos_weight {
                PosWeight::Fixed(w) => format!(
                    "{TORCH}\n{PIXEL_MEAN}\nloss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor({}))\n",
                    py(w)
                ),
                PosWeight::Balanced => {
                    notes.push(balanced_note(r));
                    format!("{TORCH}{}", torch_balanced("torch.nn.BCEWithLogitsLoss", r))
                }
            }
        }
        LossConfig::Focal(p) => {
            notes.push(Note::NoClip);
            let head = format!(
                "{TORCH}from torchvision.ops import sigmoid_focal_loss\n\n\ndef loss_fn(logits, target):\n"
            );
            let (a, g) = (py(p.alpha), py(p.gamma));
            match (p.reduction, r) {
                (FocalReduction::Mean, _) => format!(
                    "{head}    {PIXEL_MEAN}\n    return sigmoid_focal_loss(logits, target, alpha={a}, gamma={g}, reduction=\"mean\")\n"
                ),
                (FocalReduction::Sum, BatchReduction::PerImage) => format!(
                    "{head}    # the article's sum over pixels, per image; mean over images\n    return sigmoid_focal_loss(logits, target, alpha={a}, gamma={g}, reduction=\"sum\") / logits.shape[0]\n"
                ),
                (FocalReduction::Sum, BatchReduction::Pooled) => format!(
                    "{head}    # the article's sum over pixels, pooled: over the whole batch\n    return sigmoid_focal_loss(logits, target, alpha={a}, gamma={g}, reduction=\"sum\")\n"
                ),
                (FocalReduction::PerPositive, _) => {
                    notes.push(Note::ReductionByHand);
                    format!(
                        "{head}    per_pixel = sigmoid_focal_loss(logits, target, alpha={a}, gamma={g}, reduction=\"none\")\n{dims}    return (per_pixel.sum(dims) / target.sum(dims).clamp(min=1)).mean()\n"
                    )
                }
            }
        }
        LossConfig::Dice(d) => format!(
            "{TORCH}\n\ndef loss_fn(logits, target):\n{}    return dice.mean()\n",
            torch_dice_lines(d, r)
        ),
        LossConfig::Iou(p) => {
            let complement = if p.empty == EmptyPolicy::Complement {
                "    empty = target.sum(dims, keepdim=True) == 0  # the article scores 1 - y, 1 - p then\n    target = torch.where(empty, 1 - target, target)\n    p = torch.where(empty, 1 - p, p)\n"
            } else {
                ""
            };
            format!(
                "{TORCH}\n\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n{dims}{complement}    inter = (target * p).sum(dims)\n    union = target.sum(dims) + p.sum(dims) - inter\n    return (1 - (inter + {e}) / (union + {e})).mean()\n",
                e = py(p.eps)
            )
        }
        LossConfig::Tversky(t) => format!(
            "{TORCH}\n\ndef loss_fn(logits, target):\n{}    return (1 - t).mean()\n",
            torch_tversky_lines(t, r)
        ),
        LossConfig::FocalTversky(f) => {
            notes.push(Note::FocalTverskyExponent);
            format!(
                "{TORCH}\n\ndef loss_fn(logits, target):\n{}    return ((1 - t) ** {}).mean()\n",
                torch_tversky_lines(&f.tversky, r),
                py(f.gamma)
            )
        }
        LossConfig::SensitivitySpecificity(p) => torch_sens_spec(p.lambda, p.smooth, r),
        LossConfig::GeneralizedDice(p) => torch_gdl(p.smooth, p.weight_type, p.absent, r),
        LossConfig::BceDice(p) => {
            notes.push(Note::NoClip);
            format!(
                "{TORCH}\n\ndef loss_fn(logits, target):\n{}    bce = F.binary_cross_entropy_with_logits(logits, target, reduction=\"none\").mean(dims)\n    return ({wb} * bce + {wd} * dice).mean()\n",
                torch_dice_lines(&p.dice, r),
                wb = py(p.w_bce),
                wd = py(p.w_dice)
            )
        }
        LossConfig::DiceCe(p) => torch_compound::dice_ce(p, r),
        LossConfig::DiceFocal(p) => torch_compound::dice_focal(p, r),
        LossConfig::TopkCe(p) => torch_compound::topk_ce(p, r),
        LossConfig::LovaszHinge => torch_compound::lovasz_hinge(r),
        LossConfig::LogCoshDice(p) => torch_compound::log_cosh_dice(p, r),
        LossConfig::Combo(p) => torch_compound::combo(p, r),
        LossConfig::UnifiedFocal(p) => torch_compound::unified_focal(p, r),
        LossConfig::Boundary(p) => {
            notes.push(Note::DistanceMapsOnCpu);
            torch_geometry::boundary(p)
        }
        LossConfig::HausdorffDt(p) => {
            notes.push(Note::DistanceMapsOnCpu);
            torch_geometry::hausdorff_dt(p)
        }
        LossConfig::Cldice(p) => torch_geometry::cldice(p, r),
        LossConfig::DiceCldice(p) => torch_geometry::dice_cldice(p, r),
    }
}

/// The note on `pos_weight = "balanced"`: computed per image or over the whole batch.
pub(super) fn balanced_note(r: BatchReduction) -> Note {
    match r {
        BatchReduction::PerImage => Note::BalancedPerImage,
        BatchReduction::Pooled => Note::BalancedPooled,
    }
}
