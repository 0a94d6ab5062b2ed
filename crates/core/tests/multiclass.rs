//! The multi-class engine against `multiclass.md`: the numbers it quotes from MONAI 1.6.1 and
//! smp 0.6.0 (measured by the contract's authors, float64), its identities, and every
//! gradient against central finite differences in f64.

mod common;

use common::Rng;
use losslab_core::multiclass::{activate, one_hot, McInput, McShape};
use losslab_core::params::multiclass::{Activation, McConfig, McLossName};
use losslab_core::{BatchReduction, Binary, Loss, LossConfig, LossName, ParamValue};

/// A call, our parameters, and the library's number.
type Row<'a> = (&'a str, Vec<(&'a str, ParamValue)>, f64);

fn num(x: f64) -> ParamValue {
    ParamValue::Number(x)
}
fn word(s: &str) -> ParamValue {
    ParamValue::Text(s.to_string())
}

fn config(name: &str, classes: usize, params: &[(&str, ParamValue)]) -> McConfig {
    config_w(name, classes, params, None)
}

fn config_w(
    name: &str,
    classes: usize,
    params: &[(&str, ParamValue)],
    weights: Option<&[f64]>,
) -> McConfig {
    McConfig::from_params(McLossName::parse(name).expect("valid"), classes, params, weights)
        .unwrap_or_else(|e| panic!("{name} {params:?}: {e}"))
}

/// The contract's batch ("Same name, different numbers"): `B = 2`, `C = 3`, 4×4. Image 0:
/// class 1 a 2×2 block at the top left, class 2 the pixel (3, 3); image 1: class 1 a 2×2
/// block in the centre, class 2 absent. `p = (0.8, 0.1, 0.1)` on background pixels,
/// `(0.2, 0.7, 0.1)` on class-1 pixels, `(0.5, 0.2, 0.3)` on the class-2 pixel.
fn contract_batch() -> (McShape, Vec<f64>, Vec<f64>, Vec<f64>) {
    let shape = McShape { images: 2, classes: 3, height: 4, width: 4 };
    let mut labels = vec![0.0; 32];
    for (r, c) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        labels[r * 4 + c] = 1.0;
    }
    labels[15] = 2.0;
    for (r, c) in [(1, 1), (1, 2), (2, 1), (2, 2)] {
        labels[16 + r * 4 + c] = 1.0;
    }
    let rows = [[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.5, 0.2, 0.3]];
    let mut prob = vec![0.0; shape.len()];
    for b in 0..2 {
        for i in 0..16 {
            for c in 0..3 {
                prob[shape.at(b, c, i)] = rows[labels[b * 16 + i] as usize][c];
            }
        }
    }
    let target = one_hot(&labels, shape).expect("valid");
    (shape, labels, target, prob)
}

fn value_of(config: &McConfig, shape: McShape, target: &[f64], prob: &[f64]) -> f64 {
    config
        .evaluate(McInput::new(shape, target, prob, config.aggregation.activation).expect("valid"))
        .value
}

fn close(got: f64, want: f64, tol: f64, what: &str) {
    assert!((got - want).abs() <= tol, "{what}: got {got}, want {want}");
}

