//! The race's plumbing: same seed → bit-identical curves; settings round-trip through
//! `pairs`/`apply` and refuse bad values; the data set honours its knobs.

use losslab_core::train::{runner_labels, DataSet, Preset, Race, RaceSettings, Sweep};
use losslab_core::{Loss, LossConfig, LossName, ParamValue};

/// A race small enough for an unoptimised build.
fn small(seed: u64) -> RaceSettings {
    RaceSettings {
        side: 16,
        batch: 2,
        train_images: 8,
        val_images: 4,
        steps: 6,
        val_every: 3,
        size_min: 2.0,
        size_max: 3.0,
        seed,
        losses: vec![LossName::Bce, LossName::Dice, LossName::BceDice],
        ..Preset::Extreme.settings()
    }
}

fn bits(v: &[f64]) -> Vec<u64> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn curves(race: &Race) -> Vec<Vec<u64>> {
    race.runners()
        .iter()
        .flat_map(|r| {
            let h = &r.history;
            let val: Vec<f64> =
                h.val.iter().flat_map(|p| [p.metrics.dice, p.metrics.iou]).collect();
            let parts: Vec<f64> = h.parts.iter().flat_map(|p| [p.values[0], p.values[1]]).collect();
            [bits(&h.loss), bits(&h.grad_norm), bits(&val), bits(&parts)]
        })
        .collect()
}

#[test]
fn same_seed_gives_bit_identical_curves() {
    let mut a = Race::new(&small(5));
    let mut b = Race::new(&small(5));
    a.run(6);
    // The same steps in a different rhythm of work units.
    for _ in 0..6 * 3 {
        b.work();
    }
    assert_eq!(a.step(), 6);
    assert_eq!(b.step(), 6);
    assert!(a.finished());
    assert_eq!(curves(&a), curves(&b));
    assert_eq!(a.runners()[0].history.loss.len(), 6);
    assert_eq!(a.runners()[0].history.val.len(), 3, "steps 0, 3 and 6");
    assert_eq!(a.runners()[2].history.parts.len(), 6, "bce_dice records its parts");
    let mut c = Race::new(&small(6));
    c.run(6);
    assert_ne!(curves(&a), curves(&c), "another seed, other curves");
}

#[test]
fn every_runner_starts_from_the_same_weights_and_trains_its_own() {
    let mut race = Race::new(&small(2));
    let first = race.runners()[0].net().params.clone();
    assert!(race.runners().iter().all(|r| r.net().params == first));
    race.run(1);
    assert_ne!(race.runners()[0].net().params, race.runners()[1].net().params);
    // A step's first training loss is the initial network's, and BCE of σ(z) at z ≈ 0 is
    // close to ln 2 = 0.693 (initial logits are small: zero biases, He-uniform weights).
    let bce = race.runners()[0].history.loss[0];
    assert!((bce - std::f64::consts::LN_2).abs() < 0.5, "{bce}");
}

#[test]
fn settings_round_trip_through_pairs_and_apply() {
    let mut edited = Preset::Balanced.settings();
    edited.apply("race.seed", "42").expect("a seed");
    edited.apply("race.losses", "dice,bce").expect("losses");
    edited.apply("race.optimizer", "sgd").expect("sgd");
    edited.apply("race.reduction", "per_image").expect("per image");
    edited.preset = Preset::Custom;
    for original in Preset::ALL.map(Preset::settings).into_iter().chain([edited]) {
        let mut copy = RaceSettings::default();
        for (key, value) in original.pairs() {
            copy.apply(key, &value).unwrap_or_else(|e| panic!("{key}={value}: {e}"));
        }
        assert_eq!(copy, original);
    }
}

#[test]
fn bad_settings_are_refused_and_leave_the_settings_alone() {
    let mut s = RaceSettings::default();
    let before = s.clone();
    for (key, value) in [
        ("race.side", "8"),
        ("race.side", "abc"),
        ("race.lr", "0"),
        ("race.lr", "NaN"),
        ("race.losses", ""),
        ("race.losses", "dice,nope"),
        ("race.optimizer", "rmsprop"),
        ("race.crop", "4"),
        ("race.empty", "1"),
        ("race.batch", "0"),
        ("race.preset", "huge"),
        ("race.sweep", "wce.pos_weight:-1"),
        ("race.sweep", "wce.pos_weight:heavy"),
        ("race.sweep", "wce.gamma:2"),
        ("race.sweep", "nope.pos_weight:2"),
        ("race.sweep", "wce.pos_weight"),
        ("race.sweep", "wce.pos_weight:1,2,3,4,5,6,7,8,9"),
        ("race.nope", "1"),
    ] {
        assert!(s.apply(key, value).is_err(), "{key}={value} is refused");
        assert_eq!(s, before, "{key}={value} changed nothing");
    }
}

