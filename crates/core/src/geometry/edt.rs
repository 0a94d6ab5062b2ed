//! The exact Euclidean distance transform (Felzenszwalb & Huttenlocher, 2012) and the two maps
//! the geometry losses build from it (`losses-geometry.md` §0–§2).
//!
//! ```text
//! edt(m)[i] = 0 where m[i] = 0, else the distance from pixel i to the nearest pixel with m = 0
//!   pass 1 (columns): g[i][j] = (distance to the nearest zero in column j)², +∞ if none
//!   pass 2 (rows):    d²[i][j] = min_q (j − q)² + g[i][q]   (lower envelope of parabolas,
//!                     infinite ones skipped), every value an integer, exact in f64
//!   edt = √d²
//! no zero at all: SciPy's phantom zero at row −1, column 0, edt[i][j] = √((i+1)² + j²)
//!
//! signed distance (boundary loss):  φ(m) = edt(¬m)·¬m − (edt(m) − 1)·m,  0 if m is empty
//! distance field (Hausdorff-DT):    M = a > 0.5; F = edt(M) + edt(¬M), 0 if M empty or full
//! ```

/// Reused buffers of the transform: the envelope's parabolas and their boundaries.
#[derive(Debug, Clone, Default)]
pub(crate) struct EdtScratch {
    /// Running column distances (one per column).
    run: Vec<f64>,
    /// The row being transformed.
    row: Vec<f64>,
    /// Abscissae of the envelope's parabolas.
    v: Vec<usize>,
    /// Boundaries between them.
    z: Vec<f64>,
    /// A thresholded array.
    mask: Vec<bool>,
}

/// Squared distances of every pixel where `inside(i)` to the nearest pixel where it is not,
/// into `out` (0 outside). Returns `false`, leaving `out` unspecified, when every pixel is
/// inside (no zero at all).
#[inline]
pub(crate) fn squared_edt(
    inside: impl Fn(usize) -> bool,
    height: usize,
    width: usize,
    out: &mut [f64],
    s: &mut EdtScratch,
) -> bool {
    debug_assert_eq!(out.len(), height * width);
    // Pass 1, downwards then upwards, a row at a time: linear distances along each column.
    s.run.clear();
    s.run.resize(width, f64::INFINITY);
    let mut any_zero = false;
    for i in 0..height {
        let row = &mut out[i * width..(i + 1) * width];
        for (j, (d, run)) in row.iter_mut().zip(s.run.iter_mut()).enumerate() {
            *run = if inside(i * width + j) { *run + 1.0 } else { 0.0 };
            *d = *run;
        }
        any_zero |= row.contains(&0.0);
    }
    if !any_zero {
        return false;
    }
    s.run.fill(f64::INFINITY);
    for i in (0..height).rev() {
        let row = &mut out[i * width..(i + 1) * width];
        for (d, run) in row.iter_mut().zip(s.run.iter_mut()) {
            *run = if *d == 0.0 { 0.0 } else { *run + 1.0 };
            *d = (*d).min(*run);
        }
    }
    // Pass 2: each row's lower envelope. Every column holds a zero somewhere (one does, so
    // every row has a finite entry in that column), so no row is all infinite. A row without
    // an inside pixel is all zeros already.
    s.row.resize(width, 0.0);
    s.v.resize(width, 0);
    s.z.resize(width + 1, 0.0);
    for i in 0..height {
        let row = &mut out[i * width..(i + 1) * width];
        if row.iter().all(|&d| d == 0.0) {
            continue;
        }
        for (g, &d) in s.row.iter_mut().zip(row.iter()) {
            *g = d * d;
        }
        envelope(&s.row, &mut s.v, &mut s.z, row);
    }
    true
}

/// `out[q] = min_p (q − p)² + g[p]` over the finite `g[p]` (at least one).
#[inline]
fn envelope(g: &[f64], v: &mut [usize], z: &mut [f64], out: &mut [f64]) {
    let mut k = 0usize;
    let mut first = true;
    for (q, &gq) in g.iter().enumerate() {
        if !gq.is_finite() {
            continue;
        }
        if first {
            v[0] = q;
            z[0] = f64::NEG_INFINITY;
            z[1] = f64::INFINITY;
            first = false;
            continue;
        }
        let fq = gq + (q * q) as f64;
        let mut s;
        loop {
            let p = v[k];
            s = (fq - (g[p] + (p * p) as f64)) / (2.0 * (q - p) as f64);
            if s <= z[k] && k > 0 {
                k -= 1;
            } else {
                break;
            }
        }
        // With k = 0, z[0] = −∞, so the loop only stops there when s > −∞.
        k += 1;
        v[k] = q;
        z[k] = s;
        z[k + 1] = f64::INFINITY;
    }
    let mut k = 0usize;
    for (q, o) in out.iter_mut().enumerate() {
        let x = q as f64;
        while z[k + 1] < x {
            k += 1;
        }
        let p = v[k];
        let d = q.abs_diff(p) as f64;
        *o = d * d + g[p];
    }
}

