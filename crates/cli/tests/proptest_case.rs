//! `case::run` never panics, whatever it is fed, and every error is one line.

use losslab_cli::case;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Checks one input: no panic (a panic fails the property), errors one non-empty line,
/// outputs finite and shaped like the input.
fn check(input: &str) -> Result<(), TestCaseError> {
    match case::run(input) {
        Ok(out) => {
            prop_assert!(out.value.is_finite());
            prop_assert_eq!(out.grad_prob.len(), out.grad_logit.len());
            prop_assert!(out.to_json().is_ok());
        }
        Err(e) => {
            let msg = e.message();
            prop_assert!(!msg.is_empty());
            prop_assert!(!msg.contains('\n') && !msg.contains('\r'), "{:?}", msg);
        }
    }
    Ok(())
}

/// Arbitrary JSON values, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<f64>().prop_map(|x| json!(x)),
        (-3i64..70000).prop_map(|x| json!(x)),
        "[a-z_]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..5)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Values a field of a case could plausibly hold, valid or not.
fn field_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        prop::collection::vec(prop_oneof![0u64..4, Just(0u64), Just(u64::MAX)], 0..4)
            .prop_map(|v| json!(v)),
        prop::collection::vec(prop_oneof![0.0..=1.0f64, -2.0..3.0f64, any::<f64>()], 0..10)
            .prop_map(|v| json!(v)),
        prop::sample::select(vec!["dice", "bce", "generalized_dice", "focal", "nope"])
            .prop_map(|s| json!(s)),
        any_json(),
    ]
}

/// Near-valid cases: the real field names, each present or not, with plausible values.
fn near_case() -> impl Strategy<Value = Value> {
    let keys = ["shape", "target", "prob", "logit", "loss", "params", "extra"];
    prop::collection::vec(prop::option::of(field_value()), keys.len()).prop_map(move |vals| {
        let mut map = serde_json::Map::new();
        for (k, v) in keys.iter().zip(vals) {
            if let Some(v) = v {
                map.insert((*k).to_string(), v);
            }
        }
        Value::Object(map)
    })
}

/// Valid-shaped cases with random values and parameters.
fn shaped_case() -> impl Strategy<Value = Value> {
    let loss = prop::sample::select(losslab_core::LossName::ALL.to_vec());
    let params = prop::collection::btree_map(
        prop::sample::select(vec!["smooth", "alpha", "gamma", "eps", "batch", "squared"]),
        prop_oneof![
            (0.0..2.0f64).prop_map(|x| json!(x)),
            Just(json!(0)),
            Just(json!("pooled")),
            Just(json!(true))
        ],
        0..3,
    );
    (1usize..3, 1usize..4, 1usize..4, loss, params, any::<bool>()).prop_flat_map(
        |(lead, h, w, loss, params, logit)| {
            let n = lead * h * w;
            let values = prop::collection::vec(
                prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64, 1e-300..1e-200f64],
                n,
            );
            (values.clone(), values).prop_map(move |(t, p)| {
                let mut case = json!({
                    "shape": [lead, h, w], "target": t, "loss": loss.as_str(), "params": params,
                });
                let key = if logit { "logit" } else { "prob" };
                case[key] = json!(p);
                case
            })
        },
    )
}

proptest! {
    #[test]
    fn arbitrary_strings(s in "\\PC{0,200}") {
        check(&s)?;
    }

    #[test]
    fn json_like_strings(s in r#"[{}\[\]":,0-9a-z.eE+\- ]{0,120}"#) {
        check(&s)?;
    }

    #[test]
    fn arbitrary_json(v in any_json()) {
        check(&v.to_string())?;
    }

    #[test]
    fn near_valid_cases(v in near_case()) {
        check(&v.to_string())?;
    }

    #[test]
    fn shaped_cases(v in shaped_case()) {
        check(&v.to_string())?;
    }
}
