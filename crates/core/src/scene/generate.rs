//! Target generators. Every region shape is "the `area` pixels closest to a centre" under a
//! shape-specific distance, so the object has exactly the requested area in pixels, even
//! when it touches the border (where it is squeezed, not cut). The thin structures
//! ([`Shape::is_thin`]) are drawn in `thin.rs`: as close to `area` pixels as the shape
//! allows, moved (not cut) to stay inside the image.

use super::grid::GridSize;
use super::thin;
use serde::{Deserialize, Serialize};

/// The shapes the target generator draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Shape {
    /// A round disc.
    #[default]
    Disc,
    /// An axis-aligned square.
    Square,
    /// An ellipse three times as wide as it is tall: a ship seen from above (Airbus).
    Ship,
    /// Four discs of different sizes around the position, sharing the area.
    Several,
    /// A horizontal line one pixel thick, thickening only once it spans the image.
    ThinLine,
    /// A horizontal line exactly 1 px thick, `area` pixels long (at most the image's side):
    /// unlike [`Shape::ThinLine`] it never thickens.
    Line1,
    /// A horizontal line 3 px thick and `area / 3` pixels long (rounded, at most the side).
    Line3,
    /// A 1-px, 8-connected sine curve (one period, amplitude a fifth of its width) of exactly
    /// `area` pixels, up to the widest that fits.
    Curve,
    /// An annulus about 1.5 px thick (2 px at the largest) around a hole, of `area` pixels:
    /// at least 8, at most what a ring of radius `(side − 5)/2` holds.
    Ring,
    /// Two 1-px lines crossing at their middles: arms of `(area − 1)/4` pixels (rounded).
    Cross,
    /// A 1-px branching tree (a trunk, two branches, a twig on the left branch) of exactly
    /// `area` pixels, from 24 up to what fits.
    Tree,
    /// A dotted line: dashes of 5 px separated by 2-px gaps, `area` dash pixels in all, up
    /// to the image's width.
    Dotted,
    /// No object: an all-background target.
    Empty,
}

impl Shape {
    /// Every shape, in the order the app lists them.
    pub const ALL: [Shape; 13] = [
        Shape::Disc,
        Shape::Square,
        Shape::Ship,
        Shape::Several,
        Shape::ThinLine,
        Shape::Line1,
        Shape::Line3,
        Shape::Curve,
        Shape::Ring,
        Shape::Cross,
        Shape::Tree,
        Shape::Dotted,
        Shape::Empty,
    ];

    /// A stable identifier (used as an option value).
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Disc => "disc",
            Shape::Square => "square",
            Shape::Ship => "ship",
            Shape::Several => "several",
            Shape::ThinLine => "line",
            Shape::Line1 => "line1",
            Shape::Line3 => "line3",
            Shape::Curve => "curve",
            Shape::Ring => "ring",
            Shape::Cross => "cross",
            Shape::Tree => "tree",
            Shape::Dotted => "dotted",
            Shape::Empty => "empty",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Shape::Disc => "Disc",
            Shape::Square => "Square",
            Shape::Ship => "Ship (ellipse 3:1)",
            Shape::Several => "Several objects",
            Shape::ThinLine => "Thin line",
            Shape::Line1 => "Line, 1 px",
            Shape::Line3 => "Line, 3 px",
            Shape::Curve => "Curve, 1 px",
            Shape::Ring => "Ring",
            Shape::Cross => "Cross",
            Shape::Tree => "Branching tree",
            Shape::Dotted => "Dotted line",
            Shape::Empty => "Empty (no object)",
        }
    }

    /// Whether this is one of the thin structures drawn in `thin.rs` (whose pixel count is
    /// as close to the object size as the shape allows, rather than exact).
    pub fn is_thin(self) -> bool {
        matches!(
            self,
            Shape::Line1
                | Shape::Line3
                | Shape::Curve
                | Shape::Ring
                | Shape::Cross
                | Shape::Tree
                | Shape::Dotted
        )
    }

    /// Parses [`Shape::as_str`].
    pub fn parse(s: &str) -> Option<Shape> {
        Shape::ALL.into_iter().find(|shape| shape.as_str() == s)
    }
}

/// What the target generator draws: a shape, its area in pixels and its centre.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TargetSpec {
    /// The shape.
    pub shape: Shape,
    /// Object area in pixels, from 1 to half the image (clamped when generating).
    pub area: usize,
    /// Centre, as a fraction of the width (0 = left edge, 1 = right edge).
    pub center_x: f64,
    /// Centre, as a fraction of the height (0 = top, 1 = bottom).
    pub center_y: f64,
}

