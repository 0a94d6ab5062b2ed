//! Plain PyTorch (and torchvision for focal); its torch lines are reused by the MONAI and smp
//! snippets where those libraries lack a loss or an option.

use super::common::{py, Note};
use crate::{
    AbsentPolicy, DiceParams, EmptyPolicy, FocalReduction, LossConfig, PosWeight, TverskyParams,
    WeightType,
};
use std::fmt::Write as _;

pub(super) const TORCH: &str = "import torch\nimport torch.nn.functional as F\n";
pub(super) const DIMS: &str = "    dims = (1, 2, 3)  # per image; the batch mean comes last\n";

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

/// Torch lines computing `p`, per-image sums and the soft Dice loss into `dice` (1 − D).
pub(super) fn torch_dice_lines(d: &DiceParams) -> String {
    let den = if d.squared {
        "(target ** 2).sum(dims) + (p ** 2).sum(dims)  # squared (V-Net)"
    } else {
        "target.sum(dims) + p.sum(dims)"
    };
    format!(
        "    p = torch.sigmoid(logits)\n{DIMS}    inter = (target * p).sum(dims)\n    den = {den}\n    dice = 1 - (2 * inter + {s}) / (den + {s})\n",
        s = py(d.smooth)
    )
}

pub(super) fn torch_tversky_lines(t: &TverskyParams) -> String {
    format!(
        "    p = torch.sigmoid(logits)\n{DIMS}    tp = (target * p).sum(dims)\n    fn_ = (target * (1 - p)).sum(dims)\n    fp = ((1 - target) * p).sum(dims)\n    t = (tp + {s}) / (tp + {a} * fn_ + {b} * fp + {s})  # alpha on FN, beta on FP\n",
        a = py(t.alpha),
        b = py(t.beta),
        s = py(t.smooth)
    )
}

pub(super) fn torch_balanced(call_prefix: &str) -> String {
    format!(
        "\ndef loss_fn(logits, target):\n    losses = []\n    for z, y in zip(logits, target):\n        sy = y.sum()\n        # balanced: (N - sum y) / sum y per image, capped at 1e4; 1 on an empty target\n        w = ((y.numel() - sy) / sy).clamp(max=1e4) if sy > 0 else torch.ones((), dtype=y.dtype)\n        losses.append({call_prefix}(pos_weight=w)(z, y))\n    return torch.stack(losses).mean()\n"
    )
}

