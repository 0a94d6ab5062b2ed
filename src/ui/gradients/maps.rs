//! The gradients view's state: its settings and hovered pixel ([`MapsState`]), the memo
//! of every loss's gradients on the scene ([`maps_memo`], a [`Snapshot`]) and that of the
//! geometry overlays ([`overlays_memo`], an [`OverlaySnapshot`]). Its own file so that
//! the view and its parts (map cards, colour bar, read-out, PNG export) all depend on it, and
//! not on one another.

use super::super::state::{slot, Lab};
use leptos::prelude::*;
use losslab_core::maps::{GradientMaps, MapGroup, MapSettings, MapSource};
use losslab_core::overlay::{OverlayKind, OverlaySettings, Overlays};
use losslab_core::{Evaluation, Loss};
use std::sync::Arc;

/// The view's settings and hovered pixel. Created once for the page (see [`maps_state`]), so
/// the settings survive switching tabs and can travel in the page link.
#[derive(Clone, Copy)]
pub struct MapsState {
    /// Every setting of the view, in one signal (`MapSettings::pairs` / `apply`).
    pub settings: RwSignal<MapSettings>,
    /// The pixel `(row, col)` under the pointer, or the last one hovered.
    pub hover: RwSignal<Option<(usize, usize)>>,
    /// The geometry overlays' settings (keys `overlays.*`).
    pub overlays: RwSignal<OverlaySettings>,
    /// The overlay and pixel `(row, col)` last hovered on the geometry overlays.
    pub overlay_hover: RwSignal<Option<(OverlayKind, usize, usize)>>,
}

impl MapsState {
    /// Default settings (the overlays' too), nothing hovered.
    pub fn new() -> MapsState {
        MapsState {
            settings: RwSignal::new(MapSettings::default()),
            hover: RwSignal::new(None),
            overlays: RwSignal::new(OverlaySettings::default()),
            overlay_hover: RwSignal::new(None),
        }
    }
}

impl Default for MapsState {
    fn default() -> Self {
        MapsState::new()
    }
}

/// The page's [`MapsState`]: the one in context, or a new one provided here.
pub fn maps_state() -> MapsState {
    use_context::<MapsState>().unwrap_or_else(|| {
        let state = MapsState::new();
        provide_context(state);
        state
    })
}

/// One evaluation of every loss's gradients (or why there is none), and how long it took in
/// milliseconds (0 where no clock is available). Equal only to itself: a new evaluation is a
/// new picture, and comparing millions of numbers to find out would cost more than drawing.
#[derive(Clone, Debug)]
pub struct Snapshot(pub Arc<Result<GradientMaps, String>>, pub f64);

impl PartialEq for Snapshot {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The gradients of the shown group's losses (and of the board's compound, where the group
/// shows it) on the current scene, recomputed when the scene, a parameter, the compound or
/// the group changes (only while something reads it). Map `k` of the snapshot is the `k`-th
/// of [`shown`].
pub fn maps_memo(lab: Lab, state: MapsState) -> Memo<Snapshot> {
    let scratch = StoredValue::new(Evaluation::<f64>::new());
    let clock = window().performance();
    let now = move || clock.as_ref().map_or(0.0, |p| p.now());
    Memo::new(move |_| {
        let group = state.settings.with(|s| s.group);
        let losses: Vec<Loss> = group.losses().iter().map(|&l| lab.losses[slot(l)].get()).collect();
        let compound = group.shows_compound().then(|| {
            let spec = lab.compound.get();
            spec.build(|name| lab.config(name).get())
        });
        let start = now();
        let maps = lab.scene.with(|s| {
            scratch
                .try_update_value(|ev| {
                    let mut maps =
                        GradientMaps::evaluate(s.side(), s.target(), s.prob(), &losses, ev)
                            .map_err(|e| e.to_string())?;
                    if let Some(compound) = compound {
                        let compound = compound.map_err(|e| e.to_string())?;
                        maps.push_compound(&compound).map_err(|e| e.to_string())?;
                    }
                    Ok(maps)
                })
                .unwrap_or_else(|| Err(String::new())) // disposed: nothing to show
        });
        Snapshot(Arc::new(maps), now() - start)
    })
}

/// The maps `group` shows, in order: its losses, then the compound where it has one.
pub fn shown(group: MapGroup) -> Vec<MapSource> {
    let mut list: Vec<MapSource> = group.losses().iter().map(|&l| MapSource::Loss(l)).collect();
    if group.shows_compound() {
        list.push(MapSource::Compound);
    }
    list
}

/// The overlays of the current scene (or why there are none). Equal only to itself, as the
/// maps' `Snapshot`.
#[derive(Clone, Debug)]
pub struct OverlaySnapshot(pub Arc<Result<Overlays, String>>);

impl PartialEq for OverlaySnapshot {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// The four overlays of the scene, recomputed on every edit of the scene and every change of
/// the iterations (only while something reads it).
pub fn overlays_memo(lab: Lab, state: MapsState) -> Memo<OverlaySnapshot> {
    Memo::new(move |_| {
        let iterations = state.overlays.with(|s| s.iterations);
        let result = lab.scene.with(|s| {
            Overlays::compute(s.side(), s.target(), s.prob(), iterations).map_err(|e| e.to_string())
        });
        OverlaySnapshot(Arc::new(result))
    })
}
