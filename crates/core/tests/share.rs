//! The link and history codec (`losslab_core::share`): encode → decode is the identity for
//! any state (property tests), hand-made links decode as derived by hand, and bad links
//! keep what they can and say what they ignored. Fuzzing of the decoders lives in
//! `share_fuzz.rs`.

use losslab_core::params::Valid;
use losslab_core::scene::{
    Brush, BrushMode, GridSize, History, Layer, PredictionModel, Scene, Shape, TargetSpec,
};
use losslab_core::share::{self, b64, rle, Settings};
use losslab_core::{KnobKind, LossConfig, LossName, ParamValue};
use proptest::prelude::*;

/// One edit of the scene through its public API.
#[derive(Debug, Clone)]
enum Op {
    Stroke { layer: Layer, brush: Brush, points: Vec<(f64, f64)> },
    Invert(Layer),
    Clear(Layer),
}

fn layer() -> impl Strategy<Value = Layer> {
    prop_oneof![Just(Layer::Target), Just(Layer::Prediction)]
}

fn brush() -> impl Strategy<Value = Brush> {
    (1.0..=64.0f64, any::<bool>(), 0.0..=1.0f64).prop_map(|(size, erase, prob)| Brush {
        size,
        mode: if erase { BrushMode::Erase } else { BrushMode::Paint },
        prob,
    })
}

fn op(side: f64) -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (layer(), brush(), prop::collection::vec((-2.0..side + 2.0, -2.0..side + 2.0), 1..6))
            .prop_map(|(layer, brush, points)| Op::Stroke { layer, brush, points }),
        1 => layer().prop_map(Op::Invert),
        1 => layer().prop_map(Op::Clear),
    ]
}

fn model() -> impl Strategy<Value = PredictionModel> {
    (
        (1e-4..=0.5f64, 0.0..=1.0f64, -32..=32i32, -32..=32i32),
        (0.0..=8.0f64, -32..=32i32, 0..=200u32, any::<u64>()),
        (0..=64u32, 0..=64u32, any::<bool>()),
    )
        .prop_map(
            |(
                (background, foreground, shift_x, shift_y),
                (blur, morph, specks, seed),
                (gap, spur, far_speck),
            )| {
                PredictionModel {
                    background,
                    foreground,
                    shift_x,
                    shift_y,
                    blur,
                    morph,
                    specks,
                    seed,
                    gap,
                    spur,
                    far_speck,
                }
            },
        )
}

/// Any scene the app can reach: a generated one, then a few edits. 256² grids are rarer
/// (they take longer).
fn scene() -> impl Strategy<Value = Scene> {
    let grid = prop_oneof![
        4 => Just(GridSize::S32),
        4 => Just(GridSize::S64),
        1 => Just(GridSize::S128),
        1 => Just(GridSize::S256)
    ];
    let shape = prop::sample::select(Shape::ALL.to_vec());
    (grid, shape, 1usize..40_000, 0.0..=1.0f64, 0.0..=1.0f64, model()).prop_flat_map(
        |(grid, shape, area, center_x, center_y, model)| {
            let spec = TargetSpec { shape, area, center_x, center_y };
            prop::collection::vec(op(grid.side() as f64), 0..4).prop_map(move |ops| {
                let mut scene = Scene::new(grid, spec, model);
                for op in ops {
                    match op {
                        Op::Stroke { layer, brush, points } => {
                            let mut stroke = scene.begin_stroke(layer, brush);
                            for (x, y) in points {
                                scene.stroke_to(&mut stroke, x, y);
                            }
                        }
                        Op::Invert(layer) => scene.invert(layer),
                        Op::Clear(layer) => scene.clear(layer),
                    }
                }
                scene
            })
        },
    )
}

