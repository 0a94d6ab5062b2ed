//! Generalized Dice's parameters: `smooth`, `weight_type`, `absent`.

use super::dice;
use super::knob::KnobKind;
use super::spec::{number, own, own_mut, table, text, word, ParamSpec, ParamTable, ParamValue};
use serde::{Deserialize, Serialize};

/// Class weights of generalized Dice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WeightType {
    /// `1 / ((Σr)² + ε_w)`.
    Square,
    /// `1 / (Σr + ε_w)`.
    Simple,
    /// 1 for every class.
    Uniform,
}

/// The weight generalized Dice gives a class absent from the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AbsentPolicy {
    /// The formula as it stands: `1 / ε_w` (the article's).
    Epsilon,
    /// The largest weight among present classes, 0 if none is present (MONAI).
    Max,
    /// 0: the class is dropped.
    Zero,
}

words!(WeightType { Square => "square", Simple => "simple", Uniform => "uniform" });
words!(AbsentPolicy { Epsilon => "epsilon", Max => "max", Zero => "zero" });

/// Generalized Dice's parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct GeneralizedDiceParams {
    /// Added to numerator and denominator, ≥ 0.
    pub smooth: f64,
    /// How class weights are made from target volumes.
    pub weight_type: WeightType,
    /// The weight of an absent class.
    pub absent: AbsentPolicy,
}

impl Default for GeneralizedDiceParams {
    fn default() -> Self {
        GeneralizedDiceParams {
            smooth: 0.0,
            weight_type: WeightType::Square,
            absent: AbsentPolicy::Epsilon,
        }
    }
}

/// `ε_w` of generalized Dice's weights (the article's).
pub const GDL_WEIGHT_EPS: f64 = 1e-6;

/// `smooth`: Dice's, with a finer log floor.
pub const SMOOTH: ParamSpec = ParamSpec {
    control: KnobKind::Number { min: 0.0, max: 100.0, log_floor: Some(1e-9) },
    get: |p| own::<GeneralizedDiceParams>(p).map(|p| ParamValue::Number(p.smooth)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<GeneralizedDiceParams>(p)?.smooth = x;
        Ok(())
    },
    ..dice::SMOOTH
};

/// `weight_type`: `square`, `simple` or `uniform`.
pub const WEIGHT_TYPE: ParamSpec = ParamSpec {
    key: "weight_type",
    label: "weights",
    help: "class weight 1/(Σr)², 1/Σr or 1",
    control: KnobKind::Choice(&["square", "simple", "uniform"]),
    valid: None,
    digits: 3,
    unit: "",
    get: |p| own::<GeneralizedDiceParams>(p).map(|p| text(p.weight_type.as_str())),
    set: |p, v| {
        let w = word(v, WeightType::parse, WeightType::allowed)?;
        own_mut::<GeneralizedDiceParams>(p)?.weight_type = w;
        Ok(())
    },
};

/// `absent`: `epsilon`, `max` or `zero`.
pub const ABSENT: ParamSpec = ParamSpec {
    key: "absent",
    label: "absent",
    help: "weight of a class missing from the target: 1/ε (article), max (MONAI), 0",
    control: KnobKind::Choice(&["epsilon", "max", "zero"]),
    valid: None,
    digits: 3,
    unit: "",
    get: |p| own::<GeneralizedDiceParams>(p).map(|p| text(p.absent.as_str())),
    set: |p, v| {
        let a = word(v, AbsentPolicy::parse, AbsentPolicy::allowed)?;
        own_mut::<GeneralizedDiceParams>(p)?.absent = a;
        Ok(())
    },
};

/// Generalized Dice's parameters.
pub const PARAMS: ParamTable = table![SMOOTH, WEIGHT_TYPE, ABSENT];
