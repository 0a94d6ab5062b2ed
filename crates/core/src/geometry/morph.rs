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
//!
//! The forward pass keeps only values: branch-free minima and maxima that vectorise. The
//! backward pass finds a pool's argument only where a nonzero gradient reaches its output,
//! from the levels the forward pass kept; the relu gates make those outputs few.

/// `b` if `b < a`, else `a`: the smaller value, the first one on a tie (WebAssembly's
/// `f64x2.pmin`, x86's `minpd` with the operands swapped). Inputs here are never NaN.
#[inline(always)]
fn lo(a: f64, b: f64) -> f64 {
    if b < a {
        b
    } else {
        a
    }
}

/// `b` if `a < b`, else `a` (`f64x2.pmax`).
#[inline(always)]
fn hi(a: f64, b: f64) -> f64 {
    if a < b {
        b
    } else {
        a
    }
}

/// `pick(pick(a, b), c)` over three rows, element by element, into `out`.
#[inline(always)]
fn three_rows(out: &mut [f64], a: &[f64], b: &[f64], c: &[f64], pick: impl Fn(f64, f64) -> f64) {
    for (((o, &a), &b), &c) in out.iter_mut().zip(a).zip(b).zip(c) {
        *o = pick(pick(a, b), c);
    }
}

/// `out[j] = pick` of `row[j − 1], row[j], row[j + 1]` (clipped), combined into `out` with
/// `pick` when `combine` is set, written when not.
#[inline(always)]
fn across(out: &mut [f64], row: &[f64], combine: bool, pick: impl Fn(f64, f64) -> f64 + Copy) {
    let w = row.len();
    let edge = |j: usize| -> f64 {
        let mut v = row[j];
        if j > 0 {
            v = pick(v, row[j - 1]);
        }
        if j + 1 < w {
            v = pick(v, row[j + 1]);
        }
        v
    };
    if w < 3 {
        for (j, o) in out.iter_mut().enumerate() {
            *o = if combine { pick(*o, edge(j)) } else { edge(j) };
        }
        return;
    }
    let first = edge(0);
    let last = edge(w - 1);
    let inner = out[1..w - 1].iter_mut().zip(&row[..w - 2]).zip(&row[1..w - 1]).zip(&row[2..]);
    if combine {
        for (((o, &l), &m), &r) in inner {
            *o = pick(*o, pick(pick(l, m), r));
        }
        out[0] = pick(out[0], first);
        out[w - 1] = pick(out[w - 1], last);
    } else {
        for (((o, &l), &m), &r) in inner {
            *o = pick(pick(l, m), r);
        }
        out[0] = first;
        out[w - 1] = last;
    }
}

/// `out = erode(x)`: the minimum over the cross of five (clipped).
fn erode_into(x: &[f64], h: usize, w: usize, out: &mut [f64]) {
    for i in 0..h {
        let row = &x[i * w..(i + 1) * w];
        let up = &x[i.saturating_sub(1) * w..][..w];
        let down = &x[(i + 1).min(h - 1) * w..][..w];
        let o = &mut out[i * w..(i + 1) * w];
        three_rows(o, up, row, down, lo);
        across(o, row, true, lo);
    }
}

/// `out = dilate(x)`: the maximum over the 3 × 3 window (clipped), by rows then columns;
/// `rows` holds the rows' maxima.
fn dilate_into(x: &[f64], h: usize, w: usize, out: &mut [f64], rows: &mut Vec<f64>) {
    rows.resize(h * w, 0.0);
    for i in 0..h {
        across(&mut rows[i * w..(i + 1) * w], &x[i * w..(i + 1) * w], false, hi);
    }
    for i in 0..h {
        let up = &rows[i.saturating_sub(1) * w..][..w];
        let mid = &rows[i * w..(i + 1) * w];
        let down = &rows[(i + 1).min(h - 1) * w..][..w];
        three_rows(&mut out[i * w..(i + 1) * w], up, mid, down, hi);
    }
}

