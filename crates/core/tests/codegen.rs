//! Code export: each library's parameter translation and convention, checked against the
//! conventions read in the libraries' sources (MONAI 1.6 `TverskyLoss`: `alpha` on FP;
//! smp 0.6 `soft_tversky_score`: `intersection + alpha * fp + beta * fn`; Keras 3.15
//! `tversky`: `fp * alpha` where its `fp = Σ (1 − y_pred)·y_true`, i.e. false negatives;
//! smp's Dice `(TP + s)/(TP + ½FP + ½FN + s)`; MONAI's Jaccard `(2I + s)/(2U + s)`;
//! MONAI's `FocalLoss(reduction="sum")` averages pixels first). Expected argument texts are
//! written by hand from those conventions.
//!
//! `tools/oracle/check_snippets.py` runs the snippets in the real libraries (through
//! `crates/core/examples/snippets.rs`).

use losslab_core::codegen::{py, Library, Note, Snippet};
use losslab_core::{BatchReduction, LossConfig, LossName, ParamValue};

const PER_IMAGE: BatchReduction = BatchReduction::PerImage;
const POOLED: BatchReduction = BatchReduction::Pooled;

/// The article's reduction (per image, then the batch mean): what the tests below written
/// before the pooled variant check.
fn snippet(c: &LossConfig, l: Library) -> Snippet {
    losslab_core::codegen::snippet(c, l, PER_IMAGE)
}

fn snippets(c: &LossConfig) -> Vec<Snippet> {
    losslab_core::codegen::snippets(c, PER_IMAGE)
}

/// The pooled snippet (the race's default reduction).
fn pooled(c: &LossConfig, l: Library) -> Snippet {
    losslab_core::codegen::snippet(c, l, POOLED)
}

fn config(loss: LossName, params: &[(&str, ParamValue)]) -> LossConfig {
    let mut c = LossConfig::default_for(loss);
    for (k, v) in params {
        c.set(k, v).expect("a valid parameter");
    }
    c
}

fn num(x: f64) -> ParamValue {
    ParamValue::Number(x)
}

fn word(w: &str) -> ParamValue {
    ParamValue::Text(w.into())
}

fn code(c: &LossConfig, l: Library) -> String {
    snippet(c, l).code
}

#[test]
fn python_float_literals() {
    assert_eq!(py(10.0), "10.0");
    assert_eq!(py(0.7), "0.7");
    assert_eq!(py(0.0), "0.0");
    assert_eq!(py(1e-5), "1e-5");
    assert_eq!(py(1e-3), "0.001");
    assert_eq!(py(-2.0), "-2.0");
}

#[test]
fn tversky_alpha_beta_swapped_for_monai_and_smp_not_keras() {
    // losslab: alpha = 0.7 on FN, beta = 0.3 on FP.
    let c = config(LossName::Tversky, &[("smooth", num(0.0))]);
    let monai = snippet(&c, Library::Monai);
    assert!(monai.code.contains("TverskyLoss(sigmoid=True, alpha=0.3, beta=0.7"), "{}", monai.code);
    assert!(monai.notes.contains(&Note::TverskySwapped));
    let smp = snippet(&c, Library::Smp);
    assert!(smp.code.contains("alpha=0.3, beta=0.7, gamma=1.0"), "{}", smp.code);
    assert!(smp.notes.contains(&Note::TverskySwapped));
    let keras = snippet(&c, Library::Keras);
    assert!(keras.code.contains("keras.losses.Tversky(alpha=0.7, beta=0.3"), "{}", keras.code);
    assert!(!keras.notes.contains(&Note::TverskySwapped));
    assert!(keras.notes.contains(&Note::KerasTverskyDocs));
    let torch = code(&c, Library::Pytorch);
    assert!(torch.contains("0.7 * fn_ + 0.3 * fp"), "{torch}");
    // Asymmetric the other way round: the swap follows the values.
    let c = config(LossName::Tversky, &[("alpha", num(0.2)), ("beta", num(0.8))]);
    assert!(code(&c, Library::Monai).contains("alpha=0.8, beta=0.2"));
    assert!(code(&c, Library::Smp).contains("alpha=0.8, beta=0.2"));
}

#[test]
fn keras_tversky_with_smoothing_is_written_by_hand() {
    let c = LossConfig::default_for(LossName::Tversky); // smooth 1: Keras has no smoothing
    let s = snippet(&c, Library::Keras);
    assert!(!s.code.contains("keras.losses.Tversky("), "{}", s.code);
    assert!(s.code.contains("(tp + 1.0) / (tp + 0.7 * fn_ + 0.3 * fp + 1.0)"), "{}", s.code);
    assert!(s.notes.contains(&Note::NoSmoothing));
}

#[test]
fn focal_alpha_stays_on_the_positive_class_everywhere() {
    let c = LossConfig::default_for(LossName::Focal);
    assert!(code(&c, Library::Pytorch).contains("alpha=0.25, gamma=2.0, reduction=\"mean\""));
    assert!(
        code(&c, Library::Monai).contains("FocalLoss(gamma=2.0, alpha=0.25, reduction=\"mean\")")
    );
    assert!(code(&c, Library::Smp).contains("alpha=0.25, gamma=2.0, reduction=\"mean\""));
    assert!(code(&c, Library::Keras).contains("apply_class_balancing=True, alpha=0.25, gamma=2.0"));
    for s in snippets(&c) {
        assert!(
            !s.code.contains("0.75"),
            "{}: 1 − α must not appear: {}",
            s.library.as_str(),
            s.code
        );
    }
}

