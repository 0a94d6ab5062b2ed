//! The synthetic "sea with ships" data set: a textured, noisy sea (a few plane-wave swells
//! plus pixel noise) with a few small bright ellipses (ships, elongated and rotated), and the
//! ships' mask as the target. Some images are sea only (the article's empty images); in
//! crop mode every image is a window cut around a ship (a perfect detector's crop), unless
//! the settings give the detector a position error: then each validation crop's centre moves
//! by a random offset of up to that many pixels per axis, drawn from its own seeded stream
//! (so an error of 0 leaves every image as it was).
//!
//! Everything follows from the settings and the seed: the training set, a held-out
//! validation set (its own random stream, never sampled for training), and the pool that
//! batches are drawn from (all images with ships, and the kept share of the empty ones).
//!
//! With `classes = 3` the images are [`super::islands`]' (an island, ships, the sea), whole
//! (no crop mode).
//!
//! The user's own images become a [`DataSet`] too (`user.rs`, `DataSet::from_user`): crops
//! with the same pool rule ([`pool_of`]), and [`UserCrops`] saying where each crop came from.

use super::islands;
use super::rng::Pcg32;
use super::settings::RaceSettings;

/// One image and its mask, `side×side`, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Pixel intensities (sea around 0, ships brighter by the contrast).
    pub image: Vec<f32>,
    /// 1 on ship pixels, 0 elsewhere.
    pub mask: Vec<f32>,
    /// The multi-class set's class of every pixel ([`super::islands::CLASS_NAMES`]); empty
    /// in the binary set.
    pub labels: Vec<u8>,
}

impl Sample {
    /// Whether the mask has no ship pixel.
    pub fn is_empty(&self) -> bool {
        self.mask.iter().all(|&m| m == 0.0)
    }

    /// The share of ship pixels.
    pub fn foreground(&self) -> f64 {
        self.mask.iter().map(|&m| m as f64).sum::<f64>() / self.mask.len().max(1) as f64
    }
}

/// The training set, the validation set and the training pool.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSet {
    /// Side of the images the network sees (the crop window in crop mode).
    pub side: usize,
    /// Training images.
    pub train: Vec<Sample>,
    /// Held-out validation images (the same share of empty images, never undersampled).
    pub val: Vec<Sample>,
    /// Indices into `train` that batches are drawn from (undersampling drops empty ones).
    pub pool: Vec<usize>,
    /// Crop mode: each validation crop's detector offset `(dx, dy)`, pixels, each within
    /// `±detector_error` (all `(0, 0)` for a perfect detector); empty without crop mode.
    pub val_offsets: Vec<(i32, i32)>,
    /// Crop mode: each validation crop's top-left corner in its scene; empty without it.
    pub val_origins: Vec<(usize, usize)>,
    /// Crops of the user's own images ([`DataSet::from_user`]): where each came from and
    /// what the page should say about them; `None` for the synthetic sea.
    pub user: Option<UserCrops>,
}

/// How a data set of the user's images was cut (`train/user.rs` builds it).
#[derive(Debug, Clone, PartialEq)]
pub struct UserCrops {
    /// Samples with an image: the crops come from these.
    pub images: usize,
    /// Samples without an image (a mask alone), left out.
    pub without_image: usize,
    /// The samples (indices into the samples given) whose crops train, in the seed's order.
    pub train_images: Vec<usize>,
    /// The samples whose crops validate (never one of `train_images`), in the seed's order.
    pub val_images: Vec<usize>,
    /// With a single image: where its crops were split by position (`train_images` and
    /// `val_images` then both name it); `None` when the split is by image.
    pub position_split: Option<PositionSplit>,
    /// Samples smaller than the crop on an axis: their crops are padded.
    pub padded: Vec<usize>,
    /// Whether no mask has an object pixel (the race runs, with nothing to find).
    pub all_empty: bool,
    /// Where each training crop (`train[i]`) was cut.
    pub train_crops: Vec<CropSource>,
    /// Where each validation crop (`val[i]`) was cut.
    pub val_crops: Vec<CropSource>,
}

/// Where one crop of a user image was cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CropSource {
    /// The sample (an index into the samples given).
    pub sample: usize,
    /// The crop's left column in the sample's image (negative, or past the right edge:
    /// padding).
    pub x: isize,
    /// The crop's top row in the sample's image (negative, or past the bottom: padding).
    pub y: isize,
    /// Whether it was centred on an object pixel (the others are uniform).
    pub centred: bool,
}

