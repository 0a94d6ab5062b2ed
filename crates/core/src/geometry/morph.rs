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

/// Reused buffers of the pooling passes: the image padded by one cell (`+∞` for a minimum,
/// `−∞` for a maximum, so a padded cell never wins and every pixel is interior), and the rows'
/// maxima of the separable dilation.
#[derive(Debug, Clone, Default)]
struct PoolScratch {
    pad: Vec<f64>,
    row_max: Vec<f64>,
    row_arg: Vec<i8>,
}

impl PoolScratch {
    /// `x` padded by one cell of `fill` on every side: `(h + 2) × (w + 2)`.
    fn pad(&mut self, x: &[f64], h: usize, w: usize, fill: f64) -> &[f64] {
        let pw = w + 2;
        self.pad.clear();
        self.pad.resize((h + 2) * pw, fill);
        for i in 0..h {
            self.pad[(i + 1) * pw + 1..(i + 1) * pw + 1 + w]
                .copy_from_slice(&x[i * w..(i + 1) * w]);
        }
        &self.pad
    }
}

/// The first of three values in scan order that is minimal (`less`) or maximal, kept only
/// when strictly better: its value and its offset −1, 0 or 1.
#[inline(always)]
fn first_of_three(a: f64, b: f64, c: f64, better: impl Fn(f64, f64) -> bool) -> (f64, i8) {
    let (mut v, mut d) = (a, -1i8);
    if better(b, v) {
        (v, d) = (b, 0);
    }
    if better(c, v) {
        (v, d) = (c, 1);
    }
    (v, d)
}

/// One erosion: `out = erode(x)`, with the arguments for the backward pass.
fn erode_into(
    x: &[f64],
    h: usize,
    w: usize,
    out: &mut [f64],
    args: &mut [ErodeArg],
    scratch: &mut PoolScratch,
) {
    let pw = w + 2;
    let pad = scratch.pad(x, h, w, f64::INFINITY);
    let less = |a: f64, b: f64| a < b;
    for i in 0..h {
        let up = &pad[i * pw..(i + 1) * pw];
        let mid = &pad[(i + 1) * pw..(i + 2) * pw];
        let down = &pad[(i + 2) * pw..(i + 3) * pw];
        let row = i * w;
        let out = &mut out[row..row + w];
        let args = &mut args[row..row + w];
        let windows = up[1..].iter().zip(&down[1..]).zip(mid.windows(3));
        for (j, (((&u, &d), m), (o, arg))) in windows.zip(out.iter_mut().zip(args)).enumerate() {
            // Vertical window, scanned top to bottom; horizontal, left to right.
            let (va, da) = first_of_three(u, m[1], d, less);
            let (vb, db) = first_of_three(m[0], m[1], m[2], less);
            let wa = if va < vb {
                1.0
            } else if va > vb {
                0.0
            } else {
                0.5
            };
            *o = va.min(vb);
            let k = (row + j) as isize;
            let a = (k + isize::from(da) * w as isize) as u32;
            let b = (k + isize::from(db)) as u32;
            *arg = ErodeArg { a, b, wa };
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
    scratch: &mut PoolScratch,
) {
    let pw = w + 2;
    let greater = |a: f64, b: f64| a > b;
    scratch.pad(x, h, w, f64::NEG_INFINITY);
    let PoolScratch { pad, row_max, row_arg } = scratch;
    // Rows −1 … h (padded rows stay −∞).
    row_max.clear();
    row_max.resize((h + 2) * w, f64::NEG_INFINITY);
    row_arg.clear();
    row_arg.resize((h + 2) * w, 0);
    for r in 1..=h {
        let windows = pad[r * pw..(r + 1) * pw].windows(3);
        let maxima = row_max[r * w..(r + 1) * w].iter_mut().zip(&mut row_arg[r * w..(r + 1) * w]);
        for (x, (v, d)) in windows.zip(maxima) {
            (*v, *d) = first_of_three(x[0], x[1], x[2], greater);
        }
    }
    for i in 0..h {
        let up = &row_max[i * w..(i + 1) * w];
        let mid = &row_max[(i + 1) * w..(i + 2) * w];
        let down = &row_max[(i + 2) * w..(i + 3) * w];
        let row = i * w;
        let cells = out[row..row + w].iter_mut().zip(&mut args[row..row + w]);
        for (j, (((&u, &m), &d), (o, arg))) in up.iter().zip(mid).zip(down).zip(cells).enumerate() {
            let (v, dr) = first_of_three(u, m, d, greater);
            let r = (i as isize + 1 + isize::from(dr)) as usize;
            let dc = row_arg[r * w + j];
            *o = v;
            let k = (row + j) as isize;
            *arg = (k + isize::from(dr) * w as isize + isize::from(dc)) as u32;
        }
    }
}

/// `erode(x)` of a `height × width` image (MONAI `soft_erode`).
pub fn soft_erode(x: &[f64], height: usize, width: usize) -> Vec<f64> {
    assert_eq!(x.len(), height * width, "soft_erode: the image is not height × width");
    let mut out = vec![0.0; x.len()];
    let args = &mut vec![ErodeArg::default(); x.len()];
    erode_into(x, height, width, &mut out, args, &mut PoolScratch::default());
    out
}

/// `dilate(x)` of a `height × width` image (MONAI `soft_dilate`).
pub fn soft_dilate(x: &[f64], height: usize, width: usize) -> Vec<f64> {
    assert_eq!(x.len(), height * width, "soft_dilate: the image is not height × width");
    let mut out = vec![0.0; x.len()];
    let args = &mut vec![0; x.len()];
    dilate_into(x, height, width, &mut out, args, &mut PoolScratch::default());
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
    pool: PoolScratch,
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
            erode_into(xk, h, w, next, &mut self.erode_args[k * n..(k + 1) * n], &mut self.pool);
            dilate_into(
                next,
                h,
                w,
                &mut self.open[k * n..(k + 1) * n],
                &mut self.dilate_args[k * n..(k + 1) * n],
                &mut self.pool,
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
