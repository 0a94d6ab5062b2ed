//! The cards of the two losses that need an order of the pixels, on logits: top-k % cross-
//! entropy (nnU-Net `TopKLoss`) and the Lovász hinge (Berman et al. 2018, smp `LovaszLoss`).
//! Ties in the order go to the lower pixel index (`losses-compound.md`): a stable sort.

use super::logit::{clamped, grad_prob_of, logit, sig, softplus};
use super::parts::{blocks, e, n, Formulas, PixelAt, PixelGradient, Pixels};
use crate::ui::learn::math::{frac, math};
use losslab_core::{top_k_count, TopKParams};
use std::cmp::Ordering;

/// The indices of `keys` from the largest key to the smallest, ties lower index first.
fn descending(keys: &[f64], indices: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut order: Vec<usize> = indices.collect();
    order.sort_by(|&a, &b| keys[b].partial_cmp(&keys[a]).unwrap_or(Ordering::Equal));
    order
}

/// Top-k CE's numbers: each pixel's loss, the order, `K` and the kept sum.
struct TopK {
    /// `ℓ_i = softplus(−t_i z_i)` (nnU-Net's `.long()`: `y < 1` counts as 0).
    losses: Vec<f64>,
    /// Pixels from the hardest to the easiest.
    order: Vec<usize>,
    /// `K = ⌊N·k/100⌋`.
    k: usize,
    /// `Σ` of the `K` kept losses.
    kept: f64,
}

impl TopK {
    fn new(p: &TopKParams, px: Pixels) -> TopK {
        // ℓ = softplus(m) with the margin m = −t·z; the order is ℓ's. From probabilities it is
        // the true class's probability p_t ascending (ℓ = −ln p_t): equal p_t tie exactly, as
        // nnU-Net's log_softmax ties p = 0.9 on the object with p = 0.1 off it, where two
        // logits computed from them differ in the last bit (tools/oracle/COMPOUND_NOTES.md).
        let margins: Vec<f64> =
            px.pairs().map(|(y, prob)| if y >= 1.0 { -logit(prob) } else { logit(prob) }).collect();
        let losses: Vec<f64> = margins.iter().map(|&m| softplus(m)).collect();
        let hardness: Vec<f64> = px
            .pairs()
            .map(|(y, prob)| {
                let (q, _) = clamped(prob);
                -(if y >= 1.0 { q } else { 1.0 - q })
            })
            .collect();
        let order = descending(&hardness, 0..hardness.len());
        let k = top_k_count(margins.len(), p.k);
        let kept = order.iter().take(k).map(|&i| losses[i]).sum();
        TopK { losses, order, k, kept }
    }

    /// `L = Σ kept / K`, 0 when nothing is kept (flagged 0/0).
    fn value(&self) -> f64 {
        if self.k == 0 {
            0.0
        } else {
            self.kept / self.k as f64
        }
    }

    /// The loss of the order's `j`-th pixel (1-based), if there is one.
    fn nth(&self, j: usize) -> f64 {
        j.checked_sub(1).and_then(|j| self.order.get(j)).map_or(f64::NAN, |&i| self.losses[i])
    }
}

