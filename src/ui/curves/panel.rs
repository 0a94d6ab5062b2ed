//! One chart: its title and lesson, the canvas, the progress bar, the export buttons and the
//! hover read-out.

use super::super::export::download_bytes;
use super::super::format::{derived, percent, value};
use super::super::hidpi::{device_pixel_ratio, export_scale, resized};
use super::super::i18n::{fill, tr, I18n, Lang};
use super::super::state::Lab;
use super::context::CurvesContext;
use super::handle::{chart_text, chart_width, mime, paint, ChartHandle, EXPORT_KINDS};
use super::run::{self, Runner};
use leptos::html;
use leptos::prelude::*;
use losslab_charts::{readout, size_for, Frame, Readout};
use losslab_core::sweep::{FigureData, FigureId};
use losslab_core::{Binary, DiceParams, Loss, LossConfig, LossName};
use web_sys::PointerEvent;

fn title_key(figure: FigureId) -> &'static str {
    match figure {
        FigureId::PixelCurves => "curves.title.pixel-curves",
        FigureId::SizeSweep => "curves.title.size-sweep",
        FigureId::PixelSensitivity => "curves.title.pixel-sensitivity",
        FigureId::ParamSweep => "curves.title.param-sweep",
        FigureId::CropSweep => "curves.title.crop-sweep",
    }
}

fn lesson_key(figure: FigureId) -> &'static str {
    match figure {
        FigureId::PixelCurves => "curves.lesson.pixel-curves",
        FigureId::SizeSweep => "curves.lesson.size-sweep",
        FigureId::PixelSensitivity => "curves.lesson.pixel-sensitivity",
        FigureId::ParamSweep => "curves.lesson.param-sweep",
        FigureId::CropSweep => "curves.lesson.crop-sweep",
    }
}

/// The numbers a lesson states, from the core: for the one-pixel sensitivity, the Dice drop
/// when one pixel of a hard n-pixel object is missed (`drop_4`, `drop_1000`: the Dice loss
/// with smooth 0 evaluated before and after), the lab's 1/n reading (`share_4`,
/// `share_1000`), and generalized Dice's class weight for an absent class (`gdl_absent`, the
/// default parameters on an empty target).
fn lesson_fields() -> Vec<(&'static str, String)> {
    let dice = Loss::new(LossConfig::Dice(DiceParams { smooth: 0.0, squared: false }));
    let drop = |n: usize| -> Option<f64> {
        let dice = dice.as_ref().ok()?;
        let target = vec![1.0f64; n];
        let mut prob = target.clone();
        let before = dice.evaluate(Binary::new(&target, &prob).ok()?).value;
        prob[0] = 0.0;
        let after = dice.evaluate(Binary::new(&target, &prob).ok()?).value;
        Some(after - before)
    };
    let gdl = {
        let (target, prob) = (vec![0.0f64; 16], vec![0.1f64; 16]);
        Binary::new(&target, &prob).ok().map(|input| {
            let e = Loss::default_for(LossName::GeneralizedDice).evaluate(input);
            e.class_weights.iter().copied().fold(0.0, f64::max)
        })
    };
    let text = |v: Option<f64>, pct: bool| match v {
        Some(v) if pct => percent(v),
        Some(v) => derived(v),
        None => "—".into(),
    };
    vec![
        ("drop_4", text(drop(4), true)),
        ("drop_1000", text(drop(1000), true)),
        ("share_4", text(Some(1.0 / 4.0), true)),
        ("share_1000", text(Some(1.0 / 1000.0), true)),
        ("gdl_absent", text(gdl, false)),
    ]
}

/// The pointer's position in CSS pixels of the chart (`size`: the chart's CSS size, however
/// the page scales the canvas and whatever its backing store).
fn pos_in_chart(
    canvas: &web_sys::HtmlCanvasElement,
    size: (u32, u32),
    ev: &PointerEvent,
) -> Option<(f64, f64)> {
    let rect = canvas.get_bounding_client_rect();
    if rect.width() <= 0.0 || rect.height() <= 0.0 {
        return None;
    }
    let x = (ev.client_x() as f64 - rect.left()) / rect.width() * f64::from(size.0);
    let y = (ev.client_y() as f64 - rect.top()) / rect.height() * f64::from(size.1);
    Some((x, y))
}

