//! Thin-structure targets (issue 17): lines 1 and 3 pixels thick, a sine curve, a ring, a
//! cross, a branching tree and a dotted line, the shapes on which clDice and the Hausdorff
//! loss differ from Dice.
//!
//! Each is drawn as exact pixel offsets (`y` down) from the object size, then [`place`]d so
//! its bounding box is centred on the generator's centre and lies wholly inside the image:
//! near a border the object moves, it is never cut or squeezed (its topology is the point).
//! The object size sets the number of pixels as closely as the shape allows, up to what fits;
//! each function says how. The 1-px drawings are 8-connected chains or trees: no gaps, no
//! doubled corners.

use std::f64::consts::PI;

/// Pixel offsets `(x, y)`, `y` pointing down, before placement.
pub(super) type Offsets = Vec<(i64, i64)>;

/// Dash and gap lengths of the dotted line, in pixels.
pub(super) const DASH: usize = 5;
/// See [`DASH`].
pub(super) const DASH_GAP: usize = 2;
/// The smallest ring: the 8 pixels around a one-pixel hole.
pub(super) const MIN_RING: usize = 8;
/// The smallest tree: scale 3 (see [`tree`]; at scale 2 the twig's end would touch its
/// branch).
pub(super) const MIN_TREE: usize = 24;

/// Whether two pixels touch (8-neighbours) or coincide.
fn touch(a: (i64, i64), b: (i64, i64)) -> bool {
    (a.0 - b.0).abs() <= 1 && (a.1 - b.1).abs() <= 1
}

/// A straight line `thickness` rows thick along x: its length is `area / thickness`, rounded,
/// from 1 to the image's side. So `line1` has exactly `area` pixels up to the side, `line3`
/// the multiple of 3 nearest `area`.
pub(super) fn line(area: usize, thickness: usize, side: usize) -> Offsets {
    let len = ((area as f64 / thickness as f64).round() as usize).clamp(1, side) as i64;
    (0..thickness as i64).flat_map(|y| (0..len).map(move |x| (x, y))).collect()
}

/// Appends `p` to an 8-connected chain, first dropping the corners it makes redundant (the
/// last pixel when the one before it already touches `p`), so the chain stays one pixel thin.
fn extend_chain(chain: &mut Offsets, p: (i64, i64)) {
    while chain.len() >= 2 && touch(chain[chain.len() - 2], p) {
        chain.pop();
    }
    if chain.last() != Some(&p) {
        chain.push(p);
    }
}

/// One period of `y = −(w/5)·sin(2πx/w)` over `x ∈ [0, w]`, sampled every 1/20 px and
/// rasterised (nearest pixel) as a thin 8-connected chain, from the left end.
fn sine_chain(width: usize) -> Offsets {
    let w = width as f64;
    let mut chain = Offsets::new();
    for i in 0..=20 * width {
        let x = i as f64 / 20.0;
        let y = -w / 5.0 * (2.0 * PI * x / w).sin();
        extend_chain(&mut chain, (x.round() as i64, y.round() as i64));
    }
    chain
}

/// The curve: one period of a sine (an S lying on its side, amplitude a fifth of its width),
/// the narrowest whose chain has at least `area` pixels, cut to its first `area` pixels: so
/// exactly `area` pixels, up to the widest that fits (`side − 2` wide).
pub(super) fn curve(area: usize, side: usize) -> Offsets {
    let widest = side.saturating_sub(2).max(1);
    let mut width = (area / 2).clamp(1, widest);
    loop {
        let mut chain = sine_chain(width);
        if chain.len() >= area || width == widest {
            chain.truncate(area);
            return chain;
        }
        width += 1;
    }
}

/// The ring: the `area` pixels whose centres lie nearest the circle of radius
/// `r = area / (3π)` (an annulus about 1.5 px thick), ties broken top to bottom, left to
/// right. Only pixels within 1 px of the circle count, so the hole never fills: at least
/// [`MIN_RING`] pixels (`r` ≥ 1), and `r` at most `(side − 5)/2`, where the ring is 2 px
/// thick and its pixel count the most that fits.
pub(super) fn ring(area: usize, side: usize) -> Offsets {
    let r_max = (side as f64 - 5.0) / 2.0;
    let r = (area as f64 / (3.0 * PI)).clamp(1.0, r_max.max(1.0));
    let reach = (r + 1.0).ceil() as i64;
    let mut near: Vec<(f64, (i64, i64))> = (-reach..=reach)
        .flat_map(|y| (-reach..=reach).map(move |x| (x, y)))
        .map(|(x, y)| ((((x * x + y * y) as f64).sqrt() - r).abs(), (x, y)))
        .filter(|&(gap, _)| gap < 1.0)
        .collect();
    near.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1 .1, a.1 .0).cmp(&(b.1 .1, b.1 .0))));
    near.truncate(area.max(MIN_RING));
    near.into_iter().map(|(_, p)| p).collect()
}

