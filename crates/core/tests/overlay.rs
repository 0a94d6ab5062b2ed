//! The geometry overlays (`overlay.rs`): values, notes, colour ranges, ticks and colours, on
//! scenes small enough to derive every number by hand in the comments (the oracle is the
//! definition in `losses-geometry.md` §0–§3, distances counted on the grid).

use losslab_core::maps::diverging;
use losslab_core::overlay::{
    BarTick, Note, OverlayKind, OverlaySettings, Overlays, Palette, MAX_ITERATIONS, SILHOUETTE,
    SKELETON_INK, VIRIDIS_STOPS,
};

const SIDE: usize = 7;

/// A 7 × 7 image with ones on `cells` (row, col).
fn image(cells: impl IntoIterator<Item = (usize, usize)>) -> Vec<f64> {
    let mut v = vec![0.0; SIDE * SIDE];
    for (r, c) in cells {
        v[r * SIDE + c] = 1.0;
    }
    v
}

/// The 3 × 3 square at rows 2–4, columns 2–4.
fn square() -> Vec<f64> {
    image((2..5).flat_map(|r| (2..5).map(move |c| (r, c))))
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-12 * b.abs().max(1.0)
}

#[test]
fn target_sdm_of_a_square_is_zero_on_its_inner_contour_and_one_just_outside() {
    let o = Overlays::compute(SIDE, &square(), &vec![0.0; SIDE * SIDE], 3)
        .expect("a side × side scene");
    let v = |r, c| o.value(OverlayKind::TargetSdm, r, c).expect("inside the grid");
    // Centre (3,3): its nearest background pixel is (1,3), 2 away: φ = −(2 − 1) = −1.
    assert_eq!(v(3, 3), -1.0);
    // Edge and corner pixels of the square have a background 4-neighbour: φ = 0.
    assert_eq!(v(2, 3), 0.0);
    assert_eq!(v(2, 2), 0.0);
    // Outside: distance to the nearest object pixel.
    assert_eq!(v(1, 3), 1.0); // (2,3) is one row below
    assert!(close(v(1, 1), 2f64.sqrt())); // (2,2) diagonally
    assert_eq!(v(0, 3), 2.0);
    assert!(close(v(0, 0), 8f64.sqrt())); // (2,2): √(2² + 2²), the largest |φ|
    let sdm = o.layer(OverlayKind::TargetSdm);
    assert!(close(sdm.max_abs, 8f64.sqrt()));
    assert_eq!(sdm.note, None);
    // Two slopes: −1 at the left end, 0 in the centre, √8 at the right end.
    assert_eq!(sdm.scale.palette, Palette::Diverging);
    assert_eq!(sdm.scale.low, -1.0);
    assert!(close(sdm.scale.high, 8f64.sqrt()));
    assert_eq!(sdm.scale.at(-1.0), 0.0);
    assert_eq!(sdm.scale.at(-0.5), 0.25);
    assert_eq!(sdm.scale.at(0.0), 0.5);
    assert!(close(sdm.scale.at(2f64.sqrt()), 0.75)); // √2/√8 = ½ of the red half
    assert_eq!(sdm.scale.at(100.0), 1.0); // clamped
                                          // Colours: RdBu's darkest blue, its neutral centre, its darkest red.
    assert_eq!(sdm.scale.colour(-1.0, 0.0), [5, 48, 97]);
    assert_eq!(sdm.scale.colour(0.0, 0.0), [247, 247, 247]);
    assert_eq!(sdm.scale.colour(8f64.sqrt(), 0.0), [103, 0, 31]);
    let ticks: Vec<(f64, f64)> = sdm.scale.ticks().iter().map(|t| (t.value, t.at)).collect();
    let h = 8f64.sqrt();
    let want = [(-1.0, 0.0), (0.0, 0.5), (h, 1.0)];
    assert_eq!(ticks.len(), want.len());
    for ((v, at), (wv, wat)) in ticks.into_iter().zip(want) {
        assert!(close(v, wv) && close(at, wat), "tick {v} at {at}, want {wv} at {wat}");
    }
}

