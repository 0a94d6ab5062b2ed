//! The claims the race's presets show, on their default seeds (measured numbers are in
//! docs/notes/race.md; `cargo run --release -p losslab-core --example race_presets` prints
//! them). Runners never interact (they share only the batches, drawn before any of them
//! trains), so each test races only the losses its claim compares: the curves are the
//! same, bit for bit, as in the full ten-loss race.

use losslab_core::train::{Preset, Race, RaceSettings};
use losslab_core::LossName;

fn race(preset: Preset, losses: &[LossName]) -> Race {
    let settings = RaceSettings { losses: losses.to_vec(), ..preset.settings() };
    let mut race = Race::new(&settings);
    race.run(settings.steps);
    race
}

fn dice_of(race: &Race, name: LossName) -> f64 {
    race.runners().iter().find(|r| r.name == name).expect("raced").history.latest().dice
}

/// C1: on the extreme preset, after its default steps, the BCE network's validation Dice is
/// below the Dice loss network's (BCE leans to predicting sea).
#[test]
fn c1_extreme_bce_ends_below_dice() {
    let r = race(Preset::Extreme, &[LossName::Bce, LossName::Dice]);
    let (bce, dice) = (dice_of(&r, LossName::Bce), dice_of(&r, LossName::Dice));
    assert!(bce < dice, "BCE {bce} vs Dice {dice}");
}
