//! One geometry overlay: its canvas at grid resolution (one canvas pixel per grid pixel,
//! scaled up by CSS without smoothing, like the gradient maps), its colour bar with ticks in
//! pixels, and its note for the degenerate scenes (empty or full target, no prediction).

use super::super::canvas::put_rgba;
use super::super::format::{derived, full};
use super::super::i18n::{fill, k, tr, I18n};
use super::colorbar::tick_label;
use super::map_card::pixel_at;
use super::maps::{maps_state, OverlaySnapshot};
use leptos::html;
use leptos::prelude::*;
use losslab_core::overlay::{Note, OverlayKind, OverlayScale, Palette};
use web_sys::PointerEvent;

/// Columns of a colour bar's canvas (CSS stretches it).
const BAR_COLUMNS: usize = 256;

/// The title, the formula line and the unit caption keys of `kind`.
fn keys(kind: OverlayKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        OverlayKind::TargetSdm => {
            (k("overlays.target_sdm"), k("overlays.target_sdm.what"), k("overlays.unit.sdm"))
        }
        OverlayKind::PredDistance => (
            k("overlays.pred_distance"),
            k("overlays.pred_distance.what"),
            k("overlays.unit.distance"),
        ),
        OverlayKind::TargetSkeleton => (
            k("overlays.target_skeleton"),
            k("overlays.target_skeleton.what"),
            k("overlays.unit.skeleton"),
        ),
        OverlayKind::PredSkeleton => (
            k("overlays.pred_skeleton"),
            k("overlays.pred_skeleton.what"),
            k("overlays.unit.skeleton"),
        ),
    }
}

/// The key of a note's text.
fn note_key(note: Note) -> &'static str {
    match note {
        Note::EmptyTarget => k("overlays.note.empty_target"),
        Note::PhantomTarget => k("overlays.note.phantom"),
        Note::NoForeground => k("overlays.note.no_foreground"),
        Note::AllForeground => k("overlays.note.all_foreground"),
        Note::EmptySkeleton => k("overlays.note.empty_skeleton"),
    }
}

/// The title of `kind`, translated (the read-out's rows use it too).
pub fn title(i18n: I18n, kind: OverlayKind) -> &'static str {
    i18n.t(keys(kind).0)
}

/// A value with its unit: `1.41 px` for a distance, the bare number for a skeleton.
pub fn with_unit(i18n: I18n, kind: OverlayKind, v: f64) -> String {
    let number = derived(v).replace('-', "−");
    if kind.in_pixels() {
        fill(i18n.t("overlays.px_value"), &[("v", &number)])
    } else {
        number
    }
}

/// What the card shows beside its canvas, from the snapshot.
#[derive(Debug, Clone, PartialEq)]
struct Figures {
    side: usize,
    max_abs: f64,
    scale: OverlayScale,
    note: Option<Note>,
}

