//! segmentation_models_pytorch.

use super::common::{
    by_hand, dims_line, py, scaled, tversky_swapped, tversky_weights, Library, Note,
};
use super::torch::{
    apply_call, balanced_note, pytorch, torch_balanced, torch_gdl, torch_sens_spec, PIXEL_MEAN,
};
use crate::params::{dice, iou};
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
            format!(
                "{SMP}\n# smp's Dice is (TP + s)/((sum y + sum p)/2 + s): s = losslab's smooth / 2\ndice = smp.losses.DiceLoss(mode=\"binary\", from_logits=True, smooth={})\n{}",
                py(theirs),
                apply_call("dice", false, r)
            )
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
            let body = match r {
                BatchReduction::PerImage => "    losses = []\n    for z, y in zip(logits, target):\n        z, y = z[None], y[None]\n        losses.append({wb} * bce(z, y) + {wd} * dice(z, y))\n    return torch.stack(losses).mean()\n",
                BatchReduction::Pooled => "    # pooled: smp's Dice sums over the whole batch\n    return {wb} * bce(logits, target) + {wd} * dice(logits, target)\n",
            };
            let body = body.replace("{wb}", &py(p.w_bce)).replace("{wd}", &py(p.w_dice));
            format!(
                "{SMP}\nbce = smp.losses.SoftBCEWithLogitsLoss()\n# smp's Dice is (TP + s)/((sum y + sum p)/2 + s): s = losslab's smooth / 2\ndice = smp.losses.DiceLoss(mode=\"binary\", from_logits=True, smooth={s})\n\n\ndef loss_fn(logits, target):\n{body}",
                s = py(theirs),
            )
        }
        LossConfig::DiceCe(_)
        | LossConfig::DiceFocal(_)
        | LossConfig::TopkCe(_)
        | LossConfig::LovaszHinge
        | LossConfig::LogCoshDice(_)
        | LossConfig::Combo(_)
        | LossConfig::UnifiedFocal(_) => {
            super::added::snippet(config, super::common::Library::Smp, r, notes)
        }
    }
}
