//! The library comparison (`multiclass::compare`) against the libraries' own numbers:
//! `golden/mc_compare.json`, made by `tools/oracle/make_mc_compare.py` from MONAI 1.6.1
//! `DiceLoss(softmax=True, to_onehot_y=True, batch=False | True)`, smp 0.6.0
//! `DiceLoss("multiclass")` and the article's Keras `dice_coef_loss` (its exact float64 torch
//! translation, checked against Keras 3 on torch to 1e-6), each case naming its calls in
//! `source`. Seven batches: the contract's table batch, an all-background image, a class
//! absent from one image, a class absent from the whole batch, 1–5-pixel classes.

use losslab_core::multiclass::compare::{compare, Library};
use losslab_core::multiclass::{one_hot, McShape};
use serde_json::Value;

const GOLDEN: &str = include_str!("golden/mc_compare.json");

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().expect("an array").iter().map(|x| x.as_f64().expect("a number")).collect()
}

fn shape_of(case: &Value) -> McShape {
    let s: Vec<usize> = numbers(&case["shape"]).iter().map(|&x| x as usize).collect();
    McShape { images: s[0], classes: s[1], height: s[2], width: s[3] }
}

#[test]
fn every_library_number_matches_the_library_run() {
    let golden: Value = serde_json::from_str(GOLDEN).expect("valid JSON");
    let cases = golden["cases"].as_array().expect("cases");
    assert!(cases.len() >= 5);
    for case in cases {
        let name = case["name"].as_str().expect("a name");
        let shape = shape_of(case);
        let target = one_hot(&numbers(&case["labels"]), shape).expect("valid labels");
        let prob = numbers(&case["prob"]);
        let got = compare(shape, &target, &prob).expect("a valid batch");
        assert_eq!(got.iter().map(|c| c.library).collect::<Vec<_>>(), Library::ALL.to_vec());
        for c in &got {
            let want = case["values"][c.library.as_str()].as_f64().expect("a value");
            let err = (c.value - want).abs() / want.abs().max(1e-12);
            assert!(err <= 1e-6, "{name}: {} = {} against {want} (rel {err:.1e})", c.call, c.value);
            assert_eq!(c.call, c.library.call());
            assert!(c.reason.starts_with("classes.compare.reason."));
        }
    }
}

/// The contract's table ("Same name, different numbers"): MONAI per image 0.450513, pooled
/// 0.440668, smp 0.440669 — the first golden case, checked at the contract's 6 decimals.
#[test]
fn the_contract_batch_gives_the_contract_numbers() {
    let golden: Value = serde_json::from_str(GOLDEN).expect("valid JSON");
    let case = &golden["cases"][0];
    let shape = shape_of(case);
    let target = one_hot(&numbers(&case["labels"]), shape).expect("valid labels");
    let got = compare(shape, &target, &numbers(&case["prob"])).expect("valid");
    let value = |l: Library| got.iter().find(|c| c.library == l).expect("present").value;
    assert!((value(Library::MonaiPerImage) - 0.450513).abs() < 5e-7);
    assert!((value(Library::MonaiPooled) - 0.440668).abs() < 5e-7);
    assert!((value(Library::Smp) - 0.440669).abs() < 5e-7);
}

#[test]
fn a_batch_the_libraries_cannot_take_is_refused_not_a_panic() {
    let shape = McShape { images: 1, classes: 2, height: 1, width: 2 };
    // Probabilities not summing to 1 per pixel (softmax).
    let err =
        compare(shape, &[1.0, 0.0, 0.0, 1.0], &[0.5, 0.5, 0.2, 0.2]).expect_err("not softmax");
    assert_eq!(err.field, "prob");
    // One channel: no softmax Dice.
    let one = McShape { classes: 1, ..shape };
    assert_eq!(compare(one, &[1.0, 0.0], &[0.5, 0.5]).expect_err("C = 1").field, "shape");
    // A length that does not match the shape.
    assert!(compare(shape, &[1.0], &[1.0]).is_err());
}
