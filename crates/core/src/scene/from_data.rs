//! An imported pair (one image, or one plane of a volume) as the scene: which square grid it
//! goes on and which part of it the grid shows.
//!
//! The rule ([`DataWindow::choose`]):
//! - an image that is exactly a grid size (32, 64, 128 or 256 on both sides) goes on that grid
//!   at full resolution;
//! - otherwise on the largest grid that fits inside it, cropped around the object's centre
//!   (the centroid of the target pixels, `y ≥ 0.5`; with no target pixel the centroid of the
//!   predicted pixels, `p ≥ 0.5`; with neither, the image's middle), the window kept inside
//!   the image;
//! - a side shorter than 32 is padded to 32 with background (`y = 0`, `p = 0`), the image
//!   centred on that axis.
//!
//! [`scene_from_data`] then makes the scene: the window's target as the painted target
//! (`y ≥ 0.5` → 1, else 0: the scene's target is binary) and the window's probabilities as the
//! painted prediction over every pixel (`cover = 1`, `ink = p`), so the scene's prediction is
//! the imported probabilities exactly (`1·p + 0·model = p`, no rounding).

use super::grid::GridSize;
use super::model::Scene;
use std::fmt;

/// What the window was centred on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Centre {
    /// The target's pixels (`y ≥ 0.5`).
    Object,
    /// The predicted pixels (`p ≥ 0.5`), for an image without a target pixel.
    Prediction,
    /// The image's middle (neither has a pixel).
    Middle,
}

/// How an image of `height × width` pixels sits on a scene grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DataWindow {
    /// The grid.
    pub grid: GridSize,
    /// The image's rows.
    pub height: usize,
    /// The image's columns.
    pub width: usize,
    /// The image row shown on the grid's first row (negative: rows of padding above).
    pub top: isize,
    /// The image column shown on the grid's first column (negative: padding to the left).
    pub left: isize,
    /// What the window was centred on.
    pub centre: Centre,
}

/// How the image was fitted: what the view's note says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// The whole image at full resolution.
    Full,
    /// A part of the image.
    Cropped,
    /// The whole image with background around it.
    Padded,
    /// Cropped along one axis, padded along the other.
    CroppedPadded,
}

impl DataWindow {
    /// The window for an image of `height × width` (row-major `target` and `prob` of that
    /// size; they decide the centre).
    pub fn choose(height: usize, width: usize, target: &[f64], prob: &[f64]) -> DataWindow {
        let exact = GridSize::from_side(height).filter(|_| height == width);
        let grid = exact.unwrap_or_else(|| {
            let short = height.min(width);
            GridSize::ALL.into_iter().rev().find(|g| g.side() <= short).unwrap_or(GridSize::S32)
        });
        let (centre, at) = match centroid(width, target) {
            Some(c) => (Centre::Object, c),
            None => match centroid(width, prob) {
                Some(c) => (Centre::Prediction, c),
                None => (Centre::Middle, (height as f64 / 2.0, width as f64 / 2.0)),
            },
        };
        let side = grid.side();
        DataWindow {
            grid,
            height,
            width,
            top: offset(height, side, at.0),
            left: offset(width, side, at.1),
            centre,
        }
    }

    /// How the image was fitted.
    pub fn fit(&self) -> Fit {
        let side = self.grid.side();
        let cropped = self.height > side || self.width > side;
        let padded = self.height < side || self.width < side;
        match (cropped, padded) {
            (false, false) => Fit::Full,
            (true, false) => Fit::Cropped,
            (false, true) => Fit::Padded,
            (true, true) => Fit::CroppedPadded,
        }
    }

    /// The grid's pixels of a row-major `height × width` buffer, `fill` where the grid lies
    /// outside the image. `None` if `values` is not `height × width` long.
    pub fn extract(&self, values: &[f64], fill: f64) -> Option<Vec<f64>> {
        if values.len() != self.height * self.width {
            return None;
        }
        let side = self.grid.side();
        let mut out = vec![fill; side * side];
        for r in 0..side {
            let Some(i) = inside(self.top + r as isize, self.height) else { continue };
            for c in 0..side {
                if let Some(j) = inside(self.left + c as isize, self.width) {
                    out[r * side + c] = values[i * self.width + j];
                }
            }
        }
        Some(out)
    }
}