#[test]
fn focal_sum_reduction_per_library() {
    let c = config(LossName::Focal, &[("reduction", word("sum"))]);
    // torchvision sums over the batch too: divided by the batch size.
    assert!(code(&c, Library::Pytorch).contains("reduction=\"sum\") / logits.shape[0]"));
    // MONAI's "sum" averages pixels first: reduce by hand from "none".
    let m = snippet(&c, Library::Monai);
    assert!(
        m.code.contains("reduction=\"none\"") && m.code.contains("per_pixel.sum(dims)"),
        "{}",
        m.code
    );
    assert!(m.notes.contains(&Note::MonaiFocalSum));
    // smp: the sum over the batch, divided by the batch size.
    assert!(code(&c, Library::Smp).contains("focal(logits, target) / logits.shape[0]"));
    let p = config(LossName::Focal, &[("reduction", word("per_positive"))]);
    for s in snippets(&p) {
        assert!(s.code.contains("clamp(min=1)") || s.code.contains("ops.maximum("), "{}", s.code);
    }
}

#[test]
fn dice_smoothing_placement() {
    let c = LossConfig::default_for(LossName::Dice); // smooth 1
    assert!(code(&c, Library::Monai)
        .contains("smooth_nr=1.0, smooth_dr=1.0, squared_pred=False, batch=False"));
    let smp = snippet(&c, Library::Smp);
    assert!(
        smp.code.contains("DiceLoss(mode=\"binary\", from_logits=True, smooth=0.5)"),
        "{}",
        smp.code
    );
    assert!(smp.notes.contains(&Note::SmoothTranslated { ours: 1.0, theirs: 0.5 }));
    assert!(smp.notes.contains(&Note::PerImageLoop) && smp.notes.contains(&Note::EmptyImageZero));
    let keras = snippet(&c, Library::Keras);
    assert!(keras.notes.contains(&Note::NoSmoothing));
    assert!(keras.code.contains("(2 * inter + 1.0) / (den + 1.0)"));
    // Smoothing 0: Keras' built-in (1e-7 in the denominator).
    let z = config(LossName::Dice, &[("smooth", num(0.0))]);
    let k = snippet(&z, Library::Keras);
    assert!(k.code.contains("keras.losses.Dice(axis=(1, 2, 3))"), "{}", k.code);
    assert!(k.notes.contains(&Note::EpsilonInDenominator));
}

#[test]
fn squared_dice_where_a_library_cannot() {
    let c = config(LossName::Dice, &[("squared", ParamValue::Bool(true))]);
    assert!(code(&c, Library::Monai).contains("squared_pred=True"));
    let smp = snippet(&c, Library::Smp);
    assert!(smp.notes.contains(&Note::NotExpressible { setting: "squared" }));
    assert!(smp.code.contains("(p ** 2).sum(dims)"), "{}", smp.code);
}

#[test]
fn iou_monai_smoothing_doubled_and_empty_complement() {
    let c = config(LossName::Iou, &[("eps", num(0.01))]);
    let m = snippet(&c, Library::Monai);
    assert!(m.code.contains("jaccard=True, smooth_nr=0.02, smooth_dr=0.02"), "{}", m.code);
    assert!(m.notes.contains(&Note::SmoothTranslated { ours: 0.01, theirs: 0.02 }));
    assert!(m.code.contains("z, y = -z, 1 - y"), "complement by default: {}", m.code);
    assert!(code(&c, Library::Smp)
        .contains("JaccardLoss(mode=\"binary\", from_logits=True, smooth=0.01)"));
    let plain = config(LossName::Iou, &[("empty", word("plain"))]);
    let m = snippet(&plain, Library::Monai);
    assert!(m.code.contains("loss_fn = jaccard") && !m.code.contains("1 - y"), "{}", m.code);
}

#[test]
fn weighted_ce_fixed_and_balanced() {
    let c = LossConfig::default_for(LossName::Wce);
    assert!(code(&c, Library::Pytorch).contains("BCEWithLogitsLoss(pos_weight=torch.tensor(10.0))"));
    assert!(code(&c, Library::Smp).contains("SoftBCEWithLogitsLoss(pos_weight=torch.tensor(10.0))"));
    assert!(code(&c, Library::Keras).contains("w = 10.0"));
    let b = config(LossName::Wce, &[("pos_weight", word("balanced"))]);
    for s in snippets(&b) {
        assert!(s.notes.contains(&Note::BalancedPerImage), "{}", s.library.as_str());
        assert!(s.code.contains("1e4"), "{}", s.code);
    }
}

#[test]
fn focal_tversky_exponent_and_gdl_weights() {
    let c = LossConfig::default_for(LossName::FocalTversky);
    assert!(code(&c, Library::Smp).contains("alpha=0.3, beta=0.7, gamma=0.75, smooth=1.0"));
    assert!(code(&c, Library::Pytorch).contains("** 0.75"));
    let g = LossConfig::default_for(LossName::GeneralizedDice); // square, epsilon
    let m = snippet(&g, Library::Monai);
    assert!(m.notes.contains(&Note::GdlWeights { policy: losslab_core::AbsentPolicy::Epsilon }));
    assert!(m.code.contains("1 / (vol ** 2 + 1e-6)"), "{}", m.code);
    let max = config(LossName::GeneralizedDice, &[("absent", word("max"))]);
    assert!(code(&max, Library::Monai).contains("GeneralizedDiceLoss(w_type=\"square\""));
}

#[test]
fn bce_dice_weights() {
    let c = LossConfig::default_for(LossName::BceDice);
    assert!(code(&c, Library::Monai).contains("lambda_ce=0.001, lambda_dice=1.0, smooth_nr=1.0"));
    assert!(code(&c, Library::Pytorch).contains("(0.001 * bce + 1.0 * dice)"));
}

#[test]
fn every_snippet_defines_loss_fn() {
    for name in LossName::ALL {
        for s in snippets(&LossConfig::default_for(name)) {
            assert!(s.code.contains("loss_fn"), "{name:?} {}", s.library.as_str());
        }
    }
}