#[test]
fn pred_distance_of_a_square_is_the_distance_to_the_other_side() {
    // p = 0.9 on the square, 0.1 elsewhere: M = p > 0.5 is the square.
    let prob: Vec<f64> = square().iter().map(|&y| if y > 0.0 { 0.9 } else { 0.1 }).collect();
    let o =
        Overlays::compute(SIDE, &vec![0.0; SIDE * SIDE], &prob, 3).expect("a side × side scene");
    let v = |r, c| o.value(OverlayKind::PredDistance, r, c).expect("inside the grid");
    // F = edt(M) + edt(¬M): inside the distance to the background, outside to the object.
    assert_eq!(v(3, 3), 2.0);
    assert_eq!(v(2, 3), 1.0);
    assert_eq!(v(1, 3), 1.0);
    assert_eq!(v(0, 3), 2.0);
    assert!(close(v(0, 0), 8f64.sqrt()));
    let f = o.layer(OverlayKind::PredDistance);
    assert!(close(f.max_abs, 8f64.sqrt()));
    assert_eq!(f.note, None);
    assert_eq!(f.scale.palette, Palette::Sequential);
    assert_eq!(f.scale.at(0.0), 0.0);
    assert_eq!(f.scale.colour(0.0, 0.0), VIRIDIS_STOPS[0]);
    assert_eq!(f.scale.colour(8f64.sqrt(), 0.0), VIRIDIS_STOPS[8]);
    // Half way: viridis at ½ is its fifth stop.
    assert_eq!(f.scale.colour(8f64.sqrt() / 2.0, 0.0), VIRIDIS_STOPS[4]);
}

#[test]
fn a_one_pixel_line_is_its_own_skeleton() {
    // Row 3, columns 1–5. erode(line) = 0 (each line pixel has 0 above and below), so
    // open(line) = 0 and s = relu(line − 0) = line; later erosions are 0 and add nothing.
    let line = image((1..6).map(|c| (3, c)));
    for k in [0, 3, MAX_ITERATIONS] {
        let o = Overlays::compute(SIDE, &line, &line, k).expect("a side × side scene");
        assert_eq!(o.layer(OverlayKind::TargetSkeleton).values, line, "K = {k}");
        assert_eq!(o.layer(OverlayKind::PredSkeleton).values, line, "K = {k}");
        assert_eq!(o.layer(OverlayKind::TargetSkeleton).note, None);
    }
    // The line's φ is 0 on every line pixel (each has a background 4-neighbour).
    let o = Overlays::compute(SIDE, &line, &line, 3).expect("a side × side scene");
    for c in 1..6 {
        assert_eq!(o.value(OverlayKind::TargetSdm, 3, c), Some(0.0));
    }
}

#[test]
fn a_three_by_three_square_has_an_empty_skeleton_at_zero_iterations_then_its_centre() {
    // erode(square) keeps only the centre (the others have a 0 in their cross); dilating the
    // centre gives the square back, so open(square) = square and s₀ = 0. Step 1: x₁ = the
    // centre, open(x₁) = dilate(erode(centre)) = 0, δ = centre: s = centre.
    let o = Overlays::compute(SIDE, &square(), &square(), 0).expect("a side × side scene");
    let s = o.layer(OverlayKind::TargetSkeleton);
    assert!(s.values.iter().all(|&v| v == 0.0));
    assert_eq!(s.note, Some(Note::EmptySkeleton));
    assert_eq!(s.max_abs, 0.0);
    for k in 1..=4 {
        let o = Overlays::compute(SIDE, &square(), &square(), k).expect("a side × side scene");
        assert_eq!(o.layer(OverlayKind::TargetSkeleton).values, image([(3, 3)]), "K = {k}");
        assert_eq!(o.layer(OverlayKind::TargetSkeleton).max_abs, 1.0);
        assert_eq!(o.layer(OverlayKind::TargetSkeleton).note, None);
    }
}

#[test]
fn skeleton_colours_run_from_the_silhouette_to_the_ink() {
    let o = Overlays::compute(SIDE, &square(), &square(), 1).expect("a side × side scene");
    let mut rgba = Vec::new();
    o.render(OverlayKind::TargetSkeleton, &mut rgba);
    assert_eq!(rgba.len(), 4 * SIDE * SIDE);
    let at = |r: usize, c: usize| &rgba[4 * (r * SIDE + c)..4 * (r * SIDE + c) + 4];
    assert_eq!(at(0, 0), &[255, 255, 255, 255]); // y = 0, s = 0: white
    assert_eq!(at(2, 2), &[SILHOUETTE[0], SILHOUETTE[1], SILHOUETTE[2], 255]); // y = 1, s = 0
    assert_eq!(at(3, 3), &[SKELETON_INK[0], SKELETON_INK[1], SKELETON_INK[2], 255]); // s = 1
    let scale = o.layer(OverlayKind::TargetSkeleton).scale;
    assert_eq!((scale.low, scale.high), (0.0, 1.0));
    let ticks: Vec<BarTick> = scale.ticks();
    assert_eq!(ticks.iter().map(|t| t.value).collect::<Vec<_>>(), [0.0, 1.0]);
    let bar = scale.bar_rgba(2);
    assert_eq!(bar.len(), 8);
}

