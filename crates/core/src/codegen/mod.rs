//! Code export: the current loss and parameters as Python for PyTorch (plain), MONAI,
//! segmentation_models_pytorch (smp) and Keras 3, with the parameters translated to each
//! library's convention, and notes where a library names, places or reduces things
//! differently or cannot express a setting.
//!
//! Pure text generation; the app shows it, `crates/core/tests/codegen.rs` checks the
//! translations, and `tools/oracle/check_snippets.py` runs the snippets against the real
//! libraries and compares with `losslab eval`.
//!
//! Every snippet defines `loss_fn` and reduces like the article: per image, then the mean
//! over the batch.
//! - PyTorch, MONAI, smp: `loss_fn(logits, target)`, both `[B, 1, H, W]` float tensors,
//!   `logits` before the sigmoid.
//! - Keras: `loss_fn(y_true, y_pred)`, `[B, H, W, 1]`, `y_pred` probabilities (after the
//!   sigmoid), as Keras losses take them.
//!
//! The conventions (checked against the libraries' sources: MONAI 1.6, smp 0.6, Keras 3.15,
//! and by `tools/oracle/make_golden.py`, which runs each library with these translations):
//! - Tversky: losslab (the article) puts `alpha` on false negatives, `beta` on false
//!   positives. MONAI's and smp's `alpha` weigh false positives: the two are swapped. Keras'
//!   `tversky` code multiplies false negatives by `alpha` (its docstring says the opposite):
//!   no swap.
//! - Focal `alpha` multiplies the `y = 1` term in torchvision, MONAI, smp and Keras alike.
//! - Smoothing: smp's Dice is `(TP + s)/((Σy + Σp)/2 + s)`, so losslab's `s` is smp's `2s`;
//!   MONAI's Jaccard is `(2I + s)/(2U + s)`, so losslab's `ε` is MONAI's `s/2`; Keras' Dice
//!   and Tversky have no smoothing (only `1e-7` in the denominator).
//! - Reductions: MONAI's `FocalLoss(reduction="sum")` averages over pixels first; smp's
//!   region losses pool the whole batch and score an empty image 0; Keras' `axis=None`
//!   pools the batch.

use crate::params::{dice, focal_tversky, iou};
use crate::{
    AbsentPolicy, DiceParams, EmptyPolicy, FocalReduction, LossConfig, PosWeight, TverskyParams,
    WeightType,
};
use std::fmt::Write as _;

/// A library the code is exported for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Library {
    /// Plain PyTorch (and torchvision for focal).
    Pytorch,
    /// MONAI.
    Monai,
    /// segmentation_models_pytorch.
    Smp,
    /// Keras 3.
    Keras,
}

impl Library {
    /// Every library, in the order the app shows them.
    pub const ALL: [Library; 4] = [Library::Pytorch, Library::Monai, Library::Smp, Library::Keras];

    /// The name in hooks (`data-code`).
    pub fn as_str(self) -> &'static str {
        match self {
            Library::Pytorch => "pytorch",
            Library::Monai => "monai",
            Library::Smp => "smp",
            Library::Keras => "keras",
        }
    }

    /// The library's name for people.
    pub fn title(self) -> &'static str {
        match self {
            Library::Pytorch => "PyTorch",
            Library::Monai => "MONAI",
            Library::Smp => "segmentation_models_pytorch",
            Library::Keras => "Keras 3",
        }
    }
}

