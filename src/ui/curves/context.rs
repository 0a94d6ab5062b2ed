//! The curves view's context: its settings, and the charts' panels as last mounted (for the
//! export of every chart at once). Its own file so that the view and its chart panels both
//! depend on it, and not on each other.

use super::super::i18n::Lang;
use super::handle::{ChartHandle, EXPORT_KINDS};
use leptos::prelude::*;
use losslab_core::share::zip;
use losslab_core::sweep::{CurveSettings, FigureId};
use losslab_core::LossName;

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

    /// Every chart's PNG (at `scale`), SVG and CSV as one `.zip`, in the order of
    /// [`FigureId::ALL`]; an error names what is missing (a chart still computing).
    pub fn zip_all(&self, current: LossName, lang: Lang, scale: f64) -> Result<Vec<u8>, String> {
        let charts = self.charts.get_value();
        let mut files = Vec::new();
        for figure in FigureId::ALL {
            let handle = charts.iter().find(|c| c.figure == figure);
            for kind in EXPORT_KINDS {
                match handle.map(|h| h.file(kind, current, lang, scale)).transpose()?.flatten() {
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

impl Default for CurvesContext {
    fn default() -> Self {
        CurvesContext::new()
    }
}