#[test]
fn same_name_different_numbers_as_measured_in_the_contract() {
    let (shape, _, target, prob) = contract_batch();
    // (our parameters, the library's number quoted by multiclass.md, 6 decimals)
    let table: [Row; 6] = [
        ("MONAI DiceLoss(batch=False)", vec![("smooth", num(1e-5))], 0.450513),
        (
            "MONAI DiceLoss(batch=True)",
            vec![("smooth", num(1e-5)), ("batch", word("pooled"))],
            0.440668,
        ),
        (
            "smp DiceLoss(\"multiclass\")",
            vec![("smooth", num(0.0)), ("batch", word("pooled")), ("absent", word("zero"))],
            0.440669,
        ),
        ("smp per image, averaged", vec![("smooth", num(0.0)), ("absent", word("zero"))], 0.283848),
        (
            "MONAI batch=False, include_background=False",
            vec![("smooth", num(1e-5)), ("include_background", ParamValue::Bool(false))],
            0.598587,
        ),
        (
            "MONAI batch=True, include_background=False",
            vec![
                ("smooth", num(1e-5)),
                ("include_background", ParamValue::Bool(false)),
                ("batch", word("pooled")),
            ],
            0.583991,
        ),
    ];
    for (call, params, want) in table {
        let c = config("dice", 3, &params);
        close(value_of(&c, shape, &target, &prob), want, 5e-7, call);
    }
    let ce = config_w("ce", 3, &[], Some(&[0.2, 1.0, 5.0]));
    close(value_of(&ce, shape, &target, &prob), 0.562484, 5e-7, "torch weighted CE");
    let focal = config("focal", 3, &[("gamma", num(0.0))]);
    close(value_of(&focal, shape, &target, &prob), 0.095726, 5e-7, "MONAI FocalLoss(gamma=0)");
    let plain_ce = config("ce", 3, &[]);
    close(value_of(&plain_ce, shape, &target, &prob), 0.287177, 5e-7, "CE");
    let dice_focal = config("dice_focal", 3, &[]);
    close(
        value_of(&dice_focal, shape, &target, &prob),
        0.461472,
        5e-7,
        "DiceLoss(softmax=True) + FocalLoss(use_softmax=True)",
    );
    let smp_smooth = config("dice", 3, &[("smooth", num(2.0)), ("batch", word("pooled"))]);
    close(value_of(&smp_smooth, shape, &target, &prob), 0.337240, 5e-7, "smp smooth=1");
    let monai_one = config("dice", 3, &[("smooth", num(1.0)), ("batch", word("pooled"))]);
    close(value_of(&monai_one, shape, &target, &prob), 0.380272, 5e-7, "MONAI smooth 1");
}

#[test]
fn all_background_image_as_measured_in_the_contract() {
    let shape = McShape { images: 1, classes: 3, height: 4, width: 4 };
    let target = one_hot(&[0.0; 16], shape).expect("valid");
    let mut prob = vec![0.1; 48];
    prob[..16].fill(0.8);
    let cases: [Row; 4] = [
        ("MONAI", vec![("smooth", num(1e-5))], 0.703700),
        (
            "MONAI without background",
            vec![("smooth", num(1e-5)), ("include_background", ParamValue::Bool(false))],
            0.999994,
        ),
        ("smp", vec![("smooth", num(0.0)), ("absent", word("zero"))], 0.037037),
        (
            "smp without background",
            vec![
                ("smooth", num(0.0)),
                ("absent", word("zero")),
                ("include_background", ParamValue::Bool(false)),
            ],
            0.0,
        ),
    ];
    for (call, params, want) in cases {
        let c = config("dice", 3, &params);
        let eval =
            c.evaluate(McInput::new(shape, &target, &prob, Activation::Softmax).expect("valid"));
        close(eval.value, want, 5e-7, call);
        assert!(!eval.zero_over_zero, "{call}: zero without a kept class present is not 0/0");
    }
    // No kept class present and zero: the loss is 0 with zero gradient.
    let c = config(
        "dice",
        3,
        &[("absent", word("zero")), ("include_background", ParamValue::Bool(false))],
    );
    let eval = c.evaluate(McInput::new(shape, &target, &prob, Activation::Softmax).expect("valid"));
    assert!(eval.grad_prob.iter().all(|&g| g == 0.0));
    assert!(eval.grad_logit.iter().all(|&g| g == 0.0));
}

/// A random batch: labels with class `C − 1` absent from image 0, softmax probabilities
/// from random logits.
fn random_batch(rng: &mut Rng, shape: McShape) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let n = shape.pixels();
    let labels: Vec<f64> = (0..shape.images * n)
        .map(|k| {
            let c = rng.below(shape.classes);
            if k < n && c == shape.classes - 1 && shape.classes > 1 {
                0.0
            } else {
                c as f64
            }
        })
        .collect();
    let logits: Vec<f64> = (0..shape.len()).map(|_| rng.range(-3.0, 3.0)).collect();
    (labels, logits.clone(), activate(&logits, shape, Activation::Softmax))
}