/// `index` if it is a valid position along an axis of `len`.
fn inside(index: isize, len: usize) -> Option<usize> {
    usize::try_from(index).ok().filter(|&i| i < len)
}

/// The centre of mass of the pixels `≥ 0.5` (pixel centres at `index + 0.5`), as
/// `(row, column)`; `None` without such a pixel.
fn centroid(width: usize, values: &[f64]) -> Option<(f64, f64)> {
    let (mut n, mut rows, mut cols) = (0usize, 0.0, 0.0);
    for (k, &v) in values.iter().enumerate() {
        if v >= 0.5 {
            n += 1;
            rows += (k / width.max(1)) as f64 + 0.5;
            cols += (k % width.max(1)) as f64 + 0.5;
        }
    }
    (n > 0).then(|| (rows / n as f64, cols / n as f64))
}

/// The first image index shown along an axis of `len` on a grid of `side`: centred on `at`
/// and kept inside when the axis is at least `side` long, else the image centred in the grid
/// (a negative offset: padding).
fn offset(len: usize, side: usize, at: f64) -> isize {
    if len >= side {
        let ideal = (at - side as f64 / 2.0).round();
        ideal.clamp(0.0, (len - side) as f64) as isize
    } else {
        -(((side - len) / 2) as isize)
    }
}

impl fmt::Display for DataWindow {
    /// The view's note, in English: `cropped to 128 × 128 around the object, from 300 × 280`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = self.grid.side();
        let around = match self.centre {
            Centre::Object => "the object",
            Centre::Prediction => "the predicted pixels",
            Centre::Middle => "the middle",
        };
        let (h, w) = (self.height, self.width);
        match self.fit() {
            Fit::Full => write!(f, "the whole image at full resolution, {side} × {side}"),
            Fit::Cropped => {
                write!(f, "cropped to {side} × {side} around {around}, from {h} × {w}")
            }
            Fit::Padded => write!(
                f,
                "padded to {side} × {side} with background (y = 0, p = 0), from {h} × {w}"
            ),
            Fit::CroppedPadded => write!(
                f,
                "cropped around {around} and padded with background (y = 0, p = 0) to \
                 {side} × {side}, from {h} × {w}"
            ),
        }
    }
}

/// The scene an imported image gives, and how it was made.
#[derive(Debug, Clone, PartialEq)]
pub struct DataScene {
    /// The scene: the window's target painted, its probabilities painted over every pixel.
    pub scene: Scene,
    /// Where the window lies.
    pub window: DataWindow,
    /// Target pixels inside the window whose value was neither 0 nor 1 (a soft target,
    /// rounded at 0.5 because the scene's target is binary).
    pub rounded: usize,
}

