//! Painting the label map: a round brush of a class from the palette (class 0 erases to
//! background). A pixel is painted when the binary brush's coverage of it is at least ½ —
//! the binary target layer's hard edge — or when the pointer is on it.

use super::super::brush::{segment_distance, Brush, MAX_BRUSH_SIZE};
use super::scene::ClassScene;

/// The label brush: diameter and the class it paints.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassBrush {
    /// Diameter in pixels, in `[1, 64]`.
    pub size: f64,
    /// The class painted: 0 erases to background.
    pub class: u8,
}

impl Default for ClassBrush {
    fn default() -> Self {
        ClassBrush { size: 3.0, class: 1 }
    }
}

/// A stroke in progress: the brush and the last point.
#[derive(Debug, Clone)]
pub struct ClassStroke {
    brush: ClassBrush,
    last: Option<(f64, f64)>,
}

impl ClassScene {
    /// Starts a stroke (nothing is painted until [`ClassScene::stroke_to`]).
    pub fn begin_stroke(&self, brush: ClassBrush) -> ClassStroke {
        ClassStroke { brush, last: None }
    }

    /// Extends `stroke` to `(x, y)` (pixel coordinates, `(0, 0)` the top-left corner; may lie
    /// outside the grid) and paints the segment. A class beyond the scene's class count
    /// paints nothing. Returns whether any pixel changed.
    pub fn stroke_to(&mut self, stroke: &mut ClassStroke, x: f64, y: f64) -> bool {
        let class = stroke.brush.class;
        if !x.is_finite() || !y.is_finite() || usize::from(class) > self.classes {
            return false;
        }
        let a = stroke.last.unwrap_or((x, y));
        let b = (x, y);
        stroke.last = Some(b);
        let size = if stroke.brush.size.is_nan() { 1.0 } else { stroke.brush.size };
        let round = Brush { size: size.clamp(1.0, MAX_BRUSH_SIZE), ..Brush::default() };
        let side = self.side() as i64;
        let reach = round.size + 2.0;
        let lo = |v: f64| ((v - reach).floor() as i64).clamp(0, side);
        let hi = |v: f64| ((v + reach).ceil() as i64).clamp(0, side);
        let (x0, x1) = (lo(a.0.min(b.0)), hi(a.0.max(b.0)));
        let (y0, y1) = (lo(a.1.min(b.1)), hi(a.1.max(b.1)));
        let mut changed = false;
        for py in y0..y1 {
            for px in x0..x1 {
                let d = segment_distance(px as f64 + 0.5, py as f64 + 0.5, a, b);
                let hit = px == b.0.floor() as i64 && py == b.1.floor() as i64;
                if hit || round.coverage(d) >= 0.5 {
                    let i = (py * side + px) as usize;
                    changed |= self.labels[i] != class;
                    self.labels[i] = class;
                }
            }
        }
        if changed {
            self.painted = true;
        }
        changed
    }
}

/// At most this many undo steps.
pub const MAX_CLASS_HISTORY: usize = 100;

/// Undo and redo of whole multi-class scenes (a 64 × 64 scene is 4 KiB of labels: a
/// hundred steps cost little). Consecutive edits of one slider (`coalesce` with the same
/// key) make one step until [`ClassHistory::seal`].
#[derive(Debug, Clone, Default)]
pub struct ClassHistory {
    undo: Vec<ClassScene>,
    redo: Vec<ClassScene>,
    open: Option<&'static str>,
}

impl ClassHistory {
    /// Records `before`, the scene just before an edit; `coalesce` names a slider whose
    /// repeated moves make one step.
    pub fn record(&mut self, before: &ClassScene, coalesce: Option<&'static str>) {
        if coalesce.is_some() && self.open == coalesce {
            return;
        }
        self.open = coalesce;
        self.redo.clear();
        self.undo.push(before.clone());
        if self.undo.len() > MAX_CLASS_HISTORY {
            self.undo.remove(0);
        }
    }

    /// Ends a run of coalescing edits.
    pub fn seal(&mut self) {
        self.open = None;
    }

    /// Steps back; returns whether there was a step.
    pub fn undo(&mut self, scene: &mut ClassScene) -> bool {
        self.open = None;
        match self.undo.pop() {
            Some(previous) => {
                self.redo.push(std::mem::replace(scene, previous));
                true
            }
            None => false,
        }
    }

    /// Steps forward again; returns whether there was a step.
    pub fn redo(&mut self, scene: &mut ClassScene) -> bool {
        self.open = None;
        match self.redo.pop() {
            Some(next) => {
                self.undo.push(std::mem::replace(scene, next));
                true
            }
            None => false,
        }
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }
}
