//! The geometry losses' cards (`losses-geometry.md`). Placeholder while the cards are written.

use super::parts::Formulas;
use losslab_core::LossConfig;

/// The card of a geometry loss.
pub(super) fn geometry(config: &LossConfig) -> Formulas {
    let text = format!("<p>{}</p>", config.name());
    Formulas { value: text.clone(), substituted: text.clone(), gradient: text, recomputed: None }
}
