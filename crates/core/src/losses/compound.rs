//! The compound losses of `losses-compound.md`: Dice + CE and Dice + focal (logit-native,
//! MONAI), log-cosh Dice, combo and the asymmetric unified focal loss (on probabilities).
//!
//! ```text
//! dice_ce:    s = σ(z), D = (2Σys + s_nr)/(Σy + Σs + s_dr)
//!             ℓ = (1−y)·z + (1 + (w⁺−1)y)·softplus(−z),  L = λ_d(1 − D) + λ_ce·mean ℓ
//!             ∂L/∂z = −λ_d·∂D/∂s·s(1−s) + (λ_ce/N)[(1−y) − (1 + (w⁺−1)y)·σ(−z)]
//!             ∂D/∂s_i = [2y_i·Den − (2I + s_nr)] / Den²
//! dice_focal: t = 2y−1, f = σ(−tz), b = y·softplus(−z) + (1−y)·softplus(z), a = yα + (1−y)(1−α) (1 without α)
//!             ℓ = a·f^γ·b,  ∂ℓ/∂z = a[−tγ·f^γ(1−f)·b + f^γ(σ(z) − y)],  L = λ_d(1 − D) + λ_f·mean ℓ
//! log_cosh:   x = 1 − D (Dice with smooth s), L = ln cosh x, ∂L/∂p = tanh(x)·∂(1−D)/∂p
//! combo:      L = r·mean[−a·y·ln p̂ − b(1−y)·ln(1−p̂)] − (1 − r)·D,  (a, b) from `form` and β
//! unified:    q₀ = clamp(1−p), q₁ = clamp(p); L_F = mean[(1−δ)(1−q₀)^γ(−y₀ ln q₀) + δ(−y₁ ln q₁)]
//!             T_c = (TP_c + ε)/(TP_c + δFN_c + (1−δ)FP_c + ε), L_FT = ½[(1 − T₀) + (1 − T₁)^(1−γ)]
//!             L = λ·L_FT + (1 − λ)·L_F
//! ```

use super::cross_entropy::rule;
use super::dice::dice_terms;
use super::focal::{hard_rule, soft_rule, GENERAL};
use super::logit::sigmoid_softplus;
use super::{Grads, Scalar};
use crate::clamp::{bounds, clamp, EPS};
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::kernel::saturate;
use crate::params::{
    ComboParams, DiceCeParams, DiceFocalParams, DiceParams, FocalParams, FocalReduction,
    LogCoshDiceParams, UnifiedFocalParams,
};
use crate::pixel::Pixel;
use crate::ratio::ratio;

/// Smallest `1 − T₁` the unified focal loss raises to `−γ` (the code's `0·∞`).
const UNIFIED_FLOOR: f64 = 1e-12;

/// The sums of a logit-native Dice part and the sigmoids it needs again for the gradient.
struct SigmoidDice {
    intersection: f64,
    sum_target: f64,
    sum_sigmoid: f64,
}

/// `σ(z)` and `σ(−z)` of every pixel into `sig`, `sig_neg`; the Dice sums; and `Σ per(i)`
/// of a per-pixel term given `(y, z, σ(z), σ(−z), softplus(z), softplus(−z))`.
fn sigmoid_pass<T: Pixel>(
    target: &[T],
    z: &[f64],
    sig: &mut Vec<f64>,
    sig_neg: &mut Vec<f64>,
    per: impl Fn(f64, f64, (f64, f64, f64, f64)) -> f64,
) -> (SigmoidDice, f64) {
    sig.clear();
    sig_neg.clear();
    let (mut i_sum, mut sy, mut ss, mut term) = (0.0, 0.0, 0.0, 0.0);
    for (y, &z) in target.iter().zip(z) {
        let y = y.to_f64();
        let parts = sigmoid_softplus(z);
        let (s, sn, _, _) = parts;
        sig.push(s);
        sig_neg.push(sn);
        i_sum += y * s;
        sy += y;
        ss += s;
        term += per(y, z, parts);
    }
    (SigmoidDice { intersection: i_sum, sum_target: sy, sum_sigmoid: ss }, term)
}

