//! Scene tests: hand-derived expectations for generation, painting, clear/invert and undo.

use super::*;
use crate::params::{LossConfig, LossName, ParamValue};

fn small() -> Scene {
    Scene::new(
        GridSize::S32,
        TargetSpec { area: 20, ..TargetSpec::default() },
        PredictionModel::default(),
    )
}

fn ones(v: &[f64]) -> usize {
    v.iter().filter(|&&y| y == 1.0).count()
}

#[test]
fn a_generated_scene_predicts_the_confidences_exactly() {
    let scene = small();
    assert_eq!(ones(scene.target()), 20);
    for (&y, &p) in scene.target().iter().zip(scene.prob()) {
        assert_eq!(p, if y == 1.0 { 0.9 } else { 0.05 });
    }
    let counts = scene.counts();
    assert!((counts.true_pos - 20.0 * 0.9).abs() < 1e-12);
    assert!((counts.false_pos - (1024.0 - 20.0) * 0.05).abs() < 1e-9);
    assert!((counts.foreground_fraction() - 20.0 / 1024.0).abs() < 1e-15);
}

#[test]
fn the_prediction_follows_a_new_object_size_and_keeps_painted_edits() {
    let mut scene = small();
    let mut stroke =
        scene.begin_stroke(Layer::Prediction, Brush { size: 1.0, prob: 0.7, ..Brush::default() });
    assert!(scene.stroke_to(&mut stroke, 2.5, 2.5));
    assert_eq!(scene.prob()[2 * 32 + 2], 0.7);
    scene.set_spec(TargetSpec { area: 100, ..scene.spec() });
    assert_eq!(ones(scene.target()), 100);
    assert_eq!(scene.prob().iter().filter(|&&p| p == 0.9).count(), 100);
    assert_eq!(scene.prob()[2 * 32 + 2], 0.7, "the painted pixel stays");
    scene.set_model(PredictionModel { background: 1e-4, ..scene.model() });
    assert_eq!(scene.prob()[0], 1e-4);
    assert_eq!(scene.prob()[2 * 32 + 2], 0.7);
    scene.clear(Layer::Prediction);
    assert_eq!(scene.prob()[2 * 32 + 2], 1e-4);
    assert!(!scene.has_prediction_edits());
}

#[test]
fn a_one_pixel_target_brush_paints_exactly_the_pixel_under_the_pointer() {
    let mut scene = Scene::new(
        GridSize::S32,
        TargetSpec { shape: Shape::Empty, ..TargetSpec::default() },
        PredictionModel::default(),
    );
    assert_eq!(ones(scene.target()), 0);
    let mut stroke = scene.begin_stroke(Layer::Target, Brush { size: 1.0, ..Brush::default() });
    // A corner point: no pixel centre within ½, but the pixel under the pointer is painted.
    scene.stroke_to(&mut stroke, 5.0, 7.0);
    assert_eq!(ones(scene.target()), 1);
    assert_eq!(scene.target()[7 * 32 + 5], 1.0);
    assert_eq!(scene.prob()[7 * 32 + 5], 0.9, "the prediction follows the painted target");
    // A horizontal drag paints the row between the points.
    scene.stroke_to(&mut stroke, 12.5, 7.5);
    assert_eq!(ones(scene.target()), 8);
}

#[test]
fn a_soft_prediction_brush_has_a_full_centre_and_a_soft_edge() {
    let mut scene = small();
    let brush = Brush { size: 8.0, prob: 1.0, mode: BrushMode::Paint };
    let mut stroke = scene.begin_stroke(Layer::Prediction, brush);
    scene.stroke_to(&mut stroke, 5.5, 5.5);
    scene.stroke_to(&mut stroke, 5.5, 5.5);
    let p = |x: usize, y: usize| scene.prob()[y * 32 + x];
    assert_eq!(p(5, 5), 1.0);
    assert_eq!(p(8, 5), 1.0); // d = 3 ≤ r − edge/2
    let edge = p(9, 5); // d = 4 = r: coverage ½ over the background's 0.05
    assert!((edge - (0.5 + 0.5 * 0.05)).abs() < 1e-12, "{edge}");
    assert_eq!(p(11, 5), 0.05); // d = 6: untouched
}

#[test]
fn erasing_sets_zero_on_both_layers() {
    let mut scene = small();
    let eraser = Brush { size: 64.0, mode: BrushMode::Erase, prob: 0.9 };
    let mut stroke = scene.begin_stroke(Layer::Prediction, eraser);
    scene.stroke_to(&mut stroke, 16.0, 16.0);
    assert_eq!(scene.prob()[16 * 32 + 16], 0.0);
    let mut stroke = scene.begin_stroke(Layer::Target, eraser);
    scene.stroke_to(&mut stroke, 16.0, 16.0);
    assert_eq!(ones(scene.target()), 0);
}

#[test]
fn clear_and_invert_the_target() {
    let mut scene = small();
    scene.invert(Layer::Target);
    assert_eq!(ones(scene.target()), 1024 - 20);
    assert_eq!(scene.prob().iter().filter(|&&p| p == 0.9).count(), 1024 - 20);
    scene.clear(Layer::Target);
    assert_eq!(ones(scene.target()), 0);
    assert!(scene.prob().iter().all(|&p| p == 0.05));
}

