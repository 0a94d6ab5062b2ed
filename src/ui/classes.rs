//! The multi-class view: a scene with up to four classes (`losslab_core::scene::classes`),
//! its batch of companions, and a multi-class loss with its aggregation
//! (`multiclass.md`), evaluated on every edit.
//!
//! Data flow: [`ClassesCtx::settings`] (scene, companions, loss, aggregation: the link's
//! `mc.*` section) → the batch memo → the result memo (`McConfig::evaluate` on
//! `ClassBatch::buffers()`) → the table. Canvases are drawn by effects.
//!
//! # Hooks for tests
//! - `[data-testid="mc-preset"]`, `mc-classes`, `mc-grid`, `mc-seed`, `mc-background`: the
//!   generator and the background confidence; per class `input[data-mc-area="<c>"]`,
//!   `select[data-mc-shape="<c>"]`, `input[data-mc-confidence="<c>"]`,
//!   `input[data-mc-shift="<c>"]`, `input[data-mc-missing="<c>"]` (rows of classes beyond the
//!   count are hidden).
//! - `canvas[data-mc-layer="target"]` (painted with the brush: pointer, or arrows and
//!   Space) and `canvas[data-mc-layer="prediction"]`; the palette `[data-mc-class="<c>"]`
//!   (`aria-pressed`; 0 is the background, which erases), `mc-brush-size`, `mc-undo`,
//!   `mc-redo`, `mc-clear`, `mc-regenerate`.
//! - `[data-mc-thumb="<b>"][data-companion]` one per image, `mc-companion-<kind>` toggles,
//!   `[data-testid="mc-batch-note"]`.
//! - `mc-loss`, `mc-include-background`, `mc-batch`, `mc-absent`, `mc-activation`,
//!   `mc-class-reduction`; `[data-mc-value][data-value]`,
//!   `[data-mc-class-value="<c>"][data-unit="<u>"][data-value]`, `[data-testid="mc-error"]`
//!   (a setting the loss refuses, named).
//! - Empty slots for the integrator: `section[data-mc-slot="comparison" | "gradient-maps" |
//!   "class-size-sweep"]`.

mod batch;
mod context;
mod controls;
mod editor;
mod values;

pub use context::ClassesCtx;

use super::i18n::tr;
use leptos::prelude::*;

/// The whole view.
#[component]
pub fn ClassesView() -> impl IntoView {
    view! {
        <div class="mc-view" data-pane="classes">
            <p class="hint mc-intro">{tr("mc.intro")}</p>
            <div class="mc-top">
                <editor::Editor />
                <div class="mc-side">
                    <values::ValuesPanel />
                    <batch::BatchPanel />
                </div>
            </div>
            <controls::SceneControls />
            // SLOT (integrator): the comparison panel — MONAI per image / pooled, smp, the
            // article's Keras — with its `[data-compare=…][data-value]` hooks.
            <section class="mc-slot" data-mc-slot="comparison"></section>
            // SLOT (integrator): the per-class gradient maps, `canvas[data-mc-gradient-map=c]`.
            <section class="mc-slot" data-mc-slot="gradient-maps"></section>
            // SLOT (integrator): the class-size curve, `[data-chart-panel="class-size-sweep"]`.
            <section class="mc-slot" data-mc-slot="class-size-sweep"></section>
        </div>
    }
}
