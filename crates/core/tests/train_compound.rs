//! The race's loss groups and its compound runner: the groups race the losses they name (the
//! article's ten by default, every preset of the article's claims unchanged); a compound
//! runner trains with the weighted sum of its terms — value and gradient — at the weights its
//! schedule gives each step; the new settings round-trip through the link's pairs.

use losslab_core::train::{
    ramp_spec, CompoundRunner, LossGroup, Objective, Optimizer, Preset, Race, RaceSettings,
    RAMP_SECOND,
};
use losslab_core::{Compound, CompoundSpec, Loss, LossConfig, LossName, Schedule, Term};

/// A race small enough for an unoptimised build.
fn small() -> RaceSettings {
    RaceSettings {
        side: 16,
        batch: 2,
        train_images: 8,
        val_images: 4,
        steps: 6,
        val_every: 3,
        size_min: 2.0,
        size_max: 3.0,
        seed: 7,
        ..Preset::Balanced.settings()
    }
}

fn compound(a: LossName, wa: f64, b: LossName, wb: f64, schedule: Schedule) -> Compound {
    let term = |name, weight| Term { loss: Loss::default_for(name), weight };
    Compound::new([term(a, wa), term(b, wb)], schedule).expect("a valid compound")
}

fn names(race: &Race) -> Vec<Option<LossName>> {
    race.runners().iter().map(|r| r.name).collect()
}

#[test]
fn the_groups_race_the_losses_they_name() {
    let default = RaceSettings::default();
    assert_eq!(default.group, LossGroup::Article, "the article's ten by default");
    let ten = names(&Race::new(&default));
    assert_eq!(ten, LossName::ARTICLE.map(Some), "the ten, in the article's order");
    let mut s = RaceSettings::default();
    s.apply("race.group", "compound").expect("a group");
    let want: Vec<Option<LossName>> = [
        LossName::Dice,
        LossName::DiceCe,
        LossName::DiceFocal,
        LossName::TopkCe,
        LossName::LovaszHinge,
        LossName::LogCoshDice,
        LossName::Combo,
        LossName::UnifiedFocal,
    ]
    .map(Some)
    .to_vec();
    assert_eq!(names(&Race::new(&s)), want, "the seven new, Dice first as the reference");
    s.apply("race.group", "geometry").expect("a group");
    let geometry = [Some(LossName::Dice), Some(LossName::Boundary), Some(LossName::HausdorffDt)];
    assert_eq!(names(&Race::new(&s))[..3], geometry, "the four geometry losses, Dice first");
    s.apply("race.group", "all").expect("a group");
    assert_eq!(s.losses.len(), 21);
    assert_eq!(names(&Race::new(&s)), LossName::ALL.map(Some));
    // A list of one's own makes the group custom; the same list as the group's keeps it.
    s.apply("race.losses", "dice,bce").expect("losses");
    assert_eq!(
        (s.group, s.losses.clone()),
        (LossGroup::Custom, vec![LossName::Dice, LossName::Bce])
    );
    s.apply("race.group", "article").expect("a group");
    let ten_text: Vec<&str> = LossName::ARTICLE.iter().map(|n| n.as_str()).collect();
    s.apply("race.losses", &ten_text.join(",")).expect("losses");
    assert_eq!(s.group, LossGroup::Article);
    // Custom keeps the list it has.
    s.apply("race.group", "custom").expect("a group");
    assert_eq!(s.losses, LossName::ARTICLE);
    let before = s.clone();
    for (key, value) in [("race.group", "seven"), ("race.compound", "2"), ("race.compound", "on")] {
        assert!(s.apply(key, value).is_err(), "{key}={value} is refused");
        assert_eq!(s, before, "{key}={value} changed nothing");
    }
}

#[test]
fn the_article_presets_race_the_ten_as_before() {
    // Before the groups, every preset raced the article's ten (the pos_weight sweep: wce
    // alone), at their defaults, without a compound runner.
    for preset in Preset::ALL {
        let s = preset.settings();
        let objectives = s.runner_objectives(LossConfig::default_for, &CompoundSpec::default());
        let want: Vec<Objective> = match preset {
            Preset::DiceCe | Preset::Ramp | Preset::BoundaryRamp | Preset::MultiClass => continue,
            Preset::PosWeightSweep => s.runner_losses(LossConfig::default_for),
            _ => LossName::ARTICLE.map(Loss::default_for).to_vec(),
        }
        .into_iter()
        .map(Objective::Loss)
        .collect();
        assert_eq!(objectives, want, "{}", preset.as_str());
        assert_eq!(s.compound, CompoundRunner::Off);
    }
    assert_eq!(Preset::PosWeightSweep.settings().losses, [LossName::Wce]);
}

