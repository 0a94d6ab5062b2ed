//! The losses that need an order of the pixels (`losses-compound.md`), on logits `z`:
//!
//! ```text
//! topk_ce:      m = −t·z (t = 2y − 1, y < 1 counts as 0), ℓ = softplus(m) (BCE from logits)
//!               K = trunc(N·k/100); the K largest m (ties: lower index first) are kept
//!               L = (1/K)·Σ_kept ℓ,  ∂L/∂z = (σ(z) − y)/K kept, 0 elsewhere; K = 0: 0, flagged
//! lovasz_hinge: e = 1 − z·t, order π by e descending (ties: lower index first)
//!               c_k = Σ_{j≤k} y_π(j), J_k = 1 − (G − c_k)/(G + k − c_k), g_k = J_k − J_{k−1}
//!               L = Σ max(e_π(k), 0)·g_k,  ∂L/∂z_π(k) = −t·g_k where e > 0, else 0
//! ```
//! TopK selects by the margin `m`, which orders exactly as `ℓ` does and is computed exactly
//! (logits `a` on the object and `−a` on the background tie); from probabilities, by the
//! probability of the true class `p_t` (ascending: `ℓ = −ln p_t`), so only the K kept pixels
//! need a log, and equal `p_t` tie exactly — as nnU-Net's `log_softmax` ties p = 0.9 on the
//! object with p = 0.1 off it (conformance.md's example), where two logits computed from them
//! differ in the last bit (`tools/oracle/COMPOUND_NOTES.md`). Lovász only needs the pixels with `e > 0` in order: they come first, and the
//! rest add nothing and get no gradient.
//!
//! From probabilities (`p̂ = clamp(p, ε, 1 − ε)`, `z = ln p̂ − ln(1 − p̂)`): `∂L/∂p = ∂L/∂z /
//! (p̂(1 − p̂))` inside the clamp, 0 outside.

use super::grads::Grads;
use super::logit::sigmoid_softplus;
use crate::clamp::EPS;
use crate::input::Binary;
use crate::kernel::saturate;
use crate::order::OrderBuffers;
use crate::params::TopKParams;
use crate::pixel::Pixel;

/// Buffers the ranking losses reuse between evaluations.
#[derive(Debug, Clone, Default)]
pub struct RankBuffers {
    keys: Vec<f64>,
    index: Vec<u32>,
    order: OrderBuffers,
}

/// `K` for `n` pixels and `k` percent, as nnU-Net computes it: `int(n * k / 100)`.
pub fn top_k_count(n: usize, k: f64) -> usize {
    (n as f64 * k / 100.0) as usize
}

/// Top-k % cross-entropy (nnU-Net `TopKLoss`): `(L, no pixel selected)`.
pub(crate) fn topk_ce<T: Pixel>(
    params: &TopKParams,
    target: &[T],
    z: &[f64],
    buffers: &mut RankBuffers,
    grad_logit: &mut [T],
) -> (f64, bool) {
    grad_logit.iter_mut().for_each(|g| *g = T::ZERO);
    let k = top_k_count(target.len(), params.k);
    if k == 0 {
        return (0.0, true);
    }
    let hard = |y: T| if y.to_f64() >= 1.0 { 1.0 } else { 0.0 };
    buffers.keys.clear();
    buffers.keys.extend(target.iter().zip(z).map(|(&y, &z)| -(2.0 * hard(y) - 1.0) * z));
    buffers.order.select_largest(&buffers.keys, k, &mut buffers.index);
    let inv_k = 1.0 / k as f64;
    let mut sum = 0.0;
    for &i in &buffers.index {
        let i = i as usize;
        let (s, _, sp, sp_neg) = sigmoid_softplus(z[i]);
        let y = hard(target[i]);
        sum += if y == 1.0 { sp_neg } else { sp };
        grad_logit[i] = saturate((s - y) * inv_k);
    }
    (sum * inv_k, false)
}

/// Top-k % cross-entropy on probabilities: the `K` pixels with the smallest `p_t` are kept.
pub(crate) fn topk_ce_prob<T: Pixel>(
    params: &TopKParams,
    input: Binary<T>,
    buffers: &mut RankBuffers,
    grads: Grads<T>,
) -> (f64, bool) {
    grads.prob.iter_mut().for_each(|g| *g = T::ZERO);
    grads.logit.iter_mut().for_each(|g| *g = T::ZERO);
    let (target, prob) = (input.target(), input.prob());
    let k = top_k_count(target.len(), params.k);
    if k == 0 {
        return (0.0, true);
    }
    let clamp = |p: T| p.to_f64().clamp(EPS, 1.0 - EPS);
    let hard = |y: T| y.to_f64() >= 1.0;
    buffers.keys.clear();
    buffers.keys.extend(target.iter().zip(prob).map(|(&y, &p)| {
        let q = clamp(p);
        -(if hard(y) { q } else { 1.0 - q })
    }));
    buffers.order.select_largest(&buffers.keys, k, &mut buffers.index);
    let inv_k = 1.0 / k as f64;
    let mut sum = 0.0;
    for &i in &buffers.index {
        let i = i as usize;
        let (p, q) = (prob[i].to_f64(), clamp(prob[i]));
        // ℓ = −ln p_t; ∂L/∂z = (p̂ − y)/K; ∂L/∂p = −1/(K p̂) on the object, 1/(K(1 − p̂)) off it.
        let (pt, y, gp) =
            if hard(target[i]) { (q, 1.0, -inv_k / q) } else { (1.0 - q, 0.0, inv_k / (1.0 - q)) };
        sum -= pt.ln();
        grads.logit[i] = saturate((q - y) * inv_k);
        grads.prob[i] = if (EPS..=1.0 - EPS).contains(&p) { saturate(gp) } else { T::ZERO };
    }
    (sum * inv_k, false)
}

