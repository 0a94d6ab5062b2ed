//! The thin-structure generators: pixel counts, positions and topology derived by hand from
//! the drawings' definitions (`thin.rs`), checked with the flood fills of `masks.rs`.

use super::masks::{bounds, components, enclosed, has_block, neighbours, ones};
use super::{GridSize, Shape, TargetSpec};

fn draw(shape: Shape, area: usize, grid: GridSize) -> Vec<f64> {
    let mut out = Vec::new();
    TargetSpec { shape, area, ..TargetSpec::default() }.generate_into(grid, &mut out);
    out
}

/// Pixels with exactly one object 8-neighbour (the ends of a 1-px structure).
fn ends(mask: &[f64], side: usize) -> usize {
    (0..mask.len()).filter(|&i| mask[i] == 1.0 && neighbours(mask, side, i) == 1).count()
}

/// A 1-px chain: one 8-connected component, every pixel with at most two 8-neighbours, two
/// ends, no 2 × 2 block.
fn assert_chain(mask: &[f64], side: usize, what: &str) {
    assert_eq!(components(mask, side), 1, "{what}: one component");
    let most = (0..mask.len()).filter(|&i| mask[i] == 1.0).map(|i| neighbours(mask, side, i));
    assert!(most.max().unwrap_or(0) <= 2, "{what}: a pixel with more than two neighbours");
    assert_eq!(ends(mask, side), 2, "{what}: two ends");
    assert!(!has_block(mask, side), "{what}: a 2 × 2 block");
}

#[test]
fn a_one_pixel_line_has_exactly_the_area_and_sits_on_the_centre_row() {
    // Length 40 centred on x = 32: columns round(32 − 20) = 12 to 51; row round(32 − ½) = 32.
    let t = draw(Shape::Line1, 40, GridSize::S64);
    assert_eq!(ones(&t), 40);
    assert_eq!(bounds(&t, 64), ((40, 1), (12, 32)));
    assert_chain(&t, 64, "line1");
    // Longer than the image: the whole row, never a second one.
    let t = draw(Shape::Line1, 100, GridSize::S64);
    assert_eq!(bounds(&t, 64), ((64, 1), (0, 32)));
}

#[test]
fn a_three_pixel_line_is_three_rows_of_area_over_three() {
    // Length round(50/3) = 17: columns round(32 − 8.5) = 24 to 40, rows round(32 − 1.5) = 31
    // to 33, 51 pixels.
    let t = draw(Shape::Line3, 50, GridSize::S64);
    assert_eq!(ones(&t), 51);
    assert_eq!(bounds(&t, 64), ((17, 3), (24, 31)));
    assert_eq!(components(&t, 64), 1);
}

#[test]
fn the_curve_is_a_thin_unbroken_chain_of_exactly_the_area() {
    // (The 64 × 64 grid holds a curve of up to about 67 pixels.)
    for (grid, area) in [
        (GridSize::S64, 2),
        (GridSize::S64, 10),
        (GridSize::S64, 50),
        (GridSize::S64, 60),
        (GridSize::S256, 200),
    ] {
        let t = draw(Shape::Curve, area, grid);
        assert_eq!(ones(&t), area, "curve {area}");
        assert_chain(&t, grid.side(), &format!("curve {area}"));
    }
    // It bends: a sine of amplitude w/5 over w ≥ 25 columns is more than 3 rows tall.
    let ((w, h), _) = bounds(&draw(Shape::Curve, 50, GridSize::S64), 64);
    assert!(h > 3 && w < 50, "{w} × {h}");
    // Too long for the image: the widest curve that fits (62 columns), fewer pixels.
    let t = draw(Shape::Curve, 2000, GridSize::S64);
    let ((w, _), _) = bounds(&t, 64);
    assert_eq!(w, 63);
    assert!(ones(&t) < 2000);
    assert_chain(&t, 64, "the widest curve");
}

#[test]
fn a_ring_encloses_a_hole_at_every_size() {
    // The smallest: the 8 neighbours of one background pixel.
    let t = draw(Shape::Ring, 3, GridSize::S64);
    assert_eq!(ones(&t), 8);
    assert_eq!(bounds(&t, 64).0, (3, 3));
    let ((_, (x0, y0)), side) = (bounds(&t, 64), 64);
    assert!(enclosed(&t, side, (y0 + 1) * side + x0 + 1));
    for area in (8..=400).step_by(7) {
        let t = draw(Shape::Ring, area, GridSize::S64);
        let ((w, h), (x0, y0)) = bounds(&t, 64);
        assert!(ones(&t) <= area.max(8), "ring {area}: {} pixels", ones(&t));
        assert_eq!(components(&t, 64), 1, "ring {area}");
        assert!(enclosed(&t, 64, (y0 + h / 2) * 64 + x0 + w / 2), "ring {area}: no hole");
    }
    // Within the range, exactly the area: 50 pixels around a circle of radius 50/(3π) = 5.3.
    let t = draw(Shape::Ring, 50, GridSize::S64);
    assert_eq!(ones(&t), 50);
    let ((w, h), _) = bounds(&t, 64);
    assert!((11..=14).contains(&w) && (11..=14).contains(&h), "{w} × {h}");
}

