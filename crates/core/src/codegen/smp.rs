//! segmentation_models_pytorch.

use super::common::{dims_line, py, Library, Note};
use super::torch::{
    apply_call, balanced_note, pytorch, torch_balanced, torch_gdl, torch_sens_spec, PIXEL_MEAN,
};
use super::translations::{by_hand, scaled, tversky_swapped, tversky_weights};
use crate::params::{dice, dice_ce, iou};
use crate::{BatchReduction, EmptyPolicy, FocalReduction, LossConfig, LossName, PosWeight};

/// The notes on smp's region losses, which pool the batch (`dims = (0, 2)`): per image, the
/// snippet loops and an empty image scores 0; pooled, only an empty batch does.
fn region_notes(r: BatchReduction) -> &'static [Note] {
    match r {
        BatchReduction::PerImage => &[Note::PerImageLoop, Note::EmptyImageZero],
        BatchReduction::Pooled => &[Note::EmptyBatchZero],
    }
}

pub(super) const SMP: &str = "import torch\nimport segmentation_models_pytorch as smp\n";

/// The segmentation_models_pytorch snippet.
pub(super) fn smp(config: &LossConfig, r: BatchReduction, notes: &mut Vec<Note>) -> String {
    match config {
        LossConfig::Bce => {
            notes.push(Note::NoClip);
            format!("{SMP}\nloss_fn = smp.losses.SoftBCEWithLogitsLoss()  {PIXEL_MEAN}\n")
        }
        LossConfig::Wce(p) => {
            notes.push(Note::NoClip);
            match p.pos_weight {
                PosWeight::Fixed(w) => format!(
                    "{SMP}\n{PIXEL_MEAN}\nloss_fn = smp.losses.SoftBCEWithLogitsLoss(pos_weight=torch.tensor({}))\n",
                    py(w)
                ),
                PosWeight::Balanced => {
                    notes.push(balanced_note(r));
                    format!("{SMP}{}", torch_balanced("smp.losses.SoftBCEWithLogitsLoss", r))
                }
            }
        }
        LossConfig::Focal(p) => {
            notes.push(Note::NoClip);
            let (a, g) = (py(p.alpha), py(p.gamma));
            match (p.reduction, r) {
                (FocalReduction::Mean, _) => format!(
                    "{SMP}\n{PIXEL_MEAN}\nloss_fn = smp.losses.FocalLoss(mode=\"binary\", alpha={a}, gamma={g}, reduction=\"mean\")  # alpha on y = 1\n"
                ),
                (FocalReduction::Sum, BatchReduction::Pooled) => format!(
                    "{SMP}\n# the article's sum over pixels, pooled: over the whole batch\nloss_fn = smp.losses.FocalLoss(mode=\"binary\", alpha={a}, gamma={g}, reduction=\"sum\")  # alpha on y = 1\n"
                ),
                (FocalReduction::Sum, BatchReduction::PerImage) => format!(
                    "{SMP}\nfocal = smp.losses.FocalLoss(mode=\"binary\", alpha={a}, gamma={g}, reduction=\"sum\")  # alpha on y = 1\n\n\ndef loss_fn(logits, target):\n    # the article's sum over pixels, per image; mean over images\n    return focal(logits, target) / logits.shape[0]\n"
                ),
                (FocalReduction::PerPositive, _) => {
                    notes.push(Note::ReductionByHand);
                    format!(
                        "{SMP}\nfocal = smp.losses.FocalLoss(mode=\"binary\", alpha={a}, gamma={g}, reduction=\"none\")  # alpha on y = 1\n\n\ndef loss_fn(logits, target):\n    per_pixel = focal(logits, target).view_as(target)\n{dims}    return (per_pixel.sum(dims) / target.sum(dims).clamp(min=1)).mean()\n",
                        dims = dims_line(r)
                    )
                }
            }
        }
        LossConfig::Dice(d) => {
            if d.squared {
                notes.extend(by_hand(Library::Smp, LossName::Dice, &dice::SQUARED));
                return pytorch(config, r, notes);
            }
            let theirs = scaled(Library::Smp, LossName::Dice, &dice::SMOOTH, d.smooth);
            notes.push(Note::SmoothTranslated { ours: d.smooth, theirs });
            notes.extend_from_slice(region_notes(r));
            format!("{SMP}\n{}{}", dice_object(theirs, "smooth"), apply_call("dice", false, r))
        }
        LossConfig::Iou(p) => {
            notes.extend_from_slice(region_notes(r));
            let complement = p.empty == EmptyPolicy::Complement;
            if complement {
                notes.extend(by_hand(Library::Smp, LossName::Iou, &iou::EMPTY));
            }
            format!(
                "{SMP}\njaccard = smp.losses.JaccardLoss(mode=\"binary\", from_logits=True, smooth={})\n{}",
                py(p.eps),
                apply_call("jaccard", complement, r)
            )
        }
        LossConfig::Tversky(t) => {
            if tversky_swapped(Library::Smp, LossName::Tversky) {
                notes.push(Note::TverskySwapped);
            }
            notes.extend_from_slice(region_notes(r));
            notes.push(Note::HardTargetsOnly);
            format!(
                "{SMP}\n# smp's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\ntversky = smp.losses.TverskyLoss(mode=\"binary\", from_logits=True, {w}, gamma=1.0, smooth={s})\n{}",
                apply_call("tversky", false, r),
                a = py(t.alpha),
                b = py(t.beta),
                w = tversky_weights(Library::Smp, LossName::Tversky, t),
                s = py(t.smooth)
            )
        }
        LossConfig::FocalTversky(f) => {
            if tversky_swapped(Library::Smp, LossName::FocalTversky) {
                notes.push(Note::TverskySwapped);
            }
            notes.push(Note::FocalTverskyExponent);
            notes.extend_from_slice(region_notes(r));
            notes.push(Note::HardTargetsOnly);
            let t = f.tversky;
            format!(
                "{SMP}\n# smp's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\nfocal_tversky = smp.losses.TverskyLoss(mode=\"binary\", from_logits=True, {w}, gamma={g}, smooth={s})\n{}",
                apply_call("focal_tversky", false, r),
                a = py(t.alpha),
                b = py(t.beta),
                w = tversky_weights(Library::Smp, LossName::FocalTversky, &t),
                s = py(t.smooth),
                g = py(f.gamma)
            )
        }
        LossConfig::SensitivitySpecificity(p) => {
            notes.push(Note::Handwritten);
            torch_sens_spec(p.lambda, p.smooth, r)
        }
        LossConfig::GeneralizedDice(p) => {
            notes.push(Note::Handwritten);
            torch_gdl(p.smooth, p.weight_type, p.absent, r)
        }
        LossConfig::BceDice(p) => {
            notes.push(Note::NoClip);
            if p.dice.squared {
                notes.extend(by_hand(Library::Smp, LossName::BceDice, &dice::SQUARED));
                return pytorch(config, r, notes);
            }
            let theirs = scaled(Library::Smp, LossName::BceDice, &dice::SMOOTH, p.dice.smooth);
            notes.push(Note::SmoothTranslated { ours: p.dice.smooth, theirs });
            notes.extend_from_slice(region_notes(r));
            format!(
                "{SMP}\nbce = smp.losses.SoftBCEWithLogitsLoss()\n{}\n\ndef loss_fn(logits, target):\n{}",
                dice_object(theirs, "smooth"),
                weighted_parts([(p.w_bce, "bce"), (p.w_dice, "dice")], r)
            )
        }
        LossConfig::DiceCe(p) => {
            let ce = format!(
                "ce = smp.losses.SoftBCEWithLogitsLoss(pos_weight=torch.tensor({}))  # MONAI's one-channel CE\n",
                py(p.pos_weight)
            );
            let parts = [(p.w_ce, "ce"), (p.w_dice, "dice")];
            with_dice(config, (p.smooth_nr, p.smooth_dr), &ce, parts, r, notes)
        }
        LossConfig::DiceFocal(p) => {
            let (alpha, which) = match p.alpha {
                Some(a) => (py(a), "alpha on y = 1"),
                None => ("None".into(), "no alpha weighting (MONAI's default)"),
            };
            let focal = format!(
                "focal = smp.losses.FocalLoss(mode=\"binary\", alpha={alpha}, gamma={})  # {which}; a mean over pixels\n",
                py(p.gamma)
            );
            let parts = [(p.w_focal, "focal"), (p.w_dice, "dice")];
            with_dice(config, (p.smooth_nr, p.smooth_dr), &focal, parts, r, notes)
        }
        LossConfig::LovaszHinge => {
            notes.extend([Note::Float32, Note::UnstableTies]);
            let (per_image, comment) = match r {
                BatchReduction::PerImage => ("True", "per image, then the mean over the batch"),
                BatchReduction::Pooled => {
                    ("False", "pooled: one order over the whole batch (smp's default)")
                }
            };
            format!(
                "{SMP}\nlovasz = smp.losses.LovaszLoss(mode=\"binary\", per_image={per_image})  # {comment}\n\n\ndef loss_fn(logits, target):\n    # smp's _lovasz_grad casts its cumulative sums to float32: float64 logits would fail\n    return lovasz(logits.float(), target.float()).to(logits.dtype)\n"
            )
        }
        // smp has none of these: torch's formulas.
        LossConfig::TopkCe(_)
        | LossConfig::LogCoshDice(_)
        | LossConfig::Combo(_)
        | LossConfig::UnifiedFocal(_)
        | LossConfig::Boundary(_)
        | LossConfig::HausdorffDt(_)
        | LossConfig::Cldice(_)
        | LossConfig::DiceCldice(_) => {
            notes.push(Note::Handwritten);
            pytorch(config, r, notes)
        }
    }
}

