//! MONAI.

use super::common::{dims_line, monai_batch, py, Library, Note};
use super::torch::{apply_call, pytorch, torch_gdl, torch_sens_spec, PIXEL_MEAN};
use super::translations::{by_hand, scaled, tversky_swapped, tversky_weights};
use crate::params::{focal_tversky, iou};
use crate::{
    AbsentPolicy, BatchReduction, CldiceParams, EmptyPolicy, FocalReduction, LossConfig, LossName,
    WeightType,
};

pub(super) const MONAI: &str = "import torch\nfrom monai.losses import ";

/// The MONAI snippet. `batch=True` (pooled) or `batch=False` (per image) on every region
/// loss.
pub(super) fn monai(config: &LossConfig, r: BatchReduction, notes: &mut Vec<Note>) -> String {
    let batch = monai_batch(r);
    let bc = match r {
        BatchReduction::PerImage => {
            "# batch=False: one value per image, then the mean over the batch\n"
        }
        BatchReduction::Pooled => "# batch=True: the sums run over the whole batch (pooled)\n",
    };
    match config {
        LossConfig::Bce | LossConfig::Wce(_) => {
            // MONAI has no plain (weighted) BCE loss class: torch's is what MONAI users use.
            notes.push(Note::Handwritten);
            pytorch(config, r, notes)
        }
        LossConfig::Focal(p) => {
            notes.push(Note::NoClip);
            let (a, g) = (py(p.alpha), py(p.gamma));
            match p.reduction {
                FocalReduction::Mean => format!(
                    "{MONAI}FocalLoss\n\n{PIXEL_MEAN}\nloss_fn = FocalLoss(gamma={g}, alpha={a}, reduction=\"mean\")  # alpha on y = 1\n"
                ),
                FocalReduction::Sum | FocalReduction::PerPositive => {
                    notes.push(Note::MonaiFocalSum);
                    let per = if p.reduction == FocalReduction::Sum {
                        "per_pixel.sum(dims)"
                    } else {
                        "per_pixel.sum(dims) / target.sum(dims).clamp(min=1)"
                    };
                    format!(
                        "{MONAI}FocalLoss\n\nfocal = FocalLoss(gamma={g}, alpha={a}, reduction=\"none\")  # alpha on y = 1\n\n\ndef loss_fn(logits, target):\n    per_pixel = focal(logits, target)\n{dims}    return ({per}).mean()\n",
                        dims = dims_line(r)
                    )
                }
            }
        }
        LossConfig::Dice(d) => format!(
            "{MONAI}DiceLoss\n\n{bc}loss_fn = DiceLoss(sigmoid=True, smooth_nr={s}, smooth_dr={s}, squared_pred={sq}, {batch})\n",
            s = py(d.smooth),
            sq = if d.squared { "True" } else { "False" }
        ),
        LossConfig::Iou(p) => {
            let s = scaled(Library::Monai, LossName::Iou, &iou::EPS, p.eps);
            notes.push(Note::SmoothTranslated { ours: p.eps, theirs: s });
            let object = format!(
                "{MONAI}DiceLoss\n\n# MONAI's Jaccard is (2I + s)/(2U + s): s = 2 * eps\n{bc}jaccard = DiceLoss(sigmoid=True, jaccard=True, smooth_nr={s}, smooth_dr={s}, {batch})\n",
                s = py(s)
            );
            match p.empty {
                EmptyPolicy::Complement => {
                    notes.extend(by_hand(Library::Monai, LossName::Iou, &iou::EMPTY));
                    format!("{object}{}", apply_call("jaccard", true, r))
                }
                EmptyPolicy::Plain => format!("{object}loss_fn = jaccard\n"),
            }
        }
        LossConfig::Tversky(t) => {
            if tversky_swapped(Library::Monai, LossName::Tversky) {
                notes.push(Note::TverskySwapped);
            }
            format!(
                "{MONAI}TverskyLoss\n\n# MONAI's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\n{bc}loss_fn = TverskyLoss(sigmoid=True, {w}, smooth_nr={s}, smooth_dr={s}, {batch})\n",
                a = py(t.alpha),
                b = py(t.beta),
                w = tversky_weights(Library::Monai, LossName::Tversky, t),
                s = py(t.smooth)
            )
        }
        LossConfig::FocalTversky(f) => {
            if tversky_swapped(Library::Monai, LossName::FocalTversky) {
                notes.push(Note::TverskySwapped);
            }
            notes.extend(by_hand(Library::Monai, LossName::FocalTversky, &focal_tversky::GAMMA));
            notes.push(Note::FocalTverskyExponent);
            let t = f.tversky;
            format!(
                "{MONAI}TverskyLoss\n\n# MONAI's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\n{bc}tversky = TverskyLoss(sigmoid=True, {w}, smooth_nr={s}, smooth_dr={s}, {batch}, reduction=\"none\")\n\n\ndef loss_fn(logits, target):\n    return (tversky(logits, target) ** {g}).mean()  # MONAI has no focal Tversky\n",
                a = py(t.alpha),
                b = py(t.beta),
                w = tversky_weights(Library::Monai, LossName::FocalTversky, &t),
                s = py(t.smooth),
                g = py(f.gamma)
            )
        }
        LossConfig::SensitivitySpecificity(p) => {
            notes.push(Note::Handwritten);
            torch_sens_spec(p.lambda, p.smooth, r)
        }
        LossConfig::GeneralizedDice(p) => {
            if p.weight_type == WeightType::Uniform || p.absent == AbsentPolicy::Max {
                let w = p.weight_type.as_str();
                if p.weight_type != WeightType::Uniform {
                    notes.push(Note::GdlWeights { policy: p.absent });
                }
                format!(
                    "{MONAI}GeneralizedDiceLoss\n\n{bc}gdl = GeneralizedDiceLoss(w_type=\"{w}\", smooth_nr={s}, smooth_dr={s}, {batch})\n\n\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n    # two classes: background, object\n    return gdl(torch.cat([1 - p, p], dim=1), torch.cat([1 - target, target], dim=1))\n",
                    s = py(p.smooth)
                )
            } else {
                notes.push(Note::GdlWeights { policy: p.absent });
                torch_gdl(p.smooth, p.weight_type, p.absent, r)
            }
        }
        LossConfig::BceDice(p) => {
            notes.push(Note::NoClip);
            format!(
                "{MONAI}DiceCELoss\n\n# single channel: the CE part is BCEWithLogitsLoss; MONAI's defaults are lambda_ce = lambda_dice = 1.0\n{bc}loss_fn = DiceCELoss(sigmoid=True, lambda_ce={wb}, lambda_dice={wd}, smooth_nr={s}, smooth_dr={s}, squared_pred={sq}, {batch})\n",
                wb = py(p.w_bce),
                wd = py(p.w_dice),
                s = py(p.dice.smooth),
                sq = if p.dice.squared { "True" } else { "False" }
            )
        }
        LossConfig::DiceCe(p) => format!(
            "{MONAI}DiceCELoss\n\n# one channel: the CE part is BCEWithLogitsLoss with pos_weight = weight; sigmoid=True feeds the Dice part only\n{bc}loss_fn = DiceCELoss(sigmoid=True, smooth_nr={nr}, smooth_dr={dr}, lambda_dice={wd}, lambda_ce={wc}, weight=torch.tensor([{w}]), {batch})\n",
            nr = py(p.smooth_nr),
            dr = py(p.smooth_dr),
            wd = py(p.w_dice),
            wc = py(p.w_ce),
            w = py(p.pos_weight)
        ),
        LossConfig::DiceFocal(p) => {
            notes.push(Note::Float32);
            let (alpha, which) = match p.alpha {
                Some(a) => (py(a), "alpha on y = 1"),
                None => ("None".into(), "no alpha weighting (MONAI's default)"),
            };
            format!(
                "{MONAI}DiceFocalLoss\n\n# MONAI computes the focal part in float32 (FocalLoss casts with input.float())\n{bc}loss_fn = DiceFocalLoss(sigmoid=True, smooth_nr={nr}, smooth_dr={dr}, gamma={g}, lambda_dice={wd}, lambda_focal={wf}, alpha={alpha}, {batch})  # {which}\n",
                nr = py(p.smooth_nr),
                dr = py(p.smooth_dr),
                g = py(p.gamma),
                wd = py(p.w_dice),
                wf = py(p.w_focal),
            )
        }
        // MONAI has none of these: torch's formulas.
        LossConfig::TopkCe(_)
        | LossConfig::LovaszHinge
        | LossConfig::LogCoshDice(_)
        | LossConfig::Combo(_)
        | LossConfig::UnifiedFocal(_)
        | LossConfig::Boundary(_) => {
            notes.push(Note::Handwritten);
            pytorch(config, r, notes)
        }
        LossConfig::HausdorffDt(p) => {
            notes.extend([Note::DistanceMapsOnCpu, Note::Float32]);
            format!(
                "{MONAI}HausdorffDTLoss\n\n# one channel: include_background=False would only warn and be ignored\n# the fields: SciPy's EDT on the CPU (cupy on a GPU), per image, cast to float32\n# {bm}: the fields are per image either way, and per image and pooled agree (equal image sizes)\nloss_fn = HausdorffDTLoss(alpha={a}, include_background=True, sigmoid=True, {batch})\n",
                a = py(p.alpha),
                bm = batch_mean(r)
            )
        }
        LossConfig::Cldice(c) => {
            let call = format!("SoftclDiceLoss({}, sigmoid=True)", cldice_args(c));
            match r {
                BatchReduction::PerImage => {
                    format!("{MONAI}SoftclDiceLoss\n\n{CLDICE_PER_IMAGE}loss_fn = {call}\n")
                }
                BatchReduction::Pooled => {
                    notes.push(Note::BatchAsChannels);
                    format!(
                        "{MONAI}SoftclDiceLoss\n\ncldice = {call}\n\n\ndef loss_fn(logits, target):\n{AS_CHANNELS}    return cldice(logits.transpose(0, 1), target.transpose(0, 1))\n"
                    )
                }
            }
        }
        LossConfig::DiceCldice(d) => {
            let c = &d.cldice;
            let a = py(d.alpha);
            match r {
                BatchReduction::PerImage => format!(
                    "{MONAI}SoftDiceclDiceLoss\n\n# alpha: the weight of clDice, L = (1 - alpha) * Dice + alpha * clDice\n{CLDICE_PER_IMAGE}loss_fn = SoftDiceclDiceLoss({args}, alpha={a}, sigmoid=True)\n",
                    args = cldice_args(c)
                ),
                BatchReduction::Pooled => {
                    notes.push(Note::BatchAsChannels);
                    format!(
                        "{MONAI}DiceLoss, SoftclDiceLoss\n\n# SoftDiceclDiceLoss is (1 - alpha) * DiceLoss + alpha * SoftclDiceLoss, the smoothing shared; it has no batch switch\n# batch=True: the Dice sums run over the whole batch (pooled)\ndice = DiceLoss(sigmoid=True, smooth_nr={nr}, smooth_dr={dr}, batch=True)\ncldice = SoftclDiceLoss({args}, sigmoid=True)\n\n\ndef loss_fn(logits, target):\n{AS_CHANNELS}    alpha = {a}  # the weight of clDice (MONAI's alpha)\n    return (1 - alpha) * dice(logits, target) + alpha * cldice(logits.transpose(0, 1), target.transpose(0, 1))\n",
                        nr = py(c.smooth_nr),
                        dr = py(c.smooth_dr),
                        args = cldice_args(c)
                    )
                }
            }
        }
    }
}

