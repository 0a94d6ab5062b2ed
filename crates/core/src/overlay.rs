//! The geometry overlays of the scene (`losses-geometry.md`): the target's signed distance map
//! (the boundary loss's `φ`), the prediction's distance field (`HausdorffDTLoss`'s `F` of
//! `p > 0.5`), and the soft skeletons of the target and of the prediction (clDice's `S_y`,
//! `S_p`), each with its colour range, colour bar ticks and RGBA rendering. Pure: the app
//! draws the bytes and labels; the numbers are the core's own maps, as the losses use them.
//!
//! # Colours
//! - `φ`: diverging (the gradient maps' RdBu), two slopes: `φ < 0` (inside) in blue scaled by
//!   the most negative value, `φ > 0` (outside) in red scaled by the largest, the neutral
//!   centre exactly on the zero level (the inner contour). Inside depths are a few pixels,
//!   outside distances tens: one slope would leave the inside pale.
//! - `F`: sequential (viridis), `0 … max F`.
//! - skeletons: `0 … 1` (fixed: a soft skeleton lies in `[0, 1]` like a probability), from the
//!   input's faint silhouette (white where it is 0, light slate where it is 1) to a magenta
//!   ink, so the skeleton shows where it sits in its object.

use crate::geometry::{distance_field, signed_distance, soft_skeleton};
use crate::input::InputError;
use crate::params::CldiceParams;

/// Most skeleton iterations the overlay control offers.
pub const MAX_ITERATIONS: usize = 10;

/// One overlay of the geometry panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OverlayKind {
    /// The target's signed distance map `φ(y ≠ 0)` (boundary loss).
    TargetSdm,
    /// The prediction's distance field `F(p)` (Hausdorff-DT loss).
    PredDistance,
    /// The target's soft skeleton `skel(y, K)` (clDice's `S_y`).
    TargetSkeleton,
    /// The prediction's soft skeleton `skel(p, K)` (clDice's `S_p`).
    PredSkeleton,
}

impl OverlayKind {
    /// Every overlay, in display order.
    pub const ALL: [OverlayKind; 4] = [
        OverlayKind::TargetSdm,
        OverlayKind::PredDistance,
        OverlayKind::TargetSkeleton,
        OverlayKind::PredSkeleton,
    ];

    /// The name in hooks (`data-overlay`).
    pub fn as_str(self) -> &'static str {
        match self {
            OverlayKind::TargetSdm => "target-sdm",
            OverlayKind::PredDistance => "pred-distance",
            OverlayKind::TargetSkeleton => "target-skeleton",
            OverlayKind::PredSkeleton => "pred-skeleton",
        }
    }

    /// The overlay named `name`.
    pub fn parse(name: &str) -> Option<OverlayKind> {
        OverlayKind::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether its values are distances in pixels (else a soft skeleton, unitless).
    pub fn in_pixels(self) -> bool {
        matches!(self, OverlayKind::TargetSdm | OverlayKind::PredDistance)
    }

    /// Its place in [`OverlayKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// The overlays' one setting (link key `overlays.iterations`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct OverlaySettings {
    /// The skeletons' iterations `K`, `0..=MAX_ITERATIONS`; clDice's default (3) at first.
    pub iterations: usize,
}

impl Default for OverlaySettings {
    fn default() -> Self {
        OverlaySettings { iterations: CldiceParams::default().iterations as usize }
    }
}

impl OverlaySettings {
    /// Every setting as key → text.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![("overlays.iterations", self.iterations.to_string())]
    }

    /// Parses and applies one setting; a bad value or an unknown key is an error, and the
    /// settings are then unchanged.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "overlays.iterations" => match value.trim().parse::<usize>() {
                Ok(k) if k <= MAX_ITERATIONS => self.iterations = k,
                _ => {
                    return Err(format!(
                        "{key} must be a whole number from 0 to {MAX_ITERATIONS}, not {value:?}"
                    ))
                }
            },
            _ => return Err(format!("unknown overlay setting {key:?}")),
        }
        Ok(())
    }
}

/// ColorBrewer RdBu's ends and centre are the gradient maps' ([`crate::maps::diverging`]).
/// matplotlib's viridis at ninths of its range.
pub const VIRIDIS_STOPS: [[u8; 3]; 9] = [
    [68, 1, 84],
    [72, 40, 120],
    [62, 73, 137],
    [49, 104, 142],
    [38, 130, 142],
    [31, 158, 137],
    [53, 183, 121],
    [110, 206, 88],
    [253, 231, 37],
];

/// The skeleton's ink at `s = 1`.
pub const SKELETON_INK: [u8; 3] = [174, 1, 126];
/// The silhouette of the skeleton's input where it is 1 (white where it is 0).
pub const SILHOUETTE: [u8; 3] = [205, 212, 224];

