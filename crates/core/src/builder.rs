//! The compound builder (`losses-compound.md` §18): `w₁·L₁ + w₂·L₂` of two losses, each with
//! its own parameters and conventions, with an optional schedule of the weights over training
//! steps (the boundary-loss paper ramps the weight from the region term to the other).
//!
//! ```text
//! L = Σ w_t·L_t,  ∂L/∂p = Σ w_t·∂L_t/∂p,  ∂L/∂z = Σ w_t·∂L_t/∂z,  0/0 flagged if any term's is
//! ```

use crate::eval::{BatchReduction, Evaluation, Loss};
use crate::input::{Binary, InputError};
use crate::params::LossName;
use crate::pixel::Pixel;
use crate::summary::GradientSummary;
use std::fmt;

/// One term: a validated loss and its weight (finite; 0 and negative allowed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Term {
    /// The loss, with its own parameters.
    pub loss: Loss,
    /// Its weight at step 0.
    pub weight: f64,
}

/// How the weights move over training steps.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Schedule {
    /// The terms' weights throughout.
    #[default]
    Constant,
    /// From the terms' weights at step 0 linearly to `end` at step `steps`, then `end`.
    Linear {
        /// Steps the ramp takes (≥ 1).
        steps: u32,
        /// The weights at the end of the ramp.
        end: [f64; 2],
    },
    /// The terms' weights before step `at`, `end` from it on.
    Step {
        /// The step the weights change at.
        at: u32,
        /// The weights from then on.
        end: [f64; 2],
    },
}

impl Schedule {
    /// The schedule's word in links and settings.
    pub fn kind(&self) -> &'static str {
        match self {
            Schedule::Constant => "constant",
            Schedule::Linear { .. } => "linear",
            Schedule::Step { .. } => "step",
        }
    }
}

/// Why a compound was refused.
#[derive(Debug, Clone, PartialEq)]
pub enum CompoundError {
    /// A weight is not a finite number.
    Weight {
        /// Which term (0 or 1), or 2 for the schedule's end weights.
        term: usize,
        /// The value.
        value: f64,
    },
    /// A linear ramp of zero steps.
    Steps,
}

impl fmt::Display for CompoundError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompoundError::Weight { term: 2, value } => {
                write!(f, "the schedule's end weight {value} is not a finite number")
            }
            CompoundError::Weight { term, value } => {
                write!(f, "terms[{term}].weight = {value} is not a finite number")
            }
            CompoundError::Steps => write!(f, "a linear schedule needs at least 1 step"),
        }
    }
}

impl std::error::Error for CompoundError {}

/// A validated weighted sum of two losses.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Compound {
    terms: [Term; 2],
    schedule: Schedule,
}

/// One evaluation of a compound: the total (value, both gradients, counts, summary) and each
/// term's unweighted value and weight.
#[derive(Debug, Clone, PartialEq)]
pub struct CompoundEvaluation<T> {
    /// The weighted sum (its `loss` is `None`).
    pub total: Evaluation<T>,
    /// Each term's value, unweighted.
    pub values: [f64; 2],
    /// The weights used.
    pub weights: [f64; 2],
}

impl Compound {
    /// Checks the terms and the schedule.
    pub fn new(terms: [Term; 2], schedule: Schedule) -> Result<Compound, CompoundError> {
        for (i, t) in terms.iter().enumerate() {
            if !t.weight.is_finite() {
                return Err(CompoundError::Weight { term: i, value: t.weight });
            }
        }
        match schedule {
            Schedule::Constant => {}
            Schedule::Linear { steps: 0, .. } => return Err(CompoundError::Steps),
            Schedule::Linear { end, .. } | Schedule::Step { end, .. } => {
                if let Some(&value) = end.iter().find(|w| !w.is_finite()) {
                    return Err(CompoundError::Weight { term: 2, value });
                }
            }
        }
        Ok(Compound { terms, schedule })
    }

    /// The terms, with their step-0 weights.
    pub fn terms(&self) -> &[Term; 2] {
        &self.terms
    }

    /// The schedule.
    pub fn schedule(&self) -> Schedule {
        self.schedule
    }

