//! The multi-class scene (`scene::classes`): exact areas, a proper softmax, the batch and its
//! companions, the brush and its history, the pictures, and the `mc.*` link keys — with a
//! link from before them that must decode exactly as it did.
//!
//! Expected numbers are derived by hand in the comments (areas from the presets' shares,
//! probabilities from the model's rule, Dice from its formula on counted sums).

use losslab_core::multiclass::{one_hot, McInput, McShape};
use losslab_core::params::multiclass::{Absent, Activation, McLossName};
use losslab_core::scene::classes::{
    decode_labels, encode_labels, labels_rgba, prediction_rgba, tiniest_class, ClassBatch,
    ClassBrush, ClassHistory, ClassModel, ClassPreset, ClassScene, ClassSettings, Companion,
    Companions, ImageKind, CLASS_RGB, CLASS_SHAPES, MAX_CLASSES,
};
use losslab_core::scene::{GridSize, Shape};
use losslab_core::share::{self, b64};
use losslab_core::BatchReduction;
use proptest::prelude::*;

fn every_grid() -> [GridSize; 4] {
    GridSize::ALL
}

#[test]
fn organ_lesion_is_a_fifth_of_the_image_and_a_six_pixel_lesion() {
    // 0.2 · 64² = 819.2 → 819 pixels of organ; the lesion is 6 pixels on every grid.
    let scene = ClassScene::default();
    assert_eq!(scene.preset(), ClassPreset::OrganLesion);
    assert_eq!((scene.side(), scene.classes(), scene.channels()), (64, 2, 3));
    assert_eq!(scene.area_of(1), 819);
    assert_eq!(scene.area_of(2), 6);
    assert_eq!(scene.area_of(0), 4096 - 825);
    // 0.2 · 32² = 204.8 → 205; 0.2 · 256² = 13107.2 → 13107.
    let small = ClassScene::new(GridSize::S32, ClassPreset::OrganLesion, 0);
    assert_eq!((small.area_of(1), small.area_of(2)), (205, 6));
    let big = ClassScene::new(GridSize::S256, ClassPreset::OrganLesion, 0);
    assert_eq!((big.area_of(1), big.area_of(2)), (13107, 6));
}

#[test]
fn three_organs_have_their_shares() {
    // 0.18 · 4096 = 737.28 → 737, 0.06 · 4096 = 245.76 → 246, 0.02 · 4096 = 81.92 → 82.
    let scene = ClassScene::new(GridSize::S64, ClassPreset::ThreeOrgans, 0);
    assert_eq!(scene.classes(), 3);
    assert_eq!([1, 2, 3].map(|c| scene.area_of(c)), [737, 246, 82]);
}

#[test]
fn every_preset_seed_and_grid_draws_exact_areas() {
    for grid in every_grid() {
        for preset in ClassPreset::ALL {
            for seed in [0, 1, 2, 7, 123_456, u64::MAX] {
                for classes in 1..=MAX_CLASSES {
                    let mut scene = ClassScene::new(grid, preset, seed);
                    scene.set_classes(classes);
                    for c in 1..=MAX_CLASSES {
                        let want = if c <= classes { scene.spec(c).area } else { 0 };
                        assert_eq!(
                            scene.area_of(c),
                            want,
                            "{preset:?} {grid:?} seed {seed} classes {classes}, class {c}"
                        );
                        assert!(c > classes || want > 0);
                    }
                    assert!(scene.labels().iter().all(|&l| usize::from(l) <= classes));
                }
            }
        }
    }
}

#[test]
fn areas_and_shapes_follow_the_overrides_and_zero_means_absent() {
    let mut scene = ClassScene::default();
    scene.set_area(2, 40);
    assert_eq!(scene.area_of(2), 40);
    for shape in CLASS_SHAPES {
        scene.set_shape(1, shape);
        assert_eq!(scene.area_of(1), 819, "{shape:?}");
    }
    // A thin structure is not a class shape: refused, the shape stays.
    scene.set_shape(1, Shape::Tree);
    assert_eq!(scene.spec(1).shape, Shape::Several);
    scene.set_area(2, 0);
    assert_eq!(scene.area_of(2), 0);
    // Capped at half the image: 2048 on 64 × 64.
    scene.set_area(1, 100_000);
    assert_eq!(scene.area_of(1), 2048);
    // A preset resets the overrides.
    scene.set_preset(ClassPreset::OrganLesion);
    assert_eq!((scene.area_of(1), scene.area_of(2)), (819, 6));
}