fn lerp(a: [u8; 3], b: [u8; 3], t: f64) -> [u8; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    [0, 1, 2].map(|c| (f64::from(a[c]) + (f64::from(b[c]) - f64::from(a[c])) * t).round() as u8)
}

/// Viridis at `t ∈ [0, 1]` (clamped; NaN counts as 0).
pub fn viridis(t: f64) -> [u8; 3] {
    let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
    let x = t * (VIRIDIS_STOPS.len() - 1) as f64;
    let i = (x.floor() as usize).min(VIRIDIS_STOPS.len() - 2);
    lerp(VIRIDIS_STOPS[i], VIRIDIS_STOPS[i + 1], x - i as f64)
}

/// The colour scheme of one overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Palette {
    /// RdBu, two slopes around zero.
    Diverging,
    /// Viridis from 0.
    Sequential,
    /// Silhouette to magenta ink.
    Skeleton,
}

/// The colour range of one overlay: `low ≤ 0 ≤ high`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OverlayScale {
    /// The value at the bar's left end (0 for the sequential palettes).
    pub low: f64,
    /// The value at the bar's right end.
    pub high: f64,
    /// The colours.
    pub palette: Palette,
}

/// One colour bar tick.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarTick {
    /// The value.
    pub value: f64,
    /// Its place along the bar, `0` (left) to `1` (right).
    pub at: f64,
}

impl OverlayScale {
    /// Where `v` sits along the bar, in `[0, 1]`; a range of zero width puts everything at
    /// its zero (the centre of a diverging bar, the left end of the others).
    pub fn at(&self, v: f64) -> f64 {
        let ratio = |v: f64, end: f64| if end != 0.0 { (v / end).clamp(0.0, 1.0) } else { 0.0 };
        if v.is_nan() {
            return self.at(0.0);
        }
        match self.palette {
            Palette::Diverging if v < 0.0 => 0.5 - 0.5 * ratio(v, self.low),
            Palette::Diverging => 0.5 + 0.5 * ratio(v, self.high),
            Palette::Sequential | Palette::Skeleton => ratio(v, self.high),
        }
    }

    /// The colour of `v`; `base` is the skeleton's input at that pixel (its silhouette).
    pub fn colour(&self, v: f64, base: f64) -> [u8; 3] {
        let at = self.at(v);
        match self.palette {
            Palette::Diverging => crate::maps::diverging(2.0 * at - 1.0),
            Palette::Sequential => viridis(at),
            Palette::Skeleton => lerp(lerp([255; 3], SILHOUETTE, base), SKELETON_INK, at),
        }
    }

    /// The bar's ticks: its ends and zero (only zero for an empty range). No more: the bars
    /// are small, and a diverging bar's two halves have different slopes.
    pub fn ticks(&self) -> Vec<BarTick> {
        let mut values = Vec::new();
        if self.palette == Palette::Diverging && self.low < 0.0 {
            values.push(self.low);
        }
        values.push(0.0);
        if self.high > 0.0 {
            values.push(self.high);
        }
        values.into_iter().map(|value| BarTick { value, at: self.at(value) }).collect()
    }

    /// The bar: `width` columns, one row, RGBA, left to right (a skeleton's on white).
    pub fn bar_rgba(&self, width: usize) -> Vec<u8> {
        (0..width)
            .flat_map(|x| {
                let at = (x as f64 + 0.5) / width as f64;
                let [r, g, b] = match self.palette {
                    Palette::Diverging => crate::maps::diverging(2.0 * at - 1.0),
                    Palette::Sequential => viridis(at),
                    Palette::Skeleton => lerp([255; 3], SKELETON_INK, at),
                };
                [r, g, b, 255]
            })
            .collect()
    }
}

/// Why an overlay looks the way it does, when that needs saying.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Note {
    /// No target pixel: `φ = 0` everywhere (the code leaves an absent class blank).
    EmptyTarget,
    /// Every pixel is target: SciPy's phantom map `1 − √((i+1)² + j²)`, an artefact.
    PhantomTarget,
    /// No `p > 0.5`: MONAI's field is 0 everywhere.
    NoForeground,
    /// Every `p > 0.5`: MONAI's field is 0 everywhere.
    AllForeground,
    /// The input has mass but its skeleton is empty at this `K`.
    EmptySkeleton,
}

impl Note {
    /// The note's name in hooks (`data-overlay-note`).
    pub fn as_str(self) -> &'static str {
        match self {
            Note::EmptyTarget => "empty-target",
            Note::PhantomTarget => "phantom",
            Note::NoForeground => "no-foreground",
            Note::AllForeground => "all-foreground",
            Note::EmptySkeleton => "empty-skeleton",
        }
    }
}

/// One overlay's values over the scene, its colour range and its note.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlay {
    /// Which overlay.
    pub kind: OverlayKind,
    /// Its values, row-major.
    pub values: Vec<f64>,
    /// The largest `|value|`.
    pub max_abs: f64,
    /// The colour range.
    pub scale: OverlayScale,
    /// What to say about it, if anything.
    pub note: Option<Note>,
}