#[test]
fn a_cross_has_four_arms_of_a_quarter_of_the_area() {
    // Arms of round(49/4) = 12: 49 pixels, 25 × 25, centred on (32, 32).
    let t = draw(Shape::Cross, 50, GridSize::S64);
    assert_eq!(ones(&t), 49);
    assert_eq!(bounds(&t, 64), ((25, 25), (20, 20)));
    assert_eq!(neighbours(&t, 64, 32 * 64 + 32), 4);
    assert_eq!(ends(&t, 64), 4);
    assert_eq!(components(&t, 64), 1);
    assert!(!has_block(&t, 64));
}

#[test]
fn a_tree_is_one_thin_component_with_five_ends() {
    // Scale u = ⌊50/8⌋ = 6, e = 2: a trunk of 26, branches of 12 and 6, a twig of 6: 50
    // pixels, 3u + 1 = 19 wide and 4u + e = 26 tall.
    let t = draw(Shape::Tree, 50, GridSize::S64);
    assert_eq!(ones(&t), 50);
    assert_eq!(bounds(&t, 64).0, (19, 26));
    assert_eq!(components(&t, 64), 1);
    assert_eq!(ends(&t, 64), 5);
    assert!(!has_block(&t, 64));
    // 64 × 64 holds trees up to u = ⌊62/4⌋ = 15, e = 2: 122 pixels.
    for (grid, area) in [(64, 24), (64, 25), (64, 31), (64, 32), (64, 122), (128, 200)] {
        let t = draw(Shape::Tree, area, GridSize::from_side(grid).expect("a grid"));
        assert_eq!(ones(&t), area, "tree {area}");
        assert_eq!((components(&t, grid), ends(&t, grid)), (1, 5), "tree {area}");
    }
    assert_eq!(ones(&draw(Shape::Tree, 123, GridSize::S64)), 122);
    // The smallest is scale 3 (24 pixels); the tallest on 32 × 32 is u = 7, e = 2: 58.
    assert_eq!(ones(&draw(Shape::Tree, 5, GridSize::S64)), 24);
    assert_eq!(ones(&draw(Shape::Tree, 512, GridSize::S32)), 58);
}

#[test]
fn a_dotted_line_is_dashes_of_five_with_gaps_of_two() {
    // 23 = 5 + 5 + 5 + 5 + 3: five dashes over 4·7 + 3 = 31 columns.
    let t = draw(Shape::Dotted, 23, GridSize::S64);
    assert_eq!(ones(&t), 23);
    assert_eq!(components(&t, 64), 5);
    assert_eq!(bounds(&t, 64).0, (31, 1));
    // 64 columns hold nine dashes and one pixel of a tenth (x = 63): 46 pixels.
    let t = draw(Shape::Dotted, 50, GridSize::S64);
    assert_eq!((ones(&t), components(&t, 64)), (46, 10));
}

#[test]
fn near_a_border_a_thin_shape_moves_inside_and_keeps_every_pixel() {
    for shape in Shape::ALL.into_iter().filter(|s| s.is_thin()) {
        let centred = ones(&draw(shape, 90, GridSize::S32));
        for (x, y) in [(0.0, 0.0), (1.0, 1.0), (0.0, 1.0)] {
            let mut out = Vec::new();
            let spec = TargetSpec { shape, area: 90, center_x: x, center_y: y };
            spec.generate_into(GridSize::S32, &mut out);
            assert_eq!(ones(&out), centred, "{shape:?} at ({x}, {y})");
            assert_eq!(spec.effective_area(GridSize::S32), centred, "{shape:?}");
        }
    }
}

#[test]
fn every_thin_shape_fits_every_grid() {
    for grid in GridSize::ALL {
        for shape in Shape::ALL.into_iter().filter(|s| s.is_thin()) {
            for area in [1, 7, 50, grid.max_area()] {
                let t = draw(shape, area, grid);
                let n = ones(&t);
                // Above the area only by rounding (line3, cross) or a smallest shape.
                assert!(
                    n >= 1 && n <= area.max(24) + 2,
                    "{shape:?} {area} on {}: {n}",
                    grid.side()
                );
                assert!(t.iter().all(|&v| v == 0.0 || v == 1.0));
            }
        }
    }
}
