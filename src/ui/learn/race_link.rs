//! The tour's two links to the training race: [`apply_race_step`] chooses a preset (a new
//! race, paused at step 0), [`race_figure`] reads the race's live figure for a claim from
//! the race's engine (`None` until the race has taken a step).

use crate::ui::format::derived;
use crate::ui::race::RaceCtx;
use leptos::prelude::*;
use losslab_core::params::wce;
use losslab_core::train::{roughness, value_text};
use losslab_core::LossName;

/// Selects `preset` in the race (its settings replace the race's).
pub fn apply_race_step(race: RaceCtx, preset: &'static str) {
    race.update_settings(|s| {
        // The presets' names are the core's own; a refusal would leave the settings as they were.
        let _ = s.apply("race.preset", preset);
    });
}

/// The live figure of `claim` from the race so far:
/// - C2: per `pos_weight` of the sweep's weighted-CE runners, the latest validation
///   precision / recall / Dice (`<w> → <P> / <R> / <Dice>`, joined by ` · `);
/// - C5: the roughness of IoU's, Dice's and BCE's training curves and of their losses on the
///   fixed evaluation batch (`<loss> <training> / <fixed>`);
/// - C9: `bce_dice`'s Dice part ÷ its BCE part at the latest step: the values weighted and
///   unweighted, then the weighted parts' gradients on the network's parameters as SGD and as
///   Adam use them (`×<w> / ×<u> · SGD ×<g> · Adam ×<a>`);
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
            2 => join(
                engine
                    .runners()
                    .iter()
                    .filter(|r| r.name == LossName::Wce)
                    .filter_map(|r| {
                        let w = r.loss().config().get(wce::POS_WEIGHT.key)?;
                        let m = r.history.latest();
                        Some(format!(
                            "{} → {} / {} / {}",
                            value_text(&w),
                            derived(m.precision),
                            derived(m.recall),
                            derived(m.dice)
                        ))
                    })
                    .collect(),
            ),
            5 => join(
                [LossName::Iou, LossName::Dice, LossName::Bce]
                    .into_iter()
                    .filter_map(runner)
                    .map(|r| {
                        let train = roughness(&r.history.normalized_loss());
                        let fixed = roughness(&r.history.normalized_fixed_loss());
                        format!("{} {} / {}", r.name.as_str(), derived(train), derived(fixed))
                    })
                    .collect(),
            ),
            9 => {
                let r = runner(LossName::BceDice)?;
                let parts = r.history.parts.last().copied()?;
                let grads = r.history.part_grads.last().copied()?;
                let (bce_weighted, dice_weighted) = r.weighted_parts().last().copied()?;
                let ratio = |d: f64, b: f64| if b > 0.0 { derived(d / b) } else { "—".into() };
                Some(format!(
                    "×{} / ×{} · SGD ×{} · Adam ×{}",
                    ratio(dice_weighted, bce_weighted),
                    ratio(parts.dice_loss, parts.bce),
                    ratio(grads.dice, grads.bce),
                    ratio(grads.dice_adam, grads.bce_adam)
                ))
            }
            _ => join(
                [LossName::Bce, LossName::Dice]
                    .iter()
                    .filter_map(|&n| runner(n))
                    .map(|r| format!("{} {}", r.name.as_str(), derived(r.history.latest().dice)))
                    .collect(),
            ),
        }
    })?
}
