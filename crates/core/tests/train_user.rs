//! The race on the user's own images (`DataSet::from_user`, `Race::with_data`): crops of the
//! race's input side, bit-for-bit reproducible from the seed; validation split by image (by
//! position for a single image) with no training pixel in validation; half of an image's
//! crops centred on its object pixels; images smaller than the crop padded with 0; clear
//! errors; and a short race on two tiny images that learns bright squares.
//!
//! Every expected crop is cut again here by hand from the sample, standardised with the
//! formula written out below (`(x − mean) / std`, clipped to ±4), never with the code under
//! test.

use losslab_core::train::{
    CropSource, DataSet, Objective, PositionSplit, Preset, Race, RaceSettings, UserDataError,
    UserSample, INTENSITY_CLIP,
};
use losslab_core::{Loss, LossName};

/// A sample of `height × width`: background 0.2 plus a little deterministic texture, each
/// `(row, column, size)` square 0.8 in the image and 1 in the mask.
fn squares(
    name: &str,
    height: usize,
    width: usize,
    objects: &[(usize, usize, usize)],
) -> UserSample {
    let mut image = vec![0.0f32; height * width];
    let mut mask = vec![0.0f32; height * width];
    for r in 0..height {
        for c in 0..width {
            // A fixed texture of ±0.02 (no random source needed).
            image[r * width + c] = 0.2 + 0.02 * (((r * 7 + c * 13) % 5) as f32 - 2.0) / 2.0;
        }
    }
    for &(r0, c0, size) in objects {
        for r in r0..(r0 + size).min(height) {
            for c in c0..(c0 + size).min(width) {
                image[r * width + c] = 0.8;
                mask[r * width + c] = 1.0;
            }
        }
    }
    UserSample { name: name.to_owned(), height, width, image, mask }
}

/// Settings whose network sees `crop × crop` crops, `train` and `val` of them.
fn settings(crop: usize, train: usize, val: usize, seed: u64) -> RaceSettings {
    RaceSettings {
        crop,
        train_images: train,
        val_images: val,
        seed,
        losses: vec![LossName::Dice],
        ..Preset::Extreme.settings()
    }
}

/// The standardisation, written out: mean and population standard deviation in f64, then
/// `(x − mean) / std` clipped to ±4 (all 0 for a constant image).
fn standardised(s: &UserSample) -> Vec<f32> {
    let n = s.image.len() as f64;
    let mean: f64 = s.image.iter().map(|&v| v as f64).sum::<f64>() / n;
    let var: f64 = s.image.iter().map(|&v| (v as f64 - mean) * (v as f64 - mean)).sum::<f64>() / n;
    let std = var.sqrt();
    s.image
        .iter()
        .map(|&v| {
            let z = if std > 0.0 { (v as f64 - mean) / std } else { 0.0 };
            (z as f32).clamp(-4.0, 4.0)
        })
        .collect()
}

/// The crop at `source` cut by hand: the sample's pixels where the window covers them and
/// `keep(row, column)` allows, 0 elsewhere. `(image, mask)`.
fn hand_cut(
    s: &UserSample,
    source: &CropSource,
    side: usize,
    keep: impl Fn(usize, usize) -> bool,
) -> (Vec<f32>, Vec<f32>) {
    let z = standardised(s);
    let mut image = vec![0.0f32; side * side];
    let mut mask = vec![0.0f32; side * side];
    for i in 0..side {
        for j in 0..side {
            let (r, c) = (source.y + i as isize, source.x + j as isize);
            if r < 0 || c < 0 || r >= s.height as isize || c >= s.width as isize {
                continue;
            }
            let (r, c) = (r as usize, c as usize);
            if keep(r, c) {
                image[i * side + j] = z[r * s.width + c];
                mask[i * side + j] = s.mask[r * s.width + c];
            }
        }
    }
    (image, mask)
}

fn bits(v: &[f32]) -> Vec<u32> {
    v.iter().map(|x| x.to_bits()).collect()
}

fn has_object(mask: &[f32]) -> bool {
    mask.iter().any(|&m| m > 0.5)
}