#[test]
fn a_seed_moves_the_objects_but_keeps_their_areas() {
    let a = ClassScene::new(GridSize::S64, ClassPreset::Lesions, 0);
    let b = ClassScene::new(GridSize::S64, ClassPreset::Lesions, 5);
    assert_ne!(a.labels(), b.labels());
    assert_eq!((a.area_of(1), a.area_of(2)), (b.area_of(1), b.area_of(2)));
    // The same seed draws the same map.
    assert_eq!(b.labels(), ClassScene::new(GridSize::S64, ClassPreset::Lesions, 5).labels());
}

fn assert_softmax(prob: &[f64], channels: usize) {
    let n = prob.len() / channels;
    for i in 0..n {
        let sum: f64 = (0..channels).map(|c| prob[c * n + i]).sum();
        assert!((sum - 1.0).abs() < 1e-12, "pixel {i} sums to {sum}");
        assert!((0..channels).all(|c| (0.0..=1.0).contains(&prob[c * n + i])));
    }
}

#[test]
fn the_model_predicts_by_its_rule_and_sums_to_one() {
    // Background pixels: p₀ = 0.9, the other two share 0.1 → 0.05 each. Class pixels:
    // p_c = 0.8, the other two share 0.2 → 0.1 each.
    let scene = ClassScene::default();
    let prob = scene.prob();
    let n = 4096;
    assert_softmax(&prob, 3);
    let bg = scene.labels().iter().position(|&l| l == 0).expect("present in the test setup");
    let organ = scene.labels().iter().position(|&l| l == 1).expect("present in the test setup");
    let lesion = scene.labels().iter().position(|&l| l == 2).expect("present in the test setup");
    let at = |c: usize, i: usize| prob[c * n + i];
    assert!((at(0, bg) - 0.9).abs() < 1e-15 && (at(1, bg) - 0.05).abs() < 1e-15);
    assert!((at(1, organ) - 0.8).abs() < 1e-15 && (at(0, organ) - 0.1).abs() < 1e-15);
    assert!((at(2, lesion) - 0.8).abs() < 1e-15 && (at(1, lesion) - 0.1).abs() < 1e-15);
    for confidence in [0.0, 0.3, 1.0] {
        for background in [0.0, 0.5, 1.0] {
            let mut s = scene.clone();
            let mut m = ClassModel { background, ..ClassModel::default() };
            m.classes[0].confidence = confidence;
            s.set_model(m);
            assert_softmax(&s.prob(), 3);
        }
    }
}

#[test]
fn a_missing_class_is_predicted_as_background_and_a_shift_moves_it() {
    let mut scene = ClassScene::default();
    let lesion: Vec<usize> = (0..4096).filter(|&i| scene.labels()[i] == 2).collect();
    let mut model = scene.model();
    model.classes[1].missing = true;
    scene.set_model(model);
    let prob = scene.prob();
    for &i in &lesion {
        assert!((prob[i] - 0.9).abs() < 1e-15, "background's own mass on the lesion");
        assert!((prob[2 * 4096 + i] - 0.05).abs() < 1e-15);
    }
    // Shifted by 3 px to the right: the predicted lesion is the labelled one moved by 3.
    model.classes[1].missing = false;
    model.classes[1].shift = 3;
    scene.set_model(model);
    let k = scene.model().predicted_classes(scene.labels(), 64, 2);
    let moved: Vec<usize> = (0..4096).filter(|&i| k[i] == 2).collect();
    assert_eq!(moved, lesion.iter().map(|i| i + 3).collect::<Vec<_>>());
    // Out of range numbers are clamped, NaN to 0.
    model.background = f64::NAN;
    model.classes[0].confidence = 7.0;
    model.classes[0].shift = 1000;
    scene.set_model(model);
    assert_eq!(scene.model().background, 0.0);
    assert_eq!(scene.model().classes[0].confidence, 1.0);
    assert_eq!(scene.model().classes[0].shift, 32);
    assert_softmax(&scene.prob(), 3);
}

