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

use super::i18n::{k, tr, I18n};
use super::learn::code::SnippetView;
use super::mc_panels::{BatchBuffers, ClassMaps, ClassSweepPanel, ComparePanel, MakeBatch};
use leptos::prelude::*;
use losslab_core::codegen::{mc_snippet, Library};
use losslab_core::params::multiclass::{
    Aggregation, DiceTerm, McConfig, McLoss, McLossName, RegionTerm,
};
use losslab_core::scene::classes::{tiniest_class, ClassBatch, Companions};
use std::rc::Rc;

/// What the multi-class snippets take.
fn mc_inputs(library: Library) -> &'static str {
    match library {
        Library::Keras => k("mc.code.inputs.keras"),
        _ => k("mc.code.inputs.torch"),
    }
}

/// The whole view.
#[component]
pub fn ClassesView() -> impl IntoView {
    let ctx = expect_context::<ClassesCtx>();
    let i18n = expect_context::<I18n>();
    // The batch the table evaluates, with the classes' names, for the panels.
    let buffers = Signal::derive_local(move || {
        let (shape, target, prob) = ctx.batch.with(ClassBatch::buffers);
        let class_names =
            (0..shape.classes).map(|c| i18n.t(editor::class_key(c)).to_string()).collect();
        Some(Rc::new(BatchBuffers { shape, target, prob, class_names }))
    });
    // The table's configuration; one the loss refuses (the table says why) falls back to
    // plain Dice so the maps still show something sensible.
    let config = Signal::derive(move || {
        ctx.settings.with(|s| {
            s.config().unwrap_or_else(|_| McConfig {
                name: McLossName::Dice,
                loss: McLoss::Region(RegionTerm::Dice(DiceTerm {
                    smooth_nr: 1.0,
                    smooth_dr: 1.0,
                    squared: false,
                })),
                aggregation: Aggregation::default(),
                classes: s.scene.channels(),
            })
        })
    });
    let images = move || ctx.batch.with(|b| b.images().len());
    let image = RwSignal::new(0usize);
    Effect::new(move |_| {
        if image.get_untracked() >= images() {
            image.set(0);
        }
    });
    let map_image = Signal::derive(move || image.get().min(images().saturating_sub(1)));
    // The class swept by the curve: the tiniest present class unless chosen.
    let chosen = RwSignal::new(None::<usize>);
    let swept = Signal::derive(move || {
        ctx.settings.with(|s| {
            let classes = s.scene.classes();
            chosen
                .get()
                .filter(|c| (1..=classes).contains(c))
                .or_else(|| tiniest_class(&s.scene))
                .unwrap_or(classes.min(2))
        })
    });
    let channels = Signal::derive(move || ctx.settings.with(|s| s.scene.channels()));
    // The current image alone with the swept class at `area`: the curve's batch.
    let make_batch = Signal::derive_local(move || {
        let scene = ctx.settings.with(|s| s.scene.clone());
        let c = swept.get();
        let make: MakeBatch = Rc::new(move |area| {
            let mut one = scene.clone();
            one.set_area(c, area);
            ClassBatch::new(&one, Companions::default()).buffers()
        });
        Some(make)
    });
    let image_options = move || {
        ctx.batch.with(|b| {
            b.images()
                .iter()
                .enumerate()
                .map(|(i, im)| {
                    let name = batch::kind_key(im.kind);
                    view! { <option value=i.to_string()>{move || format!("{} · {}", i, i18n.t(name))}</option> }
                })
                .collect_view()
        })
    };
    let class_options = move || {
        let classes = ctx.settings.with(|s| s.scene.classes());
        (1..=classes)
            .map(|c| view! { <option value=c.to_string()>{move || i18n.t(editor::class_key(c))}</option> })
            .collect_view()
    };
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
            <section class="mc-slot" data-mc-slot="comparison">
                <ComparePanel batch=buffers />
            </section>
            <section class="mc-slot" data-mc-slot="gradient-maps">
                <label class="inline">{tr("mc.panel.map_image")} " "
                    <select data-testid="mc-map-image" prop:value=move || map_image.get().to_string()
                        on:change=move |ev| image.set(event_target_value(&ev).parse().unwrap_or(0))>
                        {image_options}
                    </select>
                </label>
                <ClassMaps batch=buffers config=config image=map_image />
            </section>
            <section class="mc-slot" data-mc-slot="class-size-sweep">
                <label class="inline">{tr("mc.panel.swept")} " "
                    <select data-testid="mc-swept-class" prop:value=move || swept.get().to_string()
                        on:change=move |ev| chosen.set(event_target_value(&ev).parse().ok())>
                        {class_options}
                    </select>
                </label>
                <ClassSweepPanel make_batch=make_batch swept=swept classes=channels />
            </section>
            <section class="mc-slot" data-mc-slot="code">
                <h3>{tr("mc.panel.code")}</h3>
                <p class="hint">{tr("mc.panel.code_hint")}</p>
                <div class="mc-code">
                    {Library::ALL.into_iter().map(|library| {
                        let snippet = Memo::new(move |_| ctx.settings.with(|s| s.config().ok()).map(|c| mc_snippet(&c, library)));
                        let reduction = Memo::new(move |_| config.with(|c| c.aggregation.batch));
                        view! { <div data-mc-code=library.as_str()><SnippetView library=library snippet=snippet reduction=reduction inputs=mc_inputs(library) /></div> }
                    }).collect_view()}
                </div>
            </section>
        </div>
    }
}
