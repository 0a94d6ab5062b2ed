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

use super::cross_entropy::{bounds, clamp, EPS};
use super::dice::dice_terms;
use super::logit::sigmoid_softplus;
use super::{Grads, Scalar};
use crate::counts::SoftCounts;
use crate::input::Binary;
use crate::kernel::saturate;
use crate::params::{
    ComboParams, DiceCeParams, DiceFocalParams, DiceParams, LogCoshDiceParams, UnifiedFocalParams,
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
    let (lo, hi) = bounds::<T>();
    let pass = grads.fused(input, |y, p| {
        let (q, inside) = clamp(p, lo, hi);
        let loss = -(a * y * q.ln()) - b * (T::ONE - y) * (T::ONE - q).ln();
        let ce = if inside { -(ra * y / q) + rb * (T::ONE - y) / (T::ONE - q) } else { T::ZERO };
        (loss, ce + da * y + db * p + dc)
    });
    let value = r * pass.sum * inv_n - (1.0 - r) * (1.0 - dice_loss);
    Scalar { value, zero_over_zero: flagged, summary: pass.summary }
}

/// One channel's Tversky sums `(TP, FN, FP)` with its clamped probability `q` and target `y`.
#[derive(Default)]
struct TverskySums {
    tp: f64,
    fn_: f64,
    fp: f64,
}

impl TverskySums {
    fn add(&mut self, y: f64, q: f64) {
        self.tp += y * q;
        self.fn_ += y * (1.0 - q);
        self.fp += (1.0 - y) * q;
    }

    /// `(T, den)` with weight `δ` on false negatives.
    fn index(&self, delta: f64) -> (f64, f64) {
        let den = self.tp + delta * self.fn_ + (1.0 - delta) * self.fp + EPS;
        ((self.tp + EPS) / den, den)
    }
}

/// The two channels of one pixel: `(q₀, m₀, q₁, m₁)`, clamps and their masks.
#[inline(always)]
fn unified_channels(p: f64) -> (f64, bool, f64, bool) {
    let inside = |x: f64| (EPS..=1.0 - EPS).contains(&x);
    let background = 1.0 - p;
    (background.clamp(EPS, 1.0 - EPS), inside(background), p.clamp(EPS, 1.0 - EPS), inside(p))
}

/// The asymmetric unified focal loss (Yeung et al. 2022, the authors' code in float64).
pub(crate) fn unified_focal<T: Pixel>(
    params: &UnifiedFocalParams,
    input: Binary<T>,
    grads: Grads<T>,
) -> f64 {
    let (lambda, delta, gamma) = (params.lambda, params.delta, params.gamma);
    let (mut bg, mut fg) = (TverskySums::default(), TverskySums::default());
    let mut focal = 0.0;
    for (y, p) in input.target().iter().zip(input.prob()) {
        let (y, p) = (y.to_f64(), p.to_f64());
        let (q0, _, q1, _) = unified_channels(p);
        bg.add(1.0 - y, q0);
        fg.add(y, q1);
        focal += (1.0 - delta) * (1.0 - q0).powf(gamma) * (-(1.0 - y) * q0.ln())
            + delta * (-y * q1.ln());
    }
    let n = input.len() as f64;
    let (t0, den0) = bg.index(delta);
    let (t1, den1) = fg.index(delta);
    let miss = (1.0 - t1).max(UNIFIED_FLOOR);
    let tversky_loss = 0.5 * ((1.0 - t0) + miss.powf(1.0 - gamma));
    let value = lambda * tversky_loss + (1.0 - lambda) * focal / n;
    // ∂T_c/∂q = [y_c·Den − (TP + ε)(1 − δ)] / Den².
    let k1 = -0.5 * (1.0 - gamma) * miss.powf(-gamma);
    for (i, (y, p)) in input.target().iter().zip(input.prob()).enumerate() {
        let (y, p) = (y.to_f64(), p.to_f64());
        let (q0, m0, q1, m1) = unified_channels(p);
        let y0 = 1.0 - y;
        let dt0 = (y0 * den0 - (bg.tp + EPS) * (1.0 - delta)) / (den0 * den0);
        let dt1 = (y * den1 - (fg.tp + EPS) * (1.0 - delta)) / (den1 * den1);
        let mut g_ft = 0.0;
        let mut g_f = 0.0;
        if m0 {
            g_ft += 0.5 * dt0;
            let r = 1.0 - q0;
            let pow_term = if gamma == 0.0 { 0.0 } else { gamma * r.powf(gamma - 1.0) * q0.ln() };
            g_f += (1.0 - delta) * y0 * (r.powf(gamma) / q0 - pow_term);
        }
        if m1 {
            g_ft += k1 * dt1;
            g_f -= delta * y / q1;
        }
        let g = lambda * g_ft + (1.0 - lambda) * g_f / n;
        grads.prob[i] = saturate(g);
        grads.logit[i] = saturate(g * p * (1.0 - p));
    }
    value
}
