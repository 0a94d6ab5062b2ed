//! The prediction model: a probability map derived from the target, as a network that is
//! roughly right would produce it. Applied in this order: shift, dilate/erode, the shape
//! edits of `edits.rs` (gap, spur, far speck), false-positive specks, blur; then the soft
//! mask `m ∈ [0, 1]` maps to `p = bg + (fg − bg)·m`, so a pixel far from every object gets
//! exactly the background confidence.

use super::edits;
use serde::{Deserialize, Serialize};

/// Smallest background confidence the app offers.
pub const MIN_BACKGROUND: f64 = 1e-4;
/// Largest background confidence the app offers.
pub const MAX_BACKGROUND: f64 = 0.5;
/// Largest blur `σ`, in pixels.
pub const MAX_BLUR: f64 = 8.0;
/// Largest shift and dilate/erode radius, in pixels.
pub const MAX_SHIFT: i32 = 32;
/// Largest number of false-positive specks.
pub const MAX_SPECKS: u32 = 200;
/// Largest gap and spur, in pixels.
pub const MAX_GAP: u32 = 64;

/// How the prediction is derived from the target.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PredictionModel {
    /// Probability predicted on background, in `[1e-4, 0.5]`.
    pub background: f64,
    /// Probability predicted on the object, in `[0, 1]`.
    pub foreground: f64,
    /// Shift right, in pixels (negative: left).
    pub shift_x: i32,
    /// Shift down, in pixels (negative: up).
    pub shift_y: i32,
    /// Gaussian blur `σ` in pixels (0: none).
    pub blur: f64,
    /// Dilate (> 0) or erode (< 0) by this many pixels, with a square element.
    pub morph: i32,
    /// Number of single-pixel false-positive specks on background.
    pub specks: u32,
    /// Seed of the specks' positions.
    pub seed: u64,
    /// A gap this many pixels long cut across the predicted object at its centre, set to the
    /// background confidence (a broken vessel); 0: none. See `edits.rs`.
    #[serde(default)]
    pub gap: u32,
    /// A 1-px false branch this many pixels long sticking out of the predicted object; 0:
    /// none. See `edits.rs`.
    #[serde(default)]
    pub spur: u32,
    /// One false-positive pixel as far from the target as the image allows.
    #[serde(default)]
    pub far_speck: bool,
}

impl Default for PredictionModel {
    fn default() -> Self {
        PredictionModel {
            background: 0.05,
            foreground: 0.9,
            shift_x: 0,
            shift_y: 0,
            blur: 0.0,
            morph: 0,
            specks: 0,
            seed: 1,
            gap: 0,
            spur: 0,
            far_speck: false,
        }
    }
}

impl PredictionModel {
    /// This model with every field clamped into its allowed range (NaN becomes the default).
    pub fn clamped(mut self) -> PredictionModel {
        let fix = |x: f64, lo: f64, hi: f64, default: f64| {
            if x.is_nan() {
                default
            } else {
                x.clamp(lo, hi)
            }
        };
        let d = PredictionModel::default();
        self.background = fix(self.background, MIN_BACKGROUND, MAX_BACKGROUND, d.background);
        self.foreground = fix(self.foreground, 0.0, 1.0, d.foreground);
        self.blur = fix(self.blur, 0.0, MAX_BLUR, 0.0);
        self.shift_x = self.shift_x.clamp(-MAX_SHIFT, MAX_SHIFT);
        self.shift_y = self.shift_y.clamp(-MAX_SHIFT, MAX_SHIFT);
        self.morph = self.morph.clamp(-MAX_SHIFT, MAX_SHIFT);
        self.specks = self.specks.min(MAX_SPECKS);
        self.gap = self.gap.min(MAX_GAP);
        self.spur = self.spur.min(MAX_GAP);
        self
    }

