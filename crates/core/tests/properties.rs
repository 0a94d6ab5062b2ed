//! Property tests: for any valid input and any valid parameters, every value and gradient is
//! finite — including probabilities exactly 0 or 1, empty and full targets, and zero smoothing.

mod common;
use common::{random_config, Rng};
use losslab_core::{Binary, Loss, LossName, MultiClass};
use proptest::prelude::*;

fn pixel() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64, Just(1e-7), Just(1.0 - 1e-7), Just(1e-300)]
}

fn case() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    (1usize..48).prop_flat_map(|n| {
        (
            prop::collection::vec(prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64], n),
            prop::collection::vec(pixel(), n),
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn every_value_and_gradient_is_finite((target, prob) in case(), seed in any::<u64>()) {
        let mut rng = Rng::new(seed);
        let input = Binary::new(&target, &prob).expect("strategy draws valid inputs");
        for name in LossName::ALL {
            let loss = Loss::new(random_config(&mut rng, name)).expect("valid");
            let e = loss.evaluate(input);
            prop_assert!(e.value.is_finite(), "{name} value {}", e.value);
            prop_assert!(e.grad_prob.iter().all(|g| g.is_finite()), "{name} grad_prob");
            prop_assert!(e.grad_logit.iter().all(|g| g.is_finite()), "{name} grad_logit");
            prop_assert!((0.0..=1.0).contains(&e.summary.background_share));
            let default = Loss::default_for(name).evaluate(input);
            // Every loss is ≥ 0 but combo, which subtracts the Dice coefficient (D ≤ 1) from
            // r·CE (CE ≥ 0 in the paper's form): ≥ −(1 − r) = −0.5 at its defaults; and the
            // boundary loss, Σ p·φ/N, negative once p sits inside the object (φ ≤ 0 there).
            let floor = match name {
                LossName::Combo => -0.5,
                LossName::Boundary => f64::NEG_INFINITY,
                _ => 0.0,
            };
            prop_assert!(default.value.is_finite() && default.value >= floor - 1e-12, "{name} default {}", default.value);
        }
    }

    #[test]
    fn multi_class_generalized_dice_is_finite(
        classes in 1usize..4, n in 1usize..20, seed in any::<u64>()
    ) {
        let mut rng = Rng::new(seed);
        let mut target = vec![0.0; classes * n];
        for i in 0..n {
            target[rng.below(classes) * n + i] = 1.0;
        }
        let prob: Vec<f64> = (0..classes * n).map(|_| if rng.unit() < 0.2 { 0.0 } else { rng.unit() }).collect();
        let loss = Loss::new(random_config(&mut rng, LossName::GeneralizedDice)).expect("valid");
        let e = loss.evaluate_multi_class(MultiClass::new(classes, &target, &prob).expect("valid")).expect("gdl");
        prop_assert!(e.value.is_finite());
        prop_assert!(e.grad_prob.iter().chain(&e.grad_logit).all(|g| g.is_finite()));
    }

    #[test]
    fn batch_per_image_is_the_mean_of_images(seed in any::<u64>(), images in 1usize..4) {
        use losslab_core::BatchReduction;
        let mut rng = Rng::new(seed);
        let n = 9;
        let target: Vec<f64> = (0..images * n).map(|_| if rng.unit() < 0.2 { 1.0 } else { 0.0 }).collect();
        let prob: Vec<f64> = (0..images * n).map(|_| rng.range(0.01, 0.99)).collect();
        for name in LossName::ALL {
            let loss = Loss::default_for(name);
            let batch = loss
                .evaluate_batch(Binary::new(&target, &prob).expect("valid"), images, BatchReduction::PerImage)
                .expect("divides");
            let mut mean = 0.0;
            for k in 0..images {
                let one = loss.evaluate(Binary::new(&target[k * n..(k + 1) * n], &prob[k * n..(k + 1) * n]).expect("valid"));
                mean += one.value / images as f64;
                for i in 0..n {
                    prop_assert!((batch.grad_prob[k * n + i] - one.grad_prob[i] / images as f64).abs() < 1e-12);
                }
            }
            prop_assert!((batch.value - mean).abs() < 1e-12);
        }
    }
}

#[test]
fn per_image_and_pooled_dice_differ_on_an_empty_and_a_tiny_image() {
    // losses.md: per-image and pooled batch Dice differ on a batch of an empty and a tiny
    // image. Hand numbers, smooth 1: image A empty, p = 0 → D = 1/1 = 1 (loss 0);
    // image B: y = [1, 0, 0, 0], p = [0.5, 0, 0, 0] → D = (1 + 1)/(1 + 0.5 + 1) = 0.8.
    // Per-image loss: (0 + 0.2)/2 = 0.1. Pooled: I = 0.5, Sy = 1, Sp = 0.5 → same as B = 0.2.
    use losslab_core::BatchReduction;
    let target = [0.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0];
    let prob = [0.0, 0.0, 0.0, 0.0, 0.5, 0.0, 0.0, 0.0];
    let dice = Loss::default_for(LossName::Dice);
    let input = Binary::new(&target, &prob).expect("valid");
    let per_image = dice.evaluate_batch(input, 2, BatchReduction::PerImage).expect("ok");
    let pooled = dice.evaluate_batch(input, 2, BatchReduction::Pooled).expect("ok");
    assert!((per_image.value - 0.1).abs() < 1e-15);
    assert!((pooled.value - 0.2).abs() < 1e-15);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Zero smoothing with vanishing sums: `1/Den²` would underflow (0/0 → NaN) or `1/Den`
    /// overflow; the core must still return finite numbers (found by the CLI's proptest:
    /// target [1e-200, 0], prob [1e-200, 0], dice, smooth 0).
    #[test]
    fn zero_smoothing_with_tiny_sums_stays_finite(
        target in prop::collection::vec(prop_oneof![Just(0.0), Just(1e-200), Just(1e-310), Just(5e-324)], 1..6),
        prob in prop::collection::vec(prop_oneof![Just(0.0), Just(1e-200), Just(1e-310), Just(5e-324)], 1..6),
    ) {
        use losslab_core::ParamValue;
        let n = target.len().min(prob.len());
        let input = Binary::new(&target[..n], &prob[..n]).expect("valid");
        let zero = ParamValue::Number(0.0);
        let plain = ParamValue::Text("plain".into());
        let configs = [
            (LossName::Dice, vec![("smooth", &zero)]),
            (LossName::Iou, vec![("eps", &zero), ("empty", &plain)]),
            (LossName::Tversky, vec![("smooth", &zero)]),
            (LossName::FocalTversky, vec![("smooth", &zero)]),
            (LossName::GeneralizedDice, vec![("smooth", &zero)]),
            (LossName::BceDice, vec![("smooth", &zero)]),
            (LossName::SensitivitySpecificity, vec![("smooth", &zero)]),
        ];
        for (name, params) in configs {
            let config = losslab_core::LossConfig::from_params(name, params).expect("valid");
            let e: losslab_core::Evaluation<f64> = Loss::new(config).expect("valid").evaluate(input);
            prop_assert!(e.value.is_finite(), "{name} value");
            prop_assert!(e.grad_prob.iter().chain(&e.grad_logit).all(|g| g.is_finite()), "{name} {:?}", e.grad_prob);
        }
    }
}
