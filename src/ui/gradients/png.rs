//! Export of the small multiples as one PNG: every map at a whole number of pixels per grid
//! pixel (nearest neighbour), titled in its loss's colour, with its maximum and background
//! share, and the colour bar with its ticks and caption. Drawn on an off-screen canvas and
//! encoded by the browser (`toDataURL`), so no image crate ships in the wasm.

use super::super::canvas::put_rgba;
use super::super::export::download_href;
use super::super::format::{derived, percent};
use super::super::hidpi::offscreen;
use super::super::i18n::I18n;
use super::super::state::Lab;
use super::colorbar::{bar_scale, caption, ramp_rgba, tick_label};
use super::maps::{MapsState, Snapshot};
use leptos::prelude::*;
use losslab_core::maps::{text_on, Figure, GradientMaps, MapSettings};
use wasm_bindgen::JsValue;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

// The figure's layout (`maps::Figure`, shared with the CLI's SVG), in canvas units.
const PAD: f64 = Figure::PAD as f64;
const TITLE: f64 = Figure::TITLE as f64;
const FIGURES: f64 = Figure::FIGURES as f64;
const HEADER: f64 = Figure::HEADER as f64;
/// Colours of the page (style.css): background, text, map frame, secondary text, bar frame.
const PAPER: &str = "#ffffff";
const INK: &str = "#1d2330";
const FRAME: &str = "#c9ced8";
const MUTED: &str = "#687085";
const BAR_FRAME: &str = "#9aa1ae";
/// The font.
const FONT: &str = "\"DejaVu Sans\", system-ui, sans-serif";

/// An RGBA buffer as a canvas of its own (to scale it with `drawImage`).
fn bytes_canvas(bytes: &[u8], width: u32, height: u32) -> Result<HtmlCanvasElement, JsValue> {
    let (c, _) = offscreen((f64::from(width), f64::from(height)), 1.0)?;
    put_rgba(&c, bytes, width, height)?;
    Ok(c)
}

/// Draws the whole figure at `scale` device pixels per figure pixel (the maps' pixels stay
/// sharp squares, the text and the bar are drawn at that resolution) and returns it as a
/// canvas.
pub fn compose(
    maps: &GradientMaps,
    settings: &MapSettings,
    i18n: I18n,
    bar: &losslab_core::maps::Scale,
    scale: f64,
) -> Result<HtmlCanvasElement, JsValue> {
    let side = maps.side.max(1);
    let figure = Figure::new(side, maps.maps.len());
    let (cell, width, height) = (figure.cell as f64, figure.width as f64, figure.height as f64);
    let (out, ctx) = offscreen((width, height), scale)?;
    ctx.set_fill_style_str(PAPER);
    ctx.fill_rect(0.0, 0.0, width, height);
    ctx.set_text_baseline("middle");
    ctx.set_fill_style_str(INK);
    ctx.set_font(&format!("600 15px {FONT}"));
    let title =
        format!("losslab · {} · {}", i18n.t("gradients.title"), caption(i18n, settings, bar));
    ctx.fill_text(&title, PAD, HEADER / 2.0)?;
    let mut bytes = Vec::new();
    for (k, map) in maps.maps.iter().enumerate() {
        let (x, y) = figure.origin(k);
        let (x, y) = (x as f64, y as f64);
        // Title: the loss's name on its colour.
        ctx.set_font(&format!("600 13px {FONT}"));
        let name = map.source.as_str();
        let text_width = ctx.measure_text(name)?.width();
        ctx.set_fill_style_str(&map.source.css_color());
        ctx.fill_rect(x, y + 2.0, text_width + 12.0, TITLE - 6.0);
        ctx.set_fill_style_str(text_on(map.source.rgb()));
        ctx.fill_text(name, x + 6.0, y + TITLE / 2.0 - 1.0)?;
        // The map, nearest neighbour.
        maps.render(k, settings, &mut bytes);
        let image = bytes_canvas(&bytes, side as u32, side as u32)?;
        ctx.set_image_smoothing_enabled(false);
        ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&image, x, y + TITLE, cell, cell)?;
        ctx.set_stroke_style_str(FRAME);
        ctx.stroke_rect(x - 0.5, y + TITLE - 0.5, cell + 1.0, cell + 1.0);
        // Its own maximum and background share.
        ctx.set_font(&format!("11px {FONT}"));
        ctx.set_fill_style_str(MUTED);
        let figures = format!(
            "{} {} · {} {}",
            i18n.t("gradients.max"),
            derived(map.max_abs(settings.component)).replace('-', "−"),
            i18n.t("gradients.bg"),
            percent(map.summary.background_share)
        );
        ctx.fill_text(&figures, x, y + TITLE + cell + FIGURES / 2.0 + 2.0)?;
    }
    draw_bar(&ctx, bar, settings, i18n, width, figure.bar_top() as f64)?;
    Ok(out)
}

