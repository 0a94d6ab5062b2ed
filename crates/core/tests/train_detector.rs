//! C10's imperfect detector: in crop mode, a detector error of 0 cuts every crop exactly as
//! before the setting existed; an error of e moves each validation crop by a seeded offset
//! within ±e per axis, reproducible from the seed, and leaves the training crops alone.

use losslab_core::train::{DataSet, Preset, RaceSettings};

fn crop_settings(seed: u64, error: usize) -> RaceSettings {
    RaceSettings {
        val_images: 12,
        train_images: 8,
        seed,
        detector_error: error,
        ..Preset::Crop.settings()
    }
}

/// Per validation crop: its ship pixels' count and the sum of their indices in the crop.
fn fingerprint(d: &DataSet) -> Vec<(usize, usize)> {
    d.val
        .iter()
        .map(|s| {
            let ship = s.mask.iter().enumerate().filter(|(_, &m)| m >= 0.5);
            (ship.clone().count(), ship.map(|(i, _)| i).sum())
        })
        .collect()
}

#[test]
fn a_perfect_detector_crops_as_before() {
    let d = DataSet::generate(&crop_settings(3, 0));
    // Printed by this same fingerprint from the commit before the setting existed
    // (bf96797, `Preset::Crop`, 12 validation images, seed 3): the crops are unchanged.
    let before = [
        (4, 642),
        (4, 628),
        (4, 374),
        (5, 694),
        (2, 367),
        (4, 382),
        (3, 346),
        (3, 186),
        (2, 258),
        (3, 555),
        (3, 617),
        (2, 320),
    ];
    assert_eq!(fingerprint(&d), before);
    assert!(d.val_offsets.iter().all(|&o| o == (0, 0)));
    assert_eq!(d.val_offsets.len(), 12);
}

#[test]
fn an_imperfect_detector_moves_the_validation_crops_within_its_error() {
    let perfect = DataSet::generate(&crop_settings(3, 0));
    for error in [2usize, 4] {
        let e = error as i32;
        let d = DataSet::generate(&crop_settings(3, error));
        assert_eq!(d.train, perfect.train, "training crops keep the annotated position");
        assert!(
            d.val_offsets.iter().all(|&(dx, dy)| dx.abs() <= e && dy.abs() <= e),
            "±{error}: {:?}",
            d.val_offsets
        );
        assert!(d.val_offsets.iter().any(|&o| o != (0, 0)), "some crop moves");
        // Where the window is not held back by the scene's edge, the crop's origin is the
        // perfect one moved by the offset (the side is 64, the window 16: origins 0..=48).
        let inside = |o: (usize, usize)| o.0 > 0 && o.0 < 48 && o.1 > 0 && o.1 < 48;
        let mut checked = 0;
        for i in 0..d.val.len() {
            let (p, q, (dx, dy)) = (perfect.val_origins[i], d.val_origins[i], d.val_offsets[i]);
            if !perfect.val[i].is_empty() && inside(p) && inside(q) {
                assert_eq!(
                    (q.0 as i32 - p.0 as i32, q.1 as i32 - p.1 as i32),
                    (dx, dy),
                    "image {i}"
                );
                checked += 1;
            }
        }
        assert!(checked >= 6, "most crops are away from the edge: {checked}");
        // Reproducible from the seed; another seed, other offsets.
        assert_eq!(DataSet::generate(&crop_settings(3, error)), d);
        assert_ne!(DataSet::generate(&crop_settings(4, error)).val_offsets, d.val_offsets);
    }
}
