//! The multi-class losses written with tensor ops (`multiclass.md`), in plain torch and in
//! Keras 3: every setting of an [`McConfig`] is expressible here, so these are the PyTorch and
//! Keras snippets, and the fallback of MONAI and smp where they cannot express a setting.
//!
//! torch: `loss_fn(logits, labels)` — logits `[B, C, H, W]`, labels `[B, H, W]` integer class
//! indices (softmax); with sigmoid, `loss_fn(logits, target)`, target `[B, C, H, W]` in [0, 1].
//! Keras: `loss_fn(y_true, y_pred)` channels last, `[B, H, W, C]`: `y_true` one-hot (or
//! multi-label), `y_pred` probabilities (after the softmax or sigmoid).

use super::common::py;
use super::parts::{KERAS, TORCH};
use crate::eval::BatchReduction;
use crate::params::multiclass::{
    Absent, Activation, ClassReduction, DiceTerm, McConfig, McLoss, RegionTerm, SoftmaxFocal,
};
use crate::{AbsentPolicy, GeneralizedDiceParams, WeightType};

/// The two dialects' spelling of what the formulas need.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Ops {
    /// torch, channels first.
    Torch,
    /// Keras 3 `ops`, channels last.
    Keras,
}

impl Ops {
    fn sum(self, x: &str) -> String {
        match self {
            Ops::Torch if x.contains(' ') => format!("({x}).sum(dims)"),
            Ops::Torch => format!("{x}.sum(dims)"),
            Ops::Keras => format!("ops.sum({x}, axis)"),
        }
    }

    fn zero_where_absent(self, x: &str) -> String {
        match self {
            Ops::Torch => format!("torch.where(sy > 0, {x}, torch.zeros_like({x}))"),
            Ops::Keras => format!("ops.where(sy > 0, {x}, ops.zeros_like({x}))"),
        }
    }

    fn mean_last(self, x: &str) -> String {
        match self {
            Ops::Torch => format!("{x}.mean(-1)"),
            Ops::Keras => format!("ops.mean({x}, axis=-1)"),
        }
    }

    fn sum_last(self, x: &str) -> String {
        match self {
            Ops::Torch => format!("{x}.sum(-1)"),
            Ops::Keras => format!("ops.sum({x}, axis=-1)"),
        }
    }

    fn mean(self, x: &str) -> String {
        match self {
            Ops::Torch => format!("{x}.mean()"),
            Ops::Keras => format!("ops.mean({x})"),
        }
    }
}

/// The head of the function: probabilities `p` and the one-hot `target`.
fn head(ops: Ops, config: &McConfig) -> String {
    let softmax = config.aggregation.activation == Activation::Softmax && config.classes >= 2;
    match (ops, softmax) {
        (Ops::Torch, true) => format!(
            "{TORCH}\n\ndef loss_fn(logits, labels):\n    # logits [B, C, H, W]; labels [B, H, W], integer class indices\n    p = torch.softmax(logits, dim=1)  # softmax over the channels\n    target = F.one_hot(labels, p.shape[1]).permute(0, 3, 1, 2).to(p.dtype)\n"
        ),
        (Ops::Torch, false) => format!(
            "{TORCH}\n\ndef loss_fn(logits, target):\n    # logits and target [B, C, H, W]\n    p = torch.sigmoid(logits)  # sigmoid per channel (multi-label)\n"
        ),
        (Ops::Keras, true) => format!(
            "{KERAS}\n\ndef loss_fn(y_true, y_pred):\n    # channels last [B, H, W, C]: y_true one-hot, y_pred softmax probabilities\n    target, p = y_true, y_pred\n"
        ),
        (Ops::Keras, false) => format!(
            "{KERAS}\n\ndef loss_fn(y_true, y_pred):\n    # channels last [B, H, W, C]: y_true multi-label, y_pred sigmoid probabilities\n    target, p = y_true, y_pred\n"
        ),
    }
}