/// SciPy's answer for a mask with no zero: a phantom zero at row −1, column 0.
fn phantom(height: usize, width: usize, out: &mut [f64]) {
    for i in 0..height {
        for j in 0..width {
            let (a, b) = ((i + 1) as f64, j as f64);
            out[i * width + j] = a * a + b * b;
        }
    }
}

/// Squared `edt` of the pixels where `inside`, SciPy's phantom included.
#[inline]
pub(crate) fn squared_edt_scipy(
    inside: impl Fn(usize) -> bool,
    height: usize,
    width: usize,
    out: &mut [f64],
    s: &mut EdtScratch,
) {
    if !squared_edt(inside, height, width, out, s) {
        phantom(height, width, out);
    }
}

/// `scipy.ndimage.distance_transform_edt(mask)`: for every pixel where `mask` is true, the
/// Euclidean distance to the nearest false pixel; 0 on false pixels. A mask with no false
/// pixel gets SciPy's phantom map `√((i+1)² + j²)`. `mask.len()` must be `height·width`.
pub fn edt(mask: &[bool], height: usize, width: usize) -> Vec<f64> {
    assert_eq!(mask.len(), height * width, "edt: the mask is not height × width");
    let mut out = vec![0.0; mask.len()];
    squared_edt_scipy(|i| mask[i], height, width, &mut out, &mut EdtScratch::default());
    out.iter_mut().for_each(|d| *d = d.sqrt());
    out
}

/// The boundary loss's signed distance map of `mask` into `out` (`losses-geometry.md` §1):
/// outside, the distance to the object; inside, `−(distance to the background − 1)`; all 0 for
/// an empty mask; a full mask takes SciPy's phantom map (`1 − √((i+1)² + j²)`). With
/// `truncate`, every value is truncated toward zero (the authors' int32 pipeline).
pub(crate) fn signed_distance_into(
    mask: impl Fn(usize) -> bool + Copy,
    height: usize,
    width: usize,
    truncate: bool,
    out: &mut [f64],
    tmp: &mut Vec<f64>,
    s: &mut EdtScratch,
) {
    let n = height * width;
    if !(0..n).any(mask) {
        out.fill(0.0);
        return;
    }
    // Outside: edt(¬m) (0 inside); inside: edt(m) (0 outside), phantom when m is full.
    squared_edt_scipy(|i| !mask(i), height, width, out, s);
    tmp.resize(n, 0.0);
    squared_edt_scipy(mask, height, width, tmp, s);
    for (i, (o, &inner)) in out.iter_mut().zip(tmp.iter()).enumerate() {
        *o = if mask(i) { 1.0 - inner.sqrt() } else { o.sqrt() };
    }
    if truncate {
        out.iter_mut().for_each(|phi| *phi = phi.trunc());
    }
}

/// The boundary loss's signed distance map `φ(mask)` (see [`signed_distance_into`]).
pub fn signed_distance(mask: &[bool], height: usize, width: usize) -> Vec<f64> {
    assert_eq!(mask.len(), height * width, "signed_distance: the mask is not height × width");
    let mut out = vec![0.0; mask.len()];
    let (mut tmp, mut s) = (Vec::new(), EdtScratch::default());
    signed_distance_into(|i| mask[i], height, width, false, &mut out, &mut tmp, &mut s);
    out
}