pub(super) fn torch_sens_spec(lambda: f64, smooth: f64) -> String {
    format!(
        "{TORCH}\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n{DIMS}    n = target[0].numel()\n    err = (target - p) ** 2\n    sy = target.sum(dims)\n    sens = (err * target).sum(dims) / (sy + {s})  # error rate on target pixels\n    spec = (err * (1 - target)).sum(dims) / (n - sy + {s})  # on background\n    return ({l} * sens + (1 - {l}) * spec).mean()\n",
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
                "{indent}w_max = torch.where(vol > 0, w, torch.zeros_like(w)).amax(1, keepdim=True)\n{indent}w = torch.where(vol > 0, w, w_max)  # absent class: the largest present weight"
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

pub(super) fn torch_gdl(smooth: f64, weight_type: WeightType, absent: AbsentPolicy) -> String {
    format!(
        "{TORCH}\ndef loss_fn(logits, target):\n    p1 = torch.sigmoid(logits)\n    p = torch.cat([1 - p1, p1], dim=1)  # classes: background, object\n    r = torch.cat([1 - target, target], dim=1)\n    dims = (2, 3)\n    vol = r.sum(dims)\n{w}    a = (w * (r * p).sum(dims)).sum(1)\n    b = (w * (r + p).sum(dims)).sum(1)\n    return (1 - (2 * a + {s}) / (b + {s})).mean()\n",
        w = gdl_weight_lines(weight_type, absent, "    "),
        s = py(smooth)
    )
}

/// The plain PyTorch (and torchvision) snippet.
pub(super) fn pytorch(config: &LossConfig, notes: &mut Vec<Note>) -> String {
    match config {
        LossConfig::Bce => {
            notes.push(Note::NoClip);
            format!(
                "{TORCH}\nloss_fn = torch.nn.BCEWithLogitsLoss()  # mean over pixels and images\n"
            )
        }
        LossConfig::Wce(p) => {
            notes.push(Note::NoClip);
            match p.pos_weight {
                PosWeight::Fixed(w) => format!(
                    "{TORCH}\nloss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor({}))\n",
                    py(w)
                ),
                PosWeight::Balanced => {
                    notes.push(Note::BalancedPerImage);
                    format!("{TORCH}{}", torch_balanced("torch.nn.BCEWithLogitsLoss"))
                }
            }
        }
        LossConfig::Focal(p) => {
            notes.push(Note::NoClip);
            let head = format!(
                "{TORCH}from torchvision.ops import sigmoid_focal_loss\n\n\ndef loss_fn(logits, target):\n"
            );
            let (a, g) = (py(p.alpha), py(p.gamma));
            match p.reduction {
                FocalReduction::Mean => format!(
                    "{head}    return sigmoid_focal_loss(logits, target, alpha={a}, gamma={g}, reduction=\"mean\")\n"
                ),
                FocalReduction::Sum => format!(
                    "{head}    # the article's sum over pixels, per image; mean over images\n    return sigmoid_focal_loss(logits, target, alpha={a}, gamma={g}, reduction=\"sum\") / logits.shape[0]\n"
                ),
                FocalReduction::PerPositive => {
                    notes.push(Note::ReductionByHand);
                    format!(
                        "{head}    per_pixel = sigmoid_focal_loss(logits, target, alpha={a}, gamma={g}, reduction=\"none\")\n{DIMS}    return (per_pixel.sum(dims) / target.sum(dims).clamp(min=1)).mean()\n"
                    )
                }
            }
        }
        LossConfig::Dice(d) => format!(
            "{TORCH}\n\ndef loss_fn(logits, target):\n{}    return dice.mean()\n",
            torch_dice_lines(d)
        ),
        LossConfig::Iou(p) => {
            let complement = if p.empty == EmptyPolicy::Complement {
                "    empty = target.sum(dims, keepdim=True) == 0  # the article scores 1 - y, 1 - p then\n    target = torch.where(empty, 1 - target, target)\n    p = torch.where(empty, 1 - p, p)\n"
            } else {
                ""
            };
            format!(
                "{TORCH}\n\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n{DIMS}{complement}    inter = (target * p).sum(dims)\n    union = target.sum(dims) + p.sum(dims) - inter\n    return (1 - (inter + {e}) / (union + {e})).mean()\n",
                e = py(p.eps)
            )
        }
        LossConfig::Tversky(t) => format!(
            "{TORCH}\n\ndef loss_fn(logits, target):\n{}    return (1 - t).mean()\n",
            torch_tversky_lines(t)
        ),
        LossConfig::FocalTversky(f) => {
            notes.push(Note::FocalTverskyExponent);
            format!(
                "{TORCH}\n\ndef loss_fn(logits, target):\n{}    return ((1 - t) ** {}).mean()\n",
                torch_tversky_lines(&f.tversky),
                py(f.gamma)
            )
        }
        LossConfig::SensitivitySpecificity(p) => torch_sens_spec(p.lambda, p.smooth),
        LossConfig::GeneralizedDice(p) => torch_gdl(p.smooth, p.weight_type, p.absent),
        LossConfig::BceDice(p) => {
            notes.push(Note::NoClip);
            format!(
                "{TORCH}\n\ndef loss_fn(logits, target):\n{}    bce = F.binary_cross_entropy_with_logits(logits, target, reduction=\"none\").mean(dims)\n    return ({wb} * bce + {wd} * dice).mean()\n",
                torch_dice_lines(&p.dice),
                wb = py(p.w_bce),
                wd = py(p.w_dice)
            )
        }
    }
}