impl Overlay {
    fn new(kind: OverlayKind, values: Vec<f64>, note: Option<Note>) -> Overlay {
        let low = values.iter().fold(0.0f64, |m, &v| m.min(v));
        let high = values.iter().fold(0.0f64, |m, &v| m.max(v));
        let max_abs = high.max(-low);
        let scale = match kind {
            OverlayKind::TargetSdm => OverlayScale { low, high, palette: Palette::Diverging },
            OverlayKind::PredDistance => {
                OverlayScale { low: 0.0, high, palette: Palette::Sequential }
            }
            OverlayKind::TargetSkeleton | OverlayKind::PredSkeleton => {
                OverlayScale { low: 0.0, high: 1.0, palette: Palette::Skeleton }
            }
        };
        Overlay { kind, values, max_abs, scale, note }
    }
}

/// The four overlays of one scene.
#[derive(Debug, Clone, PartialEq)]
pub struct Overlays {
    /// Grid side: pixel `(row, col)` is index `row·side + col`.
    pub side: usize,
    /// The skeletons' iterations.
    pub iterations: usize,
    /// The target `y`, row-major (the target skeleton's silhouette).
    pub target: Vec<f64>,
    /// The prediction `p`, row-major (the prediction skeleton's silhouette).
    pub prob: Vec<f64>,
    /// One overlay per [`OverlayKind::ALL`], in that order.
    pub layers: Vec<Overlay>,
}

impl Overlays {
    /// The overlays of a `side × side` scene with skeletons of `iterations` (capped at
    /// [`MAX_ITERATIONS`]); an error if the buffers are not `side²` long.
    pub fn compute(
        side: usize,
        target: &[f64],
        prob: &[f64],
        iterations: usize,
    ) -> Result<Overlays, InputError> {
        let n = side * side;
        if n == 0 || target.len() != n || prob.len() != n {
            let len = if target.len() != n { target.len() } else { prob.len() };
            return Err(InputError::BadShape { height: side, width: side, len });
        }
        let iterations = iterations.min(MAX_ITERATIONS);
        let mask: Vec<bool> = target.iter().map(|&y| y != 0.0).collect();
        let inside = mask.iter().filter(|&&m| m).count();
        let sdm_note = match inside {
            0 => Some(Note::EmptyTarget),
            c if c == n => Some(Note::PhantomTarget),
            _ => None,
        };
        let fg = prob.iter().filter(|&&p| p > 0.5).count();
        let field_note = match fg {
            0 => Some(Note::NoForeground),
            c if c == n => Some(Note::AllForeground),
            _ => None,
        };
        let skeleton = |x: &[f64]| {
            let s = soft_skeleton(x, side, side, iterations);
            let empty = s.iter().all(|&v| v <= 0.0) && x.iter().any(|&v| v > 0.0);
            (s, empty.then_some(Note::EmptySkeleton))
        };
        let (target_skel, target_note) = skeleton(target);
        let (pred_skel, pred_note) = skeleton(prob);
        let layers = vec![
            Overlay::new(OverlayKind::TargetSdm, signed_distance(&mask, side, side), sdm_note),
            Overlay::new(OverlayKind::PredDistance, distance_field(prob, side, side), field_note),
            Overlay::new(OverlayKind::TargetSkeleton, target_skel, target_note),
            Overlay::new(OverlayKind::PredSkeleton, pred_skel, pred_note),
        ];
        Ok(Overlays { side, iterations, target: target.to_vec(), prob: prob.to_vec(), layers })
    }

    /// The overlay `kind`.
    pub fn layer(&self, kind: OverlayKind) -> &Overlay {
        &self.layers[kind.index()]
    }

    /// Overlay `kind` as RGBA bytes, one per grid pixel, into `out`.
    pub fn render(&self, kind: OverlayKind, out: &mut Vec<u8>) {
        let layer = self.layer(kind);
        let base = match kind {
            OverlayKind::PredSkeleton => &self.prob,
            _ => &self.target,
        };
        out.clear();
        out.reserve(4 * layer.values.len());
        for (&v, &b) in layer.values.iter().zip(base) {
            let [r, g, b] = layer.scale.colour(v, b);
            out.extend_from_slice(&[r, g, b, 255]);
        }
    }

    /// The pixel index of `(row, col)`, if inside the grid.
    pub fn index(&self, row: usize, col: usize) -> Option<usize> {
        (row < self.side && col < self.side).then_some(row * self.side + col)
    }

    /// Overlay `kind`'s value at `(row, col)`, if inside the grid.
    pub fn value(&self, kind: OverlayKind, row: usize, col: usize) -> Option<f64> {
        self.index(row, col).map(|i| self.layer(kind).values[i])
    }
}