/// Every loss and aggregation the contract allows, for `C` classes.
fn configs(classes: usize) -> Vec<McConfig> {
    let mut out = Vec::new();
    let bools = [true, false];
    for name in ["dice", "iou", "tversky", "focal_tversky", "generalized_dice"] {
        for ib in bools {
            for batch in ["per_image", "pooled"] {
                for absent in ["keep", "zero"] {
                    for reduction in ["mean", "sum"] {
                        let mut p = vec![
                            ("include_background", ParamValue::Bool(ib)),
                            ("batch", word(batch)),
                            ("class_reduction", word(reduction)),
                        ];
                        if name == "generalized_dice" {
                            p.push(("absent", word(if absent == "keep" { "max" } else { "zero" })));
                            p.push(("smooth", num(1e-3)));
                        } else {
                            p.push(("absent", word(absent)));
                        }
                        if name == "dice" && reduction == "sum" {
                            p.push(("squared", ParamValue::Bool(true)));
                        }
                        out.push(config(name, classes, &p));
                    }
                }
            }
        }
    }
    out.push(config_w("ce", classes, &[], Some(&vec![0.5; classes])));
    let mut weights = vec![1.0; classes];
    weights[classes - 1] = 4.0;
    out.push(config_w("ce", classes, &[], Some(&weights)));
    for gamma in [0.0, 0.5, 2.0] {
        out.push(config("focal", classes, &[("gamma", num(gamma))]));
        out.push(config("focal", classes, &[("gamma", num(gamma)), ("alpha", num(0.3))]));
    }
    for batch in ["per_image", "pooled"] {
        out.push(config(
            "dice_ce",
            classes,
            &[("batch", word(batch)), ("w_dice", num(0.7)), ("w_ce", num(1.3))],
        ));
        out.push(config(
            "dice_focal",
            classes,
            &[("batch", word(batch)), ("alpha", num(0.25)), ("smooth", num(0.5))],
        ));
    }
    out
}

/// Central differences with step `h` of `f` at `x[k]`.
fn central(x: &[f64], k: usize, h: f64, f: impl Fn(&[f64]) -> f64) -> f64 {
    let mut up = x.to_vec();
    up[k] += h;
    let mut down = x.to_vec();
    down[k] -= h;
    (f(&up) - f(&down)) / (2.0 * h)
}

#[test]
fn every_gradient_matches_central_differences() {
    let mut rng = Rng::new(18);
    let shape = McShape { images: 2, classes: 3, height: 3, width: 3 };
    let (labels, logits, prob) = random_batch(&mut rng, shape);
    let target = one_hot(&labels, shape).expect("valid");
    for c in configs(3) {
        let eval =
            c.evaluate(McInput::new(shape, &target, &prob, Activation::Softmax).expect("valid"));
        // ∂L/∂p with every probability free.
        let by_prob =
            |p: &[f64]| c.evaluate(McInput::free(shape, &target, p).expect("valid")).value;
        // ∂L/∂z through the softmax.
        let by_logit = |z: &[f64]| {
            let p = activate(z, shape, Activation::Softmax);
            c.evaluate(McInput::new(shape, &target, &p, Activation::Softmax).expect("valid")).value
        };
        let scale_p = eval.grad_prob.iter().fold(0.0f64, |m, g| m.max(g.abs()));
        let scale_z = eval.grad_logit.iter().fold(0.0f64, |m, g| m.max(g.abs()));
        for k in 0..shape.len() {
            let fd = central(&prob, k, 1e-6, by_prob);
            assert!(
                (fd - eval.grad_prob[k]).abs() <= 1e-6 * scale_p.max(1.0),
                "{c:?}: grad_prob[{k}] {} vs finite differences {fd}",
                eval.grad_prob[k]
            );
            let fd = central(&logits, k, 1e-5, by_logit);
            assert!(
                (fd - eval.grad_logit[k]).abs() <= 1e-6 * scale_z.max(1.0),
                "{c:?}: grad_logit[{k}] {} vs finite differences {fd}",
                eval.grad_logit[k]
            );
        }
        // Softmax: each pixel's logit gradient sums to 0 over the channels.
        for b in 0..shape.images {
            for i in 0..shape.pixels() {
                let sum: f64 = (0..3).map(|ch| eval.grad_logit[shape.at(b, ch, i)]).sum();
                assert!(sum.abs() < 1e-12, "{c:?}: logit gradient sums to {sum}");
            }
        }
    }
}

