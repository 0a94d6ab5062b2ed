//! The race on your own data: images and masks imported in the "Your data" view (or read by
//! the CLI), which the network trains on as crops.
//!
//! [`DataSet::from_user`] cuts crops of the race's input side (`settings.input_side()`) from
//! the samples that carry an image, everything from the settings' seed (the same samples and
//! settings give the same crops bit for bit). The rules, in one place:
//!
//! - **Intensities.** The network was made for the synthetic sea: intensities around 0 with
//!   a spread of a fraction of a unit and ships a unit brighter (sea σ ≈ 0.37 at the default
//!   noise, ships +1, so a ship sits ≈ 2.7 σ above the sea). A user's image can be PNG samples
//!   in [0, 1], CT numbers in the thousands or anything else, so each image is standardised
//!   on its own, over all its pixels: `(x − mean) / std` (population standard deviation,
//!   in f64; a constant image becomes all 0), then clipped to ±[`INTENSITY_CLIP`]. Per image,
//!   as nnU-Net does for non-CT images, so PNG and float images mixed in one set meet on one
//!   scale; the clip keeps a tiny bright object (whose z-score on a flat background is about
//!   `√(1/share)`, 30 for 0.1 % of the pixels) at "a few units", the size of input the small
//!   network's initial weights expect.
//! - **Masks.** Object where the mask is ≥ 0.5 (the race's metrics threshold), stored as 1;
//!   0 elsewhere.
//! - **Validation by image.** As many images validate as the settings' validation share
//!   `val_images / (train_images + val_images)` of the images (rounded; at least one, and at
//!   least one image left for training), drawn by the seed from the images with objects and
//!   the empty ones in proportion, keeping an image with objects in training (and one in
//!   validation when there are two or more). No crop of a training image is ever in
//!   validation. With a single image, its crops are split by position instead
//!   ([`PositionSplit`]): the longer axis is cut at the same share, training crops come from
//!   the first part and validation crops from the second, and a crop never reaches across
//!   the cut (those pixels are padding).
//! - **Crops.** `train_images` training crops and `val_images` validation crops (the
//!   settings' counts), dealt to the images in turn (crop `i` from the `i mod n`-th image of
//!   its part). Of an image's `k` crops, the 1st, 3rd, 5th, … — `⌈k · `[`OBJECT_CROP_SHARE`]`⌉`
//!   of them — are centred on one of its object pixels (drawn uniformly, so every object is
//!   seen in proportion to its size and a tiny one is not missed), the centre moved by up to
//!   a quarter of the crop per axis as the synthetic crops are; that pixel always stays inside
//!   the crop. The others, and every crop of an image without objects, sit uniformly among
//!   the positions where the crop fits. An image (or part) smaller than the crop on an axis
//!   is placed uniformly inside the crop on that axis and **padded**: image 0 (after the
//!   standardisation above, i.e. the image's mean intensity — the value the network's own
//!   zero padding gives too) and mask 0 (background).
//! - **Pool.** As the synthetic set: every training crop with object pixels, and each empty
//!   one kept with probability `settings.empty_keep` (undersampling); validation keeps every
//!   crop.
//!
//! Seed streams: 1 the training crops and 2 the validation crops (as the synthetic images),
//! 3 the pool's undersampling (the synthetic set's rule, [`super::data`]), 6 the split.

use super::data::{pool_of, CropSource, DataSet, PositionSplit, Sample, UserCrops};
use super::rng::Pcg32;
use super::settings::RaceSettings;
use std::fmt;

/// One imported image and its mask, row-major `height × width` (a 3-D volume gives one sample
/// per plane).
#[derive(Debug, Clone, PartialEq)]
pub struct UserSample {
    /// The pair's name (`case01`, or `case01[z]` for a plane of a volume).
    pub name: String,
    /// Rows.
    pub height: usize,
    /// Columns.
    pub width: usize,
    /// The input image's intensities, as read (PNG samples / max, floats as stored).
    pub image: Vec<f32>,
    /// The target: 1 on object pixels, 0 elsewhere.
    pub mask: Vec<f32>,
}

impl UserSample {
    /// Whether it carries an input image (a pair without one has only its mask, which the
    /// race cannot train on).
    pub fn has_image(&self) -> bool {
        !self.image.is_empty()
    }
}

/// Share of an image's crops centred on one of its object pixels (the rest are uniform).
pub const OBJECT_CROP_SHARE: f64 = 0.5;

/// Standardised intensities are clipped to `±INTENSITY_CLIP`.
pub const INTENSITY_CLIP: f32 = 4.0;

/// The seed's stream for the choice of validation images.
const SPLIT_STREAM: u64 = 6;