impl Default for TargetSpec {
    fn default() -> Self {
        TargetSpec { shape: Shape::Disc, area: 50, center_x: 0.5, center_y: 0.5 }
    }
}

/// Relative radii and offsets (in fractions of the side) of the discs of [`Shape::Several`].
const SEVERAL: [(f64, f64, f64); 4] =
    [(1.0, -0.18, -0.14), (0.7, 0.2, -0.1), (0.5, -0.12, 0.2), (0.35, 0.16, 0.18)];

impl TargetSpec {
    /// The area actually drawn on `grid`: `area` clamped to `[1, max_area]`, 0 when empty;
    /// for a thin structure, the pixel count its drawing reaches.
    pub fn effective_area(&self, grid: GridSize) -> usize {
        match self.shape {
            Shape::Empty => 0,
            shape if shape.is_thin() => self.thin_offsets(grid).len(),
            _ => self.area.clamp(1, grid.max_area()),
        }
    }

    /// A thin structure's drawing before placement (empty for the region shapes).
    fn thin_offsets(&self, grid: GridSize) -> thin::Offsets {
        let (area, side) = (self.area.clamp(1, grid.max_area()), grid.side());
        match self.shape {
            Shape::Line1 => thin::line(area, 1, side),
            Shape::Line3 => thin::line(area, 3, side),
            Shape::Curve => thin::curve(area, side),
            Shape::Ring => thin::ring(area, side),
            Shape::Cross => thin::cross(area, side),
            Shape::Tree => thin::tree(area, side),
            Shape::Dotted => thin::dotted(area, side),
            _ => thin::Offsets::new(),
        }
    }

    /// Distance of pixel `(x, y)` from the object under this shape's metric; the object is
    /// the `area` pixels with the smallest distance (ties broken by index).
    fn distance(&self, side: usize, x: usize, y: usize) -> f64 {
        let s = side as f64;
        let (cx, cy) = (self.center_x.clamp(0.0, 1.0) * s, self.center_y.clamp(0.0, 1.0) * s);
        let (dx, dy) = (x as f64 + 0.5 - cx, y as f64 + 0.5 - cy);
        match self.shape {
            Shape::Disc | Shape::Empty => dx * dx + dy * dy,
            // Drawn in `thin.rs`, never ranked by distance.
            Shape::Line1
            | Shape::Line3
            | Shape::Curve
            | Shape::Ring
            | Shape::Cross
            | Shape::Tree
            | Shape::Dotted => dx * dx + dy * dy,
            Shape::Square => dx.abs().max(dy.abs()),
            Shape::Ship => (dx / 3.0).powi(2) + dy * dy,
            Shape::ThinLine => {
                let row = (cy.floor() as usize).min(side - 1);
                y.abs_diff(row) as f64 * 4.0 * s + dx.abs()
            }
            Shape::Several => SEVERAL
                .iter()
                .map(|&(r, ox, oy)| {
                    let (ex, ey) = (dx - ox * s, dy - oy * s);
                    (ex * ex + ey * ey).sqrt() / r
                })
                .fold(f64::INFINITY, f64::min),
        }
    }

    /// Draws the target into `out` (resized to the grid): 1 on the object, 0 elsewhere.
    pub fn generate_into(&self, grid: GridSize, out: &mut Vec<f64>) {
        let side = grid.side();
        out.clear();
        out.resize(grid.pixels(), 0.0);
        if self.shape.is_thin() {
            let s = side as f64;
            let (cx, cy) = (self.center_x.clamp(0.0, 1.0) * s, self.center_y.clamp(0.0, 1.0) * s);
            for i in thin::place(&self.thin_offsets(grid), cx, cy, side) {
                out[i] = 1.0;
            }
            return;
        }
        let area = self.effective_area(grid);
        for i in self.nearest_among(grid, area, |_| true) {
            out[i] = 1.0;
        }
    }