    /// The weights at training step `step`.
    pub fn weights_at(&self, step: u32) -> [f64; 2] {
        let start = [self.terms[0].weight, self.terms[1].weight];
        match self.schedule {
            Schedule::Constant => start,
            Schedule::Linear { steps, end } if step >= steps => end,
            Schedule::Linear { steps, end } => {
                let u = f64::from(step) / f64::from(steps);
                [start[0] + (end[0] - start[0]) * u, start[1] + (end[1] - start[1]) * u]
            }
            Schedule::Step { at, end } => {
                if step >= at {
                    end
                } else {
                    start
                }
            }
        }
    }

    /// Evaluates one image at step 0.
    pub fn evaluate<T: Pixel>(&self, input: Binary<T>) -> CompoundEvaluation<T> {
        // One image divides into one image: no error is possible.
        match self.evaluate_batch(input, 1, BatchReduction::PerImage, 0) {
            Ok(e) => e,
            Err(_) => {
                CompoundEvaluation { total: Evaluation::new(), values: [0.0; 2], weights: [0.0; 2] }
            }
        }
    }

    /// Evaluates a batch (as [`Loss::evaluate_batch`], the reduction applied to each term) at
    /// training step `step`.
    pub fn evaluate_batch<T: Pixel>(
        &self,
        input: Binary<T>,
        images: usize,
        reduction: BatchReduction,
        step: u32,
    ) -> Result<CompoundEvaluation<T>, InputError> {
        let weights = self.weights_at(step);
        let first = self.terms[0].loss.evaluate_batch(input, images, reduction)?;
        let second = self.terms[1].loss.evaluate_batch(input, images, reduction)?;
        let mut total = Evaluation::new();
        total.value = weights[0] * first.value + weights[1] * second.value;
        let combine = |a: &[T], b: &[T]| -> Vec<T> {
            a.iter()
                .zip(b)
                .map(|(x, y)| T::from_f64(weights[0] * x.to_f64() + weights[1] * y.to_f64()))
                .collect()
        };
        total.grad_prob = combine(&first.grad_prob, &second.grad_prob);
        total.grad_logit = combine(&first.grad_logit, &second.grad_logit);
        total.counts = first.counts;
        total.zero_over_zero = first.zero_over_zero || second.zero_over_zero;
        total.summary = GradientSummary::new(input.target(), &total.grad_logit);
        Ok(CompoundEvaluation { total, values: [first.value, second.value], weights })
    }
}

/// The compound as a person builds it on the board and in the race: two losses by name, each
/// taking the parameters set for that loss elsewhere (its own card), weights and a schedule.
/// `pairs`/`apply` are its link keys (`compound.*`), as for every view's settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompoundSpec {
    /// The two losses.
    pub losses: [LossName; 2],
    /// Their weights at step 0.
    pub weights: [f64; 2],
    /// How the weights move over training steps.
    pub schedule: Schedule,
}

impl Default for CompoundSpec {
    /// nnU-Net's usual pairing, Dice + top-k % cross-entropy, 1 : 1, constant.
    fn default() -> Self {
        CompoundSpec {
            losses: [LossName::Dice, LossName::TopkCe],
            weights: [1.0, 1.0],
            schedule: Schedule::Constant,
        }
    }
}

/// Largest weight the builder's controls and links accept, either sign.
pub const MAX_WEIGHT: f64 = 1e4;
/// Most steps a schedule may span.
pub const MAX_SCHEDULE_STEPS: u32 = 100_000;

impl CompoundSpec {
    /// The validated compound, each term with `config_of(loss)`'s parameters.
    pub fn build(
        &self,
        config_of: impl Fn(LossName) -> crate::params::LossConfig,
    ) -> Result<Compound, CompoundError> {
        let term = |i: usize| Term {
            loss: Loss::new(config_of(self.losses[i]))
                .unwrap_or_else(|_| Loss::default_for(self.losses[i])),
            weight: self.weights[i],
        };
        Compound::new([term(0), term(1)], self.schedule)
    }