/// Where the gradient of `erode(x)` at pixel `(i, j)` goes: the topmost minimum of the vertical
/// window `a`, the leftmost of the horizontal one `b`, and `a`'s part (1, 0, or ½ on a tie).
#[inline]
fn erode_arg(x: &[f64], h: usize, w: usize, (i, j): (usize, usize)) -> (usize, usize, f64) {
    let k = i * w + j;
    let mut a = if i > 0 { k - w } else { k };
    if x[k] < x[a] {
        a = k;
    }
    if i + 1 < h && x[k + w] < x[a] {
        a = k + w;
    }
    let mut b = if j > 0 { k - 1 } else { k };
    if x[k] < x[b] {
        b = k;
    }
    if j + 1 < w && x[k + 1] < x[b] {
        b = k + 1;
    }
    let wa = if x[a] < x[b] {
        1.0
    } else if x[a] > x[b] {
        0.0
    } else {
        0.5
    };
    (a, b, wa)
}

/// Where the gradient of `dilate(x)` at pixel `(i, j)` goes: the first maximum of the 3 × 3
/// window (clipped) in row-major order.
#[inline]
fn dilate_arg(x: &[f64], h: usize, w: usize, (i, j): (usize, usize)) -> usize {
    let k = i * w + j;
    if i > 0 && j > 0 && i + 1 < h && j + 1 < w {
        // Inside: nine cells, no clipping.
        let top = k - w - 1;
        let mut best = top;
        for m in [top + 1, top + 2, k - 1, k, k + 1, k + w - 1, k + w, k + w + 1] {
            if x[m] > x[best] {
                best = m;
            }
        }
        return best;
    }
    let mut best = usize::MAX;
    for r in i.saturating_sub(1)..(i + 2).min(h) {
        for c in j.saturating_sub(1)..(j + 2).min(w) {
            let m = r * w + c;
            if best == usize::MAX || x[m] > x[best] {
                best = m;
            }
        }
    }
    best
}

/// `erode(x)` of a `height × width` image (MONAI `soft_erode`).
pub fn soft_erode(x: &[f64], height: usize, width: usize) -> Vec<f64> {
    assert_eq!(x.len(), height * width, "soft_erode: the image is not height × width");
    let mut out = vec![0.0; x.len()];
    erode_into(x, height, width, &mut out);
    out
}

