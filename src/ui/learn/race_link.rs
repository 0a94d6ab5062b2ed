//! The tour's two links to the training race: [`apply_race_step`] chooses a preset (a new
//! race, paused at step 0), [`race_figure`] reads the race's live figure for a claim from
//! the race's engine (`None` until the race has taken a step).

use crate::ui::format::sig;
use crate::ui::race::RaceCtx;
use leptos::prelude::*;
use losslab_core::train::roughness;
use losslab_core::LossName;

/// Selects `preset` in the race (its settings replace the race's).
pub fn apply_race_step(race: RaceCtx, preset: &'static str) {
    race.update_settings(|s| {
        // The presets' names are the core's own; a refusal would leave the settings as they were.
        let _ = s.apply("race.preset", preset);
    });
}

/// The live figure of `claim` from the race so far:
/// - C5: the roughness of the training curves of IoU, Dice and BCE;
/// - C9: `bce_dice`'s Dice part ÷ its BCE part, at the latest step;
/// - otherwise: the latest validation Dice of the claim's losses.
pub fn race_figure(race: RaceCtx, claim: usize) -> Option<String> {
    race.version.track();
    race.engine.try_with_value(|engine| {
        if engine.step() == 0 {
            return None;
        }
        let runner = |name: LossName| engine.runners().iter().find(|r| r.name == name);
        let join = |parts: Vec<String>| (!parts.is_empty()).then(|| parts.join(" · "));
        match claim {
            5 => join(
                [LossName::Iou, LossName::Dice, LossName::Bce]
                    .into_iter()
                    .filter_map(runner)
                    .map(|r| {
                        let curve = r.history.normalized_loss();
                        format!("{} {}", r.name.as_str(), sig(roughness(&curve), 3))
                    })
                    .collect(),
            ),
            9 => {
                let parts = runner(LossName::BceDice)?.history.parts.last().copied()?;
                (parts.bce > 0.0).then(|| sig(parts.dice_loss / parts.bce, 3))
            }
            _ => {
                let wanted: &[LossName] = match claim {
                    2 => &[LossName::Bce, LossName::Wce],
                    _ => &[LossName::Bce, LossName::Dice],
                };
                join(
                    wanted
                        .iter()
                        .filter_map(|&n| runner(n))
                        .map(|r| format!("{} {}", r.name.as_str(), sig(r.history.latest().dice, 3)))
                        .collect(),
                )
            }
        }
    })?
}