// ---- The batch reduction (issue 14, item 11) ----
//
// Expected call texts are written by hand from each library's documented batch variant:
// - MONAI (`monai.losses.DiceLoss` and its siblings, docs and `monai/losses/dice.py` 1.6):
//   "batch: whether to sum the intersection and union areas over the batch dimension before
//   the dividing. Defaults to False, a Dice loss value is computed independently from each
//   item in the batch before any `reduction`." Pooled is `batch=True`.
// - smp (`segmentation_models_pytorch/losses/dice.py`, `jaccard.py`, `tversky.py` 0.6):
//   binary mode reshapes to `(bs, 1, -1)` and sums over `dims = (0, 2)`: the batch is always
//   pooled, and per image needs a loop over the images.
// - Keras 3 (`keras.losses.Dice`, `keras.losses.Tversky`): "axis: Tuple for which dimensions
//   the loss is calculated. Defaults to `None`" (all of them: the batch pooled).
// - Plain torch: the sums over `(1, 2, 3)` (per image) or `(0, 1, 2, 3)` (the whole batch).

/// Region losses whose libraries have a batch switch, each with the parameters that make
/// MONAI use its own class (not a hand-written formula).
fn region_configs() -> Vec<LossConfig> {
    vec![
        LossConfig::default_for(LossName::Dice),
        config(LossName::Dice, &[("squared", ParamValue::Bool(true))]),
        LossConfig::default_for(LossName::Iou),
        config(LossName::Iou, &[("empty", word("plain"))]),
        LossConfig::default_for(LossName::Tversky),
        LossConfig::default_for(LossName::FocalTversky),
        LossConfig::default_for(LossName::BceDice),
        config(LossName::GeneralizedDice, &[("absent", word("max"))]),
    ]
}

#[test]
fn monai_batch_true_pools_batch_false_keeps_images() {
    for c in region_configs() {
        let per = snippet(&c, Library::Monai).code;
        let pool = pooled(&c, Library::Monai).code;
        assert!(per.contains("batch=False") && !per.contains("batch=True"), "{per}");
        assert!(pool.contains("batch=True") && !pool.contains("batch=False"), "{pool}");
    }
    // The exact calls of the defaults (smooth 1, the article's weights).
    let dice = pooled(&LossConfig::default_for(LossName::Dice), Library::Monai).code;
    assert!(
        dice.contains(
            "DiceLoss(sigmoid=True, smooth_nr=1.0, smooth_dr=1.0, squared_pred=False, batch=True)"
        ),
        "{dice}"
    );
    let bd = pooled(&LossConfig::default_for(LossName::BceDice), Library::Monai).code;
    assert!(
        bd.contains("DiceCELoss(sigmoid=True, lambda_ce=0.001, lambda_dice=1.0, smooth_nr=1.0, smooth_dr=1.0, squared_pred=False, batch=True)"),
        "{bd}"
    );
    let t = pooled(&LossConfig::default_for(LossName::Tversky), Library::Monai).code;
    assert!(
        t.contains("TverskyLoss(sigmoid=True, alpha=0.3, beta=0.7, smooth_nr=1.0, smooth_dr=1.0, batch=True)"),
        "{t}"
    );
    let g = config(LossName::GeneralizedDice, &[("absent", word("max"))]);
    assert!(pooled(&g, Library::Monai).code.contains(
        "GeneralizedDiceLoss(w_type=\"square\", smooth_nr=0.0, smooth_dr=0.0, batch=True)"
    ));
}

#[test]
fn smp_pools_by_itself_and_loops_per_image() {
    let dice = LossConfig::default_for(LossName::Dice);
    let per = snippet(&dice, Library::Smp);
    assert!(per.code.contains("for z, y in zip(logits, target):"), "{}", per.code);
    assert!(per.notes.contains(&Note::PerImageLoop) && per.notes.contains(&Note::EmptyImageZero));
    let pool = pooled(&dice, Library::Smp);
    assert!(
        pool.code.contains(
            "dice = smp.losses.DiceLoss(mode=\"binary\", from_logits=True, smooth=0.5)\nloss_fn = dice"
        ),
        "{}",
        pool.code
    );
    assert!(!pool.code.contains("zip("), "{}", pool.code);
    assert!(!pool.notes.contains(&Note::PerImageLoop));
    assert!(
        pool.notes.contains(&Note::EmptyBatchZero) && !pool.notes.contains(&Note::EmptyImageZero)
    );
    for loss in [LossName::Iou, LossName::Tversky, LossName::FocalTversky, LossName::BceDice] {
        let c = LossConfig::default_for(loss);
        assert!(snippet(&c, Library::Smp).code.contains("zip(logits, target)"), "{loss}");
        let p = pooled(&c, Library::Smp).code;
        assert!(!p.contains("zip("), "{loss}: {p}");
    }
    // IoU's empty complement, pooled: the whole batch's target decides.
    let iou = pooled(&LossConfig::default_for(LossName::Iou), Library::Smp).code;
    assert!(
        iou.contains("if target.sum() == 0:") && iou.contains("return jaccard(logits, target)")
    );
    let bd = pooled(&LossConfig::default_for(LossName::BceDice), Library::Smp).code;
    assert!(bd.contains("return 0.001 * bce(logits, target) + 1.0 * dice(logits, target)"), "{bd}");
}

#[test]
fn keras_axis_none_pools_the_batch() {
    let z = config(LossName::Dice, &[("smooth", num(0.0))]);
    assert!(code(&z, Library::Keras).contains("keras.losses.Dice(axis=(1, 2, 3)"));
    assert!(pooled(&z, Library::Keras).code.contains("keras.losses.Dice(axis=None"));
    let t = config(LossName::Tversky, &[("smooth", num(0.0))]);
    assert!(pooled(&t, Library::Keras)
        .code
        .contains("keras.losses.Tversky(alpha=0.7, beta=0.3, axis=None"));
    // Hand-written formulas: `axis = None` sums everything.
    for loss in [LossName::Dice, LossName::Iou, LossName::Tversky, LossName::SensitivitySpecificity]
    {
        let c = LossConfig::default_for(loss);
        assert!(code(&c, Library::Keras).contains("    axis = (1, 2, 3)"), "{loss}");
        assert!(pooled(&c, Library::Keras).code.contains("    axis = None"), "{loss}");
    }
    let bd = pooled(&LossConfig::default_for(LossName::BceDice), Library::Keras).code;
    assert!(bd.contains("axis=None)  # clipped"), "{bd}");
}

