//! The geometry losses (`losses-geometry.md`) as plain PyTorch. Placeholder while the
//! snippets are written.

use crate::{BatchReduction, LossConfig};

/// The torch snippet of a geometry loss.
pub(super) fn geometry(config: &LossConfig, _r: BatchReduction) -> String {
    format!("# {}: code export not written yet\n", config.name())
}