#[test]
fn the_same_samples_and_settings_give_the_same_crops_bit_for_bit() {
    let samples = [
        squares("a", 40, 40, &[(5, 6, 4)]),
        squares("b", 30, 50, &[(20, 30, 2), (3, 3, 6)]),
        squares("c", 24, 24, &[]),
    ];
    let s = settings(16, 24, 8, 7);
    let a = DataSet::from_user(&samples, &s).expect("three images with masks");
    let b = DataSet::from_user(&samples, &s).expect("three images with masks");
    let all = |d: &DataSet| -> Vec<u32> {
        d.train
            .iter()
            .chain(&d.val)
            .flat_map(|x| bits(&x.image).into_iter().chain(bits(&x.mask)))
            .collect()
    };
    assert_eq!(all(&a), all(&b));
    assert_eq!(a.pool, b.pool);
    assert_eq!(a.user, b.user);
    let c = DataSet::from_user(&samples, &settings(16, 24, 8, 8)).expect("another seed");
    assert_ne!(all(&a), all(&c), "another seed cuts other crops");
}

#[test]
fn crops_have_the_races_input_side_and_counts() {
    let samples = [squares("a", 40, 40, &[(5, 6, 4)]), squares("b", 50, 30, &[(20, 10, 3)])];
    // Crop mode: the window; without it: the scene side.
    for (s, side) in
        [(settings(16, 12, 5, 1), 16), (RaceSettings { side: 24, ..settings(0, 12, 5, 1) }, 24)]
    {
        assert_eq!(s.input_side(), side);
        let d = DataSet::from_user(&samples, &s).expect("two images");
        assert_eq!(d.side, side);
        assert_eq!(d.train.len(), 12);
        assert_eq!(d.val.len(), 5);
        for x in d.train.iter().chain(&d.val) {
            assert_eq!(x.image.len(), side * side);
            assert_eq!(x.mask.len(), side * side);
            assert!(x.labels.is_empty());
        }
        let user = d.user.as_ref().expect("the user's crops say where they come from");
        assert_eq!(user.train_crops.len(), 12);
        assert_eq!(user.val_crops.len(), 5);
    }
}

#[test]
fn validation_is_split_by_image_and_holds_no_training_pixel() {
    // Four images with objects, two without.
    let samples = [
        squares("o1", 32, 32, &[(4, 4, 5)]),
        squares("o2", 32, 40, &[(20, 8, 3)]),
        squares("e1", 28, 28, &[]),
        squares("o3", 36, 32, &[(10, 10, 8)]),
        squares("e2", 32, 32, &[]),
        squares("o4", 32, 32, &[(1, 25, 2)]),
    ];
    let with_objects = [0usize, 1, 3, 5];
    for seed in 1..6 {
        let s = settings(16, 30, 20, seed);
        let d = DataSet::from_user(&samples, &s).expect("six images");
        let user = d.user.as_ref().expect("user crops");
        assert_eq!(user.position_split, None);
        // round(6 × 20 / (30 + 20)) = round(2.4) = 2 validation images; of them
        // round(2 × 4/6) = 1 with objects, the other without.
        assert_eq!(user.val_images.len(), 2, "seed {seed}");
        let val_objects = user.val_images.iter().filter(|i| with_objects.contains(i)).count();
        assert_eq!(val_objects, 1, "seed {seed}: one validation image with objects");
        let mut every: Vec<usize> =
            user.train_images.iter().chain(&user.val_images).copied().collect();
        every.sort_unstable();
        assert_eq!(every, [0, 1, 2, 3, 4, 5], "each image on exactly one side");
        // Each crop comes from its side's images, and is exactly the hand cut of its source.
        for (crops, sources, images) in [
            (&d.train, &user.train_crops, &user.train_images),
            (&d.val, &user.val_crops, &user.val_images),
        ] {
            for (crop, source) in crops.iter().zip(sources) {
                assert!(images.contains(&source.sample));
                let (image, mask) = hand_cut(&samples[source.sample], source, 16, |_, _| true);
                assert_eq!(bits(&crop.image), bits(&image));
                assert_eq!(bits(&crop.mask), bits(&mask));
            }
        }
        // Crops are dealt to the images in turn.
        for (i, source) in user.train_crops.iter().enumerate() {
            assert_eq!(source.sample, user.train_images[i % user.train_images.len()]);
        }
    }
}