/// Lovász hinge (Berman et al. 2018; smp `LovaszLoss`, binary) on logits: its value.
pub(crate) fn lovasz_hinge<T: Pixel>(
    target: &[T],
    z: &[f64],
    buffers: &mut RankBuffers,
    grad_logit: &mut [T],
) -> f64 {
    grad_logit.iter_mut().for_each(|g| *g = T::ZERO);
    let RankBuffers { keys, index, order } = buffers;
    keys.clear();
    index.clear();
    for (i, (y, &z)) in target.iter().zip(z).enumerate() {
        let e = 1.0 - z * sign(y.to_f64());
        if e > 0.0 {
            keys.push(e);
            index.push(i as u32);
        }
    }
    order.sort_descending(index, keys);
    let labels = |i: u32| target[i as usize].to_f64();
    lovasz_walk(target, index, order, labels, |i, g| grad_logit[i] = saturate(g))
}

/// The bit of a packed index that carries a hard target's label (indices stay below 2³¹).
const LABEL_BIT: u32 = 1 << 31;

/// Lovász hinge on probabilities: `z = ln p̂ − ln(1 − p̂)` in the pixel's precision, only the
/// pixels with a positive error sorted (a hard target's label packed in the index, so the
/// walk reads nothing at random and writes `∂L/∂z` once per pixel); `∂L/∂p` then in one
/// sequential pass.
pub(crate) fn lovasz_hinge_prob<T: Pixel>(
    input: Binary<T>,
    buffers: &mut RankBuffers,
    grads: Grads<T>,
) -> f64 {
    grads.logit.iter_mut().for_each(|g| *g = T::ZERO);
    let (target, prob) = (input.target(), input.prob());
    let (lo, hi) = (T::from_f64(EPS), T::from_f64(1.0 - EPS));
    // e > 0 needs z < 1 on the object (p̂ < σ(1) ≈ 0.7311) and z > −1 off it (p̂ > σ(−1)):
    // a loose test first, so a confident pixel costs no log; the exact test on the rest.
    let (object_below, background_above) = (T::from_f64(0.7312), T::from_f64(0.2688));
    let RankBuffers { keys, index, order } = buffers;
    keys.clear();
    index.clear();
    let mut hard = true;
    for (i, (&y, &p)) in target.iter().zip(prob).enumerate() {
        let q = p.max(lo).min(hi);
        let maybe = if y == T::ONE {
            q < object_below
        } else if y == T::ZERO {
            q > background_above
        } else {
            hard = false;
            true
        };
        if !maybe {
            continue;
        }
        let z = q.ln() - (T::ONE - q).ln();
        let e = T::ONE - z * (y + y - T::ONE);
        if e > T::ZERO {
            keys.push(e.to_f64());
            index.push(i as u32 | if y == T::ONE { LABEL_BIT } else { 0 });
        }
    }
    order.sort_descending(index, keys);
    let value = if hard {
        let labels = |i: u32| if i & LABEL_BIT != 0 { 1.0 } else { 0.0 };
        lovasz_walk(target, index, order, labels, |i, g| grads.logit[i] = saturate(g))
    } else {
        let labels = |i: u32| target[(i & !LABEL_BIT) as usize].to_f64();
        lovasz_walk(target, index, order, labels, |i, g| grads.logit[i] = saturate(g))
    };
    // ∂L/∂p = ∂L/∂z / (p̂(1 − p̂)) inside the clamp, 0 outside.
    for ((gp, &gz), &p) in grads.prob.iter_mut().zip(grads.logit.iter()).zip(prob) {
        let inside = (p >= lo) & (p <= hi);
        *gp = if inside { gz / (p * (T::ONE - p)) } else { T::ZERO };
    }
    value
}

/// `t = 2y − 1`.
fn sign(y: f64) -> f64 {
    2.0 * y - 1.0
}

/// Walks the sorted positive errors (`order`'s keys, `index` their pixels, `label(i)` a
/// packed index's target): `g_k` from the cumulative Jaccard, `L = Σ e·g`, and
/// `grad(pixel, ∂L/∂z = −t·g_k)` for each.
fn lovasz_walk<T: Pixel>(
    target: &[T],
    index: &[u32],
    order: &OrderBuffers,
    label: impl Fn(u32) -> f64,
    mut grad: impl FnMut(usize, f64),
) -> f64 {
    let positives: f64 = target.iter().map(|y| y.to_f64()).sum();
    let (mut cum, mut previous, mut value) = (0.0, 0.0, 0.0);
    for (k, &packed) in index.iter().enumerate() {
        let y = label(packed);
        cum += y;
        let union = positives + (k + 1) as f64 - cum;
        let jaccard = 1.0 - (positives - cum) / union;
        let g = jaccard - previous;
        previous = jaccard;
        value += order.sorted_key(k) * g;
        grad((packed & !LABEL_BIT) as usize, -sign(y) * g);
    }
    value
}
