//! Keras 3.

use super::common::{axis_line, handwritten, py, Library, Note};
use super::keras_compound;
use super::keras_geometry;
use super::parts::{keras_dice_lines, KERAS};
use super::torch::{balanced_note, PIXEL_MEAN};
use super::translations::tversky_weights;
use crate::{
    AbsentPolicy, BatchReduction, EmptyPolicy, FocalReduction, LossConfig, LossName, PosWeight,
    TverskyParams, WeightType,
};

/// The built-ins' `axis=` argument (each image's axes, or `None`: pooled, the whole batch)
/// and the comment that ends the line.
fn keras_axis(r: BatchReduction) -> (&'static str, &'static str) {
    match r {
        BatchReduction::PerImage => ("axis=(1, 2, 3)", "# per image (axis=None pools the batch)"),
        BatchReduction::Pooled => ("axis=None", "# pooled: one sum over the whole batch"),
    }
}

pub(super) fn keras_tversky_lines(t: &TverskyParams, r: BatchReduction) -> String {
    format!(
        "{axis}    tp = ops.sum(y_true * y_pred, axis)\n    fn_ = ops.sum(y_true * (1 - y_pred), axis)\n    fp = ops.sum((1 - y_true) * y_pred, axis)\n    t = (tp + {s}) / (tp + {a} * fn_ + {b} * fp + {s})  # alpha on FN, beta on FP\n",
        axis = axis_line(r),
        a = py(t.alpha),
        b = py(t.beta),
        s = py(t.smooth)
    )
}