#[test]
fn a_single_image_is_split_by_position() {
    // 20 rows × 40 columns: the longer axis is the columns. Validation share 10 / (30 + 10):
    // round(40 × 0.25) = 10 columns, so validation from column 30 on.
    let sample = squares("only", 20, 40, &[(3, 5, 4), (8, 33, 3)]);
    let s = settings(16, 30, 10, 3);
    let d = DataSet::from_user(std::slice::from_ref(&sample), &s).expect("one image");
    let user = d.user.as_ref().expect("user crops");
    assert_eq!(user.position_split, Some(PositionSplit { rows: false, at: 30 }));
    assert_eq!(user.train_images, [0]);
    assert_eq!(user.val_images, [0]);
    // The validation part is 10 columns wide, narrower than the crop: padded.
    assert_eq!(user.padded, [0]);
    for (crop, source) in d.train.iter().zip(&user.train_crops) {
        let (image, mask) = hand_cut(&sample, source, 16, |_, c| c < 30);
        assert_eq!(bits(&crop.image), bits(&image), "a training crop holds no validation pixel");
        assert_eq!(bits(&crop.mask), bits(&mask));
    }
    for (crop, source) in d.val.iter().zip(&user.val_crops) {
        let (image, mask) = hand_cut(&sample, source, 16, |_, c| c >= 30);
        assert_eq!(bits(&crop.image), bits(&image), "a validation crop holds no training pixel");
        assert_eq!(bits(&crop.mask), bits(&mask));
        // The 10-column part sits whole inside every crop: origins 30 − 6 … 30.
        assert!((24..=30).contains(&source.x), "x = {}", source.x);
    }
    // The second square (rows 8–10, columns 33–35) lies in the validation part, and half the
    // validation crops are centred on it.
    assert!(d.val.iter().step_by(2).all(|x| has_object(&x.mask)));
    // A tall image is cut across its rows.
    let tall = squares("tall", 40, 20, &[(3, 5, 4)]);
    let d = DataSet::from_user(&[tall], &s).expect("one tall image");
    let split = d.user.as_ref().and_then(|u| u.position_split);
    assert_eq!(split, Some(PositionSplit { rows: true, at: 30 }));
}

#[test]
fn half_the_crops_centre_on_a_tiny_object() {
    // Two 64 × 64 images, each with one 2 × 2 object at rows and columns 30–31 (0.1 % of the
    // pixels); one validates, the other gives all 512 training crops of 16 × 16.
    let samples = [squares("a", 64, 64, &[(30, 30, 2)]), squares("b", 64, 64, &[(30, 30, 2)])];
    let s = settings(16, 512, 8, 11);
    let d = DataSet::from_user(&samples, &s).expect("two images");
    let user = d.user.as_ref().expect("user crops");
    assert_eq!(user.train_images.len(), 1);
    // The rule: of an image's k crops, the 1st, 3rd, … (⌈k / 2⌉) are centred on an object
    // pixel, and that pixel lies inside the crop.
    let centred: Vec<bool> = user.train_crops.iter().map(|c| c.centred).collect();
    assert_eq!(centred.iter().filter(|&&c| c).count(), 256);
    assert!(centred.iter().enumerate().all(|(i, &c)| c == (i % 2 == 0)));
    for (crop, source) in d.train.iter().zip(&user.train_crops) {
        if source.centred {
            assert!(has_object(&crop.mask), "a centred crop holds its object");
        }
    }
    // The 256 uniform crops: the origin is uniform over 0…48 per axis (49 places); a window
    // [x, x + 15] covers column 30 or 31 for x in 15…31, 17 places. So a uniform crop holds
    // the object with probability p = (17/49)² = 0.1204: 30.8 of 256 expected, σ =
    // √(256 p (1 − p)) = 5.2. Four σ either side: 10 to 51.
    let uniform_hits = d
        .train
        .iter()
        .zip(&user.train_crops)
        .filter(|(crop, source)| !source.centred && has_object(&crop.mask))
        .count();
    assert!((10..=51).contains(&uniform_hits), "{uniform_hits} uniform crops hold the object");
    // Without centring the object would be in about 12 % of the crops; with it, in over half.
    let holding = d.train.iter().filter(|x| has_object(&x.mask)).count();
    assert_eq!(holding, 256 + uniform_hits);
    // An image without objects has only uniform crops.
    let empty = [squares("e1", 40, 40, &[]), squares("e2", 40, 40, &[])];
    let d = DataSet::from_user(&empty, &s).expect("two empty images");
    let user = d.user.as_ref().expect("user crops");
    assert!(user.train_crops.iter().all(|c| !c.centred));
    assert!(user.all_empty);
}

