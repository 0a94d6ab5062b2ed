//! The cards of the four geometry losses (`losses-geometry.md`): their numbers by hand on
//! conformance.md's 4×4 example and on a line, and their recomputed values and one-pixel
//! gradients against the core's evaluation (`Binary::with_shape`) on scenes where each loss is
//! non-trivial: blobs, lines, rings, soft and tied predictions, empty and full targets.

use super::*;
use crate::ui::learn::math::num;
use losslab_core::{soft_skeleton, Binary, Evaluation, Loss, LossName, ParamValue};

/// conformance.md's 4×4 example: object pixels 2, 5, 6, i.e. (0, 2), (1, 1), (1, 2).
const Y: [f64; 16] = [0., 0., 1., 0., 0., 1., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0.];
const P: [f64; 16] =
    [0.1, 0.2, 0.8, 0.1, 0.1, 0.6, 0.9, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1];

/// The core's evaluation of `config` on the square image `(y, p)`.
fn core(config: LossConfig, y: &[f64], p: &[f64]) -> Evaluation<f64> {
    let side = y.len().isqrt();
    let input = Binary::new(y, p).and_then(|b| b.with_shape(side, side)).expect("valid");
    Loss::new(config).expect("valid").evaluate(input)
}

/// A board row for `config`.
fn row(config: LossConfig, y: &[f64], p: &[f64]) -> Row {
    let ev = core(config, y, p);
    Row {
        name: config.name(),
        value: ev.value,
        summary: ev.summary,
        parts: ev.parts,
        class_weights: ev.class_weights.clone(),
        zero_over_zero: ev.zero_over_zero,
    }
}

fn card(config: LossConfig, y: &[f64], p: &[f64]) -> Formulas {
    let px = Pixels { target: y, prob: p };
    formulas(&config, &SoftCounts::new(y, p), px, &row(config, y, p))
}

fn close(got: f64, want: f64, what: &str) {
    assert!(
        (got - want).abs() <= 1e-12 * want.abs().max(1.0),
        "{what}: card {got}, by hand {want}"
    );
}

fn with(name: LossName, pairs: &[(&str, ParamValue)]) -> LossConfig {
    let mut c = LossConfig::default_for(name);
    for (key, value) in pairs {
        c.set(key, value).expect("a valid value");
    }
    c
}

/// Boundary, by hand on the 4×4 example. Every object pixel has a background 4-neighbour: φ =
/// 0. Outside, φ is the distance to the nearest object pixel: 1 at (0,1), (0,3), (1,0), (1,3),
/// (2,1), (2,2); √2 at (0,0), (2,0), (2,3); 2 at (3,1), (3,2); √5 at (3,0), (3,3). With p:
/// Σ p·φ = 0.2 + 0.1 + 0.1 + 0.2 + 0.1 + 0.1 + 0.1·3√2 + 0.2·2 + 0.1·2√5 = 1.2 + 0.3√2 +
/// 0.2√5, L = that/16; ∂L/∂p at pixel 0 = √2/16, at pixel 2 (object contour) 0.
#[test]
fn boundary_by_hand() {
    let config = LossConfig::default_for(LossName::Boundary);
    let want = (1.2 + 0.3 * 2f64.sqrt() + 0.2 * 5f64.sqrt()) / 16.0;
    close(card(config, &Y, &P).recomputed.expect("recomputed"), want, "boundary value");
    let px = Pixels { target: &Y, prob: &P };
    let counts = SoftCounts::new(&Y[..], &P[..]);
    let g = pixel_gradient(&config, &counts, px, PixelAt { index: 0, y: 0.0, p: 0.1 });
    close(g.expect("shown").grad_prob, 2f64.sqrt() / 16.0, "∂L/∂p at pixel 0");
    let g = pixel_gradient(&config, &counts, px, PixelAt { index: 2, y: 1.0, p: 0.8 });
    assert_eq!(g.expect("shown").grad_prob, 0.0, "the inner contour gets no gradient");
    // truncate: √2 → 1, √5 → 2: Σ p·φ = 1.2 + 0.3 + 0.4.
    let t = with(LossName::Boundary, &[("truncate", ParamValue::Bool(true))]);
    close(card(t, &Y, &P).recomputed.expect("recomputed"), 1.9 / 16.0, "truncated");
}

/// Boundary on a full 3×3 target: SciPy's phantom map φ = 1 − √((i+1)² + j²), so with p = 1/2
/// everywhere L = (1/9)·½·Σ (1 − √((i+1)² + j²)).
#[test]
fn boundary_full_target_is_the_phantom_map() {
    let y = [1.0; 9];
    let p = [0.5; 9];
    let mut sum = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            sum += 1.0 - f64::from((i + 1) * (i + 1) + j * j).sqrt();
        }
    }
    let config = LossConfig::default_for(LossName::Boundary);
    close(card(config, &y, &p).recomputed.expect("recomputed"), 0.5 * sum / 9.0, "phantom");
}