/// The Dice loss `1 − D` and `(a, c)` with `∂(1 − D)/∂s_i = a·y_i + c`; `None` for 0/0.
fn sigmoid_dice_terms(
    sums: &SigmoidDice,
    smooth_nr: f64,
    smooth_dr: f64,
) -> Option<(f64, f64, f64)> {
    let den = sums.sum_target + sums.sum_sigmoid + smooth_dr;
    let num = 2.0 * sums.intersection + smooth_nr;
    let score = ratio(num, den)?;
    Some((1.0 - score, -2.0 / den, score / den))
}

/// Dice + cross-entropy (MONAI `DiceCELoss`, one channel) on logits `z`: `(L, 0/0 met)`.
pub(crate) fn dice_ce<T: Pixel>(
    params: &DiceCeParams,
    target: &[T],
    z: &[f64],
    (sig, sig_neg): (&mut Vec<f64>, &mut Vec<f64>),
    grad_logit: &mut [T],
) -> (f64, bool) {
    let w = params.pos_weight;
    let (sums, ce) = sigmoid_pass(target, z, sig, sig_neg, |y, z, (_, _, _, sp_neg)| {
        (1.0 - y) * z + (1.0 + (w - 1.0) * y) * sp_neg
    });
    let n = target.len() as f64;
    let (dice_loss, (a, c), flagged) =
        match sigmoid_dice_terms(&sums, params.smooth_nr, params.smooth_dr) {
            Some((loss, a, c)) => (loss, (a, c), false),
            None => (0.0, (0.0, 0.0), true),
        };
    let (wd, wc) = (params.w_dice, params.w_ce / n);
    for (i, (g, y)) in grad_logit.iter_mut().zip(target).enumerate() {
        let y = y.to_f64();
        let (s, sn) = (sig[i], sig_neg[i]);
        let dice = wd * (a * y + c) * s * sn;
        let ce = wc * ((1.0 - y) - (1.0 + (w - 1.0) * y) * sn);
        *g = saturate(dice + ce);
    }
    (params.w_dice * dice_loss + params.w_ce * ce / n, flagged)
}

/// The Dice part of a logit-native loss on probabilities: its loss and the coefficients of
/// `w·∂(1 − D)/∂p̂ = a·y + c` in the pixel's precision, from the clamped counts; flagged 0/0.
fn clamped_dice<T: Pixel>(
    counts: &SoftCounts,
    (smooth_nr, smooth_dr, w): (f64, f64, f64),
) -> (f64, (T, T), bool) {
    let sums = SigmoidDice {
        intersection: counts.true_pos,
        sum_target: counts.sum_target,
        sum_sigmoid: counts.sum_prob,
    };
    match sigmoid_dice_terms(&sums, smooth_nr, smooth_dr) {
        Some((loss, a, c)) => (loss, (saturate(w * a), saturate(w * c)), false),
        None => (0.0, (T::ZERO, T::ZERO), true),
    }
}

/// Dice + cross-entropy on probabilities: the loss on `z = logit(p̂)` in closed form —
/// `σ(z) = p̂`, `softplus(−z) = −ln p̂`, `softplus(z) = −ln(1 − p̂)` — so it is Dice on `p̂`
/// plus the weighted BCE, in one fused pass (one log per pixel for a hard target).
#[inline(always)]
pub(crate) fn dice_ce_prob<T: Pixel>(
    params: &DiceCeParams,
    input: Binary<T>,
    mut grads: Grads<T>,
) -> Scalar {
    let counts = SoftCounts::clamped(input.target(), input.prob());
    let (dice_loss, (a, c), flagged) =
        clamped_dice::<T>(&counts, (params.smooth_nr, params.smooth_dr, params.w_dice));
    let inv_n = 1.0 / counts.pixels as f64;
    let scale = params.w_ce * inv_n;
    let pass = if counts.hard_target {
        let ce = rule::<T, true>(params.pos_weight, scale);
        grads.fused_clamped(input, |y, q| {
            let (loss, g) = ce(y, q);
            (loss, g + a * y + c)
        })
    } else {
        let ce = rule::<T, false>(params.pos_weight, scale);
        grads.fused_clamped(input, |y, q| {
            let (loss, g) = ce(y, q);
            (loss, g + a * y + c)
        })
    };
    let value = params.w_dice * dice_loss + params.w_ce * pass.sum * inv_n;
    Scalar { value, zero_over_zero: flagged, summary: pass.summary }
}

