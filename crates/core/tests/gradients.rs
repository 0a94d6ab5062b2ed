//! Every analytic gradient against central finite differences in f64, for every loss, on
//! many random inputs and parameters, several sizes (1×1 up), tiny, empty, full and soft
//! targets. The oracle is the loss value itself, differentiated numerically.

mod common;
use common::*;
use losslab_core::{sigmoid, Loss, LossConfig, LossName, MultiClass};

const H: f64 = 1e-6;

/// Checks `grad_prob` and `grad_logit` of `config` at `(target, prob)` against central
/// differences of the value.
fn check(config: LossConfig, target: &[f64], prob: &[f64], context: &str) {
    let analytic = eval(config, target, prob);
    let scale = analytic.grad_prob.iter().map(|g| g.abs()).fold(1e-3, f64::max);
    for i in 0..prob.len() {
        let mut plus = prob.to_vec();
        let mut minus = prob.to_vec();
        plus[i] += H;
        minus[i] -= H;
        let numeric = (value(config, target, &plus) - value(config, target, &minus)) / (2.0 * H);
        let err = (numeric - analytic.grad_prob[i]).abs();
        assert!(
            err <= 1e-5 * scale,
            "{context}: dL/dp[{i}] analytic {} numeric {numeric} (err {err:e})",
            analytic.grad_prob[i]
        );
        // Logit: p = σ(z); perturb z and map back to p.
        let z = (prob[i] / (1.0 - prob[i])).ln();
        plus[i] = sigmoid(z + H);
        minus[i] = sigmoid(z - H);
        let numeric = (value(config, target, &plus) - value(config, target, &minus)) / (2.0 * H);
        let err = (numeric - analytic.grad_logit[i]).abs();
        assert!(
            err <= 1e-5 * scale,
            "{context}: dL/dz[{i}] analytic {} numeric {numeric} (err {err:e})",
            analytic.grad_logit[i]
        );
    }
}

#[test]
fn every_gradient_matches_central_differences() {
    let sizes = [1, 2, 4, 9, 16, 35];
    let kinds = [
        TargetKind::Empty,
        TargetKind::Tiny,
        TargetKind::Random,
        TargetKind::Soft,
        TargetKind::Full,
    ];
    let mut rng = Rng::new(2026);
    let mut checked = 0;
    for name in LossName::ALL {
        for &n in &sizes {
            for &kind in &kinds {
                for round in 0..3 {
                    let config = if round == 0 {
                        LossConfig::default_for(name)
                    } else {
                        random_config(&mut rng, name)
                    };
                    let target = target(&mut rng, n, kind);
                    let prob = smooth_probs(&mut rng, n);
                    check(config, &target, &prob, &format!("{name} n={n} {kind:?} {config:?}"));
                    checked += 1;
                }
            }
        }
    }
    assert_eq!(checked, LossName::COUNT * 6 * 5 * 3);
}

#[test]
fn multi_class_generalized_dice_gradients_match_central_differences() {
    let mut rng = Rng::new(7);
    for classes in 1..=4 {
        for round in 0..6 {
            let config = if round == 0 {
                LossConfig::default_for(LossName::GeneralizedDice)
            } else {
                random_config(&mut rng, LossName::GeneralizedDice)
            };
            let loss = Loss::new(config).expect("valid");
            let n = 12;
            // One-hot target, class 0 most common; some rounds leave classes absent.
            let mut target = vec![0.0; classes * n];
            for i in 0..n {
                let l = if rng.unit() < 0.7 { 0 } else { rng.below(classes.max(1)) };
                let l = if round % 2 == 1 { 0 } else { l };
                target[l * n + i] = 1.0;
            }
            let logits: Vec<f64> = (0..classes * n).map(|_| rng.range(-2.0, 2.0)).collect();
            let probs = |z: &[f64]| {
                if classes == 1 {
                    z.iter().map(|&z| sigmoid(z)).collect::<Vec<_>>()
                } else {
                    let mut p = z.to_vec();
                    losslab_core::softmax_planes(&mut p, classes);
                    p
                }
            };
            let value_at = |p: &[f64]| {
                let input = MultiClass::new(classes, &target, p).expect("valid");
                loss.evaluate_multi_class(input).expect("gdl").value
            };
            let p = probs(&logits);
            let analytic =
                loss.evaluate_multi_class(MultiClass::new(classes, &target, &p).expect("valid"));
            let analytic = analytic.expect("gdl");
            let scale = analytic.grad_prob.iter().map(|g| g.abs()).fold(1e-3, f64::max);
            for k in 0..classes * n {
                let (mut a, mut b) = (p.clone(), p.clone());
                a[k] += H;
                b[k] -= H;
                let numeric = (value_at(&a) - value_at(&b)) / (2.0 * H);
                assert!(
                    (numeric - analytic.grad_prob[k]).abs() <= 1e-5 * scale,
                    "C={classes} dp[{k}]"
                );
                let (mut za, mut zb) = (logits.clone(), logits.clone());
                za[k] += H;
                zb[k] -= H;
                let numeric = (value_at(&probs(&za)) - value_at(&probs(&zb))) / (2.0 * H);
                let err = (numeric - analytic.grad_logit[k]).abs();
                assert!(
                    err <= 1e-5 * scale,
                    "C={classes} dz[{k}]: {} vs {numeric}",
                    analytic.grad_logit[k]
                );
            }
        }
    }
}

#[test]
fn f32_buffers_agree_with_f64_within_conformance_tolerance() {
    let mut rng = Rng::new(99);
    for name in LossName::ALL {
        let config = random_config(&mut rng, name);
        let target = common::target(&mut rng, 64, TargetKind::Random);
        let prob = smooth_probs(&mut rng, 64);
        let wide = eval(config, &target, &prob);
        let t32: Vec<f32> = target.iter().map(|&x| x as f32).collect();
        let p32: Vec<f32> = prob.iter().map(|&x| x as f32).collect();
        let loss = Loss::new(config).expect("valid");
        let narrow = loss.evaluate(losslab_core::Binary::new(&t32, &p32).expect("valid"));
        assert!((wide.value - narrow.value).abs() <= 1e-5 * wide.value.abs().max(1.0), "{name}");
        let gmax = wide.grad_prob.iter().map(|g| g.abs()).fold(0.0, f64::max);
        for (a, b) in wide.grad_prob.iter().zip(&narrow.grad_prob) {
            assert!((a - f64::from(*b)).abs() <= 1e-4 * gmax + 1e-12, "{name}");
        }
    }
}
