//! The tour's links to the training race: [`apply_race_step`] chooses a preset (a new race,
//! paused at step 0), [`race_figure`] reads the race's live figure for a claim from the
//! race's engine (`None` until the race has taken a step), and [`precomputed_figure`] gives
//! the same figure at the end of the step's race, computed beforehand by the same code
//! ([`figure_of`]) with the same settings, for as long as the live race has not started.
//!
//! The precomputed figures are `race_figures.txt`, written by
//! `LOSSLAB_UPDATE_RACE_FIGURES=1 cargo test -p losslab-app --lib race_figures`; without the
//! variable that test runs the races again and fails if a figure differs from the file.

use super::settings::DICE_CE_STEP;
use crate::ui::format::derived;
use crate::ui::race::RaceCtx;
use leptos::prelude::*;
use losslab_core::params::wce;
use losslab_core::train::{roughness, value_text, Objective, Race, RaceSettings};
use losslab_core::{CompoundSpec, Loss, LossName};

/// The precomputed figures: `<claim>\t<steps>\t<figure>` lines, `#` comments.
const PRECOMPUTED: &str = include_str!("race_figures.txt");

/// Selects `preset` in the race (its settings replace the race's), on the synthetic sea the
/// claims are about (a race on the user's images goes back to the sea).
pub fn apply_race_step(race: RaceCtx, preset: &'static str) {
    if race.user.with_untracked(Option::is_some) {
        race.set_user(None);
    }
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
/// - the Dice + CE step (on the extreme data): per racing network of dice, dice_ce and
///   bce, its validation Dice at the latest validation and at the last one halfway there, and
///   its training curve's roughness (`<loss> <Dice> / <Dice halfway> / <roughness>`);
/// - otherwise: the latest validation Dice of the claim's losses.
pub fn race_figure(race: RaceCtx, claim: usize) -> Option<String> {
    race.version.track();
    race.engine.try_with_value(|engine| figure_of(engine, claim))?
}

/// The figure of `claim` (see [`race_figure`]) from `engine` (`None` before its first step).
pub fn figure_of(engine: &Race, claim: usize) -> Option<String> {
    if engine.step() == 0 {
        return None;
    }
    let runner = |name: LossName| engine.runners().iter().find(|r| r.name == Some(name));
    let join = |parts: Vec<String>| (!parts.is_empty()).then(|| parts.join(" · "));
    match claim {
        2 => join(
            engine
                .runners()
                .iter()
                .filter(|r| r.name == Some(LossName::Wce))
                .filter_map(|r| {
                    let w = r.loss()?.config().get(wce::POS_WEIGHT.key)?;
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
                    format!("{} {} / {}", name_of(r), derived(train), derived(fixed))
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
                ratio(parts.values[1], parts.values[0]),
                ratio(grads.norm[1], grads.norm[0]),
                ratio(grads.adam[1], grads.adam[0])
            ))
        }
        // Dice + CE on the extreme data.
        DICE_CE_STEP => {
            let halfway = engine.step() / 2;
            join(
                [LossName::Dice, LossName::DiceCe, LossName::Bce]
                    .into_iter()
                    .filter_map(runner)
                    .map(|r| {
                        let h = &r.history;
                        let mid = h.val.iter().rev().find(|p| p.step <= halfway);
                        format!(
                            "{} {} / {} / {}",
                            name_of(r),
                            derived(h.latest().dice),
                            mid.map_or_else(|| "—".into(), |p| derived(p.metrics.dice)),
                            derived(roughness(&h.normalized_loss()))
                        )
                    })
                    .collect(),
            )
        }
        _ => join(
            [LossName::Bce, LossName::Dice]
                .iter()
                .filter_map(|&n| runner(n))
                .map(|r| format!("{} {}", name_of(r), derived(r.history.latest().dice)))
                .collect(),
        ),
    }
}

/// A loss runner's loss name (`compound` for the compound runner).
fn name_of(r: &losslab_core::train::Runner) -> &'static str {
    r.name.map_or("compound", LossName::as_str)
}

/// The race settings of a tour step that selects `preset` (a preset replaces every race
/// setting; the speed limit does not change the race).
pub fn step_settings(preset: &str) -> Option<RaceSettings> {
    let mut s = RaceSettings::default();
    s.apply("race.preset", preset).ok()?;
    Some(s)
}