/// Hausdorff-DT (α = 2), by hand on the 4×4 example: p > 0.5 exactly on the object, so F_p =
/// F_y = F: 1 on the object, outside the distances of boundary_by_hand, and the weight is 2F².
/// Object: 2·(0.2² + 0.4² + 0.1²) = 0.42. Background, 2·Σ p²F²: p = 0.2 at (0,1) and (1,3) (F²
/// = 1): 0.04 + 0.04; p = 0.1 elsewhere: 0.01·(F² = 1 at (0,3), (1,0), (2,1), (2,2); 2 at
/// (0,0), (2,0), (2,3); 4 at (3,1), (3,2); 5 at (3,0), (3,3)) = 0.01·(4 + 6 + 8 + 10) = 0.28;
/// so 2·0.36 = 0.72. L = (0.42 + 0.72)/16 = 1.14/16.
/// At pixel 5 (y = 1, p = 0.6): ∂L/∂p = (2/16)·(−0.4)·2 = −0.1.
#[test]
fn hausdorff_dt_by_hand() {
    let config = LossConfig::default_for(LossName::HausdorffDt);
    close(card(config, &Y, &P).recomputed.expect("recomputed"), 1.14 / 16.0, "hausdorff value");
    let px = Pixels { target: &Y, prob: &P };
    let g = pixel_gradient(
        &config,
        &SoftCounts::new(&Y[..], &P[..]),
        px,
        PixelAt { index: 5, y: 1.0, p: 0.6 },
    );
    let g = g.expect("shown");
    close(g.grad_prob, -0.1, "∂L/∂p at pixel 5");
    assert!(g.markup.contains(&num(g.grad_prob)), "the card shows it");
    // Empty target, no p > 0.5: both fields 0, L = 0 although p ≠ y.
    assert_eq!(card(config, &[0.0; 16], &[0.3; 16]).recomputed, Some(0.0));
}

/// clDice on a 5×5 image whose target is the middle row (a 1-px line, its own skeleton: one
/// erosion removes it), predicted perfectly: Σ S_p·y = Σ S_p = Σ S_y·p = Σ S_y = 5, so
/// Tprec = Tsens = 6/6 = 1 and L = 1 − 2/(2 + 1e-4). A full target's skeleton is empty:
/// Tprec = 1 whatever p, L = 1 − 2/(2 + 1e-4) too, and no gradient.
#[test]
fn cldice_by_hand() {
    let mut line = [0.0; 25];
    line[10..15].fill(1.0);
    assert_eq!(soft_skeleton(&line, 5, 5, 3), line.to_vec(), "a line is its own skeleton");
    let config = LossConfig::default_for(LossName::Cldice);
    let want = 1.0 - 2.0 / (2.0 + 1e-4);
    close(card(config, &line, &line).recomputed.expect("recomputed"), want, "perfect line");
    let full = [1.0; 25];
    let p: Vec<f64> = (0..25).map(|i| f64::from(i) / 25.0).collect();
    close(card(config, &full, &p).recomputed.expect("recomputed"), want, "full target");
    let px = Pixels { target: &full, prob: &p };
    for index in 0..25 {
        let at = PixelAt { index, y: 1.0, p: p[index] };
        let g = pixel_gradient(&config, &SoftCounts::new(&full, &p), px, at).expect("shown");
        assert_eq!(g.grad_prob, 0.0, "clDice is blind to a full target");
    }
}

/// Dice + clDice at α = 0 is MONAI's Dice with s_nr = s_dr = 1 (by hand on the 4×4 example:
/// 1 − (2·2.3 + 1)/(3 + 3.8 + 1) = 1 − 5.6/7.8), at α = 1 clDice's value.
#[test]
fn dice_cldice_ends() {
    let dice = with(LossName::DiceCldice, &[("alpha", ParamValue::Number(0.0))]);
    close(card(dice, &Y, &P).recomputed.expect("recomputed"), 1.0 - 5.6 / 7.8, "α = 0");
    let only = with(LossName::DiceCldice, &[("alpha", ParamValue::Number(1.0))]);
    let cl = LossConfig::default_for(LossName::Cldice);
    close(
        card(only, &Y, &P).recomputed.expect("recomputed"),
        card(cl, &Y, &P).recomputed.expect("recomputed"),
        "α = 1",
    );
}

/// Parameter sets: the defaults and each switch.
fn variants() -> Vec<LossConfig> {
    use ParamValue::{Bool, Number};
    let mut set: Vec<LossConfig> =
        [LossName::Boundary, LossName::HausdorffDt, LossName::Cldice, LossName::DiceCldice]
            .iter()
            .map(|&n| LossConfig::default_for(n))
            .collect();
    set.push(with(LossName::Boundary, &[("include_background", Bool(true))]));
    set.push(with(
        LossName::Boundary,
        &[("include_background", Bool(true)), ("truncate", Bool(true))],
    ));
    set.push(with(LossName::HausdorffDt, &[("alpha", Number(0.5))]));
    set.push(with(LossName::Cldice, &[("iterations", Number(0.0))]));
    set.push(with(LossName::Cldice, &[("iterations", Number(1.0)), ("smooth_nr", Number(0.0))]));
    set.push(with(
        LossName::DiceCldice,
        &[("iterations", Number(5.0)), ("alpha", Number(0.3)), ("smooth_dr", Number(0.5))],
    ));
    set
}

