//! The "Your data" view: import masks and predictions (PNG, .npy, NIfTI; files, a folder, a
//! `.zip`), see every loss on each pair by object size, open a pair in the scene, race on
//! the images. Everything stays in the page.
//!
//! Data flow: files (pickers, a drop) → [`DataCtx::import`] (read with the File API, a `.zip`
//! unpacked by `data::unzip`, each file decoded by `data::decode_within` within the import's
//! `data::Budget` and the set's `data::ValueCap` (what earlier imports hold counts), a
//! yield to the event loop between files) → the set (`model::DataSet`: decoded arrays, roles
//! from the folders or the picker) → `data::pair_files` over every import → each pair
//! evaluated by `data::evaluate_pair_with` with the board's losses and parameters (the
//! `Lab`'s), in slices with a yield between them (a pair of at most `model::ONE_STEP_VALUES`
//! values takes every loss in one step, a larger one a loss per step), kept in a cache until
//! a loss or the logits switch changes → `model::Results` (reports, gradient shares,
//! `data::Summary`) → the table, the lesson and the chart. A row opens its pair in the scene
//! through `scene::scene_from_data` (`open.rs`). The state lives in [`DataCtx`], provided at
//! the app's root: it outlives a tab switch, and the race reads [`DataCtx::training`].
//!
//! # Hooks for tests
//! - `[data-pane="data"]` is the view (`data-eval-ms`: the last evaluation's time, decoding
//!   excluded); dropping files or folders anywhere on it imports them.
//! - `input[data-testid="data-files"]` (several files, zips too), `input[data-testid=
//!   "data-folder"]` (`webkitdirectory`): roles from the folders (`targets/`, `preds/`,
//!   `images/`, …). `input[data-testid="data-targets"]`, `data-preds`, `data-images`: files
//!   of that role whatever their folders. Each input is opened by a button,
//!   `[data-testid="data-files-button"]` and so on, which also takes drops of its role.
//! - `[data-testid="data-logits"]` (checkbox): float predictions are logits.
//!   `[data-testid="data-clear"]` empties the set (and so frees the cap on decoded values).
//! - `[data-testid="data-limits"]`: the limits, stated up front; `data-max-values` is the cap
//!   on decoded values held over every import (`data::MAX_VALUES`).
//! - `[data-testid="data-progress"]`: `data-stage` (`idle`, `decoding`, `evaluating`),
//!   `data-done`, `data-total`.
//! - `[data-testid="data-errors"] li` with `data-file`: one refused file or pair each.
//! - Table rows `tr[data-image="<name>"]` (`data-target-pixels`, `data-bin` = the bin's
//!   key; a plane of a volume evaluated per slice is `<name>[z]`, with `data-slice-of`); in
//!   them `[data-loss="<loss>"]` cells with `data-value` (full precision) and `data-share`
//!   (the image's share of the loss's batch gradient, a fraction), `[data-metric="dice" |
//!   "iou" | "precision" | "recall"]` with `data-value`; `[data-testid="data-open"]` opens
//!   the row in the scene (Enter on a focused row too); `[data-testid="data-slice"]` (3-D
//!   rows) picks the plane that opens.
//! - Summary rows `tr[data-bin-row="<SizeBin::key>" | "all"]`, their cells as above (a loss
//!   cell's `data-share` is the bin's share).
//! - Sorting: `th[data-sort="<column>"]` (`name`, `size`, `object`, `share`, a loss,
//!   `metric-dice`, `metric-iou`, `metric-precision`, `metric-recall`) with `aria-sort`, a
//!   button inside.
//! - `select[data-testid="data-group"]` (`article`, `compound`, `geometry`, `all`),
//!   checkboxes `data-shares` (loss cells show shares), `data-grouped` (by size bin),
//!   `data-per-slice`.
//! - `[data-testid="data-lesson"]`: the gradient-share sentence; `[data-testid="data-chart"]`
//!   the chart's canvas; `[data-testid="data-note"]`: how the last opened pair was placed in
//!   the scene (`data-side`, `data-top`, `data-left`: the grid and the image pixel at its
//!   top-left corner, negative where padded).

mod chart;
mod context;
mod import_panel;
pub mod model;
mod open;
mod table;

pub use context::{DataCtx, Incoming, Progress, Source, Stage};

use super::i18n::tr;
use leptos::prelude::*;

/// The whole view.
#[component]
pub fn DataView() -> impl IntoView {
    let ctx = expect_context::<DataCtx>();
    let over = RwSignal::new(false);
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(true);
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        let read = context::dropped(&ev, None);
        leptos::task::spawn_local(async move { ctx.import(read.files().await) });
    };
    let has_rows = move || ctx.results.with(|r| !r.items.is_empty());
    let eval_ms = move || ctx.results.with(|r| format!("{}", r.eval_ms));
    view! {
        <section class="pane data-pane" class:drag-over=move || over.get() data-pane="data"
            data-eval-ms=eval_ms aria-labelledby="data-title"
            on:dragover=on_dragover on:dragleave=move |_| over.set(false) on:drop=on_drop>
            <h2 id="data-title" class="data-title">{tr("data.title")}</h2>
            <import_panel::ImportPanel />
            <import_panel::Status />
            <Show when=has_rows fallback=|| view! { <p class="data-empty hint">{tr("data.empty")}</p> }>
                <table::Controls />
                <table::Lesson />
                <table::DataTable />
                <chart::SizeChart />
            </Show>
            <open::Note />
        </section>
    }
}