/// A value for `param` of `loss` in its valid range (or a word/switch it accepts), read from
/// its `ParamSpec`: every number the core accepts (`Valid`, open ends excluded; wide ranges
/// sampled across their decades too), the word a number may stand for (wce's "balanced",
/// Dice + focal's "none"), the choices, a switch.
fn param_value(loss: LossName, param: &str) -> BoxedStrategy<ParamValue> {
    use ParamValue::{Bool, Number, Text};
    let spec = loss.spec(param).expect("a parameter of the loss");
    let word = |words: Vec<&'static str>| {
        prop::sample::select(words).prop_map(|w| Text(w.to_string())).boxed()
    };
    let number = |v: Valid| -> BoxedStrategy<ParamValue> {
        let lo = if v.min_open { v.min + (v.max - v.min) * 1e-9 } else { v.min };
        let hi = if v.max_open { v.max - (v.max - v.min) * 1e-9 } else { v.max };
        let tiny = (lo.max(1e-300))..=(hi.min(1e-5).max(lo.max(1e-300)));
        prop_oneof![(lo..=hi), (lo..=hi.min(1.0).max(lo)), Just(lo), Just(hi), tiny]
            .prop_map(Number)
            .boxed()
    };
    match (spec.control, spec.valid) {
        (KnobKind::Flag, _) => any::<bool>().prop_map(Bool).boxed(),
        (KnobKind::Integer { .. }, Some(v)) => {
            ((v.min as u32)..=(v.max as u32)).prop_map(|k| Number(f64::from(k))).boxed()
        }
        (KnobKind::Choice(words), _) => word(words.to_vec()),
        (KnobKind::NumberOr { word: w, .. }, Some(v)) => {
            prop_oneof![number(v), word(vec![w])].boxed()
        }
        (_, Some(v)) => number(v),
        (_, None) => unreachable!("{loss} {param}: a number without a range"),
    }
}

fn config(loss: LossName) -> BoxedStrategy<LossConfig> {
    let names = LossConfig::default_for(loss).param_names();
    let values: Vec<_> = names.iter().map(|p| param_value(loss, p)).collect();
    (values, prop::collection::vec(any::<bool>(), names.len()))
        .prop_map(move |(values, keep)| {
            let mut config = LossConfig::default_for(loss);
            for ((name, value), keep) in names.iter().zip(values).zip(keep) {
                if keep {
                    config.set(name, &value).expect("a value of the right kind");
                }
            }
            config
        })
        .boxed()
}

fn settings() -> impl Strategy<Value = Settings> {
    let configs: Vec<_> = LossName::ALL.iter().map(|&l| config(l)).collect();
    (configs, prop::sample::select(LossName::ALL.to_vec()), brush(), layer(), 0.0..=1.0f64)
        .prop_map(|(configs, current, brush, layer, threshold)| {
            let configs: [LossConfig; LossName::COUNT] =
                configs.try_into().expect("one config per loss");
            Settings { configs, current, brush, layer, threshold }
        })
}

/// Pairs of other sections (the app's `view`, `maps.*`…), with characters that need escaping.
fn extra() -> impl Strategy<Value = Vec<(&'static str, String)>> {
    let keys =
        prop::sample::subsequence(vec!["view", "maps.scale", "race.seed", "tour.step"], 0..4);
    (keys, prop::collection::vec(".{0,12}", 4))
        .prop_map(|(keys, values)| keys.into_iter().zip(values).collect())
}

