//! Generalized Dice loss (Sudre et al. 2017), multi-class.
//!
//! ```text
//! w[l] = 1/((Σn r[l][n])² + ε_w)   (square, default; ε_w = 1e-6) | 1/(Σr + ε_w) (simple) | 1
//! A = Σl w[l]·Σn r·p,   B = Σl w[l]·Σn (r + p),   L = 1 − (2A + s)/(B + s)   (s = 0)
//! ∂L/∂p[l][n] = −w[l]·(2·r[l][n]·(B + s) − (2A + s)) / (B + s)²
//! absent class (Σr = 0): epsilon → 1/ε_w = 10⁶ (the article's) | max → largest present
//! weight, 0 if none (MONAI) | zero → dropped
//! ```
//! The binary view passes two classes: background `p₀ = 1 − p`, foreground `p₁ = p`, and
//! `∂L/∂p = ∂L/∂p₁ − ∂L/∂p₀`. Its sums come straight from the soft counts, with no buffer.

use super::{Grads, Scalar};
use crate::counts::SoftCounts;
use crate::input::{Binary, MultiClass};
use crate::params::{AbsentPolicy, GeneralizedDiceParams, WeightType, GDL_WEIGHT_EPS};
use crate::pixel::Pixel;
use crate::ratio::ratio;

/// Per-class sums `(Σr, Σp, Σr·p)`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ClassSums {
    pub(crate) target: f64,
    pub(crate) prob: f64,
    pub(crate) inter: f64,
}

/// Fills `weights` (one per class) from the classes' target volumes.
pub(crate) fn class_weights(
    params: &GeneralizedDiceParams,
    sums: &[ClassSums],
    weights: &mut Vec<f64>,
) {
    weights.clear();
    weights.extend(sums.iter().map(|c| match params.weight_type {
        WeightType::Square => 1.0 / (c.target * c.target + GDL_WEIGHT_EPS),
        WeightType::Simple => 1.0 / (c.target + GDL_WEIGHT_EPS),
        WeightType::Uniform => 1.0,
    }));
    let present_max = sums
        .iter()
        .zip(weights.iter())
        .filter(|(c, _)| c.target > 0.0)
        .map(|(_, &w)| w)
        .fold(0.0, f64::max);
    for (c, w) in sums.iter().zip(weights.iter_mut()) {
        if c.target == 0.0 {
            match params.absent {
                AbsentPolicy::Epsilon => {}
                AbsentPolicy::Max => *w = present_max,
                AbsentPolicy::Zero => *w = 0.0,
            }
        }
    }
}

/// `(2A + s, B + s)` from the sums and weights.
pub(crate) fn numerator_denominator(
    params: &GeneralizedDiceParams,
    sums: &[ClassSums],
    w: &[f64],
) -> (f64, f64) {
    let a: f64 = sums.iter().zip(w).map(|(c, w)| w * c.inter).sum();
    let b: f64 = sums.iter().zip(w).map(|(c, w)| w * (c.target + c.prob)).sum();
    (2.0 * a + params.smooth, b + params.smooth)
}

/// Generalized Dice on `C` explicit classes; writes `∂L/∂p` (class-major) into `grad_prob`
/// and the class weights into `weights`. Returns the value and the 0/0 flag; the caller
/// derives the logit gradient (sigmoid or softmax) and the summary.
pub(crate) fn multi_class<T: Pixel>(
    params: &GeneralizedDiceParams,
    input: MultiClass<T>,
    grad_prob: &mut [T],
    weights: &mut Vec<f64>,
) -> (f64, bool) {
    let sums: Vec<ClassSums> = (0..input.classes())
        .map(|l| {
            let mut c = ClassSums::default();
            for (&r, &p) in input.target_plane(l).iter().zip(input.prob_plane(l)) {
                let (r, p) = (r.to_f64(), p.to_f64());
                c.target += r;
                c.prob += p;
                c.inter += r * p;
            }
            c
        })
        .collect();
    class_weights(params, &sums, weights);
    let (num, den) = numerator_denominator(params, &sums, weights);
    let Some(score) = ratio(num, den) else {
        grad_prob.fill(T::ZERO);
        return (0.0, true);
    };
    let n = input.pixels();
    for (l, &w) in weights.iter().enumerate() {
        let plane = &mut grad_prob[l * n..(l + 1) * n];
        // −w·(2r·Den − num)/Den², divided twice by Den so tiny sums do not underflow.
        let (a, c) = (-2.0 * w / den, w * score / den);
        for (&r, g) in input.target_plane(l).iter().zip(plane.iter_mut()) {
            *g = T::from_f64(a * r.to_f64() + c);
        }
    }
    (1.0 - score, false)
}

/// Generalized Dice in the binary view (background and foreground classes):
/// `∂L/∂p = ∂L/∂p₁ − ∂L/∂p₀`; `[w₀, w₁]` go into `weights`.
#[inline(always)] // inlined into the AVX2 copy of `Loss::evaluate_into`
pub(crate) fn binary<T: Pixel>(
    params: &GeneralizedDiceParams,
    input: Binary<T>,
    counts: &SoftCounts,
    mut grads: Grads<T>,
    weights: &mut Vec<f64>,
) -> Scalar {
    let n = counts.pixels as f64;
    let sums = [
        ClassSums {
            target: n - counts.sum_target,
            prob: n - counts.sum_prob,
            inter: counts.true_neg,
        },
        ClassSums { target: counts.sum_target, prob: counts.sum_prob, inter: counts.true_pos },
    ];
    class_weights(params, &sums, weights);
    let (num, den) = numerator_denominator(params, &sums, weights);
    let Some(score) = ratio(num, den) else {
        return grads.zero_over_zero();
    };
    let (w0, w1) = (weights[0], weights[1]);
    // [−w₁(2y·Den − num) + w₀(2(1−y)·Den − num)]/Den², affine in y.
    let a = -2.0 * (w0 + w1) / den;
    let c = 2.0 * w0 / den + (w1 - w0) * score / den;
    Scalar::new(1.0 - score, grads.affine(input, (a, 0.0, c)))
}