/// The Keras 3 snippet.
pub(super) fn keras(config: &LossConfig, r: BatchReduction, notes: &mut Vec<Note>) -> String {
    notes.push(Note::Probabilities);
    let def = "\n\ndef loss_fn(y_true, y_pred):\n";
    let axis = axis_line(r);
    // Pixels per image, or in the whole batch (pooled).
    let n = match r {
        BatchReduction::PerImage => "y_true.shape[1] * y_true.shape[2] * y_true.shape[3]",
        BatchReduction::Pooled => {
            "y_true.shape[0] * y_true.shape[1] * y_true.shape[2] * y_true.shape[3]"
        }
    };
    match config {
        LossConfig::Bce => format!(
            "{KERAS}\n{PIXEL_MEAN}\nloss_fn = keras.losses.BinaryCrossentropy()  # clips p to [1e-7, 1 - 1e-7]\n"
        ),
        LossConfig::Wce(p) => {
            notes.push(Note::Handwritten);
            let w = match p.pos_weight {
                PosWeight::Fixed(w) => format!("    w = {}\n", py(w)),
                PosWeight::Balanced => {
                    notes.push(balanced_note(r));
                    format!("{axis}    n = {n}\n    sy = ops.sum(y_true, axis, keepdims=True)\n    # balanced: (N - sum y) / sum y, capped at 1e4; 1 on an empty target\n    w = ops.where(sy > 0, ops.minimum((n - sy) / ops.maximum(sy, 1e-12), 1e4), 1.0)\n")
                }
            };
            format!(
                "{KERAS}{def}    p = ops.clip(y_pred, 1e-7, 1 - 1e-7)\n{w}    {PIXEL_MEAN}\n    return -ops.mean(w * y_true * ops.log(p) + (1 - y_true) * ops.log(1 - p))\n"
            )
        }
        LossConfig::Focal(p) => {
            let (a, g) = (py(p.alpha), py(p.gamma));
            match p.reduction {
                FocalReduction::Mean => format!(
                    "{KERAS}\n{PIXEL_MEAN}\n# alpha on y = 1 (apply_class_balancing=True)\nloss_fn = keras.losses.BinaryFocalCrossentropy(apply_class_balancing=True, alpha={a}, gamma={g})\n"
                ),
                _ => {
                    notes.push(Note::ReductionByHand);
                    let per = if p.reduction == FocalReduction::Sum {
                        "ops.sum(per_pixel, axis)"
                    } else {
                        "ops.sum(per_pixel, axis) / ops.maximum(ops.sum(y_true, y_axis), 1.0)"
                    };
                    let axes = match r {
                        BatchReduction::PerImage => {
                            "    axis, y_axis = (1, 2), (1, 2, 3)  # per image; the batch mean comes last\n"
                        }
                        BatchReduction::Pooled => {
                            "    axis, y_axis = None, None  # pooled: one sum over the whole batch\n"
                        }
                    };
                    format!(
                        "{KERAS}{def}    # alpha on y = 1 (apply_class_balancing=True); per pixel: [B, H, W]\n    per_pixel = keras.losses.binary_focal_crossentropy(y_true, y_pred, apply_class_balancing=True, alpha={a}, gamma={g})\n{axes}    return ops.mean({per})\n"
                    )
                }
            }
        }
        LossConfig::Dice(d) => {
            if d.smooth == 0.0 && !d.squared {
                notes.push(Note::EpsilonInDenominator);
                let (arg, comment) = keras_axis(r);
                format!("{KERAS}\nloss_fn = keras.losses.Dice({arg})  {comment}\n")
            } else {
                notes.push(Note::NoSmoothing);
                format!("{KERAS}{def}{}    return ops.mean(dice)\n", keras_dice_lines(d, r))
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
                "{KERAS}{def}{axis}{complement}    inter = ops.sum(y_true * y_pred, axis)\n    union = ops.sum(y_true, axis) + ops.sum(y_pred, axis) - inter\n    return ops.mean(1 - (inter + {e}) / (union + {e}))\n",
                e = py(p.eps)
            )
        }
        LossConfig::Tversky(t) => {
            if t.smooth == 0.0 {
                notes.push(Note::KerasTverskyDocs);
                notes.push(Note::EpsilonInDenominator);
                format!(
                    "{KERAS}\n# Keras' code puts alpha on FN (as losslab), whatever its docstring says\nloss_fn = keras.losses.Tversky({}, {})  {}\n",
                    tversky_weights(Library::Keras, LossName::Tversky, t),
                    keras_axis(r).0,
                    keras_axis(r).1
                )
            } else {
                notes.push(Note::NoSmoothing);
                format!("{KERAS}{def}{}    return ops.mean(1 - t)\n", keras_tversky_lines(t, r))
            }
        }
        LossConfig::FocalTversky(f) => {
            notes.push(Note::Handwritten);
            notes.push(Note::FocalTverskyExponent);
            format!(
                "{KERAS}{def}{}    return ops.mean((1 - t) ** {})\n",
                keras_tversky_lines(&f.tversky, r),
                py(f.gamma)
            )
        }
        LossConfig::SensitivitySpecificity(p) => {
            notes.push(Note::Handwritten);
            format!(
                "{KERAS}{def}{axis}    n = {n}\n    err = (y_true - y_pred) ** 2\n    sy = ops.sum(y_true, axis)\n    sens = ops.sum(err * y_true, axis) / (sy + {s})  # error rate on target pixels\n    spec = ops.sum(err * (1 - y_true), axis) / (n - sy + {s})  # on background\n    return ops.mean({l} * sens + (1 - {l}) * spec)\n",
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
                AbsentPolicy::Max => "    w_max = ops.max(ops.where(vol > 0, w, 0.0), axis=-1, keepdims=True)\n    w = ops.where(vol > 0, w, w_max)  # absent class: the largest present weight\n".into(),
                AbsentPolicy::Zero => "    w = ops.where(vol > 0, w, 0.0)  # absent class dropped\n".into(),
            };
            let axes = match r {
                BatchReduction::PerImage => "(1, 2)  # per image and class; the batch mean comes last",
                BatchReduction::Pooled => "(0, 1, 2)  # pooled: per class, over the whole batch",
            };
            format!(
                "{KERAS}{def}    p = ops.concatenate([1 - y_pred, y_pred], axis=-1)  # classes: background, object\n    r = ops.concatenate([1 - y_true, y_true], axis=-1)\n    axis = {axes}\n    vol = ops.sum(r, axis)\n    w = {w}\n{absent}    a = ops.sum(w * ops.sum(r * p, axis), axis=-1)\n    b = ops.sum(w * ops.sum(r + p, axis), axis=-1)\n    return ops.mean(1 - (2 * a + {s}) / (b + {s}))\n",
                s = py(p.smooth)
            )
        }
        LossConfig::BceDice(p) => {
            notes.push(Note::NoSmoothing);
            format!(
                "{KERAS}{def}{}    bce = ops.mean(keras.losses.binary_crossentropy(y_true, y_pred), axis={ba})  # clipped at 1e-7\n    return ops.mean({wb} * bce + {wd} * dice)\n",
                keras_dice_lines(&p.dice, r),
                ba = if r == BatchReduction::Pooled { "None" } else { "(1, 2)" },
                wb = py(p.w_bce),
                wd = py(p.w_dice)
            )
        }
        // Keras ships none of the losses of losses-compound.md.
        LossConfig::DiceCe(p) => handwritten(notes, keras_compound::dice_ce(p, r)),
        LossConfig::DiceFocal(p) => handwritten(notes, keras_compound::dice_focal(p, r)),
        LossConfig::TopkCe(p) => handwritten(notes, keras_compound::topk_ce(p, r)),
        LossConfig::LovaszHinge => handwritten(notes, keras_compound::lovasz_hinge(r)),
        LossConfig::LogCoshDice(p) => handwritten(notes, keras_compound::log_cosh_dice(p, r)),
        LossConfig::Combo(p) => handwritten(notes, keras_compound::combo(p, r)),
        LossConfig::UnifiedFocal(p) => handwritten(notes, keras_compound::unified_focal(p, r)),
        LossConfig::Boundary(p) => {
            notes.push(Note::DistanceMapsOnCpu);
            handwritten(notes, keras_geometry::boundary(p))
        }
        LossConfig::HausdorffDt(p) => {
            notes.push(Note::DistanceMapsOnCpu);
            handwritten(notes, keras_geometry::hausdorff_dt(p))
        }
        LossConfig::Cldice(p) => handwritten(notes, keras_geometry::cldice(p, r)),
        LossConfig::DiceCldice(p) => handwritten(notes, keras_geometry::dice_cldice(p, r)),
    }
}
