//! C9's measurement: how much of `bce_dice`'s gradient on the network's parameters comes from
//! each weighted part (`History::part_grads`). Checked against gradients the race measures by
//! itself for other losses — the backward pass is linear, so on the first step (same initial
//! weights, same batch) the parts' norms must equal the total gradient norms of races that
//! train the parts alone — and against Adam's first step worked by hand.

use losslab_core::params::BceDiceParams;
use losslab_core::train::{Optimizer, Preset, Race, RaceSettings};
use losslab_core::{Loss, LossConfig, LossName};

fn small() -> RaceSettings {
    RaceSettings {
        side: 16,
        batch: 2,
        train_images: 8,
        val_images: 4,
        steps: 3,
        val_every: 3,
        size_min: 2.0,
        size_max: 3.0,
        seed: 11,
        ..Preset::Balanced.settings()
    }
}

fn bce_dice(w_bce: f64, w_dice: f64) -> Loss {
    let params = BceDiceParams { w_bce, w_dice, ..BceDiceParams::default() };
    Loss::new(LossConfig::BceDice(params)).expect("valid weights")
}

/// The first step's total gradient norm of a race of `loss` alone.
fn first_grad_norm(settings: &RaceSettings, loss: Loss) -> f64 {
    let mut race = Race::with_losses(settings, &[loss]);
    race.step_once();
    race.runners()[0].history.grad_norm[0]
}

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * a.abs().max(b.abs())
}

#[test]
fn the_parts_gradients_are_those_of_the_parts_trained_alone() {
    for optimizer in [Optimizer::Adam, Optimizer::Sgd] {
        let settings = RaceSettings { optimizer, ..small() };
        let (w_bce, w_dice) = (0.5, 2.0);
        let mut race = Race::with_losses(&settings, &[bce_dice(w_bce, w_dice)]);
        race.step_once();
        let runner = &race.runners()[0];
        assert_eq!(runner.weights(), Some((w_bce, w_dice)));
        let g = runner.history.part_grads[0];
        // BCE alone (plain BCE is bce_dice's BCE part, losses.md §10), scaled by w_bce.
        let bce = first_grad_norm(&settings, Loss::default_for(LossName::Bce));
        assert!(close(g.norm[0], w_bce * bce, 1e-4), "{} vs {}", g.norm[0], w_bce * bce);
        // The Dice part: bce_dice with w_bce = 0 is w_dice·(1 − D) alone.
        let dice = first_grad_norm(&settings, bce_dice(0.0, w_dice));
        assert!(close(g.norm[1], dice, 1e-4), "{} vs {dice}", g.norm[1]);
        // The two parts add up to the whole: the triangle inequality bounds the total.
        let total = runner.history.grad_norm[0];
        assert!(
            total <= g.norm[0] + g.norm[1] + 1e-9 && total >= (g.norm[0] - g.norm[1]).abs() - 1e-9
        );
    }
}

#[test]
fn adams_view_of_the_first_step_is_one_per_parameter() {
    // Adam's first step: v̂ = g², so each parameter's gradient is divided by |g| and a part
    // that is the whole gradient has norm √(parameters with g ≠ 0) = √225 = 15 (three 3×3
    // convolutions 1→4→4→1 with biases: (9·4 + 4) + (9·16 + 4) + (9·4 + 1) = 225, every one
    // of them with a gradient on the first step here); a part that is zero has norm 0.
    let settings = small();
    let mut race = Race::with_losses(&settings, &[bce_dice(0.0, 1.0)]);
    race.step_once();
    let g = race.runners()[0].history.part_grads[0];
    assert_eq!(g.norm[0], 0.0);
    assert_eq!(g.adam[0], 0.0);
    assert!(close(g.adam[1], 15.0, 1e-3), "{}", g.adam[1]);
}

#[test]
fn only_bce_dice_records_parts_and_every_step_does() {
    let settings = small();
    let mut race = Race::with_losses(
        &settings,
        &[Loss::default_for(LossName::Dice), Loss::default_for(LossName::BceDice)],
    );
    race.run(settings.steps);
    let [dice, mixed] = race.runners() else { panic!("two runners") };
    assert!(dice.history.part_grads.is_empty() && dice.weights().is_none());
    assert_eq!(mixed.history.part_grads.len(), settings.steps);
    assert_eq!(mixed.history.parts.len(), settings.steps);
    assert!(mixed.history.part_grads.iter().all(|g| g.norm[0] > 0.0 && g.norm[1] > 0.0));
}
