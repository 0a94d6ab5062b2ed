//! 3×3 convolutions (cross-correlation, zero padding, optional dilation) on square `f32`
//! planes stored channel-major (`[C][side][side]`), with their two backward passes.
//!
//! The input is first copied into zero-padded planes (a border of `dilation` pixels), so
//! every tap is in range. The kernels are register-blocked: eight neighbouring outputs are
//! accumulated in a fixed-size array over every input channel and tap, then stored once;
//! the weight gradient is a row-wise dot product with eight lane accumulators. LLVM turns these fixed-size lane loops into SIMD (SSE/AVX natively,
//! simd128 in wasm). The input gradient is the forward pass of the flipped, transposed
//! kernel on the padded output gradient.

use super::lanes;

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

/// Copies `channels` planes of `side×side` into `out` as planes of `(side + 2·pad)²` with a
/// zero border of `pad` pixels.
pub fn pad(input: &[f32], channels: usize, side: usize, pad: usize, out: &mut Vec<f32>) {
    let sp = side + 2 * pad;
    out.clear();
    out.resize(channels * sp * sp, 0.0);
    for c in 0..channels {
        for y in 0..side {
            let src = &input[(c * side + y) * side..][..side];
            let at = c * sp * sp + (y + pad) * sp + pad;
            out[at..at + side].copy_from_slice(src);
        }
    }
}

/// `out[co] = bias[co] + Σ_ci w[co,ci] ⋆ input[ci]`, with `padded` the input padded by
/// `shape.dilation` (see [`pad`]) and `weights` laid out `[cout][cin][3][3]`.
pub fn forward_padded(
    shape: ConvShape,
    weights: &[f32],
    bias: &[f32],
    padded: &[f32],
    side: usize,
    out: &mut [f32],
) {
    const L: usize = 8;
    let d = shape.dilation;
    let sp = side + 2 * d;
    let np = sp * sp;
    for co in 0..shape.cout {
        let w_co = &weights[co * shape.cin * 9..(co + 1) * shape.cin * 9];
        for y in 0..side {
            let out_row = &mut out[(co * side + y) * side..][..side];
            let mut x = 0;
            while x + L <= side {
                let mut acc = lanes::splat(bias[co]);
                for ci in 0..shape.cin {
                    let w = &w_co[ci * 9..ci * 9 + 9];
                    for ky in 0..3 {
                        let row = &padded[ci * np + (y + ky * d) * sp + x..];
                        for kx in 0..3 {
                            acc = lanes::mul_add(acc, w[ky * 3 + kx], lanes::load(&row[kx * d..]));
                        }
                    }
                }
                lanes::store(acc, &mut out_row[x..]);
                x += L;
            }
            for (xx, o) in out_row.iter_mut().enumerate().skip(x) {
                let mut v = bias[co];
                for ci in 0..shape.cin {
                    for k in 0..9 {
                        let (ky, kx) = (k / 3, k % 3);
                        v += w_co[ci * 9 + k] * padded[ci * np + (y + ky * d) * sp + xx + kx * d];
                    }
                }
                *o = v;
            }
        }
    }
}

/// Accumulates `grad[w[co,ci,k]] += Σ grad_out[co]·input[ci] shifted by tap k` and
/// `grad[bias[co]] += Σ grad_out[co]`, with `padded` the input padded by `shape.dilation`.
/// Each weight's sum is a dot product of whole rows, with eight lane accumulators.
pub fn backward_params_padded(
    shape: ConvShape,
    padded: &[f32],
    grad_out: &[f32],
    side: usize,
    grad: &mut [f32],
) {
    const L: usize = 8;
    let d = shape.dilation;
    let sp = side + 2 * d;
    let np = sp * sp;
    let n = side * side;
    let (gw, gb) = grad.split_at_mut(shape.weights());
    for co in 0..shape.cout {
        let go = &grad_out[co * n..(co + 1) * n];
        gb[co] += go.iter().sum::<f32>();
        for ci in 0..shape.cin {
            let src = &padded[ci * np..(ci + 1) * np];
            for k in 0..9 {
                let (dy, dx) = ((k / 3) * d, (k % 3) * d);
                let mut acc = lanes::splat(0.0);
                let mut tail = 0.0f32;
                for y in 0..side {
                    let g = &go[y * side..(y + 1) * side];
                    let s = &src[(y + dy) * sp + dx..(y + dy) * sp + dx + side];
                    let mut x = 0;
                    while x + L <= side {
                        acc = lanes::mul_add_lanes(acc, lanes::load(&g[x..]), lanes::load(&s[x..]));
                        x += L;
                    }
                    for (a, b) in g[x..].iter().zip(&s[x..]) {
                        tail += a * b;
                    }
                }
                gw[(co * shape.cin + ci) * 9 + k] += lanes::sum(acc) + tail;
            }
        }
    }
}

