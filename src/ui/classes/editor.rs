//! The editor of the current image: the palette and brush, the label map (painted with the
//! pointer or the keyboard) and the predicted class map beside it.

use super::super::canvas::{display_size, put_rgba};
use super::super::i18n::{k, tr, I18n};
use super::context::ClassesCtx;
use leptos::html;
use leptos::prelude::*;
use losslab_core::scene::classes::{
    class_hex, labels_rgba, prediction_rgba, ClassBrush, ClassHistory, ClassStroke,
};
use losslab_core::scene::MAX_BRUSH_SIZE;
use std::cell::Cell;
use std::rc::Rc;
use web_sys::{HtmlCanvasElement, KeyboardEvent, PointerEvent};

/// Which picture a canvas shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum McLayer {
    /// The label map (painted).
    Target,
    /// The predicted class map, shaded by confidence.
    Prediction,
}

impl McLayer {
    fn as_str(self) -> &'static str {
        match self {
            McLayer::Target => "target",
            McLayer::Prediction => "prediction",
        }
    }
}

/// The name of class `c` (0 is the background).
pub fn class_key(c: usize) -> &'static str {
    match c {
        0 => k("mc.class.0"),
        1 => k("mc.class.1"),
        2 => k("mc.class.2"),
        3 => k("mc.class.3"),
        _ => k("mc.class.4"),
    }
}

/// The grid position under a pointer, in pixel units.
fn pos_in_grid(canvas: &HtmlCanvasElement, ev: &PointerEvent, side: usize) -> Option<(f64, f64)> {
    let rect = canvas.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    let x = (f64::from(ev.client_x()) - rect.left()) / rect.width() * side as f64;
    let y = (f64::from(ev.client_y()) - rect.top()) / rect.height() * side as f64;
    Some((x, y))
}