/// Top-k % cross-entropy.
pub(super) fn topk_ce(p: &TopKParams, px: Pixels) -> Formulas {
    let t = TopK::new(p, px);
    let big_n = px.count();
    let loss = t.value();
    let kept_line = if t.k == 0 {
        math(&[n("K = 0:  L = #", &[loss])], "top-k CE")
    } else {
        math(
            &[
                n("ℓ_{(1)} = #,  ℓ_{(K)} = #,  L = ", &[t.nth(1), t.nth(t.k)]),
                frac(&n("#", &[t.kept]), &n("#", &[t.k as f64])),
                n(" = #", &[loss]),
            ],
            "top-k CE",
        )
    };
    Formulas {
        value: blocks(&[
            math(
                &[e("ℓ_i = softplus(−t_i z_i),  t_i = 2y_i − 1,  ℓ_{(1)} ≥ ℓ_{(2)} ≥ … ≥ ℓ_{(N)}")],
                "pixel losses in order",
            ),
            math(
                &[e("K = ⌊N k / 100⌋,  L = "), frac(&e("1"), &e("K")), e("Σ_{j=1}^{K} ℓ_{(j)}")],
                "top-k CE",
            ),
        ]),
        substituted: blocks(&[
            math(
                &[n(
                    "N = #,  k = #,  K = ⌊# · # / 100⌋ = #",
                    &[big_n, p.k, big_n, p.k, t.k as f64],
                )],
                "K",
            ),
            kept_line,
        ]),
        gradient: math(
            &[e("∂L/∂z_i = "), frac(&e("σ(z_i) − y_i"), &e("K")), e(" · 1[r_i ≤ K]")],
            "top-k CE gradient",
        ),
        recomputed: Some(loss),
    }
}

/// The logit and probability lines of a ranking loss at one pixel.
fn pixel_lines(at: PixelAt, z: f64, middle: String, grad_logit: f64) -> PixelGradient {
    let grad_prob = grad_prob_of(grad_logit, at.p);
    let prob_line = if clamped(at.p).1 {
        math(
            &[e("∂L/∂p_i = "), frac(&e("∂L/∂z_i"), &e("p̂_i(1 − p̂_i)")), n(" = #", &[grad_prob])],
            "probability gradient at one pixel",
        )
    } else {
        math(
            &[n("p_i ∉ [ε, 1 − ε]:  ∂L/∂p_i = #", &[grad_prob])],
            "probability gradient at one pixel",
        )
    };
    let head = math(
        &[n("i = #:  y_i = #,  p_i = #,  z_i = #", &[at.index as f64, at.y, at.p, z])],
        "pixel",
    );
    PixelGradient { markup: blocks(&[head, middle, prob_line]), grad_prob, grad_logit }
}

/// Top-k CE's gradient at one pixel: `(σ(z) − y)/K` if its rank is among the first `K`.
pub(super) fn topk_ce_at(p: &TopKParams, px: Pixels, at: PixelAt) -> PixelGradient {
    let t = TopK::new(p, px);
    let z = logit(at.p);
    let y = if at.y >= 1.0 { 1.0 } else { 0.0 };
    let rank = t.order.iter().position(|&i| i == at.index).map_or(0, |r| r + 1);
    let loss = t.losses.get(at.index).copied().unwrap_or(f64::NAN);
    let kept = rank >= 1 && rank <= t.k;
    let s = sig(z);
    let grad_logit = if kept { (s - y) / t.k as f64 } else { 0.0 };
    let rule = if kept {
        math(
            &[
                n("ℓ_i = #,  r_i = # ≤ K = #:  ∂L/∂z_i = ", &[loss, rank as f64, t.k as f64]),
                frac(&n("# − #", &[s, y]), &n("#", &[t.k as f64])),
                n(" = #", &[grad_logit]),
            ],
            "top-k CE at one pixel",
        )
    } else {
        math(
            &[n(
                "ℓ_i = #,  r_i = # > K = #:  ∂L/∂z_i = #",
                &[loss, rank as f64, t.k as f64, grad_logit],
            )],
            "top-k CE at one pixel",
        )
    };
    pixel_lines(at, z, rule, grad_logit)
}

/// The Lovász hinge's numbers: the errors, the order of the positive ones, their weights.
struct Lovasz {
    /// `e_i = 1 − z_i t_i` of every pixel.
    errors: Vec<f64>,
    /// The pixels with `e > 0`, from the largest error.
    order: Vec<usize>,
    /// `g_k` of the `k`-th of `order`.
    weights: Vec<f64>,
    /// `G = Σy`.
    positives: f64,
    /// `L = Σ e_π(k) g_k`.
    value: f64,
}