    /// Writes the prediction for `target` (a `side × side` mask) into `out`; `scratch` is
    /// reused between calls. Every value lies in `[0, 1]`.
    pub fn predict_into(
        &self,
        target: &[f64],
        side: usize,
        out: &mut Vec<f64>,
        scratch: &mut Vec<f64>,
    ) {
        let model = self.clamped();
        let n = target.len();
        out.clear();
        out.resize(n, 0.0);
        if side == 0 || n != side * side {
            return;
        }
        shift(target, side, model.shift_x, model.shift_y, out);
        if model.morph != 0 {
            morph(out, side, model.morph, scratch);
        }
        let reach = i64::from(model.morph.max(0));
        let spur = edits::spur(out, side, model.spur, reach);
        if model.gap > 0 {
            edits::cut_gap(out, side, model.gap, reach);
        }
        for i in spur {
            out[i] = 1.0;
        }
        if model.far_speck {
            edits::far_speck(out, target, side);
        }
        add_specks(out, target, model.specks, model.seed);
        if model.blur > 0.0 {
            blur(out, side, model.blur, scratch);
        }
        let (bg, fg) = (model.background, model.foreground);
        for p in out.iter_mut() {
            *p = (bg + (fg - bg) * p.clamp(0.0, 1.0)).clamp(0.0, 1.0);
        }
    }
}

/// `out[x, y] = mask[x − dx, y − dy]`, 0 where that falls outside.
fn shift(mask: &[f64], side: usize, dx: i32, dy: i32, out: &mut [f64]) {
    let s = side as i64;
    for y in 0..s {
        for x in 0..s {
            let (sx, sy) = (x - dx as i64, y - dy as i64);
            let inside = (0..s).contains(&sx) && (0..s).contains(&sy);
            out[(y * s + x) as usize] = if inside { mask[(sy * s + sx) as usize] } else { 0.0 };
        }
    }
}

/// Grey dilation (`radius > 0`, max) or erosion (`radius < 0`, min) over a square window,
/// separably: rows, then columns. Outside the image counts as background.
fn morph(mask: &mut [f64], side: usize, radius: i32, scratch: &mut Vec<f64>) {
    let r = radius.unsigned_abs() as usize;
    let dilate = radius > 0;
    let filter = |src: &[f64], dst: &mut [f64], pass: usize| {
        for line in 0..side {
            for k in 0..side {
                let touches_outside = k < r || k + r >= side;
                dst[at(pass, line, k, side)] = if !dilate && touches_outside {
                    0.0
                } else {
                    let window = k.saturating_sub(r)..=(k + r).min(side - 1);
                    let values = window.map(|j| src[at(pass, line, j, side)]);
                    if dilate {
                        values.fold(0.0, f64::max)
                    } else {
                        values.fold(1.0, f64::min)
                    }
                };
            }
        }
    };
    scratch.clear();
    scratch.resize(mask.len(), 0.0);
    filter(mask, scratch, 0);
    filter(scratch, mask, 1);
}

/// Index of element `k` of row (`pass` 0) or column (`pass` 1) `line`.
fn at(pass: usize, line: usize, k: usize, side: usize) -> usize {
    if pass == 0 {
        line * side + k
    } else {
        k * side + line
    }
}

/// Sets `count` seeded pseudo-random background pixels (where `target` is 0) to 1.
fn add_specks(mask: &mut [f64], target: &[f64], count: u32, seed: u64) {
    let background = target.iter().filter(|&&y| y < 0.5).count();
    let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
    let mut placed = 0;
    let mut tries = 0;
    while placed < count.min(background as u32) && tries < 64 * (count as usize + 1) {
        tries += 1;
        let i = (split_mix(&mut state) % mask.len() as u64) as usize;
        if target[i] < 0.5 && mask[i] < 1.0 {
            mask[i] = 1.0;
            placed += 1;
        }
    }
}

