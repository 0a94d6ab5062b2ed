//! What a runner trains with: one loss, or a compound of two (`losses-compound.md` §18) whose
//! weights may follow a schedule over the training steps. Both give the race what it needs
//! from one batch: the value, `∂L/∂z`, and — for `bce_dice` and a compound — the loss's two
//! parts with the weights they had at that step.

use super::mc_objective::McObjective;
use crate::{BatchReduction, Binary, Compound, Evaluation, Loss, LossConfig, LossName};

/// A runner's objective.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Objective {
    /// One loss, with its parameters.
    Loss(Loss),
    /// `w₁·L₁ + w₂·L₂`, the weights at each step from the compound's schedule.
    Compound(Compound),
    /// A multi-class loss on the `C`-class data (the race's own path, not
    /// [`Objective::evaluate`]).
    MultiClass(McObjective),
}

/// A two-part loss at one step: each part's value (unweighted) and its weight then.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Parts {
    /// `[L₁, L₂]`, unweighted (`bce_dice`: BCE, then `1 − D`).
    pub values: [f64; 2],
    /// The weights at that step (`bce_dice`: `w_bce`, `w_dice`).
    pub weights: [f64; 2],
}

impl Parts {
    /// Parts of a step that was not taken (the runner had diverged).
    pub const NAN: Parts = Parts { values: [f64::NAN; 2], weights: [f64::NAN; 2] };

    /// `[w₁·L₁, w₂·L₂]`: what the optimiser receives from each part.
    pub fn weighted(&self) -> [f64; 2] {
        [self.weights[0] * self.values[0], self.weights[1] * self.values[1]]
    }
}

/// One batch's evaluation by an objective.
#[derive(Debug, Clone)]
pub struct Evaluated {
    /// The value, `∂L/∂p` and `∂L/∂z` of the whole objective.
    pub eval: Evaluation<f32>,
    /// Its two parts, for `bce_dice` and a compound.
    pub parts: Option<Parts>,
}

impl From<Loss> for Objective {
    fn from(loss: Loss) -> Objective {
        Objective::Loss(loss)
    }
}

impl Objective {
    /// The loss, for a runner of one loss.
    pub fn loss(&self) -> Option<&Loss> {
        match self {
            Objective::Loss(l) => Some(l),
            _ => None,
        }
    }

    /// The compound, for a compound runner.
    pub fn compound(&self) -> Option<&Compound> {
        match self {
            Objective::Compound(c) => Some(c),
            _ => None,
        }
    }

    /// The multi-class loss, for a multi-class runner.
    pub fn multi_class(&self) -> Option<&McObjective> {
        match self {
            Objective::MultiClass(m) => Some(m),
            _ => None,
        }
    }

    /// The loss's name (`None` for a compound).
    pub fn name(&self) -> Option<LossName> {
        self.loss().map(Loss::name)
    }

    /// The losses of its two parts, if it has parts: `bce_dice`'s are BCE and Dice, a
    /// compound's its terms'.
    pub fn part_names(&self) -> Option<[LossName; 2]> {
        match self {
            Objective::Loss(l) if l.name() == LossName::BceDice => {
                Some([LossName::Bce, LossName::Dice])
            }
            Objective::Loss(_) | Objective::MultiClass(_) => None,
            Objective::Compound(c) => {
                let [a, b] = c.terms();
                Some([a.loss.name(), b.loss.name()])
            }
        }
    }

    /// The first part alone, unweighted (`bce_dice`'s BCE part is plain BCE, `losses.md`
    /// §10; a compound's its first term), for measuring each part's parameter gradient.
    pub fn first_part(&self) -> Option<Loss> {
        match self {
            Objective::Loss(l) if l.name() == LossName::BceDice => {
                Some(Loss::default_for(LossName::Bce))
            }
            Objective::Loss(_) | Objective::MultiClass(_) => None,
            Objective::Compound(c) => Some(c.terms()[0].loss),
        }
    }

    /// The weights of its parts at training step `step` (from 0: the weights the first step
    /// trains with).
    pub fn weights_at(&self, step: usize) -> Option<[f64; 2]> {
        match self {
            Objective::Loss(l) => match l.config() {
                LossConfig::BceDice(p) => Some([p.w_bce, p.w_dice]),
                _ => None,
            },
            Objective::Compound(c) => Some(c.weights_at(step_u32(step))),
            Objective::MultiClass(_) => None,
        }
    }

    /// Evaluates a batch of `images` square images of `side × side` pixels `(targets,
    /// probabilities)` at training step `step` (a compound's weights are those of that step).
    /// A multi-class objective is refused: it takes `C` channels (`super::multiclass`).
    pub fn evaluate(
        &self,
        (targets, probs): (&[f32], &[f32]),
        (images, side): (usize, usize),
        reduction: BatchReduction,
        step: usize,
    ) -> Result<Evaluated, String> {
        let input = Binary::new(targets, probs)
            .and_then(|input| input.with_shape(side, side))
            .map_err(|e| e.to_string())?;
        match self {
            Objective::Loss(loss) => {
                let eval =
                    loss.evaluate_batch(input, images, reduction).map_err(|e| e.to_string())?;
                let parts = match (eval.parts, self.weights_at(step)) {
                    (Some(p), Some(weights)) => {
                        Some(Parts { values: [p.bce, p.dice_loss], weights })
                    }
                    _ => None,
                };
                Ok(Evaluated { eval, parts })
            }
            Objective::Compound(c) => {
                let e = c
                    .evaluate_batch(input, images, reduction, step_u32(step))
                    .map_err(|e| e.to_string())?;
                Ok(Evaluated {
                    eval: e.total,
                    parts: Some(Parts { values: e.values, weights: e.weights }),
                })
            }
            Objective::MultiClass(m) => {
                Err(format!("{} is a multi-class loss: it needs the multi-class data", m.loss))
            }
        }
    }
}

fn step_u32(step: usize) -> u32 {
    u32::try_from(step).unwrap_or(u32::MAX)
}
