//! The prediction's shape edits (gap, spur, far speck): positions derived by hand from the
//! rules in `edits.rs`, topology counted by the flood fills of `masks.rs`.

use super::masks::{components, ones};
use super::{GridSize, PredictionModel, Shape, TargetSpec, MAX_GAP};

fn target(shape: Shape, area: usize) -> Vec<f64> {
    let mut t = Vec::new();
    TargetSpec { shape, area, ..TargetSpec::default() }.generate_into(GridSize::S64, &mut t);
    t
}

fn predict(model: PredictionModel, target: &[f64], side: usize) -> Vec<f64> {
    let (mut out, mut scratch) = (Vec::new(), Vec::new());
    model.predict_into(target, side, &mut out, &mut scratch);
    out
}

/// The predicted object: pixels at the foreground confidence.
fn predicted(p: &[f64]) -> Vec<f64> {
    p.iter().map(|&v| if v == 0.9 { 1.0 } else { 0.0 }).collect()
}

#[test]
fn a_gap_breaks_a_line_in_two_at_its_centre() {
    // line1 of 40: columns 12..=51 of row 32; centroid x = 31.5, anchor x = 31 (the first of
    // the two nearest); a gap of 5 is t = x − 31 in [−2.5, 2.5): columns 29..=33.
    let t = target(Shape::Line1, 40);
    let p = predict(PredictionModel { gap: 5, ..Default::default() }, &t, 64);
    for x in 12..52 {
        let want = if (29..=33).contains(&x) { 0.05 } else { 0.9 };
        assert_eq!(p[32 * 64 + x], want, "column {x}");
    }
    let object = predicted(&p);
    assert_eq!((ones(&object), components(&object, 64)), (35, 2));
}

#[test]
fn a_gap_of_k_removes_exactly_k_pixels_of_a_one_pixel_line() {
    let t = target(Shape::Line1, 40);
    for k in 1..=12 {
        let object = predicted(&predict(PredictionModel { gap: k, ..Default::default() }, &t, 64));
        assert_eq!(ones(&object), 40 - k as usize, "gap {k}");
        assert_eq!(components(&object, 64), 2, "gap {k}");
    }
}

#[test]
fn a_gap_cuts_across_a_vertical_and_a_thick_line() {
    // A vertical line x = 10, y = 5..=44: centroid y = 24.5, anchor y = 24, the band
    // y − 24 in [−2.5, 2.5): rows 22..=26.
    let mut t = vec![0.0; 64 * 64];
    (5..45).for_each(|y| t[y * 64 + 10] = 1.0);
    let p = predict(PredictionModel { gap: 5, ..Default::default() }, &t, 64);
    let cut: Vec<usize> = (5..45).filter(|&y| p[y * 64 + 10] == 0.05).collect();
    assert_eq!(cut, vec![22, 23, 24, 25, 26]);
    // line3 of 51: columns 24..=40, rows 31..=33; anchor (32, 32); a gap of 4 takes columns
    // 30..=33 of all three rows: 51 − 12 = 39 pixels in two pieces.
    let t = target(Shape::Line3, 50);
    let object = predicted(&predict(PredictionModel { gap: 4, ..Default::default() }, &t, 64));
    assert_eq!((ones(&object), components(&object, 64)), (39, 2));
    assert!((30..=33).all(|x| (31..=33).all(|y| object[y * 64 + x] == 0.0)));
    // Dilated by 2 (a 5-px band), the gap still cuts through.
    let model = PredictionModel { gap: 3, morph: 2, ..Default::default() };
    assert_eq!(components(&predicted(&predict(model, &t, 64)), 64), 2);
}

#[test]
fn a_spur_adds_k_connected_pixels_out_of_the_line() {
    // line1 of 40: centroid (31.5, 32), length 39 along x; the root is nearest
    // (31.5 + 39/4, 32) = (41.25, 32): x = 41. Level with the centroid, the spur goes up:
    // (41, 31), (41, 30), … .
    let t = target(Shape::Line1, 40);
    let p = predict(PredictionModel { spur: 4, ..Default::default() }, &t, 64);
    let object = predicted(&p);
    assert_eq!((ones(&object), components(&object, 64)), (44, 1));
    assert!((28..32).all(|y| p[y * 64 + 41] == 0.9));
    assert_eq!(p[27 * 64 + 41], 0.05);
    // A 3-px line: the spur crosses the top row, then adds its k pixels.
    let t = target(Shape::Line3, 50);
    let object = predicted(&predict(PredictionModel { spur: 6, ..Default::default() }, &t, 64));
    assert_eq!((ones(&object), components(&object, 64)), (57, 1));
}

#[test]
fn a_spur_stops_at_the_border() {
    // A line on the top row (y = 0): up is outside at once, so nothing is added.
    let t = {
        let mut t = Vec::new();
        let spec = TargetSpec { shape: Shape::Line1, area: 40, center_x: 0.5, center_y: 0.0 };
        spec.generate_into(GridSize::S64, &mut t);
        t
    };
    let object = predicted(&predict(PredictionModel { spur: 9, ..Default::default() }, &t, 64));
    assert_eq!(ones(&object), 40);
}