/// What a race of `settings` trains with at the default parameters (a compound runner of the
/// builder: the default spec).
pub fn default_objectives(settings: &RaceSettings) -> Vec<Objective> {
    settings.runner_objectives(|name| *Loss::default_for(name).config(), &CompoundSpec::default())
}

/// The precomputed figure of `claim` and the step it was taken at, when the race has not
/// started and is the one it was computed for: the settings of `preset` (speed aside), the
/// synthetic sea, and every runner at its default parameters.
pub fn precomputed_figure(race: RaceCtx, claim: usize, preset: &str) -> Option<(usize, String)> {
    race.version.track();
    let want = step_settings(preset)?;
    let same_settings =
        race.settings.with(|s| RaceSettings { speed: want.speed, ..s.clone() } == want);
    let unstarted_same = race
        .engine
        .try_with_value(|e| {
            e.step() == 0 && e.data().user.is_none() && e.objectives() == default_objectives(&want)
        })
        .unwrap_or(false);
    (same_settings && unstarted_same).then(|| lookup(claim)).flatten()
}

/// The committed figure of `claim`: `(steps, figure)`.
fn lookup(claim: usize) -> Option<(usize, String)> {
    PRECOMPUTED.lines().filter(|l| !l.starts_with('#')).find_map(|line| {
        let mut parts = line.splitn(3, '\t');
        let n: usize = parts.next()?.parse().ok()?;
        let steps: usize = parts.next()?.parse().ok()?;
        (n == claim).then(|| (steps, parts.next().unwrap_or("").to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::learn::steps::STEPS;

    /// Runs each race step's race to its end natively (the same code as the page's race, the
    /// settings of the step's preset, every loss at its defaults) and checks the committed
    /// figures against it; `LOSSLAB_UPDATE_RACE_FIGURES=1` rewrites the file instead.
    #[test]
    fn race_figures() {
        let mut lines = vec![
            "# The tour's race figures at the end of each race step's race: the step's preset,"
                .to_string(),
            "# every loss at its default parameters, the preset's seed and steps. Written by"
                .into(),
            "#   LOSSLAB_UPDATE_RACE_FIGURES=1 cargo test -p losslab-app --lib race_figures".into(),
            "# and checked by the same test without the variable. claim<TAB>steps<TAB>figure"
                .into(),
        ];
        // Each preset's race once (steps 5 and 9 share one), in parallel.
        let mut presets: Vec<&str> = STEPS.iter().filter_map(|s| s.race).collect();
        presets.sort_unstable();
        presets.dedup();
        let finished: Vec<(&str, Race)> = std::thread::scope(|scope| {
            let runs: Vec<_> = presets
                .iter()
                .map(|&preset| {
                    scope.spawn(move || {
                        let settings = step_settings(preset).expect("the tour's presets exist");
                        let objectives = default_objectives(&settings);
                        let mut race = Race::with_objectives(&settings, &objectives);
                        while !race.finished() {
                            race.work();
                        }
                        (preset, race)
                    })
                })
                .collect();
            runs.into_iter().map(|r| r.join().expect("a race runs")).collect()
        });
        for (i, step) in STEPS.iter().enumerate() {
            let Some(preset) = step.race else { continue };
            let claim = i + 1;
            let race = &finished.iter().find(|(p, _)| *p == preset).expect("run above").1;
            let figure = figure_of(race, claim).expect("a finished race has a figure");
            lines.push(format!("{claim}\t{}\t{figure}", race.step()));
        }
        let text = lines.join("\n") + "\n";
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/ui/learn/race_figures.txt");
        if std::env::var_os("LOSSLAB_UPDATE_RACE_FIGURES").is_some() {
            std::fs::write(path, &text).expect("write the figures");
        } else {
            assert_eq!(PRECOMPUTED, text, "rerun with LOSSLAB_UPDATE_RACE_FIGURES=1");
            for (i, step) in STEPS.iter().enumerate() {
                if step.race.is_some() {
                    assert!(lookup(i + 1).is_some_and(|(steps, f)| steps > 0 && !f.is_empty()));
                }
            }
        }
    }
}
