//! Soft morphology as MONAI's `cldice.py` computes it, with the subgradients torch's autograd
//! gives (`losses-geometry.md` §3). Windows are clipped at the border.
//!
//! ```text
//! erode(x)[i][j]  = min(p1, p2), p1 = min of x over (i−1..i+1, j), p2 = over (i, j−1..j+1)
//! dilate(x)[i][j] = max of x over the 3 × 3 window;  open(x) = dilate(erode(x))
//! skel(x, K): s = relu(x − open(x)); K times: x ← erode(x), δ = relu(x − open(x)),
//!             s ← s + relu(δ − s·δ)
//! backward: a max (min) pool sends an output's gradient to the first maximal (minimal) input
//!   in row-major order; min(p1, p2) splits it in half on a tie; relu′(0) = 0
//! ```

/// Which input an erosion's output came from: `a` (vertical, topmost minimum) and `b`
/// (horizontal, leftmost minimum), and how the gradient splits between them (`wa` to `a`,
/// `1 − wa` to `b`).
#[derive(Debug, Clone, Copy, Default)]
struct ErodeArg {
    a: u32,
    b: u32,
    wa: f64,
}

/// One erosion: `out = erode(x)`, with the arguments for the backward pass.
fn erode_into(x: &[f64], h: usize, w: usize, out: &mut [f64], args: &mut [ErodeArg]) {
    for i in 0..h {
        for j in 0..w {
            let k = i * w + j;
            // Vertical window, scanned top to bottom, kept only when strictly smaller.
            let mut a = if i > 0 { k - w } else { k };
            for r in [k, k + w] {
                if r > a && r < h * w && x[r] < x[a] {
                    a = r;
                }
            }
            // Horizontal window, left to right, within the row.
            let mut b = if j > 0 { k - 1 } else { k };
            for c in [k, k + 1] {
                if c > b && c < (i + 1) * w && x[c] < x[b] {
                    b = c;
                }
            }
            let (pa, pb) = (x[a], x[b]);
            let wa = if pa < pb {
                1.0
            } else if pa > pb {
                0.0
            } else {
                0.5
            };
            out[k] = pa.min(pb);
            args[k] = ErodeArg { a: a as u32, b: b as u32, wa };
        }
    }
}

/// One dilation: `out = dilate(x)` (3 × 3 max), with the argument of each output: the first
/// maximum in row-major order. Separable: each row's leftmost maximum over three columns, then
/// the topmost of three rows kept only when strictly greater — the same element as the
/// row-major scan (the topmost row holding the window's maximum, its leftmost there).
fn dilate_into(
    x: &[f64],
    h: usize,
    w: usize,
    out: &mut [f64],
    args: &mut [u32],
    rows: &mut Vec<u32>,
) {
    rows.resize(h * w, 0);
    for i in 0..h {
        for j in 0..w {
            let k = i * w + j;
            let mut best = if j > 0 { k - 1 } else { k };
            for c in [k, k + 1] {
                if c > best && c < (i + 1) * w && x[c] > x[best] {
                    best = c;
                }
            }
            rows[k] = best as u32;
        }
    }
    for i in 0..h {
        for j in 0..w {
            let k = i * w + j;
            let mut best = rows[if i > 0 { k - w } else { k }] as usize;
            for r in [k, k + w] {
                if r < h * w && (r == k || i + 1 < h) {
                    let c = rows[r] as usize;
                    if x[c] > x[best] {
                        best = c;
                    }
                }
            }
            out[k] = x[best];
            args[k] = best as u32;
        }
    }
}

/// `erode(x)` of a `height × width` image (MONAI `soft_erode`).
pub fn soft_erode(x: &[f64], height: usize, width: usize) -> Vec<f64> {
    assert_eq!(x.len(), height * width, "soft_erode: the image is not height × width");
    let mut out = vec![0.0; x.len()];
    erode_into(x, height, width, &mut out, &mut vec![ErodeArg::default(); x.len()]);
    out
}

/// `dilate(x)` of a `height × width` image (MONAI `soft_dilate`).
pub fn soft_dilate(x: &[f64], height: usize, width: usize) -> Vec<f64> {
    assert_eq!(x.len(), height * width, "soft_dilate: the image is not height × width");
    let mut out = vec![0.0; x.len()];
    dilate_into(x, height, width, &mut out, &mut vec![0; x.len()], &mut Vec::new());
    out
}