/// Something a person must know about a snippet; the app words each kind (in its language).
#[derive(Debug, Clone, PartialEq)]
pub enum Note {
    /// The library's `alpha` weighs false positives: losslab's `alpha` (FN) and `beta` (FP)
    /// are passed as the library's `beta` and `alpha`.
    TverskySwapped,
    /// Keras' `tversky` puts `alpha` on false negatives in its code, unlike its docstring.
    KerasTverskyDocs,
    /// The library's smoothing sits elsewhere: losslab's value `ours` is written `theirs`.
    SmoothTranslated {
        /// losslab's value.
        ours: f64,
        /// The library's argument.
        theirs: f64,
    },
    /// The library's loss has no smoothing parameter (only `1e-7` in the denominator), so it
    /// is written by hand here.
    NoSmoothing,
    /// The library's built-in adds `1e-7` to the denominator: equal to smoothing 0 within 1e-7.
    EpsilonInDenominator,
    /// The library has no such loss: the snippet writes the formula with its tensor ops.
    Handwritten,
    /// The library pools the whole batch; the snippet loops over images to keep the article's
    /// per-image mean.
    PerImageLoop,
    /// The library scores an image with an empty target 0 (losslab: a real value and gradient).
    EmptyImageZero,
    /// The library computes TP from `|p − y|`, equal to `Σ y·p` only for hard (0/1) targets.
    HardTargetsOnly,
    /// MONAI's `reduction="sum"` averages over pixels first: the snippet reduces by hand.
    MonaiFocalSum,
    /// The reduction is done by hand: `per_positive` divides each image's sum by `max(Σy, 1)`.
    ReductionByHand,
    /// Logits in: the log is not clipped at `1e-7` (differs only for |z| > 16).
    NoClip,
    /// The snippet takes probabilities, clipped at `1e-7` like losslab.
    Probabilities,
    /// The exponent: the snippet uses `(1 − T)^γ`; the paper's `(1 − T)^(1/γ')` has `γ' = 1/γ`.
    FocalTverskyExponent,
    /// MONAI's weights are `1/Σr²` (no `ε_w`) with absent classes given the largest weight;
    /// losslab's `absent` setting `policy` is not expressible, so the weights are written.
    GdlWeights {
        /// losslab's absent-class policy.
        policy: AbsentPolicy,
    },
    /// `pos_weight = "balanced"` is computed per image in the snippet: `(N − Σy)/Σy`, capped.
    BalancedPerImage,
    /// The library has no option for `setting`: the snippet writes it with tensor ops.
    NotExpressible {
        /// losslab's parameter name.
        setting: &'static str,
    },
}

/// One library's code for a loss and its notes.
#[derive(Debug, Clone, PartialEq)]
pub struct Snippet {
    /// The library.
    pub library: Library,
    /// Python source defining `loss_fn`.
    pub code: String,
    /// What differs from losslab's definition and how the snippet handles it.
    pub notes: Vec<Note>,
}

/// `x` as a Python float literal (always with a `.` or an exponent, so `torch.tensor(10.0)`
/// is a float tensor).
pub fn py(x: f64) -> String {
    if !x.is_finite() {
        return format!("float('{x}')");
    }
    let s = format!("{x}");
    if x != 0.0 && (x.abs() < 1e-4 || x.abs() >= 1e16) {
        return format!("{x:e}");
    }
    if s.contains('.') || s.contains('e') {
        s
    } else {
        format!("{s}.0")
    }
}

/// The code of `config` for `library`.
pub fn snippet(config: &LossConfig, library: Library) -> Snippet {
    let mut notes = Vec::new();
    let code = match library {
        Library::Pytorch => pytorch(config, &mut notes),
        Library::Monai => monai(config, &mut notes),
        Library::Smp => smp(config, &mut notes),
        Library::Keras => keras(config, &mut notes),
    };
    Snippet { library, code, notes }
}

/// Every library's snippet for `config`, in [`Library::ALL`] order.
pub fn snippets(config: &LossConfig) -> Vec<Snippet> {
    Library::ALL.iter().map(|&l| snippet(config, l)).collect()
}

const TORCH: &str = "import torch\nimport torch.nn.functional as F\n";
const DIMS: &str = "    dims = (1, 2, 3)  # per image; the batch mean comes last\n";

