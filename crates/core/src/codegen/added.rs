//! Code export of the losses of `losses-compound.md`.

use super::common::{Library, Note};
use crate::{BatchReduction, LossConfig};

/// The snippet of one of the added losses in `library`.
pub(super) fn snippet(
    config: &LossConfig,
    library: Library,
    r: BatchReduction,
    notes: &mut Vec<Note>,
) -> String {
    let _ = (library, r, notes);
    format!("# {}: code export comes with the next change\n", config.name())
}
