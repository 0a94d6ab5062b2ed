//! The identities `losses.md` says the tests must assert. Each compares two independent
//! code paths of the core (or the core against a hand formula written here).

mod common;
use common::*;
use losslab_core::{
    AbsentPolicy, BceDiceParams, Binary, DiceParams, EmptyPolicy, FocalParams, FocalReduction,
    FocalTverskyParams, GeneralizedDiceParams, IouParams, Loss, LossConfig, LossName, MultiClass,
    TverskyParams, WeightType,
};

fn cases(seed: u64) -> Vec<(Vec<f64>, Vec<f64>)> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for kind in [TargetKind::Tiny, TargetKind::Random, TargetKind::Soft, TargetKind::Full] {
        for n in [1, 5, 64] {
            out.push((target(&mut rng, n, kind), smooth_probs(&mut rng, n)));
        }
    }
    out
}

#[test]
fn focal_with_gamma_0_alpha_half_is_half_bce() {
    let focal =
        LossConfig::Focal(FocalParams { alpha: 0.5, gamma: 0.0, reduction: FocalReduction::Mean });
    for (t, p) in cases(1) {
        let f = eval(focal, &t, &p);
        let mut half = eval(LossConfig::Bce, &t, &p);
        half.value *= 0.5;
        half.grad_prob.iter_mut().for_each(|g| *g *= 0.5);
        half.grad_logit.iter_mut().for_each(|g| *g *= 0.5);
        assert_same(&f, &half, 1e-12, "focal(γ=0, α=½) = ½·bce");
    }
}

/// `losses.md` says "α = β = ½ gives Dice (same s)". That holds exactly for s = 0 only:
/// `T = (TP + s)/(½(Sy + Sp) + s) = (2TP + 2s)/(Sy + Sp + 2s)`, which is Dice with smoothing
/// `2s`. So the identity is asserted in its true form, and the difference is shown below.
#[test]
fn tversky_with_half_half_is_dice_with_doubled_smoothing() {
    for smooth in [0.0, 1e-5, 1.0] {
        let tversky = LossConfig::Tversky(TverskyParams { alpha: 0.5, beta: 0.5, smooth });
        let dice = LossConfig::Dice(DiceParams { smooth: 2.0 * smooth, squared: false });
        for (t, p) in cases(2) {
            assert_same(&eval(tversky, &t, &p), &eval(dice, &t, &p), 1e-12, "tversky(½,½) = dice");
        }
    }
}

#[test]
fn tversky_half_half_differs_from_dice_with_the_same_nonzero_smoothing() {
    // Hand numbers: y = [1, 0], p = [0.5, 0.5], s = 1. TP = 0.5, Sy = 1, Sp = 1.
    // Tversky(½,½): (0.5 + 1)/(1 + 1) = 0.75; Dice: (1 + 1)/(2 + 1) = 2/3.
    let (t, p) = ([1.0, 0.0], [0.5, 0.5]);
    let tversky =
        eval(LossConfig::Tversky(TverskyParams { alpha: 0.5, beta: 0.5, smooth: 1.0 }), &t, &p);
    let dice = eval(LossConfig::Dice(DiceParams { smooth: 1.0, squared: false }), &t, &p);
    assert!((tversky.value - 0.25).abs() < 1e-15);
    assert!((dice.value - 1.0 / 3.0).abs() < 1e-15);
}

#[test]
fn tversky_with_one_one_is_plain_jaccard() {
    for smooth in [0.0, 1e-6, 1.0] {
        let tversky = LossConfig::Tversky(TverskyParams { alpha: 1.0, beta: 1.0, smooth });
        let iou = LossConfig::Iou(IouParams { eps: smooth, empty: EmptyPolicy::Plain });
        for (t, p) in cases(3) {
            assert_same(&eval(tversky, &t, &p), &eval(iou, &t, &p), 1e-12, "tversky(1,1) = iou");
        }
    }
}

#[test]
fn focal_tversky_with_gamma_1_is_tversky() {
    let mut rng = Rng::new(4);
    for _ in 0..5 {
        let LossConfig::Tversky(tversky) = random_config(&mut rng, LossName::Tversky) else {
            unreachable!("random_config keeps the loss")
        };
        let focal = LossConfig::FocalTversky(FocalTverskyParams { tversky, gamma: 1.0 });
        for (t, p) in cases(5) {
            let a = eval(focal, &t, &p);
            let b = eval(LossConfig::Tversky(tversky), &t, &p);
            assert_same(&a, &b, 1e-12, "focal_tversky(γ=1) = tversky");
        }
    }
}

