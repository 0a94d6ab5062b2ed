//! The painting canvases. Each holds one grid pixel per canvas pixel and is scaled up by CSS
//! with nearest-neighbour sampling, to a whole number of device pixels per grid pixel.
//! Redraws are throttled to animation frames.

use super::i18n::I18n;
use super::pixels::{render, Picture};
use super::state::Lab;
use leptos::html;
use leptos::prelude::*;
use losslab_core::scene::{EditKind, Layer, Stroke};
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::Clamped;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, ImageData, KeyboardEvent, PointerEvent,
};

/// CSS size a canvas aims for, in CSS pixels.
const DESIGN_SIZE: f64 = 280.0;

/// The displayed size in CSS pixels: the largest whole number of device pixels per grid
/// pixel that fits [`DESIGN_SIZE`] (at least one).
pub fn display_size(side: usize, device_pixel_ratio: f64) -> f64 {
    let dpr = if device_pixel_ratio > 0.0 { device_pixel_ratio } else { 1.0 };
    let per_pixel = (DESIGN_SIZE * dpr / side as f64).floor().max(1.0);
    per_pixel * side as f64 / dpr
}

/// Draws `picture` of the current scene into `canvas`.
fn draw(lab: Lab, picture: Picture, canvas: &HtmlCanvasElement, buf: &mut Vec<u8>) -> Option<()> {
    let threshold = lab.threshold.try_get_untracked()?;
    let side = lab.scene.try_with_untracked(|s| {
        render(picture, s, threshold, buf);
        s.side()
    })?;
    put_rgba(canvas, buf, side as u32, side as u32).ok()
}

/// Puts an RGBA buffer (`4·width·height` bytes, row-major) on `canvas` at its top-left
/// corner, first resizing the canvas if its size differs (resizing clears it). The one way
/// the app writes pixels to a canvas.
pub fn put_rgba(
    canvas: &HtmlCanvasElement,
    rgba: &[u8],
    width: u32,
    height: u32,
) -> Result<(), JsValue> {
    if canvas.width() != width || canvas.height() != height {
        canvas.set_width(width);
        canvas.set_height(height);
    }
    let ctx =
        canvas.get_context("2d")?.ok_or("no 2d context")?.dyn_into::<CanvasRenderingContext2d>()?;
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), width, height)?;
    ctx.put_image_data(&image, 0.0, 0.0)
}

/// The grid position under a pointer, in pixel units (may lie outside the grid).
fn pos_in_grid(canvas: &HtmlCanvasElement, ev: &PointerEvent, side: usize) -> Option<(f64, f64)> {
    let rect = canvas.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    let x = (ev.client_x() as f64 - rect.left()) / rect.width() * side as f64;
    let y = (ev.client_y() as f64 - rect.top()) / rect.height() * side as f64;
    Some((x, y))
}

