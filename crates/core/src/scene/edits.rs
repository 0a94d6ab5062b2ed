//! The prediction edits that change a structure's shape rather than its place or size
//! (issue 17): a gap cut across it (a broken vessel, which clDice punishes and Dice barely
//! notices), a spur sticking out of it (a false branch), and a speck as far from the target
//! as the image allows (which the Hausdorff loss punishes and Dice forgives).
//!
//! They work on the model's mask after the shift and the dilation (the predicted object:
//! pixels ≥ ½), all deterministic.
//!
//! - **Where**: the structure's *local direction* at a pixel is the principal axis of the
//!   object pixels 8-connected to it within `4 + reach` pixels (`reach` is the dilation, so a
//!   thickened line still reads as a line); a blob, whose pixels have no axis, reads as
//!   horizontal. A pixel is *on a line* where those pixels spread more than twice as far
//!   along the axis as across it (standard deviations) and a cut 3 px long across it there
//!   leaves them in exactly two pieces: not at a crossing, a fork, an end or in a blob. The
//!   pixel *nearest* a point is the nearest one on a line among the 64 nearest (ties: the
//!   first in row-major order), or the nearest of all when none is (a disc). The
//!   *anchor* is the object pixel nearest the object's centroid.
//! - **Gap of `k` px**: the band of pixels whose position along the local direction, from the
//!   anchor, lies in `[−k/2, k/2)`, within `k/2 + 3 + reach` pixels of it: every object pixel
//!   8-connected to the anchor inside that band is set to 0 (the background confidence), a
//!   cut `k` pixels long across the structure (a neighbouring branch is left alone).
//!   A horizontal or vertical 1-px line loses exactly `k` pixels and splits in two.
//! - **Spur of `k` px**: the root is the object pixel nearest the point a quarter of the
//!   object's length from its centroid along its principal axis (so a gap at the anchor
//!   leaves it in place). From the root, a 1-px 8-connected line goes along the local normal,
//!   away from the centroid (upwards, else rightwards, when the root is level with it),
//!   crosses the rest of the object and adds `k` pixels outside it: fewer if it meets the
//!   image's border or the object again.
//! - **Far speck**: the background pixel of the *target* at the largest Euclidean distance
//!   from the target's nearest object pixel (ties: the first in row-major order; with no
//!   object, the top-left pixel) is set to 1.

use std::collections::HashSet;

/// A pixel as `(x, y)`.
type Px = (i64, i64);

/// The 8 neighbours' offsets.
const EIGHT: [Px; 8] = [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1)];

/// How many of the pixels nearest a point are tried for being on a line.
const CANDIDATES: usize = 64;

fn index(p: Px, side: usize) -> usize {
    p.1 as usize * side + p.0 as usize
}

fn inside(p: Px, side: usize) -> bool {
    (0..side as i64).contains(&p.0) && (0..side as i64).contains(&p.1)
}

fn is_object(mask: &[f64], side: usize, p: Px) -> bool {
    inside(p, side) && mask[index(p, side)] >= 0.5
}

/// The object pixels in row-major order.
fn object(mask: &[f64], side: usize) -> Vec<Px> {
    (0..mask.len())
        .filter(|&i| mask[i] >= 0.5)
        .map(|i| ((i % side) as i64, (i / side) as i64))
        .collect()
}

fn centroid(pixels: &[Px]) -> (f64, f64) {
    let n = pixels.len() as f64;
    let (sx, sy) = pixels.iter().fold((0.0, 0.0), |(a, b), &(x, y)| (a + x as f64, b + y as f64));
    (sx / n, sy / n)
}

/// The object pixel nearest `point` on a line, else the nearest of all (see the module
/// docs); ties: the first in row-major order.
fn nearest(mask: &[f64], side: usize, pixels: &[Px], point: (f64, f64), reach: i64) -> Option<Px> {
    let d2 = |p: &Px| (p.0 as f64 - point.0).powi(2) + (p.1 as f64 - point.1).powi(2);
    let mut order = pixels.to_vec();
    order.sort_by(|a, b| d2(a).total_cmp(&d2(b)).then((a.1, a.0).cmp(&(b.1, b.0))));
    let on_line = |p: &&Px| local(mask, side, **p, reach).1;
    order.iter().take(CANDIDATES).find(on_line).or(order.first()).copied()
}