#[test]
fn bce_dice_is_the_weighted_sum_of_bce_and_dice() {
    let dice_params = DiceParams { smooth: 1.0, squared: false };
    for (w_bce, w_dice) in [(1e-3, 1.0), (1.0, 1.0), (0.5, 2.0)] {
        let combo = LossConfig::BceDice(BceDiceParams { w_bce, w_dice, dice: dice_params });
        for (t, p) in cases(6) {
            let c = eval(combo, &t, &p);
            let bce = eval(LossConfig::Bce, &t, &p);
            let dice = eval(LossConfig::Dice(dice_params), &t, &p);
            let mut sum = bce.clone();
            sum.value = w_bce * bce.value + w_dice * dice.value;
            for i in 0..t.len() {
                sum.grad_prob[i] = w_bce * bce.grad_prob[i] + w_dice * dice.grad_prob[i];
                sum.grad_logit[i] = w_bce * bce.grad_logit[i] + w_dice * dice.grad_logit[i];
            }
            assert_same(&c, &sum, 1e-12, "bce_dice = w_bce·bce + w_dice·dice");
            let parts = c.parts.expect("bce_dice reports its parts");
            assert!(
                (parts.bce - bce.value).abs() < 1e-12
                    && (parts.dice_loss - dice.value).abs() < 1e-12
            );
        }
    }
}

/// The two-class Dice sum form, written out by hand: 1 − (2Σ_l Σ r·p + s) / (Σ_l Σ (r + p) + s).
fn two_class_dice_sum_form(t: &[f64], p: &[f64], smooth: f64) -> f64 {
    let (mut inter, mut total) = (0.0, 0.0);
    for (&y, &q) in t.iter().zip(p) {
        inter += y * q + (1.0 - y) * (1.0 - q);
        total += y + q + (1.0 - y) + (1.0 - q);
    }
    1.0 - (2.0 * inter + smooth) / (total + smooth)
}

#[test]
fn generalized_dice_with_uniform_weights_and_two_classes_is_the_two_class_dice_sum() {
    for smooth in [0.0, 1e-5] {
        let gdl = LossConfig::GeneralizedDice(GeneralizedDiceParams {
            smooth,
            weight_type: WeightType::Uniform,
            absent: AbsentPolicy::Epsilon,
        });
        for (t, p) in cases(7) {
            let got = eval(gdl, &t, &p).value;
            let want = two_class_dice_sum_form(&t, &p, smooth);
            assert!((got - want).abs() < 1e-12, "{got} vs {want}");
        }
    }
}

#[test]
fn generalized_dice_binary_view_equals_explicit_two_classes() {
    let mut rng = Rng::new(8);
    for _ in 0..10 {
        let config = random_config(&mut rng, LossName::GeneralizedDice);
        let loss = Loss::new(config).expect("valid");
        for (t, p) in cases(9) {
            let n = t.len();
            let binary = loss.evaluate(Binary::new(&t, &p).expect("valid"));
            let target2: Vec<f64> = t.iter().map(|y| 1.0 - y).chain(t.iter().copied()).collect();
            let prob2: Vec<f64> = p.iter().map(|q| 1.0 - q).chain(p.iter().copied()).collect();
            let multi = loss
                .evaluate_multi_class(MultiClass::new(2, &target2, &prob2).expect("valid"))
                .expect("gdl");
            assert!((binary.value - multi.value).abs() < 1e-12);
            for (a, b) in binary.class_weights.iter().zip(&multi.class_weights) {
                assert!((a - b).abs() <= 1e-12 * a.abs().max(1.0), "weights {a} vs {b}");
            }
            for i in 0..n {
                let chained = multi.grad_prob[n + i] - multi.grad_prob[i];
                assert!((binary.grad_prob[i] - chained).abs() < 1e-9 * (1.0 + chained.abs()));
            }
        }
    }
}

#[test]
fn generalized_dice_with_one_class_is_dice_without_smoothing() {
    let gdl = Loss::default_for(LossName::GeneralizedDice);
    let dice = LossConfig::Dice(DiceParams { smooth: 0.0, squared: false });
    for (t, p) in cases(10) {
        let one =
            gdl.evaluate_multi_class(MultiClass::new(1, &t, &p).expect("valid")).expect("gdl");
        assert_same(&one, &eval(dice, &t, &p), 1e-9, "GDL with C = 1 = dice(s = 0)");
    }
}

#[test]
fn squared_dice_equals_plain_dice_on_hard_predictions_values() {
    // With p ∈ {0, 1} and y ∈ {0, 1}, Σp² = Σp and Σy² = Σy: the values coincide.
    let t = [0.0, 1.0, 1.0, 0.0, 1.0];
    let p = [0.0, 1.0, 0.0, 1.0, 1.0];
    let plain = eval(LossConfig::Dice(DiceParams { smooth: 1.0, squared: false }), &t, &p);
    let squared = eval(LossConfig::Dice(DiceParams { smooth: 1.0, squared: true }), &t, &p);
    assert!((plain.value - squared.value).abs() < 1e-15);
    // By hand: I = 2, Sy = 3, Sp = 3 → D = 5/7.
    assert!((plain.value - (1.0 - 5.0 / 7.0)).abs() < 1e-15);
}