/// Dice + focal on probabilities, as [`dice_ce_prob`]: Dice on `p̂` plus the focal loss of
/// `losses.md` at `p̂` (MONAI's focal without α is α = ½ with the weight doubled).
#[inline(always)]
pub(crate) fn dice_focal_prob<T: Pixel>(
    params: &DiceFocalParams,
    input: Binary<T>,
    mut grads: Grads<T>,
) -> Scalar {
    let counts = SoftCounts::clamped(input.target(), input.prob());
    let (dice_loss, (a, c), flagged) =
        clamped_dice::<T>(&counts, (params.smooth_nr, params.smooth_dr, params.w_dice));
    let inv_n = 1.0 / counts.pixels as f64;
    let (alpha, doubled) = match params.alpha {
        Some(alpha) => (alpha, 1.0),
        None => (0.5, 2.0),
    };
    let focal = FocalParams { alpha, gamma: params.gamma, reduction: FocalReduction::Mean };
    let scale = params.w_focal * inv_n * doubled;
    let with_dice = |(loss, g): (T, T), y: T| (loss, g + a * y + c);
    let pass = match (counts.hard_target, params.gamma) {
        (false, _) => {
            let r = soft_rule(&focal, scale);
            grads.fused_clamped(
                input,
                #[inline(always)]
                |y, q| with_dice(r(y, q), y),
            )
        }
        (true, 0.0) => {
            let r = hard_rule::<T, 0>(&focal, scale);
            grads.fused_clamped(
                input,
                #[inline(always)]
                |y, q| with_dice(r(y, q), y),
            )
        }
        (true, 1.0) => {
            let r = hard_rule::<T, 1>(&focal, scale);
            grads.fused_clamped(
                input,
                #[inline(always)]
                |y, q| with_dice(r(y, q), y),
            )
        }
        (true, 2.0) => {
            let r = hard_rule::<T, 2>(&focal, scale);
            grads.fused_clamped(
                input,
                #[inline(always)]
                |y, q| with_dice(r(y, q), y),
            )
        }
        (true, _) => {
            let r = hard_rule::<T, GENERAL>(&focal, scale);
            grads.fused_clamped(
                input,
                #[inline(always)]
                |y, q| with_dice(r(y, q), y),
            )
        }
    };
    let focal_mean = pass.sum * inv_n * doubled;
    let value = params.w_dice * dice_loss + params.w_focal * focal_mean;
    Scalar { value, zero_over_zero: flagged, summary: pass.summary }
}

/// The focal part of Dice + focal at one pixel: `(ℓ, ∂ℓ/∂z)`.
#[inline(always)]
fn focal_term(
    params: &DiceFocalParams,
    y: f64,
    z: f64,
    (s, sn, sp, sp_neg): (f64, f64, f64, f64),
) -> (f64, f64) {
    let t = 2.0 * y - 1.0;
    // f = σ(−t·z), 1 − f = σ(t·z): for a hard target these are σ(∓z), already known.
    let (f, one_minus_f) = if y == 1.0 {
        (sn, s)
    } else if y == 0.0 {
        (s, sn)
    } else {
        let (a, b, _, _) = sigmoid_softplus(-t * z);
        (a, b)
    };
    let b = y * sp_neg + (1.0 - y) * sp;
    let a = params.alpha.map_or(1.0, |alpha| y * alpha + (1.0 - y) * (1.0 - alpha));
    let fg = if params.gamma == 2.0 { f * f } else { f.powf(params.gamma) };
    let loss = a * fg * b;
    let grad = a * (-t * params.gamma * fg * one_minus_f * b + fg * (s - y));
    (loss, grad)
}

