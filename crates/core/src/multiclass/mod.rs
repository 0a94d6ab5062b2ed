//! Multi-class losses and their aggregation (`multiclass.md`), in f64.
//!
//! ```text
//! layout [B, C, H, W], row-major; a unit u is one image (per_image) or the batch (pooled)
//! region ℓ[u][c] on the unit's sums I = Σyp, Sy, Sp (Σy², Σp² squared), TP = I, FN = Sy − I,
//!   FP = Sp − I:  dice 1 − (2I + nr)/(den + dr)   iou 1 − (I + ε)/(Sy + Sp − I + ε)
//!                 tversky 1 − (I + s)/(I + α·FN + β·FP + s)
//!   absent (Sy = 0): keep → the formula; zero → 0, no gradient, still in the mean
//! R[u] = mean or sum of ℓ[u][c] over the kept classes K;  focal Tversky: R[u]^γ
//! L = (1/B) Σb R[b] (per_image) | R[batch] (pooled)
//! ce     L = −Σ w[c]·y·ln p̂ / Σ w[c]·y        ∂L/∂z[c] = (p[c]·Σk w[k]y[k] − w[c]y[c])/Wsum
//! focal  L = (1/(B·C·N)) Σ −a[c]·y·(1 − p̂)^γ·ln p̂,   a[0] = 1 − α, a[c ≥ 1] = α (or all 1)
//! ∂L/∂z: softmax p[c]·(g[c] − Σk p[k]·g[k]), sigmoid g·p(1 − p), g = ∂L/∂p
//! ```
//! Every affine region gradient is `∂ℓ/∂p = a_y·y + a_p·p + a_c` on the unit's pixels.

pub mod compare;
pub mod sweep;

use crate::clamp::EPS;
use crate::eval::BatchReduction;
use crate::losses::generalized_dice::{class_weights, numerator_denominator, ClassSums};
use crate::params::multiclass::{
    Absent, Activation, ClassReduction, DiceTerm, McConfig, McLoss, RegionTerm, SoftmaxFocal,
};
use crate::params::TverskyParams;
use crate::ratio::ratio;
use crate::summary::GradientSummary;
use serde::Serialize;
use std::fmt;

/// The size of a `[B, C, H, W]` buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct McShape {
    /// Images `B`.
    pub images: usize,
    /// Channels `C`.
    pub classes: usize,
    /// Rows per image.
    pub height: usize,
    /// Columns per image.
    pub width: usize,
}

impl McShape {
    /// Pixels per plane, `H·W`.
    pub fn pixels(&self) -> usize {
        self.height * self.width
    }

    /// Values in the buffer, `B·C·H·W`.
    pub fn len(&self) -> usize {
        self.images * self.classes * self.pixels()
    }

    /// Whether the buffer is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The index of pixel `i` of channel `c` of image `b`.
    pub fn at(&self, b: usize, c: usize, i: usize) -> usize {
        (b * self.classes + c) * self.pixels() + i
    }
}

/// Why a multi-class input was refused; `field` names the input field.
#[derive(Debug, Clone, PartialEq)]
pub struct McInputError {
    /// `target`, `labels`, `prob`, `logit` or `shape`.
    pub field: &'static str,
    /// One line.
    pub message: String,
}

impl fmt::Display for McInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn refuse(field: &'static str, message: String) -> McInputError {
    McInputError { field, message }
}

/// A checked multi-class input: targets and probabilities in `[0, 1]`, `[B, C, H, W]`.
#[derive(Debug, Clone, Copy)]
pub struct McInput<'a> {
    shape: McShape,
    target: &'a [f64],
    prob: &'a [f64],
    from_logits: bool,
}

/// Tolerance on a pixel's softmax probabilities summing to 1.
pub const SOFTMAX_SUM_TOLERANCE: f64 = 1e-6;

