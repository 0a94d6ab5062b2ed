//! Canvases drawn at the device pixel ratio: the backing store is the CSS size times the
//! ratio, and the 2D context's transform scales by the ratio, so drawing code works in CSS
//! pixels and text and lines keep their CSS size while staying sharp on a retina screen or a
//! projector. PNG exports draw the same way on an off-screen canvas at the [`ExportScale`]
//! chosen next to the export buttons (2× by default), whatever the screen.

use super::i18n::tr;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The scales a PNG export offers, in device pixels per CSS pixel.
pub const EXPORT_SCALES: [u32; 3] = [1, 2, 3];
/// The default: slide-ready on any screen.
pub const DEFAULT_EXPORT_SCALE: u32 = 2;

/// The scale of every PNG export (charts, gradient maps), provided at the app's root so the
/// views share it; `select[data-testid="png-scale"]` sets it (values `1`, `2`, `3`).
#[derive(Debug, Clone, Copy)]
pub struct ExportScale(pub RwSignal<u32>);

impl ExportScale {
    /// The default scale.
    pub fn new() -> ExportScale {
        ExportScale(RwSignal::new(DEFAULT_EXPORT_SCALE))
    }
}

impl Default for ExportScale {
    fn default() -> Self {
        ExportScale::new()
    }
}

/// The app's export scale signal (a default one outside the app). Read it when a component
/// is set up, not in an event handler, which may run outside the owner.
pub fn export_scale() -> RwSignal<u32> {
    use_context::<ExportScale>().unwrap_or_default().0
}

/// The menu of [`EXPORT_SCALES`], next to PNG export buttons.
#[component]
pub fn ExportScaleMenu() -> impl IntoView {
    let scale = export_scale();
    let pick = move |ev: leptos::ev::Event| {
        if let Ok(v) = event_target_value(&ev).parse::<u32>() {
            if EXPORT_SCALES.contains(&v) {
                scale.set(v);
            }
        }
    };
    let options =
        EXPORT_SCALES.map(|v| view! { <option value=v.to_string()>{format!("{v}×")}</option> });
    view! {
        <label class="png-scale" title=tr("app.png_scale.help")>{tr("app.png_scale")}" "
            <select data-testid="png-scale" on:change=pick prop:value=move || scale.get().to_string()>
                {options.to_vec()}
            </select>
        </label>
    }
}

/// The window's device pixel ratio (1 where unknown). Browser zoom changes it and fires
/// `resize`.
pub fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|d| d.is_finite() && *d > 0.0)
        .unwrap_or(1.0)
}

/// A signal that changes on every `resize` of the window (a new width, or a new device pixel
/// ratio from browser zoom), for the effects that draw a canvas to track; the listener goes
/// with the calling component.
pub fn resized() -> RwSignal<u32> {
    let count = RwSignal::new(0u32);
    let handle = window_event_listener(leptos::ev::resize, move |_| count.update(|n| *n += 1));
    on_cleanup(move || handle.remove());
    count
}

/// Gives `canvas` a backing store of `css` (width, height in CSS pixels) at `scale` device
/// pixels per CSS pixel, resizing it only if that differs (resizing clears it), and returns
/// its 2D context with the transform that makes one unit one CSS pixel.
pub fn scaled_context(
    canvas: &HtmlCanvasElement,
    css: (f64, f64),
    scale: f64,
) -> Result<CanvasRenderingContext2d, JsValue> {
    let (w, h) = backing_size(css, scale);
    if canvas.width() != w || canvas.height() != h {
        canvas.set_width(w);
        canvas.set_height(h);
    }
    let ctx =
        canvas.get_context("2d")?.ok_or("no 2d context")?.dyn_into::<CanvasRenderingContext2d>()?;
    ctx.set_transform(scale, 0.0, 0.0, scale, 0.0, 0.0)?;
    Ok(ctx)
}

/// The backing store of `css` at `scale`: whole device pixels, at least one.
pub fn backing_size(css: (f64, f64), scale: f64) -> (u32, u32) {
    let px = |v: f64| (v * scale).round().max(1.0) as u32;
    (px(css.0), px(css.1))
}

/// A new off-screen canvas of `css` at `scale`, and its scaled context.
pub fn offscreen(
    css: (f64, f64),
    scale: f64,
) -> Result<(HtmlCanvasElement, CanvasRenderingContext2d), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let canvas = document.create_element("canvas")?.dyn_into::<HtmlCanvasElement>()?;
    let ctx = scaled_context(&canvas, css, scale)?;
    Ok((canvas, ctx))
}

#[cfg(test)]
mod tests {
    use super::backing_size;

    #[test]
    fn the_backing_store_is_the_css_size_times_the_scale_in_whole_pixels() {
        assert_eq!(backing_size((782.0, 744.0), 2.0), (1564, 1488));
        assert_eq!(backing_size((782.0, 744.0), 1.0), (782, 744));
        // 1.25 (a 125 % zoom): 977.5 rounds to 978.
        assert_eq!(backing_size((782.0, 10.0), 1.25), (978, 13));
        assert_eq!(backing_size((0.0, 0.0), 3.0), (1, 1));
    }
}
