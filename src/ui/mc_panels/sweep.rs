//! The class-size sweep's panel: the chart `class-size-sweep` drawn by `losslab_charts` on a
//! canvas (the curves view's painting, sizes and texts), progress while it runs, PNG / SVG /
//! CSV exports like the curves view's, and a hover read-out.

use super::super::curves::handle::{chart_text, chart_width, mime, paint, EXPORT_KINDS};
use super::super::export::{canvas_png_bytes, download_bytes};
use super::super::format::value;
use super::super::hidpi::{device_pixel_ratio, export_scale, offscreen, resized, ExportScaleMenu};
use super::super::i18n::{fill, tr, I18n, Lang};
use super::sweep_run::{self, Problem, SweepRunner};
use leptos::html;
use leptos::prelude::*;
use losslab_charts::{readout, size_for, ClassSizeFigure, Frame, Readout};
use losslab_core::multiclass::sweep::CLASS_SIZE_SWEEP;
use losslab_core::LossName;
use web_sys::{HtmlCanvasElement, PointerEvent};

pub use super::sweep_run::MakeBatch;

/// The loss drawn thicker in the legend: Dice, the name the libraries disagree on.
const EMPHASISED: LossName = LossName::Dice;

/// The file `losslab-class-size-sweep.<kind>` of `figure` (`kind` one of [`EXPORT_KINDS`]):
/// the PNG drawn off-screen at `width` CSS pixels and `scale` device pixels per CSS pixel.
fn file(
    figure: &ClassSizeFigure,
    kind: &str,
    lang: Lang,
    width: u32,
    scale: f64,
) -> Result<(String, Vec<u8>), String> {
    let name = format!("losslab-{CLASS_SIZE_SWEEP}.{kind}");
    let bytes = match kind {
        "png" => {
            let (copy, _) = offscreen((1.0, 1.0), 1.0).map_err(|e| format!("{e:?}"))?;
            paint(&copy, figure, EMPHASISED, lang, width, scale)?;
            canvas_png_bytes(&copy).map_err(|e| format!("{e:?}"))?
        }
        "svg" => {
            losslab_charts::to_svg(figure, EMPHASISED, &|key| chart_text(lang, key))?.into_bytes()
        }
        _ => figure.to_csv().into_bytes(),
    };
    Ok((name, bytes))
}