/// Why a data set could not be cut from the user's samples.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserDataError {
    /// No sample at all.
    NoSamples,
    /// No sample carries an image (`masks` samples have a mask only).
    NoImage {
        /// Samples given, all without an image.
        masks: usize,
    },
    /// A sample's image or mask does not hold `height × width` values.
    Shape {
        /// The sample's name.
        name: String,
        /// Whether it is the mask (else the image).
        mask: bool,
        /// Values it holds.
        values: usize,
        /// The sample's rows.
        height: usize,
        /// The sample's columns.
        width: usize,
    },
    /// A sample's image or mask holds NaN or an infinity.
    NotFinite {
        /// The sample's name.
        name: String,
        /// Whether it is the mask (else the image).
        mask: bool,
    },
    /// The only image is one pixel wide and tall: it cannot be split into training and
    /// validation parts.
    TooSmall {
        /// The sample's name.
        name: String,
    },
    /// The settings ask for several classes; the user's masks are binary.
    MultiClass,
}

impl fmt::Display for UserDataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let part = |mask: bool| if mask { "mask" } else { "image" };
        match self {
            UserDataError::NoSamples => write!(f, "no images to train on: import images with their masks"),
            UserDataError::NoImage { masks } => write!(
                f,
                "none of the {masks} pairs has an input image: the race trains on images (an images/ folder)"
            ),
            UserDataError::Shape { name, mask, values, height, width } => write!(
                f,
                "{name}: the {} holds {values} values, not {height} × {width}",
                part(*mask)
            ),
            UserDataError::NotFinite { name, mask } => {
                write!(f, "{name}: the {} holds a value that is not finite", part(*mask))
            }
            UserDataError::TooSmall { name } => write!(
                f,
                "{name}: a single image of 1 × 1 pixel cannot be split into training and validation"
            ),
            UserDataError::MultiClass => {
                write!(f, "the race on your data is binary: set race.classes to 1")
            }
        }
    }
}

impl std::error::Error for UserDataError {}

impl From<UserDataError> for String {
    fn from(e: UserDataError) -> String {
        e.to_string()
    }
}

/// A sample ready to be cut: its standardised image and hard mask.
struct Prepared {
    /// Index into the samples given.
    sample: usize,
    height: usize,
    width: usize,
    image: Vec<f32>,
    mask: Vec<f32>,
}

/// A rectangle of a prepared sample that crops are cut from (the whole image, or one part of
/// a single image split by position), with its object pixels.
struct Region<'a> {
    from: &'a Prepared,
    /// Rows `[top, bottom)`.
    rows: (usize, usize),
    /// Columns `[left, right)`.
    cols: (usize, usize),
    /// Object pixels inside, `(row, column)` in the sample.
    objects: Vec<(usize, usize)>,
}

