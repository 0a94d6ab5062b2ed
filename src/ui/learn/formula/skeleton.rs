//! The soft skeleton of `losses-geometry.md` §3 with its backward pass, written again from the
//! contract (not from the core's `morph.rs`) so that the clDice cards' gradients are a second
//! computation the tests compare with the core's: erosion = the minimum over the 4-neighbour
//! cross (`min(p1, p2)`, `p1` the column's three, `p2` the row's three), dilation = the 3 × 3
//! maximum, windows clipped at the border; torch's subgradients: a pooling's whole gradient to
//! the first extreme element of its window in row-major order, `min(p1, p2)` half to each on a
//! tie, `relu` 0 at 0.

/// One recorded operation; each produces one image (its index in [`Tape::values`]).
enum Op {
    /// The input.
    Input,
    /// `min(p1, p2)` of node `src`: per pixel the pixels `p1` and `p2` came from.
    Erode { src: usize, arg1: Vec<usize>, arg2: Vec<usize>, p1: Vec<f64>, p2: Vec<f64> },
    /// The 3 × 3 maximum of node `src`: per pixel the pixel it came from.
    Dilate { src: usize, arg: Vec<usize> },
    /// `a − b`.
    Sub(usize, usize),
    /// `a + b`.
    Add(usize, usize),
    /// `a · b`.
    Mul(usize, usize),
    /// `max(a, 0)`.
    Relu(usize),
}

/// The skeleton of one `height × width` image, every intermediate kept for the backward pass.
pub(super) struct Tape {
    height: usize,
    width: usize,
    ops: Vec<Op>,
    values: Vec<Vec<f64>>,
}

impl Tape {
    /// `skel(x, iterations)` of a `height × width` image `x`.
    pub(super) fn skeleton(x: &[f64], height: usize, width: usize, iterations: usize) -> Tape {
        let mut t = Tape { height, width, ops: vec![Op::Input], values: vec![x.to_vec()] };
        let mut img = 0;
        let opened = t.open(img);
        let diff = t.binary(img, opened, Op::Sub(img, opened), |a, b| a - b);
        let mut skel = t.relu(diff);
        for _ in 0..iterations {
            img = t.erode(img);
            let opened = t.open(img);
            let diff = t.binary(img, opened, Op::Sub(img, opened), |a, b| a - b);
            let delta = t.relu(diff);
            let prod = t.binary(skel, delta, Op::Mul(skel, delta), |a, b| a * b);
            let gap = t.binary(delta, prod, Op::Sub(delta, prod), |a, b| a - b);
            let add = t.relu(gap);
            skel = t.binary(skel, add, Op::Add(skel, add), |a, b| a + b);
        }
        t
    }

    /// The skeleton (the last node).
    pub(super) fn output(&self) -> &[f64] {
        self.values.last().map_or(&[], Vec::as_slice)
    }

    /// `skelᵀ·g`: the gradient with respect to the input of `Σ g·skel`.
    pub(super) fn backward(&self, g: &[f64]) -> Vec<f64> {
        let mut grads: Vec<Vec<f64>> = self.values.iter().map(|v| vec![0.0; v.len()]).collect();
        if let Some(last) = grads.last_mut() {
            last.copy_from_slice(g);
        }
        for node in (0..self.ops.len()).rev() {
            let out = std::mem::take(&mut grads[node]);
            match &self.ops[node] {
                Op::Input => grads[node] = out,
                Op::Erode { src, arg1, arg2, p1, p2 } => {
                    for (i, &go) in out.iter().enumerate() {
                        let (to1, to2) = if p1[i] < p2[i] {
                            (go, 0.0)
                        } else if p2[i] < p1[i] {
                            (0.0, go)
                        } else {
                            (go / 2.0, go / 2.0)
                        };
                        grads[*src][arg1[i]] += to1;
                        grads[*src][arg2[i]] += to2;
                    }
                }
                Op::Dilate { src, arg } => {
                    for (i, &go) in out.iter().enumerate() {
                        grads[*src][arg[i]] += go;
                    }
                }
                Op::Sub(a, b) | Op::Add(a, b) => {
                    let sign = if matches!(self.ops[node], Op::Sub(..)) { -1.0 } else { 1.0 };
                    for (i, &go) in out.iter().enumerate() {
                        grads[*a][i] += go;
                        grads[*b][i] += sign * go;
                    }
                }
                Op::Mul(a, b) => {
                    for (i, &go) in out.iter().enumerate() {
                        let (va, vb) = (self.values[*a][i], self.values[*b][i]);
                        grads[*a][i] += go * vb;
                        grads[*b][i] += go * va;
                    }
                }
                Op::Relu(a) => {
                    for (i, &go) in out.iter().enumerate() {
                        if self.values[node][i] > 0.0 {
                            grads[*a][i] += go;
                        }
                    }
                }
            }
        }
        grads.swap_remove(0)
    }

    fn push(&mut self, op: Op, value: Vec<f64>) -> usize {
        self.ops.push(op);
        self.values.push(value);
        self.values.len() - 1
    }

    fn binary(&mut self, a: usize, b: usize, op: Op, f: fn(f64, f64) -> f64) -> usize {
        let v = self.values[a].iter().zip(&self.values[b]).map(|(&x, &y)| f(x, y)).collect();
        self.push(op, v)
    }

    fn relu(&mut self, a: usize) -> usize {
        let v = self.values[a].iter().map(|&x| if x > 0.0 { x } else { 0.0 }).collect();
        self.push(Op::Relu(a), v)
    }

    fn open(&mut self, a: usize) -> usize {
        let eroded = self.erode(a);
        self.dilate(eroded)
    }

    /// The first pixel of `cells` (row-major) whose value `better` beats every earlier one.
    fn first_best(&self, x: &[f64], cells: impl Iterator<Item = usize>, max: bool) -> usize {
        let mut best: Option<usize> = None;
        for c in cells {
            let wins = best.is_none_or(|b| if max { x[c] > x[b] } else { x[c] < x[b] });
            if wins {
                best = Some(c);
            }
        }
        best.unwrap_or(0)
    }

    fn erode(&mut self, src: usize) -> usize {
        let (h, w) = (self.height, self.width);
        let x = &self.values[src];
        let n = h * w;
        let (mut arg1, mut arg2) = (vec![0; n], vec![0; n]);
        let (mut p1, mut p2, mut out) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        for i in 0..h {
            for j in 0..w {
                let k = i * w + j;
                let column = (i.saturating_sub(1)..(i + 2).min(h)).map(|r| r * w + j);
                let row = (j.saturating_sub(1)..(j + 2).min(w)).map(|c| i * w + c);
                arg1[k] = self.first_best(x, column, false);
                arg2[k] = self.first_best(x, row, false);
                p1[k] = x[arg1[k]];
                p2[k] = x[arg2[k]];
                out[k] = p1[k].min(p2[k]);
            }
        }
        self.push(Op::Erode { src, arg1, arg2, p1, p2 }, out)
    }

    fn dilate(&mut self, src: usize) -> usize {
        let (h, w) = (self.height, self.width);
        let x = &self.values[src];
        let mut arg = vec![0; h * w];
        let mut out = vec![0.0; h * w];
        for i in 0..h {
            for j in 0..w {
                let rows = i.saturating_sub(1)..(i + 2).min(h);
                let cells = rows
                    .flat_map(|r| (j.saturating_sub(1)..(j + 2).min(w)).map(move |c| r * w + c));
                let k = i * w + j;
                arg[k] = self.first_best(x, cells, true);
                out[k] = x[arg[k]];
            }
        }
        self.push(Op::Dilate { src, arg }, out)
    }
}
