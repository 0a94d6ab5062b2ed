//! Helpers shared by the core's integration tests: a seeded generator, random cases and
//! random valid parameters.
#![allow(dead_code)]

use losslab_core::{Binary, Evaluation, Loss, LossConfig, LossName, ParamValue};

/// A tiny deterministic generator (xorshift64*), so failures reproduce from the seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
    pub fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.unit()
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The kinds of target the tests draw.
#[derive(Debug, Clone, Copy)]
pub enum TargetKind {
    Empty,
    Tiny,
    Random,
    Soft,
    Full,
}

/// A random target of `n` pixels of the given kind.
pub fn target(rng: &mut Rng, n: usize, kind: TargetKind) -> Vec<f64> {
    match kind {
        TargetKind::Empty => vec![0.0; n],
        TargetKind::Full => vec![1.0; n],
        TargetKind::Tiny => {
            let mut t = vec![0.0; n];
            t[rng.below(n)] = 1.0;
            t
        }
        TargetKind::Random => (0..n).map(|_| if rng.unit() < 0.3 { 1.0 } else { 0.0 }).collect(),
        TargetKind::Soft => (0..n).map(|_| rng.unit()).collect(),
    }
}

/// Probabilities well inside the clamp, where every loss is smooth.
pub fn smooth_probs(rng: &mut Rng, n: usize) -> Vec<f64> {
    (0..n).map(|_| rng.range(0.02, 0.98)).collect()
}