impl<'a> Region<'a> {
    fn new(from: &'a Prepared, rows: (usize, usize), cols: (usize, usize)) -> Region<'a> {
        let objects = (rows.0..rows.1)
            .flat_map(|r| (cols.0..cols.1).map(move |c| (r, c)))
            .filter(|&(r, c)| from.mask[r * from.width + c] > 0.0)
            .collect();
        Region { from, rows, cols, objects }
    }

    fn whole(from: &'a Prepared) -> Region<'a> {
        Region::new(from, (0, from.height), (0, from.width))
    }

    /// Whether the crop is larger than the region on an axis (its crops are padded).
    fn padded(&self, side: usize) -> bool {
        self.rows.1 - self.rows.0 < side || self.cols.1 - self.cols.0 < side
    }

    /// The `side × side` window at `(x, y)` (sample coordinates): the region's pixels where
    /// it covers them, 0 (image and mask) elsewhere.
    fn cut(&self, x: isize, y: isize, side: usize) -> Sample {
        let mut image = vec![0.0f32; side * side];
        let mut mask = vec![0.0f32; side * side];
        let inside = |v: isize, (lo, hi): (usize, usize)| v >= lo as isize && v < hi as isize;
        for i in 0..side {
            let r = y + i as isize;
            if !inside(r, self.rows) {
                continue;
            }
            for j in 0..side {
                let c = x + j as isize;
                if inside(c, self.cols) {
                    let at = r as usize * self.from.width + c as usize;
                    image[i * side + j] = self.from.image[at];
                    mask[i * side + j] = self.from.mask[at];
                }
            }
        }
        Sample { image, mask, labels: Vec::new() }
    }
}

/// The crop origins allowed on an axis whose region is `[lo, hi)`: where the crop fits
/// inside, or (region shorter than the crop) where the region fits inside the crop.
fn origin_range((lo, hi): (usize, usize), side: usize) -> (isize, isize) {
    let slack = (hi - lo) as isize - side as isize;
    (lo as isize + slack.min(0), lo as isize + slack.max(0))
}

/// Whether an image's `c`-th crop (from 0) is centred on an object pixel: of its first `k`
/// crops, `⌈k · OBJECT_CROP_SHARE⌉` are.
fn centred_at(c: usize) -> bool {
    ((c + 1) as f64 * OBJECT_CROP_SHARE).ceil() > (c as f64 * OBJECT_CROP_SHARE).ceil()
}

/// `count` crops dealt to `regions` in turn, with where each came from.
fn crops(
    regions: &[Region<'_>],
    count: usize,
    side: usize,
    rng: &mut Pcg32,
) -> (Vec<Sample>, Vec<CropSource>) {
    let mut made = vec![0usize; regions.len()];
    let mut out = Vec::with_capacity(count);
    let mut sources = Vec::with_capacity(count);
    if regions.is_empty() {
        return (out, sources);
    }
    let quarter = side / 4;
    for i in 0..count {
        let k = i % regions.len();
        let region = &regions[k];
        let centred = !region.objects.is_empty() && centred_at(made[k]);
        made[k] += 1;
        let (xs, ys) = (origin_range(region.cols, side), origin_range(region.rows, side));
        let (x, y) = if centred {
            let (r, c) = region.objects[rng.below(region.objects.len())];
            let mut at = |p: usize, (lo, hi): (isize, isize)| {
                let jitter = rng.below(2 * quarter + 1) as isize - quarter as isize;
                (p as isize - (side / 2) as isize + jitter).clamp(lo, hi)
            };
            let x = at(c, xs);
            (x, at(r, ys))
        } else {
            let mut at = |(lo, hi): (isize, isize)| lo + rng.below((hi - lo + 1) as usize) as isize;
            let x = at(xs);
            (x, at(ys))
        };
        out.push(region.cut(x, y, side));
        sources.push(CropSource { sample: region.from.sample, x, y, centred });
    }
    (out, sources)
}

/// `(x − mean) / std` over the whole image, clipped to ±[`INTENSITY_CLIP`] (all 0 for a
/// constant image).
fn standardise(image: &[f32]) -> Vec<f32> {
    let n = image.len().max(1) as f64;
    let mean = image.iter().map(|&v| v as f64).sum::<f64>() / n;
    let var = image.iter().map(|&v| (v as f64 - mean).powi(2)).sum::<f64>() / n;
    let std = var.sqrt();
    let scale = if std > 0.0 && std.is_finite() { 1.0 / std } else { 0.0 };
    image
        .iter()
        .map(|&v| (((v as f64 - mean) * scale) as f32).clamp(-INTENSITY_CLIP, INTENSITY_CLIP))
        .collect()
}

/// Checks every sample; the ones with an image, standardised, and how many had none.
fn prepare(samples: &[UserSample]) -> Result<(Vec<Prepared>, usize), UserDataError> {
    let mut ready = Vec::new();
    let mut without = 0;
    for (i, s) in samples.iter().enumerate() {
        let n = s.height.saturating_mul(s.width);
        let shape = |mask: bool, values: usize| UserDataError::Shape {
            name: s.name.clone(),
            mask,
            values,
            height: s.height,
            width: s.width,
        };
        if s.mask.len() != n {
            return Err(shape(true, s.mask.len()));
        }
        if !s.has_image() {
            without += 1;
            continue;
        }
        if s.image.len() != n {
            return Err(shape(false, s.image.len()));
        }
        for (values, mask) in [(&s.mask, true), (&s.image, false)] {
            if values.iter().any(|v| !v.is_finite()) {
                return Err(UserDataError::NotFinite { name: s.name.clone(), mask });
            }
        }
        let mask = s.mask.iter().map(|&m| if m >= 0.5 { 1.0 } else { 0.0 }).collect();
        let image = standardise(&s.image);
        ready.push(Prepared { sample: i, height: s.height, width: s.width, image, mask });
    }
    Ok((ready, without))
}

/// `round(n · share)`, at least 1 and at most `n − 1` (`n ≥ 2`).
fn share_of(n: usize, share: f64) -> usize {
    ((n as f64 * share).round() as usize).clamp(1, n - 1)
}

/// Which prepared images validate (indices into `ready`), `n_val` of them, the rest train:
/// images with and without objects in proportion, an image with objects kept in training
/// (and one in validation when two or more have objects); each group in the seed's order.
fn split(ready: &[Prepared], share: f64, rng: &mut Pcg32) -> (Vec<usize>, Vec<usize>) {
    let n = ready.len();
    let n_val = share_of(n, share);
    let shuffled = |mut v: Vec<usize>, rng: &mut Pcg32| {
        for i in (1..v.len()).rev() {
            v.swap(i, rng.below(i + 1));
        }
        v
    };
    let has_objects = |p: &Prepared| p.mask.iter().any(|&m| m > 0.0);
    let objects = shuffled((0..n).filter(|&i| has_objects(&ready[i])).collect(), rng);
    let empty = shuffled((0..n).filter(|&i| !has_objects(&ready[i])).collect(), rng);
    let (o, e) = (objects.len(), empty.len());
    let proportional = (n_val as f64 * o as f64 / n as f64).round() as usize;
    let v_o = if o >= 2 { proportional.clamp(1, o - 1) } else { 0 };
    // Keep an image in training: an image with objects if any, else an empty one.
    let v_e = (n_val - v_o).min(e - usize::from(o == 0));
    // Not enough empty images: more with objects, one still left for training.
    let v_o = v_o.max((n_val - v_e).min(o.saturating_sub(1)));
    let val = objects[..v_o].iter().chain(&empty[..v_e]).copied().collect();
    let train = objects[v_o..].iter().chain(&empty[v_e..]).copied().collect();
    (train, val)
}

impl DataSet {
    /// Crops of the user's images and masks, `settings.input_side()` on a side, cut as the
    /// module's rules say (`train/user.rs`): standardised intensities, validation split by
    /// image (by position for a single image), half the crops centred on object pixels,
    /// padding where an image is smaller than the crop, the synthetic set's pool. The same
    /// samples and settings give the same crops bit for bit. Samples without an image are
    /// left out ([`UserCrops::without_image`]). Masks without any object pixel are no
    /// error: the race runs, and [`UserCrops::all_empty`] says there is nothing to find.
    pub fn from_user(
        samples: &[UserSample],
        settings: &RaceSettings,
    ) -> Result<DataSet, UserDataError> {
        if settings.multi_class() {
            return Err(UserDataError::MultiClass);
        }
        if samples.is_empty() {
            return Err(UserDataError::NoSamples);
        }
        let (ready, without_image) = prepare(samples)?;
        if ready.is_empty() {
            return Err(UserDataError::NoImage { masks: samples.len() });
        }
        let side = settings.input_side().max(1);
        let (train_count, val_count) = (settings.train_images.max(1), settings.val_images.max(1));
        let share = val_count as f64 / (train_count + val_count) as f64;
        let (train_regions, val_regions, position_split) = if let [only] = ready.as_slice() {
            let rows = only.height >= only.width;
            let length = if rows { only.height } else { only.width };
            if length < 2 {
                return Err(UserDataError::TooSmall { name: samples[only.sample].name.clone() });
            }
            let at = length - share_of(length, share);
            let (first, second) = if rows {
                let all = (0, only.width);
                (Region::new(only, (0, at), all), Region::new(only, (at, only.height), all))
            } else {
                let all = (0, only.height);
                (Region::new(only, all, (0, at)), Region::new(only, all, (at, only.width)))
            };
            (vec![first], vec![second], Some(PositionSplit { rows, at }))
        } else {
            let (train, val) = split(&ready, share, &mut Pcg32::new(settings.seed, SPLIT_STREAM));
            let regions = |ids: &[usize]| ids.iter().map(|&i| Region::whole(&ready[i])).collect();
            (regions(&train), regions(&val), None)
        };
        let (train, train_crops) =
            crops(&train_regions, train_count, side, &mut Pcg32::new(settings.seed, 1));
        let (val, val_crops) =
            crops(&val_regions, val_count, side, &mut Pcg32::new(settings.seed, 2));
        let mut padded: Vec<usize> = train_regions
            .iter()
            .chain(&val_regions)
            .filter(|r| r.padded(side))
            .map(|r| r.from.sample)
            .collect();
        padded.sort_unstable();
        padded.dedup();
        let ids = |regions: &[Region<'_>]| regions.iter().map(|r| r.from.sample).collect();
        let user = UserCrops {
            images: ready.len(),
            without_image,
            train_images: ids(&train_regions),
            val_images: ids(&val_regions),
            position_split,
            padded,
            all_empty: ready.iter().all(|p| p.mask.iter().all(|&m| m == 0.0)),
            train_crops,
            val_crops,
        };
        let pool = pool_of(&train, settings);
        Ok(DataSet {
            side,
            train,
            val,
            pool,
            val_offsets: Vec::new(),
            val_origins: Vec::new(),
            user: Some(user),
        })
    }
}