impl<'a> McInput<'a> {
    /// Checks lengths and ranges, and with softmax that each pixel's probabilities sum to 1.
    pub fn new(
        shape: McShape,
        target: &'a [f64],
        prob: &'a [f64],
        activation: Activation,
    ) -> Result<McInput<'a>, McInputError> {
        if shape.is_empty() {
            return Err(refuse("shape", "has no values".to_string()));
        }
        for (field, values) in [("target", target), ("prob", prob)] {
            if values.len() != shape.len() {
                return Err(refuse(
                    field,
                    format!("has {} values, but the shape needs {}", values.len(), shape.len()),
                ));
            }
            if let Some(i) = values.iter().position(|v| !(0.0..=1.0).contains(v)) {
                return Err(refuse(
                    field,
                    format!("{field}[{i}] = {} is outside [0, 1]", values[i]),
                ));
            }
        }
        if activation == Activation::Softmax && shape.classes >= 2 {
            let n = shape.pixels();
            let mut sums = vec![0.0; n];
            for b in 0..shape.images {
                sums.fill(0.0);
                for c in 0..shape.classes {
                    let start = shape.at(b, c, 0);
                    sums.iter_mut().zip(&prob[start..start + n]).for_each(|(s, p)| *s += p);
                }
                for (i, &sum) in sums.iter().enumerate() {
                    if (sum - 1.0).abs() > SOFTMAX_SUM_TOLERANCE {
                        return Err(refuse(
                            "prob",
                            format!(
                                "image {b}, pixel {i}: the probabilities sum to {sum}, not 1 \
                                 (softmax; use activation \"sigmoid\" for multi-label)"
                            ),
                        ));
                    }
                }
            }
        }
        Ok(McInput { shape, target, prob, from_logits: false })
    }

    /// The same checks but the softmax sum: every probability a free variable, as the
    /// contract's `grad_prob` treats it (finite-difference checks perturb one at a time).
    pub fn free(
        shape: McShape,
        target: &'a [f64],
        prob: &'a [f64],
    ) -> Result<McInput<'a>, McInputError> {
        McInput::new(shape, target, prob, Activation::Sigmoid)
    }

    /// Marks the probabilities as the activation of given logits: CE's `∂L/∂z` is then
    /// torch's `(p·Σ w·y − w·y)/Wsum` even where `p` is clamped (a probability input takes
    /// the chain rule of the clamped `∂L/∂p` at the given probabilities, as autograd does).
    pub fn with_logits(mut self) -> McInput<'a> {
        self.from_logits = true;
        self
    }

    /// The shape.
    pub fn shape(&self) -> McShape {
        self.shape
    }

    /// The targets.
    pub fn target(&self) -> &'a [f64] {
        self.target
    }

    /// The probabilities.
    pub fn prob(&self) -> &'a [f64] {
        self.prob
    }
}

/// The one-hot target of integer `labels` (`[B, H, W]`, each in `0 … C − 1`).
pub fn one_hot(labels: &[f64], shape: McShape) -> Result<Vec<f64>, McInputError> {
    let n = shape.pixels();
    if labels.len() != shape.images * n {
        return Err(refuse(
            "labels",
            format!("has {} values, but the shape needs {}", labels.len(), shape.images * n),
        ));
    }
    if shape.classes < 2 {
        return Err(refuse("labels", "need C ≥ 2 channels; give target for C = 1".to_string()));
    }
    let mut target = vec![0.0; shape.len()];
    for (k, &label) in labels.iter().enumerate() {
        let valid = label.fract() == 0.0 && label >= 0.0 && label < shape.classes as f64;
        if !valid {
            return Err(refuse(
                "labels",
                format!("labels[{k}] = {label} is not a class index in 0 … {}", shape.classes - 1),
            ));
        }
        let (b, i) = (k / n, k % n);
        target[shape.at(b, label as usize, i)] = 1.0;
    }
    Ok(target)
}

