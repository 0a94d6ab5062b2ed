//! [`ClassScene`]: a label map on a square grid, what generated it, and the prediction model.
//!
//! # Generation
//! Each class's object is "the `area` pixels nearest its centre" under its shape's metric
//! (the binary generator's, `generate.rs`), taken among the pixels the classes placed before
//! it left free. Classes are placed largest first, so a large organ keeps its shape and a
//! tiny lesion fills free pixels beside it: every class has exactly its area, as long as the
//! image has room (areas are capped at half the image each). A seed other than 0 jitters
//! every centre by up to ±6 % of the side (PCG32, one stream per class).
//!
//! # Painting and regeneration
//! Painting sets `painted`; any change of the generator (preset, seed, grid, class count,
//! an area or a shape) redraws the map from scratch (undo brings the paint back), as the
//! binary scene does. The prediction model never touches the labels.

use super::super::generate::{Shape, TargetSpec};
use super::super::grid::GridSize;
use super::predict::ClassModel;
use super::preset::{ClassPreset, CLASS_SHAPES, MAX_CLASSES};
use crate::train::Pcg32;

/// How far a seed moves a centre, as a fraction of the side.
const JITTER: f64 = 0.06;

/// One class's object, resolved for a grid: shape, area in pixels, centre.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassSpec {
    /// The shape (one of [`CLASS_SHAPES`]).
    pub shape: Shape,
    /// Area in pixels; 0 = the class is absent.
    pub area: usize,
    /// Centre, fraction of the width.
    pub center_x: f64,
    /// Centre, fraction of the height.
    pub center_y: f64,
}

/// A person's changes to one class's preset object (`None` = the preset's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ClassOverride {
    /// Area in pixels.
    pub area: Option<usize>,
    /// Shape.
    pub shape: Option<Shape>,
}

/// A multi-class scene: the label map (0 = background, `1 … classes`), its generator and
/// the prediction model.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassScene {
    pub(super) grid: GridSize,
    pub(super) preset: ClassPreset,
    pub(super) seed: u64,
    pub(super) classes: usize,
    pub(super) overrides: [ClassOverride; MAX_CLASSES],
    pub(super) model: ClassModel,
    pub(super) labels: Vec<u8>,
    pub(super) painted: bool,
}

impl Default for ClassScene {
    fn default() -> Self {
        ClassScene::new(GridSize::default(), ClassPreset::default(), 0)
    }
}

impl ClassScene {
    /// A generated scene: the preset's classes on `grid`, jittered by `seed`.
    pub fn new(grid: GridSize, preset: ClassPreset, seed: u64) -> ClassScene {
        let mut scene = ClassScene {
            grid,
            preset,
            seed,
            classes: preset.classes(),
            overrides: [ClassOverride::default(); MAX_CLASSES],
            model: ClassModel::default(),
            labels: Vec::new(),
            painted: false,
        };
        scene.regenerate();
        scene
    }

    /// The grid.
    pub fn grid(&self) -> GridSize {
        self.grid
    }

    /// Side length in pixels.
    pub fn side(&self) -> usize {
        self.grid.side()
    }

    /// The preset.
    pub fn preset(&self) -> ClassPreset {
        self.preset
    }

    /// The seed (0: the preset's own layout).
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Foreground classes, 1 to [`MAX_CLASSES`].
    pub fn classes(&self) -> usize {
        self.classes
    }

    /// Channels `C = classes + 1` (background first).
    pub fn channels(&self) -> usize {
        self.classes + 1
    }

    /// The overrides of class `c` (1-based).
    pub fn class_override(&self, c: usize) -> ClassOverride {
        self.overrides[c.clamp(1, MAX_CLASSES) - 1]
    }

    /// Class `c`'s (1-based) object as generated: the preset's, with the overrides and the
    /// seed's jitter; area 0 for a class beyond the class count.
    pub fn spec(&self, c: usize) -> ClassSpec {
        let c = c.clamp(1, MAX_CLASSES);
        let o = self.overrides[c - 1];
        let (x, y) = self.preset.centre(c);
        let (dx, dy) = jitter(self.seed, c);
        ClassSpec {
            shape: o.shape.unwrap_or(self.preset.shape(c)),
            area: if c <= self.classes {
                o.area.unwrap_or(self.preset.area(c, self.grid)).min(self.grid.max_area())
            } else {
                0
            },
            center_x: (x + dx).clamp(0.0, 1.0),
            center_y: (y + dy).clamp(0.0, 1.0),
        }
    }

    /// The prediction model.
    pub fn model(&self) -> ClassModel {
        self.model
    }

