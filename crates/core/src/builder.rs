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
    /// A term's loss cannot be a term (`generalized_dice`: multi-class weights per image).
    NotATerm {
        /// Which term (0 or 1).
        term: usize,
        /// The loss.
        loss: LossName,
    },
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
            CompoundError::NotATerm { term, loss } => write!(
                f,
                "terms[{term}]: `{loss}` cannot be a term of a compound (allowed: every loss but generalized_dice)"
            ),
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
            if t.loss.name() == LossName::GeneralizedDice {
                return Err(CompoundError::NotATerm { term: i, loss: t.loss.name() });
            }
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
            Schedule::Linear { steps, end } => {
                let u = (f64::from(step) / f64::from(steps)).min(1.0);
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