/// A per-image loop around `call` (a library loss object applied to one image).
fn per_image(call: &str, complement: bool) -> String {
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
fn torch_dice_lines(d: &DiceParams) -> String {
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

fn torch_tversky_lines(t: &TverskyParams) -> String {
    format!(
        "    p = torch.sigmoid(logits)\n{DIMS}    tp = (target * p).sum(dims)\n    fn_ = (target * (1 - p)).sum(dims)\n    fp = ((1 - target) * p).sum(dims)\n    t = (tp + {s}) / (tp + {a} * fn_ + {b} * fp + {s})  # alpha on FN, beta on FP\n",
        a = py(t.alpha),
        b = py(t.beta),
        s = py(t.smooth)
    )
}

fn torch_balanced(call_prefix: &str) -> String {
    format!(
        "\ndef loss_fn(logits, target):\n    losses = []\n    for z, y in zip(logits, target):\n        sy = y.sum()\n        # balanced: (N - sum y) / sum y per image, capped at 1e4; 1 on an empty target\n        w = ((y.numel() - sy) / sy).clamp(max=1e4) if sy > 0 else torch.ones((), dtype=y.dtype)\n        losses.append({call_prefix}(pos_weight=w)(z, y))\n    return torch.stack(losses).mean()\n"
    )
}

fn torch_sens_spec(lambda: f64, smooth: f64) -> String {
    format!(
        "{TORCH}\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n{DIMS}    n = target[0].numel()\n    err = (target - p) ** 2\n    sy = target.sum(dims)\n    sens = (err * target).sum(dims) / (sy + {s})  # error rate on target pixels\n    spec = (err * (1 - target)).sum(dims) / (n - sy + {s})  # on background\n    return ({l} * sens + (1 - {l}) * spec).mean()\n",
        l = py(lambda),
        s = py(smooth)
    )
}

/// Torch lines of the class weights `w` from the class volumes `vol` (`[B, 2]`).
fn gdl_weight_lines(weight_type: WeightType, absent: AbsentPolicy, indent: &str) -> String {
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

fn torch_gdl(smooth: f64, weight_type: WeightType, absent: AbsentPolicy) -> String {
    format!(
        "{TORCH}\ndef loss_fn(logits, target):\n    p1 = torch.sigmoid(logits)\n    p = torch.cat([1 - p1, p1], dim=1)  # classes: background, object\n    r = torch.cat([1 - target, target], dim=1)\n    dims = (2, 3)\n    vol = r.sum(dims)\n{w}    a = (w * (r * p).sum(dims)).sum(1)\n    b = (w * (r + p).sum(dims)).sum(1)\n    return (1 - (2 * a + {s}) / (b + {s})).mean()\n",
        w = gdl_weight_lines(weight_type, absent, "    "),
        s = py(smooth)
    )
}

fn pytorch(config: &LossConfig, notes: &mut Vec<Note>) -> String {
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

const MONAI: &str = "import torch\nfrom monai.losses import ";

fn monai(config: &LossConfig, notes: &mut Vec<Note>) -> String {
    match config {
        LossConfig::Bce | LossConfig::Wce(_) => {
            // MONAI has no plain (weighted) BCE loss class: torch's is what MONAI users use.
            notes.push(Note::Handwritten);
            pytorch(config, notes)
        }
        LossConfig::Focal(p) => {
            notes.push(Note::NoClip);
            let (a, g) = (py(p.alpha), py(p.gamma));
            match p.reduction {
                FocalReduction::Mean => format!(
                    "{MONAI}FocalLoss\n\nloss_fn = FocalLoss(gamma={g}, alpha={a}, reduction=\"mean\")  # alpha on y = 1\n"
                ),
                FocalReduction::Sum | FocalReduction::PerPositive => {
                    notes.push(Note::MonaiFocalSum);
                    let per = if p.reduction == FocalReduction::Sum {
                        "per_pixel.sum(dims)"
                    } else {
                        "per_pixel.sum(dims) / target.sum(dims).clamp(min=1)"
                    };
                    format!(
                        "{MONAI}FocalLoss\n\nfocal = FocalLoss(gamma={g}, alpha={a}, reduction=\"none\")  # alpha on y = 1\n\n\ndef loss_fn(logits, target):\n    per_pixel = focal(logits, target)\n{DIMS}    return ({per}).mean()\n"
                    )
                }
            }
        }
        LossConfig::Dice(d) => format!(
            "{MONAI}DiceLoss\n\nloss_fn = DiceLoss(sigmoid=True, smooth_nr={s}, smooth_dr={s}, squared_pred={sq}, batch=False)\n",
            s = py(d.smooth),
            sq = if d.squared { "True" } else { "False" }
        ),
        LossConfig::Iou(p) => {
            let s = 2.0 * p.eps;
            notes.push(Note::SmoothTranslated { ours: p.eps, theirs: s });
            let object = format!(
                "{MONAI}DiceLoss\n\n# MONAI's Jaccard is (2I + s)/(2U + s): s = 2 * eps\njaccard = DiceLoss(sigmoid=True, jaccard=True, smooth_nr={s}, smooth_dr={s}, batch=False)\n",
                s = py(s)
            );
            match p.empty {
                EmptyPolicy::Complement => {
                    notes.push(Note::NotExpressible { setting: iou::EMPTY.key });
                    format!("{object}{}", per_image("jaccard", true))
                }
                EmptyPolicy::Plain => format!("{object}loss_fn = jaccard\n"),
            }
        }
        LossConfig::Tversky(t) => {
            notes.push(Note::TverskySwapped);
            format!(
                "{MONAI}TverskyLoss\n\n# MONAI's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\nloss_fn = TverskyLoss(sigmoid=True, alpha={b}, beta={a}, smooth_nr={s}, smooth_dr={s}, batch=False)\n",
                a = py(t.alpha),
                b = py(t.beta),
                s = py(t.smooth)
            )
        }
        LossConfig::FocalTversky(f) => {
            notes.push(Note::TverskySwapped);
            notes.push(Note::NotExpressible { setting: focal_tversky::GAMMA.key });
            notes.push(Note::FocalTverskyExponent);
            let t = f.tversky;
            format!(
                "{MONAI}TverskyLoss\n\n# MONAI's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\ntversky = TverskyLoss(sigmoid=True, alpha={b}, beta={a}, smooth_nr={s}, smooth_dr={s}, batch=False, reduction=\"none\")\n\n\ndef loss_fn(logits, target):\n    return (tversky(logits, target) ** {g}).mean()  # MONAI has no focal Tversky\n",
                a = py(t.alpha),
                b = py(t.beta),
                s = py(t.smooth),
                g = py(f.gamma)
            )
        }
        LossConfig::SensitivitySpecificity(p) => {
            notes.push(Note::Handwritten);
            torch_sens_spec(p.lambda, p.smooth)
        }
        LossConfig::GeneralizedDice(p) => {
            if p.weight_type == WeightType::Uniform || p.absent == AbsentPolicy::Max {
                let w = p.weight_type.as_str();
                if p.weight_type != WeightType::Uniform {
                    notes.push(Note::GdlWeights { policy: p.absent });
                }
                format!(
                    "{MONAI}GeneralizedDiceLoss\n\ngdl = GeneralizedDiceLoss(w_type=\"{w}\", smooth_nr={s}, smooth_dr={s}, batch=False)\n\n\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n    # two classes: background, object\n    return gdl(torch.cat([1 - p, p], dim=1), torch.cat([1 - target, target], dim=1))\n",
                    s = py(p.smooth)
                )
            } else {
                notes.push(Note::GdlWeights { policy: p.absent });
                torch_gdl(p.smooth, p.weight_type, p.absent)
            }
        }
        LossConfig::BceDice(p) => {
            notes.push(Note::NoClip);
            format!(
                "{MONAI}DiceCELoss\n\n# single channel: the CE part is BCEWithLogitsLoss\nloss_fn = DiceCELoss(sigmoid=True, lambda_ce={wb}, lambda_dice={wd}, smooth_nr={s}, smooth_dr={s}, squared_pred={sq}, batch=False)\n",
                wb = py(p.w_bce),
                wd = py(p.w_dice),
                s = py(p.dice.smooth),
                sq = if p.dice.squared { "True" } else { "False" }
            )
        }
    }
}

const SMP: &str = "import torch\nimport segmentation_models_pytorch as smp\n";

fn smp(config: &LossConfig, notes: &mut Vec<Note>) -> String {
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
                notes.push(Note::NotExpressible { setting: dice::SQUARED.key });
                return pytorch(config, notes);
            }
            notes.push(Note::SmoothTranslated { ours: d.smooth, theirs: d.smooth / 2.0 });
            notes.push(Note::PerImageLoop);
            notes.push(Note::EmptyImageZero);
            format!(
                "{SMP}\n# smp's Dice is (TP + s)/((sum y + sum p)/2 + s): s = losslab's smooth / 2\ndice = smp.losses.DiceLoss(mode=\"binary\", from_logits=True, smooth={})\n{}",
                py(d.smooth / 2.0),
                per_image("dice", false)
            )
        }
        LossConfig::Iou(p) => {
            notes.push(Note::PerImageLoop);
            notes.push(Note::EmptyImageZero);
            let complement = p.empty == EmptyPolicy::Complement;
            if complement {
                notes.push(Note::NotExpressible { setting: iou::EMPTY.key });
            }
            format!(
                "{SMP}\njaccard = smp.losses.JaccardLoss(mode=\"binary\", from_logits=True, smooth={})\n{}",
                py(p.eps),
                per_image("jaccard", complement)
            )
        }
        LossConfig::Tversky(t) => {
            notes.extend([
                Note::TverskySwapped,
                Note::PerImageLoop,
                Note::EmptyImageZero,
                Note::HardTargetsOnly,
            ]);
            format!(
                "{SMP}\n# smp's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\ntversky = smp.losses.TverskyLoss(mode=\"binary\", from_logits=True, alpha={b}, beta={a}, gamma=1.0, smooth={s})\n{}",
                per_image("tversky", false),
                a = py(t.alpha),
                b = py(t.beta),
                s = py(t.smooth)
            )
        }
        LossConfig::FocalTversky(f) => {
            notes.extend([
                Note::TverskySwapped,
                Note::FocalTverskyExponent,
                Note::PerImageLoop,
                Note::EmptyImageZero,
                Note::HardTargetsOnly,
            ]);
            let t = f.tversky;
            format!(
                "{SMP}\n# smp's alpha weighs FP, beta FN: swapped from losslab's alpha (FN) = {a}, beta (FP) = {b}\nfocal_tversky = smp.losses.TverskyLoss(mode=\"binary\", from_logits=True, alpha={b}, beta={a}, gamma={g}, smooth={s})\n{}",
                per_image("focal_tversky", false),
                a = py(t.alpha),
                b = py(t.beta),
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
                notes.push(Note::NotExpressible { setting: dice::SQUARED.key });
                return pytorch(config, notes);
            }
            notes.push(Note::SmoothTranslated { ours: p.dice.smooth, theirs: p.dice.smooth / 2.0 });
            notes.push(Note::PerImageLoop);
            notes.push(Note::EmptyImageZero);
            format!(
                "{SMP}\nbce = smp.losses.SoftBCEWithLogitsLoss()\n# smp's Dice is (TP + s)/((sum y + sum p)/2 + s): s = losslab's smooth / 2\ndice = smp.losses.DiceLoss(mode=\"binary\", from_logits=True, smooth={s})\n\n\ndef loss_fn(logits, target):\n    losses = []\n    for z, y in zip(logits, target):\n        z, y = z[None], y[None]\n        losses.append({wb} * bce(z, y) + {wd} * dice(z, y))\n    return torch.stack(losses).mean()\n",
                s = py(p.dice.smooth / 2.0),
                wb = py(p.w_bce),
                wd = py(p.w_dice)
            )
        }
    }
}

const KERAS: &str = "import keras\nfrom keras import ops\n";
const KDIMS: &str = "    axis = (1, 2, 3)  # per image; the batch mean comes last\n";

fn keras_dice_lines(d: &DiceParams) -> String {
    let den = if d.squared {
        "ops.sum(y_true ** 2, axis) + ops.sum(y_pred ** 2, axis)  # squared (V-Net)"
    } else {
        "ops.sum(y_true, axis) + ops.sum(y_pred, axis)"
    };
    format!(
        "{KDIMS}    inter = ops.sum(y_true * y_pred, axis)\n    den = {den}\n    dice = 1 - (2 * inter + {s}) / (den + {s})\n",
        s = py(d.smooth)
    )
}

fn keras_tversky_lines(t: &TverskyParams) -> String {
    format!(
        "{KDIMS}    tp = ops.sum(y_true * y_pred, axis)\n    fn_ = ops.sum(y_true * (1 - y_pred), axis)\n    fp = ops.sum((1 - y_true) * y_pred, axis)\n    t = (tp + {s}) / (tp + {a} * fn_ + {b} * fp + {s})  # alpha on FN, beta on FP\n",
        a = py(t.alpha),
        b = py(t.beta),
        s = py(t.smooth)
    )
}

fn keras(config: &LossConfig, notes: &mut Vec<Note>) -> String {
    notes.push(Note::Probabilities);
    let def = "\n\ndef loss_fn(y_true, y_pred):\n";
    match config {
        LossConfig::Bce => format!(
            "{KERAS}\nloss_fn = keras.losses.BinaryCrossentropy()  # clips p to [1e-7, 1 - 1e-7]\n"
        ),
        LossConfig::Wce(p) => {
            notes.push(Note::Handwritten);
            let w = match p.pos_weight {
                PosWeight::Fixed(w) => format!("    w = {}\n", py(w)),
                PosWeight::Balanced => {
                    notes.push(Note::BalancedPerImage);
                    format!("{KDIMS}    n = y_true.shape[1] * y_true.shape[2] * y_true.shape[3]\n    sy = ops.sum(y_true, axis, keepdims=True)\n    # balanced: (N - sum y) / sum y per image, capped at 1e4; 1 on an empty target\n    w = ops.where(sy > 0, ops.minimum((n - sy) / ops.maximum(sy, 1e-12), 1e4), 1.0)\n")
                }
            };
            format!(
                "{KERAS}{def}    p = ops.clip(y_pred, 1e-7, 1 - 1e-7)\n{w}    return -ops.mean(w * y_true * ops.log(p) + (1 - y_true) * ops.log(1 - p))\n"
            )
        }
        LossConfig::Focal(p) => {
            let (a, g) = (py(p.alpha), py(p.gamma));
            match p.reduction {
                FocalReduction::Mean => format!(
                    "{KERAS}\n# alpha on y = 1 (apply_class_balancing=True)\nloss_fn = keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha={a}, gamma={g})\n"
                ),
                _ => {
                    notes.push(Note::ReductionByHand);
                    let per = if p.reduction == FocalReduction::Sum {
                        "ops.sum(per_pixel, axis)"
                    } else {
                        "ops.sum(per_pixel, axis) / ops.maximum(ops.sum(y_true, (1, 2, 3)), 1.0)"
                    };
                    format!(
                        "{KERAS}{def}    # alpha on y = 1 (apply_class_balancing=True); per pixel: [B, H, W]\n    per_pixel = keras.losses.binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=True, alpha={a}, gamma={g})\n    axis = (1, 2)\n    return ops.mean({per})\n"
                    )
                }
            }
        }
        LossConfig::Dice(d) => {
            if d.smooth == 0.0 && !d.squared {
                notes.push(Note::EpsilonInDenominator);
                format!("{KERAS}\nloss_fn = keras.losses.Dice(axis=(1, 2, 3))  # per image (axis=None pools the batch)\n")
            } else {
                notes.push(Note::NoSmoothing);
                format!("{KERAS}{def}{}    return ops.mean(dice)\n", keras_dice_lines(d))
            }
        }
        LossConfig::Iou(p) => {
            notes.push(Note::Handwritten);
            let complement = if p.empty == EmptyPolicy::Complement {
                "    empty = ops.sum(y_true, axis, keepdims=True) == 0  # the article scores 1 - y, 1 - p then\n    y_true = ops.where(empty, 1 - y_true, y_true)\n    y_pred = ops.where(empty, 1 - y_pred, y_pred)\n"
            } else {
                ""
            };
            format!(
                "{KERAS}{def}{KDIMS}{complement}    inter = ops.sum(y_true * y_pred, axis)\n    union = ops.sum(y_true, axis) + ops.sum(y_pred, axis) - inter\n    return ops.mean(1 - (inter + {e}) / (union + {e}))\n",
                e = py(p.eps)
            )
        }
        LossConfig::Tversky(t) => {
            if t.smooth == 0.0 {
                notes.push(Note::KerasTverskyDocs);
                notes.push(Note::EpsilonInDenominator);
                format!(
                    "{KERAS}\n# Keras' code puts alpha on FN (as losslab), whatever its docstring says\nloss_fn = keras.losses.Tversky(alpha={}, beta={}, axis=(1, 2, 3))\n",
                    py(t.alpha),
                    py(t.beta)
                )
            } else {
                notes.push(Note::NoSmoothing);
                format!("{KERAS}{def}{}    return ops.mean(1 - t)\n", keras_tversky_lines(t))
            }
        }
        LossConfig::FocalTversky(f) => {
            notes.push(Note::Handwritten);
            notes.push(Note::FocalTverskyExponent);
            format!(
                "{KERAS}{def}{}    return ops.mean((1 - t) ** {})\n",
                keras_tversky_lines(&f.tversky),
                py(f.gamma)
            )
        }
        LossConfig::SensitivitySpecificity(p) => {
            notes.push(Note::Handwritten);
            format!(
                "{KERAS}{def}{KDIMS}    n = y_true.shape[1] * y_true.shape[2] * y_true.shape[3]\n    err = (y_true - y_pred) ** 2\n    sy = ops.sum(y_true, axis)\n    sens = ops.sum(err * y_true, axis) / (sy + {s})  # error rate on target pixels\n    spec = ops.sum(err * (1 - y_true), axis) / (n - sy + {s})  # on background\n    return ops.mean({l} * sens + (1 - {l}) * spec)\n",
                l = py(p.lambda),
                s = py(p.smooth)
            )
        }
        LossConfig::GeneralizedDice(p) => {
            notes.push(Note::Handwritten);
            let w = match p.weight_type {
                WeightType::Square => "1 / (vol ** 2 + 1e-6)",
                WeightType::Simple => "1 / (vol + 1e-6)",
                WeightType::Uniform => "ops.ones_like(vol)",
            };
            let absent = match p.absent {
                AbsentPolicy::Epsilon => String::new(),
                AbsentPolicy::Max => "    w_max = ops.max(ops.where(vol > 0, w, 0.0), axis=1, keepdims=True)\n    w = ops.where(vol > 0, w, w_max)  # absent class: the largest present weight\n".into(),
                AbsentPolicy::Zero => "    w = ops.where(vol > 0, w, 0.0)  # absent class dropped\n".into(),
            };
            format!(
                "{KERAS}{def}    p = ops.concatenate([1 - y_pred, y_pred], axis=-1)  # classes: background, object\n    r = ops.concatenate([1 - y_true, y_true], axis=-1)\n    axis = (1, 2)\n    vol = ops.sum(r, axis)\n    w = {w}\n{absent}    a = ops.sum(w * ops.sum(r * p, axis), axis=1)\n    b = ops.sum(w * ops.sum(r + p, axis), axis=1)\n    return ops.mean(1 - (2 * a + {s}) / (b + {s}))\n",
                s = py(p.smooth)
            )
        }
        LossConfig::BceDice(p) => {
            notes.push(Note::NoSmoothing);
            format!(
                "{KERAS}{def}    bce = ops.mean(keras.losses.binary_crossentropy(y_true, y_pred), axis=(1, 2))  # clipped at 1e-7\n{}    return ops.mean({wb} * bce + {wd} * dice)\n",
                keras_dice_lines(&p.dice),
                wb = py(p.w_bce),
                wd = py(p.w_dice)
            )
        }
    }
}