/// The probabilities of logits: softmax over the channels of each pixel, or sigmoid.
pub fn activate(logit: &[f64], shape: McShape, activation: Activation) -> Vec<f64> {
    let mut prob = logit.to_vec();
    if activation == Activation::Sigmoid || shape.classes == 1 {
        prob.iter_mut().for_each(|z| *z = crate::sigmoid(*z));
        return prob;
    }
    for b in 0..shape.images {
        for i in 0..shape.pixels() {
            let at = |c: usize| shape.at(b, c, i);
            let max = (0..shape.classes).map(|c| logit[at(c)]).fold(f64::NEG_INFINITY, f64::max);
            let total: f64 = (0..shape.classes).map(|c| (logit[at(c)] - max).exp()).sum();
            for c in 0..shape.classes {
                prob[at(c)] = (logit[at(c)] - max).exp() / total;
            }
        }
    }
    prob
}

/// One multi-class evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct McEvaluation {
    /// `L`.
    pub value: f64,
    /// `∂L/∂p`, `[B, C, H, W]`.
    pub grad_prob: Vec<f64>,
    /// `∂L/∂z`, `[B, C, H, W]`.
    pub grad_logit: Vec<f64>,
    /// The region term of each unit and kept class, `[units][|K|]` (empty for ce and focal).
    pub per_class: Vec<f64>,
    /// Generalized Dice's weights, `[units][|K|]`.
    pub class_weights: Vec<f64>,
    /// The units: `B` per image, 1 pooled.
    pub units: usize,
    /// The kept classes' indices.
    pub kept: Vec<usize>,
    /// `dice_ce` / `dice_focal`: the unweighted Dice part and CE / focal part.
    pub parts: Option<(f64, f64)>,
    /// Where the logit gradient falls.
    pub summary: GradientSummary,
    /// A 0/0 ratio was met and defined as 0 loss with zero gradient.
    pub zero_over_zero: bool,
}

/// The sums of one unit and class.
#[derive(Debug, Clone, Copy, Default)]
struct Sums {
    inter: f64,
    target: f64,
    prob: f64,
    target_sq: f64,
    prob_sq: f64,
}

impl McConfig {
    /// Evaluates the loss on `input` (whose shape must have `self.classes` channels).
    pub fn evaluate(&self, input: McInput) -> McEvaluation {
        let shape = input.shape;
        debug_assert_eq!(shape.classes, self.classes);
        let agg = self.aggregation;
        let units = match agg.batch {
            BatchReduction::PerImage => shape.images,
            BatchReduction::Pooled => 1,
        };
        let mut out = McEvaluation {
            grad_prob: vec![0.0; shape.len()],
            grad_logit: vec![0.0; shape.len()],
            units,
            kept: self.kept().collect(),
            ..McEvaluation::default()
        };
        // Gradients that reach the logits through the activation's chain rule, and the CE
        // part's logit gradient, which the contract gives in closed form.
        let mut ce_logit = None;
        match &self.loss {
            McLoss::Region(term) => {
                out.value = self.region(input, *term, 1.0, None, &mut out);
            }
            McLoss::FocalTversky { tversky, gamma } => {
                out.value =
                    self.region(input, RegionTerm::Tversky(*tversky), 1.0, Some(*gamma), &mut out);
            }
            McLoss::GeneralizedDice(p) => out.value = self.generalized_dice(input, p, &mut out),
            McLoss::Ce { class_weights } => {
                let (value, flagged, logit) = ce(input, class_weights, 1.0, &mut out.grad_prob);
                out.value = value;
                out.zero_over_zero |= flagged;
                ce_logit = Some(logit);
            }
            McLoss::Focal(f) => out.value = focal(input, *f, 1.0, &mut out.grad_prob),
            McLoss::DiceCe { dice, w_dice, w_ce } => {
                let d = self.region(input, RegionTerm::Dice(*dice), *w_dice, None, &mut out);
                let ones = vec![1.0; shape.classes];
                let (c, flagged, logit) = ce(input, &ones, *w_ce, &mut out.grad_prob);
                out.zero_over_zero |= flagged;
                out.value = w_dice * d + w_ce * c;
                out.parts = Some((d, c));
                ce_logit = Some(logit);
            }
            McLoss::DiceFocal { dice, w_dice, w_focal, focal: f } => {
                let d = self.region(input, RegionTerm::Dice(*dice), *w_dice, None, &mut out);
                let v = focal(input, *f, *w_focal, &mut out.grad_prob);
                out.value = w_dice * d + w_focal * v;
                out.parts = Some((d, v));
            }
        }
        // From logits, the CE part's ∂L/∂p is not part of the chain: its logit gradient is
        // torch's, clamp or not.
        if !input.from_logits {
            ce_logit = None;
        }
        match ce_logit {
            // Every part through the chain rule, straight from ∂L/∂p (no copy).
            None => chain_rule(input, agg.activation, &out.grad_prob, &mut out.grad_logit),
            Some((ce_prob, logit)) => {
                let chain: Vec<f64> =
                    out.grad_prob.iter().zip(&ce_prob).map(|(g, c)| g - c).collect();
                chain_rule(input, agg.activation, &chain, &mut out.grad_logit);
                out.grad_logit.iter_mut().zip(logit).for_each(|(g, l)| *g += l);
            }
        }
        out.summary = GradientSummary::new(input.target, &out.grad_logit);
        out
    }

