//! One file per loss (or family). Each kernel computes its sums from the soft counts, then
//! runs the fused pass of `crate::kernel` with its per-pixel rule; the pass fills both
//! gradients and the summary.

pub(crate) mod cross_entropy;
pub(crate) mod dice;
pub(crate) mod focal;
pub(crate) mod generalized_dice;
mod grads;
pub(crate) mod iou;
pub(crate) mod sensitivity_specificity;
pub(crate) mod tversky;

pub(crate) use grads::{Grads, Scalar};
