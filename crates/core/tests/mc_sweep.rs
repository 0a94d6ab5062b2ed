//! The class-size sweep (`multiclass::sweep`): its numbers are the engine's, and the facts it
//! teaches hold by hand derivation.

use losslab_core::multiclass::sweep::{
    default_areas, default_batch, default_job, default_series, job, Batch, Series,
    DEFAULT_CONFIDENCE, LARGE_AREA,
};
use losslab_core::multiclass::McInput;
use losslab_core::params::multiclass::{Activation, McConfig, McLossName};
use losslab_core::ParamValue;
use std::rc::Rc;

fn class_area(batch: &Batch, class: usize) -> usize {
    let (shape, target, _) = batch;
    (0..shape.pixels()).filter(|&i| target[shape.at(0, class, i)] == 1.0).count()
}

#[test]
fn the_default_batch_has_the_swept_area_exactly_and_a_large_class() {
    for area in [0, 1, 7, 100, LARGE_AREA] {
        let batch = default_batch(area, DEFAULT_CONFIDENCE);
        assert_eq!(class_area(&batch, 2), area, "swept class");
        let large = class_area(&batch, 1);
        // Class 2 is drawn last, over class 1's border when both are large.
        assert!((LARGE_AREA * 9 / 10..=LARGE_AREA).contains(&large), "{area}: class 1 {large}");
        let (shape, target, prob) = &batch;
        assert!(McInput::new(*shape, target, prob, Activation::Softmax).is_ok());
    }
    assert_eq!(class_area(&default_batch(50, 0.8), 1), LARGE_AREA, "apart when small");
}

#[test]
fn every_value_is_the_engines_evaluation_of_that_batch() {
    let job = default_job(10);
    let steps = job.len();
    let sweep = job.run();
    assert_eq!(steps, sweep.areas.len());
    assert_eq!(sweep.areas, default_areas(10));
    assert!(sweep.notes.is_empty(), "{:?}", sweep.notes);
    for series in &sweep.series {
        assert_eq!(series.values.len(), sweep.areas.len());
        for (k, &area) in sweep.areas.iter().enumerate() {
            let (shape, target, prob) = default_batch(area, DEFAULT_CONFIDENCE);
            let input = McInput::new(shape, &target, &prob, series.config.aggregation.activation)
                .expect("valid");
            let direct = series.config.evaluate(input);
            assert_eq!(series.values[k], direct.value, "{} at {area}", series.label);
            assert!((0.0..=1.0).contains(&series.grad_share[k]), "{}", series.label);
        }
    }
}

/// Square weights on hard pixels: `w = 1/(Σy² + 1e-6)` (losses.md, the article's GDL code),
/// `Σy` = the swept area; absent (area 0): `1/1e-6 = 1e6`.
#[test]
fn generalized_dice_weight_of_the_swept_class_is_one_over_area_squared() {
    let sweep = default_job(12).run();
    for (k, &area) in sweep.areas.iter().enumerate() {
        let a = area as f64;
        let want = 1.0 / (a * a + 1e-6);
        let got = sweep.gdl_weight[k].expect("a weight");
        assert!((got - want).abs() <= 1e-12 * want, "area {area}: {got} against {want}");
    }
    assert_eq!(sweep.gdl_weight[0], Some(1e6));
}

/// At area 0 class 2 has no target pixel but is predicted at `(1 − 0.8)/2 = 0.1` on all
/// 64·64 = 4096 pixels: `Sp = 409.6`, `I = 0`, `Sy = 0`, smooth 1, so with `absent = keep`
/// its Dice term is `1 − (0 + 1)/(0 + 409.6 + 1) = 1 − 1/410.6 ≈ 0.99756` (≈ 1), and with
/// `absent = zero` it is 0.
#[test]
fn an_absent_but_predicted_class_costs_about_one_with_keep_and_zero_with_zero() {
    let sweep = default_job(4).run();
    assert_eq!(sweep.areas[0], 0);
    let no_bg = sweep.series.iter().find(|s| s.label == "dice without background").expect("series");
    let term = no_bg.swept_term[0].expect("a region term");
    assert!((term - (1.0 - 1.0 / 410.6)).abs() < 1e-12, "{term}");
    // ce and focal have no region term.
    let ce = sweep.series.iter().find(|s| s.label == "ce").expect("ce");
    assert_eq!(ce.swept_term[0], None);
    // No swept pixel, no gradient share.
    assert!(sweep.series.iter().all(|s| s.grad_share[0] == 0.0));

    let zero = McConfig::from_params(
        McLossName::Dice,
        3,
        &[
            ("include_background", ParamValue::Bool(false)),
            ("absent", ParamValue::Text("zero".into())),
        ],
        None,
    )
    .expect("valid");
    let batch: Rc<dyn Fn(usize) -> Batch> = Rc::new(|a| default_batch(a, DEFAULT_CONFIDENCE));
    let series = vec![Series::new("dice zero", "zero", false, zero)];
    let sweep = job(2, vec![0, 10], series, batch).run();
    assert_eq!(sweep.series[0].swept_term[0], Some(0.0));
    assert!(sweep.series[0].swept_term[1].expect("present") > 0.0);
}

/// Per-image Dice with background charges the swept class's pixels more as it grows, and
/// its value falls as the swept class gets larger (its term improves): a property of the
/// formula, checked on the ends of the sweep.
#[test]
fn the_swept_class_gets_more_of_the_gradient_as_it_grows() {
    let sweep = default_job(8).run();
    let last = sweep.areas.len() - 1;
    for s in &sweep.series {
        assert!(s.grad_share[last] > s.grad_share[1], "{}: {:?}", s.label, s.grad_share);
    }
    let dice = &sweep.series[0];
    assert!(dice.values[last] < dice.values[1], "{:?}", dice.values);
}

#[test]
fn a_batch_that_does_not_fit_a_config_is_skipped_with_a_note() {
    let four = McConfig::from_params(McLossName::Dice, 4, &[], None).expect("valid");
    let mut series = default_series(3);
    series.push(Series::new("dice C=4", "", false, four));
    let batch: Rc<dyn Fn(usize) -> Batch> = Rc::new(|a| default_batch(a, 2.0));
    // Confidence 2 makes probabilities outside [0, 1]: every series is refused.
    let sweep = job(2, vec![1, 5], series, batch).run();
    assert!(sweep.series.iter().all(|s| s.values.iter().all(|v| v.is_nan())));
    assert_eq!(sweep.notes.len(), 2 * 6);
    assert_eq!(sweep.gdl_weight, vec![None, None]);
}

#[test]
fn the_csv_has_a_row_per_point_of_each_panel() {
    let sweep = default_job(4).run();
    let csv = sweep.to_csv();
    assert!(csv.starts_with("panel,curve,x,y\n"));
    let rows = csv.lines().count() - 1;
    // 5 series × areas in value and grad_share, the pixel share, and GDL's weight.
    let n = sweep.areas.len();
    assert_eq!(rows, 5 * n * 2 + n + n);
    assert!(csv.contains("value,dice without background,0,"));
    assert!(csv.contains("gdl_weight,generalized_dice w (swept class),0,1000000\n"));
}