/// The colour bar across the figure's width, starting at `top`.
fn draw_bar(
    ctx: &CanvasRenderingContext2d,
    bar: &losslab_core::maps::Scale,
    settings: &MapSettings,
    i18n: I18n,
    width: f64,
    top: f64,
) -> Result<(), JsValue> {
    let left = PAD + 150.0;
    let bar_width = width - 2.0 * left;
    let ramp = bytes_canvas(&ramp_rgba(512), 512, 1)?;
    ctx.set_image_smoothing_enabled(true);
    ctx.draw_image_with_html_canvas_element_and_dw_and_dh(&ramp, left, top + 6.0, bar_width, 16.0)?;
    ctx.set_stroke_style_str(BAR_FRAME);
    ctx.stroke_rect(left - 0.5, top + 5.5, bar_width + 1.0, 17.0);
    ctx.set_font(&format!("11px {FONT}"));
    ctx.set_fill_style_str(INK);
    ctx.set_text_align("center");
    for tick in bar.ticks() {
        let x = left + bar_width * 0.5 * (tick.position + 1.0);
        ctx.fill_rect(x - 0.5, top + 22.0, 1.0, if tick.labelled { 6.0 } else { 3.0 });
        if tick.labelled {
            ctx.fill_text(&tick_label(tick.value), x, top + 36.0)?;
        }
    }
    ctx.set_font(&format!("12px {FONT}"));
    ctx.fill_text(&caption(i18n, settings, bar), width / 2.0, top + 58.0)?;
    ctx.set_fill_style_str(MUTED);
    ctx.set_font(&format!("11px {FONT}"));
    ctx.fill_text(i18n.t("gradients.figures_legend"), width / 2.0, top + 80.0)?;
    ctx.set_text_align("right");
    ctx.fill_text(i18n.t("gradients.sign.neg"), left - 10.0, top + 14.0)?;
    ctx.set_text_align("left");
    ctx.fill_text(i18n.t("gradients.sign.pos"), left + bar_width + 10.0, top + 14.0)?;
    Ok(())
}

/// Builds the PNG of the current maps at `scale` device pixels per figure pixel and downloads
/// it; a failure shows the notice.
pub fn export(lab: Lab, state: MapsState, maps: Memo<Snapshot>, scale: f64) {
    let i18n = expect_context::<I18n>();
    let settings = state.settings.get_untracked();
    let result = maps.with_untracked(|snapshot| -> Result<(), JsValue> {
        let data = snapshot.0.as_ref().as_ref().map_err(|e| JsValue::from_str(e))?;
        let bar = bar_scale(snapshot, &settings);
        let figure = compose(data, &settings, i18n, &bar, scale)?;
        let url = figure.to_data_url_with_type("image/png")?;
        let name = format!(
            "losslab-gradient-maps-{}-{}-{}-{}.png",
            settings.group.as_str(),
            settings.component.as_str(),
            settings.scaling.as_str(),
            settings.scale_mode.as_str()
        );
        download_href(&url, &name)
    });
    if let Err(e) = result {
        let reason = e.as_string().unwrap_or_else(|| format!("{e:?}"));
        lab.warn(fill_reason(i18n, &reason));
    }
}

fn fill_reason(i18n: I18n, reason: &str) -> String {
    super::super::i18n::fill(i18n.t("gradients.export_failed"), &[("reason", reason)])
}