#[test]
fn torch_sums_over_the_batch_when_pooled() {
    for loss in [
        LossName::Dice,
        LossName::Iou,
        LossName::Tversky,
        LossName::FocalTversky,
        LossName::SensitivitySpecificity,
        LossName::BceDice,
    ] {
        let c = LossConfig::default_for(loss);
        assert!(code(&c, Library::Pytorch).contains("dims = (1, 2, 3)"), "{loss}");
        assert!(pooled(&c, Library::Pytorch).code.contains("dims = (0, 1, 2, 3)"), "{loss}");
    }
    let ss = LossConfig::default_for(LossName::SensitivitySpecificity);
    assert!(code(&ss, Library::Pytorch).contains("n = target[0].numel()"));
    assert!(pooled(&ss, Library::Pytorch).code.contains("n = target.numel()"));
    let g = LossConfig::default_for(LossName::GeneralizedDice);
    assert!(code(&g, Library::Pytorch).contains("dims = (2, 3)"));
    assert!(pooled(&g, Library::Pytorch).code.contains("dims = (0, 2, 3)"));
}

#[test]
fn focal_sum_and_balanced_weight_follow_the_reduction() {
    // Per image: the sum over each image's pixels, then the mean: the batch sum / B. Pooled:
    // the sum over the batch's pixels.
    let c = config(LossName::Focal, &[("reduction", word("sum"))]);
    let per = code(&c, Library::Pytorch);
    let pool = pooled(&c, Library::Pytorch).code;
    assert!(per.contains("reduction=\"sum\") / logits.shape[0]"), "{per}");
    assert!(pool.contains("reduction=\"sum\")\n") && !pool.contains("shape[0]"), "{pool}");
    assert!(pooled(&c, Library::Smp).code.contains(
        "loss_fn = smp.losses.FocalLoss(mode=\"binary\", alpha=0.25, gamma=2.0, reduction=\"sum\")"
    ));
    // Balanced pos_weight: one weight from the whole batch.
    let b = config(LossName::Wce, &[("pos_weight", word("balanced"))]);
    for s in losslab_core::codegen::snippets(&b, POOLED) {
        assert!(s.notes.contains(&Note::BalancedPooled), "{}", s.library.as_str());
        assert!(!s.notes.contains(&Note::BalancedPerImage), "{}", s.library.as_str());
    }
    assert!(pooled(&b, Library::Pytorch).code.contains("sy = target.sum()\n"));
}

#[test]
fn each_snippet_says_its_reduction() {
    for name in LossName::ALL {
        for r in [PER_IMAGE, POOLED] {
            for s in losslab_core::codegen::snippets(&LossConfig::default_for(name), r) {
                assert_eq!(s.reduction, r);
                // A pixel mean is the same either way; anything else names its variant.
                let says = match r {
                    PER_IMAGE => ["per image", "batch=False", "zip("],
                    POOLED => ["pooled", "batch=True", "axis=None"],
                };
                assert!(
                    says.iter().any(|w| s.code.contains(w)),
                    "{name} {} {r:?}:\n{}",
                    s.library.as_str(),
                    s.code
                );
            }
        }
    }
}

// ---- BCE + Dice's weights (issue 14, item 10) ----

#[test]
fn bce_dice_libraries_preset_is_monais_default_call() {
    use losslab_core::params::bce_dice::WeightPreset;
    // MONAI 1.6 `DiceCELoss.__init__`: `lambda_dice: float = 1.0, lambda_ce: float = 1.0`;
    // one channel: `self.bce(input, target)`, `nn.BCEWithLogitsLoss(reduction="mean")`.
    let (w_bce, w_dice) = WeightPreset::Libraries.weights();
    let c = config(LossName::BceDice, &[("w_bce", num(w_bce)), ("w_dice", num(w_dice))]);
    let m = pooled(&c, Library::Monai);
    assert!(
        m.code.contains("DiceCELoss(sigmoid=True, lambda_ce=1.0, lambda_dice=1.0,"),
        "{}",
        m.code
    );
    assert!(!m.notes.iter().any(|n| matches!(n, Note::BceDiceWeights { .. })), "{:?}", m.notes);
    assert!(code(&c, Library::Pytorch).contains("(1.0 * bce + 1.0 * dice)"));
    // The article's weight: the snippet keeps it and every library says it is not 1 : 1.
    let a = LossConfig::default_for(LossName::BceDice);
    for s in losslab_core::codegen::snippets(&a, POOLED) {
        assert!(
            s.notes.contains(&Note::BceDiceWeights { w_bce: 0.001, w_dice: 1.0 }),
            "{}: {:?}",
            s.library.as_str(),
            s.notes
        );
    }
    assert!(pooled(&a, Library::Monai).code.contains("lambda_ce=0.001, lambda_dice=1.0"));
}

// ---- The losses of losses-compound.md ----
//
// Expected call texts are written by hand from the contract (`shared/docs/losses-compound.md`,
// each section's library column) and the libraries' signatures: MONAI 1.6
// `DiceCELoss(..., smooth_nr, smooth_dr, batch, weight, lambda_dice, lambda_ce)` (one channel:
// `BCEWithLogitsLoss(pos_weight=weight)`), `DiceFocalLoss(..., gamma, weight, lambda_dice,
// lambda_focal, alpha)` (its `FocalLoss.forward` casts with `input.float()`); smp 0.6
// `LovaszLoss(mode, per_image, ...)` (`_lovasz_grad` casts with `.float()`, sorts with
// `torch.sort`, unstable), `DiceLoss(..., smooth)` scoring `(TP + s)/((Σy + Σp)/2 + s)`,
// `FocalLoss(mode, alpha=None, gamma=2.0)`; nnU-Net `TopKLoss`: `int(num_voxels * k / 100)`.
// `tools/oracle/check_snippets.py` runs them all against `losslab eval`.