/// The local direction at `p` and whether `p` is on a line (see the module docs).
fn local(mask: &[f64], side: usize, p: Px, reach: i64) -> ((f64, f64), bool) {
    let window = near(mask, side, p, (4 + reach) as f64);
    let (direction, along, across) = axis(&window);
    if along <= 4.0 * across {
        return (direction, false);
    }
    let t = |q: &Px| (q.0 - p.0) as f64 * direction.0 + (q.1 - p.1) as f64 * direction.1;
    let kept: Vec<Px> = window.into_iter().filter(|q| !(-1.5..1.5).contains(&t(q))).collect();
    (direction, pieces(&kept) == 2)
}

/// The number of 8-connected pieces of `pixels`.
fn pieces(pixels: &[Px]) -> usize {
    let mut left: HashSet<Px> = pixels.iter().copied().collect();
    let mut count = 0;
    for &start in pixels {
        if !left.remove(&start) {
            continue;
        }
        count += 1;
        let mut stack = vec![start];
        while let Some(p) = stack.pop() {
            for (dx, dy) in EIGHT {
                if left.remove(&(p.0 + dx, p.1 + dy)) {
                    stack.push((p.0 + dx, p.1 + dy));
                }
            }
        }
    }
    count
}

/// The unit principal axis of `pixels`, `(cos θ, sin θ)` with `θ = ½·atan2(2c_xy, c_xx − c_yy)`
/// (`(1, 0)` when they have none: one pixel, a disc, a symmetric cross), and the variances
/// along and across it (the covariance's eigenvalues).
fn axis(pixels: &[Px]) -> ((f64, f64), f64, f64) {
    if pixels.is_empty() {
        return ((1.0, 0.0), 0.0, 0.0);
    }
    let (mx, my) = centroid(pixels);
    let (mut cxx, mut cyy, mut cxy) = (0.0, 0.0, 0.0);
    for &(x, y) in pixels {
        let (dx, dy) = (x as f64 - mx, y as f64 - my);
        (cxx, cyy, cxy) = (cxx + dx * dx, cyy + dy * dy, cxy + dx * dy);
    }
    let n = pixels.len() as f64;
    let (mean, spread) = ((cxx + cyy) / (2.0 * n), ((cxx - cyy) / (2.0 * n)).hypot(cxy / n));
    let theta = 0.5 * (2.0 * cxy).atan2(cxx - cyy);
    // An axis-aligned structure gets an exact axis (cos ½π is 6e-17, and θ = ±½π are the same
    // axis): so a band across a vertical line does not depend on rounding.
    let direction = match (theta.cos(), theta.sin()) {
        (_, s) if s.abs() < 1e-12 => (1.0, 0.0),
        (c, _) if c.abs() < 1e-12 => (0.0, 1.0),
        (c, s) => (c, s),
    };
    (direction, mean + spread, mean - spread)
}

/// The object pixels 8-connected to `from` without leaving the disc of `radius` around it.
fn near(mask: &[f64], side: usize, from: Px, radius: f64) -> Vec<Px> {
    reachable(mask, side, from, |p| {
        ((p.0 - from.0).pow(2) + (p.1 - from.1).pow(2)) as f64 <= radius * radius
    })
}

/// The object pixels 8-connected to `from` through pixels that pass `within`.
fn reachable(mask: &[f64], side: usize, from: Px, within: impl Fn(Px) -> bool) -> Vec<Px> {
    let mut seen = HashSet::from([from]);
    let mut queue = vec![from];
    let mut k = 0;
    while let Some(&p) = queue.get(k) {
        k += 1;
        for (dx, dy) in EIGHT {
            let q = (p.0 + dx, p.1 + dy);
            if is_object(mask, side, q) && within(q) && seen.insert(q) {
                queue.push(q);
            }
        }
    }
    queue
}

