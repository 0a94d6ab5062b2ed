//! Every loss parameter has a knob and a value that reads back through `LossConfig::get`.

use crate::params::{
    bce_dice, dice, focal_tversky, tversky, DiceParams, LossConfig, LossName, ParamValue,
};

#[test]
fn every_parameter_of_every_loss_has_a_knob_and_a_value() {
    for loss in LossName::ALL {
        let config = LossConfig::default_for(loss);
        let names: Vec<&str> = loss.specs().iter().map(|s| s.knob().name).collect();
        assert_eq!(names, config.param_names(), "{loss}");
        for name in config.param_names() {
            assert!(config.get(name).is_some(), "{loss}.{name}");
        }
    }
}

#[test]
fn values_round_trip_through_set() {
    for loss in LossName::ALL {
        let config = LossConfig::default_for(loss);
        for &name in config.param_names() {
            let value = config.get(name).expect("listed above");
            let mut copy = config;
            assert_eq!(copy.set(name, &value), Ok(()));
            assert_eq!(copy, config);
        }
    }
}

#[test]
fn non_default_params_lists_only_changes() {
    let mut config = LossConfig::default_for(LossName::Tversky);
    assert!(config.non_default_params().is_empty());
    config.set(tversky::ALPHA.key, &ParamValue::Number(0.5)).expect("alpha is a parameter");
    assert_eq!(config.non_default_params(), vec![(tversky::ALPHA.key, ParamValue::Number(0.5))]);
}

#[test]
fn shared_specs_reach_the_part_they_reuse() {
    let mut config = LossConfig::default_for(LossName::FocalTversky);
    config.set(tversky::ALPHA.key, &ParamValue::Number(0.4)).expect("alpha is a parameter");
    let LossConfig::FocalTversky(p) = config else { unreachable!("still focal Tversky") };
    assert_eq!(p.tversky.alpha, 0.4);
    assert_eq!(focal_tversky::ALPHA.label, tversky::ALPHA.label);

    let mut config = LossConfig::default_for(LossName::BceDice);
    config.set(dice::SQUARED.key, &ParamValue::Bool(true)).expect("squared is a parameter");
    let LossConfig::BceDice(p) = config else { unreachable!("still BCE + Dice") };
    assert!(p.dice.squared);
    assert_eq!(bce_dice::SMOOTH.help, dice::SMOOTH.help);
}

#[test]
fn a_spec_reads_and_writes_only_its_own_struct() {
    let mut other = DiceParams::default();
    assert_eq!((tversky::ALPHA.get)(&other), None);
    assert!((tversky::ALPHA.set)(&mut other, &ParamValue::Number(0.5)).is_err());
    assert_eq!(other, DiceParams::default());
}

/// A loss parameter's control carries the spec's key, digits and unit (every loss parameter
/// is a pure number, no unit, but top-k's `k`, a percentage); a scene control can name its unit.
#[test]
fn a_knob_shows_its_specs_digits_and_unit() {
    for loss in LossName::ALL {
        for spec in loss.params().specs {
            let knob = spec.knob();
            assert_eq!((knob.name, knob.digits, knob.unit), (spec.key, spec.digits, spec.unit));
            assert!((2..=6).contains(&knob.digits), "{loss} {}: {} digits", spec.key, knob.digits);
            let unit = if spec.key == crate::params::topk_ce::K.key { "%" } else { "" };
            assert_eq!(knob.unit, unit, "{loss} {}", spec.key);
        }
    }
    let size = crate::Knob::number("size", 1.0, 9.0, None, "help").with_unit("px");
    assert_eq!((size.unit, size.digits, size.range()), ("px", 3, (1.0, 9.0)));
}
