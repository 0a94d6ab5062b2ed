//! A validated loss, and one evaluation of it: value, both gradients, and the figures the app
//! shows next to them.

use crate::counts::SoftCounts;
use crate::input::{Binary, MultiClass};
use crate::losses::geometry::{self, GeoBuffers};
use crate::losses::ranking::RankBuffers;
use crate::losses::{
    compound, cross_entropy, dice, focal, generalized_dice, iou, logit, ranking,
    sensitivity_specificity, tversky, Grads, Scalar,
};
use crate::params::{LossConfig, LossName, ParamError};
use crate::pixel::Pixel;
use crate::summary::GradientSummary;
use serde::Serialize;

/// The two parts of `bce_dice`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct BceDiceParts {
    /// The unweighted BCE.
    pub bce: f64,
    /// The unweighted Dice loss `1 − D`.
    pub dice_loss: f64,
}

/// Everything one evaluation gives. Buffers are reused across evaluations: evaluating into
/// an `Evaluation` whose buffers are large enough allocates nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Evaluation<T> {
    /// Which loss.
    pub loss: Option<LossName>,
    /// The loss value `L`.
    pub value: f64,
    /// `∂L/∂p[i]`, same layout as the input.
    pub grad_prob: Vec<T>,
    /// `∂L/∂z[i]` (sigmoid; softmax over classes for multi-class generalized Dice).
    pub grad_logit: Vec<T>,
    /// Soft counts of the (binary) input; all zero for a multi-class evaluation.
    pub counts: SoftCounts,
    /// `bce_dice` only: its parts.
    pub parts: Option<BceDiceParts>,
    /// `generalized_dice` only: the class weights (`[w₀, w₁]` in the binary view).
    pub class_weights: Vec<f64>,
    /// Where the gradient falls.
    pub summary: GradientSummary,
    /// A 0/0 ratio was met and defined as 0 loss with zero gradient (possible with zero
    /// smoothing only), or `topk_ce` kept no pixel.
    pub zero_over_zero: bool,
    /// Buffers the evaluation reuses (logits, sigmoids, orders): not part of the result.
    #[serde(skip)]
    pub(crate) scratch: Scratch,
}

/// What the losses beyond the fused pass need between evaluations: the logits of the
/// logit-native losses, their sigmoids, and the ranking losses' orders. Never compared.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scratch {
    logit: Vec<f64>,
    sig: Vec<f64>,
    sig_neg: Vec<f64>,
    rank: RankBuffers,
    geo: GeoBuffers,
}

impl PartialEq for Scratch {
    fn eq(&self, _: &Scratch) -> bool {
        true
    }
}

impl<T: Pixel> Evaluation<T> {
    /// An empty evaluation; buffers grow on first use.
    pub fn new() -> Self {
        Evaluation {
            loss: None,
            value: 0.0,
            grad_prob: Vec::new(),
            grad_logit: Vec::new(),
            counts: SoftCounts::default(),
            parts: None,
            class_weights: Vec::new(),
            summary: GradientSummary::default(),
            zero_over_zero: false,
            scratch: Scratch::default(),
        }
    }

    fn reset(&mut self, loss: LossName, len: usize) {
        self.loss = Some(loss);
        self.grad_prob.resize(len, T::default());
        self.grad_logit.resize(len, T::default());
        self.parts = None;
        self.class_weights.clear();
        self.zero_over_zero = false;
    }

    fn set_scalar(&mut self, scalar: Scalar) {
        self.value = scalar.value;
        self.zero_over_zero = scalar.zero_over_zero;
        self.summary = scalar.summary;
    }
}

/// How a batch's losses are reduced.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BatchReduction {
    /// The mean of per-image losses (the article's `K.mean(..., axis=0)`).
    PerImage,
    /// Sums run over all images at once (nnU-Net's batch Dice).
    Pooled,
}

/// A loss whose parameters have been validated; evaluate it as often as you like.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loss {
    config: LossConfig,
}

impl Loss {
    /// Validates `config` once.
    pub fn new(config: LossConfig) -> Result<Loss, ParamError> {
        config.validate()?;
        Ok(Loss { config })
    }

    /// The loss with the defaults of `losses.md` (always valid).
    pub fn default_for(name: LossName) -> Loss {
        Loss { config: LossConfig::default_for(name) }
    }

    /// Its configuration.
    pub fn config(&self) -> &LossConfig {
        &self.config
    }

    /// Its name.
    pub fn name(&self) -> LossName {
        self.config.name()
    }