#[test]
fn empty_target_has_a_blank_sdm_and_a_note() {
    let o = Overlays::compute(SIDE, &vec![0.0; SIDE * SIDE], &vec![0.02; SIDE * SIDE], 3)
        .expect("a side × side scene");
    let sdm = o.layer(OverlayKind::TargetSdm);
    assert!(sdm.values.iter().all(|&v| v == 0.0));
    assert_eq!(sdm.note, Some(Note::EmptyTarget));
    assert_eq!(sdm.max_abs, 0.0);
    assert_eq!(sdm.scale.ticks(), vec![BarTick { value: 0.0, at: 0.5 }]);
    let mut rgba = Vec::new();
    o.render(OverlayKind::TargetSdm, &mut rgba);
    assert!(rgba.chunks(4).all(|px| px == [247, 247, 247, 255]), "all neutral");
    // No p > 0.5: MONAI's field is 0.
    let f = o.layer(OverlayKind::PredDistance);
    assert!(f.values.iter().all(|&v| v == 0.0));
    assert_eq!(f.note, Some(Note::NoForeground));
    assert_eq!(f.scale.ticks(), vec![BarTick { value: 0.0, at: 0.0 }]);
    // A flat target has nothing to skeletonise and says nothing; a flat prediction has mass
    // but no skeleton (open(c) = c).
    assert_eq!(o.layer(OverlayKind::TargetSkeleton).note, None);
    assert_eq!(o.layer(OverlayKind::PredSkeleton).note, Some(Note::EmptySkeleton));
}

#[test]
fn full_target_shows_scipys_phantom_map() {
    // A full 2 × 2 mask: φ = 1 − √((i+1)² + j²): 0, 1 − 1 … (i, j) = (0,0) 0, (0,1) 1 − √2,
    // (1,0) 1 − 2 = −1, (1,1) 1 − √5.
    let o = Overlays::compute(2, &[1.0; 4], &[0.9; 4], 3).expect("a side × side scene");
    let sdm = o.layer(OverlayKind::TargetSdm);
    let want = [0.0, 1.0 - 2f64.sqrt(), -1.0, 1.0 - 5f64.sqrt()];
    for (got, want) in sdm.values.iter().zip(want) {
        assert!(close(*got, want), "{got} vs {want}");
    }
    assert_eq!(sdm.note, Some(Note::PhantomTarget));
    assert!(close(sdm.max_abs, 5f64.sqrt() - 1.0));
    // Every p > 0.5: the field is 0; an all-one image has an empty skeleton.
    assert_eq!(o.layer(OverlayKind::PredDistance).note, Some(Note::AllForeground));
    assert_eq!(o.layer(OverlayKind::TargetSkeleton).note, Some(Note::EmptySkeleton));
}

#[test]
fn mismatched_buffers_are_an_error_not_a_panic() {
    assert!(Overlays::compute(3, &[0.0; 9], &[0.0; 8], 3).is_err());
    assert!(Overlays::compute(3, &[0.0; 8], &[0.0; 9], 3).is_err());
    assert!(Overlays::compute(0, &[], &[], 3).is_err());
    let o = Overlays::compute(3, &[0.0; 9], &[0.0; 9], 99).expect("a side × side scene");
    assert_eq!(o.iterations, MAX_ITERATIONS);
    assert_eq!(o.value(OverlayKind::TargetSdm, 3, 0), None);
}

#[test]
fn settings_round_trip_and_refuse_bad_values() {
    let mut s = OverlaySettings::default();
    assert_eq!(s.iterations, 3, "clDice's default iterations (MONAI iter_=3)");
    s.apply("overlays.iterations", "7").expect("in range");
    assert_eq!(s.pairs(), vec![("overlays.iterations", "7".to_string())]);
    for bad in ["11", "-1", "2.5", "x", ""] {
        assert!(s.apply("overlays.iterations", bad).is_err(), "{bad:?}");
        assert_eq!(s.iterations, 7);
    }
    assert!(s.apply("overlays.other", "1").is_err());
    s.apply("overlays.iterations", "0").expect("in range");
    assert_eq!(s.iterations, 0);
    for kind in OverlayKind::ALL {
        assert_eq!(OverlayKind::parse(kind.as_str()), Some(kind));
    }
    assert_eq!(diverging(0.0), [247, 247, 247]);
}