    /// The end weights of the schedule (the start weights when constant).
    pub fn end_weights(&self) -> [f64; 2] {
        match self.schedule {
            Schedule::Constant => self.weights,
            Schedule::Linear { end, .. } | Schedule::Step { end, .. } => end,
        }
    }

    /// The steps of the schedule (its ramp's length or the step it jumps at; 0 when constant).
    pub fn schedule_steps(&self) -> u32 {
        match self.schedule {
            Schedule::Constant => 0,
            Schedule::Linear { steps, .. } => steps,
            Schedule::Step { at, .. } => at,
        }
    }

    /// Every setting as key → text (a constant schedule has no steps or end weights: its
    /// `steps` would be 0, which `apply` refuses).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let end = self.end_weights();
        let mut pairs = vec![
            ("compound.a", self.losses[0].as_str().to_string()),
            ("compound.a_weight", self.weights[0].to_string()),
            ("compound.b", self.losses[1].as_str().to_string()),
            ("compound.b_weight", self.weights[1].to_string()),
            ("compound.schedule", self.schedule.kind().to_string()),
        ];
        if self.schedule != Schedule::Constant {
            pairs.extend([
                ("compound.steps", self.schedule_steps().to_string()),
                ("compound.a_end", end[0].to_string()),
                ("compound.b_end", end[1].to_string()),
            ]);
        }
        pairs
    }

    /// Parses and checks one setting; an error leaves the spec as it was.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        let v = value.trim();
        let weight = |v: &str| -> Result<f64, String> {
            match v.parse::<f64>() {
                Ok(w) if w.is_finite() && w.abs() <= MAX_WEIGHT => Ok(w),
                _ => Err(format!(
                    "{key}: a weight is a number from −{MAX_WEIGHT} to {MAX_WEIGHT}; got {v:?}"
                )),
            }
        };
        let loss = |v: &str| -> Result<LossName, String> {
            match LossName::parse(v) {
                Some(LossName::GeneralizedDice) => {
                    Err(format!("{key}: generalized_dice cannot be a term of a compound"))
                }
                Some(name) => Ok(name),
                None => Err(format!("{key}: unknown loss {v:?}")),
            }
        };
        let (steps, end) = (self.schedule_steps(), self.end_weights());
        match key {
            "compound.a" => self.losses[0] = loss(v)?,
            "compound.b" => self.losses[1] = loss(v)?,
            "compound.a_weight" => self.weights[0] = weight(v)?,
            "compound.b_weight" => self.weights[1] = weight(v)?,
            "compound.schedule" => {
                let steps = steps.max(1);
                self.schedule = match v {
                    "constant" => Schedule::Constant,
                    "linear" => Schedule::Linear { steps, end },
                    "step" => Schedule::Step { at: steps, end },
                    _ => {
                        return Err(format!(
                            "{key}: one of \"constant\", \"linear\", \"step\"; got {v:?}"
                        ))
                    }
                }
            }
            "compound.steps" => {
                let n: u32 = v
                    .parse()
                    .ok()
                    .filter(|n| (1..=MAX_SCHEDULE_STEPS).contains(n))
                    .ok_or_else(|| {
                        format!("{key}: a whole number from 1 to {MAX_SCHEDULE_STEPS}; got {v:?}")
                    })?;
                self.schedule = match self.schedule {
                    Schedule::Constant => Schedule::Constant,
                    Schedule::Linear { end, .. } => Schedule::Linear { steps: n, end },
                    Schedule::Step { end, .. } => Schedule::Step { at: n, end },
                };
            }
            "compound.a_end" | "compound.b_end" => {
                let w = weight(v)?;
                let i = usize::from(key == "compound.b_end");
                match &mut self.schedule {
                    Schedule::Constant => {}
                    Schedule::Linear { end, .. } | Schedule::Step { end, .. } => end[i] = w,
                }
            }
            _ => return Err(format!("unknown setting {key:?}")),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LossConfig;

    #[test]
    fn a_compound_is_the_weighted_sum_of_its_terms_alone_gradients_too() {
        let target = [0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let prob = [0.2, 0.7, 0.9, 0.1, 0.4, 0.05, 0.3, 0.6, 0.01];
        let input = Binary::new(&target, &prob).expect("valid");
        let (a, b) = (Loss::default_for(LossName::Dice), Loss::default_for(LossName::LovaszHinge));
        let compound = Compound::new(
            [Term { loss: a, weight: 0.7 }, Term { loss: b, weight: -1.5 }],
            Schedule::Constant,
        )
        .expect("valid");
        let got = compound.evaluate(input);
        let (ea, eb) = (a.evaluate(input), b.evaluate(input));
        assert_eq!(got.values, [ea.value, eb.value]);
        assert!((got.total.value - (0.7 * ea.value - 1.5 * eb.value)).abs() < 1e-15);
        for i in 0..target.len() {
            let want = 0.7 * ea.grad_prob[i] - 1.5 * eb.grad_prob[i];
            assert!((got.total.grad_prob[i] - want).abs() < 1e-12, "grad_prob[{i}]");
            let want = 0.7 * ea.grad_logit[i] - 1.5 * eb.grad_logit[i];
            assert!((got.total.grad_logit[i] - want).abs() < 1e-12, "grad_logit[{i}]");
        }
    }

    #[test]
    fn schedules_move_the_weights_as_stated() {
        let term = |w| Term { loss: Loss::default_for(LossName::Dice), weight: w };
        let linear = Compound::new(
            [term(1.0), term(0.0)],
            Schedule::Linear { steps: 100, end: [0.01, 0.99] },
        )
        .expect("valid");
        assert_eq!(linear.weights_at(0), [1.0, 0.0]);
        let mid = linear.weights_at(50);
        assert!((mid[0] - 0.505).abs() < 1e-12 && (mid[1] - 0.495).abs() < 1e-12, "{mid:?}");
        assert_eq!(linear.weights_at(100), [0.01, 0.99]);
        assert_eq!(linear.weights_at(5000), [0.01, 0.99]);
        let step =
            Compound::new([term(1.0), term(0.0)], Schedule::Step { at: 10, end: [0.5, 0.5] })
                .expect("valid");
        assert_eq!((step.weights_at(9), step.weights_at(10)), ([1.0, 0.0], [0.5, 0.5]));
        assert_eq!(
            Compound::new([term(1.0), term(1.0)], Schedule::Linear { steps: 0, end: [1.0, 1.0] }),
            Err(CompoundError::Steps)
        );
    }

    #[test]
    fn the_spec_round_trips_through_its_pairs_and_refuses_bad_values() {
        let mut spec = CompoundSpec::default();
        for (k, v) in [
            ("compound.a", "generalized_dice"),
            ("compound.a", "nonsense"),
            ("compound.a_weight", "NaN"),
            ("compound.schedule", "cosine"),
            ("compound.steps", "0"),
            ("compound.nope", "1"),
        ] {
            assert!(spec.apply(k, v).is_err(), "{k}={v}");
        }
        assert_eq!(spec, CompoundSpec::default(), "refusals change nothing");
        for (k, v) in [
            ("compound.a", "iou"),
            ("compound.b_weight", "-0.5"),
            ("compound.schedule", "linear"),
            ("compound.steps", "300"),
            ("compound.b_end", "2"),
        ] {
            spec.apply(k, v).expect("valid");
        }
        assert_eq!(spec.schedule, Schedule::Linear { steps: 300, end: [1.0, 2.0] });
        // Every schedule's pairs apply to a fresh spec and give it back (a constant one has
        // no steps to write: "steps 0" would be refused).
        let constant = CompoundSpec { schedule: Schedule::Constant, ..spec };
        let step = CompoundSpec { schedule: Schedule::Step { at: 7, end: [0.0, 3.0] }, ..spec };
        for spec in [spec, constant, step, CompoundSpec::default()] {
            let mut back = CompoundSpec::default();
            for (k, v) in spec.pairs() {
                back.apply(k, &v).unwrap_or_else(|e| panic!("its own pair {k}={v} applies: {e}"));
            }
            assert_eq!(back, spec);
        }
        let built = spec.build(LossConfig::default_for).expect("valid");
        assert_eq!(built.terms()[0].loss.name(), LossName::Iou);
        assert_eq!(built.weights_at(300), [1.0, 2.0]);
    }
}