proptest! {
    // 100 states per run (a 256² scene with blur takes a while in a debug build).
    #![proptest_config(ProptestConfig::with_cases(100))]

    /// encode → decode gives back the same scene (every buffer bit for bit: `Scene`'s
    /// `PartialEq` compares the target, the model's prediction, the edits and the
    /// composite), the same settings and the other sections' pairs, with nothing ignored.
    #[test]
    fn link_round_trip_is_identity(scene in scene(), settings in settings(), extra in extra()) {
        let link = share::encode(&scene, &settings, &extra);
        let decoded = share::decode(&link);
        prop_assert!(decoded.ignored.is_empty(), "ignored: {:?}", decoded.ignored);
        prop_assert_eq!(&decoded.scene, &scene);
        for (a, b) in decoded.scene.prob().iter().zip(scene.prob()) {
            prop_assert_eq!(a.to_bits(), b.to_bits());
        }
        prop_assert_eq!(&decoded.settings, &settings);
        let rest: Vec<(String, String)> =
            extra.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        prop_assert_eq!(decoded.rest, rest);
        // With the leading '#' too.
        prop_assert_eq!(share::decode(&format!("#{link}")).scene, scene);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    /// The saved history reads back as the same stacks.
    #[test]
    fn history_round_trip_is_identity(scenes in prop::collection::vec(scene(), 0..5), redo in 0usize..3) {
        let mut history = History::default();
        let mut current = Scene::default();
        for s in scenes {
            history.record(&current, losslab_core::scene::EditKind::Stroke);
            current = s;
        }
        for _ in 0..redo {
            history.undo(&mut current);
        }
        let text = share::encode_history(&history);
        let (back, dropped) = share::decode_history(&text, losslab_core::scene::DEFAULT_HISTORY_BUDGET);
        prop_assert_eq!(dropped, 0);
        let (u1, r1) = history.stacks();
        let (u2, r2) = back.stacks();
        prop_assert_eq!(u1, u2);
        prop_assert_eq!(r1, r2);
    }

}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Numbers are written so they parse back to the same bits.
    #[test]
    fn numbers_round_trip(x in any::<f64>().prop_filter("finite", |x| x.is_finite())) {
        let text = share::number(x);
        prop_assert_eq!(share::parse_number(&text).map(f64::to_bits), Ok(x.to_bits()));
    }

    /// base64url and the mask encodings are exact for any bytes / masks.
    #[test]
    fn codecs_round_trip(bytes in prop::collection::vec(any::<u8>(), 0..200),
                         mask in prop::collection::vec(prop_oneof![Just(0.0), Just(1.0)], 0..300),
                         soft in prop::collection::vec(prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64], 0..300)) {
        prop_assert_eq!(b64::decode(&b64::encode(&bytes)), Some(bytes));
        prop_assert_eq!(rle::decode_binary(&rle::encode_binary(&mask), mask.len()), Ok(mask));
        prop_assert_eq!(rle::decode_soft(&rle::encode_soft(&soft), soft.len()), Ok(soft));
    }
}

fn keys(decoded: &share::Decoded) -> Vec<String> {
    decoded.ignored.iter().map(|i| i.key.clone()).collect()
}

#[test]
fn a_hand_made_link_decodes_as_derived_by_hand() {
    // A 32 × 32 target with pixels 0..3 on: runs "0 zeros, 3 ones, 1021 zeros" =
    // varints 00, 03, fd 07 (1021 = 0x3fd = 0b111_1111101 → fd 07) → base64url "AAP9Bw".
    let link = "v1&scene.grid=32&scene.target=AAP9Bw&model.bg=0.25&loss=iou&loss.dice.smooth=2";
    let d = share::decode(link);
    assert!(d.ignored.is_empty(), "{:?}", d.ignored);
    assert_eq!(d.scene.side(), 32);
    let on: Vec<usize> = (0..1024).filter(|&i| d.scene.target()[i] == 1.0).collect();
    assert_eq!(on, vec![0, 1, 2]);
    assert_eq!(d.scene.model().background, 0.25);
    assert_eq!(d.settings.current, LossName::Iou);
    assert_eq!(d.settings.configs[3].get("smooth"), Some(ParamValue::Number(2.0)));
    // The prediction is the model's: far from the object it is exactly the background 0.25.
    assert_eq!(d.scene.prob()[1023], 0.25);
}

#[test]
fn the_default_state_round_trips_and_its_link_is_short() {
    let link = share::encode(&Scene::default(), &Settings::default(), &[]);
    assert!(link.starts_with("v1&"));
    assert!(link.len() < 400, "{} characters: {link}", link.len());
    let d = share::decode(&link);
    assert_eq!(d.scene, Scene::default());
    assert_eq!(d.settings, Settings::default());
}

