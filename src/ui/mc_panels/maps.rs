//! The per-class gradient maps: the chosen image's `∂L/∂z` (or `∂L/∂p`) on every channel
//! under the current `McConfig`, one canvas per channel at grid resolution, one shared
//! symmetric colour scale (`losslab_core::maps`: the gradients view's diverging ramp, linear
//! or symmetric-log scale, ticks and RGBA rendering; its colour bar's ramp and tick labels).

use super::super::canvas::put_rgba;
use super::super::format::{derived, full};
use super::super::gradients::colorbar::{caption, draw_ramp, tick_label, BAR_WIDTH};
use super::super::gradients::map_card::pixel_at;
use super::super::hidpi::resized;
use super::super::i18n::{fill, k, tr, I18n};
use super::batch::BatchBuffers;
use super::image_maps::{image_maps, ImageMaps, Refused};
use super::maps_readout::MapsReadout;
use leptos::html;
use leptos::prelude::*;
use losslab_core::maps::{render_rgba, Component, MapSettings, Scale, Scaling};
use losslab_core::params::multiclass::McConfig;
use std::rc::Rc;

type Maps = Memo<Option<Result<ImageMaps, Refused>>>;

/// One group of mutually exclusive buttons bound to a map setting.
fn toggle<T: Copy + PartialEq + Send + Sync + 'static>(
    settings: RwSignal<MapSettings>,
    name: &'static str,
    label: &'static str,
    choices: [(T, &'static str, &'static str); 2],
    get: fn(&MapSettings) -> T,
    set: fn(&mut MapSettings, T),
) -> impl IntoView {
    let buttons = choices.map(|(value, hook, key)| {
        let on = move || settings.with(|s| get(s) == value);
        view! {
            <button type="button" data-choice=hook class:active=on aria-pressed=move || on().to_string()
                on:click=move |_| settings.update(|s| set(s, value))>{tr(key)}</button>
        }
    });
    view! {
        <div class="maps-toggle" role="group" aria-label=tr(label) data-mc-maps-toggle=name>
            <span class="maps-toggle-label">{tr(label)}</span>
            {buttons.to_vec()}
        </div>
    }
}