#[test]
fn companions_come_in_a_fixed_order_with_their_own_maps() {
    let scene = ClassScene::default();
    let mut companions = Companions::NONE;
    // Switched on in reverse; the batch order is still empty, tiny, large, seed.
    for c in Companion::ALL.into_iter().rev() {
        companions.set(c, true);
    }
    let batch = ClassBatch::new(&scene, companions);
    let kinds: Vec<&str> = batch.images().iter().map(|im| im.kind.as_str()).collect();
    assert_eq!(kinds, ["current", "empty", "tiny", "large", "seed"]);
    let count = |b: usize, c: u8| batch.images()[b].labels.iter().filter(|&&l| l == c).count();
    assert_eq!(batch.images()[0].labels, scene.labels());
    assert!(batch.images()[1].labels.iter().all(|&l| l == 0));
    // The tiniest class is the lesion, class 2, alone at its 6 pixels.
    assert_eq!(tiniest_class(&scene), Some(2));
    assert_eq!((count(2, 2), count(2, 1)), (6, 0));
    // Large: class 1 alone on 0.3 · 4096 = 1228.8 → 1229 pixels.
    assert_eq!((count(3, 1), count(3, 2)), (1229, 0));
    // Seed: the same areas elsewhere.
    assert_eq!((count(4, 1), count(4, 2)), (819, 6));
    assert_ne!(batch.images()[4].labels, scene.labels());
    for im in batch.images() {
        assert_softmax(&im.prob, 3);
    }
    assert_eq!(ImageKind::Companion(Companion::Tiny).as_str(), "tiny");
}

#[test]
fn buffers_are_one_hot_targets_and_softmax_probabilities() {
    let scene = ClassScene::new(GridSize::S32, ClassPreset::ThreeOrgans, 3);
    let mut companions = Companions::NONE;
    companions.set(Companion::Empty, true);
    companions.set(Companion::Large, true);
    let batch = ClassBatch::new(&scene, companions);
    let (shape, target, prob) = batch.buffers();
    assert_eq!(shape, McShape { images: 3, classes: 4, height: 32, width: 32 });
    assert_eq!((target.len(), prob.len()), (3 * 4 * 1024, 3 * 4 * 1024));
    // The one-hot target is the engine's own `one_hot` of the labels.
    assert_eq!(one_hot(&batch.labels(), shape).expect("present in the test setup"), target);
    assert!(McInput::new(shape, &target, &prob, Activation::Softmax).is_ok());
}

/// Soft Dice of one class from its sums, smooth 1: `1 − (2I + 1)/(Sy + Sp + 1)`.
fn dice(inter: f64, sy: f64, sp: f64) -> f64 {
    1.0 - (2.0 * inter + 1.0) / (sy + sp + 1.0)
}

#[test]
fn the_default_view_evaluates_to_the_hand_computed_dice() {
    // Organ-lesion, 64 × 64: 819 organ, 6 lesion, 3271 background pixels; p as in
    // `the_model_predicts_by_its_rule_and_sums_to_one`. Per class (I, Sy, Sp):
    //   background (0.9·3271, 3271, 0.9·3271 + 0.1·825)
    //   organ      (0.8·819,  819,  0.8·819 + 0.05·3271 + 0.1·6)
    //   lesion     (0.8·6,    6,    0.8·6 + 0.05·3271 + 0.1·819)
    // The loss is their mean (include_background, per image, one image).
    let settings = ClassSettings::default();
    let e = settings.evaluate(&settings.batch()).expect("present in the test setup");
    let terms = [
        dice(0.9 * 3271.0, 3271.0, 0.9 * 3271.0 + 0.1 * 825.0),
        dice(0.8 * 819.0, 819.0, 0.8 * 819.0 + 0.05 * 3271.0 + 0.1 * 6.0),
        dice(0.8 * 6.0, 6.0, 0.8 * 6.0 + 0.05 * 3271.0 + 0.1 * 819.0),
    ];
    let want = terms.iter().sum::<f64>() / 3.0;
    assert!((e.value - want).abs() < 1e-12, "{} vs {want}", e.value);
    for (got, want) in e.per_class.iter().zip(terms) {
        assert!((got - want).abs() < 1e-12);
    }
    assert_eq!((e.units, e.kept.clone()), (1, vec![0, 1, 2]));
}

