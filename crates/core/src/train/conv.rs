//! 3×3 convolutions (cross-correlation, zero padding, optional dilation) on square `f32`
//! planes stored channel-major (`[C][side][side]`), with their two backward passes.
//!
//! Every inner loop runs over a contiguous row segment (`saxpy` or a dot product with eight
//! independent accumulators), which LLVM vectorises (SSE/AVX natively, simd128 in wasm).
//! Borders are handled by clipping each tap's row range, so no padded copies are made.

/// Shape of one 3×3 convolution layer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConvShape {
    /// Input channels.
    pub cin: usize,
    /// Output channels.
    pub cout: usize,
    /// Dilation (1 = ordinary 3×3).
    pub dilation: usize,
}

impl ConvShape {
    /// Number of weights, `cout·cin·9`.
    pub const fn weights(&self) -> usize {
        self.cout * self.cin * 9
    }

    /// Number of parameters, weights then biases.
    pub const fn params(&self) -> usize {
        self.weights() + self.cout
    }
}

/// For a tap offset `d` on an axis of length `side`: the output range `lo..hi` whose input
/// `o + d` lies inside the plane.
#[inline(always)]
fn valid(d: isize, side: usize) -> (usize, usize) {
    let lo = (-d).max(0) as usize;
    let hi = (side as isize - d.max(0)).max(0) as usize;
    (lo.min(side), hi.max(lo.min(side)))
}

/// The tap offsets `(dy, dx)` of a 3×3 kernel with `dilation`, in weight order.
#[inline(always)]
fn taps(dilation: usize) -> impl Iterator<Item = (usize, isize, isize)> {
    let d = dilation as isize;
    (0..9).map(move |k| (k, (k as isize / 3 - 1) * d, (k as isize % 3 - 1) * d))
}

#[inline(always)]
fn saxpy(out: &mut [f32], a: f32, x: &[f32]) {
    for (o, &v) in out.iter_mut().zip(x) {
        *o += a * v;
    }
}

#[inline(always)]
fn dot(a: &[f32], b: &[f32]) -> f32 {
    let mut acc = [0.0f32; 8];
    let chunks = a.len() / 8;
    for (ca, cb) in a[..chunks * 8].chunks_exact(8).zip(b[..chunks * 8].chunks_exact(8)) {
        for l in 0..8 {
            acc[l] += ca[l] * cb[l];
        }
    }
    let mut tail = 0.0;
    for (x, y) in a[chunks * 8..].iter().zip(&b[chunks * 8..]) {
        tail += x * y;
    }
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail
}

/// `out[co] = b[co] + Σ_ci w[co,ci] ⋆ input[ci]` over `side×side` planes.
/// `params` holds the weights (`[cout][cin][3][3]`) then the biases.
pub fn forward(shape: ConvShape, params: &[f32], input: &[f32], side: usize, out: &mut [f32]) {
    let n = side * side;
    let (w, b) = params.split_at(shape.weights());
    for co in 0..shape.cout {
        let plane = &mut out[co * n..(co + 1) * n];
        plane.fill(b[co]);
        for ci in 0..shape.cin {
            let src = &input[ci * n..(ci + 1) * n];
            for (k, dy, dx) in taps(shape.dilation) {
                let weight = w[(co * shape.cin + ci) * 9 + k];
                let (y0, y1) = valid(dy, side);
                let (x0, x1) = valid(dx, side);
                for y in y0..y1 {
                    let row = y * side;
                    let src_row = (y as isize + dy) as usize * side;
                    let sx0 = (x0 as isize + dx) as usize;
                    saxpy(
                        &mut plane[row + x0..row + x1],
                        weight,
                        &src[src_row + sx0..src_row + sx0 + (x1 - x0)],
                    );
                }
            }
        }
    }
}

/// Accumulates the parameter gradient: `grad[w[co,ci,k]] += Σ grad_out[co] · input[ci]
/// shifted by tap k`, `grad[b[co]] += Σ grad_out[co]`.
pub fn backward_params(
    shape: ConvShape,
    input: &[f32],
    grad_out: &[f32],
    side: usize,
    grad: &mut [f32],
) {
    let n = side * side;
    let (gw, gb) = grad.split_at_mut(shape.weights());
    for co in 0..shape.cout {
        let go = &grad_out[co * n..(co + 1) * n];
        gb[co] += go.iter().sum::<f32>();
        for ci in 0..shape.cin {
            let src = &input[ci * n..(ci + 1) * n];
            for (k, dy, dx) in taps(shape.dilation) {
                let (y0, y1) = valid(dy, side);
                let (x0, x1) = valid(dx, side);
                let mut total = 0.0f32;
                for y in y0..y1 {
                    let row = y * side;
                    let src_row = (y as isize + dy) as usize * side;
                    let sx0 = (x0 as isize + dx) as usize;
                    total += dot(
                        &go[row + x0..row + x1],
                        &src[src_row + sx0..src_row + sx0 + (x1 - x0)],
                    );
                }
                gw[(co * shape.cin + ci) * 9 + k] += total;
            }
        }
    }
}

/// The input gradient: `grad_in[ci] = Σ_co w[co,ci] ⋆ᵀ grad_out[co]` (overwrites `grad_in`).
pub fn backward_input(
    shape: ConvShape,
    params: &[f32],
    grad_out: &[f32],
    side: usize,
    grad_in: &mut [f32],
) {
    let n = side * side;
    let w = &params[..shape.weights()];
    grad_in[..shape.cin * n].fill(0.0);
    for ci in 0..shape.cin {
        let dst = &mut grad_in[ci * n..(ci + 1) * n];
        for co in 0..shape.cout {
            let go = &grad_out[co * n..(co + 1) * n];
            for (k, dy, dx) in taps(shape.dilation) {
                let weight = w[(co * shape.cin + ci) * 9 + k];
                let (y0, y1) = valid(dy, side);
                let (x0, x1) = valid(dx, side);
                for y in y0..y1 {
                    let row = y * side;
                    let dst_row = (y as isize + dy) as usize * side;
                    let dx0 = (x0 as isize + dx) as usize;
                    saxpy(
                        &mut dst[dst_row + dx0..dst_row + dx0 + (x1 - x0)],
                        weight,
                        &go[row + x0..row + x1],
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_ranges_clip_the_border() {
        assert_eq!(valid(0, 5), (0, 5));
        assert_eq!(valid(1, 5), (0, 4));
        assert_eq!(valid(-2, 5), (2, 5));
        assert_eq!(valid(7, 5), (0, 0));
        assert_eq!(valid(-7, 5), (5, 5));
    }

    /// A 3×3 plane convolved by hand: centre tap only gives the input back; the right tap
    /// (k = 5, dx = +1) shifts it left with a zero column.
    #[test]
    fn single_taps_shift_the_plane() {
        let shape = ConvShape { cin: 1, cout: 1, dilation: 1 };
        let input: Vec<f32> = (1..=9).map(|v| v as f32).collect();
        let mut out = vec![0.0; 9];
        let mut params = vec![0.0; 10];
        params[4] = 1.0;
        forward(shape, &params, &input, 3, &mut out);
        assert_eq!(out, input);
        params[4] = 0.0;
        params[5] = 2.0;
        params[9] = 0.5;
        forward(shape, &params, &input, 3, &mut out);
        assert_eq!(out, [4.5, 6.5, 0.5, 10.5, 12.5, 0.5, 16.5, 18.5, 0.5]);
    }
}