use losslab_core::codegen::{compound_snippet, compound_snippets};
use losslab_core::{Compound, Loss, Schedule, Term};

const ADDED: [LossName; 7] = LossName::COMPOUND;

#[test]
fn monai_ships_dice_ce_and_dice_focal_with_the_contracts_arguments() {
    let c = LossConfig::default_for(LossName::DiceCe);
    let per = snippet(&c, Library::Monai);
    assert!(per.code.contains("loss_fn = DiceCELoss(sigmoid=True, smooth_nr=1e-5, smooth_dr=1e-5, lambda_dice=1.0, lambda_ce=1.0, weight=torch.tensor([1.0]), batch=False)"), "{}", per.code);
    assert!(per.notes.is_empty(), "{:?}", per.notes);
    let w = config(LossName::DiceCe, &[("pos_weight", num(3.0)), ("w_ce", num(0.5))]);
    let pool = pooled(&w, Library::Monai).code;
    assert!(pool.contains("lambda_ce=0.5, weight=torch.tensor([3.0]), batch=True)"), "{pool}");

    let f = LossConfig::default_for(LossName::DiceFocal);
    let s = snippet(&f, Library::Monai);
    assert!(s.code.contains("loss_fn = DiceFocalLoss(sigmoid=True, smooth_nr=1e-5, smooth_dr=1e-5, gamma=2.0, lambda_dice=1.0, lambda_focal=1.0, alpha=None, batch=False)"), "{}", s.code);
    assert!(s.notes.contains(&Note::Float32), "MONAI's focal part is float32: {:?}", s.notes);
    let a = config(LossName::DiceFocal, &[("alpha", num(0.25)), ("gamma", num(1.5))]);
    let pool = pooled(&a, Library::Monai).code;
    assert!(pool.contains("gamma=1.5,") && pool.contains("alpha=0.25, batch=True)"), "{pool}");
}

#[test]
fn smp_builds_dice_ce_and_dice_focal_from_its_parts_when_the_smoothing_allows() {
    // losslab's s_nr = s_dr = 1e-5 is smp's smooth 5e-6 (smp's Dice halves the sums).
    let c = LossConfig::default_for(LossName::DiceCe);
    let s = snippet(&c, Library::Smp);
    assert!(
        s.code.contains("DiceLoss(mode=\"binary\", from_logits=True, smooth=5e-6)"),
        "{}",
        s.code
    );
    assert!(s.code.contains("SoftBCEWithLogitsLoss(pos_weight=torch.tensor(1.0))"), "{}", s.code);
    assert!(s.code.contains("losses.append(1.0 * ce(z, y) + 1.0 * dice(z, y))"), "{}", s.code);
    assert!(s.notes.contains(&Note::SmoothTranslated { ours: 1e-5, theirs: 5e-6 }));
    assert!(s.notes.contains(&Note::EmptyImageZero) && s.notes.contains(&Note::HardTargetsOnly));
    let f = config(LossName::DiceFocal, &[("w_focal", num(2.0))]);
    let p = pooled(&f, Library::Smp);
    assert!(p.code.contains("FocalLoss(mode=\"binary\", alpha=None, gamma=2.0)"), "{}", p.code);
    assert!(p.code.contains("return 2.0 * focal(logits, target) + 1.0 * dice(logits, target)"));
    assert!(p.notes.contains(&Note::EmptyBatchZero), "{:?}", p.notes);
    // One smooth in smp: unequal terms are torch's formula.
    let u = config(LossName::DiceCe, &[("smooth_nr", num(0.0)), ("smooth_dr", num(1.0))]);
    let s = snippet(&u, Library::Smp);
    assert!(s.notes.contains(&Note::NotExpressible { setting: "smooth_dr" }), "{:?}", s.notes);
    assert!(s.code.contains("dice = 1 - (2 * inter + 0.0) / (den + 1.0)"), "{}", s.code);
    assert!(!s.code.contains("smp.losses"), "{}", s.code);
}

#[test]
fn smp_lovasz_takes_per_image_and_float32() {
    let c = LossConfig::default_for(LossName::LovaszHinge);
    let per = snippet(&c, Library::Smp);
    assert!(
        per.code.contains("smp.losses.LovaszLoss(mode=\"binary\", per_image=True)"),
        "{}",
        per.code
    );
    assert!(per.code.contains("lovasz(logits.float(), target.float())"), "{}", per.code);
    assert!(per.notes.contains(&Note::Float32) && per.notes.contains(&Note::UnstableTies));
    let pool = pooled(&c, Library::Smp).code;
    assert!(pool.contains("per_image=False)"), "{pool}");
    // The hand-written version sorts stably: ties lower index first.
    for l in [Library::Pytorch, Library::Monai] {
        let s = snippet(&c, l);
        assert!(s.code.contains("torch.sort(errors, descending=True, stable=True)"), "{}", s.code);
        assert!(!s.notes.contains(&Note::UnstableTies));
    }
}

