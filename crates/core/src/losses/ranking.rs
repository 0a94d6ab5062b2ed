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
//! (logits `a` on the object and `−a` on the background tie). Lovász only needs the pixels
//! with `e > 0` in order: they come first, and the rest add nothing and get no gradient.

use super::logit::sigmoid_softplus;
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

/// Lovász hinge (Berman et al. 2018; smp `LovaszLoss`, binary): its value.
pub(crate) fn lovasz_hinge<T: Pixel>(
    target: &[T],
    z: &[f64],
    buffers: &mut RankBuffers,
    grad_logit: &mut [T],
) -> f64 {
    grad_logit.iter_mut().for_each(|g| *g = T::ZERO);
    let sign = |y: f64| 2.0 * y - 1.0;
    let error = |i: usize| 1.0 - z[i] * sign(target[i].to_f64());
    buffers.index.clear();
    buffers.index.extend((0..target.len() as u32).filter(|&i| error(i as usize) > 0.0));
    let RankBuffers { index, order, .. } = buffers;
    order.sort_descending(index, error);
    let positives: f64 = target.iter().map(|y| y.to_f64()).sum();
    let (mut cum, mut previous, mut value) = (0.0, 0.0, 0.0);
    for (k, &i) in index.iter().enumerate() {
        let i = i as usize;
        let y = target[i].to_f64();
        cum += y;
        let union = positives + (k + 1) as f64 - cum;
        let jaccard = 1.0 - (positives - cum) / union;
        let g = jaccard - previous;
        previous = jaccard;
        value += error(i) * g;
        grad_logit[i] = saturate(-sign(y) * g);
    }
    value
}