/// Cuts a gap `length` pixels long across the object at its anchor (see the module docs).
pub(super) fn cut_gap(mask: &mut [f64], side: usize, length: u32, reach: i64) {
    let pixels = object(mask, side);
    if pixels.is_empty() {
        return;
    }
    let Some(anchor) = nearest(mask, side, &pixels, centroid(&pixels), reach) else { return };
    let ((dx, dy), _) = local(mask, side, anchor, reach);
    let (half, radius) = (f64::from(length) / 2.0, f64::from(length) / 2.0 + 3.0 + reach as f64);
    let in_band = |p: Px| {
        let (x, y) = ((p.0 - anchor.0) as f64, (p.1 - anchor.1) as f64);
        (-half..half).contains(&(x * dx + y * dy)) && x * x + y * y <= radius * radius
    };
    if !in_band(anchor) {
        return;
    }
    for p in reachable(mask, side, anchor, in_band) {
        mask[index(p, side)] = 0.0;
    }
}

/// The pixels (row-major indices) of a spur `length` pixels long out of the object (see the
/// module docs); empty when there is no object.
pub(super) fn spur(mask: &[f64], side: usize, length: u32, reach: i64) -> Vec<usize> {
    let pixels = object(mask, side);
    if pixels.is_empty() || length == 0 {
        return Vec::new();
    }
    let c = centroid(&pixels);
    let ((ax, ay), _, _) = axis(&pixels);
    let along = |p: &Px| (p.0 as f64 - c.0) * ax + (p.1 as f64 - c.1) * ay;
    let (lo, hi) =
        pixels.iter().map(along).fold((f64::MAX, f64::MIN), |(a, b), t| (a.min(t), b.max(t)));
    let quarter = (hi - lo) / 4.0;
    let quarter_point = (c.0 + quarter * ax, c.1 + quarter * ay);
    let Some(root) = nearest(mask, side, &pixels, quarter_point, reach) else {
        return Vec::new();
    };
    let ((dx, dy), _) = local(mask, side, root, reach);
    let (mut nx, mut ny) = (-dy, dx);
    let away = (root.0 as f64 - c.0) * nx + (root.1 as f64 - c.1) * ny;
    const EPS: f64 = 1e-9;
    if away < -EPS || (away.abs() <= EPS && (ny > EPS || (ny.abs() <= EPS && nx < 0.0))) {
        (nx, ny) = (-nx, -ny);
    }
    // One pixel a step along the normal's larger component: an 8-connected line.
    let scale = nx.abs().max(ny.abs());
    let (vx, vy) = (nx / scale, ny / scale);
    let mut added = Vec::new();
    for j in 1..=(2 * side) as i64 {
        let p = (root.0 + (j as f64 * vx).round() as i64, root.1 + (j as f64 * vy).round() as i64);
        if !inside(p, side) || added.len() == length as usize {
            break;
        }
        if is_object(mask, side, p) {
            if added.is_empty() {
                continue;
            }
            break;
        }
        added.push(index(p, side));
    }
    added
}

/// Sets the background pixel of `target` farthest from its object to 1 in `mask` (see the
/// module docs). Exact squared Euclidean distances: per column, the distance to the nearest
/// object pixel in that column; then per pixel, the least over columns (`O(side³)`).
pub(super) fn far_speck(mask: &mut [f64], target: &[f64], side: usize) {
    const NONE: i64 = i64::MAX;
    let mut column = vec![NONE; side * side];
    for x in 0..side {
        let mut last = NONE;
        for y in 0..side {
            if target[y * side + x] >= 0.5 {
                last = y as i64;
            }
            column[y * side + x] = if last == NONE { NONE } else { y as i64 - last };
        }
        let mut next = NONE;
        for y in (0..side).rev() {
            if target[y * side + x] >= 0.5 {
                next = y as i64;
            }
            if next != NONE {
                let i = y * side + x;
                column[i] = column[i].min(next - y as i64);
            }
        }
    }
    let mut best: Option<(i64, usize)> = None;
    for y in 0..side {
        let row = &column[y * side..(y + 1) * side];
        for x in 0..side {
            let i = y * side + x;
            if target[i] >= 0.5 {
                continue;
            }
            let d2 = (0..side)
                .filter(|&c| row[c] != NONE)
                .map(|c| (c as i64 - x as i64).pow(2) + row[c] * row[c])
                .min()
                .unwrap_or(NONE);
            if best.is_none_or(|(b, _)| d2 > b) {
                best = Some((d2, i));
            }
        }
    }
    if let Some((_, i)) = best {
        mask[i] = 1.0;
    }
}
