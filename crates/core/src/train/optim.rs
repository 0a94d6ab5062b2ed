//! The optimisers: SGD with momentum, and Adam (Kingma & Ba 2015), on flat `f32` vectors.

use serde::{Deserialize, Serialize};

/// Which optimiser trains every network of the race.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Optimizer {
    /// SGD with momentum 0.9: `v ← 0.9·v + g`, `θ ← θ − lr·v` (PyTorch's form).
    Sgd,
    /// Adam with β₁ = 0.9, β₂ = 0.999, ε = 1e-8 and bias correction.
    Adam,
}

impl Optimizer {
    /// Its name in settings and links.
    pub fn as_str(self) -> &'static str {
        match self {
            Optimizer::Sgd => "sgd",
            Optimizer::Adam => "adam",
        }
    }

    /// Parses [`Optimizer::as_str`].
    pub fn parse(text: &str) -> Option<Optimizer> {
        [Optimizer::Sgd, Optimizer::Adam].into_iter().find(|o| o.as_str() == text)
    }
}

/// SGD momentum.
pub const MOMENTUM: f32 = 0.9;
const BETA1: f32 = 0.9;
const BETA2: f32 = 0.999;
const ADAM_EPS: f32 = 1e-8;

/// The optimiser's state for one parameter vector.
#[derive(Debug, Clone, PartialEq)]
pub struct OptimState {
    kind: Optimizer,
    first: Vec<f32>,
    second: Vec<f32>,
    steps: i32,
}

impl OptimState {
    /// A fresh state for `len` parameters.
    pub fn new(kind: Optimizer, len: usize) -> OptimState {
        let second = if kind == Optimizer::Adam { vec![0.0; len] } else { Vec::new() };
        OptimState { kind, first: vec![0.0; len], second, steps: 0 }
    }

    /// One update of `params` against `grad` with learning rate `lr`.
    pub fn update(&mut self, params: &mut [f32], grad: &[f32], lr: f32) {
        self.steps = self.steps.saturating_add(1);
        match self.kind {
            Optimizer::Sgd => {
                for ((p, &g), v) in params.iter_mut().zip(grad).zip(self.first.iter_mut()) {
                    *v = MOMENTUM * *v + g;
                    *p -= lr * *v;
                }
            }
            Optimizer::Adam => {
                let c1 = 1.0 - BETA1.powi(self.steps);
                let c2 = 1.0 - BETA2.powi(self.steps);
                let step = lr * c2.sqrt() / c1;
                for (((p, &g), m), v) in params
                    .iter_mut()
                    .zip(grad)
                    .zip(self.first.iter_mut())
                    .zip(self.second.iter_mut())
                {
                    *m = BETA1 * *m + (1.0 - BETA1) * g;
                    *v = BETA2 * *v + (1.0 - BETA2) * g * g;
                    *p -= step * *m / (v.sqrt() + ADAM_EPS * c2.sqrt());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Adam's first step moves every parameter by `lr·sign(g)` (m̂ = g, v̂ = g²).
    #[test]
    fn adam_first_step_is_lr_times_sign() {
        let mut s = OptimState::new(Optimizer::Adam, 3);
        let mut p = [1.0f32, 1.0, 1.0];
        s.update(&mut p, &[0.5, -2.0, 1e-3], 0.1);
        for (got, want) in p.iter().zip([0.9f32, 1.1, 0.9]) {
            assert!((got - want).abs() < 1e-5, "{got} vs {want}");
        }
    }

    /// SGD with momentum by hand: v₁ = g, θ₁ = 1 − 0.1·1; v₂ = 0.9 + 1, θ₂ = 0.9 − 0.19.
    #[test]
    fn sgd_momentum_by_hand() {
        let mut s = OptimState::new(Optimizer::Sgd, 1);
        let mut p = [1.0f32];
        s.update(&mut p, &[1.0], 0.1);
        assert!((p[0] - 0.9).abs() < 1e-6);
        s.update(&mut p, &[1.0], 0.1);
        assert!((p[0] - 0.71).abs() < 1e-6);
    }
}