/// A single image's split by position: training crops are cut from the part before `at`
/// along the axis, validation crops from the part from `at` on; a crop never reaches into
/// the other part (those pixels are padding).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PositionSplit {
    /// The axis: rows (`true`, the image is split into a top and a bottom part) or columns
    /// (`false`, a left and a right part): the longer one.
    pub rows: bool,
    /// The first row (or column) of the validation part.
    pub at: usize,
}

/// An ellipse: centre, semi-axes, angle.
#[derive(Debug, Clone, Copy)]
struct Ship {
    cx: f32,
    cy: f32,
    a: f32,
    b: f32,
    angle: f32,
}

impl DataSet {
    /// Generates the whole data set from `settings` (the seed included).
    pub fn generate(settings: &RaceSettings) -> DataSet {
        let side = settings.input_side();
        let (train, _) =
            images(settings, settings.train_images, Pcg32::new(settings.seed, 1), None);
        let detector =
            Detector { error: settings.detector_error, rng: Pcg32::new(settings.seed, 5) };
        let (val, windows) =
            images(settings, settings.val_images, Pcg32::new(settings.seed, 2), Some(detector));
        let (val_offsets, val_origins) = windows.into_iter().unzip();
        let pool = pool_of(&train, settings);
        DataSet { side, train, val, pool, val_offsets, val_origins, user: None }
    }

    /// Mean foreground share of the training pool (the imbalance the losses see).
    pub fn pool_foreground(&self) -> f64 {
        let total: f64 = self.pool.iter().map(|&i| self.train[i].foreground()).sum();
        total / self.pool.len().max(1) as f64
    }
}

/// The training pool: every image with an object, and each empty one kept with probability
/// `settings.empty_keep` (undersampling, its own stream of the seed); all of them if that
/// keeps none. The user's crops are pooled by the same rule.
pub(super) fn pool_of(train: &[Sample], settings: &RaceSettings) -> Vec<usize> {
    let mut rng = Pcg32::new(settings.seed, 3);
    let mut pool = Vec::with_capacity(train.len());
    for (i, s) in train.iter().enumerate() {
        // Undersampling keeps each empty image with probability `empty_keep`.
        if !s.is_empty() || rng.unit() < settings.empty_keep as f32 {
            pool.push(i);
        }
    }
    if pool.is_empty() {
        pool.extend(0..train.len());
    }
    pool
}

/// A crop's detector offset `(dx, dy)` and its origin in the scene.
type Window = ((i32, i32), (usize, usize));

/// An imperfect detector: its error bound and its own random stream.
struct Detector {
    error: usize,
    rng: Pcg32,
}

impl Detector {
    /// The next offset, each axis uniform over the whole pixels in `±error`.
    fn offset(&mut self) -> (i32, i32) {
        let e = self.error as i32;
        let mut draw = || if e == 0 { 0 } else { self.rng.below(2 * self.error + 1) as i32 - e };
        let dx = draw();
        (dx, draw())
    }
}

/// `count` images; exactly `round(empty_fraction·count)` of them (at most `count − 1`) are
/// sea only, at random places in the order. In crop mode, also each crop's detector offset
/// and origin (the offsets from `detector`, if given; `(0, 0)` otherwise).
fn images(
    settings: &RaceSettings,
    count: usize,
    mut rng: Pcg32,
    mut detector: Option<Detector>,
) -> (Vec<Sample>, Vec<Window>) {
    let empty =
        ((settings.empty_fraction * count as f64).round() as usize).min(count.saturating_sub(1));
    let mut is_empty: Vec<bool> = (0..count).map(|i| i < empty).collect();
    for i in (1..count).rev() {
        is_empty.swap(i, rng.below(i + 1));
    }
    let mut windows = Vec::new();
    let samples = is_empty
        .into_iter()
        .map(|e| {
            let offset = detector.as_mut().map_or((0, 0), Detector::offset);
            let (sample, origin) = image(settings, e, &mut rng, offset);
            windows.extend(origin.map(|o| (offset, o)));
            sample
        })
        .collect();
    (samples, windows)
}