/// `skel(x, iterations)` of a `height × width` image (MONAI `soft_skel`).
pub fn soft_skeleton(x: &[f64], height: usize, width: usize, iterations: usize) -> Vec<f64> {
    assert_eq!(x.len(), height * width, "soft_skeleton: the image is not height × width");
    let mut tape = Tape::default();
    tape.forward(x, height, width, iterations);
    tape.skeleton().to_vec()
}

/// Everything the skeleton's forward pass keeps for its backward pass, reused between calls.
/// Level `k` holds `x_k` (`x_0` the input, `x_{k+1} = erode(x_k)`), `open(x_k)` and the
/// skeleton `s_k` after step `k`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tape {
    h: usize,
    w: usize,
    levels: usize,
    /// `x_0 … x_{K+1}`, each `h·w`.
    x: Vec<f64>,
    /// `open(x_0) … open(x_K)`.
    open: Vec<f64>,
    /// `s_0 … s_K`.
    s: Vec<f64>,
    erode_args: Vec<ErodeArg>,
    dilate_args: Vec<u32>,
    /// Backward buffers: the gradient reaching each `x_k`, and one for the opening.
    gx: Vec<f64>,
    gopen: Vec<f64>,
    gs: Vec<f64>,
    rows: Vec<u32>,
}

impl Tape {
    /// Runs `skel(x, iterations)`, keeping what the backward pass needs.
    pub(crate) fn forward(&mut self, x: &[f64], h: usize, w: usize, iterations: usize) {
        let n = h * w;
        let levels = iterations + 1;
        (self.h, self.w, self.levels) = (h, w, levels);
        self.x.resize((levels + 1) * n, 0.0);
        self.open.resize(levels * n, 0.0);
        self.s.resize(levels * n, 0.0);
        self.erode_args.resize(levels * n, ErodeArg::default());
        self.dilate_args.resize(levels * n, 0);
        self.x[..n].copy_from_slice(x);
        for k in 0..levels {
            let (done, rest) = self.x.split_at_mut((k + 1) * n);
            let xk = &done[k * n..];
            let next = &mut rest[..n];
            erode_into(xk, h, w, next, &mut self.erode_args[k * n..(k + 1) * n]);
            dilate_into(
                next,
                h,
                w,
                &mut self.open[k * n..(k + 1) * n],
                &mut self.dilate_args[k * n..(k + 1) * n],
                &mut self.rows,
            );
            let open = &self.open[k * n..(k + 1) * n];
            let (before, now) = self.s.split_at_mut(k * n);
            let s = &mut now[..n];
            if k == 0 {
                for ((s, &x), &o) in s.iter_mut().zip(xk).zip(open) {
                    *s = (x - o).max(0.0);
                }
            } else {
                let prev = &before[(k - 1) * n..];
                for (((s, &x), &o), &sp) in s.iter_mut().zip(xk).zip(open).zip(prev) {
                    let delta = (x - o).max(0.0);
                    *s = sp + (delta - sp * delta).max(0.0);
                }
            }
        }
    }

    /// The skeleton of the last forward pass.
    pub(crate) fn skeleton(&self) -> &[f64] {
        let n = self.h * self.w;
        &self.s[(self.levels - 1) * n..self.levels * n]
    }