/// The cross: a horizontal and a vertical 1-px line through one shared pixel, each arm
/// `(area − 1)/4` pixels long (rounded), so `4·arm + 1` pixels; arms fit the image.
pub(super) fn cross(area: usize, side: usize) -> Offsets {
    let arm = ((area.saturating_sub(1) as f64 / 4.0).round() as i64).min((side as i64 - 1) / 2);
    let horizontal = (-arm..=arm).map(|x| (x, 0));
    let vertical = (-arm..=arm).filter(|&y| y != 0).map(|y| (0, y));
    horizontal.chain(vertical).collect()
}

/// The tree, 1 px thick, at scale `u = ⌊area/8⌋` (from 3 to what fits), drawn upwards:
/// a trunk `4u + e` pixels tall (`e = area − 8u`, at most 7, lengthens it at the base); a
/// branch leaving it at height `u` up and to the left (45°, `2u` pixels), which forks at its
/// middle into a twig going straight up (`u` pixels); a branch leaving the trunk at height
/// `2u` up and to the right (`u` pixels). `8u + e` pixels: exactly `area` from [`MIN_TREE`]
/// up to what fits (`4u + e ≤ side − 2`); five ends, three forks.
pub(super) fn tree(area: usize, side: usize) -> Offsets {
    let tallest = side.saturating_sub(2) as i64;
    let smallest = (MIN_TREE / 8) as i64;
    let u = ((area / 8) as i64).clamp(smallest, (tallest / 4).max(smallest));
    let e = (area as i64 - 8 * u).clamp(0, 7).min(tallest - 4 * u).max(0);
    // Drawn with y up, flipped at the end.
    let trunk = (-e..4 * u).map(|y| (0, y));
    let left = (1..=2 * u).map(|j| (-j, u + j));
    let twig = (1..=u).map(|j| (-u, 2 * u + j));
    let right = (1..=u).map(|j| (j, 2 * u + j));
    trunk.chain(left).chain(twig).chain(right).map(|(x, y)| (x, -y)).collect()
}

/// The dotted line: dashes of [`DASH`] pixels separated by gaps of [`DASH_GAP`] along one
/// row, exactly `area` dash pixels (the last dash may be short), up to the image's width.
pub(super) fn dotted(area: usize, side: usize) -> Offsets {
    (0..side as i64)
        .filter(|x| (*x as usize) % (DASH + DASH_GAP) < DASH)
        .take(area)
        .map(|x| (x, 0))
        .collect()
}

/// Row-major indices of `pixels` moved so their bounding box is centred on `(cx, cy)` (in
/// pixels), then moved as little as needed to lie inside the `side × side` image. Offsets
/// that still fall outside (a drawing wider than the image) are dropped.
pub(super) fn place(pixels: &[(i64, i64)], cx: f64, cy: f64, side: usize) -> Vec<usize> {
    let Some(&(x, y)) = pixels.first() else { return Vec::new() };
    let (mut x0, mut x1, mut y0, mut y1) = (x, x, y, y);
    for &(x, y) in pixels {
        (x0, x1, y0, y1) = (x0.min(x), x1.max(x), y0.min(y), y1.max(y));
    }
    let s = side as i64;
    let start =
        |c: f64, len: i64| ((c - len as f64 / 2.0).round() as i64).clamp(0, (s - len).max(0));
    let (dx, dy) = (start(cx, x1 - x0 + 1) - x0, start(cy, y1 - y0 + 1) - y0);
    pixels
        .iter()
        .map(|&(x, y)| (x + dx, y + dy))
        .filter(|&(x, y)| (0..s).contains(&x) && (0..s).contains(&y))
        .map(|(x, y)| (y * s + x) as usize)
        .collect()
}
