//! The colour bar under the maps: the diverging ramp, tick values, units, the symmetric-log
//! threshold and what each sign means.

use super::super::canvas::put_rgba;
use super::super::format::sig;
use super::super::hidpi::{backing_size, device_pixel_ratio, resized};
use super::super::i18n::{fill, I18n};
use super::maps::{maps_state, Snapshot};
use leptos::html;
use leptos::prelude::*;
use losslab_core::maps::{diverging, Component, MapSettings, Scale, ScaleMode, Scaling};

/// Columns of the bar's canvas before it is laid out (then: one per device pixel of its CSS
/// width; CSS stretches its one row to the bar's height).
pub const BAR_WIDTH: u32 = 512;

/// The bar's scale: the shared range in shared mode; in per-loss mode `±1`, in units of each
/// map's own maximum (the colours depend only on `g / max`, so one bar fits every map).
pub fn bar_scale(snapshot: &Snapshot, settings: &MapSettings) -> Scale {
    match settings.scale_mode {
        ScaleMode::Shared => snapshot
            .0
            .as_ref()
            .as_ref()
            .map_or(Scale::new(0.0, settings.scaling), |m| m.scale(0, settings)),
        ScaleMode::PerLoss => Scale::new(1.0, settings.scaling),
    }
}

/// A tick's label: two significant digits, `0` for zero.
pub fn tick_label(value: f64) -> String {
    sig(value, 2).replace('-', "−")
}

/// The caption under the bar: units, scaling and threshold, in the current language.
pub fn caption(i18n: I18n, settings: &MapSettings, scale: &Scale) -> String {
    let units = match (settings.component, settings.scale_mode) {
        (Component::Logit, ScaleMode::Shared) => i18n.t("gradients.units.z"),
        (Component::Prob, ScaleMode::Shared) => i18n.t("gradients.units.p"),
        (Component::Logit, ScaleMode::PerLoss) => i18n.t("gradients.units_rel.z"),
        (Component::Prob, ScaleMode::PerLoss) => i18n.t("gradients.units_rel.p"),
    };
    let scaling = match settings.scaling {
        Scaling::Linear => i18n.t("gradients.caption.linear").to_owned(),
        Scaling::SymLog => fill(
            i18n.t("gradients.caption.symlog"),
            &[("c", &tick_label(scale.linear_threshold()))],
        ),
    };
    format!("{units} · {scaling}")
}

/// RGBA bytes of the ramp, `width` columns by one row, from −1 to 1.
pub fn ramp_rgba(width: u32) -> Vec<u8> {
    (0..width)
        .flat_map(|x| {
            let t = -1.0 + 2.0 * (x as f64 + 0.5) / width as f64;
            let [r, g, b] = diverging(t);
            [r, g, b, 255]
        })
        .collect()
}

/// Draws the ramp with one column per device pixel of the bar's CSS width.
pub fn draw_ramp(canvas: &web_sys::HtmlCanvasElement) -> Option<()> {
    let css = canvas.client_width();
    let columns = if css > 0 {
        backing_size((f64::from(css), 1.0), device_pixel_ratio()).0
    } else {
        BAR_WIDTH
    };
    put_rgba(canvas, &ramp_rgba(columns), columns, 1).ok()
}

/// The colour bar with its tick labels and caption.
#[component]
pub fn ColourBar() -> impl IntoView {
    let state = maps_state();
    let maps = expect_context::<Memo<Snapshot>>();
    let i18n = expect_context::<I18n>();
    let canvas = NodeRef::<html::Canvas>::new();
    let resized = resized();
    Effect::new(move |_| {
        resized.track();
        if let Some(el) = canvas.get() {
            draw_ramp(&el);
        }
    });
    let scale = Memo::new(move |_| {
        let settings = state.settings.get();
        maps.with(|m| bar_scale(m, &settings))
    });
    let ticks = move || {
        scale
            .get()
            .ticks()
            .into_iter()
            .map(|t| {
                let left = format!("left: {}%", 50.0 * (t.position + 1.0));
                let label = if t.labelled { tick_label(t.value) } else { String::new() };
                view! {
                    <span class="maps-tick" class:minor=!t.labelled style=left
                        data-colorbar-tick="" data-value=format!("{}", t.value)>{label}</span>
                }
            })
            .collect::<Vec<_>>()
    };
    let caption = move || state.settings.with(|s| caption(i18n, s, &scale.get()));
    view! {
        <div class="maps-colorbar">
            <div class="maps-bar-wrap">
                <canvas node_ref=canvas class="maps-bar" width=BAR_WIDTH height="1"
                    data-colorbar="" data-max=move || format!("{}", scale.get().max)
                    role="img" aria-label=move || i18n.t("gradients.colorbar")></canvas>
                <div class="maps-ticks">{ticks}</div>
            </div>
            <div class="maps-legend">
                <span class="maps-sign neg">{move || i18n.t("gradients.sign.neg")}</span>
                <span class="maps-caption">{caption}</span>
                <span class="maps-sign pos">{move || i18n.t("gradients.sign.pos")}</span>
            </div>
            <p class="hint maps-figures-legend">{move || i18n.t("gradients.figures_legend")}</p>
        </div>
    }
}
