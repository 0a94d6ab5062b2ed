//! The edge cases of `losses.md`, each a named test with its stated result, derived by hand
//! in the comments (the oracle is the formula, not the code).

mod common;
use common::*;
use losslab_core::{
    AbsentPolicy, Binary, DiceParams, EmptyPolicy, GeneralizedDiceParams, InputError, IouParams,
    Loss, LossConfig, LossName, MultiClass, SensitivitySpecificityParams, TverskyParams,
    WeightType, EPS,
};

fn all_finite(e: &losslab_core::Evaluation<f64>) -> bool {
    e.value.is_finite()
        && e.grad_prob.iter().all(|g| g.is_finite())
        && e.grad_logit.iter().all(|g| g.is_finite())
}

const N: usize = 16;

#[test]
fn empty_target_gives_the_stated_value_for_every_loss() {
    // y = 0 everywhere, p = 0.1 everywhere, N = 16: Sp = 1.6.
    let t = vec![0.0; N];
    let p = vec![0.1; N];
    let sp = 1.6f64;
    let n = N as f64;
    let want = |name: LossName| -> f64 {
        match name {
            // −log(0.9) per pixel.
            LossName::Bce | LossName::Wce => -(0.9f64).ln(),
            // mean of −(1−α)·p^γ·log(1−p) = −0.75·0.01·log 0.9.
            LossName::Focal => -0.75 * 0.01 * (0.9f64).ln(),
            // 1 − 1/(Sp + 1).
            LossName::Dice => 1.0 - 1.0 / (sp + 1.0),
            // complement: J' = (N − Sp + ε)/(N + ε).
            LossName::Iou => 1.0 - (n - sp + 1e-6) / (n + 1e-6),
            // T = s/(β·Sp + s) = 1/(0.3·1.6 + 1).
            LossName::Tversky => 1.0 - 1.0 / (0.3 * sp + 1.0),
            LossName::FocalTversky => (1.0 - 1.0 / (0.3 * sp + 1.0)).powf(0.75),
            // Only the specificity term: (1 − λ)·Σp²/(N + s).
            LossName::SensitivitySpecificity => 0.95 * n * 0.01 / (n + 1e-5),
            // Classes [bg, fg]: fg absent → w₁ = 1e6; bg: Σr = 16 → w₀ = 1/(256 + 1e-6).
            // A = w₀·Σ(1−p) = w₀·14.4; B = w₀·(16 + 14.4) + w₁·1.6.
            LossName::GeneralizedDice => {
                let (w0, w1) = (1.0 / (256.0 + 1e-6), 1e6);
                1.0 - 2.0 * w0 * 14.4 / (w0 * 30.4 + w1 * sp)
            }
            LossName::BceDice => 1e-3 * -(0.9f64).ln() + 1.0 - 1.0 / (sp + 1.0),
            // losses-compound.md: z = logit(0.1), σ(z) = 0.1; the Dice part is
            // 1 − s_nr/(Sp + s_dr) with s = 1e-5; the CE part's mean is −log 0.9.
            LossName::DiceCe => 1.0 - 1e-5 / (sp + 1e-5) - (0.9f64).ln(),
            // The focal part without α, γ = 2: f = σ(z) = 0.1, so 0.01·(−log 0.9).
            LossName::DiceFocal => 1.0 - 1e-5 / (sp + 1e-5) - 0.01 * (0.9f64).ln(),
            // K = trunc(16·10/100) = 1 pixel, each pixel's term −log 0.9.
            LossName::TopkCe => -(0.9f64).ln(),
            // Empty target: max(0, 1 + max z) = max(0, 1 − log 9) = 0.
            LossName::LovaszHinge => 0.0,
            // x = 1 − D = 1 − 1/(Sp + 1).
            LossName::LogCoshDice => (1.0 - 1.0 / (sp + 1.0)).cosh().ln(),
            // 0.5·CE − 0.5·D with the paper's CE (0.5, 0.5): CE = 0.5·(−log 0.9).
            LossName::Combo => 0.5 * 0.5 * -(0.9f64).ln() - 0.5 / (sp + 1.0),
            // q₀ = 0.9 (y₀ = 1), q₁ = 0.1 (y₁ = 0), δ = 0.6, γ = 0.5, λ = 0.5:
            // L_F = 0.4·0.1^0.5·(−log 0.9); T₀ = (14.4 + ε)/(14.4 + 0.6·1.6 + ε),
            // T₁ = ε/(0.4·1.6 + ε); L_FT = ½[(1 − T₀) + (1 − T₁)^0.5].
            LossName::UnifiedFocal => {
                let e = 1e-7f64;
                let lf = 0.4 * 0.1f64.sqrt() * -(0.9f64).ln();
                let t0 = (14.4 + e) / (14.4 + 0.6 * 1.6 + e);
                let t1 = e / (0.4 * 1.6 + e);
                0.5 * 0.5 * ((1.0 - t0) + (1.0f64 - t1).sqrt()) + 0.5 * lf
            }
            // losses-geometry.md: an empty target's signed distance map is 0.
            LossName::Boundary => 0.0,
            // Both fields 0: the target has no object, and no p exceeds 0.5.
            LossName::HausdorffDt => 0.0,
            // S_y = 0 → Tsens = s_nr/s_dr = 1; p is constant, so open(p) = p and S_p = 0 →
            // Tprec = 1; L = 1 − 2/(2 + 1e-4).
            LossName::Cldice => 1.0 - 2.0 / (2.0 + 1e-4),
            // ½·Dice (1 − 1/(Sp + 1)) + ½·clDice.
            LossName::DiceCldice => {
                0.5 * (1.0 - 1.0 / (sp + 1.0)) + 0.5 * (1.0 - 2.0 / (2.0 + 1e-4))
            }
        }
    };
    for name in LossName::ALL {
        let e = eval(LossConfig::default_for(name), &t, &p);
        assert!(all_finite(&e), "{name}");
        assert!((e.value - want(name)).abs() < 1e-12, "{name}: {} vs {}", e.value, want(name));
    }
}