/// The pointer's position in CSS pixels of a chart of CSS size `size`.
fn pos_in_chart(
    canvas: &HtmlCanvasElement,
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

/// The class-size sweep of the batch `make_batch` builds.
#[component]
pub fn ClassSweepPanel(
    /// Builds the batch with the swept class at an area in pixels (`[B, C, H, W]`, target and
    /// probabilities); `None` before there is a batch.
    #[prop(into)]
    make_batch: Signal<Option<MakeBatch>, LocalStorage>,
    /// The swept class's channel (1 … C − 1).
    #[prop(into)]
    swept: Signal<usize>,
    /// The batch's channels `C`, background included (as `McShape::classes`).
    #[prop(into)]
    classes: Signal<usize>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let SweepRunner { data, progress, running, problem } =
        sweep_run::start(make_batch, swept, classes);
    let canvas = NodeRef::<html::Canvas>::new();
    let frames = StoredValue::new(Vec::<Frame>::new());
    let css_size = RwSignal::new((0u32, 0u32));
    let draws = RwSignal::new(0u32);
    let failure = RwSignal::new(None::<String>);
    let hover = RwSignal::new(None::<Readout>);
    let resized = resized();
    let scale = export_scale();

    Effect::new(move |_| {
        let lang = i18n.lang.get();
        resized.track();
        let Some(el) = canvas.get() else { return };
        data.with(|d| {
            let Some(d) = d else { return };
            let width = chart_width(&el);
            let size = size_for(d, width, &|key| chart_text(lang, key));
            match paint(&el, d, EMPHASISED, lang, width, device_pixel_ratio()) {
                Ok(f) => {
                    frames.set_value(f);
                    if css_size.get_untracked() != size {
                        css_size.set(size);
                    }
                    draws.update(|n| *n += 1);
                }
                Err(e) => failure.set(Some(fill(i18n.t("curves.draw_failed"), &[("e", &e)]))),
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
    let export = move |kind: &'static str| {
        let lang = i18n.lang.get_untracked();
        let width = canvas.get_untracked().map_or(782, |el| chart_width(&el));
        let at = f64::from(scale.get_untracked());
        let made = data.with_untracked(|d| d.as_ref().map(|d| file(d, kind, lang, width, at)));
        let result = match made {
            Some(Ok((name, bytes))) => {
                download_bytes(&bytes, mime(kind), &name).map_err(|e| format!("{e:?}"))
            }
            Some(Err(e)) => Err(e),
            None => Ok(()),
        };
        failure.set(result.err().map(|e| fill(i18n.t("curves.export_failed"), &[("e", &e)])));
    };
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
    let status = move || if running.get() || draws.get() == 0 { "computing" } else { "ready" };
    let problem_text = move || {
        problem.get().map(|p| match p {
            Problem::NoBatch => i18n.t("classes.sweep.no_batch").to_string(),
            Problem::FewChannels(c) => {
                fill(i18n.t("classes.sweep.few_channels"), &[("classes", &c.to_string())])
            }
            Problem::SweptMissing { swept, classes } => fill(
                i18n.t("classes.sweep.swept_missing"),
                &[("swept", &swept.to_string()), ("classes", &classes.to_string())],
            ),
        })
    };
    let lesson =
        move || fill(i18n.t("classes.sweep.lesson"), &[("swept", &swept.get().to_string())]);
    view! {
        <article class="panel curves-chart mc-sweep" data-chart-panel=CLASS_SIZE_SWEEP>
            <header class="curves-head">
                <h3>{tr("classes.sweep.title")}</h3>
                <span class="curves-status" data-chart-status=CLASS_SIZE_SWEEP data-state=status
                    data-draws=move || draws.get().to_string()>
                    <Show when=move || running.get()>
                        <span class="muted">{tr("curves.computing")}</span>
                        <progress data-chart-progress=CLASS_SIZE_SWEEP max=move || progress.get().1.max(1).to_string()
                            value=move || progress.get().0.to_string()></progress>
                    </Show>
                </span>
                <span class="curves-exports">
                    <ExportScaleMenu />
                    {buttons.to_vec()}
                </span>
            </header>
            <p class="hint">{lesson}</p>
            {move || problem_text().map(|t| view! { <p class="hint" data-sweep-problem="">{t}</p> })}
            {move || failure.get().map(|t| view! { <p class="error" role="alert">{t}</p> })}
            <div class="curves-canvas">
                <canvas node_ref=canvas data-chart=CLASS_SIZE_SWEEP on:pointermove=on_move
                    style:width=move || { let w = css_size.get().0; (w > 0).then(|| format!("{w}px")) }
                    on:pointerleave=move |_| hover.set(None)></canvas>
            </div>
            <SweepReadout hover=hover />
        </article>
    }
}

/// The hover read-out under the chart: the panel, the swept area, each curve's nearest point.
#[component]
fn SweepReadout(hover: RwSignal<Option<Readout>>) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let body = move || {
        let lang = i18n.lang.get();
        let Some(r) = hover.get() else {
            return view! { <p class="hint">{tr("curves.readout_hint")}</p> }.into_any();
        };
        let key = format!("{CLASS_SIZE_SWEEP}.{}", r.panel);
        let title = chart_text(lang, &format!("{key}.title"));
        let x_desc = chart_text(lang, &format!("{key}.x"));
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
            <div class="curves-readout" data-readout=CLASS_SIZE_SWEEP data-panel=r.panel data-x=r.x.to_string()>
                <p><b>{title}</b>" · "{x_desc}" = "{value(r.x)}</p>
                <ul>{items}</ul>
            </div>
        }
        .into_any()
    };
    view! { <div class="curves-readout-slot">{body}</div> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use losslab_charts::bounds::{text_boxes, text_problems, CHECK_WIDTHS};
    use losslab_core::multiclass::sweep::default_job;

    fn figure() -> ClassSizeFigure {
        ClassSizeFigure::new(&default_job(16).run())
    }

    /// The chart in both languages at every width the page draws: no text leaves the figure
    /// or runs into another (text boxes from the SVG, `losslab_charts::bounds`).
    #[test]
    fn no_class_sweep_text_is_clipped_in_either_language() {
        let fig = figure();
        let mut problems = Vec::new();
        for lang in [Lang::En, Lang::Zh] {
            for width in CHECK_WIDTHS {
                let found = text_problems(&fig, width, &|key| chart_text(lang, key))
                    .expect("the SVG renders");
                problems.extend(found.into_iter().map(|p| format!("{lang:?} {width}: {p}")));
            }
        }
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }

    /// In Chinese, only loss names, parameter-free symbols and the terms the Chinese UI keeps
    /// stay Latin.
    #[test]
    fn the_class_sweep_in_chinese_has_no_english_words() {
        let svg = losslab_charts::to_svg(&figure(), EMPHASISED, &|key| chart_text(Lang::Zh, key))
            .expect("the SVG renders");
        let allowed: Vec<&str> =
            LossName::ALL.iter().map(|l| l.as_str()).chain(["Dice", "ce", "log"]).collect();
        let mut english = Vec::new();
        for text in text_boxes(&svg).expect("its texts").into_iter().map(|b| b.text) {
            let words = text.split(|c: char| !c.is_ascii_alphabetic() && c != '_');
            for word in words.filter(|w| w.len() >= 2 && !allowed.contains(w)) {
                english.push(format!("{word:?} in {text:?}"));
            }
        }
        assert!(english.is_empty(), "English in the Chinese chart:\n{}", english.join("\n"));
    }
}
