//! The curves view: the five charts of `losslab_core::sweep`, drawn by `losslab_charts` on
//! canvases, each exportable as PNG, SVG and CSV, with a hover read-out.
//!
//! Data flow: the scene, every loss's parameters, the current loss (`lab.current`) and the
//! view's `CurveSettings` (one `RwSignal` in [`CurvesContext`]) feed each chart's runner
//! ([`run`]): after a short debounce it builds the chart's `sweep::Job` and runs its steps a
//! few milliseconds per animation frame (a progress bar shows while it runs), so moving a
//! slider never freezes the page. The finished `FigureData` is drawn on the canvas (an effect
//! that only talks to the canvas) and kept for the read-out and the exports.
//!
//! # Hooks (beyond `testing-hooks.md`'s `data-chart`, `data-chart-panel`, `data-export`)
//! - `[data-chart-status="<id>"]`: its `data-state` is `computing` while a sweep runs,
//!   `ready` once drawn; `data-draws` counts the draws, `data-draw-ms` times the last one and `data-step-ms`
//!   the longest step of the last sweep (figures for benchmarks, not tests).
//! - `progress[data-chart-progress="<id>"]`: the sweep's progress (shown while computing).
//! - `[data-readout="<id>"]`: the hover read-out, `data-panel` and `data-x` on it; each row
//!   `[data-readout-row="<curve label>"]` carries `data-x` and `data-y` at full precision.
//! - `input[data-curves-loss="<loss>"]`: the "losses drawn" checkboxes;
//!   `[data-testid="curves-sweep-param"]` (select), `curves-backgrounds` and `curves-points`
//!   (text fields applied on `change`).
//! - `[data-testid="curves-export-all"]` (`data-export="all"`): every chart's PNG, SVG and
//!   CSV in one `losslab-charts.zip`; `select[data-testid="png-scale"]` beside it sets the
//!   PNGs' scale (`1`, `2`, `3` device pixels per CSS pixel; also the gradient maps').

mod context;
mod controls;
pub(super) mod handle;
mod panel;
mod run;

use super::export::download_bytes;
use super::hidpi::{export_scale, ExportScaleMenu};
use super::i18n::{fill, text, tr, I18n};
use super::state::Lab;
use leptos::prelude::*;
use losslab_core::sweep::FigureId;
use panel::ChartPanel;

pub use context::CurvesContext;

/// The button that downloads every chart's PNG, SVG and CSV as one `.zip` (one download: a
/// browser blocks a page's many automatic downloads after the first few).
#[component]
fn ExportAll() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let context = expect_context::<CurvesContext>();
    let scale = export_scale();
    let export = move |_| {
        let lang = i18n.lang.get_untracked();
        match context.zip_all(lab.current.get_untracked(), lang, f64::from(scale.get_untracked())) {
            Ok(bytes) => {
                if let Err(e) = download_bytes(&bytes, "application/zip", "losslab-charts.zip") {
                    lab.warn(fill(text(lang, "curves.export_failed"), &[("e", &format!("{e:?}"))]));
                }
            }
            Err(e) => lab.warn(fill(text(lang, "curves.export_all_wait"), &[("e", &e)])),
        }
    };
    view! {
        <div class="row">
            <ExportScaleMenu />
            <button data-export="all" data-testid="curves-export-all"
                title=tr("curves.export_all_title") on:click=export>{tr("curves.export_all")}</button>
        </div>
    }
}

/// The curves view's pane.
#[component]
pub fn CurvesView() -> impl IntoView {
    let context = expect_context::<CurvesContext>();
    let panels: Vec<_> =
        FigureId::ALL.into_iter().map(|figure| view! { <ChartPanel figure=figure /> }).collect();
    view! {
        <section class="pane curves" data-pane="curves">
            <p class="hint">{tr("curves.intro")}</p>
            <controls::Controls settings=context.settings>
                <ExportAll />
            </controls::Controls>
            {panels}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::super::i18n::{text, Lang};

    /// Every text key of the charts crate has its `curves.chart.*` entry in both languages.
    #[test]
    fn every_chart_text_is_translated() {
        let texts = losslab_charts::text::ENGLISH.iter().chain(losslab_charts::text::MULTICLASS);
        for &(key, english) in texts {
            let full = format!("curves.chart.{key}");
            let entry = super::super::i18n::TABLES
                .iter()
                .flat_map(|t| t.iter())
                .find(|(k, _, _)| *k == full)
                .unwrap_or_else(|| panic!("{full} is missing from the curves table"));
            assert_eq!(entry.1, english, "{full}: English differs from the charts crate");
            let _ = text(Lang::Zh, entry.0);
        }
    }
}
