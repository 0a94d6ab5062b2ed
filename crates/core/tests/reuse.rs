//! One `Evaluation` reused across losses and inputs — what the board and a data set's table
//! do — gives what a fresh `Evaluation` gives, bit for bit: no buffer, tape or memo (clDice
//! keeps its last result for Dice + clDice) carries anything stale from one call to the next;
//! and the summary's `Σ |∂L/∂z|`, which a data set's gradient shares read, is every loss's.

mod common;
use common::*;
use losslab_core::{Binary, Evaluation, Loss, LossName};

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

#[test]
fn a_reused_evaluation_equals_a_fresh_one_for_every_loss_and_input() {
    let mut rng = Rng::new(19);
    // (h, w, target, prob): a 12×10 image, the same with one probability moved by one ulp,
    // the same with one target pixel flipped, and a 6×20 image of the same length.
    let (h, w) = (12, 10);
    let t0 = target(&mut rng, h * w, TargetKind::Random);
    let p0 = smooth_probs(&mut rng, h * w);
    let mut p1 = p0.clone();
    p1[37] = f64::from_bits(p1[37].to_bits() + 1);
    let mut t2 = t0.clone();
    t2[55] = 1.0 - t2[55];
    let t3 = target(&mut rng, h * w, TargetKind::Tiny);
    let cases = [(h, w, &t0, &p0), (h, w, &t0, &p1), (h, w, &t2, &p1), (6, 20, &t3, &p0)];
    let losses: Vec<Loss> = LossName::ALL.iter().map(|&n| Loss::default_for(n)).collect();
    let mut shared = Evaluation::new();
    for (k, &(h, w, t, p)) in cases.iter().enumerate() {
        let input = Binary::new(t, p).and_then(|i| i.with_shape(h, w)).expect("a valid input");
        // Both orders, so clDice's memo is read by Dice + clDice and the other way round.
        for order in [false, true] {
            let run: Vec<&Loss> =
                if order { losses.iter().rev().collect() } else { losses.iter().collect() };
            for loss in run {
                loss.evaluate_into(input, &mut shared);
                let fresh = loss.evaluate(input);
                let name = loss.name();
                assert_eq!(shared.value.to_bits(), fresh.value.to_bits(), "case {k} {name}");
                assert_eq!(bits(&shared.grad_prob), bits(&fresh.grad_prob), "case {k} {name}");
                assert_eq!(bits(&shared.grad_logit), bits(&fresh.grad_logit), "case {k} {name}");
            }
        }
    }
}

#[test]
fn dice_cldice_after_cldice_on_the_same_input_is_its_own_value() {
    // The memo's point: the second loss reads the first one's skeletons. Its value must be
    // (1 − α)·Dice + α·clDice with the clDice of this input, whatever ran before.
    let mut rng = Rng::new(7);
    let (h, w) = (9, 9);
    let t = target(&mut rng, h * w, TargetKind::Random);
    let p = smooth_probs(&mut rng, h * w);
    let other = smooth_probs(&mut rng, h * w);
    let input = Binary::new(&t, &p).and_then(|i| i.with_shape(h, w)).expect("valid");
    let decoy = Binary::new(&t, &other).and_then(|i| i.with_shape(h, w)).expect("valid");
    let cl = Loss::default_for(LossName::Cldice);
    let both = Loss::default_for(LossName::DiceCldice);
    let mut eval = Evaluation::new();
    cl.evaluate_into(decoy, &mut eval);
    both.evaluate_into(input, &mut eval);
    let after_decoy = eval.value;
    cl.evaluate_into(input, &mut eval);
    let cldice = eval.value;
    both.evaluate_into(input, &mut eval);
    assert_eq!(eval.value.to_bits(), after_decoy.to_bits());
    let dice = Loss::default_for(LossName::Dice).evaluate(input).value;
    // Dice + clDice smooths Dice by clDice's terms (1 and 1), as the default Dice does.
    let expected = 0.5 * dice + 0.5 * cldice;
    assert!((eval.value - expected).abs() < 1e-15, "{} vs {expected}", eval.value);
}

#[test]
fn the_summarys_sum_is_the_gradients_l1_norm_for_every_loss() {
    // A data set's gradient shares read `summary.abs_sum` instead of summing |∂L/∂z| again:
    // every loss must fill it from its final gradient, whatever path (fused pass, ranking,
    // geometry, logit-native, the 0/0 rule) computed it.
    let mut rng = Rng::new(31);
    let (h, w) = (8, 9);
    let kinds = [TargetKind::Empty, TargetKind::Tiny, TargetKind::Random, TargetKind::Full];
    for kind in kinds {
        let t = target(&mut rng, h * w, kind);
        let p = smooth_probs(&mut rng, h * w);
        let z: Vec<f64> = p.iter().map(|&p| (p / (1.0 - p)).ln()).collect();
        let with_prob = Binary::new(&t, &p).and_then(|i| i.with_shape(h, w)).expect("valid");
        let with_logit =
            Binary::with_logit(&t, &p, &z).and_then(|i| i.with_shape(h, w)).expect("valid");
        for input in [with_prob, with_logit] {
            for name in LossName::ALL {
                for _ in 0..3 {
                    let loss = Loss::new(random_config(&mut rng, name)).expect("valid config");
                    let eval = loss.evaluate(input);
                    let l1: f64 = eval.grad_logit.iter().map(|g| g.abs()).sum();
                    let got = eval.summary.abs_sum;
                    assert!(
                        (got - l1).abs() <= 1e-12 * l1.max(1e-300),
                        "{name} on {kind:?}: summary {got} vs Σ|∂L/∂z| {l1}"
                    );
                }
            }
        }
    }
}
