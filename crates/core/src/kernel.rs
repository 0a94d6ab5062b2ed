//! The one pass every binary loss runs: a per-pixel function gives the loss term and
//! `∂L/∂p`; this pass stores `∂L/∂p`, derives `∂L/∂z = ∂L/∂p · p(1−p)`, and accumulates the
//! value and the gradient summary — all while the pixel is in a register.
//!
//! Reductions are kept in `LANES` independent accumulators (so the compiler may vectorise
//! without reordering a float sum) and carried into `f64` every `FLUSH` chunks.

use crate::pixel::Pixel;
use crate::summary::{GradientSummary, TARGET_THRESHOLD};

/// Independent accumulators per reduction.
const LANES: usize = 8;
/// Chunks summed in the pixel's precision before the partial sums move into `f64`.
const FLUSH: usize = 16;

/// The result of one fused pass.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Pass {
    /// `Σ` of the per-pixel loss terms (unscaled).
    pub sum: f64,
    /// Where the gradient falls.
    pub summary: GradientSummary,
}

/// Lane accumulators in the pixel's precision.
struct Lanes<T> {
    loss: [T; LANES],
    sum_target: [T; LANES],
    sum_background: [T; LANES],
    max_target: [T; LANES],
    max_background: [T; LANES],
}

impl<T: Pixel> Lanes<T> {
    fn new() -> Self {
        let z = [T::ZERO; LANES];
        Lanes { loss: z, sum_target: z, sum_background: z, max_target: z, max_background: z }
    }

    #[inline(always)]
    fn add(&mut self, k: usize, y: T, loss: T, grad_logit: T, half: T) {
        let a = grad_logit.abs();
        let on_target = y >= half;
        let (t, b) = if on_target { (a, T::ZERO) } else { (T::ZERO, a) };
        self.loss[k] = self.loss[k] + loss;
        self.sum_target[k] = self.sum_target[k] + t;
        self.sum_background[k] = self.sum_background[k] + b;
        self.max_target[k] = self.max_target[k].max(t);
        self.max_background[k] = self.max_background[k].max(b);
    }

    /// Moves the partial sums into `wide` (loss, target, background) and zeroes them.
    fn flush(&mut self, wide: &mut [f64; 3]) {
        for k in 0..LANES {
            wide[0] += self.loss[k].to_f64();
            wide[1] += self.sum_target[k].to_f64();
            wide[2] += self.sum_background[k].to_f64();
            self.loss[k] = T::ZERO;
            self.sum_target[k] = T::ZERO;
            self.sum_background[k] = T::ZERO;
        }
    }
}

/// Runs `f(y, p) -> (loss term, ∂L/∂p)` over every pixel (equal-length slices).
#[inline(always)]
pub(crate) fn fused<T: Pixel>(
    target: &[T],
    prob: &[T],
    grad_prob: &mut [T],
    grad_logit: &mut [T],
    f: impl Fn(T, T) -> (T, T),
) -> Pass {
    fused_with::<T, false>(target, prob, grad_prob, grad_logit, f)
}

/// The fused pass of a logit-native loss on probabilities (`losses-compound.md`): `f(y, p̂)`
/// gives `(loss term, ∂L/∂p̂)` at the clamped `p̂ = clamp(p, ε, 1 − ε)`, where the loss sees
/// `z = logit(p̂)`; then `∂L/∂z = ∂L/∂p̂ · p̂(1 − p̂)` everywhere, and `∂L/∂p = ∂L/∂p̂` inside
/// the clamp, 0 outside (autograd through the clamp).
#[inline(always)]
pub(crate) fn fused_clamped<T: Pixel>(
    target: &[T],
    prob: &[T],
    grad_prob: &mut [T],
    grad_logit: &mut [T],
    f: impl Fn(T, T) -> (T, T),
) -> Pass {
    fused_with::<T, true>(target, prob, grad_prob, grad_logit, f)
}