    /// The label map, row-major, one class index per pixel.
    pub fn labels(&self) -> &[u8] {
        &self.labels
    }

    /// Whether the map was painted since it was generated.
    pub fn painted(&self) -> bool {
        self.painted
    }

    /// Pixels of class `c` in the label map.
    pub fn area_of(&self, c: usize) -> usize {
        self.labels.iter().filter(|&&l| usize::from(l) == c).count()
    }

    /// The predicted probabilities `[C, H, W]` (softmax: each pixel sums to 1).
    pub fn prob(&self) -> Vec<f64> {
        self.model.predict(&self.labels, self.side(), self.classes)
    }

    /// Changes the preset: its class count and objects, overrides dropped, map redrawn.
    pub fn set_preset(&mut self, preset: ClassPreset) {
        self.preset = preset;
        self.classes = preset.classes();
        self.overrides = [ClassOverride::default(); MAX_CLASSES];
        self.regenerate();
    }

    /// Changes the seed; the map is redrawn.
    pub fn set_seed(&mut self, seed: u64) {
        self.seed = seed;
        self.regenerate();
    }

    /// Changes the grid; the map is redrawn (preset areas that are shares of the image
    /// follow the grid, areas set by hand stay, capped at half the image).
    pub fn set_grid(&mut self, grid: GridSize) {
        self.grid = grid;
        self.regenerate();
    }

    /// Changes the number of foreground classes (clamped to 1 … [`MAX_CLASSES`]).
    pub fn set_classes(&mut self, classes: usize) {
        self.classes = classes.clamp(1, MAX_CLASSES);
        self.regenerate();
    }

    /// Sets class `c`'s area in pixels (0 = absent); the map is redrawn.
    pub fn set_area(&mut self, c: usize, area: usize) {
        if (1..=MAX_CLASSES).contains(&c) {
            self.overrides[c - 1].area = Some(area.min(GridSize::S256.max_area()));
            self.regenerate();
        }
    }

    /// Sets class `c`'s shape (one of [`CLASS_SHAPES`], else ignored); the map is redrawn.
    pub fn set_shape(&mut self, c: usize, shape: Shape) {
        if (1..=MAX_CLASSES).contains(&c) && CLASS_SHAPES.contains(&shape) {
            self.overrides[c - 1].shape = Some(shape);
            self.regenerate();
        }
    }

    /// Changes the prediction model (clamped into range); the labels stay.
    pub fn set_model(&mut self, model: ClassModel) {
        self.model = model.clamped();
    }

    /// Makes the whole map background (a painted edit).
    pub fn clear(&mut self) {
        self.labels.iter_mut().for_each(|l| *l = 0);
        self.painted = true;
    }

    /// Drops the paint: the map as the generator draws it.
    pub fn regenerate(&mut self) {
        self.labels = self.generate();
        self.painted = false;
    }

    /// Redraws the map from the generator unless it was painted (reading a link, whose
    /// keys arrive in any order).
    pub(super) fn refresh(&mut self) {
        if !self.painted {
            self.labels = self.generate();
        }
    }

    /// The generator's map for the current settings.
    pub fn generate(&self) -> Vec<u8> {
        let specs: Vec<(usize, ClassSpec)> =
            (1..=self.classes).map(|c| (c, self.spec(c))).collect();
        generate(self.grid, &specs)
    }
}

/// The seed's offset of class `c`'s centre: none for seed 0.
fn jitter(seed: u64, c: usize) -> (f64, f64) {
    if seed == 0 {
        return (0.0, 0.0);
    }
    let mut rng = Pcg32::new(seed, c as u64);
    let mut one = || (rng.unit() as f64 * 2.0 - 1.0) * JITTER;
    (one(), one())
}

/// The label map of `specs` (class index, object): largest first (ties: lower class), each
/// among the pixels still free.
pub(super) fn generate(grid: GridSize, specs: &[(usize, ClassSpec)]) -> Vec<u8> {
    let mut labels = vec![0u8; grid.pixels()];
    let mut order: Vec<&(usize, ClassSpec)> = specs.iter().filter(|(_, s)| s.area > 0).collect();
    order.sort_by(|a, b| b.1.area.cmp(&a.1.area).then(a.0.cmp(&b.0)));
    for &(c, spec) in order {
        let target = TargetSpec {
            shape: spec.shape,
            area: spec.area,
            center_x: spec.center_x,
            center_y: spec.center_y,
        };
        let area = spec.area.min(grid.max_area());
        for i in target.nearest_among(grid, area, |i| labels[i] == 0) {
            labels[i] = c as u8;
        }
    }
    labels
}
