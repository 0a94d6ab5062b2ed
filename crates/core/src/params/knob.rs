//! A number control as the app shows it (a loss parameter's or a scene setting's): its
//! label, its range, its slider mapping — and the single check a typed-in number goes
//! through. A loss parameter's knob comes from its [`super::ParamSpec`].

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
    /// A number in `[min, max]` or a word instead of it: wce's `pos_weight` (log slider) or
    /// `"balanced"`, Dice + focal's `alpha` or `"none"`.
    NumberOr {
        /// Smallest accepted number.
        min: f64,
        /// Largest accepted number.
        max: f64,
        /// Whether the slider is logarithmic (from `min`).
        log: bool,
        /// The word that stands instead of a number.
        word: &'static str,
        /// The number the field shows, and sets, while the word is chosen.
        fallback: f64,
    },
    /// A whole number in `[min, max]` on a linear slider (clDice's skeleton iterations).
    Integer {
        /// Smallest value offered.
        min: f64,
        /// Largest value offered.
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
    /// The parameter's key in `losses.md` and the JSON (empty for a scene setting).
    pub name: &'static str,
    /// Short label (a symbol where the article uses one).
    pub label: &'static str,
    /// Its control.
    pub kind: KnobKind,
    /// One line on what it does, with the convention where libraries disagree.
    pub help: &'static str,
    /// Significant digits a slider's value is rounded to (what the field then shows).
    pub digits: u8,
    /// The unit shown after the value (`""`: a pure number, as every loss parameter is).
    pub unit: &'static str,
}

/// Slider positions of a number knob: `0..=SLIDER_STEPS`.
pub const SLIDER_STEPS: f64 = 1000.0;

impl Knob {
    /// A number control from `min` to `max` (logarithmic from `log_floor` when given), three
    /// significant digits, no unit.
    pub const fn number(
        label: &'static str,
        min: f64,
        max: f64,
        log_floor: Option<f64>,
        help: &'static str,
    ) -> Knob {
        Knob {
            name: "",
            label,
            kind: KnobKind::Number { min, max, log_floor },
            help,
            digits: 3,
            unit: "",
        }
    }

    /// The same control with `unit` shown after its value.
    pub const fn with_unit(self, unit: &'static str) -> Knob {
        Knob { unit, ..self }
    }

    /// The accepted range `(min, max)`; `(0, 1)` for words and switches.
    pub fn range(&self) -> (f64, f64) {
        match self.kind {
            KnobKind::Number { min, max, .. }
            | KnobKind::NumberOr { min, max, .. }
            | KnobKind::Integer { min, max } => (min, max),
            _ => (0.0, 1.0),
        }
    }

    /// Checks a typed-in number: it must parse and lie in the knob's range. The error is a
    /// sentence for people.
    pub fn parse_number(&self, text: &str) -> Result<f64, String> {
        if !matches!(
            self.kind,
            KnobKind::Number { .. } | KnobKind::NumberOr { .. } | KnobKind::Integer { .. }
        ) {
            return Err(format!("{} is not a number", self.label));
        }
        let (min, max) = self.range();
        let text = text.trim();
        match text.parse::<f64>() {
            Ok(x) if matches!(self.kind, KnobKind::Integer { .. }) && x.fract() != 0.0 => {
                Err(format!("{} = {text} is not a whole number ({min} … {max})", self.label))
            }
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
            KnobKind::Number { min, max, log_floor: None }
            | KnobKind::NumberOr { min, max, log: false, .. } => min + (max - min) * u,
            KnobKind::Integer { min, max } => (min + (max - min) * u).round(),
            KnobKind::Number { min, log_floor: Some(floor), .. } if u == 0.0 => min.min(floor),
            KnobKind::Number { max, log_floor: Some(floor), .. }
            | KnobKind::NumberOr { min: floor, max, log: true, .. } => {
                10f64.powf(floor.log10() + (max.log10() - floor.log10()) * u)
            }
            _ => 0.0,
        }
    }

    /// The slider position showing `value` (inverse of [`Knob::value_at`]).
    pub fn slider_at(&self, value: f64) -> f64 {
        let u = match self.kind {
            KnobKind::Number { min, max, log_floor: None }
            | KnobKind::NumberOr { min, max, log: false, .. }
            | KnobKind::Integer { min, max }
                if max > min =>
            {
                (value - min) / (max - min)
            }
            KnobKind::Number { max, log_floor: Some(floor), .. }
            | KnobKind::NumberOr { min: floor, max, log: true, .. } => {
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
    use crate::params::{dice, focal, wce};

    #[test]
    fn typed_numbers_are_checked_against_the_range() {
        let alpha = focal::ALPHA.knob();
        assert_eq!(alpha.parse_number(" 0.5 "), Ok(0.5));
        assert!(alpha.parse_number("abc").expect_err("not a number").contains("not a number"));
        assert!(alpha.parse_number("1.5").expect_err("out of range").contains("out of range"));
        assert!(alpha.parse_number("NaN").is_err());
        assert!(alpha.parse_number("").is_err());
    }

    #[test]
    fn sliders_invert() {
        let smooth = dice::SMOOTH.knob();
        for knob in [focal::ALPHA.knob(), smooth, wce::POS_WEIGHT.knob()] {
            for t in [0.0, 1.0, 250.0, 999.0, 1000.0] {
                assert_eq!(knob.slider_at(knob.value_at(t)), t, "{} at {t}", knob.name);
            }
        }
        assert_eq!(smooth.value_at(0.0), 0.0);
        assert_eq!(smooth.value_at(SLIDER_STEPS), 100.0);
    }
}