#[test]
fn sigmoid_multi_label_gradients_match_central_differences() {
    let mut rng = Rng::new(7);
    let shape = McShape { images: 2, classes: 2, height: 2, width: 3 };
    let target: Vec<f64> = (0..shape.len()).map(|_| rng.unit()).collect();
    let logits: Vec<f64> = (0..shape.len()).map(|_| rng.range(-2.0, 2.0)).collect();
    let prob = activate(&logits, shape, Activation::Sigmoid);
    for name in ["dice", "iou", "tversky", "focal_tversky", "generalized_dice"] {
        let c = config(name, 2, &[("activation", word("sigmoid")), ("batch", word("pooled"))]);
        let eval =
            c.evaluate(McInput::new(shape, &target, &prob, Activation::Sigmoid).expect("valid"));
        let by_logit = |z: &[f64]| {
            let p = activate(z, shape, Activation::Sigmoid);
            c.evaluate(McInput::new(shape, &target, &p, Activation::Sigmoid).expect("valid")).value
        };
        for k in 0..shape.len() {
            let fd = central(&logits, k, 1e-5, by_logit);
            close(eval.grad_logit[k], fd, 1e-7, &format!("{name} sigmoid grad_logit[{k}]"));
        }
    }
}

#[test]
fn identities_of_the_contract() {
    let mut rng = Rng::new(3);
    let shape = McShape { images: 2, classes: 4, height: 3, width: 2 };
    let (labels, _, prob) = random_batch(&mut rng, shape);
    let target = one_hot(&labels, shape).expect("valid");
    let input = McInput::new(shape, &target, &prob, Activation::Softmax).expect("valid");
    let eval = |name: &str, p: &[(&str, ParamValue)]| config(name, 4, p).evaluate(input);
    let same = |a: &losslab_core::multiclass::McEvaluation,
                b: &losslab_core::multiclass::McEvaluation,
                what: &str| {
        close(a.value, b.value, 1e-12, what);
        for (x, y) in a.grad_prob.iter().zip(&b.grad_prob) {
            close(*x, *y, 1e-12, what);
        }
        for (x, y) in a.grad_logit.iter().zip(&b.grad_logit) {
            close(*x, *y, 1e-12, what);
        }
    };
    // Tversky α = β = ½ is Dice: (I + s)/((Sy + Sp)/2 + s) = (2I + 2s)/(Sy + Sp + 2s), Dice
    // with smoothing 2s (smp's doubled smoothing); α = β = 1 is IoU with ε_J = s.
    let t = eval("tversky", &[("alpha", num(0.5)), ("beta", num(0.5)), ("smooth", num(0.3))]);
    same(&t, &eval("dice", &[("smooth", num(0.6))]), "tversky ½ ½ = dice");
    let t = eval("tversky", &[("alpha", num(1.0)), ("beta", num(1.0)), ("smooth", num(0.3))]);
    same(&t, &eval("iou", &[("eps", num(0.3))]), "tversky 1 1 = iou");
    // Focal Tversky with γ = 1 is Tversky.
    let ft = eval("focal_tversky", &[("gamma", num(1.0)), ("batch", word("pooled"))]);
    same(&ft, &eval("tversky", &[("batch", word("pooled"))]), "focal tversky γ = 1");
    // class_reduction sum = |K|·mean.
    let nb = ("include_background", ParamValue::Bool(false));
    let mean = eval("dice", std::slice::from_ref(&nb));
    let sum = eval("dice", &[nb, ("class_reduction", word("sum"))]);
    close(sum.value, 3.0 * mean.value, 1e-12, "sum = |K|·mean");
    // dice_ce = w_dice·dice + w_ce·ce, gradients too.
    let dc = eval(
        "dice_ce",
        &[
            ("smooth", num(0.2)),
            ("w_dice", num(0.6)),
            ("w_ce", num(1.7)),
            ("batch", word("pooled")),
        ],
    );
    let d = eval("dice", &[("smooth", num(0.2)), ("batch", word("pooled"))]);
    let c = eval("ce", &[]);
    close(dc.value, 0.6 * d.value + 1.7 * c.value, 1e-12, "dice_ce value");
    for k in 0..shape.len() {
        close(dc.grad_logit[k], 0.6 * d.grad_logit[k] + 1.7 * c.grad_logit[k], 1e-12, "dice_ce ∂z");
        close(dc.grad_prob[k], 0.6 * d.grad_prob[k] + 1.7 * c.grad_prob[k], 1e-12, "dice_ce ∂p");
    }
    // dice_focal = w_dice·dice + w_focal·focal.
    let df = eval("dice_focal", &[("w_focal", num(2.5)), ("gamma", num(1.5))]);
    let d = eval("dice", &[("smooth", num(1e-5))]);
    let f = eval("focal", &[("gamma", num(1.5))]);
    close(df.value, d.value + 2.5 * f.value, 1e-12, "dice_focal value");
    for k in 0..shape.len() {
        close(df.grad_logit[k], d.grad_logit[k] + 2.5 * f.grad_logit[k], 1e-12, "dice_focal ∂z");
    }
    // Focal with γ = 0 is CE / C (the mean runs over B·C·N elements).
    let f0 = eval("focal", &[("gamma", num(0.0))]);
    close(f0.value, c.value / 4.0, 1e-12, "focal γ = 0 = ce / C");
}