    /// Evaluates one binary image into `out`, allocating nothing when `out`'s buffers are
    /// already large enough. `generalized_dice` uses the two-class binary view.
    pub fn evaluate_into<T: Pixel>(&self, input: Binary<T>, out: &mut Evaluation<T>) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2: checked on the line above.
            #[allow(unsafe_code)]
            unsafe {
                self.evaluate_avx2(input, out)
            };
            return;
        }
        self.evaluate_portable(input, out);
    }

    /// The same code compiled with AVX2 (8 f32 lanes, blends): about half the instructions
    /// of the x86-64 baseline (SSE2). Chosen at run time, so the binary runs on any x86-64.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    fn evaluate_avx2<T: Pixel>(&self, input: Binary<T>, out: &mut Evaluation<T>) {
        self.evaluate_portable(input, out);
    }

    /// The evaluation itself; every kernel below it is `#[inline(always)]`, so it is compiled
    /// once for the baseline and once inside [`Loss::evaluate_avx2`].
    #[inline(always)]
    fn evaluate_portable<T: Pixel>(&self, input: Binary<T>, out: &mut Evaluation<T>) {
        out.reset(self.name(), input.len());
        let counts = SoftCounts::new(input.target(), input.prob());
        out.counts = counts;
        let grads = Grads { prob: &mut out.grad_prob[..], logit: &mut out.grad_logit[..] };
        let scalar = match &self.config {
            LossConfig::Bce => cross_entropy::weighted(input, &counts, 1.0, grads),
            LossConfig::Wce(p) => {
                let w = cross_entropy::resolve_pos_weight(p.pos_weight, &counts);
                cross_entropy::weighted(input, &counts, w, grads)
            }
            LossConfig::Focal(p) => focal::focal(p, input, &counts, grads),
            LossConfig::Dice(p) => dice::dice(p, input, &counts, grads),
            LossConfig::Iou(p) => iou::iou(p, input, &counts, grads),
            LossConfig::Tversky(p) => tversky::tversky(p, input, &counts, grads),
            LossConfig::FocalTversky(p) => tversky::focal_tversky(p, input, &counts, grads),
            LossConfig::SensitivitySpecificity(p) => {
                sensitivity_specificity::sensitivity_specificity(p, input, &counts, grads)
            }
            LossConfig::GeneralizedDice(p) => {
                generalized_dice::binary(p, input, &counts, grads, &mut out.class_weights)
            }
            LossConfig::BceDice(p) => {
                let (scalar, bce, dice_loss) = dice::bce_dice(p, input, &counts, grads);
                out.parts = Some(BceDiceParts { bce, dice_loss });
                scalar
            }
            LossConfig::LogCoshDice(p) => compound::log_cosh_dice(p, input, &counts, grads),
            LossConfig::Combo(p) => compound::combo(p, input, &counts, grads),
            LossConfig::UnifiedFocal(p) => compound::unified_focal(p, input, grads),
            LossConfig::DiceCe(p) if input.logit().is_none() => {
                compound::dice_ce_prob(p, input, grads)
            }
            LossConfig::DiceFocal(p) if input.logit().is_none() => {
                compound::dice_focal_prob(p, input, grads)
            }
            LossConfig::DiceCe(p) => logit_native(input, grads, &mut out.scratch, |y, z, s, g| {
                compound::dice_ce(p, y, z, (&mut s.sig, &mut s.sig_neg), g)
            }),
            LossConfig::DiceFocal(p) => {
                logit_native(input, grads, &mut out.scratch, |y, z, s, g| {
                    compound::dice_focal(p, y, z, (&mut s.sig, &mut s.sig_neg), g)
                })
            }
            LossConfig::TopkCe(p) if input.logit().is_none() => {
                let (value, zero_over_zero) =
                    ranking::topk_ce_prob(p, input, &mut out.scratch.rank, grads);
                let summary = GradientSummary::new(input.target(), &out.grad_logit);
                Scalar { value, zero_over_zero, summary }
            }
            LossConfig::LovaszHinge if input.logit().is_none() => {
                let value = ranking::lovasz_hinge_prob(input, &mut out.scratch.rank, grads);
                let summary = GradientSummary::new(input.target(), &out.grad_logit);
                Scalar { value, zero_over_zero: false, summary }
            }
            LossConfig::TopkCe(p) => logit_native(input, grads, &mut out.scratch, |y, z, s, g| {
                ranking::topk_ce(p, y, z, &mut s.rank, g)
            }),
            LossConfig::LovaszHinge => {
                logit_native(input, grads, &mut out.scratch, |y, z, s, g| {
                    (ranking::lovasz_hinge(y, z, &mut s.rank, g), false)
                })
            }
            LossConfig::Boundary(p) => geometry::boundary(p, input, &mut out.scratch.geo, grads),
            LossConfig::HausdorffDt(p) => {
                geometry::hausdorff_dt(p, input, &mut out.scratch.geo, grads)
            }
            LossConfig::Cldice(p) => geometry::cldice(p, input, &mut out.scratch.geo, grads),
            LossConfig::DiceCldice(p) => {
                geometry::dice_cldice(p, input, &counts, &mut out.scratch.geo, grads)
            }
        };
        out.set_scalar(scalar);
    }

    /// Evaluates one binary image into a new [`Evaluation`].
    pub fn evaluate<T: Pixel>(&self, input: Binary<T>) -> Evaluation<T> {
        let mut out = Evaluation::new();
        self.evaluate_into(input, &mut out);
        out
    }

    /// Evaluates a batch of `images` equal-sized binary images stored one after another.
    /// `PerImage`: the mean of per-image losses, each image's gradient divided by the batch
    /// size. `Pooled`: one evaluation over all pixels at once. `images` must divide the length.
    pub fn evaluate_batch<T: Pixel>(
        &self,
        input: Binary<T>,
        images: usize,
        reduction: BatchReduction,
    ) -> Result<Evaluation<T>, crate::input::InputError> {
        if images == 0 || !input.len().is_multiple_of(images) {
            return Err(crate::input::InputError::BadImageCount { images, len: input.len() });
        }
        if reduction == BatchReduction::Pooled || images == 1 {
            return Ok(self.evaluate(input));
        }
        let n = input.len() / images;
        let mut out = Evaluation::new();
        out.reset(self.name(), input.len());
        out.counts = SoftCounts::new(input.target(), input.prob());
        let mut one = Evaluation::new();
        let mut value = 0.0;
        let mut parts = BceDiceParts::default();
        let scale = 1.0 / images as f64;
        for image in 0..images {
            let range = image * n..(image + 1) * n;
            self.evaluate_into(input.slice(range.clone()), &mut one);
            value += one.value * scale;
            out.zero_over_zero |= one.zero_over_zero;
            if let Some(p) = one.parts {
                parts.bce += p.bce * scale;
                parts.dice_loss += p.dice_loss * scale;
            }
            out.class_weights.extend_from_slice(&one.class_weights);
            for (dst, &src) in out.grad_prob[range.clone()].iter_mut().zip(&one.grad_prob) {
                *dst = T::from_f64(src.to_f64() * scale);
            }
            for (dst, &src) in out.grad_logit[range].iter_mut().zip(&one.grad_logit) {
                *dst = T::from_f64(src.to_f64() * scale);
            }
        }
        out.value = value;
        out.parts = one.parts.map(|_| parts);
        out.summary = GradientSummary::new(input.target(), &out.grad_logit);
        Ok(out)
    }

    /// Evaluates generalized Dice on explicit classes (`[C, N]`); the logit gradient is the
    /// sigmoid's for `C = 1`, the softmax's over classes otherwise. `None` for other losses.
    pub fn evaluate_multi_class<T: Pixel>(&self, input: MultiClass<T>) -> Option<Evaluation<T>> {
        let LossConfig::GeneralizedDice(params) = &self.config else {
            return None;
        };
        let mut out = Evaluation::new();
        out.reset(self.name(), input.target().len());
        let (value, zero_over_zero) = generalized_dice::multi_class(
            params,
            input,
            &mut out.grad_prob,
            &mut out.class_weights,
        );
        out.value = value;
        out.zero_over_zero = zero_over_zero;
        if input.classes() == 1 {
            sigmoid_chain(input.prob(), &out.grad_prob, &mut out.grad_logit);
        } else {
            softmax_chain(input, &out.grad_prob, &mut out.grad_logit);
        }
        out.summary = GradientSummary::new(input.target(), &out.grad_logit);
        Some(out)
    }
}

