//! What the logit-native losses (`losses-compound.md`: `dice_ce`, `dice_focal`, `topk_ce`,
//! `lovasz_hinge`) share: the logits they are computed on, stable sigmoids and softpluses,
//! and the way back from `∂L/∂z` to `∂L/∂p`.
//!
//! ```text
//! logit input z:  the loss on z as given;       ∂L/∂p = ∂L/∂z / (σ(z)·σ(−z))
//! prob input p:   z = ln p̂ − ln(1 − p̂), p̂ = clamp(p, ε, 1−ε);
//!                 ∂L/∂p = ∂L/∂z / (p̂(1 − p̂)) for ε ≤ p ≤ 1−ε, 0 outside (autograd through the clamp)
//! ```

use crate::clamp::EPS;
use crate::input::Binary;
use crate::kernel::saturate;
use crate::pixel::Pixel;

/// `(σ(z), σ(−z), softplus(z), softplus(−z))` from one `exp` and one `ln_1p`, exact for any
/// finite `z` (no `1 − σ` cancellation).
#[inline(always)]
pub(crate) fn sigmoid_softplus(z: f64) -> (f64, f64, f64, f64) {
    let e = (-z.abs()).exp();
    let l = e.ln_1p();
    let (big, small) = (1.0 / (1.0 + e), e / (1.0 + e));
    if z >= 0.0 {
        (big, small, z + l, l)
    } else {
        (small, big, l, -z + l)
    }
}

/// `z` for every pixel of `input` into `out`: the given logits, or those of the clamped
/// probabilities. Returns whether they were given.
pub(crate) fn fill<T: Pixel>(input: Binary<T>, out: &mut Vec<f64>) -> bool {
    out.clear();
    match input.logit() {
        Some(z) => {
            out.extend(z.iter().map(|z| z.to_f64()));
            true
        }
        None => {
            out.extend(input.prob().iter().map(|p| {
                let q = p.to_f64().clamp(EPS, 1.0 - EPS);
                q.ln() - (-q).ln_1p()
            }));
            false
        }
    }
}

/// `∂L/∂p` from `∂L/∂z` (already in `grad_logit`) by the rule above.
pub(crate) fn to_prob<T: Pixel>(
    input: Binary<T>,
    z: &[f64],
    given: bool,
    grad_logit: &[T],
    grad_prob: &mut [T],
) {
    for (i, (gp, gz)) in grad_prob.iter_mut().zip(grad_logit).enumerate() {
        let gz = gz.to_f64();
        *gp = if given {
            let (s, sn, _, _) = sigmoid_softplus(z[i]);
            saturate(gz / (s * sn))
        } else {
            let p = input.prob()[i].to_f64();
            if (EPS..=1.0 - EPS).contains(&p) {
                saturate(gz / (p * (1.0 - p)))
            } else {
                T::ZERO
            }
        };
    }
}