#[test]
fn written_by_hand_exactly_where_a_library_lacks_the_loss() {
    let shipped = [
        (Library::Monai, LossName::DiceCe),
        (Library::Monai, LossName::DiceFocal),
        (Library::Smp, LossName::DiceCe),
        (Library::Smp, LossName::DiceFocal),
        (Library::Smp, LossName::LovaszHinge),
    ];
    for loss in ADDED {
        for r in [PER_IMAGE, POOLED] {
            for s in losslab_core::codegen::snippets(&LossConfig::default_for(loss), r) {
                let hand = s.notes.contains(&Note::Handwritten);
                // Plain PyTorch is always formulas (as for every loss); the rest say so.
                let want = s.library != Library::Pytorch && !shipped.contains(&(s.library, loss));
                assert_eq!(hand, want, "{loss} {} {r:?}: {:?}", s.library.as_str(), s.notes);
            }
        }
    }
}

#[test]
fn topk_counts_like_nnunet_and_selects_ties_lower_index_first() {
    // nnU-Net: int(num_voxels * self.k / 100), in that order (k = 29, N = 100 gives 29).
    let c = config(LossName::TopkCe, &[("k", num(29.0))]);
    for s in snippets(&c) {
        assert!(s.code.contains("k = int(ce.shape[1] * 29.0 / 100)"), "{}", s.code);
        assert!(s.code.contains("if k == 0:"), "{}", s.code);
        assert!(s.code.contains("(target >= 1)") || s.code.contains("(y_true >= 1"), "{}", s.code);
    }
    let torch = code(&c, Library::Pytorch);
    assert!(torch.contains("descending=True, stable=True).indices[:, :k]"), "{torch}");
    assert!(torch.contains("margin.flatten(1)"), "per image: {torch}");
    assert!(pooled(&c, Library::Pytorch).code.contains("margin.reshape(1, -1)"));
    assert!(code(&c, Library::Keras).contains("ops.argsort(-margin, axis=-1)[:, :k]"));
}

#[test]
fn logit_native_losses_in_keras_start_from_the_clipped_probabilities() {
    // losses-compound.md: a prob input is the library's loss on z = ln p̂ − ln(1 − p̂).
    for loss in [LossName::DiceCe, LossName::DiceFocal, LossName::TopkCe, LossName::LovaszHinge] {
        let k = code(&LossConfig::default_for(loss), Library::Keras);
        assert!(k.contains("y_pred = ops.clip(y_pred, 1e-7, 1 - 1e-7)"), "{loss}: {k}");
    }
    let k = code(&LossConfig::default_for(LossName::LovaszHinge), Library::Keras);
    assert!(k.contains("z = ops.log(y_pred) - ops.log1p(-y_pred)"), "{k}");
    // Log-cosh Dice has no clip (no log of p).
    let k = code(&LossConfig::default_for(LossName::LogCoshDice), Library::Keras);
    assert!(!k.contains("ops.clip") && k.contains("ops.log(ops.cosh(dice))"), "{k}");
}

#[test]
fn combo_writes_each_forms_weights() {
    // (a, b) of −a·y·ln p̂ − b·(1−y)·ln(1−p̂) for β = 0.75: paper (β, 1−β) = (0.75, 0.25);
    // authors_2019 (β, β(1−β)) = (0.75, 0.1875); authors_2020 (β, −(1−β)) = (0.75, −0.25).
    let cases = [
        ("paper", "0.75 * target * torch.log(q) + 0.25 * (1 - target) * torch.log(1 - q)"),
        ("authors_2019", "0.75 * target * torch.log(q) + 0.1875 * (1 - target)"),
        ("authors_2020", "0.75 * target * torch.log(q) - 0.25 * (1 - target)"),
    ];
    for (form, want) in cases {
        let c = config(LossName::Combo, &[("form", word(form)), ("beta", num(0.75))]);
        let torch = code(&c, Library::Pytorch);
        assert!(torch.contains(&format!("ce = -({want}")), "{form}: {torch}");
        assert!(torch.contains(&format!("# form \"{form}\"")), "{form}: {torch}");
        // The loss subtracts the Dice coefficient itself.
        assert!(torch.contains("(0.5 * ce - (1 - 0.5) * d)"), "{torch}");
        let keras = code(&c, Library::Keras);
        let want = want.replace("target", "y_true").replace("torch.log", "ops.log");
        assert!(keras.contains(&want), "{form}: {keras}");
    }
}

#[test]
fn unified_focal_puts_lambda_on_the_focal_tversky_part() {
    let c = config(
        LossName::UnifiedFocal,
        &[("lambda", num(0.2)), ("delta", num(0.7)), ("gamma", num(0.25))],
    );
    for s in snippets(&c) {
        assert!(s.code.contains("delta, gamma, eps = 0.7, 0.25, 1e-7"), "{}", s.code);
        assert!(s.code.contains("0.2 * focal_tversky + (1 - 0.2) * focal"), "{}", s.code);
        assert!(s.code.contains("(1 - tversky(y1, q1)) ** (1 - gamma)"), "{}", s.code);
    }
}

// ---- The compound builder as code ----

fn term(loss: LossName, params: &[(&str, ParamValue)], weight: f64) -> Term {
    Term { loss: Loss::new(config(loss, params)).expect("valid"), weight }
}

/// The lines of `code` from `def term_{n}():` to its `return loss_fn`.
fn factory(code: &str, n: usize) -> Vec<&str> {
    let head = format!("def term_{n}():");
    let lines: Vec<&str> = code.lines().collect();
    let start = lines.iter().position(|l| *l == head).expect("the factory");
    let end = start + lines[start..].iter().position(|l| *l == "    return loss_fn").expect("end");
    lines[start + 1..end].to_vec()
}

