//! The hover read-out: which panel a pointer is over, and each curve's nearest point there.

use crate::draw::{from_axis, to_axis, Frame};
use crate::figure::Figure;
use crate::text::curve_label;

/// One curve's nearest point.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The curve's label (`dice t=1`).
    pub label: String,
    /// The point's x.
    pub x: f64,
    /// The point's y.
    pub y: f64,
}

/// What the pointer is over.
#[derive(Debug, Clone, PartialEq)]
pub struct Readout {
    /// The panel's id.
    pub panel: &'static str,
    /// The x under the pointer.
    pub x: f64,
    /// Each curve's data point nearest to that x (on the panel's x axis).
    pub rows: Vec<Row>,
}

/// The read-out at backend pixel `at`, if it lies in a panel's frame; curves are named in
/// the language of `tr` (as [`crate::draw`] takes it).
pub fn readout<'a>(
    data: impl Into<Figure<'a>>,
    frames: &[Frame],
    at: (f64, f64),
    tr: &dyn Fn(&str) -> String,
) -> Option<Readout> {
    let frame = frames.iter().find(|f| {
        let (l, t, r, b) = f.rect;
        (l as f64..=r as f64).contains(&at.0) && (t as f64..=b as f64).contains(&at.1)
    })?;
    let panel = data.into().panel(frame.panel)?;
    let (l, _, r, _) = frame.rect;
    let u = if r > l { (at.0 - l as f64) / (r - l) as f64 } else { 0.0 };
    let a = frame.x.0 + u * (frame.x.1 - frame.x.0);
    let rows = panel
        .curves
        .iter()
        .filter_map(|c| {
            let (x, y) = c
                .points
                .iter()
                .filter(|p| to_axis(p.1, frame.y_log).is_some())
                .filter_map(|&(x, y)| Some((to_axis(x, frame.x_log)?, x, y)))
                .min_by(|p, q| (p.0 - a).abs().total_cmp(&(q.0 - a).abs()))
                .map(|(_, x, y)| (x, y))?;
            Some(Row { label: curve_label(c, tr, false), x, y })
        })
        .collect();
    Some(Readout { panel: frame.panel, x: from_axis(a, frame.x_log), rows })
}