    /// Pulls `grad` (∂/∂skeleton) back to the input of the last forward pass, into `out`.
    pub(crate) fn backward(&mut self, grad: &[f64], out: &mut [f64]) {
        let (h, w, levels) = (self.h, self.w, self.levels);
        let n = h * w;
        self.gx.clear();
        self.gx.resize((levels + 1) * n, 0.0);
        self.gopen.clear();
        self.gopen.resize(levels * n, 0.0);
        self.gs.clear();
        self.gs.extend_from_slice(grad);
        let gs = &mut self.gs;
        // The relu steps, last first: the gradient reaching each x_k directly, and each opening.
        for k in (0..levels).rev() {
            let xk = &self.x[k * n..(k + 1) * n];
            let open = &self.open[k * n..(k + 1) * n];
            let gxk = &mut self.gx[k * n..(k + 1) * n];
            let go = &mut self.gopen[k * n..(k + 1) * n];
            if k == 0 {
                for i in 0..n {
                    if xk[i] - open[i] > 0.0 {
                        gxk[i] += gs[i];
                        go[i] -= gs[i];
                    }
                }
            } else {
                let prev = &self.s[(k - 1) * n..k * n];
                for i in 0..n {
                    let v = xk[i] - open[i];
                    let delta = v.max(0.0);
                    let sp = prev[i];
                    let g = gs[i];
                    let gdelta = if delta - sp * delta > 0.0 {
                        gs[i] = g * (1.0 - delta);
                        g * (1.0 - sp)
                    } else {
                        0.0
                    };
                    if v > 0.0 {
                        gxk[i] += gdelta;
                        go[i] -= gdelta;
                    }
                }
            }
        }
        // The morphology, deepest first: x_{k+1} = erode(x_k) also feeds open(x_k) = dilate(x_{k+1}).
        for k in (0..levels).rev() {
            let dargs = &self.dilate_args[k * n..(k + 1) * n];
            let (lower, upper) = self.gx.split_at_mut((k + 1) * n);
            let gnext = &mut upper[..n];
            for (i, &g) in self.gopen[k * n..(k + 1) * n].iter().enumerate() {
                if g != 0.0 {
                    gnext[dargs[i] as usize] += g;
                }
            }
            let gxk = &mut lower[k * n..];
            for (i, arg) in self.erode_args[k * n..(k + 1) * n].iter().enumerate() {
                let g = gnext[i];
                if g != 0.0 {
                    gxk[arg.a as usize] += g * arg.wa;
                    gxk[arg.b as usize] += g * (1.0 - arg.wa);
                }
            }
        }
        out.copy_from_slice(&self.gx[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_one_pixel_line_is_its_own_skeleton() {
        // One erosion removes a 1-px line, so open(x) = 0 there and relu(x − 0) = x.
        let mut x = vec![0.0; 5 * 7];
        for j in 1..6 {
            x[2 * 7 + j] = 1.0;
        }
        assert_eq!(soft_skeleton(&x, 5, 7, 3), x);
    }

    #[test]
    fn an_all_one_image_has_an_empty_skeleton() {
        assert_eq!(soft_skeleton(&[1.0; 12], 3, 4, 3), vec![0.0; 12]);
    }

    #[test]
    fn erosion_takes_the_cross_minimum_and_dilation_the_box_maximum() {
        // 3×3 with a single low centre: erosion spreads it to the 4-neighbours only.
        let mut x = vec![1.0; 9];
        x[4] = 0.0;
        assert_eq!(soft_erode(&x, 3, 3), vec![1.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 1.0]);
        let mut y = vec![0.0; 9];
        y[0] = 1.0;
        assert_eq!(soft_dilate(&y, 3, 3), vec![1.0, 1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn the_backward_pass_matches_finite_differences_away_from_ties() {
        // Distinct values everywhere: no ties, so the skeleton is differentiable at x.
        let (h, w) = (6, 5);
        let x: Vec<f64> = (0..h * w).map(|k| ((k * 37 % 29) as f64 + 0.5) / 30.0).collect();
        let weights: Vec<f64> = (0..h * w).map(|k| ((k * 13 % 7) as f64 - 3.0) / 7.0).collect();
        let f = |x: &[f64]| -> f64 {
            soft_skeleton(x, h, w, 2).iter().zip(&weights).map(|(s, g)| s * g).sum()
        };
        let mut tape = Tape::default();
        tape.forward(&x, h, w, 2);
        let mut grad = vec![0.0; h * w];
        tape.backward(&weights, &mut grad);
        for i in 0..h * w {
            let e = 1e-7;
            let (mut up, mut down) = (x.clone(), x.clone());
            up[i] += e;
            down[i] -= e;
            let fd = (f(&up) - f(&down)) / (2.0 * e);
            assert!((fd - grad[i]).abs() < 1e-6, "pixel {i}: {fd} vs {}", grad[i]);
        }
    }
}
