//! `losslab eval` on the losses of `losses-compound.md`: the compound builder's case and
//! output, JSON `null` for MONAI's `None`, and their errors (status 2, the field named).

mod common;
use common::{eval_ok, expect_error, float, floats};

const CASE: &str = r#""shape": [2, 2], "target": [0, 1, 0, 0], "prob": [0.1, 0.8, 0.3, 0.2]"#;

fn case(loss: &str, params: &str) -> String {
    format!(r#"{{{CASE}, "loss": "{loss}", "params": {params}}}"#)
}

#[test]
fn a_compound_is_its_terms_weighted_and_lists_their_unweighted_values() {
    let dice = eval_ok(&case("dice", "{}"));
    let topk = eval_ok(&case("topk_ce", r#"{"k": 50}"#));
    let out = eval_ok(&case(
        "compound",
        r#"{"terms": [{"loss": "dice", "weight": 0.25}, {"loss": "topk_ce", "weight": -2, "params": {"k": 50}}]}"#,
    ));
    assert_eq!(out["loss"], "compound");
    let (d, t) = (float(&dice["value"]), float(&topk["value"]));
    assert!((float(&out["value"]) - (0.25 * d - 2.0 * t)).abs() < 1e-15);
    let terms = out["terms"].as_array().expect("terms listed");
    assert_eq!(
        (terms[0]["loss"].as_str(), terms[1]["loss"].as_str()),
        (Some("dice"), Some("topk_ce"))
    );
    assert_eq!((float(&terms[0]["value"]), float(&terms[1]["value"])), (d, t));
    assert_eq!((float(&terms[0]["weight"]), float(&terms[1]["weight"])), (0.25, -2.0));
    let (gd, gt, g) =
        (floats(&dice["grad_prob"]), floats(&topk["grad_prob"]), floats(&out["grad_prob"]));
    for i in 0..4 {
        assert!((g[i] - (0.25 * gd[i] - 2.0 * gt[i])).abs() < 1e-12, "grad_prob[{i}]");
    }
}

#[test]
fn null_is_monai_none() {
    // pos_weight null is 1 (MONAI weight=None); alpha null is no α weighting.
    let a = eval_ok(&case("dice_ce", r#"{"pos_weight": null}"#));
    let b = eval_ok(&case("dice_ce", r#"{"pos_weight": 1}"#));
    assert_eq!(a["value"], b["value"]);
    // γ = 0 and no α: Dice + focal is Dice + CE (losses-compound.md's identity).
    let focal = eval_ok(&case("dice_focal", r#"{"alpha": null, "gamma": 0}"#));
    assert!((float(&focal["value"]) - float(&b["value"])).abs() < 1e-12);
}

#[test]
fn compound_and_new_loss_errors_name_the_field() {
    let errors = [
        (case("compound", r#"{"terms": [{"loss": "dice"}]}"#), "params.terms"),
        (case("compound", r#"{}"#), "params.terms"),
        (
            case("compound", r#"{"terms": [{"loss": "dice"}, {"loss": "compound"}]}"#),
            "params.terms[1].loss",
        ),
        (
            case("compound", r#"{"terms": [{"loss": "generalized_dice"}, {"loss": "bce"}]}"#),
            "params.terms[0].loss",
        ),
        (
            case("compound", r#"{"terms": [{"loss": "dice", "weight": "a"}, {"loss": "bce"}]}"#),
            "params.terms[0].weight",
        ),
        (
            case(
                "compound",
                r#"{"terms": [{"loss": "dice", "params": {"smooth": -1}}, {"loss": "bce"}]}"#,
            ),
            "params.terms[0].params.smooth",
        ),
        (
            case("compound", r#"{"terms": [{"loss": "dice", "extra": 1}, {"loss": "bce"}]}"#),
            "params.terms[0].extra",
        ),
        (
            case("compound", r#"{"terms": [{"loss": "dice"}, {"loss": "bce"}], "other": 1}"#),
            "params.other",
        ),
        (case("unified_focal", r#"{"delta": 1}"#), "params.delta"),
        (case("topk_ce", r#"{"k": 0}"#), "params.k"),
        (case("combo", r#"{"form": "authors_2021"}"#), "params.form"),
        (case("dice_focal", r#"{"alpha": 1.5}"#), "params.alpha"),
    ];
    for (input, field) in errors {
        let line = expect_error(&["eval"], &input);
        assert!(line.contains(&format!("field \"{field}\"")), "{input}\n  → {line}");
    }
    let soft =
        r#"{"shape": [1, 2], "target": [0.5, 0], "prob": [0.8, 0.1], "loss": "lovasz_hinge"}"#;
    let line = expect_error(&["eval"], soft);
    assert!(line.contains("field \"target\"") && line.contains("binary"), "{line}");
}