#[test]
fn an_empty_companion_separates_pooled_from_per_image() {
    // Per image with `keep`, the empty image charges the organ and the lesion ≈ 1 each
    // (predicted at 0.05 on 4096 pixels, no target); pooled, both are present in the batch.
    let mut settings = ClassSettings::default();
    settings.companions.set(Companion::Empty, true);
    let batch = settings.batch();
    let per_image = settings.evaluate(&batch).expect("present in the test setup");
    settings.aggregation.batch = BatchReduction::Pooled;
    let pooled = settings.evaluate(&batch).expect("present in the test setup");
    assert_eq!((per_image.units, pooled.units), (2, 1));
    assert!(per_image.value > pooled.value + 0.1, "{} vs {}", per_image.value, pooled.value);
    // The empty image's organ term: 1 − 1/(0 + 0.05·4096 + 1) = 1 − 1/205.8.
    let organ_in_empty = per_image.per_class[3 + 1];
    assert!((organ_in_empty - (1.0 - 1.0 / 205.8)).abs() < 1e-12);
    // `zero` instead gives those terms 0.
    settings.aggregation.batch = BatchReduction::PerImage;
    settings.aggregation.absent = Absent::Zero;
    let zeroed = settings.evaluate(&batch).expect("present in the test setup");
    assert_eq!(zeroed.per_class[3 + 1], 0.0);
}

#[test]
fn refused_aggregations_are_errors_not_panics() {
    let mut settings = ClassSettings { loss: McLossName::Ce, ..ClassSettings::default() };
    settings.aggregation.include_background = false;
    let err = settings.evaluate(&settings.batch()).expect_err("refused");
    assert_eq!(err.key, "include_background", "{err}");
    settings.aggregation.include_background = true;
    settings.aggregation.activation = Activation::Sigmoid;
    assert!(settings.evaluate(&settings.batch()).is_err());
    // Every loss with the default aggregation, and with batch pooled, evaluates.
    for (loss, _) in McLossName::WORDS {
        for batch in [BatchReduction::PerImage, BatchReduction::Pooled] {
            let mut s = ClassSettings { loss: *loss, ..ClassSettings::default() };
            s.aggregation.batch = batch;
            s.companions.set(Companion::Tiny, true);
            let e = s.evaluate(&s.batch()).expect("present in the test setup");
            assert!(e.value.is_finite(), "{loss:?}");
        }
    }
}

#[test]
fn the_case_json_reads_back_to_the_same_batch() {
    let mut settings = ClassSettings::default();
    settings.companions.set(Companion::Tiny, true);
    let batch = settings.batch();
    let json = batch.to_case_json(settings.loss, &settings.params());
    let v: serde_json::Value = serde_json::from_str(&json).expect("present in the test setup");
    assert_eq!(v["layout"], "BCHW");
    assert_eq!(v["shape"], serde_json::json!([2, 3, 64, 64]));
    assert_eq!(v["loss"], "dice");
    assert_eq!(v["params"]["batch"], "per_image");
    assert_eq!(v["params"]["include_background"], true);
    let labels: Vec<f64> = v["labels"]
        .as_array()
        .expect("present in the test setup")
        .iter()
        .map(|x| x.as_f64().expect("present in the test setup"))
        .collect();
    let prob: Vec<f64> = v["prob"]
        .as_array()
        .expect("present in the test setup")
        .iter()
        .map(|x| x.as_f64().expect("present in the test setup"))
        .collect();
    assert_eq!(labels, batch.labels());
    let (shape, target, own_prob) = batch.buffers();
    assert_eq!(prob, own_prob, "shortest round-trip numbers read back bit for bit");
    assert_eq!(one_hot(&labels, shape).expect("present in the test setup"), target);
}

