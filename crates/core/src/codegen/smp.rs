//! segmentation_models_pytorch.

use super::common::{by_hand, py, scaled, tversky_swapped, tversky_weights, Library, Note};
use super::torch::{per_image, pytorch, torch_balanced, torch_gdl, torch_sens_spec, DIMS};
use crate::params::{dice, iou};
use crate::{EmptyPolicy, FocalReduction, LossConfig, LossName, PosWeight};

pub(super) const SMP: &str = "import torch\nimport segmentation_models_pytorch as smp\n";

/// The segmentation_models_pytorch snippet.
pub(super) fn smp(config: &LossConfig, notes: &mut Vec<Note>) -> String {
    match config {
        LossConfig::Bce => {
            notes.push(Note::NoClip);
            format!("{SMP}\nloss_fn = smp.losses.SoftBCEWithLogitsLoss()\n")
        }
        LossConfig::Wce(p) => {
            notes.push(Note::NoClip);
            match p.pos_weight {
                PosWeight::Fixed(w) => format!(
                    "{SMP}\nloss_fn = smp.losses.SoftBCEWithLogitsLoss(pos_weight=torch.tensor({}))\n",
                    py(w)
                ),
                PosWeight::Balanced => {
                    notes.push(Note::BalancedPerImage);
                    format!("{SMP}{}", torch_balanced("smp.losses.SoftBCEWithLogitsLoss"))
                }
            }
        }
        LossConfig::Focal(p) => {
            notes.push(Note::NoClip);
            let (a, g) = (py(p.alpha), py(p.gamma));
            match p.reduction {
                FocalReduction::Mean => format!(
                    "{SMP}\nloss_fn = smp.losses.FocalLoss(mode=\"binary\", alpha={a}, gamma={g}, reduction=\"mean\")  # alpha on y = 1\n"
                ),
                FocalReduction::Sum => format!(
                    "{SMP}\nfocal = smp.losses.FocalLoss(mode=\"binary\", alpha={a}, gamma={g}, reduction=\"sum\")  # alpha on y = 1\n\n\ndef loss_fn(logits, target):\n    # the article's sum over pixels, per image; mean over images\n    return focal(logits, target) / logits.shape[0]\n"
                ),
                FocalReduction::PerPositive => {
                    notes.push(Note::ReductionByHand);
                    format!(
                        "{SMP}\nfocal = smp.losses.FocalLoss(mode=\"binary\", alpha={a}, gamma={g}, reduction=\"none\")  # alpha on y = 1\n\n\ndef loss_fn(logits, target):\n    per_pixel = focal(logits, target).view_as(target)\n{DIMS}    return (per_pixel.sum(dims) / target.sum(dims).clamp(min=1)).mean()\n"
                    )
                }
            }
        }
        LossConfig::Dice(d) => {
            if d.squared {
                notes.extend(by_hand(Library::Smp, LossName::Dice, &dice::SQUARED));
                return pytorch(config, notes);
            }
            let theirs = scaled(Library::Smp, LossName::Dice, &dice::SMOOTH, d.smooth);
            notes.push(Note::SmoothTranslated { ours: d.smooth, theirs });
            notes.push(Note::PerImageLoop);
            notes.push(Note::EmptyImageZero);
            format!(
                "{SMP}\n# smp's Dice is (TP + s)/((sum y + sum p)/2 + s): s = losslab's smooth / 2\ndice = smp.losses.DiceLoss(mode=\"binary\", from_logits=True, smooth={})\n{}",
                py(theirs),
                per_image("dice", false)
            )
        }
        LossConfig::Iou(p) => {
            notes.push(Note::PerImageLoop);
            notes.push(Note::EmptyImageZero);
            let complement = p.empty == EmptyPolicy::Complement;
            if complement {
                notes.extend(by_hand(Library::Smp, LossName::Iou, &iou::EMPTY));
            }
            format!(
                "{SMP}\njaccard = smp.losses.JaccardLoss(mode=\"binary\", from_logits=True, smooth={})\n{}",
                py(p.eps),
                per_image("jaccard", complement)
            )
        }
        LossConfig::Tversky(t) => {
            if tversky_swapped(Library::Smp, LossName::Tversky) {
                notes.push(Note::TverskySwapped);
            }
            notes.extend([Note::PerImageLoop, Note::EmptyImageZero, Note::HardTargetsOnly]);
            format!(
                "{SMP}\n# smp's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\ntversky = smp.losses.TverskyLoss(mode=\"binary\", from_logits=True, {w}, gamma=1.0, smooth={s})\n{}",
                per_image("tversky", false),
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
            notes.extend([
                Note::FocalTverskyExponent,
                Note::PerImageLoop,
                Note::EmptyImageZero,
                Note::HardTargetsOnly,
            ]);
            let t = f.tversky;
            format!(
                "{SMP}\n# smp's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\nfocal_tversky = smp.losses.TverskyLoss(mode=\"binary\", from_logits=True, {w}, gamma={g}, smooth={s})\n{}",
                per_image("focal_tversky", false),
                a = py(t.alpha),
                b = py(t.beta),
                w = tversky_weights(Library::Smp, LossName::FocalTversky, &t),
                s = py(t.smooth),
                g = py(f.gamma)
            )
        }
        LossConfig::SensitivitySpecificity(p) => {
            notes.push(Note::Handwritten);
            torch_sens_spec(p.lambda, p.smooth)
        }
        LossConfig::GeneralizedDice(p) => {
            notes.push(Note::Handwritten);
            torch_gdl(p.smooth, p.weight_type, p.absent)
        }
        LossConfig::BceDice(p) => {
            notes.push(Note::NoClip);
            if p.dice.squared {
                notes.extend(by_hand(Library::Smp, LossName::BceDice, &dice::SQUARED));
                return pytorch(config, notes);
            }
            let theirs = scaled(Library::Smp, LossName::BceDice, &dice::SMOOTH, p.dice.smooth);
            notes.push(Note::SmoothTranslated { ours: p.dice.smooth, theirs });
            notes.push(Note::PerImageLoop);
            notes.push(Note::EmptyImageZero);
            format!(
                "{SMP}\nbce = smp.losses.SoftBCEWithLogitsLoss()\n# smp's Dice is (TP + s)/((sum y + sum p)/2 + s): s = losslab's smooth / 2\ndice = smp.losses.DiceLoss(mode=\"binary\", from_logits=True, smooth={s})\n\n\ndef loss_fn(logits, target):\n    losses = []\n    for z, y in zip(logits, target):\n        z, y = z[None], y[None]\n        losses.append({wb} * bce(z, y) + {wd} * dice(z, y))\n    return torch.stack(losses).mean()\n",
                s = py(theirs),
                wb = py(p.w_bce),
                wd = py(p.w_dice)
            )
        }
    }
}
