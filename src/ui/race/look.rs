//! What to look for in a preset's race, with the figures of the run on screen filled in
//! (never numbers from an earlier run): each `race.look.<preset>` text is a template whose
//! `{…}` fields [`look_fields`] computes from the race's engine — the latest validation Dice
//! and recall of the BCE and Dice networks, the roughness of the Dice, IoU and BCE training
//! curves, `bce_dice`'s weighted Dice part ÷ BCE part at the latest step, and the preset's own
//! settings (sea-only share, undersampling, crop window); for the Dice + CE preset `dice_ce`'s
//! Dice and roughness; for the ramp preset the `topk_ce` and compound runners' Dice, the
//! compound's roughness and its weights at the latest step; for the boundary ramp generalized
//! Dice's and the boundary loss's Dice; for the multi-class preset each multi-class runner's
//! ship Dice (`mc_pi_bg`, `mc_pi`, `mc_pooled_bg`, `mc_pooled`, `mc_ce`) and the range of the
//! island's Dice over the runners. A field whose runner does not race reads "—".

use super::super::format::{derived, percent};
use losslab_core::train::{roughness, McObjective, Race, Runner, ISLAND, SHIP};
use losslab_core::BatchReduction::{PerImage, Pooled};
use losslab_core::LossName;

/// The `{name}` → value pairs every look template may use.
pub fn look_fields(race: &Race) -> Vec<(&'static str, String)> {
    let runner = |name: LossName| race.runners().iter().find(|r| r.name == Some(name));
    let dash = || "—".to_string();
    let compound = race.runners().iter().find(|r| r.is_compound());
    let of_compound = |f: &dyn Fn(&Runner) -> f64| compound.map_or_else(dash, |r| derived(f(r)));
    let of = |name: LossName, f: &dyn Fn(&Runner) -> f64| {
        runner(name).map_or_else(dash, |r| derived(f(r)))
    };
    let dice = |r: &Runner| r.history.latest().dice;
    let recall = |r: &Runner| r.history.latest().recall;
    let rough = |r: &Runner| roughness(&r.history.normalized_loss());
    let weights = compound
        .and_then(Runner::weights)
        .map_or_else(dash, |(a, b)| format!("{} : {}", derived(a), derived(b)));
    let parts = runner(LossName::BceDice)
        .and_then(|r| {
            let (bce, dice) = r.weighted_parts().last().copied()?;
            (bce > 0.0).then(|| derived(dice / bce))
        })
        .unwrap_or_else(dash);
    let all: Vec<f64> = race.runners().iter().map(dice).collect();
    let (lo, hi) =
        all.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
    let s = race.settings();
    let crop = s.crop.max(1);
    let class_dice = |r: &Runner, c: usize| r.history.latest().classes.dice(c);
    let ship_of = |o: McObjective| {
        race.runners()
            .iter()
            .find(|r| r.objective().multi_class() == Some(&o))
            .and_then(|r| class_dice(r, SHIP))
            .map_or_else(dash, derived)
    };
    let islands: Vec<f64> = race.runners().iter().filter_map(|r| class_dice(r, ISLAND)).collect();
    let (i_lo, i_hi) =
        islands.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
    let island = |v: f64| if islands.is_empty() { dash() } else { derived(v) };
    vec![
        ("step", race.step().to_string()),
        ("bce", of(LossName::Bce, &dice)),
        ("dice", of(LossName::Dice, &dice)),
        ("bce_recall", of(LossName::Bce, &recall)),
        ("r_dice", of(LossName::Dice, &rough)),
        ("r_iou", of(LossName::Iou, &rough)),
        ("r_bce", of(LossName::Bce, &rough)),
        ("parts", parts),
        ("dice_ce", of(LossName::DiceCe, &dice)),
        ("r_dice_ce", of(LossName::DiceCe, &rough)),
        ("topk", of(LossName::TopkCe, &dice)),
        ("gdl", of(LossName::GeneralizedDice, &dice)),
        ("boundary", of(LossName::Boundary, &dice)),
        ("ramp", of_compound(&dice)),
        ("r_ramp", of_compound(&rough)),
        ("ramp_w", weights),
        ("dice_min", if all.is_empty() { dash() } else { derived(lo) }),
        ("dice_max", if all.is_empty() { dash() } else { derived(hi) }),
        ("empty", percent(s.empty_fraction)),
        ("keep", percent(s.empty_keep)),
        ("side", s.side.to_string()),
        ("crop", crop.to_string()),
        ("fold", derived((s.side * s.side) as f64 / (crop * crop) as f64)),
        ("mc_pi_bg", ship_of(McObjective::dice(PerImage, true))),
        ("mc_pi", ship_of(McObjective::dice(PerImage, false))),
        ("mc_pooled_bg", ship_of(McObjective::dice(Pooled, true))),
        ("mc_pooled", ship_of(McObjective::dice(Pooled, false))),
        ("mc_ce", ship_of(McObjective::CE)),
        ("island_min", island(i_lo)),
        ("island_max", island(i_hi)),
    ]
}
