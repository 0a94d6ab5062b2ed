//! What each panel's axes are: scales and legend placement, by `figure.panel` id.

use crate::figure::Chart;
use losslab_core::sweep::{params, FigureId, Panel, SweepParam};

/// Where a panel draws its own legend (`None`: the figure's legend covers it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LegendAt {
    /// No panel legend.
    None,
    /// Upper right corner.
    UpperRight,
    /// Lower right corner.
    LowerRight,
    /// Upper left corner.
    UpperLeft,
    /// Lower left corner.
    LowerLeft,
    /// Middle of the right edge.
    MiddleRight,
}

/// A panel's axes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelMeta {
    /// Logarithmic x axis.
    pub x_log: bool,
    /// Logarithmic y axis.
    pub y_log: bool,
    /// Its own legend, and where.
    pub legend: LegendAt,
    /// The y range is fitted to points whose x lies in this range (outliers beyond it are
    /// clipped at the frame); `None`: every point.
    pub fit_x: Option<(f64, f64)>,
    /// Extra room above the data, as a fraction of its span (keeps a legend off the curves).
    pub headroom: f64,
}

const fn meta(x_log: bool, y_log: bool, legend: LegendAt) -> PanelMeta {
    PanelMeta { x_log, y_log, legend, fit_x: None, headroom: 0.0 }
}

/// The axes of `panel` in `figure`.
pub fn panel_meta(figure: FigureId, panel: &Panel) -> PanelMeta {
    use LegendAt::*;
    match (figure, panel.id) {
        (FigureId::PixelCurves, "grad_prob") => {
            PanelMeta { fit_x: Some((0.02, 0.98)), ..meta(false, false, None) }
        }
        (FigureId::PixelCurves, "article") => {
            PanelMeta { headroom: 0.8, ..meta(true, false, UpperRight) }
        }
        (FigureId::PixelCurves, "focal_value") => meta(false, false, UpperRight),
        (FigureId::PixelCurves, "focal_grad") => meta(false, false, LowerRight),
        (FigureId::PixelCurves, _) => meta(false, false, None),
        (FigureId::SizeSweep, "value") => meta(true, false, None),
        (FigureId::SizeSweep, _) => meta(true, true, None),
        (FigureId::PixelSensitivity, "gdl_weights") => meta(true, true, MiddleRight),
        (FigureId::PixelSensitivity, _) => meta(true, true, None),
        (FigureId::ParamSweep, id) if id.starts_with("sweep") => {
            // A panel holds the losses of one range and axis: its first loss decides.
            let param = SweepParam::parse(params::label_key(&panel.label));
            let loss = panel.curves.iter().find_map(|c| c.loss);
            let log = param.zip(loss).is_some_and(|(p, l)| p.is_log_for(l));
            meta(log, false, None)
        }
        (FigureId::ParamSweep, "tversky") => meta(false, false, LowerRight),
        (FigureId::ParamSweep, "sens_lambda") => meta(false, true, LowerLeft),
        (FigureId::ParamSweep, "sens_size") => meta(true, true, UpperRight),
        (FigureId::ParamSweep, "focal_share") => meta(false, false, MiddleRight),
        (FigureId::ParamSweep, "focal_tversky") => meta(false, true, LowerLeft),
        (FigureId::ParamSweep, _) => meta(false, true, UpperRight),
        (FigureId::CropSweep, "value") => meta(true, false, None),
        (FigureId::CropSweep, _) => meta(true, true, None),
    }
}

/// The text key prefix of `panel` in `figure`: `figure.panel`.
pub fn panel_key(figure: FigureId, panel: &Panel) -> String {
    // The parameter sweep's panels of other ranges (`sweep_2`, …) read the `sweep` texts.
    let id = if panel.id.starts_with("sweep") { "sweep" } else { panel.id };
    format!("{}.{}", figure.as_str(), id)
}

/// The axes of `panel` in `chart` (a curves-view figure's as [`panel_meta`]).
pub fn chart_panel_meta(chart: Chart, panel: &Panel) -> PanelMeta {
    use LegendAt::*;
    match (chart, panel.id) {
        (Chart::Sweep(figure), _) => panel_meta(figure, panel),
        // Areas span three decades; area 0 (the class absent) is in the CSV, not on a log axis.
        (Chart::ClassSizeSweep, "gdl_weight") => meta(true, true, UpperRight),
        (Chart::ClassSizeSweep, _) => meta(true, false, None),
    }
}

/// The text key prefix of `panel` in `chart`: `chart.panel` (a curves-view figure's as
/// [`panel_key`]).
pub fn chart_panel_key(chart: Chart, panel: &Panel) -> String {
    match chart {
        Chart::Sweep(figure) => panel_key(figure, panel),
        Chart::ClassSizeSweep => format!("{}.{}", chart.as_str(), panel.id),
    }
}