#[test]
fn empty_target_and_empty_prediction_with_zero_smoothing_is_zero_loss_flagged() {
    let t = vec![0.0; N];
    let p = vec![0.0; N];
    let configs = [
        LossConfig::Dice(DiceParams { smooth: 0.0, squared: false }),
        LossConfig::Iou(IouParams { eps: 0.0, empty: EmptyPolicy::Plain }),
        LossConfig::Tversky(TverskyParams { alpha: 0.7, beta: 0.3, smooth: 0.0 }),
    ];
    for config in configs {
        let e = eval(config, &t, &p);
        assert_eq!(e.value, 0.0, "{config:?}");
        assert!(e.zero_over_zero, "{config:?} flags 0/0");
        assert!(e.grad_prob.iter().all(|&g| g == 0.0));
    }
    // Sensitivity–specificity without smoothing on an empty target: the sensitivity term is
    // 0/0 (flagged, 0); the specificity term is Σp²/N = 0 here.
    let ss = LossConfig::SensitivitySpecificity(SensitivitySpecificityParams {
        lambda: 0.05,
        smooth: 0.0,
    });
    let e = eval(ss, &t, &[0.5; N]);
    assert!(e.zero_over_zero);
    assert!((e.value - 0.95 * 0.25).abs() < 1e-15, "(1−λ)·mean(p²) = 0.95·0.25");
}

#[test]
fn empty_target_dice_with_default_smoothing_has_a_real_gradient() {
    // losses.md: "on an empty target, Dice is 0.998 with a real gradient in the seed's form".
    // One pixel predicted 0.5 among 16 at p = 0.0 + ...: take Sp = 0.002·... simply check sign:
    // ∂L/∂p = (2I + s)/Den² = 1/(Sp + 1)² > 0 on every pixel.
    let t = vec![0.0; N];
    let p = vec![0.1; N];
    let e = eval(LossConfig::default_for(LossName::Dice), &t, &p);
    for g in &e.grad_prob {
        assert!((g - 1.0 / (2.6f64 * 2.6)).abs() < 1e-15);
    }
}

#[test]
fn all_one_target_gives_stated_values() {
    // y = 1 everywhere, p = 0.8: TP = 12.8, FN = 3.2, FP = 0.
    let t = vec![1.0; N];
    let p = vec![0.8; N];
    let bce = eval(LossConfig::Bce, &t, &p);
    assert!((bce.value + (0.8f64).ln()).abs() < 1e-15);
    let dice = eval(LossConfig::default_for(LossName::Dice), &t, &p);
    assert!((dice.value - (1.0 - (25.6 + 1.0) / (16.0 + 12.8 + 1.0))).abs() < 1e-14);
    let tversky = eval(LossConfig::default_for(LossName::Tversky), &t, &p);
    assert!((tversky.value - (1.0 - 13.8 / (12.8 + 0.7 * 3.2 + 1.0))).abs() < 1e-14);
    // Sensitivity–specificity: background term's denominator is s = 1e-5 with a zero sum.
    let ss = eval(LossConfig::default_for(LossName::SensitivitySpecificity), &t, &p);
    let want = 0.05 * 16.0 * 0.04 / (16.0 + 1e-5);
    assert!((ss.value - want).abs() < 1e-15, "{} vs {want}", ss.value);
    // GDL: background class absent → weight 1e6, and its p₀ = 0.2 everywhere.
    let gdl = eval(LossConfig::default_for(LossName::GeneralizedDice), &t, &p);
    assert_eq!(gdl.class_weights[0], 1e6);
    for name in LossName::ALL {
        assert!(all_finite(&eval(LossConfig::default_for(name), &t, &p)), "{name}");
    }
}

