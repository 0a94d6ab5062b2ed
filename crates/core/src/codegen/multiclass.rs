//! Code export of a multi-class [`McConfig`] (`multiclass.md`) for PyTorch, MONAI, smp and
//! Keras: each snippet states `include_background`, `batch`, the activation and the absent-class
//! behaviour in its call or its comments, and carries a [`Note`] where the library cannot
//! express a setting (then the snippet is the formula in the library's tensor ops):
//!
//! - PyTorch and Keras have no multi-class Dice: written by hand ([`Note::Handwritten`]);
//!   torch's `F.cross_entropy` is the CE ([`Note::NoClip`]: its log is not clipped at 1e-7).
//! - MONAI: `DiceLoss`, `DiceLoss(jaccard=True)`, `TverskyLoss`, `GeneralizedDiceLoss` (absent
//!   `max`, its weights without `ε_w`: [`Note::GdlWeights`]), `FocalLoss(use_softmax=True)`
//!   ([`Note::Float32`]), `DiceCELoss`, and `DiceLoss + FocalLoss` for Dice + focal (MONAI's
//!   `DiceFocalLoss` uses the sigmoid focal loss). MONAI cannot zero absent classes
//!   (`absent = "zero"`) nor raise the class mean to a power (focal Tversky); its
//!   `reduction="sum"` also sums over images, so per image the snippet divides by `B`.
//! - smp: `DiceLoss`, `JaccardLoss`, `TverskyLoss` in `"multiclass"` (softmax) or
//!   `"multilabel"` (sigmoid) mode, which pool the batch and zero absent classes: per image
//!   the snippet calls it on each image ([`Note::PerImageLoop`]); `absent = "keep"`, the
//!   squared denominator, generalized Dice, CE, focal and the compounds are written by hand.
//!
//! Inputs: torch, MONAI, smp `loss_fn(logits, labels)` (`[B, C, H, W]` logits, `[B, H, W]`
//! integer labels; with sigmoid `loss_fn(logits, target)`, target `[B, C, H, W]`); Keras
//! `loss_fn(y_true, y_pred)` channels last (`[B, H, W, C]`, `y_pred` probabilities). For one
//! channel (`C = 1`) use the binary export ([`super::snippet`]).

use super::common::{py, Library, Note, Snippet};
use super::multiclass_hand::{hand, Ops};
use crate::eval::BatchReduction;
use crate::params::multiclass::{
    Absent, Activation, ClassReduction, DiceTerm, McConfig, McLoss, RegionTerm, SoftmaxFocal,
};
use crate::AbsentPolicy;
use crate::WeightType;

/// The snippet of `config` for `library`.
pub fn mc_snippet(config: &McConfig, library: Library) -> Snippet {
    let mut notes = Vec::new();
    let code = match library {
        Library::Pytorch => torch(config, &mut notes),
        Library::Monai => monai(config, &mut notes),
        Library::Smp => smp(config, &mut notes),
        Library::Keras => {
            notes.push(Note::Handwritten);
            notes.push(Note::Probabilities);
            hand(Ops::Keras, config)
        }
    };
    let mut unique: Vec<Note> = Vec::with_capacity(notes.len());
    for note in notes {
        if !unique.contains(&note) {
            unique.push(note);
        }
    }
    Snippet { library, reduction: config.aggregation.batch, code, notes: unique }
}

/// Every library's snippet of `config`, in [`Library::ALL`] order.
pub fn mc_snippets(config: &McConfig) -> Vec<Snippet> {
    Library::ALL.iter().map(|&l| mc_snippet(config, l)).collect()
}

/// The plain torch snippet: the formulas with torch ops, `F.cross_entropy` for CE.
fn torch(config: &McConfig, notes: &mut Vec<Note>) -> String {
    if !matches!(config.loss, McLoss::Ce { .. }) {
        notes.push(Note::Handwritten);
    }
    if matches!(config.loss, McLoss::Ce { .. } | McLoss::DiceCe { .. }) {
        notes.push(Note::NoClip);
    }
    if matches!(config.loss, McLoss::Focal(_) | McLoss::DiceFocal { .. }) {
        notes.push(Note::NoClip);
    }
    hand(Ops::Torch, config)
}

/// The hand-written torch text in a library's snippet, with the note of what the library
/// cannot express.
fn fallback(config: &McConfig, setting: &'static str, notes: &mut Vec<Note>) -> String {
    notes.push(Note::NotExpressible { setting });
    torch(config, notes)
}