/// smp's `DiceLoss` object `dice` for smp's smoothing `theirs` (losslab's `ours_name` / 2).
fn dice_object(theirs: f64, ours_name: &str) -> String {
    format!(
        "# smp's Dice is (TP + s)/((sum y + sum p)/2 + s): s = losslab's {ours_name} / 2\ndice = smp.losses.DiceLoss(mode=\"binary\", from_logits=True, smooth={})\n",
        py(theirs)
    )
}

/// `w₁·a(z, y) + w₂·b(z, y)` of two smp loss objects: looped over the images (smp's Dice
/// pools the batch), or once on the whole batch (pooled).
fn weighted_parts(parts: [(f64, &str); 2], r: BatchReduction) -> String {
    let [(w1, a), (w2, b)] = parts;
    let sum = |z: &str, y: &str| format!("{} * {a}({z}, {y}) + {} * {b}({z}, {y})", py(w1), py(w2));
    match r {
        BatchReduction::PerImage => format!(
            "    losses = []\n    for z, y in zip(logits, target):\n        z, y = z[None], y[None]\n        losses.append({})\n    return torch.stack(losses).mean()\n",
            sum("z", "y")
        ),
        BatchReduction::Pooled => format!(
            "    # pooled: smp's Dice sums over the whole batch\n    return {}\n",
            sum("logits", "target")
        ),
    }
}

/// MONAI's Dice + another part (`other`, an smp object line) as smp's `DiceLoss` and that
/// part: smp has one `smooth`, so MONAI's two must be equal (else the whole loss is torch's).
fn with_dice(
    config: &LossConfig,
    (smooth_nr, smooth_dr): (f64, f64),
    other: &str,
    parts: [(f64, &str); 2],
    r: BatchReduction,
    notes: &mut Vec<Note>,
) -> String {
    if smooth_nr != smooth_dr {
        notes.push(Note::NotExpressible { setting: dice_ce::SMOOTH_DR.key });
        return pytorch(config, r, notes);
    }
    let theirs = scaled(Library::Smp, config.name(), &dice_ce::SMOOTH_NR, smooth_nr);
    notes.push(Note::SmoothTranslated { ours: smooth_nr, theirs });
    notes.extend_from_slice(region_notes(r));
    notes.push(Note::HardTargetsOnly);
    format!(
        "{SMP}\n{other}{}\n\ndef loss_fn(logits, target):\n{}",
        dice_object(theirs, "smooth_nr = smooth_dr"),
        weighted_parts(parts, r)
    )
}