/// 8×8 scenes: a 3-px-thick bar with a soft prediction, a ring, a diagonal line with ties (a
/// constant background, exact 0s and 1s), a blob touching the border, an empty and a full
/// target.
fn scenes() -> Vec<(Vec<f64>, Vec<f64>)> {
    let side = 8;
    let at = |i: usize, j: usize| i * side + j;
    let mut bar = vec![0.0; 64];
    let mut ring = vec![0.0; 64];
    let mut diagonal = vec![0.0; 64];
    let mut corner = vec![0.0; 64];
    for i in 0..side {
        for j in 0..side {
            if (2..5).contains(&i) && (1..7).contains(&j) {
                bar[at(i, j)] = 1.0;
            }
            let (di, dj) = (i as f64 - 3.5, j as f64 - 3.5);
            if (1.5..3.0).contains(&(di * di + dj * dj).sqrt()) {
                ring[at(i, j)] = 1.0;
            }
            if i == j {
                diagonal[at(i, j)] = 1.0;
            }
            if i < 4 && j < 3 {
                corner[at(i, j)] = 1.0;
            }
        }
    }
    // A prediction that follows the target softly, with some noise.
    let soft = |y: &[f64]| -> Vec<f64> {
        y.iter()
            .enumerate()
            .map(|(i, &t)| {
                let wiggle = ((i * 37 % 17) as f64) / 40.0;
                if t > 0.5 {
                    0.55 + wiggle
                } else {
                    0.05 + wiggle
                }
            })
            .collect()
    };
    let tied: Vec<f64> = diagonal.iter().map(|&t| if t > 0.5 { 1.0 } else { 0.2 }).collect();
    let mut shifted = vec![0.1; 64];
    for i in 0..side {
        shifted[at(i, (i + 1) % side)] = 0.9;
    }
    shifted[at(0, 0)] = 0.0;
    vec![
        (bar.clone(), soft(&bar)),
        (ring.clone(), soft(&ring)),
        (diagonal.clone(), tied),
        (diagonal, shifted),
        (corner.clone(), soft(&corner)),
        (vec![0.0; 64], soft(&corner)),
        (vec![1.0; 64], soft(&ring)),
    ]
}

/// The recomputed value equals the core's and every pixel's gradient on the card equals the
/// core's (both variables), for every variant on every scene; at least one scene per variant
/// has a non-trivial value and gradient.
#[test]
fn cards_agree_with_the_core_at_every_pixel() {
    for config in variants() {
        let mut nontrivial = false;
        for (y, p) in scenes() {
            let ev = core(config, &y, &p);
            let f = card(config, &y, &p);
            let v = f.recomputed.expect("the geometry cards recompute their value");
            let what = format!("{config:?} on y {y:?}");
            assert!(
                (v - ev.value).abs() <= 1e-12 * ev.value.abs().max(1.0),
                "{what}: card {v} vs core {}",
                ev.value
            );
            for m in [&f.value, &f.substituted, &f.gradient] {
                assert!(m.starts_with("<math") && m.ends_with("</math>"), "{what}");
                assert!(!m.contains("NaN"), "{what}: {m}");
            }
            let px = Pixels { target: &y, prob: &p };
            let counts = SoftCounts::new(&y[..], &p[..]);
            for index in 0..y.len() {
                let at = PixelAt { index, y: y[index], p: p[index] };
                let g = pixel_gradient(&config, &counts, px, at).expect("shown");
                for (card, core, variable) in [
                    (g.grad_prob, ev.grad_prob[index], "p"),
                    (g.grad_logit, ev.grad_logit[index], "z"),
                ] {
                    assert!(
                        (card - core).abs() <= 1e-9 * core.abs().max(1e-3),
                        "{what}, pixel {index}, ∂L/∂{variable}: card {card} vs core {core}"
                    );
                }
            }
            nontrivial |= ev.value.abs() > 1e-3 && ev.grad_prob.iter().any(|g| g.abs() > 1e-6);
        }
        assert!(nontrivial, "{config:?}: no scene where the loss is non-trivial");
    }
}

/// The card's own skeleton (the backward pass's forward) is the core's.
#[test]
fn the_cards_skeleton_is_the_cores() {
    for (y, p) in scenes() {
        for k in [0, 1, 3, 5] {
            let tape = super::skeleton::Tape::skeleton(&p, 8, 8, k);
            assert_eq!(tape.output(), soft_skeleton(&p, 8, 8, k).as_slice(), "K = {k}");
            let tape = super::skeleton::Tape::skeleton(&y, 8, 8, k);
            assert_eq!(tape.output(), soft_skeleton(&y, 8, 8, k).as_slice(), "K = {k}");
        }
    }
}