#[test]
fn the_brush_paints_a_class_erases_and_refuses_a_class_not_in_the_scene() {
    let mut scene = ClassScene::default();
    assert!(!scene.painted());
    // A 1-px brush at the centre of pixel (2, 2) paints exactly that pixel.
    let mut s = scene.begin_stroke(ClassBrush { size: 1.0, class: 2 });
    assert!(scene.stroke_to(&mut s, 2.5, 2.5));
    assert_eq!(scene.labels()[2 * 64 + 2], 2);
    assert_eq!(scene.area_of(2), 7);
    assert!(scene.painted());
    // Erase it again.
    let mut s = scene.begin_stroke(ClassBrush { size: 1.0, class: 0 });
    assert!(scene.stroke_to(&mut s, 2.5, 2.5));
    assert_eq!(scene.area_of(2), 6);
    // Class 3 is not in a two-class scene.
    let mut s = scene.begin_stroke(ClassBrush { size: 9.0, class: 3 });
    assert!(!scene.stroke_to(&mut s, 10.0, 10.0));
    // Odd input: NaN, infinities, far outside, a NaN size.
    let mut s = scene.begin_stroke(ClassBrush { size: f64::NAN, class: 1 });
    for (x, y) in [(f64::NAN, 1.0), (f64::INFINITY, 3.0), (-1e300, 1e300), (1e9, -1e9)] {
        assert!(!scene.stroke_to(&mut s, x, y));
    }
    // A generator change drops the paint.
    scene.set_seed(3);
    assert!(!scene.painted());
}

#[test]
fn undo_and_redo_walk_the_edits() {
    let mut scene = ClassScene::default();
    let mut history = ClassHistory::default();
    let original = scene.clone();
    history.record(&scene, None);
    scene.set_preset(ClassPreset::ThreeOrgans);
    let three = scene.clone();
    // Two moves of one slider make one step.
    history.record(&scene, Some("bg"));
    scene.set_model(ClassModel { background: 0.7, ..scene.model() });
    history.record(&scene, Some("bg"));
    scene.set_model(ClassModel { background: 0.6, ..scene.model() });
    assert!(history.undo(&mut scene));
    assert_eq!(scene, three);
    assert!(history.undo(&mut scene));
    assert_eq!(scene, original);
    assert!(!history.undo(&mut scene));
    assert!(history.redo(&mut scene));
    assert_eq!(scene, three);
    assert!(history.can_redo());
}

#[test]
fn the_pictures_use_the_palette() {
    let mut rgba = Vec::new();
    labels_rgba(&[0, 1, 4], &mut rgba);
    assert_eq!(&rgba[..4], &[CLASS_RGB[0][0], CLASS_RGB[0][1], CLASS_RGB[0][2], 255]);
    assert_eq!(&rgba[8..11], &CLASS_RGB[4]);
    // Two pixels, C = 3: one certain of class 2 (its colour), one a coin toss (grey, the
    // same whatever the class), `[C, H, W]`.
    let prob = [0.0, 1.0 / 3.0, 0.0, 1.0 / 3.0, 1.0, 1.0 / 3.0];
    prediction_rgba(&prob, 3, &mut rgba);
    assert_eq!(&rgba[..3], &CLASS_RGB[2]);
    assert_eq!(&rgba[4..7], &[120, 120, 128]);
    // The palette's colours are far apart (squared RGB distance ≥ 3000) and the background
    // is the darkest.
    for (a, ca) in CLASS_RGB.iter().enumerate() {
        for (b, cb) in CLASS_RGB.iter().enumerate().skip(a + 1) {
            let d: i32 = (0..3).map(|k| (i32::from(ca[k]) - i32::from(cb[k])).pow(2)).sum();
            assert!(d >= 3000, "{a} vs {b}: {d}");
        }
        let light = |c: &[u8; 3]| c.iter().map(|&v| u32::from(v)).sum::<u32>();
        assert!(a == 0 || light(ca) > light(&CLASS_RGB[0]));
    }
}