#[test]
fn images_smaller_than_the_crop_are_padded_with_zero() {
    // 10 × 12 images in 16 × 16 crops: each crop holds the whole image and 256 − 120 = 136
    // padding pixels, image 0 and mask 0.
    let samples = [squares("a", 10, 12, &[(2, 3, 3)]), squares("b", 10, 12, &[(6, 1, 2)])];
    let d = DataSet::from_user(&samples, &settings(16, 10, 6, 2)).expect("two small images");
    let user = d.user.as_ref().expect("user crops");
    assert_eq!(user.padded, [0, 1]);
    for (crop, source) in
        d.train.iter().chain(&d.val).zip(user.train_crops.iter().chain(&user.val_crops))
    {
        let s = &samples[source.sample];
        // The image fits inside the crop: columns −4 … 0, rows −6 … 0.
        assert!((-4..=0).contains(&source.x) && (-6..=0).contains(&source.y), "{source:?}");
        let (image, mask) = hand_cut(s, source, 16, |_, _| true);
        assert_eq!(bits(&crop.image), bits(&image));
        assert_eq!(bits(&crop.mask), bits(&mask));
        let object: f32 = s.mask.iter().sum();
        assert_eq!(crop.mask.iter().sum::<f32>(), object, "the whole mask is inside");
        let inside = |i: usize| {
            let (r, c) = ((i / 16) as isize + source.y, (i % 16) as isize + source.x);
            (0..10).contains(&r) && (0..12).contains(&c)
        };
        let padding: Vec<usize> = (0..256).filter(|&i| !inside(i)).collect();
        assert_eq!(padding.len(), 136);
        assert!(padding.iter().all(|&i| crop.image[i] == 0.0 && crop.mask[i] == 0.0));
    }
    // A tall narrow image is padded across only: its rows still give uniform positions.
    let narrow = [squares("n1", 40, 10, &[(20, 2, 3)]), squares("n2", 40, 10, &[])];
    let d = DataSet::from_user(&narrow, &settings(16, 20, 4, 2)).expect("narrow images");
    let user = d.user.as_ref().expect("user crops");
    assert_eq!(user.padded, [0, 1]);
    for source in user.train_crops.iter().chain(&user.val_crops) {
        assert!((-6..=0).contains(&source.x) && (0..=24).contains(&source.y), "{source:?}");
    }
}

#[test]
fn intensities_are_standardised_per_image_and_clipped() {
    // 20 × 20 of 0.2 with a 10 × 10 square of 0.8: a quarter of the pixels. By hand:
    // mean = 0.2 + 0.6 / 4 = 0.35; std = 0.6 √(¼ · ¾) = 0.2598; the background becomes
    // −0.15 / 0.2598 = −1/√3 and the square 0.45 / 0.2598 = √3.
    let mut flat = squares("flat", 20, 20, &[(5, 5, 10)]);
    for (v, &m) in flat.image.iter_mut().zip(&flat.mask) {
        *v = if m > 0.5 { 0.8 } else { 0.2 };
    }
    // One pixel of 1 among 400 of 0: the pixel's z-score is √399 ≈ 20, clipped to 4; the
    // background −1/√399.
    let mut tiny = squares("tiny", 20, 20, &[(7, 7, 1)]);
    for (v, &m) in tiny.image.iter_mut().zip(&tiny.mask) {
        *v = m;
    }
    let s = RaceSettings { side: 20, ..settings(0, 4, 4, 1) };
    let d = DataSet::from_user(&[flat, tiny], &s).expect("two images");
    let user = d.user.as_ref().expect("user crops");
    for (crop, source) in
        d.train.iter().chain(&d.val).zip(user.train_crops.iter().chain(&user.val_crops))
    {
        // 20 × 20 crops of 20 × 20 images: the whole image, at (0, 0).
        assert_eq!((source.x, source.y), (0, 0));
        let (object, background) = if source.sample == 0 {
            (3f64.sqrt(), -1.0 / 3f64.sqrt())
        } else {
            (INTENSITY_CLIP as f64, -1.0 / 399f64.sqrt())
        };
        for (&v, &m) in crop.image.iter().zip(&crop.mask) {
            let want = if m > 0.5 { object } else { background };
            assert!((v as f64 - want).abs() < 1e-5, "sample {}: {v} ≠ {want}", source.sample);
        }
    }
    // A constant image becomes 0.
    let constant = UserSample { image: vec![5.0; 400], ..squares("c", 20, 20, &[]) };
    let d = DataSet::from_user(&[constant.clone(), constant], &s).expect("constant images");
    assert!(d.train.iter().all(|x| x.image.iter().all(|&v| v == 0.0)));
}