/// The sums per unit and class: `inter`, `sy`, `sp` (and the squared ones), kept classes only.
fn sums(ops: Ops, config: &McConfig, squared: bool) -> String {
    let agg = config.aggregation;
    let dims = match (ops, agg.batch) {
        (Ops::Torch, BatchReduction::PerImage) => {
            "    dims = (2, 3)  # batch=\"per_image\": each image's sums, per class\n"
        }
        (Ops::Torch, BatchReduction::Pooled) => {
            "    dims = (0, 2, 3)  # batch=\"pooled\": one sum over the whole batch, per class\n"
        }
        (Ops::Keras, BatchReduction::PerImage) => {
            "    axis = (1, 2)  # batch=\"per_image\": each image's sums, per class\n"
        }
        (Ops::Keras, BatchReduction::Pooled) => {
            "    axis = (0, 1, 2)  # batch=\"pooled\": one sum over the whole batch, per class\n"
        }
    };
    let mut s = format!(
        "{dims}    inter = {}\n    sy = {}\n    sp = {}\n",
        ops.sum("target * p"),
        ops.sum("target"),
        ops.sum("p")
    );
    if squared {
        s += &format!("    sy2 = {}\n    sp2 = {}\n", ops.sum("target ** 2"), ops.sum("p ** 2"));
    }
    let kept = if squared { "inter, sy, sp, sy2, sp2" } else { "inter, sy, sp" };
    let sliced: Vec<String> = kept.split(", ").map(|v| format!("{v}[..., 1:]")).collect();
    if agg.include_background || config.classes == 1 {
        s += "    # include_background=True: every channel is a class\n";
    } else {
        s += &format!(
            "    {kept} = {}  # include_background=False: drop channel 0\n",
            sliced.join(", ")
        );
    }
    s
}

/// `region = ℓ[unit][class]` of a region term.
fn term_line(term: RegionTerm) -> String {
    match term {
        RegionTerm::Dice(DiceTerm { smooth_nr, smooth_dr, squared }) => {
            let den = if squared { "sy2 + sp2" } else { "sy + sp" };
            format!(
                "    region = 1 - (2 * inter + {}) / ({den} + {})  # Dice{}\n",
                py(smooth_nr),
                py(smooth_dr),
                if squared { ", squared denominator (V-Net)" } else { "" }
            )
        }
        RegionTerm::Iou { eps } => format!(
            "    region = 1 - (inter + {e}) / (sy + sp - inter + {e})  # Jaccard\n",
            e = py(eps)
        ),
        RegionTerm::Tversky(t) => format!(
            "    region = 1 - (inter + {s}) / (inter + {a} * (sy - inter) + {b} * (sp - inter) + {s})  # Tversky: alpha on FN, beta on FP\n",
            s = py(t.smooth),
            a = py(t.alpha),
            b = py(t.beta)
        ),
    }
}

/// Lines computing `name` = a region loss (absent policy, class reduction, focal power, the
/// mean over units).
fn region_lines(ops: Ops, config: &McConfig, term: RegionTerm, power: Option<f64>) -> String {
    let agg = config.aggregation;
    let squared = matches!(term, RegionTerm::Dice(DiceTerm { squared: true, .. }));
    let mut s = sums(ops, config, squared);
    s += &term_line(term);
    s += &match agg.absent {
        Absent::Keep => "    # absent=\"keep\": a class with no target pixel in the unit keeps its formula (≈ 1 when predicted)\n".to_string(),
        Absent::Zero => format!(
            "    region = {}  # absent=\"zero\": 0 for a class with no target pixel in the unit, still in the mean\n",
            ops.zero_where_absent("region")
        ),
    };
    s += &match agg.class_reduction {
        ClassReduction::Mean => {
            format!("    r = {}  # mean over the classes\n", ops.mean_last("region"))
        }
        ClassReduction::Sum => {
            format!("    r = {}  # sum over the classes\n", ops.sum_last("region"))
        }
    };
    if let Some(g) = power {
        s += &format!(
            "    r = r ** {}  # focal Tversky: the power after the class mean, per unit\n",
            py(g)
        );
    }
    s += &format!("    dice = {}  # mean over the images (pooled: one unit)\n", ops.mean("r"));
    s
}

/// Generalized Dice per unit over the kept classes.
fn gdl_lines(ops: Ops, config: &McConfig, p: &GeneralizedDiceParams) -> String {
    let mut s = sums(ops, config, false);
    let (zeros, present_max) = match ops {
        Ops::Torch => ("torch.zeros_like(w)", "(w * (sy > 0)).amax(-1, keepdim=True)"),
        Ops::Keras => {
            ("ops.zeros_like(w)", "ops.max(w * ops.cast(sy > 0, w.dtype), axis=-1, keepdims=True)")
        }
    };
    s += &match p.weight_type {
        WeightType::Square => {
            "    w = 1 / (sy ** 2 + 1e-6)  # weight_type=\"square\"\n".to_string()
        }
        WeightType::Simple => "    w = 1 / (sy + 1e-6)  # weight_type=\"simple\"\n".to_string(),
        WeightType::Uniform => "    w = sy * 0 + 1  # weight_type=\"uniform\"\n".to_string(),
    };
    let where_ = if ops == Ops::Torch { "torch.where" } else { "ops.where" };
    s += &match p.absent {
        AbsentPolicy::Epsilon => "    # absent=\"epsilon\": an absent class keeps 1/epsilon\n".to_string(),
        AbsentPolicy::Max => format!(
            "    w = {where_}(sy > 0, w, {present_max})  # absent=\"max\": the largest present weight\n"
        ),
        AbsentPolicy::Zero => format!("    w = {where_}(sy > 0, w, {zeros})  # absent=\"zero\"\n"),
    };
    s += &format!(
        "    num = 2 * {} + {sm}\n    den = {} + {sm}\n    dice = {}  # mean over the images (pooled: one unit)\n",
        ops.sum_last("(w * inter)"),
        ops.sum_last("(w * (sy + sp))"),
        ops.mean("(1 - num / den)"),
        sm = py(p.smooth)
    );
    s
}