/// What MONAI 1.6's clDice losses do with a batch: each item's sums, then the mean.
const CLDICE_PER_IMAGE: &str = "# per image: MONAI 1.6 sums each image's channels and pixels, then takes the batch mean (it has no batch switch)\n";

/// The pooled clDice: the batch moved to the channels of one item.
const AS_CHANNELS: &str = "    # pooled: the batch as the channels of one item [1, B, H, W], so MONAI's sums run over the whole batch;\n    # the pooling runs per channel, so each image keeps its own skeleton\n";

/// `iter_=…, smooth_nr=…, smooth_dr=…, smooth=…`: clDice's arguments (`iter_` an int, as
/// MONAI demands).
fn cldice_args(c: &CldiceParams) -> String {
    format!(
        "iter_={}, smooth_nr={}, smooth_dr={}, smooth={}",
        c.iterations,
        py(c.smooth_nr),
        py(c.smooth_dr),
        py(c.smooth)
    )
}

/// Where the Hausdorff-DT loss's mean runs under `batch=`.
fn batch_mean(r: BatchReduction) -> &'static str {
    match r {
        BatchReduction::PerImage => "batch=False: each image's pixel mean, then the batch mean",
        BatchReduction::Pooled => "batch=True: pooled, one mean over the batch's pixels",
    }
}