/// A logit-native loss (`losses-compound.md`): its logits are prepared (given, or those of
/// the clamped probabilities), `kernel(target, z, scratch, ∂L/∂z) -> (L, flagged)` runs, and
/// `∂L/∂p` follows from `∂L/∂z` by the contract's rule.
fn logit_native<T: Pixel>(
    input: Binary<T>,
    grads: Grads<T>,
    scratch: &mut Scratch,
    kernel: impl FnOnce(&[T], &[f64], &mut Scratch, &mut [T]) -> (f64, bool),
) -> Scalar {
    let mut z = std::mem::take(&mut scratch.logit);
    let given = logit::fill(input, &mut z);
    let (value, zero_over_zero) = kernel(input.target(), &z, scratch, grads.logit);
    logit::to_prob(input, &z, given, grads.logit, grads.prob);
    scratch.logit = z;
    Scalar { value, zero_over_zero, summary: GradientSummary::new(input.target(), grads.logit) }
}

/// `∂L/∂z = ∂L/∂p · p·(1 − p)` for `p = σ(z)`.
fn sigmoid_chain<T: Pixel>(prob: &[T], grad_prob: &[T], grad_logit: &mut [T]) {
    for ((&p, &g), out) in prob.iter().zip(grad_prob).zip(grad_logit.iter_mut()) {
        let p = p.to_f64();
        *out = T::from_f64(g.to_f64() * p * (1.0 - p));
    }
}

/// `∂L/∂z[l] = p[l]·(g[l] − Σk p[k]·g[k])` for `p = softmax(z)` over classes, per pixel.
fn softmax_chain<T: Pixel>(input: MultiClass<T>, grad_prob: &[T], grad_logit: &mut [T]) {
    let (classes, n) = (input.classes(), input.pixels());
    let prob = input.prob();
    for i in 0..n {
        let dot: f64 =
            (0..classes).map(|l| prob[l * n + i].to_f64() * grad_prob[l * n + i].to_f64()).sum();
        for l in 0..classes {
            let k = l * n + i;
            grad_logit[k] = T::from_f64(prob[k].to_f64() * (grad_prob[k].to_f64() - dot));
        }
    }
}