#[test]
fn one_image_pooled_is_per_image_and_one_channel_is_the_binary_loss() {
    let mut rng = Rng::new(11);
    let shape = McShape { images: 1, classes: 3, height: 4, width: 4 };
    let (labels, _, prob) = random_batch(&mut rng, shape);
    let target = one_hot(&labels, shape).expect("valid");
    for name in ["dice", "iou", "generalized_dice", "dice_ce"] {
        let a = config(name, 3, &[]);
        let b = config(name, 3, &[("batch", word("pooled"))]);
        close(
            value_of(&a, shape, &target, &prob),
            value_of(&b, shape, &target, &prob),
            1e-15,
            name,
        );
    }
    // [B, 1, H, W] with the engine's sigmoid is the binary batch of losses.md.
    let shape = McShape { images: 3, classes: 1, height: 3, width: 3 };
    let target: Vec<f64> = (0..27).map(|_| if rng.unit() < 0.3 { 1.0 } else { 0.0 }).collect();
    let prob: Vec<f64> = (0..27).map(|_| rng.range(0.01, 0.99)).collect();
    for (name, binary) in [("dice", LossName::Dice), ("tversky", LossName::Tversky)] {
        for reduction in [BatchReduction::PerImage, BatchReduction::Pooled] {
            let batch = if reduction == BatchReduction::Pooled { "pooled" } else { "per_image" };
            let c = config(name, 1, &[("batch", word(batch))]);
            let eval = c.evaluate(McInput::free(shape, &target, &prob).expect("valid"));
            let want = Loss::new(LossConfig::default_for(binary))
                .expect("valid")
                .evaluate_batch(Binary::new(&target, &prob).expect("valid"), 3, reduction)
                .expect("valid");
            close(eval.value, want.value, 1e-12, name);
            for k in 0..27 {
                close(eval.grad_logit[k], want.grad_logit[k], 1e-12, name);
            }
        }
    }
}

