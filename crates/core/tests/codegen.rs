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

use losslab_core::codegen::{py, snippet, snippets, Library, Note};
use losslab_core::{LossConfig, LossName, ParamValue};

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
