//! One file per loss (or family). A local or region loss computes its sums from the soft
//! counts, then runs the fused pass of `crate::kernel` with its per-pixel rule; the pass fills
//! both gradients and the summary. The logit-native losses (`compound.rs`' Dice + CE and
//! Dice + focal, `ranking.rs`) run on the logits `logit.rs` prepares, the ranking ones with an
//! order from `crate::order`. The geometry losses
//! (`geometry.rs`) build distance maps and soft skeletons per image plane (`crate::geometry`).

pub(crate) mod compound;
pub(crate) mod cross_entropy;
pub(crate) mod dice;
pub(crate) mod focal;
pub(crate) mod generalized_dice;
pub(crate) mod geometry;
pub(crate) mod grads;
pub(crate) mod iou;
pub(crate) mod logit;
pub(crate) mod ranking;
pub(crate) mod sensitivity_specificity;
pub(crate) mod tversky;

pub(crate) use grads::{Grads, Scalar};
