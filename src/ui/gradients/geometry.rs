//! The geometry overlays, beside the gradient maps: what the geometry losses see in the
//! scene — the target's signed distance map (the boundary loss's `φ`), the prediction's
//! distance field (Hausdorff-DT's `F` of `p > 0.5`) and the soft skeletons of the target and
//! of the prediction (clDice's `S_y`, `S_p`) — each with a colour bar in pixels, and a hover
//! read-out of the values at a pixel.
//!
//! Here and not in the scene view: the overlays are per-pixel fields of the scene drawn at
//! grid resolution with a shared hover, exactly what this view already does for gradients,
//! and the geometry losses' gradient maps sit above them (boundary's `∂L/∂p` is `φ/N`, its map
//! is this overlay's picture). The scene column has no room for four more canvases.
//!
//! Data flow: one memo (`maps::overlays_memo`) on the scene and the overlays' iterations
//! (`MapsState::overlays`, link key `overlays.iterations`) computes the four maps with the
//! core (`overlay::Overlays::compute`, which calls the very `signed_distance`,
//! `distance_field` and `soft_skeleton` the losses use), only while the view is open; each
//! card's effect draws its RGBA bytes. The skeleton iterations are the overlay's own control
//! (0–10, clDice's default 3 at first), not the board's clDice parameter: a learner can sweep
//! `K` to watch a blob's skeleton appear without changing the loss; a button copies the
//! board's value when it is in range.
//!
//! # Hooks for tests
//! - `canvas[data-overlay="target-sdm" | "pred-distance" | "target-skeleton" |
//!   "pred-skeleton"]`, each with `data-max` (the largest |value| shown, full precision);
//!   inside `[data-overlay-card="<kind>"]`, with `[data-overlay-tick]` (`data-value`) on its
//!   colour bar and `[data-overlay-note="empty-target" | "phantom" | "no-foreground" |
//!   "all-foreground" | "empty-skeleton"]` when the scene is degenerate.
//! - `input[data-testid="skeleton-iterations"]` (0–10), `[data-testid="skeleton-iterations-board"]`
//!   (copies the board's clDice `iterations`).
//! - `[data-testid="overlay-readout"]`: `data-overlay`, `data-row`, `data-col` and
//!   `data-value` (the hovered overlay's value there, full precision), absent before any hover;
//!   inside, `[data-overlay-value="<kind>"]` with `data-value` for each of the four.

use super::super::format::full;
use super::super::i18n::{fill, tr, I18n};
use super::super::state::Lab;
use super::maps::{maps_state, overlays_memo, OverlaySnapshot};
use super::overlay_card::{title, with_unit, OverlayCard};
use leptos::prelude::*;
use losslab_core::overlay::{OverlayKind, MAX_ITERATIONS};
use losslab_core::{LossName, ParamValue};

/// The skeletons' iterations: a slider 0–10 with its value, and the board's clDice `K`.
#[component]
fn IterationsControl() -> impl IntoView {
    let state = maps_state();
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let iterations = move || state.overlays.with(|s| s.iterations);
    let on_input = move |ev| {
        if let Ok(k) = event_target_value(&ev).trim().parse::<usize>() {
            if k <= MAX_ITERATIONS && k != iterations() {
                state.overlays.update(|s| s.iterations = k);
            }
        }
    };
    let board = Memo::new(move |_| match lab.config(LossName::Cldice).get().get("iterations") {
        Some(ParamValue::Number(k)) if k >= 0.0 => Some(k as usize),
        _ => None,
    });
    let usable = move || board.get().filter(|&k| k <= MAX_ITERATIONS);
    let use_board = move |_| {
        if let Some(k) = usable() {
            state.overlays.update(|s| s.iterations = k);
        }
    };
    let board_text = move || {
        let k = board.get().map_or_else(String::new, |k| k.to_string());
        fill(i18n.t("overlays.iterations.board"), &[("k", &k)])
    };
    view! {
        <div class="overlay-iterations">
            <label>
                <span>{tr("overlays.iterations")}</span>
                <input type="range" min="0" max=MAX_ITERATIONS.to_string() step="1"
                    data-testid="skeleton-iterations" prop:value=move || iterations().to_string()
                    title=tr("overlays.iterations.help") on:input=on_input />
                <output data-value=move || iterations().to_string()>{move || iterations().to_string()}</output>
            </label>
            <button type="button" data-testid="skeleton-iterations-board"
                disabled=move || usable().is_none_or(|k| k == iterations())
                title=tr("overlays.iterations.board_help") on:click=use_board>{board_text}</button>
        </div>
    }
}