    /// The images of unit `u`.
    fn unit_images(&self, u: usize, images: usize) -> std::ops::Range<usize> {
        match self.aggregation.batch {
            BatchReduction::PerImage => u..u + 1,
            BatchReduction::Pooled => 0..images,
        }
    }

    /// A region loss (Dice, IoU, Tversky; focal Tversky with `power`): its value, with its
    /// gradient times `weight` added to `out.grad_prob` and `ℓ[u][c]` in `out.per_class`.
    fn region(
        &self,
        input: McInput,
        term: RegionTerm,
        weight: f64,
        power: Option<f64>,
        out: &mut McEvaluation,
    ) -> f64 {
        let shape = input.shape;
        let kept: Vec<usize> = self.kept().collect();
        let class_factor = match self.aggregation.class_reduction {
            ClassReduction::Mean => 1.0 / kept.len().max(1) as f64,
            ClassReduction::Sum => 1.0,
        };
        let unit_factor = 1.0 / out.units as f64;
        let mut value = 0.0;
        for u in 0..out.units {
            let images = self.unit_images(u, shape.images);
            let mut coefs = Vec::with_capacity(kept.len());
            let mut r = 0.0;
            for &c in &kept {
                let s = sums(input, images.clone(), c);
                let (l, coef) = if self.aggregation.absent == Absent::Zero && s.target == 0.0 {
                    (0.0, [0.0; 3])
                } else {
                    match term_of(term, &s) {
                        Some(lc) => lc,
                        None => {
                            out.zero_over_zero = true;
                            (0.0, [0.0; 3])
                        }
                    }
                };
                out.per_class.push(l);
                r += l * class_factor;
                coefs.push(coef);
            }
            // Focal Tversky: R^γ, its gradient γ·max(R, floor)^(γ − 1)·∂R.
            let (unit_value, outer) = match power {
                None => (r, 1.0),
                Some(g) => (
                    r.max(0.0).powf(g),
                    g * r.max(crate::losses::tversky::FOCAL_TVERSKY_FLOOR).powf(g - 1.0),
                ),
            };
            value += unit_value * unit_factor;
            let scale = weight * unit_factor * outer * class_factor;
            for (&c, [a_y, a_p, a_c]) in kept.iter().zip(coefs) {
                if a_y == 0.0 && a_p == 0.0 && a_c == 0.0 {
                    continue;
                }
                for b in images.clone() {
                    for i in 0..shape.pixels() {
                        let k = shape.at(b, c, i);
                        let (y, p) = (input.target[k], input.prob[k]);
                        out.grad_prob[k] += scale * (a_y * y + a_p * p + a_c);
                    }
                }
            }
        }
        value
    }