#[test]
fn the_new_settings_round_trip_through_the_link() {
    let mut edited = Preset::Extreme.settings();
    edited.apply("race.group", "all").expect("a group");
    edited.apply("race.compound", "1").expect("the builder");
    assert_eq!(edited.compound, CompoundRunner::Builder, "1 is the builder");
    let mut custom = Preset::Balanced.settings();
    custom.apply("race.losses", "topk_ce,dice").expect("losses");
    custom.apply("race.compound", "ramp").expect("the ramp");
    for original in [edited, custom, Preset::DiceCe.settings(), Preset::Ramp.settings()] {
        let mut copy = RaceSettings::default();
        for (key, value) in original.pairs() {
            copy.apply(key, &value).unwrap_or_else(|e| panic!("{key}={value}: {e}"));
        }
        assert_eq!(copy, original);
    }
}

#[test]
fn a_compound_runner_trains_with_the_weighted_sum_of_its_terms() {
    // SGD's first step from zero momentum moves the weights by −lr·g, and the backward pass
    // is linear in ∂L/∂z: on the same batch from the same initial weights, the compound
    // 0.7·dice + 1.3·topk_ce must move them by 0.7 × dice's move + 1.3 × topk_ce's, its loss
    // be 0.7 × dice's + 1.3 × topk_ce's, and its parts' gradient norms 0.7 and 1.3 times the
    // terms' own gradient norms.
    let settings = RaceSettings { optimizer: Optimizer::Sgd, ..small() };
    let (wa, wb) = (0.7, 1.3);
    let c = compound(LossName::Dice, wa, LossName::TopkCe, wb, Schedule::Constant);
    let objectives = [
        Objective::Loss(Loss::default_for(LossName::Dice)),
        Objective::Loss(Loss::default_for(LossName::TopkCe)),
        Objective::Compound(c),
    ];
    let start = Race::with_objectives(&settings, &objectives).runners()[0].net().params.clone();
    let mut race = Race::with_objectives(&settings, &objectives);
    race.step_once();
    let [dice, topk, both] = race.runners() else { panic!("three runners") };
    assert_eq!(both.label, "0.7·dice + 1.3·topk_ce");
    assert_eq!(both.name, None);
    let (ld, lt, lc) = (dice.history.loss[0], topk.history.loss[0], both.history.loss[0]);
    assert!((lc - (wa * ld + wb * lt)).abs() <= 1e-12 * lc.abs(), "{lc} vs {wa}·{ld} + {wb}·{lt}");
    let parts = both.history.parts[0];
    assert_eq!(parts.values, [ld, lt], "the parts are the terms' own values");
    assert_eq!(parts.weights, [wa, wb]);
    let moved = |r: &losslab_core::train::Runner| -> Vec<f64> {
        r.net().params.iter().zip(&start).map(|(a, b)| f64::from(a - b)).collect()
    };
    let (md, mt, mc) = (moved(dice), moved(topk), moved(both));
    let scale = mc.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    assert!(scale > 0.0, "the compound moved the weights");
    for i in 0..mc.len() {
        let want = wa * md[i] + wb * mt[i];
        assert!((mc[i] - want).abs() <= 1e-4 * scale, "parameter {i}: {} vs {want}", mc[i]);
    }
    let g = both.history.part_grads[0];
    let (gd, gt) = (dice.history.grad_norm[0], topk.history.grad_norm[0]);
    assert!((g.norm[0] - wa * gd).abs() <= 1e-4 * wa * gd, "{} vs {}", g.norm[0], wa * gd);
    assert!((g.norm[1] - wb * gt).abs() <= 1e-4 * wb * gt, "{} vs {}", g.norm[1], wb * gt);
}