/// One pixel: `(loss term, ∂L/∂p, ∂L/∂z)`, `f` taken at `p`, or at the clamped `p̂` when
/// `CLAMPED` (decided at compile time: no branch in the loop).
#[inline(always)]
fn pixel<T: Pixel, const CLAMPED: bool>(
    f: &impl Fn(T, T) -> (T, T),
    (lo, hi): (T, T),
    y: T,
    p: T,
) -> (T, T, T) {
    if CLAMPED {
        let q = p.max(lo).min(hi);
        let inside = (p >= lo) & (p <= hi);
        let (loss, g) = f(y, q);
        (loss, if inside { g } else { T::ZERO }, g * q * (T::ONE - q))
    } else {
        let (loss, g) = f(y, p);
        (loss, g, g * p * (T::ONE - p))
    }
}

/// The pass itself over every pixel, [`pixel`] for each.
#[inline(always)]
fn fused_with<T: Pixel, const CLAMPED: bool>(
    target: &[T],
    prob: &[T],
    grad_prob: &mut [T],
    grad_logit: &mut [T],
    f: impl Fn(T, T) -> (T, T),
) -> Pass {
    let bounds = crate::clamp::bounds::<T>();
    let half = T::from_f64(TARGET_THRESHOLD);
    let mut lanes = Lanes::<T>::new();
    let mut wide = [0.0f64; 3];
    let n = target.len();
    let body = n - n % LANES;
    let mut since_flush = 0;
    for start in (0..body).step_by(LANES) {
        let ys = &target[start..start + LANES];
        let ps = &prob[start..start + LANES];
        let gps = &mut grad_prob[start..start + LANES];
        let gzs = &mut grad_logit[start..start + LANES];
        for k in 0..LANES {
            let (y, p) = (ys[k], ps[k]);
            let (loss, g, gz) = pixel::<T, CLAMPED>(&f, bounds, y, p);
            gps[k] = g;
            gzs[k] = gz;
            lanes.add(k, y, loss, gz, half);
        }
        since_flush += 1;
        if since_flush == FLUSH {
            lanes.flush(&mut wide);
            since_flush = 0;
        }
    }
    for i in body..n {
        let (y, p) = (target[i], prob[i]);
        let (loss, g, gz) = pixel::<T, CLAMPED>(&f, bounds, y, p);
        grad_prob[i] = g;
        grad_logit[i] = gz;
        lanes.add(i - body, y, loss, gz, half);
    }
    lanes.flush(&mut wide);
    let max = |m: &[T; LANES]| m.iter().fold(0.0f64, |acc, v| acc.max(v.to_f64()));
    let total = wide[1] + wide[2];
    Pass {
        sum: wide[0],
        summary: GradientSummary {
            max_abs_target: max(&lanes.max_target),
            max_abs_background: max(&lanes.max_background),
            background_share: if total > 0.0 { wide[2] / total } else { 0.0 },
            abs_sum: total,
        },
    }
}

/// Zero gradients (the 0/0 rule).
pub(crate) fn zero(grad_prob: &mut [impl Pixel], grad_logit: &mut [impl Pixel]) -> Pass {
    grad_prob.iter_mut().for_each(|g| *g = Pixel::from_f64(0.0));
    grad_logit.iter_mut().for_each(|g| *g = Pixel::from_f64(0.0));
    Pass::default()
}

/// A gradient coefficient in the pixel's precision. Sums so tiny that `1/Den` overflows
/// (zero smoothing, subnormal inputs) saturate rather than give ∞ or NaN: nothing leaving
/// the core is ever non-finite.
pub(crate) fn saturate<T: Pixel>(x: f64) -> T {
    let large = T::LARGE.to_f64();
    T::from_f64(if x.is_nan() { 0.0 } else { x.clamp(-large, large) })
}

/// An affine per-pixel gradient `a·y + b·p + c` with no loss term: every region loss's
/// gradient has this form once its sums are known.
#[inline(always)]
pub(crate) fn affine<T: Pixel>(
    target: &[T],
    prob: &[T],
    grad_prob: &mut [T],
    grad_logit: &mut [T],
    (a, b, c): (f64, f64, f64),
) -> Pass {
    let (a, b, c): (T, T, T) = (saturate(a), saturate(b), saturate(c));
    fused(target, prob, grad_prob, grad_logit, |y, p| (T::ZERO, a * y + b * p + c))
}