// ---- the link ----

/// Applies every `mc.*` pair of a link to default settings, as the app's section does.
fn load(link: &str) -> (ClassSettings, Vec<String>) {
    let decoded = share::decode(link);
    let mut settings = ClassSettings::default();
    let mut refused = Vec::new();
    for (k, v) in decoded.rest.iter().filter(|(k, _)| k.starts_with("mc.")) {
        if let Err(e) = settings.apply(k, v) {
            refused.push(format!("{k}: {e}"));
        }
    }
    (settings, refused)
}

fn link_of(settings: &ClassSettings) -> String {
    let extra = settings.pairs();
    share::encode(&Default::default(), &share::Settings::default(), &extra)
}

#[test]
fn the_default_state_writes_no_key() {
    assert!(ClassSettings::default().pairs().is_empty());
}

#[test]
fn a_link_from_before_the_multi_class_view_decodes_as_it_did() {
    // Written by the app on main before issue 18 (`share::encode` of a painted 32 × 32
    // scene, iou current, two loss parameters, the gradients view): decoded by hand below.
    let old = "v1&scene.grid=32&scene.shape=ship&scene.area=40&scene.x=0.25&scene.y=0.5\
               &model.bg=0.02&model.fg=0.7&model.shift_x=2&model.shift_y=0&model.blur=1\
               &model.morph=0&model.specks=0&model.seed=3&scene.target=AAP9Bw\
               &loss=iou&loss.dice.smooth=2&loss.tversky.alpha=0.7&brush.size=5\
               &brush.mode=paint&brush.prob=0.9&brush.layer=target&overlay.threshold=0.5\
               &view=gradients&maps.scale=log";
    let d = share::decode(old);
    assert!(d.ignored.is_empty(), "{:?}", d.ignored);
    assert_eq!(d.scene.side(), 32);
    assert_eq!(d.scene.spec().shape, Shape::Ship);
    assert_eq!((d.scene.spec().area, d.scene.spec().center_x), (40, 0.25));
    assert_eq!((d.scene.model().background, d.scene.model().foreground), (0.02, 0.7));
    assert_eq!((d.scene.model().shift_x, d.scene.model().seed), (2, 3));
    // `AAP9Bw`: runs 0, 3, 1021 → three object pixels first, then background.
    assert_eq!(&d.scene.target()[..4], &[1.0, 1.0, 1.0, 0.0]);
    assert_eq!(d.scene.target().iter().sum::<f64>(), 3.0);
    assert_eq!(d.settings.current.as_str(), "iou");
    assert_eq!(d.settings.brush.size, 5.0);
    // What the core does not read goes to the app's sections, as before: none of it `mc.`.
    let rest: Vec<&str> = d.rest.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(rest, ["view", "maps.scale"]);
    let (settings, refused) = load(old);
    assert!(refused.is_empty());
    assert_eq!(settings, ClassSettings::default());
}

#[test]
fn mc_keys_do_not_disturb_the_rest_of_a_link() {
    let mut settings = ClassSettings::default();
    settings.scene.set_preset(ClassPreset::Lesions);
    let link = format!("v1&scene.grid=32&loss=iou{}", {
        let mut s = String::new();
        for (k, v) in settings.pairs() {
            s.push_str(&format!("&{k}={}", share::pct_encode(&v)));
        }
        s
    });
    let d = share::decode(&link);
    assert!(d.ignored.is_empty());
    assert_eq!((d.scene.side(), d.settings.current.as_str()), (32, "iou"));
    assert_eq!(load(&link).0, settings);
}