#[test]
fn perfect_prediction_gives_stated_values() {
    let t: Vec<f64> = (0..N).map(|i| if i % 5 == 0 { 1.0 } else { 0.0 }).collect();
    let p = t.clone();
    // Log losses clamp: every pixel costs −log(1 − ε), and the clip silences the gradient.
    let bce = eval(LossConfig::Bce, &t, &p);
    assert!((bce.value + (1.0 - EPS).ln()).abs() < 1e-18);
    assert!(bce.grad_prob.iter().all(|&g| g == 0.0));
    // Region losses reach exactly 0 with the default smoothing.
    for name in [LossName::Dice, LossName::Iou, LossName::Tversky, LossName::FocalTversky] {
        let e = eval(LossConfig::default_for(name), &t, &p);
        assert!(e.value.abs() < 1e-15, "{name}: {}", e.value);
    }
    // Dice's gradient is not zero at the optimum (p is bounded): −(2y − 1)/Den, Den = 2Sy + 1.
    let dice = eval(LossConfig::default_for(LossName::Dice), &t, &p);
    let den = 2.0 * 4.0 + 1.0;
    for (g, y) in dice.grad_prob.iter().zip(&t) {
        assert!((g + (2.0 * y - 1.0) / den).abs() < 1e-15);
    }
    // But the logit gradient is 0: p·(1 − p) = 0 at p ∈ {0, 1}.
    assert!(dice.grad_logit.iter().all(|&g| g == 0.0));
    let ss = eval(LossConfig::default_for(LossName::SensitivitySpecificity), &t, &p);
    assert_eq!(ss.value, 0.0);
}

#[test]
fn prediction_exactly_0_or_1_is_finite_and_clipped() {
    // Confidently wrong pixels: y = 1, p = 0 and y = 0, p = 1.
    let t = [1.0, 0.0, 1.0, 0.0];
    let p = [0.0, 1.0, 1.0, 0.0];
    for name in LossName::ALL {
        let e = eval(LossConfig::default_for(name), &t, &p);
        assert!(all_finite(&e), "{name}");
    }
    // BCE: two wrong pixels at −log ε each, two right ones at −log(1 − ε); mean over 4.
    let bce = eval(LossConfig::Bce, &t, &p);
    let want = (2.0 * -(EPS.ln()) + 2.0 * -((1.0 - EPS).ln())) / 4.0;
    // 1 − (1 − ε) is not exactly ε in f64 (as in Keras): agreement to ~1e-9 relative.
    assert!((bce.value - want).abs() < 1e-9 * want, "{} vs {want}", bce.value);
    // Outside [ε, 1 − ε] the clip's gradient is 0, even for the wrong pixels (Keras).
    assert!(bce.grad_prob.iter().all(|&g| g == 0.0));
    // Exactly at the edge ε the plain formula applies: ∂L/∂p = −1/(N·ε).
    let at_edge = eval(LossConfig::Bce, &[1.0], &[EPS]);
    assert!((at_edge.grad_prob[0] + 1.0 / EPS).abs() < 1e-3);
}

#[test]
fn one_pixel_image_gives_the_seed_single_pixel_dice() {
    // losses.md §4: for one pixel with s = 0, D = 2pt/(p + t), ∂D/∂p = 2t²/(p + t)².
    let (t, p) = (0.3, 0.2);
    let e = eval(LossConfig::Dice(DiceParams { smooth: 0.0, squared: false }), &[t], &[p]);
    assert!((e.value - (1.0 - 2.0 * p * t / (p + t))).abs() < 1e-15);
    assert!((e.grad_prob[0] + 2.0 * t * t / ((p + t) * (p + t))).abs() < 1e-15);
    for name in LossName::ALL {
        assert!(all_finite(&eval(LossConfig::default_for(name), &[1.0], &[0.5])), "{name}");
        assert!(all_finite(&eval(LossConfig::default_for(name), &[0.0], &[0.5])), "{name}");
    }
}