#[test]
fn inverting_the_prediction_gives_one_minus_p() {
    let mut scene = small();
    let before = scene.prob().to_vec();
    scene.invert(Layer::Prediction);
    for (&a, &b) in before.iter().zip(scene.prob()) {
        assert_eq!(b, 1.0 - a);
    }
}

#[test]
fn undo_and_redo_restore_exactly() {
    let mut scene = small();
    let mut history = History::default();
    let original = scene.clone();
    history.record(&scene, EditKind::Stroke);
    let mut stroke = scene.begin_stroke(Layer::Target, Brush::default());
    scene.stroke_to(&mut stroke, 3.0, 3.0);
    let painted = scene.clone();
    assert_ne!(painted, original);
    assert!(history.undo(&mut scene));
    assert_eq!(scene, original);
    assert!(history.redo(&mut scene));
    assert_eq!(scene, painted);
    assert!(!history.redo(&mut scene));
}

#[test]
fn slider_moves_coalesce_into_one_undo_step_until_sealed() {
    let mut scene = small();
    let mut history = History::default();
    let original = scene.clone();
    for area in [30, 40, 50] {
        history.record(&scene, EditKind::ObjectSize);
        scene.set_spec(TargetSpec { area, ..scene.spec() });
    }
    assert_eq!(history.undo_len(), 1);
    history.seal();
    history.record(&scene, EditKind::ObjectSize);
    scene.set_spec(TargetSpec { area: 60, ..scene.spec() });
    assert_eq!(history.undo_len(), 2);
    history.undo(&mut scene);
    history.undo(&mut scene);
    assert_eq!(scene, original);
}

#[test]
fn history_memory_is_bounded() {
    let scene = Scene::new(GridSize::S256, TargetSpec::default(), PredictionModel::default());
    let mut history = History::new(4 * scene.bytes());
    for _ in 0..10 {
        history.record(&scene, EditKind::Stroke);
    }
    assert_eq!(history.undo_len(), 4);
    let mut many = History::default();
    for _ in 0..MAX_HISTORY_STEPS + 5 {
        many.record(&small(), EditKind::Stroke);
    }
    assert_eq!(many.undo_len(), MAX_HISTORY_STEPS);
}

#[test]
fn changing_the_grid_keeps_the_area_in_pixels() {
    let mut scene = small();
    scene.set_grid(GridSize::S128);
    assert_eq!(scene.target().len(), 128 * 128);
    assert_eq!(ones(scene.target()), 20);
    scene.set_spec(TargetSpec { area: 5000, ..scene.spec() });
    scene.set_grid(GridSize::S32);
    assert_eq!(scene.spec().area, 512, "the size is clamped to half the smaller image");
    assert_eq!(ones(scene.target()), 512);
}

#[test]
fn the_exported_case_is_conformance_json_with_non_default_params() {
    let scene = Scene::new(
        GridSize::S32,
        TargetSpec { area: 3, ..TargetSpec::default() },
        PredictionModel::default(),
    );
    let mut config = LossConfig::default_for(LossName::Tversky);
    config.set("alpha", &ParamValue::Number(0.25)).expect("alpha exists");
    let json: serde_json::Value =
        serde_json::from_str(&case_json(&scene, &config)).expect("valid JSON");
    assert_eq!(json["shape"], serde_json::json!([32, 32]));
    assert_eq!(json["loss"], "tversky");
    assert_eq!(json["params"], serde_json::json!({ "alpha": 0.25 }));
    let prob: Vec<f64> = serde_json::from_value(json["prob"].clone()).expect("numbers");
    assert_eq!(prob, scene.prob(), "probabilities round-trip exactly");
    let target: Vec<f64> = serde_json::from_value(json["target"].clone()).expect("numbers");
    assert_eq!(target, scene.target());
    let wce = LossConfig::from_params(
        LossName::Wce,
        [("pos_weight", &ParamValue::Text("balanced".into()))],
    )
    .expect("balanced is valid");
    let json: serde_json::Value =
        serde_json::from_str(&case_json(&scene, &wce)).expect("valid JSON");
    assert_eq!(json["params"], serde_json::json!({ "pos_weight": "balanced" }));
}

#[test]
fn generalized_dice_is_exported_as_two_explicit_classes() {
    let scene = Scene::new(
        GridSize::S32,
        TargetSpec { area: 3, ..TargetSpec::default() },
        PredictionModel::default(),
    );
    let config = LossConfig::default_for(LossName::GeneralizedDice);
    let json: serde_json::Value =
        serde_json::from_str(&case_json(&scene, &config)).expect("valid JSON");
    assert_eq!(json["shape"], serde_json::json!([2, 32, 32]));
    let target: Vec<f64> = serde_json::from_value(json["target"].clone()).expect("numbers");
    let prob: Vec<f64> = serde_json::from_value(json["prob"].clone()).expect("numbers");
    assert_eq!(&target[1024..], scene.target());
    assert_eq!(&prob[1024..], scene.prob());
    assert_eq!(prob[0], 1.0 - scene.prob()[0]);
}
