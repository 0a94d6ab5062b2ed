//! Where the gradient falls: the summary every evaluation carries, and the threshold that
//! splits target from background pixels. Its own file so that the fused pass (`kernel.rs`),
//! the losses and the evaluation all depend on it, and not on one another.

use crate::pixel::Pixel;
use serde::Serialize;

/// A target value at or above this counts as a target pixel in the gradient summary.
pub const TARGET_THRESHOLD: f64 = 0.5;

/// Where the gradient goes: the summary shown next to each loss.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct GradientSummary {
    /// `max |∂L/∂z|` over target pixels (`y ≥ 0.5`); 0 if there are none.
    pub max_abs_target: f64,
    /// `max |∂L/∂z|` over background pixels (`y < 0.5`); 0 if there are none.
    pub max_abs_background: f64,
    /// Share of `Σ |∂L/∂z|` that falls on background pixels, in [0, 1]; 0 if all are zero.
    pub background_share: f64,
    /// `Σ |∂L/∂z|` over every pixel: an image's weight in a batch's gradient (a data set's
    /// gradient shares). Not in `losslab eval`'s output.
    #[serde(skip)]
    pub abs_sum: f64,
}

impl GradientSummary {
    /// Summarises `grad_logit` against `target` (equal lengths).
    pub fn new<T: Pixel>(target: &[T], grad_logit: &[T]) -> GradientSummary {
        let (mut max_t, mut max_b, mut sum_t, mut sum_b) = (0.0f64, 0.0f64, 0.0, 0.0);
        for (&y, &g) in target.iter().zip(grad_logit) {
            let g = g.to_f64().abs();
            if y.to_f64() >= TARGET_THRESHOLD {
                max_t = max_t.max(g);
                sum_t += g;
            } else {
                max_b = max_b.max(g);
                sum_b += g;
            }
        }
        let total = sum_t + sum_b;
        GradientSummary {
            max_abs_target: max_t,
            max_abs_background: max_b,
            background_share: if total > 0.0 { sum_b / total } else { 0.0 },
            abs_sum: total,
        }
    }
}