#[test]
fn two_channels_reduce_to_the_binary_losses() {
    // multiclass.md, "C = 1 vs C = 2": with p₁ = p, p₀ = 1 − p, two-channel Dice without
    // background is binary Dice; CE is BCE; focal is binary focal with α = 0.5 … halved.
    let mut rng = Rng::new(5);
    let n = 12;
    let y: Vec<f64> = (0..n).map(|_| if rng.unit() < 0.4 { 1.0 } else { 0.0 }).collect();
    let p: Vec<f64> = (0..n).map(|_| rng.range(0.05, 0.95)).collect();
    let shape = McShape { images: 1, classes: 2, height: 3, width: 4 };
    let target: Vec<f64> = y.iter().map(|v| 1.0 - v).chain(y.iter().copied()).collect();
    let prob: Vec<f64> = p.iter().map(|v| 1.0 - v).chain(p.iter().copied()).collect();
    let binary = |config: LossConfig| {
        Loss::new(config).expect("valid").evaluate(Binary::new(&y, &p).expect("valid")).value
    };
    let nb = ("include_background", ParamValue::Bool(false));
    let dice = config("dice", 2, &[nb]);
    close(
        value_of(&dice, shape, &target, &prob),
        binary(LossConfig::default_for(LossName::Dice)),
        1e-12,
        "dice",
    );
    close(
        value_of(&config("ce", 2, &[]), shape, &target, &prob),
        binary(LossConfig::default_for(LossName::Bce)),
        1e-12,
        "ce = bce",
    );
    let focal_binary = |alpha: f64| {
        binary(LossConfig::from_params(LossName::Focal, [("alpha", &num(alpha))]).expect("valid"))
    };
    close(
        value_of(&config("focal", 2, &[]), shape, &target, &prob),
        focal_binary(0.5),
        1e-12,
        "focal = binary focal α = 0.5",
    );
    close(
        value_of(&config("focal", 2, &[("alpha", num(0.3))]), shape, &target, &prob),
        focal_binary(0.3) / 2.0,
        1e-12,
        "focal(α) = binary focal(α) / 2",
    );
}

#[test]
fn refusals_name_the_parameter() {
    let refused = |name: &str, classes: usize, p: &[(&str, ParamValue)], key: &str| {
        let err = McConfig::from_params(McLossName::parse(name).expect("valid"), classes, p, None)
            .expect_err(&format!("{name} {p:?} must be refused"));
        assert_eq!(err.key, key, "{name} {p:?}: {err}");
    };
    refused("dice", 1, &[("activation", word("softmax"))], "activation");
    refused("ce", 3, &[("activation", word("sigmoid"))], "activation");
    refused("dice_ce", 3, &[("activation", word("sigmoid"))], "activation");
    refused("focal", 3, &[("include_background", ParamValue::Bool(false))], "include_background");
    refused(
        "dice_focal",
        3,
        &[("include_background", ParamValue::Bool(false))],
        "include_background",
    );
    refused("ce", 3, &[("batch", word("pooled"))], "batch");
    refused("focal", 3, &[("batch", word("pooled"))], "batch");
    refused("iou", 3, &[("empty", word("plain"))], "empty");
    refused("ce", 1, &[], "shape");
    refused("dice", 3, &[("batch", word("sideways"))], "batch");
    refused("dice", 3, &[("smooth", num(-1.0))], "smooth");
    let err =
        McConfig::from_params(McLossName::Ce, 3, &[], Some(&[1.0, 2.0])).expect_err("refused");
    assert_eq!(err.key, "class_weights");
    let err =
        McConfig::from_params(McLossName::Ce, 2, &[], Some(&[1.0, -2.0])).expect_err("refused");
    assert_eq!(err.key, "class_weights");
    // Labels: integers in 0 … C − 1 only.
    let shape = McShape { images: 1, classes: 3, height: 1, width: 2 };
    assert_eq!(one_hot(&[0.0, 3.0], shape).expect_err("refused").field, "labels");
    assert_eq!(one_hot(&[0.5, 1.0], shape).expect_err("refused").field, "labels");
    // Softmax probabilities must sum to 1 per pixel.
    let target = one_hot(&[0.0, 1.0], shape).expect("valid");
    let prob = [0.5, 0.5, 0.2, 0.2, 0.2, 0.2];
    let err = McInput::new(shape, &target, &prob, Activation::Softmax).expect_err("refused");
    assert_eq!(err.field, "prob");
}