#[test]
fn a_compound_is_each_terms_own_snippet_weighted() {
    let c = Compound::new(
        [term(LossName::Dice, &[], 1.0), term(LossName::TopkCe, &[], 0.5)],
        Schedule::Constant,
    )
    .expect("valid");
    for s in compound_snippets(&c, PER_IMAGE) {
        let code = &s.code;
        let (x, y) =
            if s.library == Library::Keras { ("y_true", "y_pred") } else { ("logits", "target") };
        assert!(code.contains(&format!("def loss_fn({x}, {y}):\n    w1, w2 = 1.0, 0.5\n    return w1 * loss_1({x}, {y}) + w2 * loss_2({x}, {y})\n")), "{code}");
        assert!(
            code.contains("loss_1 = term_1()  # dice\nloss_2 = term_2()  # topk_ce\n"),
            "{code}"
        );
        // Each factory holds the term's own snippet (imports hoisted), indented.
        for (n, loss) in [(1, LossName::Dice), (2, LossName::TopkCe)] {
            let alone = losslab_core::codegen::snippet(
                &LossConfig::default_for(loss),
                s.library,
                PER_IMAGE,
            );
            let body: Vec<String> = factory(code, n)[1..].iter().map(|l| l.to_string()).collect();
            let want: Vec<String> = alone
                .code
                .lines()
                .filter(|l| !l.starts_with("import ") && !l.starts_with("from "))
                .skip_while(|l| l.is_empty())
                .map(|l| if l.is_empty() { String::new() } else { format!("    {l}") })
                .collect();
            assert_eq!(body, want, "{} term {n}", s.library.as_str());
            for note in &alone.notes {
                assert_eq!(s.notes.iter().filter(|m| *m == note).count(), 1, "{note:?}");
            }
        }
        for line in code.lines().filter(|l| l.starts_with("import ") || l.starts_with("from ")) {
            assert_eq!(code.matches(&format!("{line}\n")).count(), 1, "{line} once: {code}");
        }
        assert_eq!(s.reduction, PER_IMAGE);
    }
}

#[test]
fn the_same_loss_twice_keeps_each_terms_parameters() {
    let c = Compound::new(
        [term(LossName::Dice, &[], 1.0), term(LossName::Dice, &[("smooth", num(0.1))], 1.0)],
        Schedule::Constant,
    )
    .expect("valid");
    let s = compound_snippet(&c, Library::Pytorch, POOLED);
    assert!(factory(&s.code, 1).iter().any(|l| l.contains("(2 * inter + 1.0) / (den + 1.0)")));
    assert!(factory(&s.code, 2).iter().any(|l| l.contains("(2 * inter + 0.1) / (den + 0.1)")));
    assert!(s.code.contains("dims = (0, 1, 2, 3)"), "pooled: {}", s.code);
}

#[test]
fn a_schedule_becomes_weights_of_the_step() {
    // Compound::weights_at: linear from the terms' weights at step 0 to `end` at `steps`, then
    // `end`; a step schedule switches to `end` at step `at`.
    let linear = Compound::new(
        [term(LossName::Dice, &[], 1.0), term(LossName::Bce, &[], 0.0)],
        Schedule::Linear { steps: 100, end: [0.01, 0.99] },
    )
    .expect("valid");
    for s in compound_snippets(&linear, POOLED) {
        assert!(
            s.code.contains("def weights(step):\n")
                && s.code.contains("    if step >= 100:\n        return 0.01, 0.99\n    u = step / 100\n    return 1.0 + (0.01 - 1.0) * u, 0.0 + (0.99 - 0.0) * u\n"),
            "{}",
            s.code
        );
        let args = if s.library == Library::Keras { "y_true, y_pred" } else { "logits, target" };
        assert!(
            s.code.contains(&format!("def loss_fn({args}, step):\n    w1, w2 = weights(step)\n")),
            "{}",
            s.code
        );
    }
    let step = Compound::new(
        [term(LossName::BceDice, &[], 1.0), term(LossName::LovaszHinge, &[], 0.0)],
        Schedule::Step { at: 10, end: [0.5, 2.0] },
    )
    .expect("valid");
    let s = compound_snippet(&step, Library::Monai, PER_IMAGE);
    assert!(s.code.contains("    return (0.5, 2.0) if step >= 10 else (1.0, 0.0)\n"), "{}", s.code);
    // The terms' notes come along: bce_dice's weights, MONAI's hand-written Lovász.
    assert!(s.notes.contains(&Note::BceDiceWeights { w_bce: 0.001, w_dice: 1.0 }));
    assert!(s.notes.contains(&Note::Handwritten));
    // A constant compound takes no step.
    let constant = Compound::new(
        [term(LossName::Dice, &[], 1.0), term(LossName::Bce, &[], 1.0)],
        Schedule::Constant,
    )
    .expect("valid");
    assert!(!compound_snippet(&constant, Library::Smp, POOLED).code.contains("step"));
}

// ---- The geometry losses of losses-geometry.md ----
//
// Expected call texts written by hand from MONAI 1.6.1's signatures (read in the installed
// package): `HausdorffDTLoss(alpha=2.0, include_background=False, to_onehot_y, sigmoid,
// softmax, other_act, reduction, batch=False)` (`batch=True` adds dim 0 to the mean; the
// fields are per item either way); `SoftclDiceLoss(iter_=3, smooth_nr=1.0, smooth_dr=1.0,
// smooth=1e-4, include_background=True, ..., sigmoid, ...)`, `iter_` an int (a float raises
// TypeError), reducing over every dim but the batch, then the mean (no batch switch);
// `SoftDiceclDiceLoss(iter_, alpha=0.5, smooth_nr, smooth_dr, smooth, ...)` =
// `(1 − alpha)·DiceLoss(smooth_nr, smooth_dr) + alpha·SoftclDiceLoss`. The boundary loss from
// LIVIAETS/boundary-loss 171c32d: `one_hot2dist(seg, dtype)`, `SurfaceLoss(idc=[1])`.

const GEOMETRY: [LossName; 4] =
    [LossName::Boundary, LossName::HausdorffDt, LossName::Cldice, LossName::DiceCldice];