/// Dice + focal (MONAI `DiceFocalLoss`, its parts in float64) on logits `z`: `(L, 0/0 met)`.
pub(crate) fn dice_focal<T: Pixel>(
    params: &DiceFocalParams,
    target: &[T],
    z: &[f64],
    (sig, sig_neg): (&mut Vec<f64>, &mut Vec<f64>),
    grad_logit: &mut [T],
) -> (f64, bool) {
    let (sums, focal) =
        sigmoid_pass(target, z, sig, sig_neg, |y, z, parts| focal_term(params, y, z, parts).0);
    let n = target.len() as f64;
    let (dice_loss, (a, c), flagged) =
        match sigmoid_dice_terms(&sums, params.smooth_nr, params.smooth_dr) {
            Some((loss, a, c)) => (loss, (a, c), false),
            None => (0.0, (0.0, 0.0), true),
        };
    let (wd, wf) = (params.w_dice, params.w_focal / n);
    for (i, (g, y)) in grad_logit.iter_mut().zip(target).enumerate() {
        let y = y.to_f64();
        let (s, sn) = (sig[i], sig_neg[i]);
        let parts = (s, sn, 0.0, 0.0);
        // The focal gradient needs b (the BCE): the softpluses again.
        let (_, _, sp, sp_neg) = sigmoid_softplus(z[i]);
        let (_, focal_grad) = focal_term(params, y, z[i], (parts.0, parts.1, sp, sp_neg));
        *g = saturate(wd * (a * y + c) * s * sn + wf * focal_grad);
    }
    (params.w_dice * dice_loss + params.w_focal * focal / n, flagged)
}

/// Log-cosh Dice (Jadon 2020): Dice's gradient damped by `tanh(1 − D)`.
#[inline(always)]
pub(crate) fn log_cosh_dice<T: Pixel>(
    params: &LogCoshDiceParams,
    input: Binary<T>,
    counts: &SoftCounts,
    mut grads: Grads<T>,
) -> Scalar {
    let dice = DiceParams { smooth: params.smooth, squared: false };
    match dice_terms(&dice, counts) {
        Some((x, (a, b, c))) => {
            let damp = x.tanh();
            let value = x.cosh().ln();
            Scalar::new(value, grads.affine(input, (damp * a, damp * b, damp * c)))
        }
        None => grads.zero_over_zero(),
    }
}

/// Combo's per-pixel rule: the `(a, b)`-weighted CE term and its gradient scaled `(ra, rb)`,
/// plus Dice's affine gradient. `HARD`: every `y` is 0 or 1, one log per pixel.
#[inline(always)]
fn combo_rule<T: Pixel, const HARD: bool>(
    (a, b): (T, T),
    (ra, rb): (T, T),
    (da, db, dc): (T, T, T),
) -> impl Fn(T, T) -> (T, T) {
    let (lo, hi) = bounds::<T>();
    let half = T::from_f64(0.5);
    move |y: T, p: T| {
        let (q, inside) = clamp(p, lo, hi);
        let (loss, ce) = if HARD {
            let positive = y > half;
            let (pt, w) = if positive { (q, a) } else { (T::ONE - q, b) };
            let g = if positive { -(ra / q) } else { rb / (T::ONE - q) };
            (-(w * pt.ln()), g)
        } else {
            let loss = -(a * y * q.ln()) - b * (T::ONE - y) * (T::ONE - q).ln();
            (loss, -(ra * y / q) + rb * (T::ONE - y) / (T::ONE - q))
        };
        (loss, if inside { ce } else { T::ZERO } + da * y + db * p + dc)
    }
}