#[test]
fn gap_and_spur_together_give_two_pieces_and_one_branch() {
    // The gap at the centre (columns 29..=33) and the spur at x = 41: 40 − 5 + 3 pixels.
    let t = target(Shape::Line1, 40);
    let model = PredictionModel { gap: 5, spur: 3, ..Default::default() };
    let object = predicted(&predict(model, &t, 64));
    assert_eq!((ones(&object), components(&object, 64)), (38, 2));
}

#[test]
fn the_far_speck_lands_on_the_farthest_corner() {
    // A one-pixel target at (31, 31) (the first of the four pixels nearest the centre):
    // the corners are 31² + 31², 32² + 31², 31² + 32², 32² + 32² away; (63, 63) is farthest.
    let t = target(Shape::Disc, 1);
    assert_eq!(t[31 * 64 + 31], 1.0);
    let p = predict(PredictionModel { far_speck: true, ..Default::default() }, &t, 64);
    assert_eq!(p[63 * 64 + 63], 0.9);
    assert_eq!(ones(&predicted(&p)), 2);
    // No object: the top-left pixel.
    let p = predict(PredictionModel { far_speck: true, ..Default::default() }, &[0.0; 64 * 64], 64);
    assert_eq!(p[0], 0.9);
    assert_eq!(ones(&predicted(&p)), 1);
}

#[test]
fn the_far_speck_is_the_brute_force_farthest_pixel() {
    // Oracle: every background pixel against every object pixel, the largest least squared
    // distance, the first in row-major order on ties.
    let side = 32;
    for seed in 0..20u64 {
        let mut t = vec![0.0; side * side];
        let mut s = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        for _ in 0..1 + seed % 5 {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            t[(s >> 33) as usize % (side * side)] = 1.0;
        }
        let on: Vec<(i64, i64)> = (0..t.len())
            .filter(|&i| t[i] == 1.0)
            .map(|i| ((i % side) as i64, (i / side) as i64))
            .collect();
        let d2 = |i: usize| {
            let (x, y) = ((i % side) as i64, (i / side) as i64);
            on.iter().map(|&(a, b)| (a - x).pow(2) + (b - y).pow(2)).min().unwrap_or(0)
        };
        let mut best = None::<(i64, usize)>;
        for i in (0..t.len()).filter(|&i| t[i] == 0.0) {
            if best.is_none_or(|(b, _)| d2(i) > b) {
                best = Some((d2(i), i));
            }
        }
        let (_, want) = best.expect("background");
        let p = predict(PredictionModel { far_speck: true, ..Default::default() }, &t, side);
        let got: Vec<usize> = (0..t.len()).filter(|&i| t[i] == 0.0 && p[i] == 0.9).collect();
        assert_eq!(got, vec![want], "seed {seed}");
    }
}

#[test]
fn the_edits_default_to_off_and_are_clamped() {
    let d = PredictionModel::default();
    assert_eq!((d.gap, d.spur, d.far_speck), (0, 0, false));
    let m = PredictionModel { gap: 1000, spur: 999, ..d }.clamped();
    assert_eq!((m.gap, m.spur), (MAX_GAP, MAX_GAP));
    // A model saved before the edits existed reads as without them.
    let old = r#"{"background":0.05,"foreground":0.9,"shift_x":0,"shift_y":0,"blur":0.0,
        "morph":0,"specks":0,"seed":1}"#;
    assert_eq!(serde_json::from_str::<PredictionModel>(old).expect("old JSON"), d);
}

#[test]
fn a_gap_cuts_a_tree_or_a_cross_on_a_plain_stretch_not_at_a_fork() {
    // The anchor must be on a line (not a fork, a crossing or an end), so a gap of 3 takes
    // 3 pixels of one straight 1-px stretch (here a vertical one) and splits the object in two.
    for shape in [Shape::Tree, Shape::Cross] {
        let t = target(shape, 50);
        let object = predicted(&predict(PredictionModel { gap: 3, ..Default::default() }, &t, 64));
        let removed: Vec<usize> =
            (0..t.len()).filter(|&i| t[i] == 1.0 && object[i] == 0.0).collect();
        assert_eq!(removed.len(), 3, "{shape:?}");
        assert!(removed.iter().all(|i| i % 64 == removed[0] % 64), "{shape:?}: {removed:?}");
        assert_eq!(components(&object, 64), 2, "{shape:?}");
    }
}

#[test]
fn every_edit_stays_fast_on_the_largest_blob() {
    // A 256² disc of half the image dilated by 32 has no pixel on a line: the anchor search
    // stops after its candidates, and the far speck is O(side³).
    let mut t = Vec::new();
    TargetSpec { area: 256 * 128, ..TargetSpec::default() }.generate_into(GridSize::S256, &mut t);
    let model =
        PredictionModel { gap: 64, spur: 64, far_speck: true, morph: 32, ..Default::default() };
    let start = std::time::Instant::now();
    let p = predict(model, &t, 256);
    assert!(p.iter().all(|v| (0.0..=1.0).contains(v)));
    assert!(start.elapsed().as_secs_f64() < 5.0, "{:?}", start.elapsed());
}