/// The cross-entropy part into `name`, with class weights (`None`: unweighted).
fn ce_lines(ops: Ops, weights: Option<&[f64]>, name: &str) -> String {
    let list = |w: &[f64]| w.iter().map(|x| py(*x)).collect::<Vec<_>>().join(", ");
    match (ops, weights) {
        (Ops::Torch, None) => {
            format!("    {name} = F.cross_entropy(logits, labels)  # softmax CE, mean over B·H·W pixels\n")
        }
        (Ops::Torch, Some(w)) => format!(
            "    w = torch.tensor([{}], dtype=p.dtype)  # class_weights\n    {name} = F.cross_entropy(logits, labels, weight=w)  # Σ w·(−log p) / Σ w[label]\n",
            list(w)
        ),
        (Ops::Keras, w) => {
            let w = w.map_or_else(|| "1.0".to_string(), |w| format!("ops.convert_to_tensor([{}], dtype=p.dtype)  # class_weights", list(w)));
            format!(
                "    q = ops.clip(p, 1e-7, 1 - 1e-7)\n    w = {w}\n    {name} = -ops.sum(w * target * ops.log(q)) / ops.sum(w * target)  # weighted mean over pixels\n"
            )
        }
    }
}

/// The softmax focal part into `name`: a mean over all `B·C·H·W` elements (MONAI).
fn focal_lines(ops: Ops, f: SoftmaxFocal, name: &str) -> String {
    let a = match f.alpha {
        None => "    a = 1.0  # alpha=None: every class 1\n".to_string(),
        Some(alpha) => {
            let (shape, dtype) = match ops {
                Ops::Torch => ("p.shape[1]", ", dtype=p.dtype).view(1, -1, 1, 1)"),
                Ops::Keras => ("p.shape[-1]", ", dtype=p.dtype)"),
            };
            let make = if ops == Ops::Torch { "torch.tensor(" } else { "ops.convert_to_tensor(" };
            format!(
                "    a = {make}[1 - {al}] + [{al}] * ({shape} - 1){dtype}  # alpha: 1 - alpha on the background, alpha on the others\n",
                al = py(alpha)
            )
        }
    };
    let (logp, one_minus) = match ops {
        Ops::Torch => ("torch.log_softmax(logits, dim=1)", "(1 - p)"),
        Ops::Keras => ("ops.log(ops.clip(p, 1e-7, 1 - 1e-7))", "(1 - ops.clip(p, 1e-7, 1 - 1e-7))"),
    };
    format!(
        "{a}    logp = {logp}\n    {name} = {}  # mean over B·C·H·W elements\n",
        ops.mean(&format!("-(a * target * {one_minus} ** {} * logp)", py(f.gamma)))
    )
}

/// The whole snippet of `config` in `ops`.
pub(super) fn hand(ops: Ops, config: &McConfig) -> String {
    let mut s = head(ops, config);
    match &config.loss {
        McLoss::Region(term) => {
            s += &region_lines(ops, config, *term, None);
            s += "    return dice\n";
        }
        McLoss::FocalTversky { tversky, gamma } => {
            s += &region_lines(ops, config, RegionTerm::Tversky(*tversky), Some(*gamma));
            s += "    return dice\n";
        }
        McLoss::GeneralizedDice(p) => {
            s += &gdl_lines(ops, config, p);
            s += "    return dice\n";
        }
        McLoss::Ce { class_weights } => {
            s += &ce_lines(ops, Some(class_weights), "ce");
            s += "    return ce\n";
        }
        McLoss::Focal(f) => {
            s += &focal_lines(ops, *f, "focal");
            s += "    return focal\n";
        }
        McLoss::DiceCe { dice, w_dice, w_ce } => {
            s += &region_lines(ops, config, RegionTerm::Dice(*dice), None);
            s += &ce_lines(ops, None, "ce");
            s += &format!("    return {} * dice + {} * ce\n", py(*w_dice), py(*w_ce));
        }
        McLoss::DiceFocal { dice, w_dice, w_focal, focal } => {
            s += &region_lines(ops, config, RegionTerm::Dice(*dice), None);
            s += &focal_lines(ops, *focal, "focal");
            s += &format!("    return {} * dice + {} * focal\n", py(*w_dice), py(*w_focal));
        }
    }
    s
}