#[test]
fn absent_class_weights_follow_the_policy() {
    // Three classes over 4 pixels, class 2 absent: Σr = [3, 1, 0].
    let target = [1.0, 1.0, 1.0, 0.0, /**/ 0.0, 0.0, 0.0, 1.0, /**/ 0.0, 0.0, 0.0, 0.0];
    let prob = [0.7, 0.6, 0.8, 0.2, /**/ 0.2, 0.3, 0.1, 0.7, /**/ 0.1, 0.1, 0.1, 0.1];
    let weights = |absent| {
        let config = LossConfig::GeneralizedDice(GeneralizedDiceParams {
            smooth: 0.0,
            weight_type: WeightType::Square,
            absent,
        });
        let input = MultiClass::new(3, &target, &prob).expect("valid");
        Loss::new(config).expect("valid").evaluate_multi_class(input).expect("gdl")
    };
    let eps = weights(AbsentPolicy::Epsilon);
    assert_eq!(eps.class_weights[2], 1e6, "1/ε_w with ε_w = 1e-6");
    assert!((eps.class_weights[0] - 1.0 / (9.0 + 1e-6)).abs() < 1e-15);
    let max = weights(AbsentPolicy::Max);
    assert!((max.class_weights[2] - 1.0 / (1.0 + 1e-6)).abs() < 1e-15, "largest present weight");
    let zero = weights(AbsentPolicy::Zero);
    assert_eq!(zero.class_weights[2], 0.0);
    // With the class dropped, its probabilities no longer matter.
    assert!(zero.grad_prob[8..].iter().all(|&g| g == 0.0));
    // The explosion: with ε, the absent class's false positives dominate B.
    assert!(eps.value > zero.value);
}

#[test]
fn absent_policy_max_with_no_class_present_gives_zero_weights() {
    let config = LossConfig::GeneralizedDice(GeneralizedDiceParams {
        smooth: 0.0,
        weight_type: WeightType::Square,
        absent: AbsentPolicy::Max,
    });
    let e = Loss::new(config)
        .expect("valid")
        .evaluate_multi_class(MultiClass::new(1, &[0.0, 0.0], &[0.3, 0.1]).expect("valid"))
        .expect("gdl");
    assert_eq!(e.class_weights, vec![0.0]);
    assert!(e.zero_over_zero, "weights 0 and s = 0: 0/0");
    assert_eq!(e.value, 0.0);
}

#[test]
fn nan_and_out_of_range_inputs_are_rejected_with_a_clear_error() {
    let err = Binary::new(&[0.0, 1.0], &[0.5, f64::NAN]).expect_err("NaN");
    assert_eq!(err, InputError::NotFinite { field: "prob", index: 1 });
    assert_eq!(err.to_string(), "`prob[1]` is not a finite number");
    let err = Binary::new(&[0.0, 1.5], &[0.5, 0.5]).expect_err("target > 1");
    assert!(matches!(err, InputError::OutOfRange { field: "target", index: 1, .. }));
    let err = Binary::new(&[0.0], &[-0.1]).expect_err("negative prob");
    assert!(err.to_string().contains("outside [0, 1]"));
    assert_eq!(Binary::<f64>::new(&[], &[]).expect_err("empty"), InputError::Empty);
    assert!(matches!(
        Binary::new(&[0.0, 1.0], &[0.5]).expect_err("length"),
        InputError::LengthMismatch { expected: 2, actual: 1, .. }
    ));
    assert!(MultiClass::new(3, &[0.0; 4], &[0.0; 4]).is_err());
    assert!(MultiClass::new(0, &[0.0; 4], &[0.0; 4]).is_err());
}

#[test]
fn balanced_positive_weight_is_the_background_to_foreground_ratio() {
    use losslab_core::{PosWeight, WceParams};
    let balanced = LossConfig::Wce(WceParams { pos_weight: PosWeight::Balanced });
    // 1 positive in 16: w⁺ = 15. Value = −(15·log 0.5 + 15·log 0.5)/16.
    let mut t = vec![0.0; N];
    t[3] = 1.0;
    let e = eval(balanced, &t, &[0.5; N]);
    assert!((e.value - 30.0 * (2.0f64).ln() / 16.0).abs() < 1e-14);
    // Empty target: w⁺ = 1, the same as BCE.
    let e = eval(balanced, &[0.0; N], &[0.3; N]);
    assert!((e.value + (0.7f64).ln()).abs() < 1e-15);
    // The cap: 1 positive among 2·10⁴ + 1 pixels would give 2·10⁴; capped at 10⁴.
    let mut big = vec![0.0; 20_001];
    big[0] = 1.0;
    let e = eval(balanced, &big, &vec![0.5; 20_001]);
    let want = (1e4 * (2.0f64).ln() + 20_000.0 * (2.0f64).ln()) / 20_001.0;
    assert!((e.value - want).abs() < 1e-12);
}
