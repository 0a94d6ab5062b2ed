//! The claims the race's presets show, on their default seeds and default steps (the
//! measured numbers are in docs/notes/race.md; `cargo run --release -p losslab-core
//! --example race_presets` prints them). Runners never interact (they share only the
//! batches, drawn before any of them trains), so each test races only the losses its claim
//! compares: the curves are the same, bit for bit, as in the full ten-loss race.
//!
//! Unoptimised, a race of 300 steps takes minutes, so these tests run in optimised builds
//! only: `cargo test --release -p losslab-core --test train_claims` (about 10 s).

use losslab_core::train::{roughness, Preset, Race, RaceSettings, Runner};
use losslab_core::LossName;

fn race(preset: Preset, losses: &[LossName]) -> Race {
    let settings = RaceSettings { losses: losses.to_vec(), ..preset.settings() };
    let mut race = Race::new(&settings);
    race.run(settings.steps);
    assert!(race.finished());
    race
}

fn runner(race: &Race, name: LossName) -> &Runner {
    race.runners().iter().find(|r| r.name == name).expect("raced")
}

fn dice_of(race: &Race, name: LossName) -> f64 {
    runner(race, name).history.latest().dice
}

/// Dice part ÷ BCE part of `bce_dice`, averaged over the last 20 steps.
fn parts_ratio(race: &Race) -> f64 {
    let parts = &runner(race, LossName::BceDice).history.parts;
    let tail = &parts[parts.len() - 20..];
    tail.iter().map(|p| p.dice_loss).sum::<f64>() / tail.iter().map(|p| p.bce).sum::<f64>()
}

/// C1, C5, C9 on the extreme preset: BCE ends predicting (nearly) only sea, with a
/// validation Dice far below the Dice loss's; the Dice and IoU training curves are much
/// rougher than BCE's; bce_dice's BCE part ends tens of times smaller than its Dice part.
#[cfg_attr(debug_assertions, ignore = "minutes unoptimised: run with --release")]
#[test]
fn extreme_c1_c5_c9() {
    let r =
        race(Preset::Extreme, &[LossName::Bce, LossName::Dice, LossName::Iou, LossName::BceDice]);
    let (bce, dice) = (dice_of(&r, LossName::Bce), dice_of(&r, LossName::Dice));
    assert!(bce < dice, "C1: BCE's validation Dice {bce} is below the Dice loss's {dice}");
    assert!(bce < 0.2 && dice > 0.4, "C1 clearly: BCE {bce}, Dice {dice}");
    let recall = runner(&r, LossName::Bce).history.latest().recall;
    assert!(recall < 0.2, "C1: BCE finds few ship pixels (recall {recall})");
    let rough = |n| roughness(&runner(&r, n).history.normalized_loss());
    for n in [LossName::Dice, LossName::Iou] {
        assert!(
            rough(n) > 5.0 * rough(LossName::Bce),
            "C5: {n} {} vs bce {}",
            rough(n),
            rough(LossName::Bce)
        );
    }
    let ratio = parts_ratio(&r);
    assert!(ratio > 20.0, "C9: Dice part ÷ BCE part = {ratio}");
}

/// C9's balanced side: with large ships the two parts of bce_dice stay of the same size.
#[cfg_attr(debug_assertions, ignore = "minutes unoptimised: run with --release")]
#[test]
fn balanced_c9_parts_stay_comparable() {
    let r = race(Preset::Balanced, &[LossName::BceDice]);
    let ratio = parts_ratio(&r);
    assert!((0.3..3.0).contains(&ratio), "C9 balanced: Dice part ÷ BCE part = {ratio}");
    assert!(dice_of(&r, LossName::BceDice) > 0.9);
}

/// C11: undersampling the sea-only images lifts BCE from predicting no ship to finding them,
/// and does not hurt the Dice loss.
#[cfg_attr(debug_assertions, ignore = "minutes unoptimised: run with --release")]
#[test]
fn undersampling_empty_images_c11() {
    let losses = [LossName::Bce, LossName::Dice];
    let all = race(Preset::EmptyImages, &losses);
    let under = race(Preset::EmptyUndersampled, &losses);
    let (before, after) = (dice_of(&all, LossName::Bce), dice_of(&under, LossName::Bce));
    assert!(after > before + 0.3, "C11 BCE: {before} → {after}");
    let (before, after) = (dice_of(&all, LossName::Dice), dice_of(&under, LossName::Dice));
    assert!(after >= before, "C11 Dice: {before} → {after}");
}

/// C10: cropping around the ship changes the imbalance itself: BCE, lost on the extreme
/// data, learns the ships in the crops.
#[cfg_attr(debug_assertions, ignore = "minutes unoptimised: run with --release")]
#[test]
fn cropping_c10() {
    let full = race(Preset::Extreme, &[LossName::Bce]);
    let crop = race(Preset::Crop, &[LossName::Bce]);
    let (before, after) = (dice_of(&full, LossName::Bce), dice_of(&crop, LossName::Bce));
    assert!(after > before + 0.4, "C10 BCE: {before} → {after}");
    assert!(crop.data().pool_foreground() > 10.0 * full.data().pool_foreground());
}
