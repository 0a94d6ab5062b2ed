//! What the app shows for each loss parameter: its symbol, its range, its slider mapping,
//! its current value — and the single check a typed-in number goes through.

use crate::params::LossName;

/// The kind of control a parameter gets.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum KnobKind {
    /// A number in `[min, max]`. With `log_floor = Some(f)`, the slider is logarithmic from
    /// `f` to `max`, and its leftmost position means exactly `min` (0).
    Number {
        /// Smallest accepted value.
        min: f64,
        /// Largest accepted value.
        max: f64,
        /// Smallest positive value of a logarithmic slider.
        log_floor: Option<f64>,
    },
    /// `pos_weight`: a positive number in `[min, max]` (log slider) or `"balanced"`.
    PosWeight {
        /// Smallest accepted weight.
        min: f64,
        /// Largest accepted weight.
        max: f64,
    },
    /// One of a few words.
    Choice(&'static [&'static str]),
    /// A switch.
    Flag,
}

/// One parameter's control.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Knob {
    /// The parameter's name in `losses.md` and the JSON.
    pub name: &'static str,
    /// Short label (a symbol where the article uses one).
    pub label: &'static str,
    /// Its control.
    pub kind: KnobKind,
    /// One line on what it does, with the convention where libraries disagree.
    pub help: &'static str,
}

/// Slider positions of a number knob: `0..=SLIDER_STEPS`.
pub const SLIDER_STEPS: f64 = 1000.0;

const fn num(min: f64, max: f64, log_floor: Option<f64>) -> KnobKind {
    KnobKind::Number { min, max, log_floor }
}

const SMOOTH: Knob = Knob {
    name: "smooth",
    label: "smooth",
    kind: num(0.0, 100.0, Some(1e-6)),
    help: "added to numerator and denominator",
};
const SQUARED: Knob = Knob {
    name: "squared",
    label: "squared",
    kind: KnobKind::Flag,
    help: "V-Net: Σy² + Σp² below",
};
const T_ALPHA: Knob = Knob {
    name: "alpha",
    label: "α (FN)",
    kind: num(0.0, 5.0, None),
    help: "weight of false negatives here, as in the article; MONAI, smp and Keras call it β",
};
const T_BETA: Knob = Knob {
    name: "beta",
    label: "β (FP)",
    kind: num(0.0, 5.0, None),
    help: "weight of false positives here; MONAI, smp and Keras call it α",
};

const WCE: [Knob; 1] = [Knob {
    name: "pos_weight",
    label: "w⁺",
    kind: KnobKind::PosWeight { min: 0.01, max: 1e4 },
    help: "weight of target pixels; balanced = (N − Sy)/Sy, capped at 1e4",
}];
const FOCAL: [Knob; 3] = [
    Knob {
        name: "alpha",
        label: "α (pos)",
        kind: num(0.0, 1.0, None),
        help: "weight of the positive class (y = 1) in every library; 0.25 down-weights it",
    },
    Knob { name: "gamma", label: "γ", kind: num(0.0, 10.0, None), help: "focusing exponent" },
    Knob {
        name: "reduction",
        label: "reduction",
        kind: KnobKind::Choice(&["mean", "sum", "per_positive"]),
        help: "sum is the article's Keras code: it scales with the image size",
    },
];
const DICE: [Knob; 2] = [SMOOTH, SQUARED];
const IOU: [Knob; 2] = [
    Knob { name: "eps", label: "ε", kind: num(0.0, 1.0, Some(1e-9)), help: "added to I and U" },
    Knob {
        name: "empty",
        label: "empty",
        kind: KnobKind::Choice(&["complement", "plain"]),
        help: "complement (the article's): on an empty target, score 1 − y against 1 − p",
    },
];
const TVERSKY: [Knob; 3] = [T_ALPHA, T_BETA, SMOOTH];
const FOCAL_TVERSKY: [Knob; 4] = [
    T_ALPHA,
    T_BETA,
    SMOOTH,
    Knob {
        name: "gamma",
        label: "γ",
        kind: num(0.0, 5.0, None),
        help: "(1 − T)^γ; the paper writes (1 − T)^(1/γ) with γ = 4/3",
    },
];
const SENS_SPEC: [Knob; 2] = [
    Knob {
        name: "lambda",
        label: "λ",
        kind: num(0.0, 1.0, None),
        help: "weight of the error rate on target pixels (1 − sensitivity)",
    },
    Knob {
        name: "smooth",
        label: "smooth",
        kind: num(0.0, 1.0, Some(1e-9)),
        help: "added to both denominators",
    },
];
const GDL: [Knob; 3] = [
    Knob { name: "smooth", label: "smooth", kind: num(0.0, 100.0, Some(1e-9)), help: SMOOTH.help },
    Knob {
        name: "weight_type",
        label: "weights",
        kind: KnobKind::Choice(&["square", "simple", "uniform"]),
        help: "class weight 1/(Σr)², 1/Σr or 1",
    },
    Knob {
        name: "absent",
        label: "absent",
        kind: KnobKind::Choice(&["epsilon", "max", "zero"]),
        help: "weight of a class missing from the target: 1/ε (article), max (MONAI), 0",
    },
];
const BCE_DICE: [Knob; 4] = [
    Knob {
        name: "w_bce",
        label: "w_bce",
        kind: num(0.0, 100.0, Some(1e-6)),
        help: "weight of the BCE part (the article: 1e-3)",
    },
    Knob {
        name: "w_dice",
        label: "w_dice",
        kind: num(0.0, 100.0, Some(1e-3)),
        help: "weight of the Dice part",
    },
    SMOOTH,
    SQUARED,
];