#[test]
fn the_pool_undersamples_empty_crops_as_the_synthetic_set_does() {
    let samples = [squares("a", 64, 64, &[(30, 30, 2)]), squares("b", 64, 64, &[(10, 40, 3)])];
    let keep_all = DataSet::from_user(&samples, &settings(16, 64, 8, 4)).expect("two images");
    assert_eq!(keep_all.pool, (0..64).collect::<Vec<_>>(), "empty_keep 1 keeps every crop");
    let s = RaceSettings { empty_keep: 0.0, ..settings(16, 64, 8, 4) };
    let none = DataSet::from_user(&samples, &s).expect("two images");
    let with_objects: Vec<usize> = (0..64).filter(|&i| has_object(&none.train[i].mask)).collect();
    assert_eq!(none.pool, with_objects, "empty_keep 0 drops every empty crop");
    assert!(none.pool.len() < 64 && none.pool.len() >= 32, "half are centred: {}", none.pool.len());
}

#[test]
fn bad_samples_are_refused_with_a_reason_that_names_them() {
    let s = settings(16, 8, 4, 1);
    assert_eq!(DataSet::from_user(&[], &s), Err(UserDataError::NoSamples));
    let mask_only = UserSample { image: Vec::new(), ..squares("m", 20, 20, &[(2, 2, 3)]) };
    let both = [mask_only.clone(), UserSample { name: "m2".into(), ..mask_only.clone() }];
    let e = DataSet::from_user(&both, &s).expect_err("no image");
    assert_eq!(e, UserDataError::NoImage { masks: 2 });
    assert!(e.to_string().contains("image"), "{e}");
    // One image and one mask alone: the mask is left out, and said so.
    let d = DataSet::from_user(&[mask_only, squares("i", 20, 20, &[(2, 2, 3)])], &s)
        .expect("one image is enough");
    let user = d.user.as_ref().expect("user crops");
    assert_eq!((user.images, user.without_image), (1, 1));
    // Every mask empty: not an error, but said.
    let d = DataSet::from_user(&[squares("e", 20, 20, &[])], &s).expect("empty masks run");
    assert!(d.user.as_ref().is_some_and(|u| u.all_empty));
    // A size that does not match.
    let mut short = squares("case07", 20, 20, &[]);
    short.image.pop();
    let e = DataSet::from_user(&[short], &s).expect_err("399 values");
    assert!(matches!(e, UserDataError::Shape { mask: false, values: 399, .. }));
    assert!(e.to_string().starts_with("case07: "), "{e}");
    let mut nan = squares("case08", 20, 20, &[]);
    nan.image[17] = f32::NAN;
    let e = DataSet::from_user(&[nan], &s).expect_err("NaN");
    assert_eq!(e, UserDataError::NotFinite { name: "case08".into(), mask: false });
    assert!(e.to_string().starts_with("case08: "), "{e}");
    let dot = squares("dot", 1, 1, &[]);
    let e = DataSet::from_user(&[dot], &s).expect_err("one pixel cannot be split");
    assert!(matches!(e, UserDataError::TooSmall { .. }));
    let mc = RaceSettings { classes: 3, ..s };
    let e = DataSet::from_user(&[squares("a", 20, 20, &[])], &mc).expect_err("binary only");
    assert_eq!(e, UserDataError::MultiClass);
}

#[test]
fn a_race_on_the_synthetic_set_through_with_data_is_the_same_race() {
    let s = RaceSettings {
        side: 16,
        batch: 2,
        train_images: 8,
        val_images: 4,
        steps: 4,
        val_every: 2,
        ..settings(0, 8, 4, 3)
    };
    let objectives = [Objective::Loss(Loss::default_for(LossName::Dice))];
    let mut a = Race::with_objectives(&s, &objectives);
    let mut b = Race::with_data(&s, &objectives, DataSet::generate(&s));
    a.run(4);
    b.run(4);
    assert_eq!(a.runners()[0].history, b.runners()[0].history);
}

#[test]
fn an_unusable_data_set_stops_every_runner_without_a_panic() {
    let s = RaceSettings { side: 16, batch: 2, steps: 3, val_every: 1, ..settings(0, 8, 4, 3) };
    let mut data = DataSet::generate(&s);
    data.train[0].image.pop();
    let objectives = [Objective::Loss(Loss::default_for(LossName::Dice))];
    let mut race = Race::with_data(&s, &objectives, data);
    race.run(3);
    assert!(race.finished());
    let why = race.runners()[0].diverged.as_deref().unwrap_or_default();
    assert!(why.contains("16 × 16"), "{why}");
}