/// One chart's panel.
#[component]
pub fn ChartPanel(
    /// Which chart.
    figure: FigureId,
) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let settings = expect_context::<CurvesContext>().settings;
    let id = figure.as_str();
    let Runner { data, progress, running, longest_step_ms } = run::start(lab, settings, figure);
    let canvas = NodeRef::<html::Canvas>::new();
    let frames = StoredValue::new(Vec::<Frame>::new());
    // The chart's CSS size (the canvas's CSS width; the page may shrink it, keeping its
    // proportions); its backing store is this times the device pixel ratio.
    let css_size = RwSignal::new((0u32, 0u32));
    let draws = RwSignal::new(0u32);
    let draw_ms = RwSignal::new(0.0f64);
    let clock = window().performance();
    let now = move || clock.as_ref().map_or(0.0, |p| p.now());
    let hover = RwSignal::new(None::<Readout>);
    let resized = resized();

    // Draw when the data, the emphasised loss, the language, the width or the pixel ratio change.
    Effect::new(move |_| {
        let current = lab.current.get();
        let lang = i18n.lang.get();
        resized.track();
        let Some(el) = canvas.get() else { return };
        data.with(|d| {
            let Some(d) = d else { return };
            let start = now();
            let width = chart_width(&el);
            let size = size_for(d, width, &|key| chart_text(lang, key));
            match paint(&el, d, current, lang, width, device_pixel_ratio()) {
                Ok(f) => {
                    frames.set_value(f);
                    if css_size.get_untracked() != size {
                        css_size.set(size);
                    }
                    draw_ms.set(now() - start);
                    draws.update(|n| *n += 1);
                }
                Err(e) => lab.warn(fill(text(lang, "curves.draw_failed"), &[("e", &e)])),
            }
        });
        hover.set(None);
    });

    let on_move = move |ev: PointerEvent| {
        let Some(el) = canvas.get_untracked() else { return };
        let Some(at) = pos_in_chart(&el, css_size.get_untracked(), &ev) else { return };
        let lang = i18n.lang.get_untracked();
        let r = data.with_untracked(|d| {
            d.as_ref().and_then(|d| {
                frames.with_value(|f| readout(d, f, at, &|key| chart_text(lang, key)))
            })
        });
        hover.set(r);
    };
    expect_context::<CurvesContext>().register(ChartHandle { figure, data, canvas });
    let scale = export_scale();
    let export = move |kind: &'static str| {
        let lang = i18n.lang.get_untracked();
        let handle = ChartHandle { figure, data, canvas };
        let at = f64::from(scale.get_untracked());
        let result = match handle.file(kind, lab.current.get_untracked(), lang, at) {
            Ok(Some((name, bytes))) => {
                download_bytes(&bytes, mime(kind), &name).map_err(|e| format!("{e:?}"))
            }
            Ok(None) => Ok(()),
            Err(e) => Err(e),
        };
        if let Err(e) = result {
            lab.warn(fill(text(lang, "curves.export_failed"), &[("e", &e)]));
        }
    };
    let status = move || if running.get() || draws.get() == 0 { "computing" } else { "ready" };
    let buttons = EXPORT_KINDS.map(|kind| {
        let label = match kind {
            "png" => tr("curves.export_png"),
            "svg" => tr("curves.export_svg"),
            _ => tr("curves.export_csv"),
        };
        view! {
            <button data-export=kind title=tr("curves.export_title")
                disabled=move || data.with(Option::is_none)
                on:click=move |_| export(kind)>{label}</button>
        }
    });
    view! {
        <article class="panel curves-chart" data-chart-panel=id>
            <header class="curves-head">
                <h3>{tr(title_key(figure))}</h3>
                <span class="curves-status" data-chart-status=id data-state=status
                    data-draws=move || draws.get().to_string()
                    data-draw-ms=move || format!("{:.1}", draw_ms.get())
                    data-step-ms=move || format!("{:.1}", longest_step_ms.get())>
                    <Show when=move || running.get()>
                        <span class="muted">{tr("curves.computing")}</span>
                        <progress data-chart-progress=id max=move || progress.get().1.max(1).to_string()
                            value=move || progress.get().0.to_string()></progress>
                    </Show>
                </span>
                <span class="curves-exports">{buttons.to_vec()}</span>
            </header>
            <p class="hint">{move || {
                let fields = lesson_fields();
                let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                i18n.fill(lesson_key(figure), &pairs)
            }}</p>
            <div class="curves-canvas">
                <canvas node_ref=canvas data-chart=id on:pointermove=on_move
                    style:width=move || { let w = css_size.get().0; (w > 0).then(|| format!("{w}px")) }
                    on:pointerleave=move |_| hover.set(None)></canvas>
            </div>
            <ReadoutBox id=id hover=hover figure=figure data=data />
        </article>
    }
}

fn text(lang: Lang, key: &'static str) -> &'static str {
    super::super::i18n::text(lang, key)
}

/// The hover read-out under a chart.
#[component]
fn ReadoutBox(
    id: &'static str,
    hover: RwSignal<Option<Readout>>,
    figure: FigureId,
    data: RwSignal<Option<FigureData>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let rows = move || {
        let lang = i18n.lang.get();
        hover.get().map(|r| {
            let key = format!("{}.{}", figure.as_str(), r.panel);
            let x_desc = chart_text(lang, &format!("{key}.x"));
            let y_desc = chart_text(lang, &format!("{key}.y"));
            let label = data.with_untracked(|d| {
                d.as_ref().and_then(|d| d.panel(r.panel)).map(|p| p.label.clone()).unwrap_or_default()
            });
            let fill_param = |s: String| s.replace("{param}", &label);
            let x_desc = fill_param(x_desc);
            let title = fill_param(chart_text(lang, &format!("{key}.title")));
            let items = r
                .rows
                .iter()
                .map(|row| {
                    view! {
                        <li data-readout-row=row.label.clone() data-x=row.x.to_string() data-y=row.y.to_string()>
                            <b>{row.label.clone()}</b>": "{value(row.y)}
                            <span class="muted">" (x = "{value(row.x)}")"</span>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="curves-readout" data-readout=id data-panel=r.panel data-x=r.x.to_string()>
                    <p><b>{title}</b>" · "{x_desc}" = "{value(r.x)}" · "<span class="muted">{y_desc}</span></p>
                    <ul>{items}</ul>
                </div>
            }
        })
    };
    view! {
        <div class="curves-readout-slot">
            {move || rows().map_or_else(|| view! { <p class="hint">{tr("curves.readout_hint")}</p> }.into_any(), |v| v.into_any())}
        </div>
    }
}
