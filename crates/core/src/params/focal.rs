//! Focal loss' parameters: `alpha`, `gamma`, `reduction`.

use super::knob::KnobKind;
use super::spec::{
    number, own, own_mut, table, text, word, ParamSpec, ParamTable, ParamValue, Valid,
};
use serde::{Deserialize, Serialize};

/// How focal loss reduces its per-pixel terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FocalReduction {
    /// Sum over pixels (the article's Keras code).
    Sum,
    /// Mean over pixels (torchvision `reduction="mean"`).
    Mean,
    /// Sum divided by `max(Sy, 1)` (RetinaNet).
    PerPositive,
}

words!(FocalReduction { Sum => "sum", Mean => "mean", PerPositive => "per_positive" });

/// Focal loss' parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FocalParams {
    /// Weight of the positive class, in [0, 1].
    pub alpha: f64,
    /// Focusing exponent, ≥ 0.
    pub gamma: f64,
    /// How the per-pixel terms are reduced.
    pub reduction: FocalReduction,
}

impl Default for FocalParams {
    fn default() -> Self {
        FocalParams { alpha: 0.25, gamma: 2.0, reduction: FocalReduction::Mean }
    }
}

/// `alpha`: the weight of the positive class (the same in every library).
pub const ALPHA: ParamSpec = ParamSpec {
    key: super::tversky::ALPHA.key,
    label: "α (pos)",
    help: "weight of the positive class (y = 1) in every library; 0.25 down-weights it",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: None },
    valid: Some(Valid::UNIT),
    digits: 3,
    unit: "",
    get: |p| own::<FocalParams>(p).map(|p| ParamValue::Number(p.alpha)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<FocalParams>(p)?.alpha = x;
        Ok(())
    },
};

/// `gamma`: the focusing exponent.
pub const GAMMA: ParamSpec = ParamSpec {
    key: "gamma",
    label: "γ",
    help: "focusing exponent",
    control: KnobKind::Number { min: 0.0, max: 10.0, log_floor: None },
    valid: Some(Valid::EXPONENT),
    digits: 3,
    unit: "",
    get: |p| own::<FocalParams>(p).map(|p| ParamValue::Number(p.gamma)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<FocalParams>(p)?.gamma = x;
        Ok(())
    },
};

/// `reduction`: `sum`, `mean` or `per_positive`.
pub const REDUCTION: ParamSpec = ParamSpec {
    key: "reduction",
    label: "reduction",
    help: "sum is the article's Keras code: it scales with the image size",
    control: KnobKind::Choice(&["mean", "sum", "per_positive"]),
    valid: None,
    digits: 3,
    unit: "",
    get: |p| own::<FocalParams>(p).map(|p| text(p.reduction.as_str())),
    set: |p, v| {
        let r = word(v, FocalReduction::parse, FocalReduction::allowed)?;
        own_mut::<FocalParams>(p)?.reduction = r;
        Ok(())
    },
};

/// Focal loss' parameters.
pub const PARAMS: ParamTable = table![ALPHA, GAMMA, REDUCTION];