/// One canvas of the current image.
#[component]
fn McCanvas(layer: McLayer, label: &'static str) -> impl IntoView {
    let ctx = expect_context::<ClassesCtx>();
    let i18n = expect_context::<I18n>();
    let canvas = NodeRef::<html::Canvas>::new();
    let side = Memo::new(move |_| ctx.batch.with(|b| b.side()));
    let dpr = RwSignal::new(window().device_pixel_ratio());
    let resize = window_event_listener(leptos::ev::resize, move |_| {
        dpr.set(window().device_pixel_ratio());
    });
    on_cleanup(move || resize.remove());
    let size = move || format!("{}px", display_size(side.get(), dpr.get()));
    let pending = Rc::new(Cell::new(false));
    let buffer = StoredValue::new_local(Vec::<u8>::new());
    Effect::new(move |_| {
        ctx.batch.track();
        let Some(el) = canvas.get() else { return };
        if pending.replace(true) {
            return;
        }
        let pending = pending.clone();
        request_animation_frame(move || {
            pending.set(false);
            buffer.try_update_value(|buf| {
                ctx.batch.try_with_untracked(|b| {
                    let im = &b.images()[0];
                    match layer {
                        McLayer::Target => labels_rgba(&im.labels, buf),
                        McLayer::Prediction => prediction_rgba(&im.prob, b.shape().classes, buf),
                    }
                    let side = b.side() as u32;
                    let _ = put_rgba(&el, buf, side, side);
                })
            });
        });
    });

    let paints = layer == McLayer::Target;
    let stroke = StoredValue::new(None::<(i32, ClassStroke)>);
    let queued = StoredValue::new(Vec::<(f64, f64)>::new());
    // The first dab of a stroke is one undo step; the rest of the stroke joins it.
    let dab = move |s: &mut ClassStroke, x: f64, y: f64| {
        ctx.edit(None, |scene| {
            scene.stroke_to(s, x, y);
        });
    };
    let on_down = move |ev: PointerEvent| {
        if !paints || (ev.pointer_type() == "mouse" && ev.button() != 0) {
            return;
        }
        let Some(el) = canvas.get_untracked() else { return };
        ev.prevent_default();
        let _ = el.set_pointer_capture(ev.pointer_id());
        let brush = ctx.brush.get_untracked();
        let mut s = ctx.settings.with_untracked(|st| st.scene.begin_stroke(brush));
        if let Some((x, y)) = pos_in_grid(&el, &ev, side.get_untracked()) {
            dab(&mut s, x, y);
        }
        queued.set_value(Vec::new());
        stroke.set_value(Some((ev.pointer_id(), s)));
    };
    // Moves are applied in one batch per animation frame, so the batch is evaluated at most
    // once per frame however fast the pointer reports.
    let flush = move || {
        let points = queued.try_update_value(std::mem::take).unwrap_or_default();
        if points.is_empty() {
            return;
        }
        stroke.try_update_value(|active| {
            if let Some((_, s)) = active {
                ctx.settings.try_maybe_update(|st| {
                    let mut changed = false;
                    for &(x, y) in &points {
                        changed |= st.scene.stroke_to(s, x, y);
                    }
                    (changed, ())
                });
            }
        });
    };
    let on_move = move |ev: PointerEvent| {
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
    // Keyboard: arrows move a cursor, Space/Enter paints one dab there.
    let cursor = RwSignal::new(None::<(f64, f64)>);
    let on_key = move |ev: KeyboardEvent| {
        if !paints {
            return;
        }
        let n = side.get_untracked() as f64;
        let (x, y) =
            cursor.get_untracked().unwrap_or(((n / 2.0).floor() + 0.5, (n / 2.0).floor() + 0.5));
        let step = if ev.shift_key() { 8.0 } else { 1.0 };
        let moved = match ev.key().as_str() {
            "ArrowLeft" => Some((x - step, y)),
            "ArrowRight" => Some((x + step, y)),
            "ArrowUp" => Some((x, y - step)),
            "ArrowDown" => Some((x, y + step)),
            _ => None,
        };
        if let Some((nx, ny)) = moved {
            ev.prevent_default();
            cursor.set(Some((nx.clamp(0.5, n - 0.5), ny.clamp(0.5, n - 0.5))));
        } else if matches!(ev.key().as_str(), " " | "Enter") {
            ev.prevent_default();
            let brush = ctx.brush.get_untracked();
            let mut s = ctx.settings.with_untracked(|st| st.scene.begin_stroke(brush));
            dab(&mut s, x, y);
        }
    };
    view! {
        <figure class="canvas-card">
            <canvas node_ref=canvas class="layer" class:paintable=paints
                data-mc-layer=layer.as_str()
                width=move || side.get() height=move || side.get()
                style:width=size style:height=size
                role="img" tabindex=if paints { "0" } else { "-1" }
                aria-label=move || i18n.t(label)
                on:keydown=on_key
                on:pointerdown=on_down on:pointermove=on_move
                on:pointerup=on_end on:pointercancel=on_end on:lostpointercapture=on_end
            ></canvas>
        </figure>
    }
}

/// The palette: background (erase) and each class, one pressed.
#[component]
fn Palette() -> impl IntoView {
    let ctx = expect_context::<ClassesCtx>();
    let i18n = expect_context::<I18n>();
    let classes = Memo::new(move |_| ctx.settings.with(|s| s.scene.classes()));
    let button = move |c: usize| {
        let pressed = move || ctx.brush.with(|b| usize::from(b.class) == c);
        view! {
            <button class="mc-swatch" data-mc-class=c.to_string()
                aria-pressed=move || pressed().to_string()
                hidden={move || c > classes.get()}
                on:click=move |_| ctx.brush.update(|b| b.class = c as u8)>
                <span class="mc-chip" style:background=class_hex(c) aria-hidden="true"></span>
                {move || i18n.t(if c == 0 { k("mc.erase") } else { class_key(c) })}
            </button>
        }
    };
    let on_size = move |ev| match event_target_value(&ev).trim().parse::<f64>() {
        Ok(v) if (1.0..=MAX_BRUSH_SIZE).contains(&v) => ctx.brush.update(|b| b.size = v),
        _ => {}
    };
    let history = ctx.history;
    view! {
        <div class="toolbar mc-palette" role="toolbar" aria-label=tr("mc.palette")>
            {(0..=4).map(button).collect_view()}
            <label class="inline">
                {tr("mc.brush_size")} " "
                <input type="number" data-testid="mc-brush-size" min="1" max=MAX_BRUSH_SIZE step="1"
                    prop:value=move || ctx.brush.with(|b: &ClassBrush| b.size).to_string() on:change=on_size />
            </label>
            <div class="actions">
                <button data-testid="mc-undo" disabled=move || !history.with(ClassHistory::can_undo)
                    on:click=move |_| ctx.undo()>{tr("scene.undo")}</button>
                <button data-testid="mc-redo" disabled=move || !history.with(ClassHistory::can_redo)
                    on:click=move |_| ctx.redo()>{tr("scene.redo")}</button>
                <button data-testid="mc-clear" title=tr("mc.clear.help")
                    on:click=move |_| ctx.edit(None, |s| s.clear())>{tr("mc.clear")}</button>
                <button data-testid="mc-regenerate" title=tr("mc.regenerate.help")
                    disabled=move || !ctx.settings.with(|s| s.scene.painted())
                    on:click=move |_| ctx.edit(None, |s| s.regenerate())>{tr("mc.regenerate")}</button>
            </div>
        </div>
    }
}

/// The palette and the two canvases.
#[component]
pub fn Editor() -> impl IntoView {
    view! {
        <section class="panel mc-editor" aria-labelledby="mc-editor-title">
            <h3 id="mc-editor-title">{tr("mc.editor")}</h3>
            <p class="hint">{tr("mc.editor.hint")}</p>
            <Palette />
            <div class="canvases mc-canvases">
                <div class="canvas-col">
                    <h4>{tr("mc.canvas.target")}</h4>
                    <McCanvas layer=McLayer::Target label=k("mc.canvas.target.label") />
                </div>
                <div class="canvas-col">
                    <h4>{tr("mc.canvas.prediction")}</h4>
                    <McCanvas layer=McLayer::Prediction label=k("mc.canvas.prediction.label") />
                    <p class="hint">{tr("mc.canvas.prediction.hint")}</p>
                </div>
            </div>
        </section>
    }
}
