//! Brush strokes on either layer. A stroke is a polyline of pointer positions in pixel
//! coordinates (`(0, 0)` is the top-left corner of the top-left pixel); each segment paints
//! every pixel whose centre lies near it.

use super::model::{Layer, Scene};

/// Largest brush diameter, in pixels.
pub const MAX_BRUSH_SIZE: f64 = 64.0;

/// Paint or erase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum BrushMode {
    /// Target: set to 1; prediction: set to the brush probability.
    #[default]
    Paint,
    /// Set to 0 on either layer.
    Erase,
}

/// The brush: size, mode, and the probability it paints on the prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Brush {
    /// Diameter in pixels, in `[1, 64]`.
    pub size: f64,
    /// Paint or erase.
    pub mode: BrushMode,
    /// Probability painted on the prediction layer, in `[0, 1]`.
    pub prob: f64,
}

impl Default for Brush {
    fn default() -> Self {
        Brush { size: 3.0, mode: BrushMode::Paint, prob: 0.9 }
    }
}

impl Brush {
    /// Coverage of a pixel whose centre is `d` pixels from the stroke: 1 inside, a linear
    /// soft edge of width `max(1, r/2)` around the radius `r`, 0 outside. A coverage of at
    /// least ½ means "inside" (the target layer's hard edge).
    pub fn coverage(&self, d: f64) -> f64 {
        let r = self.size.clamp(1.0, MAX_BRUSH_SIZE) / 2.0;
        let edge = (r / 2.0).max(1.0);
        ((r - d) / edge + 0.5).clamp(0.0, 1.0)
    }

    /// The value this brush writes on `layer`.
    fn value(&self, layer: Layer) -> f64 {
        match (self.mode, layer) {
            (BrushMode::Erase, _) => 0.0,
            (BrushMode::Paint, Layer::Target) => 1.0,
            (BrushMode::Paint, Layer::Prediction) => self.prob.clamp(0.0, 1.0),
        }
    }
}

/// One stroke in progress: the layer, the brush, the last point, and (for the prediction)
/// the painted state before the stroke, so a stroke's soft edge does not build up where it
/// overlaps itself.
#[derive(Debug, Clone)]
pub struct Stroke {
    layer: Layer,
    brush: Brush,
    last: Option<(f64, f64)>,
    stroke_cover: Vec<f64>,
    base_ink: Vec<f64>,
    base_cover: Vec<f64>,
}

impl Stroke {
    /// The layer this stroke paints.
    pub fn layer(&self) -> Layer {
        self.layer
    }
}

/// Distance from `(px, py)` to the segment `a`–`b`.
pub(super) fn segment_distance(px: f64, py: f64, a: (f64, f64), b: (f64, f64)) -> f64 {
    let (vx, vy) = (b.0 - a.0, b.1 - a.1);
    let len2 = vx * vx + vy * vy;
    let t =
        if len2 > 0.0 { (((px - a.0) * vx + (py - a.1) * vy) / len2).clamp(0.0, 1.0) } else { 0.0 };
    let (dx, dy) = (px - (a.0 + t * vx), py - (a.1 + t * vy));
    (dx * dx + dy * dy).sqrt()
}

impl Scene {
    /// Starts a stroke on `layer` with `brush` (nothing is painted until [`Scene::stroke_to`]).
    pub fn begin_stroke(&self, layer: Layer, brush: Brush) -> Stroke {
        let n = self.grid.pixels();
        let (base_ink, base_cover) = match layer {
            Layer::Target => (Vec::new(), Vec::new()),
            Layer::Prediction => (self.ink.clone(), self.cover.clone()),
        };
        Stroke { layer, brush, last: None, stroke_cover: vec![0.0; n], base_ink, base_cover }
    }

    /// Extends `stroke` to `(x, y)` (pixel coordinates, may lie outside the grid) and paints
    /// the new segment. Returns whether any pixel changed.
    pub fn stroke_to(&mut self, stroke: &mut Stroke, x: f64, y: f64) -> bool {
        if !x.is_finite() || !y.is_finite() || stroke.stroke_cover.len() != self.grid.pixels() {
            return false;
        }
        let a = stroke.last.unwrap_or((x, y));
        let b = (x, y);
        stroke.last = Some(b);
        let side = self.side() as i64;
        let reach = stroke.brush.size.clamp(1.0, MAX_BRUSH_SIZE) + 2.0;
        let lo = |v: f64| ((v - reach).floor() as i64).clamp(0, side);
        let hi = |v: f64| ((v + reach).ceil() as i64).clamp(0, side);
        let (x0, x1) = (lo(a.0.min(b.0)), hi(a.0.max(b.0)));
        let (y0, y1) = (lo(a.1.min(b.1)), hi(a.1.max(b.1)));
        let under = |v: f64| v.floor() as i64;
        let value = stroke.brush.value(stroke.layer);
        let mut changed = false;
        for py in y0..y1 {
            for px in x0..x1 {
                let d = segment_distance(px as f64 + 0.5, py as f64 + 0.5, a, b);
                let hit = px == under(b.0) && py == under(b.1);
                let c = if hit { 1.0 } else { stroke.brush.coverage(d) };
                let i = (py * side + px) as usize;
                if c <= stroke.stroke_cover[i] {
                    continue;
                }
                stroke.stroke_cover[i] = c;
                changed |= self.paint_pixel(stroke, i, c, value);
            }
        }
        if changed && stroke.layer == Layer::Target {
            self.refresh_model();
        }
        changed
    }

    /// Paints pixel `i` with coverage `c` of `value`; returns whether it changed.
    fn paint_pixel(&mut self, stroke: &Stroke, i: usize, c: f64, value: f64) -> bool {
        match stroke.layer {
            Layer::Target => {
                let old = self.target[i];
                if c >= 0.5 {
                    self.target[i] = value;
                }
                old != self.target[i]
            }
            Layer::Prediction => {
                let (bi, bc) = (stroke.base_ink[i], stroke.base_cover[i]);
                let cover = c + bc * (1.0 - c);
                self.cover[i] = cover;
                self.ink[i] =
                    if cover > 0.0 { (value * c + bi * bc * (1.0 - c)) / cover } else { value };
                let old = self.prob[i];
                self.composite(i);
                old != self.prob[i]
            }
        }
    }
}