#[test]
fn a_changed_state_round_trips_through_the_link() {
    let mut s = ClassSettings::default();
    s.scene.set_grid(GridSize::S32);
    s.scene.set_preset(ClassPreset::ThreeOrgans);
    s.scene.set_seed(9);
    s.scene.set_classes(4);
    s.scene.set_area(3, 30);
    s.scene.set_shape(4, Shape::Square);
    let mut m = s.scene.model();
    m.background = 0.85;
    m.classes[1] =
        losslab_core::scene::classes::ClassPrediction { confidence: 0.3, shift: -4, missing: true };
    s.scene.set_model(m);
    s.companions.set(Companion::Seed, true);
    s.companions.set(Companion::Empty, true);
    s.loss = McLossName::DiceFocal;
    s.aggregation.batch = BatchReduction::Pooled;
    s.aggregation.absent = Absent::Zero;
    s.aggregation.include_background = false;
    let (back, refused) = load(&link_of(&s));
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(back, s);
    assert!(!s.pairs().iter().any(|(k, _)| *k == "mc.labels"), "not painted: no labels");
}

#[test]
fn a_painted_map_round_trips_and_its_keys_can_come_in_any_order() {
    let mut s = ClassSettings::default();
    s.scene.set_grid(GridSize::S128);
    s.scene.set_classes(3);
    let mut stroke = s.scene.begin_stroke(ClassBrush { size: 6.0, class: 3 });
    s.scene.stroke_to(&mut stroke, 5.0, 5.0);
    s.scene.stroke_to(&mut stroke, 60.0, 20.0);
    assert!(s.scene.painted());
    let pairs = s.pairs();
    assert_eq!(pairs.last().expect("present in the test setup").0, "mc.labels");
    let (back, refused) = load(&link_of(&s));
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(back, s);
    // The labels first, then the grid and the class count: the same state.
    let mut reversed = ClassSettings::default();
    let mut errors = Vec::new();
    for (k, v) in pairs.iter().rev() {
        if let Err(e) = reversed.apply(k, v) {
            errors.push(e);
        }
    }
    // `mc.labels` (128 × 128) before `mc.grid` is refused on the default 64 grid; the
    // rest reads: a generated 128 × 128 three-class scene.
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("128"), "{errors:?}");
    // In the written order everything reads.
    let mut ordered = ClassSettings::default();
    for (k, v) in &pairs {
        ordered.apply(k, v).expect("present in the test setup");
    }
    assert_eq!(ordered, s);
    // A class count below a painted class is refused, and so are labels beyond the count.
    assert!(ordered.apply("mc.classes", "2").is_err());
    let mut two = ClassSettings::default();
    two.scene.set_grid(GridSize::S128);
    two.apply("mc.grid", "128").expect("present in the test setup");
    let labels =
        pairs.iter().find(|(k, _)| *k == "mc.labels").expect("present in the test setup").1.clone();
    assert!(two.apply("mc.labels", &labels).expect_err("refused").contains("class 3"));
}

#[test]
fn bad_mc_values_are_refused_and_the_rest_is_kept() {
    let link = "v1&mc.preset=liver&mc.grid=100&mc.classes=9&mc.c1.area=-3&mc.c2.shape=tree\
                &mc.c2.confidence=1.5&mc.c1.shift=99&mc.c3.missing=maybe&mc.companions=empty,ghost\
                &mc.loss=bce&mc.batch=both&mc.absent=max&mc.labels=%21%21&mc.zzz=1\
                &mc.bg=0.5&mc.seed=4";
    let (s, refused) = load(link);
    assert_eq!(refused.len(), 14, "{refused:?}");
    assert_eq!(s.scene.model().background, 0.5);
    assert_eq!(s.scene.seed(), 4);
    assert_eq!(s.companions, Companions::NONE);
}

