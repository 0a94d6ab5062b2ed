//! The gradients view: each loss's per-pixel gradient over the scene, as small multiples, a
//! group at a time (the article's ten, the compound losses with the board's compound, the
//! geometry losses, all), and the geometry overlays (distance maps, skeletons) of the scene.
//!
//! Data flow: [`MapsState::settings`] (one `RwSignal<MapSettings>`: `∂L/∂z` or `∂L/∂p`,
//! linear or symmetric log, shared or per-loss range; keys `maps.*`) and the scene and loss
//! parameters of [`Lab`] feed one memo, [`maps_memo`], which evaluates every loss with the
//! core (`GradientMaps::evaluate`, one reused `Evaluation`) while the view is open. Each map
//! canvas is an effect that renders its loss's RGBA bytes (`GradientMaps::render`) at grid
//! resolution; CSS scales it up with nearest-neighbour sampling. Hovering a map sets the
//! hovered pixel; the read-out table shows `y`, `p` and every loss's gradients there.
//!
//! # Hooks for tests (beyond `testing-hooks.md`)
//! - `canvas[data-gradient-map="<loss>"]` (from the doc) inside `[data-map-card="<loss>"]`;
//!   the card's `[data-bg-share]` is that loss's background share of `Σ|∂L/∂z|` (claim C1)
//!   and `[data-map-max]` its own `max |g|` of the shown component, both full precision.
//! - `[data-maps-toggle="group" | "component" | "scaling" | "scale"]
//!   button[data-choice="<value>"]` switch the settings (`aria-pressed` marks the active one);
//!   values as in `maps.*`. `group` picks the maps: `article` (the article's ten, the
//!   default), `compound` (the seven of losses-compound.md and the board's compound, whose
//!   map is `canvas[data-gradient-map="compound"]`), `geometry` (the four of
//!   losses-geometry.md), `all`.
//! - `canvas[data-colorbar]` is the colour bar, with `data-max` (its end value; 1 in per-loss
//!   mode, where labels are in units of each map's maximum); `[data-colorbar-tick]` its
//!   labels, each with `data-value`.
//! - `[data-testid="maps-readout"]` has `data-row`/`data-col` of the hovered pixel (absent
//!   before any hover); inside, `[data-readout="y" | "p"]` and
//!   `tr[data-readout-loss="<loss>"] [data-grad="z" | "p"]` carry `data-value`. A focused map
//!   moves the read-out pixel with the arrow keys.
//! - `[data-pane="gradients"]` carries `data-eval-ms`: how long evaluating every loss's
//!   gradients took for the current picture.
//! - `[data-chart-panel="gradient-maps"] [data-export="png"]` downloads the small multiples,
//!   titles and colour bar as one PNG (from the doc).
//! - The geometry overlays below the read-out (`[data-panel="geometry-overlays"]`): see
//!   `gradients/geometry.rs`.

pub(super) mod colorbar;
mod geometry;
pub(super) mod map_card;
mod maps;
mod overlay_card;
mod png;
mod readout;

use super::hidpi::{export_scale, ExportScaleMenu};
use super::i18n::tr;
use super::state::Lab;
use colorbar::ColourBar;
use geometry::GeometryPanel;
use leptos::prelude::*;
use losslab_core::maps::{Component, MapGroup, MapSettings, ScaleMode, Scaling};
use map_card::MapCard;
use maps::{maps_memo, maps_state, shown};
use readout::HoverTable;

pub use maps::MapsState;

/// One group of mutually exclusive buttons bound to a setting.
#[component]
fn Toggle<T: Copy + PartialEq + Send + Sync + 'static>(
    /// `data-maps-toggle` and the group's name.
    name: &'static str,
    /// Label key of the group.
    label: &'static str,
    /// `(value, label key)` of each choice.
    choices: Vec<(T, &'static str)>,
    /// A value's name (`data-choice`), as in the `maps.*` settings.
    hook: fn(T) -> &'static str,
    /// Reads the setting.
    get: fn(&MapSettings) -> T,
    /// Writes the setting.
    set: fn(&mut MapSettings, T),
) -> impl IntoView {
    let state = maps_state();
    let buttons = choices
        .into_iter()
        .map(|(value, key)| {
            let on = move || state.settings.with(|s| get(s) == value);
            view! {
                <button type="button" data-choice=hook(value) class:active=on
                    aria-pressed=move || on().to_string()
                    on:click=move |_| state.settings.update(|s| set(s, value))>{tr(key)}</button>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <div class="maps-toggle" role="group" aria-label=tr(label) data-maps-toggle=name>
            <span class="maps-toggle-label">{tr(label)}</span>
            {buttons}
        </div>
    }
}

/// The gradients view's pane.
#[component]
pub fn GradientsView() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let scale = export_scale();
    let state = maps_state();
    let maps = maps_memo(lab, state);
    provide_context(maps);
    let error =
        move || maps.with(|m| m.0.as_ref().as_ref().err().filter(|e| !e.is_empty()).cloned());
    let group = Memo::new(move |_| state.settings.with(|s| s.group));
    // The group's cards, rebuilt when the group changes (the snapshot's maps follow it).
    let cards = move || {
        shown(group.get())
            .into_iter()
            .enumerate()
            .map(|(i, source)| view! { <MapCard index=i source=source /> })
            .collect::<Vec<_>>()
    };
    view! {
        <section class="pane maps-pane" data-pane="gradients" data-eval-ms=move || maps.with(|m| format!("{}", m.1))>
            <section class="maps-panel" data-chart-panel="gradient-maps">
                <header class="maps-head">
                    <div>
                        <h3>{tr("gradients.title")}</h3>
                        <p class="hint">{tr("gradients.intro")}</p>
                    </div>
                    <span class="maps-export">
                        <ExportScaleMenu />
                        <button type="button" data-export="png" title=tr("gradients.export_png_title")
                            on:click=move |_| png::export(lab, state, maps, f64::from(scale.get_untracked()))>{tr("gradients.export_png")}</button>
                    </span>
                </header>
                <div class="maps-toggles">
                    <Toggle name="group" label="gradients.group"
                        choices=vec![(MapGroup::Article, "gradients.group.article"), (MapGroup::Compound, "gradients.group.compound"), (MapGroup::Geometry, "gradients.group.geometry"), (MapGroup::All, "gradients.group.all")]
                        hook=MapGroup::as_str get=|s| s.group set=|s, v| s.group = v />
                    <Toggle name="component" label="gradients.component"
                        choices=vec![(Component::Logit, "gradients.component.z"), (Component::Prob, "gradients.component.p")]
                        hook=Component::as_str get=|s| s.component set=|s, v| s.component = v />
                    <Toggle name="scaling" label="gradients.scaling"
                        choices=vec![(Scaling::Linear, "gradients.scaling.linear"), (Scaling::SymLog, "gradients.scaling.symlog")]
                        hook=Scaling::as_str get=|s| s.scaling set=|s, v| s.scaling = v />
                    <Toggle name="scale" label="gradients.scale"
                        choices=vec![(ScaleMode::Shared, "gradients.scale.shared"), (ScaleMode::PerLoss, "gradients.scale.per_loss")]
                        hook=ScaleMode::as_str get=|s| s.scale_mode set=|s, v| s.scale_mode = v />
                </div>
                {move || error().map(|e| view! { <p class="error">{e}</p> })}
                <div class="maps-grid">{cards}</div>
                <ColourBar />
            </section>
            <HoverTable />
            <GeometryPanel />
        </section>
    }
}