/// Two 24 × 24 images, each with two bright squares (0.8 on 0.2 ± 0.01: after
/// standardisation the squares stand about 3 units above a background whose texture spans
/// under 0.2 units). One pixel's own intensity says whether it is object, so a network whose
/// first layer can threshold the centre tap can reach a validation Dice of 1 (up to the
/// squares' edges, where a 3×3 neighbourhood straddles both): the threshold 0.8 leaves room
/// for edges and for 150 steps of Adam, and the network starts far below it (at σ(≈0) it
/// predicts object almost everywhere or nowhere).
#[test]
fn a_short_race_on_two_tiny_user_images_learns_bright_squares() {
    let samples = [
        squares("one", 24, 24, &[(3, 4, 5), (14, 15, 6)]),
        squares("two", 24, 24, &[(12, 2, 4), (2, 14, 7)]),
    ];
    let s = RaceSettings { batch: 4, steps: 150, val_every: 50, ..settings(16, 16, 6, 1) };
    let data = DataSet::from_user(&samples, &s).expect("two images");
    let objectives = [Objective::Loss(Loss::default_for(LossName::Dice))];
    let mut race = Race::with_data(&s, &objectives, data);
    let start = race.runners()[0].history.latest().dice;
    race.run(150);
    let runner = &race.runners()[0];
    assert!(runner.diverged.is_none());
    let dice: Vec<f64> = runner.history.val.iter().map(|p| p.metrics.dice).collect();
    let end = runner.history.latest().dice;
    assert!(end > 0.8, "validation Dice {dice:?}");
    assert!(end > start + 0.2, "validation Dice {dice:?} rises");
}

/// The fixtures' `set2d` (Pillow's 8-bit grey images, masks written by Pillow, NumPy and
/// nibabel) read with the core's loader into samples as the "Your data" view makes them:
/// each mask's object pixels are the manifest's count, an image without objects gives no
/// object crop, and a short race on them runs.
#[test]
fn the_fixtures_images_race() {
    use losslab_core::data::{decode, Kind};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/data");
    let text = std::fs::read_to_string(root.join("manifest.json")).expect("the manifest");
    let manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest JSON");
    let set = manifest["sets"]
        .as_array()
        .and_then(|sets| sets.iter().find(|s| s["dir"] == "set2d"))
        .expect("set2d in the manifest");
    let read = |path: &str| {
        let bytes = std::fs::read(root.join("set2d").join(path)).expect("a fixture file");
        decode(path, &bytes).expect("the fixture decodes")
    };
    let mut samples = Vec::new();
    for pair in set["pairs"].as_array().expect("pairs") {
        let field = |k: &str| pair[k].as_str().expect("a path").to_owned();
        let (target, image) = (read(&field("target_path")), read(&field("image_path")));
        let Kind::Png { max } = image.kind else { panic!("the images are PNG") };
        let mask: Vec<f32> =
            target.to_target().expect("a mask").into_iter().map(|v| v as f32).collect();
        let want = pair["target_pixels"].as_u64().expect("a count");
        assert_eq!(mask.iter().sum::<f32>() as u64, want, "{}", field("name"));
        samples.push(UserSample {
            name: field("name"),
            height: image.shape[0],
            width: image.shape[1],
            image: image.values.iter().map(|&v| (v / max) as f32).collect(),
            mask,
        });
    }
    assert_eq!(samples.len(), 6);
    let s = RaceSettings { batch: 4, steps: 5, val_every: 5, ..settings(16, 24, 8, 1) };
    let data = DataSet::from_user(&samples, &s).expect("six 48 × 48 images");
    let user = data.user.clone().expect("user crops");
    assert_eq!(user.images, 6);
    assert!(user.padded.is_empty(), "48 × 48 images hold 16 × 16 crops");
    // case01 has no object pixel: none of its crops holds one, none is centred.
    for (crop, source) in data.train.iter().zip(&user.train_crops) {
        if samples[source.sample].name == "case01" {
            assert!(!source.centred && !has_object(&crop.mask));
        }
    }
    let mut race = Race::with_data(&s, &[Objective::Loss(Loss::default_for(LossName::Dice))], data);
    race.run(5);
    assert!(race.runners()[0].history.loss.iter().all(|v| v.is_finite()));
    assert_eq!(race.runners()[0].history.val.len(), 2, "steps 0 and 5");
}
