//! What a chart draws, whatever computed it: the curves view's figures (`FigureData`) and the
//! multi-class view's class-size sweep (`ClassSizeSweep`) share one drawing, one export and
//! one read-out through [`Figure`].

use losslab_core::multiclass::sweep::{ClassSizeSweep, CLASS_SIZE_SWEEP};
use losslab_core::sweep::{panels_csv, FigureData, FigureId, Panel};

/// Which chart: it decides the text keys (`figure.<id>`, `<id>.<panel>.title`) and the axes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chart {
    /// A figure of the curves view.
    Sweep(FigureId),
    /// The multi-class view's class-size sweep.
    ClassSizeSweep,
}

impl Chart {
    /// The chart's id in hooks, file names and text keys.
    pub fn as_str(self) -> &'static str {
        match self {
            Chart::Sweep(figure) => figure.as_str(),
            Chart::ClassSizeSweep => CLASS_SIZE_SWEEP,
        }
    }
}

/// A chart's panels and notes, borrowed for drawing.
#[derive(Debug, Clone, Copy)]
pub struct Figure<'a> {
    /// Which chart.
    pub chart: Chart,
    /// Its panels, in reading order.
    pub panels: &'a [Panel],
    /// Figure-wide notes (shown when there is nothing to draw).
    pub notes: &'a [String],
}

impl<'a> Figure<'a> {
    /// The panel with this id, if any.
    pub fn panel(&self, id: &str) -> Option<&'a Panel> {
        self.panels.iter().find(|p| p.id == id)
    }
}

impl<'a> From<&Figure<'a>> for Figure<'a> {
    fn from(figure: &Figure<'a>) -> Figure<'a> {
        *figure
    }
}

impl<'a> From<&'a FigureData> for Figure<'a> {
    fn from(data: &'a FigureData) -> Figure<'a> {
        Figure { chart: Chart::Sweep(data.id), panels: &data.panels, notes: &data.notes }
    }
}

/// The class-size sweep's panels ([`ClassSizeSweep::panels`], made once), ready to draw,
/// export or read out.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSizeFigure {
    /// The panels: `value`, `gdl_weight`, `grad_share`.
    pub panels: Vec<Panel>,
    /// The sweep's notes (what was skipped).
    pub notes: Vec<String>,
}

impl ClassSizeFigure {
    /// The panels of `sweep`.
    pub fn new(sweep: &ClassSizeSweep) -> ClassSizeFigure {
        ClassSizeFigure { panels: sweep.panels(), notes: sweep.notes.clone() }
    }

    /// The data as CSV (`panel,curve,x,y`), as every chart exports it.
    pub fn to_csv(&self) -> String {
        panels_csv(&self.panels)
    }
}

impl<'a> From<&'a ClassSizeFigure> for Figure<'a> {
    fn from(data: &'a ClassSizeFigure) -> Figure<'a> {
        Figure { chart: Chart::ClassSizeSweep, panels: &data.panels, notes: &data.notes }
    }
}