/// SplitMix64: a tiny, good-enough seeded generator.
fn split_mix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Separable Gaussian blur with `σ = sigma`, truncated at `3σ`, zero outside the image.
/// A pixel farther than `3σ` (per axis) from every 1 stays exactly 0.
fn blur(mask: &mut [f64], side: usize, sigma: f64, scratch: &mut Vec<f64>) {
    let r = (3.0 * sigma).ceil() as usize;
    let mut kernel: Vec<f64> = (0..=2 * r)
        .map(|k| (-(k as f64 - r as f64).powi(2) / (2.0 * sigma * sigma)).exp())
        .collect();
    let total: f64 = kernel.iter().sum();
    kernel.iter_mut().for_each(|w| *w /= total);
    let filter = |src: &[f64], dst: &mut [f64], pass: usize| {
        for line in 0..side {
            for k in 0..side {
                let mut acc = 0.0;
                for (t, &w) in kernel.iter().enumerate() {
                    let j = k + t;
                    if j >= r && j - r < side {
                        acc += w * src[at(pass, line, j - r, side)];
                    }
                }
                dst[at(pass, line, k, side)] = acc;
            }
        }
    };
    scratch.clear();
    scratch.resize(mask.len(), 0.0);
    filter(mask, scratch, 0);
    filter(scratch, mask, 1);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scene::{GridSize, TargetSpec};

    fn disc(area: usize) -> Vec<f64> {
        let mut t = Vec::new();
        TargetSpec { area, ..TargetSpec::default() }.generate_into(GridSize::S64, &mut t);
        t
    }

    fn predict(model: &PredictionModel, target: &[f64]) -> Vec<f64> {
        let (mut out, mut scratch) = (Vec::new(), Vec::new());
        model.predict_into(target, 64, &mut out, &mut scratch);
        out
    }

    #[test]
    fn plain_model_gives_exactly_the_two_confidences() {
        let target = disc(50);
        let model = PredictionModel { background: 1e-4, foreground: 0.8, ..Default::default() };
        let p = predict(&model, &target);
        for (&y, &p) in target.iter().zip(&p) {
            assert_eq!(p, if y == 1.0 { 0.8 } else { 1e-4 });
        }
    }

    #[test]
    fn blurred_prediction_far_from_the_object_is_exactly_the_background_confidence() {
        let target = disc(20);
        let model = PredictionModel { blur: 2.0, background: 0.01, ..Default::default() };
        let p = predict(&model, &target);
        assert_eq!(p[0], 0.01);
        assert_eq!(p[63], 0.01);
        let centre = p[32 * 64 + 32];
        assert!(centre > 0.01 && centre < 0.9, "{centre}");
        assert!(p.iter().all(|&v| (0.0..=1.0).contains(&v)));
    }

    #[test]
    fn shift_moves_the_prediction() {
        let mut target = vec![0.0; 64 * 64];
        target[10 * 64 + 10] = 1.0;
        let model = PredictionModel { shift_x: 3, shift_y: -2, ..Default::default() };
        let p = predict(&model, &target);
        assert_eq!(p[8 * 64 + 13], 0.9);
        assert_eq!(p[10 * 64 + 10], 0.05);
    }

    #[test]
    fn dilate_and_erode_grow_and_shrink_a_square() {
        let mut target = vec![0.0; 64 * 64];
        for y in 20..30 {
            for x in 20..30 {
                target[y * 64 + x] = 1.0;
            }
        }
        let count = |p: &[f64]| p.iter().filter(|&&v| v == 0.9).count();
        let grown = predict(&PredictionModel { morph: 2, ..Default::default() }, &target);
        assert_eq!(count(&grown), 14 * 14);
        let shrunk = predict(&PredictionModel { morph: -2, ..Default::default() }, &target);
        assert_eq!(count(&shrunk), 6 * 6);
    }

    #[test]
    fn specks_land_on_background_only_and_depend_on_the_seed() {
        let target = disc(100);
        let a = predict(&PredictionModel { specks: 10, seed: 7, ..Default::default() }, &target);
        let b = predict(&PredictionModel { specks: 10, seed: 8, ..Default::default() }, &target);
        let specks = |p: &[f64]| (0..p.len()).filter(|&i| target[i] == 0.0 && p[i] == 0.9).count();
        assert_eq!(specks(&a), 10);
        assert_eq!(specks(&b), 10);
        assert_ne!(a, b);
    }

    #[test]
    fn clamped_keeps_values_in_range() {
        let m = PredictionModel {
            background: 2.0,
            foreground: f64::NAN,
            blur: -1.0,
            ..Default::default()
        };
        let m = m.clamped();
        assert_eq!(m.background, MAX_BACKGROUND);
        assert_eq!(m.foreground, 0.9);
        assert_eq!(m.blur, 0.0);
    }
}