/// MONAI `HausdorffDTLoss.distance_field` of `a` into `out`: `M = a > 0.5`; 0 everywhere if
/// `M` is empty or full, else `edt(M) + edt(¬M)` (each pixel's distance to the nearest pixel
/// on the other side, ≥ 1).
pub(crate) fn distance_field_into<T: crate::Pixel>(
    a: &[T],
    height: usize,
    width: usize,
    out: &mut [f64],
    tmp: &mut Vec<f64>,
    s: &mut EdtScratch,
) {
    s.mask.clear();
    s.mask.extend(a.iter().map(|v| v.to_f64() > 0.5));
    let count = s.mask.iter().filter(|&&m| m).count();
    if count == 0 || count == a.len() {
        out.fill(0.0);
        return;
    }
    let mask = std::mem::take(&mut s.mask);
    squared_edt(|i| mask[i], height, width, out, s);
    tmp.resize(a.len(), 0.0);
    squared_edt(|i| !mask[i], height, width, tmp, s);
    s.mask = mask;
    for (o, &t) in out.iter_mut().zip(tmp.iter()) {
        // One of the two is 0 at every pixel.
        *o = (*o + t).sqrt();
    }
}

/// MONAI `HausdorffDTLoss`'s distance field of `a` (see [`distance_field_into`]).
pub fn distance_field(a: &[f64], height: usize, width: usize) -> Vec<f64> {
    assert_eq!(a.len(), height * width, "distance_field: the array is not height × width");
    let mut out = vec![0.0; a.len()];
    let (mut tmp, mut s) = (Vec::new(), EdtScratch::default());
    distance_field_into(a, height, width, &mut out, &mut tmp, &mut s);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force from the definition: the nearest zero over every pixel.
    fn brute(mask: &[bool], h: usize, w: usize) -> Vec<f64> {
        (0..h * w)
            .map(|k| {
                if !mask[k] {
                    return 0.0;
                }
                let (i, j) = ((k / w) as f64, (k % w) as f64);
                (0..h * w)
                    .filter(|&q| !mask[q])
                    .map(|q| ((q / w) as f64 - i).hypot((q % w) as f64 - j))
                    .fold(f64::INFINITY, f64::min)
            })
            .collect()
    }

    #[test]
    fn matches_the_definition_on_random_masks() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for (h, w, density) in
            [(7, 9, 0.5), (16, 5, 0.9), (1, 12, 0.7), (12, 1, 0.7), (20, 20, 0.97)]
        {
            let mask: Vec<bool> = (0..h * w)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    (state % 1000) as f64 / 1000.0 < density
                })
                .collect();
            if mask.iter().all(|&m| m) {
                continue;
            }
            assert_eq!(edt(&mask, h, w), brute(&mask, h, w), "{h}×{w} at {density}");
        }
    }

    #[test]
    fn degenerate_masks_follow_scipy() {
        // SciPy 1.17.1: distance_transform_edt(np.ones((1, 7))) = [1, √2, √5, √10, √17, √26, √37].
        let ones = edt(&[true; 7], 1, 7);
        let want: Vec<f64> =
            [1.0f64, 2.0, 5.0, 10.0, 17.0, 26.0, 37.0].iter().map(|x| x.sqrt()).collect();
        assert_eq!(ones, want);
        assert_eq!(edt(&[false; 6], 2, 3), vec![0.0; 6]);
        assert_eq!(edt(&[true], 1, 1), vec![1.0]);
    }

    #[test]
    fn signed_distance_of_a_square() {
        // A 3×3 square in 5×5: its ring is 0, its centre −(1 − 1)… the centre is 2 from the
        // background (edt 2), so −(2 − 1) = −1; a 4-neighbour outside is 1, a corner √2.
        let mask: Vec<bool> =
            (0..25).map(|k| (1..4).contains(&(k / 5)) && (1..4).contains(&(k % 5))).collect();
        let phi = signed_distance(&mask, 5, 5);
        assert_eq!(phi[12], -1.0);
        assert_eq!(phi[6], 0.0);
        assert_eq!(phi[2], 1.0);
        assert_eq!(phi[0], 2f64.sqrt());
        assert_eq!(signed_distance(&[false; 4], 2, 2), vec![0.0; 4]);
    }

    #[test]
    fn the_field_is_zero_on_empty_and_full_and_at_least_one_elsewhere() {
        assert_eq!(distance_field(&[0.5; 4], 2, 2), vec![0.0; 4]);
        assert_eq!(distance_field(&[0.9; 4], 2, 2), vec![0.0; 4]);
        let f = distance_field(&[0.9, 0.1, 0.1, 0.1, 0.1, 0.1], 2, 3);
        assert_eq!(f, vec![1.0, 1.0, 2.0, 1.0, 2f64.sqrt(), 5f64.sqrt()]);
    }
}