#[test]
fn monai_ships_hausdorff_and_cldice_with_the_contracts_arguments() {
    let h = LossConfig::default_for(LossName::HausdorffDt);
    let per = snippet(&h, Library::Monai);
    assert!(per.code.contains("loss_fn = HausdorffDTLoss(alpha=2.0, include_background=True, sigmoid=True, batch=False)\n"), "{}", per.code);
    assert!(per.notes.contains(&Note::Float32) && per.notes.contains(&Note::DistanceMapsOnCpu));
    let a = config(LossName::HausdorffDt, &[("alpha", num(0.5))]);
    assert!(pooled(&a, Library::Monai)
        .code
        .contains("HausdorffDTLoss(alpha=0.5, include_background=True, sigmoid=True, batch=True)"));

    let c = LossConfig::default_for(LossName::Cldice);
    let per = snippet(&c, Library::Monai);
    assert!(
        per.code.contains("loss_fn = SoftclDiceLoss(iter_=3, smooth_nr=1.0, smooth_dr=1.0, smooth=0.0001, sigmoid=True)\n"),
        "{}",
        per.code
    );
    assert!(per.notes.is_empty(), "{:?}", per.notes);
    // Pooled: MONAI has no batch switch; the batch goes in as the channels of one item.
    let pool = pooled(&c, Library::Monai);
    assert!(
        pool.code.contains("cldice(logits.transpose(0, 1), target.transpose(0, 1))"),
        "{}",
        pool.code
    );
    assert!(pool.notes.contains(&Note::BatchAsChannels));

    let d = config(LossName::DiceCldice, &[("alpha", num(0.3)), ("iterations", num(5.0))]);
    let per = snippet(&d, Library::Monai).code;
    assert!(per.contains("loss_fn = SoftDiceclDiceLoss(iter_=5, smooth_nr=1.0, smooth_dr=1.0, smooth=0.0001, alpha=0.3, sigmoid=True)\n"), "{per}");
    let pool = pooled(&d, Library::Monai).code;
    assert!(
        pool.contains("dice = DiceLoss(sigmoid=True, smooth_nr=1.0, smooth_dr=1.0, batch=True)"),
        "{pool}"
    );
    assert!(pool.contains("SoftclDiceLoss(iter_=5,"), "{pool}");
    assert!(pool.contains("return (1 - alpha) * dice(logits, target) + alpha * cldice(logits.transpose(0, 1), target.transpose(0, 1))"), "{pool}");
}

#[test]
fn the_boundary_loss_is_the_authors_code_with_its_two_switches() {
    let b = LossConfig::default_for(LossName::Boundary);
    for s in snippets(&b) {
        assert!(s.code.contains("def one_hot2dist(seg, dtype):"), "{}", s.code);
        assert!(s.code.contains("from scipy.ndimage import distance_transform_edt"));
        assert!(s.code.contains("idc = [1]  #") && s.code.contains("dtype = np.float64"));
        assert!(s.notes.contains(&Note::DistanceMapsOnCpu), "{:?}", s.notes);
    }
    let both = config(
        LossName::Boundary,
        &[("include_background", ParamValue::Bool(true)), ("truncate", ParamValue::Bool(true))],
    );
    for s in snippets(&both) {
        assert!(
            s.code.contains("idc = [0, 1]  #") && s.code.contains("dtype = np.int32"),
            "{}",
            s.code
        );
    }
    // The authors' map: outside + distance to the object, inside −(distance to the background − 1).
    assert!(code(&b, Library::Pytorch).contains(
        "res[k] = distance_transform_edt(negmask) * negmask - (distance_transform_edt(posmask) - 1) * posmask"
    ));
}

#[test]
fn the_skeleton_iterations_and_smoothing_reach_every_library() {
    let c = config(
        LossName::Cldice,
        &[("iterations", num(7.0)), ("smooth_nr", num(0.0)), ("smooth_dr", num(0.5))],
    );
    for s in snippets(&c) {
        let k = if s.library == Library::Monai { "iter_=7," } else { "soft_skel(" };
        assert!(s.code.contains(k), "{}", s.code);
        if s.library != Library::Monai {
            assert!(s.code.contains("+ 0.0) / (") && s.code.contains("+ 0.5)"), "{}", s.code);
        }
    }
    assert!(code(&c, Library::Pytorch).contains("soft_skel(p, 7), soft_skel(target, 7)"));
    assert!(code(&c, Library::Keras).contains("soft_skel(y_pred, 7), soft_skel(y_true, 7)"));
    // Keras' pooling keeps the border out of the minimum, as torch's padding does.
    assert!(
        code(&c, Library::Keras).contains("ops.max_pool(-x, (3, 1), strides=1, padding=\"same\")")
    );
}

#[test]
fn geometry_written_by_hand_exactly_where_a_library_lacks_the_loss() {
    let shipped = [
        (Library::Monai, LossName::HausdorffDt),
        (Library::Monai, LossName::Cldice),
        (Library::Monai, LossName::DiceCldice),
    ];
    for loss in GEOMETRY {
        for r in [PER_IMAGE, POOLED] {
            for s in losslab_core::codegen::snippets(&LossConfig::default_for(loss), r) {
                let hand = s.notes.contains(&Note::Handwritten);
                let want = s.library != Library::Pytorch && !shipped.contains(&(s.library, loss));
                assert_eq!(hand, want, "{loss} {} {r:?}: {:?}", s.library.as_str(), s.notes);
            }
        }
    }
}

#[test]
fn cldice_sums_per_image_or_over_the_batch() {
    for loss in [LossName::Cldice, LossName::DiceCldice] {
        let c = LossConfig::default_for(loss);
        for l in [Library::Pytorch, Library::Smp] {
            assert!(snippet(&c, l).code.contains("dims = (1, 2, 3)"), "{loss}");
            assert!(pooled(&c, l).code.contains("dims = (0, 1, 2, 3)"), "{loss}");
        }
        assert!(snippet(&c, Library::Keras).code.contains("axis = (1, 2, 3)"), "{loss}");
        assert!(pooled(&c, Library::Keras).code.contains("axis = None"), "{loss}");
    }
}