/// `dilate(x)` of a `height × width` image (MONAI `soft_dilate`).
pub fn soft_dilate(x: &[f64], height: usize, width: usize) -> Vec<f64> {
    assert_eq!(x.len(), height * width, "soft_dilate: the image is not height × width");
    let mut out = vec![0.0; x.len()];
    dilate_into(x, height, width, &mut out, &mut Vec::new());
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
    /// The dilation's row maxima.
    rows: Vec<f64>,
    /// Backward buffers: the gradient reaching each `x_k`, and one for the opening.
    gx: Vec<f64>,
    gopen: Vec<f64>,
    gs: Vec<f64>,
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
        self.x[..n].copy_from_slice(x);
        for k in 0..levels {
            let (done, rest) = self.x.split_at_mut((k + 1) * n);
            let xk = &done[k * n..];
            let next = &mut rest[..n];
            erode_into(xk, h, w, next);
            dilate_into(next, h, w, &mut self.open[k * n..(k + 1) * n], &mut self.rows);
            let open = &self.open[k * n..(k + 1) * n];
            let (before, now) = self.s.split_at_mut(k * n);
            let s = &mut now[..n];
            if k == 0 {
                for ((s, &x), &o) in s.iter_mut().zip(xk).zip(open) {
                    *s = hi(x - o, 0.0);
                }
            } else {
                let prev = &before[(k - 1) * n..];
                for (((s, &x), &o), &sp) in s.iter_mut().zip(xk).zip(open).zip(prev) {
                    let delta = hi(x - o, 0.0);
                    *s = sp + hi(delta - sp * delta, 0.0);
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
    ///
    /// One sweep from the deepest level up: at level `k` the relu step gives `x_k` its direct
    /// gradient and the opening its own; the opening's gradient goes through the dilation into
    /// `x_{k+1}`, which is then complete and goes through the erosion into `x_k`. Each entry
    /// receives its terms in the order of autograd's graph (direct, erosion, dilation), and
    /// two level buffers roll instead of one per level.
    pub(crate) fn backward(&mut self, grad: &[f64], out: &mut [f64]) {
        let (h, w, levels) = (self.h, self.w, self.levels);
        let n = h * w;
        if n == 0 {
            return;
        }
        self.gs.clear();
        self.gs.extend_from_slice(grad);
        // `gx` holds x_{k+1}'s gradient (the deepest one starts at zero), `gopen` x_k's.
        self.gx.clear();
        self.gx.resize(n, 0.0);
        self.gopen.resize(n, 0.0);
        let (mut below, mut here) = (std::mem::take(&mut self.gx), std::mem::take(&mut self.gopen));
        let mut gopen = std::mem::take(&mut self.rows);
        gopen.resize(n, 0.0);
        let gs = &mut self.gs;
        for k in (0..levels).rev() {
            let xk = &self.x[k * n..(k + 1) * n];
            let open = &self.open[k * n..(k + 1) * n];
            // The relu step: x_k's direct gradient and the opening's, both written afresh.
            if k == 0 {
                for i in 0..n {
                    let g = gs[i];
                    let on = xk[i] - open[i] > 0.0;
                    here[i] = if on { 0.0 + g } else { 0.0 };
                    gopen[i] = if on { 0.0 - g } else { 0.0 };
                }
            } else {
                let prev = &self.s[(k - 1) * n..k * n];
                for i in 0..n {
                    let v = xk[i] - open[i];
                    let delta = hi(v, 0.0);
                    let sp = prev[i];
                    let g = gs[i];
                    let gdelta = if delta - sp * delta > 0.0 {
                        gs[i] = g * (1.0 - delta);
                        g * (1.0 - sp)
                    } else {
                        0.0
                    };
                    let on = v > 0.0;
                    here[i] = if on { 0.0 + gdelta } else { 0.0 };
                    gopen[i] = if on { 0.0 - gdelta } else { 0.0 };
                }
            }
            // open(x_k) = dilate(x_{k+1}): into x_{k+1}, now complete.
            let xnext = &self.x[(k + 1) * n..(k + 2) * n];
            for (i, row) in gopen.chunks_exact(w).enumerate() {
                for (j, &g) in row.iter().enumerate() {
                    if g != 0.0 {
                        below[dilate_arg(xnext, h, w, (i, j))] += g;
                    }
                }
            }
            // x_{k+1} = erode(x_k): into x_k.
            for (i, row) in below.chunks_exact(w).enumerate() {
                for (j, &g) in row.iter().enumerate() {
                    if g != 0.0 {
                        let (a, b, wa) = erode_arg(xk, h, w, (i, j));
                        here[a] += g * wa;
                        here[b] += g * (1.0 - wa);
                    }
                }
            }
            std::mem::swap(&mut below, &mut here);
        }
        out.copy_from_slice(&below);
        (self.gx, self.gopen, self.rows) = (below, here, gopen);
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

    /// The spec read literally, with every pool's argument found by scanning its window in
    /// row-major order before anything else happens: the reference for the tape, whose
    /// forward pass keeps values only and whose backward pass finds arguments on demand.
    fn naive_skeleton_and_grad(
        x: &[f64],
        h: usize,
        w: usize,
        iterations: usize,
        grad: &[f64],
    ) -> (Vec<f64>, Vec<f64>) {
        let n = h * w;
        let cell = |i: isize, j: isize| -> Option<usize> {
            (i >= 0 && j >= 0 && (i as usize) < h && (j as usize) < w)
                .then(|| i as usize * w + j as usize)
        };
        let first = |x: &[f64], cells: Vec<usize>, better: fn(f64, f64) -> bool| -> usize {
            cells
                .into_iter()
                .reduce(|m, c| if better(x[c], x[m]) { c } else { m })
                .expect("a window holds its own pixel")
        };
        let less = |a: f64, b: f64| a < b;
        let greater = |a: f64, b: f64| a > b;
        // (value, a, b, wa) per pixel of erode(x); (value, arg) of dilate(x).
        let erode = |x: &[f64]| -> Vec<(f64, usize, usize, f64)> {
            (0..n)
                .map(|k| {
                    let (i, j) = ((k / w) as isize, (k % w) as isize);
                    let col = [-1, 0, 1].iter().filter_map(|d| cell(i + d, j)).collect();
                    let row = [-1, 0, 1].iter().filter_map(|d| cell(i, j + d)).collect();
                    let (a, b) = (first(x, col, less), first(x, row, less));
                    let wa = if x[a] < x[b] {
                        1.0
                    } else if x[a] > x[b] {
                        0.0
                    } else {
                        0.5
                    };
                    (x[a].min(x[b]), a, b, wa)
                })
                .collect()
        };
        let dilate = |x: &[f64]| -> Vec<(f64, usize)> {
            (0..n)
                .map(|k| {
                    let (i, j) = ((k / w) as isize, (k % w) as isize);
                    let win = (-1..=1)
                        .flat_map(|di| (-1..=1).filter_map(move |dj| cell(i + di, j + dj)))
                        .collect();
                    let m = first(x, win, greater);
                    (x[m], m)
                })
                .collect()
        };
        let mut xs = vec![x.to_vec()];
        let (mut erodes, mut dilates) = (vec![], vec![]);
        let (mut opens, mut skels): (Vec<Vec<f64>>, Vec<Vec<f64>>) = (vec![], vec![]);
        for k in 0..=iterations {
            let e = erode(&xs[k]);
            let next: Vec<f64> = e.iter().map(|t| t.0).collect();
            let d = dilate(&next);
            let open: Vec<f64> = d.iter().map(|t| t.0).collect();
            let s: Vec<f64> = (0..n)
                .map(|i| {
                    let delta = (xs[k][i] - open[i]).max(0.0);
                    if k == 0 {
                        delta
                    } else {
                        let sp = skels[k - 1][i];
                        sp + (delta - sp * delta).max(0.0)
                    }
                })
                .collect();
            erodes.push(e);
            dilates.push(d);
            opens.push(open);
            skels.push(s);
            xs.push(next);
        }
        // Backward through the same steps, in reverse.
        let mut gx = vec![vec![0.0; n]; iterations + 2];
        let mut gopen = vec![vec![0.0; n]; iterations + 1];
        let mut gs = grad.to_vec();
        for k in (0..=iterations).rev() {
            for i in 0..n {
                let v = xs[k][i] - opens[k][i];
                let gdelta = if k == 0 {
                    gs[i]
                } else {
                    let (delta, sp) = (v.max(0.0), skels[k - 1][i]);
                    if delta - sp * delta > 0.0 {
                        let g = gs[i];
                        gs[i] = g * (1.0 - delta);
                        g * (1.0 - sp)
                    } else {
                        0.0
                    }
                };
                if v > 0.0 {
                    gx[k][i] += gdelta;
                    gopen[k][i] -= gdelta;
                }
            }
        }
        for k in (0..=iterations).rev() {
            for i in 0..n {
                gx[k + 1][dilates[k][i].1] += gopen[k][i];
            }
            for i in 0..n {
                let (_, a, b, wa) = erodes[k][i];
                let g = gx[k + 1][i];
                gx[k][a] += g * wa;
                gx[k][b] += g * (1.0 - wa);
            }
        }
        (skels[iterations].clone(), gx[0].clone())
    }

    #[test]
    fn the_tape_equals_the_literal_spec_bit_for_bit_with_ties_everywhere() {
        // Five levels only: ties in every window, every border case, thin and tiny images.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut tape = Tape::default();
        for &(h, w) in &[(1, 1), (1, 6), (6, 1), (2, 2), (3, 5), (7, 4), (9, 11)] {
            for iterations in [0, 1, 3, 5] {
                let x: Vec<f64> = (0..h * w).map(|_| (next() % 5) as f64 / 4.0).collect();
                let g: Vec<f64> = (0..h * w).map(|_| (next() % 7) as f64 / 3.0 - 1.0).collect();
                let (skel, grad) = naive_skeleton_and_grad(&x, h, w, iterations, &g);
                tape.forward(&x, h, w, iterations);
                assert_eq!(tape.skeleton(), skel.as_slice(), "{h}×{w}, K = {iterations}");
                let mut out = vec![0.0; h * w];
                tape.backward(&g, &mut out);
                let bits = |v: &[f64]| v.iter().map(|f| f.to_bits()).collect::<Vec<_>>();
                assert_eq!(bits(&out), bits(&grad), "{h}×{w}, K = {iterations}: {x:?}");
            }
        }
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