#[test]
fn a_wrong_version_loads_the_defaults_and_says_so() {
    for link in ["v2&scene.grid=32", "v0", "hello", "v1x&scene.grid=32", "%ff"] {
        let d = share::decode(link);
        assert_eq!(keys(&d), vec!["link"], "{link}");
        assert_eq!(d.scene, Scene::default(), "{link}");
        assert_eq!(d.settings, Settings::default(), "{link}");
    }
}

#[test]
fn bad_pairs_are_ignored_one_by_one_and_the_rest_is_kept() {
    let cases: &[(&str, &str)] = &[
        ("scene.grid=100", "scene.grid"), // not a grid size
        ("scene.grid=99999999999999999999999999999999999", "scene.grid"), // huge number
        ("scene.target=!!!", "scene.target"), // bad base64
        ("scene.target=AAP9", "scene.target"), // runs cover 3 pixels only
        ("scene.x=NaN", "scene.x"),       // NaN
        ("scene.y=inf", "scene.y"),       // infinite
        ("model.bg=0.9", "model.bg"),     // out of range
        ("model.blur=-1", "model.blur"),
        ("model.seed=-3", "model.seed"),
        ("loss.dice.smooth=NaN", "loss.dice.smooth"),
        ("loss.dice.smooth=-1", "loss.dice.smooth"),
        ("loss.focal.alpha=1e308", "loss.focal.alpha"),
        ("loss.focal.nope=1", "loss.focal.nope"), // unknown parameter
        ("loss.nope.alpha=1", "loss.nope.alpha"), // unknown loss
        ("loss=nope", "loss"),
        ("brush.size=0", "brush.size"),
        ("scene.ink=AAAA", "scene.ink"),
        ("scene.area=3000", "scene.area"), // more than half a 64² grid
        ("scene.nope=1", "scene.nope"),
    ];
    for &(pair, key) in cases {
        let d = share::decode(&format!("v1&{pair}&model.fg=0.75&loss=focal"));
        assert!(keys(&d).iter().any(|k| k.starts_with(key)), "{pair}: {:?}", d.ignored);
        // The readable pairs are kept.
        assert_eq!(d.scene.model().foreground, 0.75, "{pair}");
        if key != "loss" {
            // (With `loss=nope` first, the later `loss=focal` is a duplicate: the first is kept.)
            assert_eq!(d.settings.current, LossName::Focal, "{pair}");
        }
    }
}

#[test]
fn unknown_keys_are_handed_to_the_app() {
    let d = share::decode("v1&view=curves&maps.scale=log&zzz=1");
    assert!(d.ignored.is_empty());
    assert_eq!(d.rest.len(), 3);
    assert_eq!(d.rest[0], ("view".to_string(), "curves".to_string()));
}

#[test]
fn hostile_lengths_are_refused_before_allocating() {
    // A palette claiming 2^62 entries, and a run of 2^63 pixels.
    let mut bytes = Vec::new();
    rle::put_varint(&mut bytes, 1 << 62);
    let link = format!("v1&scene.ink={0}&scene.cover={0}", b64::encode(&bytes));
    let d = share::decode(&link);
    assert!(!d.scene.has_prediction_edits());
    assert!(keys(&d).contains(&"scene.ink".to_string()));
    let mut runs = Vec::new();
    rle::put_varint(&mut runs, 1 << 63);
    let d = share::decode(&format!("v1&scene.target={}", b64::encode(&runs)));
    assert_eq!(d.scene, Scene::default());
    // A link longer than the cap is ignored whole.
    let long = format!("v1&x={}", "a".repeat(share::MAX_LINK_CHARS));
    assert_eq!(keys(&share::decode(&long)), vec!["link"]);
}