/// Combo loss (Taghanaki et al. 2019): `r·CE − (1 − r)·D`, negative by design.
#[inline(always)]
pub(crate) fn combo<T: Pixel>(
    params: &ComboParams,
    input: Binary<T>,
    counts: &SoftCounts,
    mut grads: Grads<T>,
) -> Scalar {
    let dice = DiceParams { smooth: params.smooth, squared: false };
    let (dice_loss, (da, db, dc), flagged) = match dice_terms(&dice, counts) {
        Some((loss, coefficients)) => (loss, coefficients, false),
        None => (0.0, (0.0, 0.0, 0.0), true), // D = 1, no gradient
    };
    let r = params.ce_ratio;
    let inv_n = 1.0 / counts.pixels as f64;
    let (wa, wb) = params.form.weights(params.beta);
    let (a, b) = (T::from_f64(wa), T::from_f64(wb));
    let (ra, rb) = (T::from_f64(r * inv_n * wa), T::from_f64(r * inv_n * wb));
    let k = 1.0 - r;
    let (da, db, dc): (T, T, T) = (saturate(k * da), saturate(k * db), saturate(k * dc));
    let pass = if counts.hard_target {
        grads.fused(input, combo_rule::<T, true>((a, b), (ra, rb), (da, db, dc)))
    } else {
        grads.fused(input, combo_rule::<T, false>((a, b), (ra, rb), (da, db, dc)))
    };
    let value = r * pass.sum * inv_n - (1.0 - r) * (1.0 - dice_loss);
    Scalar { value, zero_over_zero: flagged, summary: pass.summary }
}

/// The asymmetric unified focal loss (Yeung et al. 2022, the authors' code in float64): the
/// channels' Tversky sums from the clamped counts (`TP₁ = Σy·p̂`, `FN₁ = Sy − TP₁`,
/// `FP₁ = Σp̂ − TP₁`; the background channel's `q₀ = 1 − p̂` gives `TP₀ = TN`, `FN₀ = FP₁`,
/// `FP₀ = FN₁`), then one fused pass: the focal part's term and the whole gradient.
#[inline(always)]
pub(crate) fn unified_focal<T: Pixel>(
    params: &UnifiedFocalParams,
    input: Binary<T>,
    mut grads: Grads<T>,
) -> Scalar {
    let (lambda, delta, gamma) = (params.lambda, params.delta, params.gamma);
    let counts = SoftCounts::clamped(input.target(), input.prob());
    let counts_hard = counts.hard_target;
    let c = counts;
    let n = c.pixels as f64;
    let (tp1, fn1, fp1) = (c.true_pos, c.sum_target - c.true_pos, c.sum_prob - c.true_pos);
    let (tp0, fn0, fp0) = (n - c.sum_target - c.sum_prob + c.true_pos, fp1, fn1);
    let den = |tp: f64, fn_: f64, fp: f64| tp + delta * fn_ + (1.0 - delta) * fp + EPS;
    let (den0, den1) = (den(tp0, fn0, fp0), den(tp1, fn1, fp1));
    let (t0, t1) = ((tp0 + EPS) / den0, (tp1 + EPS) / den1);
    let miss = (1.0 - t1).max(UNIFIED_FLOOR);
    let tversky_loss = 0.5 * ((1.0 - t0) + miss.powf(1.0 - gamma));
    // ∂T_c/∂q = [y_c·Den − (TP + ε)(1 − δ)] / Den² = y_c·u_c + v_c; λ·(½·∂T₀ and k₁·∂T₁).
    let k1 = -0.5 * (1.0 - gamma) * miss.powf(-gamma);
    let (u0, v0) = (1.0 / den0, -(tp0 + EPS) * (1.0 - delta) / (den0 * den0));
    let (u1, v1) = (1.0 / den1, -(tp1 + EPS) * (1.0 - delta) / (den1 * den1));
    let t = |x: f64| saturate::<T>(x);
    let (u0, v0, u1, v1) =
        (t(0.5 * lambda * u0), t(0.5 * lambda * v0), t(lambda * k1 * u1), t(lambda * k1 * v1));
    let f = (1.0 - lambda) / n;
    let c = UnifiedPixel {
        bg_weight: T::from_f64(1.0 - delta),
        fg_weight: T::from_f64(delta),
        bg_grad: T::from_f64(f * (1.0 - delta)),
        fg_grad: T::from_f64(f * delta),
        gamma: T::from_f64(gamma),
        tversky: (u0, v0, u1, v1),
        bounds: bounds::<T>(),
    };
    let pass = match (counts_hard, gamma == 0.5) {
        (true, true) => grads.fused(
            input,
            #[inline(always)]
            |y, p| c.rule::<true, true>(y, p),
        ),
        (true, false) => grads.fused(
            input,
            #[inline(always)]
            |y, p| c.rule::<true, false>(y, p),
        ),
        (false, true) => grads.fused(
            input,
            #[inline(always)]
            |y, p| c.rule::<false, true>(y, p),
        ),
        (false, false) => grads.fused(
            input,
            #[inline(always)]
            |y, p| c.rule::<false, false>(y, p),
        ),
    };
    let value = lambda * tversky_loss + (1.0 - lambda) * pass.sum / n;
    Scalar::new(value, pass)
}

