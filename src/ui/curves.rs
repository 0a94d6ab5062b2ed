//! The curves view: the five charts of `losslab_core::sweep`, drawn by `losslab_charts` on
//! canvases, each exportable as PNG, SVG and CSV, with a hover read-out.
//!
//! Data flow: the scene, every loss's parameters, the current loss (`lab.current`) and the
//! view's [`CurveSettings`] (one `RwSignal` in [`CurvesContext`]) feed each chart's runner
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
//!   CSV in one `losslab-charts.zip`.

mod controls;
mod panel;
mod run;

use super::export::download_bytes;
use super::i18n::{fill, text, tr, I18n, Lang};
use super::state::Lab;
use leptos::prelude::*;
use losslab_core::share::zip;
use losslab_core::sweep::{CurveSettings, FigureId};
use losslab_core::LossName;
use panel::{ChartHandle, ChartPanel, EXPORT_KINDS};

/// The curves view's settings, shared through context (keys `curves.*`, see
/// [`CurveSettings::pairs`]), provided at the app's root so they outlive a tab switch and
/// travel in the page link; and the mounted charts, for the export of them all.
#[derive(Debug, Clone, Copy)]
pub struct CurvesContext {
    /// Every user setting of the view.
    pub settings: RwSignal<CurveSettings>,
    /// The charts' panels as last mounted, one per figure.
    charts: StoredValue<Vec<ChartHandle>>,
}

impl CurvesContext {
    /// The context with the default settings.
    pub fn new() -> CurvesContext {
        CurvesContext {
            settings: RwSignal::new(CurveSettings::default()),
            charts: StoredValue::new(Vec::new()),
        }
    }

    /// Records a chart's panel (replacing the one of the same figure mounted before).
    pub fn register(&self, handle: ChartHandle) {
        self.charts.update_value(|charts| {
            charts.retain(|c| c.figure != handle.figure);
            charts.push(handle);
        });
    }

    /// Every chart's PNG, SVG and CSV as one `.zip`, in the order of [`FigureId::ALL`]; an
    /// error names what is missing (a chart still computing).
    fn zip_all(&self, current: LossName, lang: Lang) -> Result<Vec<u8>, String> {
        let charts = self.charts.get_value();
        let mut files = Vec::new();
        for figure in FigureId::ALL {
            let handle = charts.iter().find(|c| c.figure == figure);
            for kind in EXPORT_KINDS {
                match handle.map(|h| h.file(kind, current, lang)).transpose()?.flatten() {
                    Some(file) => files.push(file),
                    None => return Err(figure.as_str().to_string()),
                }
            }
        }
        let named: Vec<(&str, &[u8])> =
            files.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
        zip::store(&named).map_err(|e| e.to_string())
    }
}

/// The button that downloads every chart's PNG, SVG and CSV as one `.zip` (one download: a
/// browser blocks a page's many automatic downloads after the first few).
#[component]
fn ExportAll() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let context = expect_context::<CurvesContext>();
    let export = move |_| {
        let lang = i18n.lang.get_untracked();
        match context.zip_all(lab.current.get_untracked(), lang) {
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
            <button data-export="all" data-testid="curves-export-all"
                title=tr("curves.export_all_title") on:click=export>{tr("curves.export_all")}</button>
        </div>
    }
}

impl Default for CurvesContext {
    fn default() -> Self {
        CurvesContext::new()
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
        for &(key, english) in losslab_charts::text::ENGLISH {
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