/// One scene of `settings.side`, cut to the crop window in crop mode (its centre moved by the
/// detector's `offset`), with the window's origin.
fn image(
    settings: &RaceSettings,
    empty: bool,
    rng: &mut Pcg32,
    offset: (i32, i32),
) -> (Sample, Option<(usize, usize)>) {
    if settings.classes > 1 {
        let drawn = islands::image(settings, empty, rng);
        let sample = Sample { image: drawn.image, mask: drawn.mask, labels: drawn.labels };
        return (sample, None);
    }
    let side = settings.side;
    let n = side * side;
    let (lo, hi) =
        (settings.size_min.min(settings.size_max), settings.size_min.max(settings.size_max));
    let ships: Vec<Ship> = if empty {
        Vec::new()
    } else {
        let count = 1 + rng.below(settings.objects.max(1));
        (0..count)
            .map(|_| {
                let a = rng.range(lo as f32, hi as f32 + 1e-3);
                let margin = a.min(side as f32 / 4.0);
                Ship {
                    cx: rng.range(margin, side as f32 - margin),
                    cy: rng.range(margin, side as f32 - margin),
                    a,
                    b: a * rng.range(0.45, 0.8),
                    angle: rng.range(0.0, std::f32::consts::PI),
                }
            })
            .collect()
    };
    // The sea: three swells of random direction and wavelength, plus pixel noise.
    let noise = settings.noise as f32;
    let swells: Vec<(f32, f32, f32)> = (0..3)
        .map(|_| {
            let dir = rng.range(0.0, std::f32::consts::TAU);
            let k = std::f32::consts::TAU / rng.range(4.0, 16.0);
            (k * dir.cos(), k * dir.sin(), rng.range(0.0, std::f32::consts::TAU))
        })
        .collect();
    let contrast = settings.contrast as f32;
    let mut image = vec![0.0f32; n];
    let mut mask = vec![0.0f32; n];
    for y in 0..side {
        for x in 0..side {
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            let swell: f32 =
                swells.iter().map(|&(kx, ky, ph)| (kx * px + ky * py + ph).sin()).sum();
            let mut v = 0.2 * noise * swell + noise * rng.normal();
            if ships.iter().any(|s| s.contains(px, py)) {
                mask[y * side + x] = 1.0;
                v += contrast;
            }
            image[y * side + x] = v;
        }
    }
    let sample = Sample { image, mask, labels: Vec::new() };
    match settings.crop_window() {
        Some(window) => {
            let (cut, origin) = crop(&sample, side, window, ships.first(), rng, offset);
            (cut, Some(origin))
        }
        None => (sample, None),
    }
}

impl Ship {
    fn contains(&self, x: f32, y: f32) -> bool {
        let (dx, dy) = (x - self.cx, y - self.cy);
        let (s, c) = self.angle.sin_cos();
        let u = (dx * c + dy * s) / self.a;
        let v = (-dx * s + dy * c) / self.b;
        u * u + v * v <= 1.0
    }
}

/// A `window×window` cut of `sample` around `ship` (its centre jittered by up to a quarter
/// window, then moved by the detector's `offset`), or at a random place for a sea-only image;
/// always inside the scene. Also the cut's origin.
fn crop(
    sample: &Sample,
    side: usize,
    window: usize,
    ship: Option<&Ship>,
    rng: &mut Pcg32,
    offset: (i32, i32),
) -> (Sample, (usize, usize)) {
    let max = (side - window) as f32;
    let origin = |c: f32, shift: i32, rng: &mut Pcg32| {
        let jitter = rng.range(-0.25, 0.25) * window as f32;
        ((c + jitter - window as f32 / 2.0).round() + shift as f32).clamp(0.0, max) as usize
    };
    let (x0, y0) = match ship {
        Some(s) => (origin(s.cx, offset.0, rng), origin(s.cy, offset.1, rng)),
        None => (rng.below(side - window + 1), rng.below(side - window + 1)),
    };
    let mut image = Vec::with_capacity(window * window);
    let mut mask = Vec::with_capacity(window * window);
    for y in y0..y0 + window {
        image.extend_from_slice(&sample.image[y * side + x0..y * side + x0 + window]);
        mask.extend_from_slice(&sample.mask[y * side + x0..y * side + x0 + window]);
    }
    (Sample { image, mask, labels: Vec::new() }, (x0, y0))
}