    /// Generalized Dice per unit over the kept classes.
    fn generalized_dice(
        &self,
        input: McInput,
        params: &crate::params::GeneralizedDiceParams,
        out: &mut McEvaluation,
    ) -> f64 {
        let shape = input.shape;
        let kept: Vec<usize> = self.kept().collect();
        let unit_factor = 1.0 / out.units as f64;
        let mut weights = Vec::new();
        let mut value = 0.0;
        for u in 0..out.units {
            let images = self.unit_images(u, shape.images);
            let class_sums: Vec<ClassSums> = kept
                .iter()
                .map(|&c| {
                    let s = sums(input, images.clone(), c);
                    ClassSums { target: s.target, prob: s.prob, inter: s.inter }
                })
                .collect();
            class_weights(params, &class_sums, &mut weights);
            out.class_weights.extend_from_slice(&weights);
            let (num, den) = numerator_denominator(params, &class_sums, &weights);
            let Some(score) = ratio(num, den) else {
                out.zero_over_zero = true;
                continue;
            };
            value += (1.0 - score) * unit_factor;
            for (&c, &w) in kept.iter().zip(&weights) {
                let (a, k0) = (-2.0 * w / den, w * score / den);
                for b in images.clone() {
                    for i in 0..shape.pixels() {
                        let k = shape.at(b, c, i);
                        out.grad_prob[k] += unit_factor * (a * input.target[k] + k0);
                    }
                }
            }
        }
        value
    }
}

/// The sums of class `c` over `images`.
fn sums(input: McInput, images: std::ops::Range<usize>, c: usize) -> Sums {
    let shape = input.shape;
    let mut s = Sums::default();
    for b in images {
        let start = shape.at(b, c, 0);
        let range = start..start + shape.pixels();
        for (&y, &p) in input.target[range.clone()].iter().zip(&input.prob[range]) {
            s.inter += y * p;
            s.target += y;
            s.prob += p;
            s.target_sq += y * y;
            s.prob_sq += p * p;
        }
    }
    s
}

/// `ℓ` and the coefficients `[a_y, a_p, a_c]` of `∂ℓ/∂p = a_y·y + a_p·p + a_c`; `None` on a
/// 0/0 ratio.
fn term_of(term: RegionTerm, s: &Sums) -> Option<(f64, [f64; 3])> {
    let checked = |num: f64, den: f64| if den == 0.0 { None } else { ratio(num, den) };
    match term {
        RegionTerm::Dice(DiceTerm { smooth_nr, smooth_dr, squared }) => {
            let num = 2.0 * s.inter + smooth_nr;
            let den = if squared { s.target_sq + s.prob_sq } else { s.target + s.prob } + smooth_dr;
            let d = checked(num, den)?;
            // −(2y·den − num·∂den/∂p)/den², ∂den/∂p = 1 or 2p.
            let coef =
                if squared { [-2.0 / den, 2.0 * d / den, 0.0] } else { [-2.0 / den, 0.0, d / den] };
            Some((1.0 - d, coef))
        }
        RegionTerm::Iou { eps } => {
            let num = s.inter + eps;
            let den = s.target + s.prob - s.inter + eps;
            let j = checked(num, den)?;
            // −(y·den − num·(1 − y))/den².
            Some((1.0 - j, [-(1.0 + j) / den, 0.0, j / den]))
        }
        RegionTerm::Tversky(TverskyParams { alpha, beta, smooth }) => {
            let num = s.inter + smooth;
            let den = s.inter + alpha * (s.target - s.inter) + beta * (s.prob - s.inter) + smooth;
            let t = checked(num, den)?;
            // −(y·den − num·(y(1 − α − β) + β))/den².
            Some((1.0 - t, [-(1.0 - t * (1.0 - alpha - beta)) / den, 0.0, t * beta / den]))
        }
    }
}

/// `p̂ = clamp(p, ε, 1 − ε)` and whether the gradient passes the clamp.
fn clamped(p: f64) -> (f64, bool) {
    (p.clamp(EPS, 1.0 - EPS), (EPS..=1.0 - EPS).contains(&p))
}

