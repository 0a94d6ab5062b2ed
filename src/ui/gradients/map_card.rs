//! One small multiple: a loss's gradient map, its title in the loss's colour, its own
//! maximum and its background share of the gradient (claim C1).

use super::super::canvas::put_rgba;
use super::super::format::{derived, percent};
use super::super::i18n::{fill, tr, I18n};
use super::maps::{maps_state, Snapshot};
use leptos::html;
use leptos::prelude::*;
use losslab_core::maps::{text_on, Component, MapSource};
use web_sys::{HtmlCanvasElement, PointerEvent};

/// `name` with a line-break opportunity after each underscore.
fn breakable(name: &'static str) -> Vec<AnyView> {
    let mut parts = Vec::new();
    for (i, piece) in name.split_inclusive('_').enumerate() {
        if i > 0 {
            parts.push(view! { <wbr /> }.into_any());
        }
        parts.push(piece.into_any());
    }
    parts
}

/// Draws map `index` of `snapshot` into `canvas` at grid resolution.
fn draw(
    snapshot: &Snapshot,
    index: usize,
    settings: &losslab_core::maps::MapSettings,
    canvas: &HtmlCanvasElement,
    buf: &mut Vec<u8>,
) -> Option<()> {
    let maps = snapshot.0.as_ref().as_ref().ok()?;
    maps.render(index, settings, buf);
    let side = maps.side as u32;
    if buf.len() != 4 * (side * side) as usize {
        return None;
    }
    put_rgba(canvas, buf, side, side).ok()
}

/// The grid pixel `(row, col)` under a pointer, if inside (the canvas has no border: its
/// frame is a box shadow, so the bounding box is the picture).
pub(crate) fn pixel_at(
    canvas: &HtmlCanvasElement,
    ev: &PointerEvent,
    side: usize,
) -> Option<(usize, usize)> {
    let rect = canvas.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    let col = (ev.client_x() as f64 - rect.left()) / rect.width() * side as f64;
    let row = (ev.client_y() as f64 - rect.top()) / rect.height() * side as f64;
    let inside = (0.0..side as f64).contains(&col) && (0.0..side as f64).contains(&row);
    inside.then_some((row as usize, col as usize))
}

/// The map of `source` (a loss or the compound), the `index`-th of the snapshot.
#[component]
pub fn MapCard(index: usize, source: MapSource) -> impl IntoView {
    let state = maps_state();
    let maps = expect_context::<Memo<Snapshot>>();
    let canvas = NodeRef::<html::Canvas>::new();
    let buffer = StoredValue::new_local(Vec::<u8>::new());
    Effect::new(move |_| {
        let settings = state.settings.get();
        let Some(el) = canvas.get() else { return };
        maps.with(|snapshot| {
            buffer.try_update_value(|buf| draw(snapshot, index, &settings, &el, buf))
        });
    });
    let side = Memo::new(move |_| maps.with(|m| m.0.as_ref().as_ref().map_or(1, |m| m.side)));
    let figure = move |f: fn(&losslab_core::maps::LossMap, Component) -> f64| {
        let component = state.settings.with(|s| s.component);
        maps.with(|m| {
            m.0.as_ref().as_ref().ok().and_then(|m| m.maps.get(index)).map(|m| f(m, component))
        })
        .unwrap_or(f64::NAN)
    };
    let max = move || figure(|m, c| m.max_abs(c));
    let share = move || figure(|m, _| m.summary.background_share);
    let on_move = move |ev: PointerEvent| {
        let Some(el) = canvas.get_untracked() else { return };
        if let Some(pixel) = pixel_at(&el, &ev, side.get_untracked()) {
            if state.hover.get_untracked() != Some(pixel) {
                state.hover.set(Some(pixel));
            }
        }
    };
    // Keyboard: a focused map moves the read-out's pixel with the arrow keys.
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let n = side.get_untracked();
        let (row, col) = state.hover.get_untracked().unwrap_or((n / 2, n / 2));
        let step = |v: usize, d: isize| (v as isize + d).clamp(0, n as isize - 1) as usize;
        let moved = match ev.key().as_str() {
            "ArrowUp" => (step(row, -1), col),
            "ArrowDown" => (step(row, 1), col),
            "ArrowLeft" => (row, step(col, -1)),
            "ArrowRight" => (row, step(col, 1)),
            _ => return,
        };
        ev.prevent_default();
        state.hover.set(Some(moved));
    };
    let on_focus = move |_| {
        if state.hover.get_untracked().is_none() {
            let n = side.get_untracked();
            state.hover.set(Some((n / 2, n / 2)));
        }
    };
    // The hovered pixel, outlined on every map at once.
    let marker = move || {
        let (row, col) = state.hover.get()?;
        let side = side.get();
        if row >= side || col >= side {
            return None; // hovered on a larger grid than the current one
        }
        let n = side as f64;
        let cell = 100.0 / n;
        Some(format!(
            "left: {}%; top: {}%; width: {cell}%; height: {cell}%",
            col as f64 * cell,
            row as f64 * cell
        ))
    };
    let name = source;
    let rgb = name.rgb();
    let title_style = format!("background: {}; color: {}", name.css_color(), text_on(rgb));
    let i18n = expect_context::<I18n>();
    let symbol = move || match state.settings.with(|s| s.component) {
        Component::Logit => i18n.t("gradients.max_z"),
        Component::Prob => i18n.t("gradients.max_p"),
    };
    let label = move || fill(i18n.t("gradients.map_label"), &[("loss", name.as_str())]);
    view! {
        <figure class="maps-card" data-map-card=name.as_str() style=format!("--loss: {}", name.css_color())>
            <figcaption>
                <code class="maps-name" style=title_style>{breakable(name.as_str())}</code>
            </figcaption>
            <div class="maps-frame">
                <canvas node_ref=canvas class="maps-canvas" data-gradient-map=name.as_str()
                    width=move || side.get() height=move || side.get()
                    role="img" aria-label=label
                    tabindex="0" on:keydown=on_key on:focus=on_focus
                    on:pointermove=on_move on:pointerdown=on_move></canvas>
                <div class="maps-marker" aria-hidden="true" hidden=move || marker().is_none()
                    style=move || marker().unwrap_or_default()></div>
            </div>
            <div class="maps-figures">
                <span title=symbol>{tr("gradients.max")}</span>
                <b data-map-max=move || format!("{}", max())>{move || derived(max()).replace('-', "−")}</b>
                <span title=tr("gradients.bg_share_title")>{tr("gradients.bg")}</span>
                <b data-bg-share=move || format!("{}", share())>
                    <span class="maps-share-bar"><span style=move || format!("width: {}%", 100.0 * share().clamp(0.0, 1.0))></span></span>
                    {move || percent(share())}
                </b>
            </div>
        </figure>
    }
}