    /// The `area` pixels nearest the centre under this region shape's metric among those
    /// `free` allows (ties broken by index), unordered: all of them when fewer are free. The
    /// multi-class scene (`classes/`) places each class's object among the pixels the
    /// others left, so every class keeps its exact area.
    pub(super) fn nearest_among(
        &self,
        grid: GridSize,
        area: usize,
        free: impl Fn(usize) -> bool,
    ) -> Vec<usize> {
        let side = grid.side();
        if area == 0 {
            return Vec::new();
        }
        let mut keyed: Vec<(f64, usize)> = (0..grid.pixels())
            .filter(|&i| free(i))
            .map(|i| (self.distance(side, i % side, i / side), i))
            .collect();
        let order = |a: &(f64, usize), b: &(f64, usize)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
        if area < keyed.len() {
            keyed.select_nth_unstable_by(area - 1, order);
        }
        keyed.into_iter().take(area).map(|(_, i)| i).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area_of(mask: &[f64]) -> usize {
        mask.iter().filter(|&&v| v == 1.0).count()
    }

    fn bounding_box(mask: &[f64], side: usize) -> (usize, usize) {
        let on: Vec<usize> = (0..mask.len()).filter(|&i| mask[i] == 1.0).collect();
        let xs = on.iter().map(|i| i % side);
        let ys = on.iter().map(|i| i / side);
        let w = xs.clone().max().unwrap_or(0) - xs.min().unwrap_or(0) + 1;
        let h = ys.clone().max().unwrap_or(0) - ys.min().unwrap_or(0) + 1;
        (w, h)
    }

    #[test]
    fn every_shape_has_exactly_the_requested_area() {
        let mut out = Vec::new();
        for shape in Shape::ALL.into_iter().filter(|s| !s.is_thin()) {
            for area in [1, 2, 9, 50, 300, 2048] {
                let spec = TargetSpec { shape, area, ..TargetSpec::default() };
                spec.generate_into(GridSize::S64, &mut out);
                let want = if shape == Shape::Empty { 0 } else { area };
                assert_eq!(area_of(&out), want, "{shape:?} area {area}");
                assert!(out.iter().all(|&v| v == 0.0 || v == 1.0));
            }
        }
    }

    #[test]
    fn area_is_clamped_to_half_the_image_and_at_least_one_pixel() {
        let mut out = Vec::new();
        TargetSpec { area: 10_000, ..TargetSpec::default() }.generate_into(GridSize::S32, &mut out);
        assert_eq!(area_of(&out), 512);
        TargetSpec { area: 0, ..TargetSpec::default() }.generate_into(GridSize::S32, &mut out);
        assert_eq!(area_of(&out), 1);
    }

    #[test]
    fn a_disc_is_round_and_centred() {
        // A disc of area 314 has radius 10: its bounding box is about 20 × 20.
        let mut out = Vec::new();
        TargetSpec { area: 314, ..TargetSpec::default() }.generate_into(GridSize::S64, &mut out);
        let (w, h) = bounding_box(&out, 64);
        assert!((19..=21).contains(&w) && (19..=21).contains(&h), "{w} × {h}");
        assert_eq!(out[32 * 64 + 32], 1.0);
        assert_eq!(out[0], 0.0);
    }

    #[test]
    fn a_ship_is_three_times_wider_than_tall() {
        let mut out = Vec::new();
        let spec = TargetSpec { shape: Shape::Ship, area: 300, ..TargetSpec::default() };
        spec.generate_into(GridSize::S64, &mut out);
        let (w, h) = bounding_box(&out, 64);
        assert!((w as f64 / h as f64 - 3.0).abs() < 0.5, "{w} × {h}");
    }

    #[test]
    fn a_thin_line_is_one_pixel_thick_until_it_spans_the_image() {
        let mut out = Vec::new();
        let spec = TargetSpec { shape: Shape::ThinLine, area: 40, ..TargetSpec::default() };
        spec.generate_into(GridSize::S64, &mut out);
        assert_eq!(bounding_box(&out, 64), (40, 1));
        let spec = TargetSpec { area: 100, ..spec };
        spec.generate_into(GridSize::S64, &mut out);
        // 64 on the centre row, the other 36 split between the rows above and below.
        assert_eq!(bounding_box(&out, 64), (64, 3));
    }

    #[test]
    fn the_position_moves_the_object() {
        let mut out = Vec::new();
        let spec = TargetSpec { area: 1, center_x: 0.0, center_y: 0.0, ..TargetSpec::default() };
        spec.generate_into(GridSize::S32, &mut out);
        assert_eq!(out[0], 1.0);
        let spec = TargetSpec { center_x: 1.0, center_y: 1.0, ..spec };
        spec.generate_into(GridSize::S32, &mut out);
        assert_eq!(out[32 * 32 - 1], 1.0);
    }

    #[test]
    fn shapes_round_trip_through_their_names() {
        for shape in Shape::ALL {
            assert_eq!(Shape::parse(shape.as_str()), Some(shape));
        }
    }
}