#[test]
fn the_data_set_honours_its_knobs() {
    let mut s = small(4);
    s.train_images = 20;
    s.val_images = 8;
    s.empty_fraction = 0.5;
    s.empty_keep = 0.0;
    let data = DataSet::generate(&s);
    let empty = data.train.iter().filter(|x| x.is_empty()).count();
    assert_eq!(empty, 10, "exactly half the images are sea only");
    assert_eq!(data.val.iter().filter(|x| x.is_empty()).count(), 4);
    assert_eq!(data.pool.len(), 10, "undersampling to 0 keeps only images with ships");
    assert!(data.pool.iter().all(|&i| !data.train[i].is_empty()));
    s.empty_keep = 1.0;
    assert_eq!(DataSet::generate(&s).pool.len(), 20);
    // Crop mode: windows of the asked side, each with its ship.
    s.empty_fraction = 0.0;
    s.side = 64;
    s.crop = 16;
    let cropped = DataSet::generate(&s);
    assert_eq!(cropped.side, 16);
    assert!(cropped.train.iter().all(|x| x.image.len() == 256 && !x.is_empty()));
    // The extreme preset's ship is under 0.1 % of the pixels on average.
    let extreme = DataSet::generate(&Preset::Extreme.settings());
    let fg = extreme.pool_foreground();
    assert!(fg > 0.0 && fg < 0.001, "{fg}");
}

fn wce(pos_weight: ParamValue) -> Loss {
    let config = LossConfig::from_params(LossName::Wce, [("pos_weight", &pos_weight)]);
    Loss::new(config.expect("valid")).expect("valid")
}

#[test]
fn runner_labels_name_the_parameters_that_differ() {
    let dice = Loss::default_for(LossName::Dice);
    // Alone, a loss at its defaults is its name; a changed parameter is named.
    assert_eq!(runner_labels(&[dice]), ["dice"]);
    assert_eq!(runner_labels(&[wce(ParamValue::Number(3.0))]), ["wce (pos_weight 3)"]);
    // Beside a runner of the same loss with another value, the default value is named too.
    let labels = runner_labels(&[
        Loss::default_for(LossName::Wce),
        wce(ParamValue::Number(3.0)),
        wce(ParamValue::Text("balanced".into())),
        dice,
    ]);
    assert_eq!(
        labels,
        ["wce (pos_weight 10)", "wce (pos_weight 3)", "wce (pos_weight balanced)", "dice"]
    );
}

#[test]
fn the_race_trains_each_loss_with_the_parameters_it_is_given() {
    // The board's parameters: wce at pos_weight 1, which is BCE term for term (w⁺ = 1 in
    // −w⁺·y·ln p − (1 − y)·ln(1 − p)): on the same batch from the same weights, both
    // runners' first training loss must agree; wce's default w⁺ = 10 weighs ship pixels up.
    let settings = RaceSettings { losses: vec![LossName::Bce, LossName::Wce], ..small(3) };
    let board = |name: LossName| {
        let mut c = LossConfig::default_for(name);
        if name == LossName::Wce {
            c.set("pos_weight", &ParamValue::Number(1.0)).expect("a weight");
        }
        c
    };
    let mut race = Race::with_losses(&settings, &settings.runner_losses(board));
    assert_eq!(race.runners()[1].label, "wce (pos_weight 1)");
    assert_eq!(
        race.runners()[1].loss().expect("a loss runner").config().get("pos_weight"),
        Some(ParamValue::Number(1.0))
    );
    race.run(1);
    let (bce, wce1) = (race.runners()[0].history.loss[0], race.runners()[1].history.loss[0]);
    assert!((bce - wce1).abs() <= 1e-6 * bce, "{bce} vs {wce1}");
    let mut defaults = Race::new(&settings);
    defaults.run(1);
    let wce10 = defaults.runners()[1].history.loss[0];
    assert!(wce10 > wce1, "w⁺ = 10 weighs the ship pixels up: {wce10} vs {wce1}");
}

#[test]
fn the_pos_weight_sweep_races_weighted_ce_once_per_weight() {
    let settings = Preset::PosWeightSweep.settings();
    assert_eq!(settings.losses, [LossName::Wce]);
    let sweep = settings.sweep.clone().expect("a sweep");
    assert_eq!(sweep.text(), "wce.pos_weight:1,3,10,30,100,balanced");
    assert_eq!(Sweep::parse(&sweep.text()), Ok(sweep));
    // A sweep of a loss that does not race adds no runner; the others keep their parameters.
    let small_sweep = RaceSettings { sweep: settings.sweep.clone(), ..small(1) };
    let labels: Vec<String> =
        Race::new(&small_sweep).runners().iter().map(|r| r.label.clone()).collect();
    assert_eq!(labels, ["bce", "dice", "bce_dice"]);
    let sweep_small = RaceSettings { losses: vec![LossName::Wce, LossName::Dice], ..small_sweep };
    let race = Race::new(&sweep_small);
    let labels: Vec<&str> = race.runners().iter().map(|r| r.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "wce (pos_weight 1)",
            "wce (pos_weight 3)",
            "wce (pos_weight 10)",
            "wce (pos_weight 30)",
            "wce (pos_weight 100)",
            "wce (pos_weight balanced)",
            "dice"
        ]
    );
}