/// One pixel of the read-out: the hovered overlay, the pixel, and the four values there.
#[derive(Debug, Clone, PartialEq)]
struct Hovered {
    kind: OverlayKind,
    row: usize,
    col: usize,
    values: [f64; 4],
}

/// The hover read-out: the pixel's row and column and each overlay's value there.
#[component]
fn OverlayReadout() -> impl IntoView {
    let state = maps_state();
    let overlays = expect_context::<Memo<OverlaySnapshot>>();
    let i18n = expect_context::<I18n>();
    let shown = Memo::new(move |_| {
        let (kind, row, col) = state.overlay_hover.get()?;
        overlays.with(|s| {
            let o = s.0.as_ref().as_ref().ok()?;
            let values = OverlayKind::ALL.map(|k| o.value(k, row, col).unwrap_or(f64::NAN));
            o.index(row, col).map(|_| Hovered { kind, row, col, values })
        })
    });
    let body = move || {
        let Some(px) = shown.get() else {
            return view! { <p class="hint">{tr("overlays.hover_hint")}</p> }.into_any();
        };
        let (row, col) = (px.row.to_string(), px.col.to_string());
        let rows = OverlayKind::ALL
            .into_iter()
            .map(|kind| {
                let v = px.values[kind.index()];
                view! {
                    <tr data-overlay-value=kind.as_str() data-value=full(v) class:active={kind == px.kind}>
                        <th scope="row">{move || title(i18n, kind)}</th>
                        <td title=full(v)>{move || with_unit(i18n, kind, v)}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>();
        view! {
            <p class="maps-pixel">{move || fill(i18n.t("gradients.pixel_at"), &[("row", &row), ("col", &col)])}</p>
            <table class="maps-table overlay-table"><tbody>{rows}</tbody></table>
        }
        .into_any()
    };
    view! {
        <div class="overlay-readout" data-testid="overlay-readout" aria-live="polite"
            data-overlay=move || shown.with(|p| p.as_ref().map(|p| p.kind.as_str()))
            data-row=move || shown.with(|p| p.as_ref().map(|p| p.row))
            data-col=move || shown.with(|p| p.as_ref().map(|p| p.col))
            data-value=move || shown.with(|p| p.as_ref().map(|p| full(p.values[p.kind.index()])))>
            <h4>{tr("overlays.readout")}</h4>
            {body}
        </div>
    }
}

/// The geometry overlays' panel.
#[component]
pub fn GeometryPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let state = maps_state();
    let overlays = overlays_memo(lab, state);
    provide_context(overlays);
    let error = move || overlays.with(|s| s.0.as_ref().as_ref().err().cloned());
    let cards = OverlayKind::ALL
        .into_iter()
        .map(|kind| view! { <OverlayCard kind=kind /> })
        .collect::<Vec<_>>();
    view! {
        <section class="maps-panel overlays-panel" data-panel="geometry-overlays"
            data-iterations=move || state.overlays.with(|s| s.iterations)>
            <header class="maps-head">
                <div>
                    <h3>{tr("overlays.title")}</h3>
                    <p class="hint">{tr("overlays.intro")}</p>
                </div>
            </header>
            <IterationsControl />
            {move || error().map(|e| view! { <p class="error">{e}</p> })}
            <div class="overlays-body">
                <div class="overlays-grid">{cards}</div>
                <OverlayReadout />
            </div>
        </section>
    }
}