/// Weighted softmax CE: the value, the 0/0 flag, and `(∂(weight·L)/∂p, ∂(weight·L)/∂z)`;
/// `∂/∂p` is also added to `grad_prob`.
fn ce(
    input: McInput,
    weights: &[f64],
    weight: f64,
    grad_prob: &mut [f64],
) -> (f64, bool, (Vec<f64>, Vec<f64>)) {
    let shape = input.shape;
    let n = shape.pixels();
    let mut gp = vec![0.0; shape.len()];
    let mut gz = vec![0.0; shape.len()];
    let total: f64 =
        (0..shape.len()).map(|k| weights[(k / n) % shape.classes] * input.target[k]).sum();
    if total == 0.0 {
        return (0.0, true, (gp, gz));
    }
    let mut value = 0.0;
    let mut wy = vec![0.0; n];
    for b in 0..shape.images {
        // Σk w[k]·y[k] at each pixel, plane by plane.
        wy.fill(0.0);
        for (c, &w) in weights.iter().enumerate() {
            let start = shape.at(b, c, 0);
            for (acc, &y) in wy.iter_mut().zip(&input.target[start..start + n]) {
                *acc += w * y;
            }
        }
        for (c, &w) in weights.iter().enumerate() {
            for (i, &wy) in wy.iter().enumerate() {
                let k = shape.at(b, c, i);
                let (y, p) = (input.target[k], input.prob[k]);
                gz[k] = weight * (p * wy - w * y) / total;
                if w * y == 0.0 {
                    continue;
                }
                let (q, passes) = clamped(p);
                value -= w * y * q.ln();
                if passes {
                    gp[k] = -weight * w * y / (q * total);
                }
            }
        }
    }
    grad_prob.iter_mut().zip(&gp).for_each(|(g, d)| *g += d);
    (value / total, false, (gp, gz))
}

/// Softmax focal over `B·C·N` elements; its gradient times `weight` is added to `grad_prob`.
fn focal(input: McInput, f: SoftmaxFocal, weight: f64, grad_prob: &mut [f64]) -> f64 {
    let shape = input.shape;
    let n = shape.pixels();
    let count = shape.len() as f64;
    let mut value = 0.0;
    for (k, g) in grad_prob.iter_mut().enumerate() {
        let y = input.target[k];
        if y == 0.0 {
            continue;
        }
        let c = (k / n) % shape.classes;
        let a = match f.alpha {
            None => 1.0,
            Some(alpha) if c == 0 => 1.0 - alpha,
            Some(alpha) => alpha,
        };
        let (q, passes) = clamped(input.prob[k]);
        let (log, rest) = (q.ln(), 1.0 - q);
        value -= a * y * rest.powf(f.gamma) * log;
        if passes {
            let focusing = if f.gamma == 0.0 { 0.0 } else { f.gamma * rest.powf(f.gamma - 1.0) };
            *g += weight * a * y * (focusing * log - rest.powf(f.gamma) / q) / count;
        }
    }
    value / count
}

/// `∂L/∂z` from `∂L/∂p`: softmax per pixel, or sigmoid per channel. Plane by plane, so
/// every pass reads memory in order.
fn chain_rule(input: McInput, activation: Activation, grad_prob: &[f64], grad_logit: &mut [f64]) {
    let shape = input.shape;
    let prob = input.prob;
    if activation == Activation::Sigmoid || shape.classes == 1 {
        for ((z, &g), &p) in grad_logit.iter_mut().zip(grad_prob).zip(prob) {
            *z = g * p * (1.0 - p);
        }
        return;
    }
    let n = shape.pixels();
    let mut dot = vec![0.0; n];
    for b in 0..shape.images {
        let image = b * shape.classes * n..(b + 1) * shape.classes * n;
        let (p, g) = (&prob[image.clone()], &grad_prob[image.clone()]);
        dot.fill(0.0);
        for (pc, gc) in p.chunks_exact(n).zip(g.chunks_exact(n)) {
            for ((d, &pi), &gi) in dot.iter_mut().zip(pc).zip(gc) {
                *d += pi * gi;
            }
        }
        let out = &mut grad_logit[image];
        for ((oc, pc), gc) in out.chunks_exact_mut(n).zip(p.chunks_exact(n)).zip(g.chunks_exact(n))
        {
            for (((o, &pi), &gi), &d) in oc.iter_mut().zip(pc).zip(gc).zip(&dot) {
                *o = pi * (gi - d);
            }
        }
    }
}
