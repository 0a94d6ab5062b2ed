//! Three self-contained panels of the multi-class view (issue 18), each fed by plain signals
//! so the view can place them in its slots whatever its own types are:
//!
//! - [`ComparePanel`]: one batch's "Dice loss" as MONAI (`batch=False`, `batch=True`), smp
//!   and the article's Keras code compute it with their defaults, side by side
//!   (`losslab_core::multiclass::compare`);
//! - [`ClassMaps`]: the per-channel gradient maps of one image of the batch under the current
//!   `McConfig`, one shared colour scale (the gradients view's ramp, ticks and RGBA
//!   rendering from `losslab_core::maps`), with a hover and keyboard read-out;
//! - [`ClassSweepPanel`]: the class-size sweep (`losslab_core::multiclass::sweep`), run a few
//!   milliseconds per animation frame and drawn by `losslab_charts` as chart
//!   `class-size-sweep`, exportable as PNG, SVG and CSV.
//!
//! Data flow: the inputs are signals; what is computed from them is a memo (the comparison,
//! the maps' evaluation) or the sweep's driver (`sweep_run.rs`, the one writer of its output
//! signals); effects only draw canvases. Signals holding an `Rc` are `LocalStorage` ones
//! (`Signal::derive_local`, `RwSignal::new_local`): an `Rc` is not `Send`.
//!
//! # Hooks
//! - Comparison: `[data-testid="mc-compare"]`; each row `[data-compare-row="<library>"]` holds
//!   `[data-compare="<library>"][data-value]` (full precision; `<library>` is
//!   `monai-per-image`, `monai-pooled`, `smp`, `keras-article`), `data-rank="lowest" |
//!   "highest"` on the extremes; `[data-compare-spread][data-value]` is max − min;
//!   `[data-compare-error]` the message of a refused batch (its `data-field` names the field).
//! - Maps: `[data-testid="mc-maps"]`; `canvas[data-mc-gradient-map="<c>"]` per channel inside
//!   `[data-mc-map-card="<c>"]` (`data-kept="true" | "false"`, `data-max` the channel's max
//!   |g| of the shown component); `[data-mc-maps-toggle="component" | "scaling"]
//!   button[data-choice]` (`z`/`p`, `linear`/`symlog`, `aria-pressed`); `canvas[data-colorbar]`
//!   with `data-max` and `[data-colorbar-tick][data-value]`; `[data-testid="mc-maps-readout"]`
//!   with `data-row`/`data-col`, its rows `tr[data-mc-readout-class="<c>"]` with
//!   `[data-readout="y" | "p"]` and `[data-grad="z" | "p"]`, each `data-value`;
//!   `[data-mc-maps-error]` when the batch or the loss is refused.
//! - Sweep: `[data-chart-panel="class-size-sweep"]` with `canvas[data-chart="class-size-sweep"]`,
//!   `[data-export="png" | "svg" | "csv"]`, `[data-chart-status="class-size-sweep"]`
//!   (`data-state` `computing` / `ready`, `data-draws`), `progress[data-chart-progress]`,
//!   `[data-readout="class-size-sweep"]` rows `[data-readout-row][data-x][data-y]`.

mod batch;
mod compare;
mod image_maps;
mod maps;
mod maps_readout;
mod sweep;
mod sweep_run;

pub use batch::BatchBuffers;
pub use compare::ComparePanel;
pub use maps::ClassMaps;
pub use sweep::{ClassSweepPanel, MakeBatch};
