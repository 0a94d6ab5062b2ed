//! Reading a loss configuration's parameters back as the values one would write in JSON.

use crate::params::{
    AbsentPolicy, EmptyPolicy, FocalReduction, LossConfig, ParamValue, PosWeight, WeightType,
};

fn word(s: &str) -> ParamValue {
    ParamValue::Text(s.to_string())
}

/// The current value of parameter `name` of `config`, as it would be written in JSON.
pub fn param_value(config: &LossConfig, name: &str) -> Option<ParamValue> {
    use ParamValue::{Bool, Number};
    let value = match (config, name) {
        (LossConfig::Wce(p), "pos_weight") => match p.pos_weight {
            PosWeight::Fixed(w) => Number(w),
            PosWeight::Balanced => word("balanced"),
        },
        (LossConfig::Focal(p), "alpha") => Number(p.alpha),
        (LossConfig::Focal(p), "gamma") => Number(p.gamma),
        (LossConfig::Focal(p), "reduction") => word(match p.reduction {
            FocalReduction::Sum => "sum",
            FocalReduction::Mean => "mean",
            FocalReduction::PerPositive => "per_positive",
        }),
        (LossConfig::Dice(p), "smooth") => Number(p.smooth),
        (LossConfig::Dice(p), "squared") => Bool(p.squared),
        (LossConfig::Iou(p), "eps") => Number(p.eps),
        (LossConfig::Iou(p), "empty") => word(match p.empty {
            EmptyPolicy::Complement => "complement",
            EmptyPolicy::Plain => "plain",
        }),
        (LossConfig::Tversky(p), "alpha") => Number(p.alpha),
        (LossConfig::Tversky(p), "beta") => Number(p.beta),
        (LossConfig::Tversky(p), "smooth") => Number(p.smooth),
        (LossConfig::FocalTversky(p), "alpha") => Number(p.tversky.alpha),
        (LossConfig::FocalTversky(p), "beta") => Number(p.tversky.beta),
        (LossConfig::FocalTversky(p), "smooth") => Number(p.tversky.smooth),
        (LossConfig::FocalTversky(p), "gamma") => Number(p.gamma),
        (LossConfig::SensitivitySpecificity(p), "lambda") => Number(p.lambda),
        (LossConfig::SensitivitySpecificity(p), "smooth") => Number(p.smooth),
        (LossConfig::GeneralizedDice(p), "smooth") => Number(p.smooth),
        (LossConfig::GeneralizedDice(p), "weight_type") => word(match p.weight_type {
            WeightType::Square => "square",
            WeightType::Simple => "simple",
            WeightType::Uniform => "uniform",
        }),
        (LossConfig::GeneralizedDice(p), "absent") => word(match p.absent {
            AbsentPolicy::Epsilon => "epsilon",
            AbsentPolicy::Max => "max",
            AbsentPolicy::Zero => "zero",
        }),
        (LossConfig::BceDice(p), "w_bce") => Number(p.w_bce),
        (LossConfig::BceDice(p), "w_dice") => Number(p.w_dice),
        (LossConfig::BceDice(p), "smooth") => Number(p.dice.smooth),
        (LossConfig::BceDice(p), "squared") => Bool(p.dice.squared),
        _ => return None,
    };
    Some(value)
}

/// The parameters of `config` that differ from `losses.md`'s defaults, in order.
pub fn non_default_params(config: &LossConfig) -> Vec<(&'static str, ParamValue)> {
    let defaults = LossConfig::default_for(config.name());
    config
        .param_names()
        .iter()
        .filter_map(|&name| {
            let value = param_value(config, name)?;
            (param_value(&defaults, name).as_ref() != Some(&value)).then_some((name, value))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params::LossName;
    use crate::scene::knobs;

    #[test]
    fn every_parameter_of_every_loss_has_a_knob_and_a_value() {
        for loss in LossName::ALL {
            let config = LossConfig::default_for(loss);
            let names: Vec<&str> = knobs(loss).iter().map(|k| k.name).collect();
            assert_eq!(names, config.param_names(), "{loss}");
            for name in config.param_names() {
                assert!(param_value(&config, name).is_some(), "{loss}.{name}");
            }
        }
    }

    #[test]
    fn values_round_trip_through_set() {
        for loss in LossName::ALL {
            let config = LossConfig::default_for(loss);
            for &name in config.param_names() {
                let value = param_value(&config, name).expect("listed above");
                let mut copy = config;
                assert_eq!(copy.set(name, &value), Ok(()));
                assert_eq!(copy, config);
            }
        }
    }

    #[test]
    fn non_default_params_lists_only_changes() {
        let mut config = LossConfig::default_for(LossName::Tversky);
        assert!(non_default_params(&config).is_empty());
        config.set("alpha", &ParamValue::Number(0.5)).expect("alpha is a parameter");
        assert_eq!(non_default_params(&config), vec![("alpha", ParamValue::Number(0.5))]);
    }
}