impl Lovasz {
    fn new(px: Pixels) -> Lovasz {
        let errors: Vec<f64> =
            px.pairs().map(|(y, prob)| 1.0 - logit(prob) * (2.0 * y - 1.0)).collect();
        // Pixels with e ≤ 0 come last in the order and add nothing: only the others are sorted.
        let order = descending(&errors, (0..errors.len()).filter(|&i| errors[i] > 0.0));
        let positives: f64 = px.target.iter().sum();
        let (mut cum, mut previous, mut value) = (0.0, 0.0, 0.0);
        let mut weights = Vec::with_capacity(order.len());
        for (k, &i) in order.iter().enumerate() {
            cum += px.target[i];
            let jaccard = 1.0 - (positives - cum) / (positives + (k + 1) as f64 - cum);
            let g = jaccard - previous;
            previous = jaccard;
            value += errors[i] * g;
            weights.push(g);
        }
        Lovasz { errors, order, weights, positives, value }
    }
}

/// The Lovász hinge (binary).
pub(super) fn lovasz_hinge(px: Pixels) -> Formulas {
    let l = Lovasz::new(px);
    let m = l.order.len();
    let first = match (l.order.first(), l.weights.first()) {
        (Some(&i), Some(&g)) => n("e_{π(1)} = #,  g_1 = #,  ", &[l.errors[i], g]),
        _ => String::new(),
    };
    let sum_g: f64 = l.weights.iter().sum();
    Formulas {
        value: blocks(&[
            math(
                &[e("e_i = 1 − z_i t_i,  t_i = 2y_i − 1,  e_{π(1)} ≥ e_{π(2)} ≥ … ≥ e_{π(N)}")],
                "errors in order",
            ),
            math(
                &[
                    e("J_k = 1 − "),
                    frac(&e("G − c_k"), &e("G + k − c_k")),
                    e(",  c_k = Σ_{j ≤ k} y_{π(j)},  G = S_y"),
                ],
                "Jaccard of the first k errors",
            ),
            math(&[e("g_k = J_k − J_{k−1},  L = Σ_k max(e_{π(k)}, 0) g_k")], "Lovász hinge"),
        ]),
        substituted: blocks(&[
            math(&[n("G = #,  M = #", &[l.positives, m as f64])], "errors"),
            math(
                &[
                    e(&first),
                    n(
                        "L = Σ_{k=1}^{M} e_{π(k)} g_k = #,  Σ_{k=1}^{M} g_k = J_M = #",
                        &[l.value, sum_g],
                    ),
                ],
                "Lovász hinge",
            ),
        ]),
        gradient: math(
            &[e("∂L/∂z_{π(k)} = −t_{π(k)} g_k · 1[e_{π(k)} > 0]")],
            "Lovász hinge gradient",
        ),
        recomputed: Some(l.value),
    }
}

/// The Lovász hinge's gradient at one pixel: `−t_i g_k` at its place `k` in the order.
pub(super) fn lovasz_hinge_at(px: Pixels, at: PixelAt) -> PixelGradient {
    let l = Lovasz::new(px);
    let z = logit(at.p);
    let t = 2.0 * at.y - 1.0;
    let error = l.errors.get(at.index).copied().unwrap_or(f64::NAN);
    let place = l.order.iter().position(|&i| i == at.index);
    let (rule, grad_logit) = match place {
        Some(k) => {
            let g = l.weights[k];
            let grad = -t * g;
            let line = math(
                &[n(
                    "e_i = #,  k = π^{−1}(i) = #:  ∂L/∂z_i = −t_i g_k = # · # = #",
                    &[error, (k + 1) as f64, -t, g, grad],
                )],
                "Lovász hinge at one pixel",
            );
            (line, grad)
        }
        None => (
            math(&[n("e_i = # ≤ 0:  ∂L/∂z_i = #", &[error, 0.0])], "Lovász hinge at one pixel"),
            0.0,
        ),
    };
    pixel_lines(at, z, rule, grad_logit)
}