/// The scene for one imported image (`height × width`, row-major `target` in [0, 1] and
/// `prob` in [0, 1]): on [`DataWindow::choose`]'s grid, with `base`'s generator and model
/// settings (which take over again if the person regenerates).
pub fn scene_from_data(
    base: &Scene,
    height: usize,
    width: usize,
    target: &[f64],
    prob: &[f64],
) -> Result<DataScene, String> {
    let n = height * width;
    if n == 0 || target.len() != n || prob.len() != n {
        return Err(format!(
            "an image of {height} × {width} needs {n} target and probability values (got {} \
             and {})",
            target.len(),
            prob.len()
        ));
    }
    let window = DataWindow::choose(height, width, target, prob);
    let soft = window.extract(target, 0.0).unwrap_or_default();
    let rounded = soft.iter().filter(|&&y| y != 0.0 && y != 1.0).count();
    let hard = soft.iter().map(|&y| if y >= 0.5 { 1.0 } else { 0.0 }).collect();
    let ink = window.extract(prob, 0.0).unwrap_or_default();
    let cover = vec![1.0; ink.len()];
    let scene =
        Scene::from_parts(window.grid, base.spec(), base.model(), Some(hard), Some((ink, cover)))?;
    Ok(DataScene { scene, window, rounded })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `h × w` image with target pixels at `on` (row, column).
    fn mask(h: usize, w: usize, on: &[(usize, usize)]) -> Vec<f64> {
        let mut m = vec![0.0; h * w];
        for &(r, c) in on {
            m[r * w + c] = 1.0;
        }
        m
    }

    #[test]
    fn an_image_of_a_grid_size_is_shown_whole_at_full_resolution() {
        for side in [32, 64, 128, 256] {
            let t = mask(side, side, &[(3, 5)]);
            let w = DataWindow::choose(side, side, &t, &t);
            assert_eq!(w.grid.side(), side);
            assert_eq!((w.top, w.left), (0, 0));
            assert_eq!(w.fit(), Fit::Full);
            assert_eq!(w.extract(&t, 0.0), Some(t.clone()));
        }
        let w = DataWindow::choose(64, 64, &mask(64, 64, &[]), &mask(64, 64, &[]));
        assert_eq!(w.to_string(), "the whole image at full resolution, 64 × 64");
    }

    #[test]
    fn a_larger_image_is_cropped_on_the_largest_grid_inside_around_the_object() {
        // 400 × 280: the largest grid inside is 256. One object pixel at (200, 100): its
        // centre (200.5, 100.5) minus 128 gives top 72.5 → 73 (rounded half away from 0),
        // within 0..=144; left −27.5 → −28, clamped to 0.
        let t = mask(400, 280, &[(200, 100)]);
        let w = DataWindow::choose(400, 280, &t, &vec![0.0; 400 * 280]);
        assert_eq!(w.grid, GridSize::S256);
        assert_eq!((w.top, w.left), (73, 0));
        assert_eq!(w.centre, Centre::Object);
        assert_eq!(w.fit(), Fit::Cropped);
        assert_eq!(w.to_string(), "cropped to 256 × 256 around the object, from 400 × 280");
        // The object pixel lands at (200 − 73, 100 − 0) of the grid.
        let shown = w.extract(&t, 0.0).expect("sizes agree");
        assert_eq!(shown.iter().filter(|&&v| v == 1.0).count(), 1);
        assert_eq!(shown[127 * 256 + 100], 1.0);
        // Near the bottom-right corner the window stops at the image's edge: 400 − 256 = 144
        // and 280 − 256 = 24.
        let t = mask(400, 280, &[(399, 279)]);
        let w = DataWindow::choose(400, 280, &t, &t);
        assert_eq!((w.top, w.left), (144, 24));
    }

    #[test]
    fn the_centre_is_the_centroid_of_the_object() {
        // 48 × 48 → grid 32. Pixels (10, 30) and (20, 40): centroid (15.5, 35.5) − 16 →
        // (−0.5 → −1 → clamped 0, 19.5 → 20 → clamped to 48 − 32 = 16).
        let t = mask(48, 48, &[(10, 30), (20, 40)]);
        let w = DataWindow::choose(48, 48, &t, &t);
        assert_eq!(w.grid, GridSize::S32);
        assert_eq!((w.top, w.left), (0, 16));
        // A block of 4 × 4 at rows 20..24, columns 8..12: centroid (22, 10) − 16 = (6, −6 → 0).
        let block: Vec<(usize, usize)> =
            (20..24).flat_map(|r| (8..12).map(move |c| (r, c))).collect();
        let t = mask(48, 48, &block);
        let w = DataWindow::choose(48, 48, &t, &t);
        assert_eq!((w.top, w.left), (6, 0));
    }

    #[test]
    fn an_empty_target_centres_on_the_prediction_then_on_the_middle() {
        let t = mask(100, 100, &[]);
        let mut p = vec![0.2; 100 * 100];
        p[90 * 100 + 90] = 0.9; // centre (90.5, 90.5) − 32 = 58.5 → 59, clamped to 36
        let w = DataWindow::choose(100, 100, &t, &p);
        assert_eq!(w.grid, GridSize::S64);
        assert_eq!(w.centre, Centre::Prediction);
        assert_eq!((w.top, w.left), (36, 36));
        assert_eq!(w.to_string(), "cropped to 64 × 64 around the predicted pixels, from 100 × 100");
        let w = DataWindow::choose(100, 100, &t, &vec![0.1; 100 * 100]);
        assert_eq!(w.centre, Centre::Middle);
        assert_eq!((w.top, w.left), (18, 18)); // 50 − 32
    }

    #[test]
    fn a_small_image_is_padded_to_32_with_background() {
        // 24 × 20: grid 32, padding (32 − 24) / 2 = 4 rows above, (32 − 20) / 2 = 6 columns
        // to the left.
        let t = mask(24, 20, &[(0, 0), (23, 19)]);
        let p: Vec<f64> = (0..24 * 20).map(|k| (k % 7) as f64 / 7.0).collect();
        let w = DataWindow::choose(24, 20, &t, &p);
        assert_eq!(w.grid, GridSize::S32);
        assert_eq!((w.top, w.left), (-4, -6));
        assert_eq!(w.fit(), Fit::Padded);
        assert_eq!(w.to_string(), "padded to 32 × 32 with background (y = 0, p = 0), from 24 × 20");
        let shown = w.extract(&p, 0.0).expect("sizes agree");
        assert_eq!(shown[0], 0.0);
        assert_eq!(shown[4 * 32 + 6], p[0]);
        assert_eq!(shown[(4 + 23) * 32 + 6 + 19], p[24 * 20 - 1]);
        let sum: f64 = shown.iter().sum();
        let expected: f64 = p.iter().sum();
        assert!((sum - expected).abs() < 1e-12, "every image pixel is shown once");
        // 20 × 100: padded rows, cropped columns.
        let t = mask(20, 100, &[(5, 80)]);
        let w = DataWindow::choose(20, 100, &t, &t);
        assert_eq!((w.grid, w.top), (GridSize::S32, -6));
        assert_eq!(w.left, 65); // 80.5 − 16 = 64.5 → 65, within 0..=68
        assert_eq!(w.fit(), Fit::CroppedPadded);
    }

    #[test]
    fn a_non_square_grid_sized_image_is_cropped() {
        // 64 × 128 is not square: the largest grid inside is 64, cropped along the columns.
        let t = mask(64, 128, &[(10, 120)]);
        let w = DataWindow::choose(64, 128, &t, &t);
        assert_eq!((w.grid, w.top, w.left), (GridSize::S64, 0, 64));
        assert_eq!(w.fit(), Fit::Cropped);
    }

    #[test]
    fn the_scene_prediction_is_the_imported_probabilities_exactly() {
        let (h, w) = (40, 36);
        let target = mask(h, w, &[(20, 18), (21, 18), (20, 19)]);
        // Awkward values: no rounding may touch them.
        let prob: Vec<f64> = (0..h * w).map(|k| ((k * 7919) % 1000) as f64 / 999.0 * 0.7).collect();
        let made = scene_from_data(&Scene::default(), h, w, &target, &prob).expect("valid");
        let win = made.window;
        assert_eq!(win.grid, GridSize::S32);
        let expected_p = win.extract(&prob, 0.0).expect("sizes");
        let expected_y = win.extract(&target, 0.0).expect("sizes");
        assert_eq!(made.scene.prob(), &expected_p[..], "bit for bit");
        assert_eq!(made.scene.target(), &expected_y[..]);
        assert_eq!(made.scene.target().iter().sum::<f64>(), 3.0);
        assert_eq!(made.rounded, 0);
        // The base's generator and model are kept.
        assert_eq!(made.scene.model(), Scene::default().model());
    }

    #[test]
    fn a_soft_target_is_rounded_at_one_half_and_counted() {
        let (h, w) = (32, 32);
        let mut target = vec![0.0; h * w];
        target[0] = 0.5;
        target[1] = 0.49;
        target[2] = 1.0;
        let prob = vec![0.25; h * w];
        let made = scene_from_data(&Scene::default(), h, w, &target, &prob).expect("valid");
        assert_eq!(&made.scene.target()[..3], &[1.0, 0.0, 1.0]);
        assert_eq!(made.rounded, 2);
    }

    #[test]
    fn wrong_lengths_are_refused() {
        let err = scene_from_data(&Scene::default(), 4, 4, &[0.0; 15], &[0.0; 16]);
        assert!(err.is_err());
        assert!(DataWindow::choose(4, 4, &[0.0; 16], &[0.0; 16]).extract(&[0.0; 3], 0.0).is_none());
    }
}