fn bool_py(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// MONAI's common arguments: background, activation, labels, batch.
fn monai_args(config: &McConfig) -> String {
    let agg = config.aggregation;
    let activation = match agg.activation {
        Activation::Softmax => "softmax=True, to_onehot_y=True",
        Activation::Sigmoid => "sigmoid=True",
    };
    let batch = match agg.batch {
        BatchReduction::PerImage => "batch=False",
        BatchReduction::Pooled => "batch=True",
    };
    format!("include_background={}, {activation}, {batch}", bool_py(agg.include_background))
}

/// `def loss_fn` applying the MONAI objects of `body` (an expression of `logits`, `y`).
fn monai_loss_fn(config: &McConfig, body: &str) -> String {
    let (args, y) = match config.aggregation.activation {
        Activation::Softmax => ("logits, labels", "labels[:, None]  # [B, 1, H, W] class indices"),
        Activation::Sigmoid => ("logits, target", "target  # [B, C, H, W]"),
    };
    format!("\n\n\ndef loss_fn({args}):\n    y = {y}\n    return {body}\n")
}

/// The comment on MONAI's absent classes and batch.
fn monai_comment(config: &McConfig) -> String {
    let batch = match config.aggregation.batch {
        BatchReduction::PerImage => "batch=False: one value per image and class, then the mean",
        BatchReduction::Pooled => "batch=True: the sums run over the whole batch (pooled)",
    };
    format!("# {batch}; absent=\"keep\": a class absent from a unit keeps its formula (≈ 1 when predicted)\n")
}

fn monai(config: &McConfig, notes: &mut Vec<Note>) -> String {
    const M: &str = "import torch\nfrom monai.losses import ";
    let region_ok = config.aggregation.absent == Absent::Keep;
    let sum = config.aggregation.class_reduction == ClassReduction::Sum;
    let reduction = if sum { "reduction=\"sum\"" } else { "reduction=\"mean\"" };
    // MONAI's sum also runs over the images: per image, divide by B.
    let per_b = if sum && config.aggregation.batch == BatchReduction::PerImage {
        " / logits.shape[0]  # MONAI's \"sum\" also sums the images"
    } else {
        ""
    };
    let args = monai_args(config);
    let comment = monai_comment(config);
    match &config.loss {
        McLoss::Region(_) | McLoss::DiceCe { .. } | McLoss::DiceFocal { .. } if !region_ok => {
            fallback(config, "absent", notes)
        }
        McLoss::Region(RegionTerm::Dice(DiceTerm { smooth_nr, smooth_dr, squared })) => format!(
            "{M}DiceLoss\n\n{comment}dice = DiceLoss({args}, smooth_nr={}, smooth_dr={}, squared_pred={}, {reduction}){}",
            py(*smooth_nr),
            py(*smooth_dr),
            bool_py(*squared),
            monai_loss_fn(config, &format!("dice(logits, y){per_b}"))
        ),
        McLoss::Region(RegionTerm::Iou { eps }) => {
            let s = 2.0 * eps;
            notes.push(Note::SmoothTranslated { ours: *eps, theirs: s });
            format!(
                "{M}DiceLoss\n\n# MONAI's Jaccard is (2I + s)/(2U + s): s = 2 * eps\n{comment}jaccard = DiceLoss({args}, jaccard=True, smooth_nr={s}, smooth_dr={s}, {reduction}){}",
                monai_loss_fn(config, &format!("jaccard(logits, y){per_b}")),
                s = py(s)
            )
        }
        McLoss::Region(RegionTerm::Tversky(t)) => {
            notes.push(Note::TverskySwapped);
            format!(
                "{M}TverskyLoss\n\n# MONAI's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\n{comment}tversky = TverskyLoss({args}, alpha={b}, beta={a}, smooth_nr={s}, smooth_dr={s}, {reduction}){}",
                monai_loss_fn(config, &format!("tversky(logits, y){per_b}")),
                a = py(t.alpha),
                b = py(t.beta),
                s = py(t.smooth)
            )
        }
        McLoss::FocalTversky { .. } => fallback(config, "gamma", notes),
        McLoss::GeneralizedDice(p)
            if p.absent == AbsentPolicy::Max
                || (p.weight_type == WeightType::Uniform && p.absent != AbsentPolicy::Zero) =>
        {
            if p.weight_type != WeightType::Uniform {
                notes.push(Note::GdlWeights { policy: p.absent });
            }
            format!(
                "{M}GeneralizedDiceLoss\n\n# absent classes get the largest present weight (MONAI's rule)\ngdl = GeneralizedDiceLoss({args}, w_type=\"{}\", smooth_nr={s}, smooth_dr={s}){}",
                p.weight_type.as_str(),
                monai_loss_fn(config, "gdl(logits, y)"),
                s = py(p.smooth)
            )
        }
        McLoss::GeneralizedDice(_) => fallback(config, "absent", notes),
        McLoss::Ce { .. } => {
            // MONAI has no plain CE class: torch's is what MONAI users use.
            notes.push(Note::Handwritten);
            torch(config, notes)
        }
        McLoss::Focal(f) => {
            notes.push(Note::Float32);
            format!(
                "{M}FocalLoss\n\n# softmax over all channels, background included; a mean over B·C·H·W elements\nfocal = FocalLoss(include_background=True, to_onehot_y=True, use_softmax=True, {}, reduction=\"mean\"){}",
                focal_args(f),
                monai_loss_fn(config, "focal(logits, y)")
            )
        }
        McLoss::DiceCe { dice, w_dice, w_ce } if !sum => format!(
            "{M}DiceCELoss\n\n{comment}# the CE part always includes the background and is unweighted\ndice_ce = DiceCELoss({args}, smooth_nr={}, smooth_dr={}, squared_pred={}, lambda_dice={}, lambda_ce={}){}",
            py(dice.smooth_nr),
            py(dice.smooth_dr),
            bool_py(dice.squared),
            py(*w_dice),
            py(*w_ce),
            monai_loss_fn(config, "dice_ce(logits, y)")
        ),
        McLoss::DiceCe { .. } => fallback(config, "class_reduction", notes),
        McLoss::DiceFocal { dice, w_dice, w_focal, focal } => {
            notes.push(Note::Float32);
            format!(
                "{M}DiceLoss, FocalLoss\n\n# MONAI's DiceFocalLoss uses the sigmoid focal loss whatever softmax says: the two parts instead\n{comment}dice = DiceLoss({args}, smooth_nr={}, smooth_dr={}, squared_pred={}, {reduction})\nfocal = FocalLoss(include_background=True, to_onehot_y=True, use_softmax=True, {}, reduction=\"mean\"){}",
                py(dice.smooth_nr),
                py(dice.smooth_dr),
                bool_py(dice.squared),
                focal_args(focal),
                monai_loss_fn(
                    config,
                    &format!("{} * dice(logits, y){per_b} + {} * focal(logits, y)", py(*w_dice), py(*w_focal))
                )
            )
        }
    }
}

fn focal_args(f: &SoftmaxFocal) -> String {
    match f.alpha {
        None => format!("gamma={}", py(f.gamma)),
        Some(a) => format!("gamma={}, alpha={}", py(f.gamma), py(a)),
    }
}

fn smp(config: &McConfig, notes: &mut Vec<Note>) -> String {
    let agg = config.aggregation;
    let (object, gamma_note) = match &config.loss {
        McLoss::Region(RegionTerm::Dice(d)) if !d.squared && d.smooth_nr == d.smooth_dr => {
            let theirs = d.smooth_nr / 2.0;
            notes.push(Note::SmoothTranslated { ours: d.smooth_nr, theirs });
            (format!("smp.losses.DiceLoss({{mode}}, smooth={})", py(theirs)), "")
        }
        McLoss::Region(RegionTerm::Dice(_)) => return fallback(config, "squared", notes),
        McLoss::Region(RegionTerm::Iou { eps }) => {
            (format!("smp.losses.JaccardLoss({{mode}}, smooth={})", py(*eps)), "")
        }
        McLoss::Region(RegionTerm::Tversky(t)) => {
            notes.push(Note::TverskySwapped);
            let w = format!("alpha={}, beta={}, smooth={}", py(t.beta), py(t.alpha), py(t.smooth));
            (format!("smp.losses.TverskyLoss({{mode}}, {w}, gamma=1.0)"), "")
        }
        McLoss::FocalTversky { tversky: t, gamma } => {
            notes.push(Note::TverskySwapped);
            let w = format!("alpha={}, beta={}, smooth={}", py(t.beta), py(t.alpha), py(t.smooth));
            let g = py(*gamma);
            (
                format!("smp.losses.TverskyLoss({{mode}}, {w}, gamma={g})"),
                "  # (mean over classes) ** gamma",
            )
        }
        _ => {
            notes.push(Note::Handwritten);
            return torch(config, notes);
        }
    };
    if agg.absent == Absent::Keep {
        return fallback(config, "absent", notes);
    }
    let mode = match agg.activation {
        Activation::Softmax => "\"multiclass\"",
        Activation::Sigmoid => "\"multilabel\"",
    };
    let classes = if agg.include_background || config.classes == 1 {
        "None".to_string()
    } else {
        format!("list(range(1, {}))", config.classes)
    };
    let object = object.replace("{mode}", &format!("{mode}, classes={classes}, from_logits=True"));
    let times = match agg.class_reduction {
        ClassReduction::Mean => String::new(),
        ClassReduction::Sum => {
            format!(" * {}  # class_reduction=\"sum\": smp takes the mean", config.kept().len())
        }
    };
    let y = match agg.activation {
        Activation::Softmax => "labels",
        Activation::Sigmoid => "target",
    };
    let head = format!(
        "import torch\nimport segmentation_models_pytorch as smp\n\n# include_background={}: classes={classes}; absent=\"zero\": smp scores a class with no target pixel in the unit 0, still in the mean\nloss = {object}{gamma_note}\n",
        bool_py(agg.include_background)
    );
    match agg.batch {
        BatchReduction::Pooled => format!(
            "{head}\n\ndef loss_fn(logits, {y}):\n    return loss(logits, {y}){times}  # batch=\"pooled\": smp's sums run over the whole batch\n"
        ),
        BatchReduction::PerImage => {
            notes.push(Note::PerImageLoop);
            format!(
                "{head}\n\ndef loss_fn(logits, {y}):\n    # batch=\"per_image\": smp pools what it is given, so it is called on each image\n    per_image = [loss(logits[b:b + 1], {y}[b:b + 1]) for b in range(logits.shape[0])]\n    return torch.stack(per_image).mean(){times}\n"
            )
        }
    }
}