/// The unified focal loss' per-pixel constants, and its rule.
struct UnifiedPixel<T> {
    bg_weight: T,
    fg_weight: T,
    bg_grad: T,
    fg_grad: T,
    gamma: T,
    /// `λ·½·∂T₀/∂q = y₀·u₀ + v₀` and `λ·k₁·∂T₁/∂q = y·u₁ + v₁`.
    tversky: (T, T, T, T),
    bounds: (T, T),
}

impl<T: Pixel> UnifiedPixel<T> {
    /// `(focal term, ∂L/∂p)` at one pixel. `HARD`: `y` is 0 or 1 (one log); `SQRT`: γ = ½,
    /// so `(1 − q₀)^γ` is a square root (the default), else `exp(γ·ln(1 − q₀))`.
    #[inline(always)]
    fn rule<const HARD: bool, const SQRT: bool>(&self, y: T, p: T) -> (T, T) {
        let (lo, hi) = self.bounds;
        let (u0, v0, u1, v1) = self.tversky;
        let y0 = T::ONE - y;
        let (q0, m0) = clamp(T::ONE - p, lo, hi);
        let (q1, m1) = clamp(p, lo, hi);
        // (1 − q₀)^γ; 1 − q₀ = p̂ up to rounding.
        let r = T::ONE - q0;
        let r_pow = if SQRT { r.sqrt() } else { (self.gamma * r.ln()).exp_non_positive() };
        let (loss, focal0, focal1) = if HARD {
            let positive = y > T::from_f64(0.5);
            let ln_t = if positive { q1 } else { q0 }.ln();
            if positive {
                (self.fg_weight * -ln_t, T::ZERO, -(self.fg_grad / q1))
            } else {
                let d = self.bg_grad * (r_pow / q0 - self.gamma * r_pow / r * ln_t);
                (self.bg_weight * r_pow * -ln_t, d, T::ZERO)
            }
        } else {
            let (ln0, ln1) = (q0.ln(), q1.ln());
            let loss = self.bg_weight * r_pow * -(y0 * ln0) + self.fg_weight * -(y * ln1);
            let focal0 = self.bg_grad * y0 * (r_pow / q0 - self.gamma * r_pow / r * ln0);
            (loss, focal0, -(self.fg_grad * y / q1))
        };
        let g0 = if m0 { y0 * u0 + v0 + focal0 } else { T::ZERO };
        let g1 = if m1 { y * u1 + v1 + focal1 } else { T::ZERO };
        (loss, g0 + g1)
    }
}
