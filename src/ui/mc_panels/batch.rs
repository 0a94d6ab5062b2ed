//! The batch the panels read: its own file so the panels and `mc_panels.rs`, which
//! re-exports it, point one way.

use losslab_core::multiclass::McShape;

/// One batch as the engine reads it: row-major `[B, C, H, W]` targets and probabilities, and
/// each channel's name (background first) for labels.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchBuffers {
    /// The batch's shape.
    pub shape: McShape,
    /// The targets, `shape.len()` values in `[0, 1]`.
    pub target: Vec<f64>,
    /// The probabilities, `shape.len()` values (softmax: each pixel's sum to 1).
    pub prob: Vec<f64>,
    /// A name per channel (`shape.classes`; missing ones are shown as their index).
    pub class_names: Vec<String>,
}

impl BatchBuffers {
    /// The name of channel `c` (its index if the batch has no name for it).
    pub fn class_name(&self, c: usize) -> String {
        self.class_names.get(c).cloned().unwrap_or_else(|| c.to_string())
    }
}