/// The per-class gradient maps of one image of the batch.
#[component]
pub fn ClassMaps(
    /// The batch; `None` before there is one.
    #[prop(into)]
    batch: Signal<Option<Rc<BatchBuffers>>, LocalStorage>,
    /// The loss and its aggregation (validated for the batch's channel count).
    #[prop(into)]
    config: Signal<McConfig>,
    /// Which image of the batch (0-based).
    #[prop(into)]
    image: Signal<usize>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let settings = RwSignal::new(MapSettings::default());
    let hover = RwSignal::new(None::<(usize, usize)>);
    let maps: Maps = Memo::new(move |_| {
        let image = image.get();
        config.with(|config| batch.with(|b| b.as_ref().map(|b| image_maps(b, config, image))))
    });
    let scale = Memo::new(move |_| {
        let s = settings.get();
        let max = maps.with(|m| {
            m.as_ref().and_then(|m| m.as_ref().ok()).map_or(0.0, |m| m.max_abs(s.component))
        });
        Scale::new(max, s.scaling)
    });
    let classes = Memo::new(move |_| {
        maps.with(|m| m.as_ref().and_then(|m| m.as_ref().ok()).map_or(0, |m| m.classes))
    });
    let cards = move || {
        (0..classes.get())
            .map(|c| view! { <ClassCard channel=c maps=maps settings=settings scale=scale hover=hover /> })
            .collect::<Vec<_>>()
    };
    let error = move || {
        maps.with(|m| match m {
            Some(Err(e)) => {
                let text = match e {
                    Refused::Channels { config, batch } => fill(
                        i18n.t("classes.maps.channels"),
                        &[("config", &config.to_string()), ("batch", &batch.to_string())],
                    ),
                    Refused::Image { image, images } => fill(
                        i18n.t("classes.maps.no_image"),
                        &[("image", &image.to_string()), ("images", &images.to_string())],
                    ),
                    Refused::Input(reason) => {
                        fill(i18n.t("classes.maps.refused"), &[("e", reason)])
                    }
                };
                Some(
                    view! { <p class="error" role="alert" data-mc-maps-error="">{text}</p> }
                        .into_any(),
                )
            }
            None => Some(view! { <p class="hint">{tr("classes.maps.empty")}</p> }.into_any()),
            Some(Ok(_)) => None,
        })
    };
    let note = move || {
        maps.with(|m| {
            let m = m.as_ref()?.as_ref().ok()?;
            let outside: Vec<String> = (0..m.classes)
                .filter(|c| !m.kept.contains(c))
                .map(|c| m.names[c].clone())
                .collect();
            Some(if outside.is_empty() {
                i18n.t("classes.maps.all_kept").to_string()
            } else {
                fill(i18n.t("classes.maps.outside"), &[("classes", &outside.join(", "))])
            })
        })
    };
    view! {
        <section class="panel maps-panel mc-maps" data-testid="mc-maps">
            <h3>{tr("classes.maps.title")}</h3>
            <p class="hint">{tr("classes.maps.intro")}</p>
            <div class="maps-toggles">
                {toggle(settings, "component", "gradients.component",
                    [(Component::Logit, "z", k("gradients.component.z")), (Component::Prob, "p", k("gradients.component.p"))],
                    |s| s.component, |s, v| s.component = v)}
                {toggle(settings, "scaling", "gradients.scaling",
                    [(Scaling::Linear, "linear", k("gradients.scaling.linear")), (Scaling::SymLog, "symlog", k("gradients.scaling.symlog"))],
                    |s| s.scaling, |s, v| s.scaling = v)}
            </div>
            {error}
            <div class="mc-maps-grid">{cards}</div>
            <p class="hint mc-maps-note" data-mc-maps-note="">{note}</p>
            <SharedBar settings=settings scale=scale />
            <MapsReadout maps=maps settings=settings hover=hover />
        </section>
    }
}

