//! Every loss parameter has a knob and a value that reads back through `LossConfig::get`.

use crate::params::{tversky, LossConfig, LossName, ParamValue};

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