#[test]
fn a_linear_schedule_moves_the_weights_step_by_step_in_a_running_race() {
    // From [1, 0] to [0, 1] over 4 steps: step k (from 0) trains with [1 − k/4, k/4], then
    // [0, 1] from step 4 on; each step's training loss is its weights times its parts.
    let ramp = Schedule::Linear { steps: 4, end: [0.0, 1.0] };
    let c = compound(LossName::Dice, 1.0, LossName::Bce, 0.0, ramp);
    let constant = compound(LossName::Dice, 1.0, LossName::Bce, 0.0, Schedule::Constant);
    let settings = small();
    let mut race =
        Race::with_objectives(&settings, &[Objective::Compound(c), Objective::Compound(constant)]);
    race.run(6);
    let [ramped, fixed] = race.runners() else { panic!("two runners") };
    assert_eq!(ramped.label, "dice + bce (1 : 0 → 0 : 1 linear 4)");
    let weights: Vec<[f64; 2]> = ramped.history.parts.iter().map(|p| p.weights).collect();
    assert_eq!(
        weights,
        [[1.0, 0.0], [0.75, 0.25], [0.5, 0.5], [0.25, 0.75], [0.0, 1.0], [0.0, 1.0]]
    );
    for (k, p) in ramped.history.parts.iter().enumerate() {
        let want = p.weights[0] * p.values[0] + p.weights[1] * p.values[1];
        let got = ramped.history.loss[k];
        assert!((got - want).abs() <= 1e-12 * want.abs().max(1e-300), "step {k}: {got} vs {want}");
    }
    assert_eq!(ramped.weights(), Some((0.0, 1.0)), "the latest step's weights");
    // The first step is the same for both (the same weights); from the second on the ramp
    // trains otherwise.
    assert_eq!(ramped.history.loss[0], fixed.history.loss[0]);
    assert!(fixed.history.parts.iter().all(|p| p.weights == [1.0, 0.0]));
    assert_ne!(ramped.net().params, fixed.net().params);
}

#[test]
fn the_compound_runner_joins_the_losses_from_the_settings() {
    let mut s = RaceSettings { losses: vec![LossName::Dice], ..small() };
    assert_eq!(Race::new(&s).runners().len(), 1, "off by default");
    s.apply("race.compound", "builder").expect("the builder");
    // The builder's spec, its terms with the board's parameters (here: dice's smooth 0.5).
    let board = |name: LossName| {
        let mut c = LossConfig::default_for(name);
        if name == LossName::Dice {
            c.set("smooth", &losslab_core::ParamValue::Number(0.5)).expect("a smooth");
        }
        c
    };
    let objectives = s.runner_objectives(board, &CompoundSpec::default());
    let race = Race::with_objectives(&s, &objectives);
    let labels: Vec<&str> = race.runners().iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels, ["dice (smooth 0.5)", "dice (smooth 0.5) + topk_ce"]);
    assert!(race.runners()[1].is_compound());
    assert_eq!(race.runners()[1].part_names(), Some([LossName::Dice, LossName::TopkCe]));
    // The ramp spans the race's steps, from Dice to RAMP_SECOND.
    s.apply("race.compound", "ramp").expect("the ramp");
    let spec = s.compound_spec(&CompoundSpec::default()).expect("a compound runner");
    assert_eq!(spec, ramp_spec(s.steps));
    assert_eq!(spec.losses, [LossName::Dice, RAMP_SECOND]);
    assert_eq!(spec.schedule, Schedule::Linear { steps: 6, end: [0.01, 0.99] });
    let ramp = Preset::Ramp.settings();
    assert_eq!(ramp.compound, CompoundRunner::Ramp);
    let built = ramp.compound_spec(&CompoundSpec::default()).expect("the ramp");
    assert_eq!(built.schedule, Schedule::Linear { steps: 300, end: [0.01, 0.99] });
}

#[test]
fn the_boundary_ramp_preset_races_gdl_the_boundary_loss_and_the_papers_ramp() {
    // Kervadec et al.: α·GDL + (1 − α)·boundary, α from 1 down to 0.01 over training.
    let s = Preset::BoundaryRamp.settings();
    assert_eq!(s.losses, [LossName::GeneralizedDice, LossName::Boundary]);
    assert_eq!(s.compound, CompoundRunner::BoundaryRamp);
    let spec = s.compound_spec(&CompoundSpec::default()).expect("a compound runner");
    assert_eq!(spec.losses, [LossName::GeneralizedDice, LossName::Boundary]);
    let compound = spec.build(LossConfig::default_for).expect("valid");
    assert_eq!(compound.weights_at(0), [1.0, 0.0]);
    let end = compound.weights_at(s.steps as u32);
    assert!((end[0] - 0.01).abs() < 1e-12 && (end[1] - 0.99).abs() < 1e-12, "{end:?}");
    // It trains: a few steps give finite losses for all three runners.
    let mut race = Race::new(&s);
    for _ in 0..3 * race.runners().len() {
        race.work();
    }
    for r in race.runners() {
        assert!(r.diverged.is_none(), "{:?}: {:?}", r.name, r.diverged);
    }
}