/// A random valid configuration of `name`, parameters drawn over their useful ranges.
pub fn random_config(rng: &mut Rng, name: LossName) -> LossConfig {
    let mut params: Vec<(&str, ParamValue)> = Vec::new();
    let num = ParamValue::Number;
    let word = |s: &str| ParamValue::Text(s.to_string());
    let pick = |rng: &mut Rng, words: &[&str]| words[rng.below(words.len())].to_string();
    match name {
        LossName::Bce => {}
        LossName::Wce => {
            let w = if rng.unit() < 0.3 { word("balanced") } else { num(rng.range(0.1, 50.0)) };
            params.push(("pos_weight", w));
        }
        LossName::Focal => {
            params.push(("alpha", num(rng.unit())));
            params.push(("gamma", num(rng.range(0.0, 5.0))));
            params
                .push(("reduction", ParamValue::Text(pick(rng, &["sum", "mean", "per_positive"]))));
        }
        LossName::Dice => {
            params.push(("smooth", num(rng.range(0.0, 2.0))));
            params.push(("squared", ParamValue::Bool(rng.unit() < 0.5)));
        }
        LossName::Iou => {
            params.push(("eps", num(rng.range(0.0, 1.0))));
            params.push(("empty", ParamValue::Text(pick(rng, &["complement", "plain"]))));
        }
        LossName::Tversky | LossName::FocalTversky => {
            params.push(("alpha", num(rng.range(0.0, 1.5))));
            params.push(("beta", num(rng.range(0.0, 1.5))));
            params.push(("smooth", num(rng.range(0.0, 2.0))));
            if name == LossName::FocalTversky {
                params.push(("gamma", num(rng.range(0.5, 3.0))));
            }
        }
        LossName::SensitivitySpecificity => {
            params.push(("lambda", num(rng.unit())));
            params.push(("smooth", num(rng.range(0.0, 1.0))));
        }
        LossName::GeneralizedDice => {
            params.push(("smooth", num(rng.range(0.0, 1.0))));
            params.push((
                "weight_type",
                ParamValue::Text(pick(rng, &["square", "simple", "uniform"])),
            ));
            params.push(("absent", ParamValue::Text(pick(rng, &["epsilon", "max", "zero"]))));
        }
        LossName::BceDice => {
            params.push(("w_bce", num(rng.range(0.0, 2.0))));
            params.push(("w_dice", num(rng.range(0.0, 2.0))));
            params.push(("smooth", num(rng.range(0.0, 2.0))));
        }
        LossName::DiceCe | LossName::DiceFocal => {
            params.push(("smooth_nr", num(rng.range(0.0, 1.0))));
            params.push(("smooth_dr", num(rng.range(1e-6, 1.0))));
            params.push(("w_dice", num(rng.range(0.0, 2.0))));
            if name == LossName::DiceCe {
                params.push(("w_ce", num(rng.range(0.0, 2.0))));
                params.push(("pos_weight", num(rng.range(0.1, 20.0))));
            } else {
                params.push(("w_focal", num(rng.range(0.0, 2.0))));
                params.push(("gamma", num(rng.range(0.0, 4.0))));
                let alpha = if rng.unit() < 0.3 { word("none") } else { num(rng.unit()) };
                params.push(("alpha", alpha));
            }
        }
        LossName::TopkCe => params.push(("k", num(rng.range(1.0, 100.0)))),
        LossName::LovaszHinge => {}
        LossName::LogCoshDice => params.push(("smooth", num(rng.range(0.0, 2.0)))),
        LossName::Boundary => {
            params.push(("include_background", ParamValue::Bool(rng.unit() < 0.5)));
            params.push(("truncate", ParamValue::Bool(rng.unit() < 0.5)));
        }
        LossName::HausdorffDt => params.push(("alpha", num(rng.range(0.5, 3.0)))),
        LossName::Cldice | LossName::DiceCldice => {
            params.push(("iterations", num(rng.below(6) as f64)));
            params.push(("smooth_nr", num(rng.range(0.0, 2.0))));
            params.push(("smooth_dr", num(rng.range(0.01, 2.0))));
            params.push(("smooth", num(rng.range(1e-6, 0.1))));
            if name == LossName::DiceCldice {
                params.push(("alpha", num(rng.unit())));
            }
        }
        LossName::Combo => {
            params.push(("ce_ratio", num(rng.unit())));
            params.push(("beta", num(rng.unit())));
            params.push(("smooth", num(rng.range(0.0, 2.0))));
            let form = pick(rng, &["paper", "authors_2019", "authors_2020"]);
            params.push(("form", ParamValue::Text(form)));
        }
        LossName::UnifiedFocal => {
            params.push(("lambda", num(rng.unit())));
            params.push(("delta", num(rng.range(0.05, 0.95))));
            params.push(("gamma", num(rng.unit())));
        }
    }
    LossConfig::from_params(name, params.iter().map(|(k, v)| (*k, v)))
        .expect("the generator draws valid parameters only")
}

/// Evaluates `config` on `(target, prob)` in f64.
pub fn eval(config: LossConfig, target: &[f64], prob: &[f64]) -> Evaluation<f64> {
    let loss = Loss::new(config).expect("valid config");
    loss.evaluate(Binary::new(target, prob).expect("valid input"))
}

/// The value only.
pub fn value(config: LossConfig, target: &[f64], prob: &[f64]) -> f64 {
    eval(config, target, prob).value
}

/// `max |a − b|` over two equal-length slices.
pub fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    assert_eq!(a.len(), b.len());
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f64::max)
}

/// Asserts two evaluations agree in value and both gradients to `tol` (relative to scale).
pub fn assert_same(a: &Evaluation<f64>, b: &Evaluation<f64>, tol: f64, what: &str) {
    let scale = 1.0f64.max(a.value.abs());
    assert!((a.value - b.value).abs() <= tol * scale, "{what}: value {} vs {}", a.value, b.value);
    let gscale = 1.0f64.max(a.grad_prob.iter().map(|g| g.abs()).fold(0.0, f64::max));
    let d = max_abs_diff(&a.grad_prob, &b.grad_prob);
    assert!(d <= tol * gscale, "{what}: grad_prob differs by {d}");
    let d = max_abs_diff(&a.grad_logit, &b.grad_logit);
    assert!(d <= tol * gscale, "{what}: grad_logit differs by {d}");
}