#[test]
fn the_new_losses_parameters_round_trip_words_included() {
    // losses-compound.md's parameters through the link: top-k's k, Dice + focal's α as a
    // number and as "none" (its default, which the link leaves out), combo's form, unified
    // focal's δ.
    let mut settings = Settings::default();
    let set = |s: &mut Settings, loss: LossName, key: &str, v: ParamValue| {
        s.configs[loss.index()].set(key, &v).expect("valid");
    };
    set(&mut settings, LossName::TopkCe, "k", ParamValue::Number(2.5));
    set(&mut settings, LossName::DiceFocal, "alpha", ParamValue::Number(0.75));
    set(&mut settings, LossName::Combo, "form", ParamValue::Text("authors_2020".into()));
    set(&mut settings, LossName::UnifiedFocal, "delta", ParamValue::Number(0.3));
    let link = share::encode(&Scene::default(), &settings, &[]);
    for part in [
        "loss.topk_ce.k=2.5",
        "loss.dice_focal.alpha=0.75",
        "loss.combo.form=authors_2020",
        "loss.unified_focal.delta=0.3",
    ] {
        assert!(link.contains(part), "{part} in {link}");
    }
    let d = share::decode(&link);
    assert!(d.ignored.is_empty(), "{:?}", d.ignored);
    assert_eq!(d.settings, settings);
    // Back to "none": the default, not in the link; spelled out, it is read as the word.
    set(&mut settings, LossName::DiceFocal, "alpha", ParamValue::Text("none".into()));
    let link = share::encode(&Scene::default(), &settings, &[]);
    assert!(!link.contains("dice_focal.alpha"), "{link}");
    assert_eq!(share::decode(&link).settings, settings);
    let d = share::decode(&format!("{link}&loss.dice_focal.alpha=none"));
    assert!(d.ignored.is_empty(), "{:?}", d.ignored);
    assert_eq!(d.settings, settings);
    // Out of range: refused by name, the rest kept.
    let d = share::decode(&format!("{link}&loss.topk_ce.k=0&loss.unified_focal.delta=1"));
    assert_eq!(keys(&d), ["loss.topk_ce.k", "loss.unified_focal.delta"]);
    assert_eq!(d.settings, settings);
}

#[test]
fn thin_shapes_and_the_shape_edits_travel_in_the_link() {
    let link = "v1&scene.grid=64&scene.shape=tree&scene.area=50\
                &model.gap=5&model.spur=4&model.far_speck=1";
    let d = share::decode(link);
    assert!(d.ignored.is_empty(), "{:?}", d.ignored);
    assert_eq!(d.scene.spec().shape, Shape::Tree);
    let m = d.scene.model();
    assert_eq!((m.gap, m.spur, m.far_speck), (5, 4, true));
    // Encoded again, the same scene (target, model and so the prediction) comes back.
    let again = share::decode(&share::encode(&d.scene, &Settings::default(), &[]));
    assert_eq!(again.scene, d.scene);
    for shape in Shape::ALL {
        let scene = Scene::new(
            GridSize::S64,
            TargetSpec { shape, ..TargetSpec::default() },
            PredictionModel { gap: 3, spur: 2, far_speck: true, ..PredictionModel::default() },
        );
        let back = share::decode(&share::encode(&scene, &Settings::default(), &[]));
        assert_eq!(back.scene, scene, "{shape:?}");
    }
}

#[test]
fn links_without_the_shape_edits_read_as_none_and_none_are_written() {
    // A link from before the edits (no model.gap, model.spur, model.far_speck).
    let d = share::decode("v1&scene.grid=32&scene.shape=line&model.specks=3");
    assert!(d.ignored.is_empty(), "{:?}", d.ignored);
    let m = d.scene.model();
    assert_eq!((m.gap, m.spur, m.far_speck), (0, 0, false));
    let link = share::encode(&Scene::default(), &Settings::default(), &[]);
    assert!(!link.contains("model.gap") && !link.contains("model.spur"), "{link}");
    assert!(!link.contains("far_speck"), "{link}");
    for (pair, key) in [
        ("model.gap=65", "model.gap"),
        ("model.gap=-1", "model.gap"),
        ("model.spur=2.5", "model.spur"),
        ("model.far_speck=yes", "model.far_speck"),
        ("scene.shape=spiral", "scene.shape"),
    ] {
        let d = share::decode(&format!("v1&{pair}&model.fg=0.75"));
        assert_eq!(keys(&d), vec![key], "{pair}");
        assert_eq!(d.scene.model().foreground, 0.75, "{pair}");
    }
}
