//! Parameters are validated once, when a loss is built: invalid ones are errors with a
//! message naming the loss, the parameter and what is allowed.

use losslab_core::{
    FocalParams, FocalReduction, Loss, LossConfig, LossName, ParamError, ParamValue,
};

fn build(name: LossName, params: &[(&str, ParamValue)]) -> Result<LossConfig, ParamError> {
    LossConfig::from_params(name, params.iter().map(|(k, v)| (*k, v)))
}

#[test]
fn defaults_are_those_of_losses_md() {
    use losslab_core::*;
    assert_eq!(
        LossConfig::default_for(LossName::Focal),
        LossConfig::Focal(FocalParams { alpha: 0.25, gamma: 2.0, reduction: FocalReduction::Mean })
    );
    let LossConfig::Tversky(t) = LossConfig::default_for(LossName::Tversky) else { panic!() };
    assert_eq!((t.alpha, t.beta, t.smooth), (0.7, 0.3, 1.0));
    let LossConfig::FocalTversky(f) = LossConfig::default_for(LossName::FocalTversky) else {
        panic!()
    };
    assert_eq!(f.gamma, 0.75);
    let LossConfig::SensitivitySpecificity(s) =
        LossConfig::default_for(LossName::SensitivitySpecificity)
    else {
        panic!()
    };
    assert_eq!((s.lambda, s.smooth), (0.05, 1e-5));
    let LossConfig::Wce(w) = LossConfig::default_for(LossName::Wce) else { panic!() };
    assert_eq!(w.pos_weight, PosWeight::Fixed(10.0));
    let LossConfig::Iou(i) = LossConfig::default_for(LossName::Iou) else { panic!() };
    assert_eq!((i.eps, i.empty), (1e-6, EmptyPolicy::Complement));
    let LossConfig::GeneralizedDice(g) = LossConfig::default_for(LossName::GeneralizedDice) else {
        panic!()
    };
    assert_eq!(
        (g.smooth, g.weight_type, g.absent),
        (0.0, WeightType::Square, AbsentPolicy::Epsilon)
    );
    let LossConfig::BceDice(b) = LossConfig::default_for(LossName::BceDice) else { panic!() };
    assert_eq!((b.w_bce, b.w_dice, b.dice.smooth), (1e-3, 1.0, 1.0));
    for name in LossName::ALL {
        assert!(Loss::new(LossConfig::default_for(name)).is_ok());
        assert_eq!(LossName::parse(name.as_str()), Some(name));
    }
}

#[test]
fn negative_gamma_is_refused() {
    let err = build(LossName::Focal, &[("gamma", ParamValue::Number(-1.0))]).expect_err("γ < 0");
    assert_eq!(
        err.to_string(),
        "`focal` parameter `gamma` = -1 is invalid: must be a number in [0, 100]"
    );
}

#[test]
fn alpha_outside_unit_interval_is_refused_for_focal() {
    assert!(build(LossName::Focal, &[("alpha", ParamValue::Number(1.5))]).is_err());
    // Built directly, not through from_params: Loss::new validates too.
    let config =
        LossConfig::Focal(FocalParams { alpha: -0.1, gamma: 2.0, reduction: FocalReduction::Sum });
    assert!(Loss::new(config).is_err());
}

#[test]
fn nan_and_infinite_parameters_are_refused() {
    for name in LossName::ALL {
        for key in LossConfig::default_for(name).param_names() {
            for bad in [f64::NAN, f64::INFINITY, -1.0] {
                let result = build(name, &[(key, ParamValue::Number(bad))]);
                // Every numeric parameter refuses NaN, ∞ and negatives; word/flag parameters
                // refuse numbers altogether.
                assert!(result.is_err(), "{name}.{key} = {bad} accepted");
            }
        }
    }
}

#[test]
fn unknown_parameter_is_refused_naming_the_known_ones() {
    let err = build(LossName::Dice, &[("alpha", ParamValue::Number(0.5))]).expect_err("unknown");
    assert_eq!(
        err.to_string(),
        "`dice` has no parameter `alpha` (its parameters: smooth, squared)"
    );
    let err =
        build(LossName::Bce, &[("smooth", ParamValue::Number(1.0))]).expect_err("bce has none");
    assert!(err.to_string().contains("(its parameters: none)"));
}

#[test]
fn wrong_kinds_are_refused() {
    assert!(build(LossName::Focal, &[("reduction", ParamValue::Text("median".into()))]).is_err());
    assert!(build(LossName::Focal, &[("reduction", ParamValue::Number(1.0))]).is_err());
    assert!(build(LossName::Dice, &[("squared", ParamValue::Text("yes".into()))]).is_err());
    assert!(build(LossName::Wce, &[("pos_weight", ParamValue::Text("auto".into()))]).is_err());
    assert!(build(LossName::Wce, &[("pos_weight", ParamValue::Number(0.0))]).is_err());
    assert!(build(LossName::Wce, &[("pos_weight", ParamValue::Text("balanced".into()))]).is_ok());
    assert!(build(LossName::GeneralizedDice, &[("absent", ParamValue::Text("max".into()))]).is_ok());
    assert!(build(LossName::GeneralizedDice, &[("weight_type", ParamValue::Text("cube".into()))])
        .is_err());
}

#[test]
fn lambda_outside_unit_interval_is_refused() {
    let e = build(LossName::SensitivitySpecificity, &[("lambda", ParamValue::Number(1.01))]);
    assert!(e.is_err());
}