/// Scratch buffers of [`backward_input_with`].
#[derive(Debug, Clone, Default)]
pub struct ConvScratch {
    padded: Vec<f32>,
    flipped: Vec<f32>,
    zeros: Vec<f32>,
}

/// The input gradient `grad_in[ci] = Σ_co w[co,ci] ⋆ᵀ grad_out[co]` (overwrites
/// `grad_in`): the forward pass of the kernel transposed (`ci ↔ co`) and flipped (tap
/// `k → 8 − k`) on the padded output gradient.
pub fn backward_input_with(
    shape: ConvShape,
    params: &[f32],
    grad_out: &[f32],
    side: usize,
    grad_in: &mut [f32],
    scratch: &mut ConvScratch,
) {
    let w = &params[..shape.weights()];
    scratch.flipped.clear();
    for ci in 0..shape.cin {
        for co in 0..shape.cout {
            for k in 0..9 {
                scratch.flipped.push(w[(co * shape.cin + ci) * 9 + 8 - k]);
            }
        }
    }
    scratch.zeros.clear();
    scratch.zeros.resize(shape.cin, 0.0);
    pad(grad_out, shape.cout, side, shape.dilation, &mut scratch.padded);
    let transposed = ConvShape { cin: shape.cout, cout: shape.cin, dilation: shape.dilation };
    forward_padded(transposed, &scratch.flipped, &scratch.zeros, &scratch.padded, side, grad_in);
}

/// [`forward_padded`] on unpadded planes, `params` = weights then biases (allocates).
pub fn forward(shape: ConvShape, params: &[f32], input: &[f32], side: usize, out: &mut [f32]) {
    let mut padded = Vec::new();
    pad(input, shape.cin, side, shape.dilation, &mut padded);
    let (w, b) = params.split_at(shape.weights());
    forward_padded(shape, w, b, &padded, side, out);
}

/// [`backward_params_padded`] on unpadded planes (allocates).
pub fn backward_params(
    shape: ConvShape,
    input: &[f32],
    grad_out: &[f32],
    side: usize,
    grad: &mut [f32],
) {
    let mut padded = Vec::new();
    pad(input, shape.cin, side, shape.dilation, &mut padded);
    backward_params_padded(shape, &padded, grad_out, side, grad);
}

/// [`backward_input_with`] with fresh scratch (allocates).
pub fn backward_input(
    shape: ConvShape,
    params: &[f32],
    grad_out: &[f32],
    side: usize,
    grad_in: &mut [f32],
) {
    backward_input_with(shape, params, grad_out, side, grad_in, &mut ConvScratch::default());
}

#[cfg(test)]
mod tests {
    use super::*;

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

    /// The blocked path (8 outputs at a time) and the scalar tail agree with a direct sum.
    #[test]
    fn blocked_and_tail_agree_with_a_direct_sum() {
        let shape = ConvShape { cin: 2, cout: 2, dilation: 2 };
        let side = 11;
        let input: Vec<f32> =
            (0..2 * side * side).map(|i| ((i * 37) % 17) as f32 / 17.0 - 0.5).collect();
        let params: Vec<f32> =
            (0..shape.params()).map(|i| ((i * 13) % 7) as f32 / 7.0 - 0.4).collect();
        let mut out = vec![0.0; 2 * side * side];
        forward(shape, &params, &input, side, &mut out);
        for co in 0..2 {
            for y in 0..side as isize {
                for x in 0..side as isize {
                    let mut v = params[shape.weights() + co];
                    for ci in 0..2 {
                        for k in 0..9 {
                            let (yy, xx) =
                                (y + (k as isize / 3 - 1) * 2, x + (k as isize % 3 - 1) * 2);
                            if (0..side as isize).contains(&yy) && (0..side as isize).contains(&xx)
                            {
                                v += params[(co * 2 + ci) * 9 + k]
                                    * input[ci * side * side + yy as usize * side + xx as usize];
                            }
                        }
                    }
                    let got = out[co * side * side + y as usize * side + x as usize];
                    assert!((got - v).abs() < 1e-5, "{co},{y},{x}: {got} vs {v}");
                }
            }
        }
    }
}