/// The overlay `kind` of the current snapshot.
#[component]
pub fn OverlayCard(kind: OverlayKind) -> impl IntoView {
    let state = maps_state();
    let overlays = expect_context::<Memo<OverlaySnapshot>>();
    let i18n = expect_context::<I18n>();
    let canvas = NodeRef::<html::Canvas>::new();
    let bar = NodeRef::<html::Canvas>::new();
    let buffer = StoredValue::new_local(Vec::<u8>::new());
    Effect::new(move |_| {
        let Some(el) = canvas.get() else { return };
        overlays.with(|snapshot| {
            let Ok(o) = snapshot.0.as_ref() else { return };
            buffer.try_update_value(|buf| {
                o.render(kind, buf);
                let side = o.side as u32;
                if buf.len() == 4 * (side * side) as usize {
                    let _ = put_rgba(&el, buf, side, side);
                }
            });
        });
    });
    let figures = Memo::new(move |_| {
        overlays.with(|s| {
            s.0.as_ref().as_ref().ok().map(|o| {
                let layer = o.layer(kind);
                Figures {
                    side: o.side,
                    max_abs: layer.max_abs,
                    scale: layer.scale,
                    note: layer.note,
                }
            })
        })
    });
    let side = Memo::new(move |_| figures.with(|f| f.as_ref().map_or(1, |f| f.side)));
    let scale = Memo::new(move |_| figures.with(|f| f.as_ref().map(|f| f.scale)));
    // The bar depends only on the palette: drawn when the canvas mounts.
    let palette = match kind {
        OverlayKind::TargetSdm => Palette::Diverging,
        OverlayKind::PredDistance => Palette::Sequential,
        _ => Palette::Skeleton,
    };
    Effect::new(move |_| {
        if let Some(el) = bar.get() {
            let ramp = OverlayScale { low: -1.0, high: 1.0, palette }.bar_rgba(BAR_COLUMNS);
            let _ = put_rgba(&el, &ramp, BAR_COLUMNS as u32, 1);
        }
    });
    let max = move || figures.with(|f| f.as_ref().map_or(f64::NAN, |f| f.max_abs));
    let on_move = move |ev: PointerEvent| {
        let Some(el) = canvas.get_untracked() else { return };
        if let Some((row, col)) = pixel_at(&el, &ev, side.get_untracked()) {
            if state.overlay_hover.get_untracked() != Some((kind, row, col)) {
                state.overlay_hover.set(Some((kind, row, col)));
            }
        }
    };
    // Keyboard: a focused overlay moves the read-out's pixel with the arrow keys.
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let n = side.get_untracked();
        let (row, col) = state.overlay_hover.get_untracked().map_or((n / 2, n / 2), |h| (h.1, h.2));
        let step = |v: usize, d: isize| (v as isize + d).clamp(0, n as isize - 1) as usize;
        let moved = match ev.key().as_str() {
            "ArrowUp" => (step(row, -1), col),
            "ArrowDown" => (step(row, 1), col),
            "ArrowLeft" => (row, step(col, -1)),
            "ArrowRight" => (row, step(col, 1)),
            _ => return,
        };
        ev.prevent_default();
        state.overlay_hover.set(Some((kind, moved.0, moved.1)));
    };
    let on_focus = move |_| {
        let n = side.get_untracked();
        let (row, col) = state.overlay_hover.get_untracked().map_or((n / 2, n / 2), |h| (h.1, h.2));
        state.overlay_hover.set(Some((kind, row, col)));
    };
    // The hovered pixel, outlined on every overlay at once.
    let marker = move || {
        let (_, row, col) = state.overlay_hover.get()?;
        let side = side.get();
        if row >= side || col >= side {
            return None;
        }
        let cell = 100.0 / side as f64;
        Some(format!(
            "left: {}%; top: {}%; width: {cell}%; height: {cell}%",
            col as f64 * cell,
            row as f64 * cell
        ))
    };
    let ticks = move || {
        let Some(scale) = scale.get() else { return Vec::new() };
        let ticks = scale.ticks();
        let last = ticks.len().saturating_sub(1);
        ticks
            .into_iter()
            .enumerate()
            .map(|(i, t)| {
                let number = tick_label(t.value);
                let label = if i == last && kind.in_pixels() && t.value != 0.0 {
                    fill(i18n.t("overlays.px_value"), &[("v", &number)])
                } else {
                    number
                };
                view! {
                    <span class="maps-tick" style=format!("left: {}%", 100.0 * t.at)
                        data-overlay-tick="" data-value=full(t.value)>{label}</span>
                }
            })
            .collect::<Vec<_>>()
    };
    let (title_key, what_key, unit_key) = keys(kind);
    let note = move || {
        let note = figures.with(|f| f.as_ref().and_then(|f| f.note))?;
        Some(
            view! { <p class="note overlay-note" data-overlay-note=note.as_str()>{move || i18n.t(note_key(note))}</p> },
        )
    };
    let label = move || fill(i18n.t("overlays.canvas_label"), &[("name", i18n.t(title_key))]);
    view! {
        <figure class="maps-card overlay-card" data-overlay-card=kind.as_str()>
            <figcaption class="overlay-caption">
                <b>{tr(title_key)}</b>
                <span class="hint">{tr(what_key)}</span>
            </figcaption>
            <div class="maps-frame">
                <canvas node_ref=canvas class="maps-canvas" data-overlay=kind.as_str()
                    data-max=move || full(max())
                    width=move || side.get() height=move || side.get()
                    role="img" aria-label=label tabindex="0"
                    on:keydown=on_key on:focus=on_focus
                    on:pointermove=on_move on:pointerdown=on_move></canvas>
                <div class="maps-marker" aria-hidden="true" hidden=move || marker().is_none()
                    style=move || marker().unwrap_or_default()></div>
            </div>
            <div class="overlay-bar-wrap">
                <canvas node_ref=bar class="maps-bar" width=BAR_COLUMNS height="1"
                    data-overlay-bar=kind.as_str() role="img"
                    aria-label=move || fill(i18n.t("overlays.bar_label"), &[("name", i18n.t(title_key))])></canvas>
                <div class="maps-ticks">{ticks}</div>
            </div>
            <p class="overlay-unit">{tr(unit_key)} " · " {tr("overlays.max")} " "
                <b>{move || with_unit(i18n, kind, max())}</b></p>
            {note}
        </figure>
    }
}