/// The controls of `loss`'s parameters, in the order of `losses.md`.
pub fn knobs(loss: LossName) -> &'static [Knob] {
    match loss {
        LossName::Bce => &[],
        LossName::Wce => &WCE,
        LossName::Focal => &FOCAL,
        LossName::Dice => &DICE,
        LossName::Iou => &IOU,
        LossName::Tversky => &TVERSKY,
        LossName::FocalTversky => &FOCAL_TVERSKY,
        LossName::SensitivitySpecificity => &SENS_SPEC,
        LossName::GeneralizedDice => &GDL,
        LossName::BceDice => &BCE_DICE,
    }
}

impl Knob {
    /// The accepted range `(min, max)`; `(0, 1)` for words and switches.
    pub fn range(&self) -> (f64, f64) {
        match self.kind {
            KnobKind::Number { min, max, .. } | KnobKind::PosWeight { min, max } => (min, max),
            _ => (0.0, 1.0),
        }
    }

    /// Checks a typed-in number: it must parse and lie in the knob's range. The error is a
    /// sentence for people.
    pub fn parse_number(&self, text: &str) -> Result<f64, String> {
        if !matches!(self.kind, KnobKind::Number { .. } | KnobKind::PosWeight { .. }) {
            return Err(format!("{} is not a number", self.label));
        }
        let (min, max) = self.range();
        let text = text.trim();
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() && (min..=max).contains(&x) => Ok(x),
            Ok(_) => Err(format!("{} = {text} is out of range: allowed {min} … {max}", self.label)),
            Err(_) if text.is_empty() => {
                Err(format!("{}: enter a number ({min} … {max})", self.label))
            }
            Err(_) => Err(format!("{} = \"{text}\" is not a number ({min} … {max})", self.label)),
        }
    }

    /// The value at slider position `t ∈ [0, SLIDER_STEPS]`.
    pub fn value_at(&self, t: f64) -> f64 {
        let u = (t / SLIDER_STEPS).clamp(0.0, 1.0);
        match self.kind {
            KnobKind::Number { min, max, log_floor: None } => min + (max - min) * u,
            KnobKind::Number { min, log_floor: Some(floor), .. } if u == 0.0 => min.min(floor),
            KnobKind::Number { max, log_floor: Some(floor), .. }
            | KnobKind::PosWeight { min: floor, max } => {
                10f64.powf(floor.log10() + (max.log10() - floor.log10()) * u)
            }
            _ => 0.0,
        }
    }

    /// The slider position showing `value` (inverse of [`Knob::value_at`]).
    pub fn slider_at(&self, value: f64) -> f64 {
        let u = match self.kind {
            KnobKind::Number { min, max, log_floor: None } if max > min => {
                (value - min) / (max - min)
            }
            KnobKind::Number { max, log_floor: Some(floor), .. }
            | KnobKind::PosWeight { min: floor, max } => {
                if value <= 0.0 {
                    0.0
                } else {
                    (value.max(floor).log10() - floor.log10()) / (max.log10() - floor.log10())
                }
            }
            _ => 0.0,
        };
        (u.clamp(0.0, 1.0) * SLIDER_STEPS).round()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_numbers_are_checked_against_the_range() {
        let alpha = FOCAL[0];
        assert_eq!(alpha.parse_number(" 0.5 "), Ok(0.5));
        assert!(alpha.parse_number("abc").expect_err("not a number").contains("not a number"));
        assert!(alpha.parse_number("1.5").expect_err("out of range").contains("out of range"));
        assert!(alpha.parse_number("NaN").is_err());
        assert!(alpha.parse_number("").is_err());
    }

    #[test]
    fn sliders_invert() {
        for knob in [FOCAL[0], SMOOTH, WCE[0]] {
            for t in [0.0, 1.0, 250.0, 999.0, 1000.0] {
                assert_eq!(knob.slider_at(knob.value_at(t)), t, "{} at {t}", knob.name);
            }
        }
        assert_eq!(SMOOTH.value_at(0.0), 0.0);
        assert_eq!(SMOOTH.value_at(SLIDER_STEPS), 100.0);
    }
}