/// One channel's map, its name and its own largest `|g|`.
#[component]
fn ClassCard(
    channel: usize,
    maps: Maps,
    settings: RwSignal<MapSettings>,
    scale: Memo<Scale>,
    hover: RwSignal<Option<(usize, usize)>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let canvas = NodeRef::<html::Canvas>::new();
    let buffer = StoredValue::new_local(Vec::<u8>::new());
    let size = Memo::new(move |_| {
        maps.with(|m| {
            m.as_ref().and_then(|m| m.as_ref().ok()).map_or((1, 1), |m| (m.height, m.width))
        })
    });
    Effect::new(move |_| {
        let component = settings.with(|s| s.component);
        let scale = scale.get();
        let Some(el) = canvas.get() else { return };
        maps.with(|m| {
            let Some(Ok(m)) = m else { return };
            buffer.update_value(|buf| {
                render_rgba(m.plane(component, channel), &scale, buf);
                let _ = put_rgba(&el, buf, m.width as u32, m.height as u32);
            });
        });
    });
    let facts = move || {
        maps.with(|m| {
            let m = m.as_ref()?.as_ref().ok()?;
            let component = settings.with(|s| s.component);
            let max = m.plane(component, channel).iter().fold(0.0f64, |a, g| a.max(g.abs()));
            Some((
                m.names.get(channel).cloned().unwrap_or_default(),
                m.kept.contains(&channel),
                max,
            ))
        })
    };
    let name = move || facts().map(|f| f.0).unwrap_or_default();
    let kept = move || facts().is_none_or(|f| f.1);
    let max = move || facts().map_or(f64::NAN, |f| f.2);
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some(el) = canvas.get_untracked() else { return };
        let (h, w) = size.get_untracked();
        // `pixel_at` maps one side; the row and the column come from their own side.
        let (Some((row, _)), Some((_, col))) = (pixel_at(&el, &ev, h), pixel_at(&el, &ev, w))
        else {
            return;
        };
        if hover.get_untracked() != Some((row, col)) {
            hover.set(Some((row, col)));
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let (h, w) = size.get_untracked();
        let (row, col) = hover.get_untracked().unwrap_or((h / 2, w / 2));
        let step =
            |v: usize, d: isize, n: usize| (v as isize + d).clamp(0, n as isize - 1) as usize;
        let moved = match ev.key().as_str() {
            "ArrowUp" => (step(row, -1, h), col),
            "ArrowDown" => (step(row, 1, h), col),
            "ArrowLeft" => (row, step(col, -1, w)),
            "ArrowRight" => (row, step(col, 1, w)),
            _ => return,
        };
        ev.prevent_default();
        hover.set(Some(moved));
    };
    let on_focus = move |_| {
        if hover.get_untracked().is_none() {
            let (h, w) = size.get_untracked();
            hover.set(Some((h / 2, w / 2)));
        }
    };
    let marker = move || {
        let (row, col) = hover.get()?;
        let (h, w) = size.get();
        if row >= h || col >= w {
            return None;
        }
        let (ch, cw) = (100.0 / h as f64, 100.0 / w as f64);
        Some(format!(
            "left: {}%; top: {}%; width: {cw}%; height: {ch}%",
            col as f64 * cw,
            row as f64 * ch
        ))
    };
    let label = move || {
        fill(i18n.t("classes.maps.map_label"), &[("class", &name()), ("c", &channel.to_string())])
    };
    view! {
        <figure class="maps-card mc-map-card" data-mc-map-card=channel data-kept=move || kept().to_string()
            data-max=move || full(max())>
            <figcaption>
                <span class="mc-map-name">{name}</span>
                <span class="mc-map-channel">{move || fill(i18n.t("classes.maps.channel"), &[("c", &channel.to_string())])}</span>
            </figcaption>
            <div class="maps-frame">
                <canvas node_ref=canvas class="maps-canvas" data-mc-gradient-map=channel
                    width=move || size.get().1 height=move || size.get().0
                    style:aspect-ratio=move || { let (h, w) = size.get(); format!("{w} / {h}") }
                    role="img" aria-label=label tabindex="0"
                    on:keydown=on_key on:focus=on_focus on:pointermove=on_move on:pointerdown=on_move></canvas>
                <div class="maps-marker" aria-hidden="true" hidden=move || marker().is_none()
                    style=move || marker().unwrap_or_default()></div>
            </div>
            <div class="maps-figures">
                <span>{tr("gradients.max")}</span>
                <b>{move || derived(max()).replace('-', "−")}</b>
            </div>
            <span class="mc-map-outside" hidden=kept>{tr("classes.maps.not_kept")}</span>
        </figure>
    }
}

/// The colour bar of the shared scale: the gradients view's ramp, ticks and caption.
#[component]
fn SharedBar(settings: RwSignal<MapSettings>, scale: Memo<Scale>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let canvas = NodeRef::<html::Canvas>::new();
    let resized = resized();
    Effect::new(move |_| {
        resized.track();
        if let Some(el) = canvas.get() {
            draw_ramp(&el);
        }
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
                        data-colorbar-tick="" data-value=full(t.value)>{label}</span>
                }
            })
            .collect::<Vec<_>>()
    };
    let text = move || settings.with(|s| caption(i18n, s, &scale.get()));
    view! {
        <div class="maps-colorbar">
            <div class="maps-bar-wrap">
                <canvas node_ref=canvas class="maps-bar" width=BAR_WIDTH height="1"
                    data-colorbar="" data-max=move || full(scale.get().max)
                    role="img" aria-label=move || i18n.t("classes.maps.colorbar")></canvas>
                <div class="maps-ticks">{ticks}</div>
            </div>
            <div class="maps-legend">
                <span class="maps-sign neg">{move || i18n.t("gradients.sign.neg")}</span>
                <span class="maps-caption">{text}</span>
                <span class="maps-sign pos">{move || i18n.t("gradients.sign.pos")}</span>
            </div>
        </div>
    }
}
