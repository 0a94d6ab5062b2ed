//! Combo loss' parameters (Taghanaki et al. 2019): `ce_ratio`, `beta`, `smooth`, `form`.

use super::knob::KnobKind;
use super::spec::{
    number, own, own_mut, table, text, word, ParamSpec, ParamTable, ParamValue, Valid,
};
use serde::{Deserialize, Serialize};

/// Which cross-entropy the sources mean: `(a, b)` weigh `−y·ln p` and `−(1−y)·ln(1−p)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComboForm {
    /// The paper's weighted CE: `(β, 1 − β)`.
    Paper,
    /// The authors' first upload (2019), β applied twice to the background: `(β, β(1 − β))`.
    Authors2019,
    /// The file's current version, whose parenthesis flips the background's sign:
    /// `(β, −(1 − β))`.
    Authors2020,
}

words!(ComboForm { Paper => "paper", Authors2019 => "authors_2019", Authors2020 => "authors_2020" });

impl ComboForm {
    /// The weights `(a, b)` of `−y·ln p̂` and `−(1−y)·ln(1−p̂)` for `β`.
    pub fn weights(self, beta: f64) -> (f64, f64) {
        match self {
            ComboForm::Paper => (beta, 1.0 - beta),
            ComboForm::Authors2019 => (beta, beta * (1.0 - beta)),
            ComboForm::Authors2020 => (beta, -(1.0 - beta)),
        }
    }
}

/// Combo loss' parameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ComboParams {
    /// Weight of the CE against the Dice coefficient, in [0, 1].
    pub ce_ratio: f64,
    /// Weight of `y = 1` in the CE, in [0, 1].
    pub beta: f64,
    /// Added to the Dice numerator and denominator, ≥ 0.
    pub smooth: f64,
    /// Which CE.
    pub form: ComboForm,
}

impl Default for ComboParams {
    fn default() -> Self {
        ComboParams { ce_ratio: 0.5, beta: 0.5, smooth: 1.0, form: ComboForm::Paper }
    }
}

/// `ce_ratio`: the weight of the CE against Dice.
pub const CE_RATIO: ParamSpec = ParamSpec {
    key: "ce_ratio",
    label: "r (CE)",
    help: "weight of the CE against Dice: L = r·CE − (1 − r)·D (the paper's α, the code's ce_d_w)",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: None },
    valid: Some(Valid::UNIT),
    digits: 3,
    unit: "",
    get: |p| own::<ComboParams>(p).map(|p| ParamValue::Number(p.ce_ratio)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<ComboParams>(p)?.ce_ratio = x;
        Ok(())
    },
};

/// `beta` (tversky's key): the weight of target pixels in the CE.
pub const BETA: ParamSpec = ParamSpec {
    key: super::tversky::BETA.key,
    label: "β (pos)",
    help: "weight of y = 1 in the CE (the paper's β, the code's ce_w); above 0.5 misses cost more",
    control: KnobKind::Number { min: 0.0, max: 1.0, log_floor: None },
    valid: Some(Valid::UNIT),
    digits: 3,
    unit: "",
    get: |p| own::<ComboParams>(p).map(|p| ParamValue::Number(p.beta)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<ComboParams>(p)?.beta = x;
        Ok(())
    },
};

/// `smooth`: Dice's.
pub const SMOOTH: ParamSpec = ParamSpec {
    get: |p| own::<ComboParams>(p).map(|p| ParamValue::Number(p.smooth)),
    set: |p, v| {
        let x = number(v)?;
        own_mut::<ComboParams>(p)?.smooth = x;
        Ok(())
    },
    ..super::dice::SMOOTH
};

/// `form`: `paper`, `authors_2019` or `authors_2020`.
pub const FORM: ParamSpec = ParamSpec {
    key: "form",
    label: "form",
    help: "which CE: the paper's, or the authors' code of 2019 (β twice on the background) or of today (the background's sign flipped)",
    control: KnobKind::Choice(&["paper", "authors_2019", "authors_2020"]),
    valid: None,
    digits: 3,
    unit: "",
    get: |p| own::<ComboParams>(p).map(|p| text(p.form.as_str())),
    set: |p, v| {
        let f = word(v, ComboForm::parse, ComboForm::allowed)?;
        own_mut::<ComboParams>(p)?.form = f;
        Ok(())
    },
};

/// Combo loss' parameters.
pub const PARAMS: ParamTable = table![CE_RATIO, BETA, SMOOTH, FORM];