/// One canvas: the target, the prediction (both paint their own layer) or the overlay
/// (paints the active layer).
#[component]
pub fn SceneCanvas(
    /// Which picture.
    picture: Picture,
    /// Translation key of the accessible name.
    label: &'static str,
) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let canvas = NodeRef::<html::Canvas>::new();
    let side = Memo::new(move |_| lab.scene.with(|s| s.side()));
    // Browser zoom changes the device pixel ratio and fires `resize`.
    let dpr = RwSignal::new(window().device_pixel_ratio());
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        dpr.set(window().device_pixel_ratio());
    });
    on_cleanup(move || resize.remove());
    let size = move || format!("{}px", display_size(side.get(), dpr.get()));

    // Redraw on the next animation frame after any change, at most once per frame.
    let pending = Rc::new(Cell::new(false));
    let buffer = StoredValue::new_local(Vec::<u8>::new());
    Effect::new(move |_| {
        lab.scene.track();
        lab.threshold.track();
        let Some(el) = canvas.get() else { return };
        if pending.replace(true) {
            return;
        }
        let pending = pending.clone();
        request_animation_frame(move || {
            pending.set(false);
            buffer.try_update_value(|buf| draw(lab, picture, &el, buf));
        });
    });

    let layer_of_view = move || match picture {
        Picture::Target => Layer::Target,
        Picture::Prediction => Layer::Prediction,
        Picture::Overlay => lab.layer.get_untracked(),
    };
    // The stroke in progress and the pointer positions not yet applied: moves are applied
    // in one batch per animation frame, so the board is evaluated at most once per frame.
    let stroke = StoredValue::new(None::<(i32, Stroke)>);
    let queued = StoredValue::new(Vec::<(f64, f64)>::new());
    let flush = move || {
        let points = queued.try_update_value(std::mem::take).unwrap_or_default();
        if points.is_empty() {
            return;
        }
        stroke.try_update_value(|active| {
            if let Some((_, s)) = active {
                lab.scene.try_maybe_update(|scene| {
                    let mut changed = false;
                    for &(x, y) in &points {
                        changed |= scene.stroke_to(s, x, y);
                    }
                    (changed, ())
                });
            }
        });
    };
    let on_down = move |ev: PointerEvent| {
        if ev.pointer_type() == "mouse" && ev.button() != 0 {
            return;
        }
        let Some(el) = canvas.get_untracked() else { return };
        ev.prevent_default();
        let _ = el.set_pointer_capture(ev.pointer_id());
        let layer = layer_of_view();
        lab.layer.set(layer);
        let brush = lab.brush.get_untracked();
        let mut s = lab.scene.with_untracked(|scene| scene.begin_stroke(layer, brush));
        if let Some((x, y)) = pos_in_grid(&el, &ev, side.get_untracked()) {
            lab.edit(EditKind::Stroke, |scene| {
                scene.stroke_to(&mut s, x, y);
            });
        }
        queued.set_value(Vec::new());
        stroke.set_value(Some((ev.pointer_id(), s)));
    };
    // Where the brush outline is drawn (grid coordinates), while the pointer is over us.
    let hover = RwSignal::new(None::<(f64, f64)>);
    let on_move = move |ev: PointerEvent| {
        if let Some(el) = canvas.get_untracked() {
            hover.set(pos_in_grid(&el, &ev, side.get_untracked()));
        }
        let ours = stroke.with_value(|a| a.as_ref().is_some_and(|(id, _)| *id == ev.pointer_id()));
        if !ours {
            return;
        }
        let Some(el) = canvas.get_untracked() else { return };
        let Some(point) = pos_in_grid(&el, &ev, side.get_untracked()) else { return };
        let first = queued.try_update_value(|q| {
            q.push(point);
            q.len() == 1
        });
        if first == Some(true) {
            request_animation_frame(flush);
        }
    };
    let on_end = move |_: PointerEvent| {
        flush();
        stroke.set_value(None);
    };

    // Keyboard painting: arrow keys move a cursor (shown as the brush ring) one grid pixel
    // (Shift: eight), Space or Enter paints one dab of the current brush there.
    let cursor = RwSignal::new(None::<(f64, f64)>);
    let on_focus = move |_| {
        let n = side.get_untracked() as f64;
        let at =
            cursor.get_untracked().unwrap_or(((n / 2.0).floor() + 0.5, (n / 2.0).floor() + 0.5));
        cursor.set(Some(at));
        hover.set(Some(at));
    };
    let on_key = move |ev: KeyboardEvent| {
        let n = side.get_untracked() as f64;
        let step = if ev.shift_key() { 8.0 } else { 1.0 };
        let (x, y) =
            cursor.get_untracked().unwrap_or(((n / 2.0).floor() + 0.5, (n / 2.0).floor() + 0.5));
        let moved = match ev.key().as_str() {
            "ArrowLeft" => Some((x - step, y)),
            "ArrowRight" => Some((x + step, y)),
            "ArrowUp" => Some((x, y - step)),
            "ArrowDown" => Some((x, y + step)),
            _ => None,
        };
        if let Some((nx, ny)) = moved {
            ev.prevent_default();
            let clamp = |v: f64| v.clamp(0.5, n - 0.5);
            let at = (clamp(nx), clamp(ny));
            cursor.set(Some(at));
            hover.set(Some(at));
        } else if matches!(ev.key().as_str(), " " | "Enter") {
            ev.prevent_default();
            let layer = layer_of_view();
            lab.layer.set(layer);
            let brush = lab.brush.get_untracked();
            let mut s = lab.scene.with_untracked(|scene| scene.begin_stroke(layer, brush));
            lab.edit(EditKind::Stroke, |scene| {
                scene.stroke_to(&mut s, x, y);
            });
            lab.seal();
        }
    };

    let ring_style = move || {
        let (x, y) = hover.get()?;
        let n = side.get() as f64;
        let scale = display_size(side.get(), dpr.get()) / n;
        let d = lab.brush.with(|b| b.size) * scale;
        Some(format!(
            "left: {}px; top: {}px; width: {d}px; height: {d}px",
            x * scale - d / 2.0,
            y * scale - d / 2.0
        ))
    };
    view! {
        <figure class="canvas-card" on:pointerleave=move |_| hover.set(None)>
            <div class="brush-ring" aria-hidden="true" hidden=move || ring_style().is_none()
                style=move || ring_style().unwrap_or_default()></div>
            <canvas
                node_ref=canvas
                class="layer"
                class:paintable=true
                data-layer=match picture {
                    Picture::Target => Some("target"),
                    Picture::Prediction => Some("prediction"),
                    Picture::Overlay => None,
                }
                data-view-canvas=match picture {
                    Picture::Target => "target",
                    Picture::Prediction => "prediction",
                    Picture::Overlay => "overlay",
                }
                width=move || side.get()
                height=move || side.get()
                style:width=size
                style:height=size
                role="img"
                tabindex="0"
                aria-label=move || i18n.t(label)
                on:focus=on_focus
                on:blur=move |_| hover.set(None)
                on:keydown=on_key
                on:pointerdown=on_down
                on:pointermove=on_move
                on:pointerup=on_end
                on:pointercancel=on_end
                on:lostpointercapture=on_end
            ></canvas>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::display_size;

    #[test]
    fn every_grid_pixel_covers_a_whole_number_of_device_pixels() {
        assert_eq!(display_size(64, 1.0), 256.0);
        assert_eq!(display_size(32, 1.0), 256.0);
        assert_eq!(display_size(256, 1.0), 256.0);
        assert_eq!(display_size(64, 2.0), 256.0);
        for (side, dpr) in [(64, 1.25), (128, 1.5), (256, 3.0), (32, 0.0)] {
            let device = display_size(side, dpr) * if dpr > 0.0 { dpr } else { 1.0 };
            let per_pixel = device / side as f64;
            assert!((per_pixel - per_pixel.round()).abs() < 1e-9 && per_pixel >= 1.0);
        }
    }
}