#[test]
fn the_label_codec_is_exact_and_checks_its_input() {
    // [0, 0, 3, 3, 3, 1] → runs (0, 2), (3, 3), (1, 1).
    assert_eq!(encode_labels(&[0, 0, 3, 3, 3, 1]), vec![0, 2, 3, 3, 1, 1]);
    assert_eq!(decode_labels(&[0, 2, 3, 3, 1, 1]), Ok(vec![0, 0, 3, 3, 3, 1]));
    assert!(decode_labels(&[5, 1]).is_err(), "label beyond 4");
    assert!(decode_labels(&[1, 0]).is_err(), "empty run");
    assert!(decode_labels(&[1]).is_err(), "truncated");
    // A run claiming 2^62 pixels is refused before allocating.
    assert!(decode_labels(&[1, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40]).is_err());
}

fn settings_strategy() -> impl Strategy<Value = ClassSettings> {
    (
        (0..3usize, 0..4usize, any::<u64>(), 1..=4usize),
        (0.0..=1.0f64, prop::array::uniform4((0.0..=1.0f64, -32..=32i32, any::<bool>()))),
        (prop::array::uniform4(any::<bool>()), 0..9usize, any::<bool>(), any::<bool>()),
        prop::collection::vec((1..=4u8, 0.0..70.0f64, 0.0..70.0f64), 0..3),
    )
        .prop_map(
            |((preset, grid, seed, classes), (bg, preds), (comp, loss, pooled, zero), paint)| {
                let mut s = ClassSettings::default();
                s.scene.set_preset(ClassPreset::ALL[preset]);
                s.scene.set_grid(GridSize::ALL[grid]);
                s.scene.set_seed(seed);
                s.scene.set_classes(classes);
                let mut m = ClassModel { background: bg, ..ClassModel::default() };
                for (c, (confidence, shift, missing)) in preds.into_iter().enumerate() {
                    m.classes[c] = losslab_core::scene::classes::ClassPrediction {
                        confidence,
                        shift,
                        missing,
                    };
                }
                s.scene.set_model(m);
                for (c, on) in Companion::ALL.into_iter().zip(comp) {
                    s.companions.set(c, on);
                }
                s.loss = McLossName::WORDS[loss].0;
                if pooled {
                    s.aggregation.batch = BatchReduction::Pooled;
                }
                if zero {
                    s.aggregation.absent = Absent::Zero;
                }
                for (class, x, y) in paint {
                    let mut st = s.scene.begin_stroke(ClassBrush { size: 4.0, class });
                    s.scene.stroke_to(&mut st, x, y);
                }
                s
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn any_state_round_trips(s in settings_strategy()) {
        let (back, refused) = load(&link_of(&s));
        prop_assert!(refused.is_empty(), "{:?}", refused);
        prop_assert_eq!(back, s);
    }

    #[test]
    fn any_pairs_never_panic(pairs in prop::collection::vec((0..30usize, ".{0,12}"), 0..12)) {
        const KEYS: [&str; 30] = [
            "mc.preset", "mc.grid", "mc.seed", "mc.classes", "mc.bg", "mc.companions", "mc.loss",
            "mc.activation", "mc.include_background", "mc.batch", "mc.absent",
            "mc.class_reduction", "mc.labels", "mc.c1.area", "mc.c1.shape", "mc.c1.confidence",
            "mc.c1.shift", "mc.c1.missing", "mc.c4.area", "mc.c4.shape", "mc.c4.confidence",
            "mc.c4.shift", "mc.c4.missing", "mc.c5.area", "mc.", "mc", "mc.c2.area", "mc.c3.shape",
            "mc.c2.missing", "mc.c3.confidence",
        ];
        let mut s = ClassSettings::default();
        for (k, v) in &pairs {
            let _ = s.apply(KEYS[*k], v);
        }
        let batch = s.batch();
        let _ = s.evaluate(&batch);
        prop_assert_eq!(batch.images()[0].labels.len(), s.scene.grid().pixels());
    }

    #[test]
    fn random_label_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let _ = decode_labels(&bytes);
        let mut s = ClassSettings::default();
        let _ = s.apply("mc.labels", &b64::encode(&bytes));
        prop_assert_eq!(s.scene.labels().len(), 4096);
    }
}
