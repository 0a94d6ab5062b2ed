//! Why the sensitivity–specificity loss (λ = 0.05) learns no ship in the race's `extreme`
//! preset, measured (issue #14, item 4). Three quantities, at initialisation and after
//! training, on one fixed batch of training images (the preset's batch size, pooled as the
//! race pools it):
//!
//! (a) the per-pixel weights: a ship pixel's error weighs `λ/(Sy + s)`, a sea pixel's
//!     `(1 − λ)/(N − Sy + s)`: per pixel the ship weighs `λ(N − Sy)/((1 − λ)Sy)` times more
//!     (56 on this batch: 31 ship pixels of 32768);
//! (b) the total gradient mass `Σ|∂L/∂z|` from ship pixels against sea pixels, and the norm
//!     of the parameter gradient each group alone gives (a backward pass from its pixels'
//!     `∂L/∂z` only): the convolution weights are shared by every pixel, so what they see is
//!     the sum, where the sea's many pixels count;
//! (c) the factor `p(1 − p)` of `∂L/∂z = ∂L/∂p · p(1 − p)` on ship pixels: the squared
//!     error's `∂L/∂p = −2(y − p)·w` stays bounded (≤ 2w), so once a ship pixel is
//!     confidently missed (p → 0) its `∂L/∂z` vanishes with `p`, and nothing pulls it back.
//!
//! Every number checked here comes from a hand derivation written beside it or from a
//! recomputation in this file (the weights from the soft counts summed here, each ship
//! pixel's `∂L/∂z` from the closed form); the core gives the gradients that are compared.
//! Run with `--nocapture` to read the measured table.

use losslab_core::train::{sigmoid, DataSet, Net, Preset, Race, Workspace, PARAMS};
use losslab_core::{Binary, Loss, LossConfig, LossName, SensitivitySpecificityParams};

/// What is measured on one batch for one network.
#[derive(Debug, Clone, Copy)]
struct Measured {
    /// Ship pixels `Sy` and all pixels `N` of the batch.
    ship: f64,
    pixels: f64,
    /// Per-pixel weights, by hand from the counts: `λ/(Sy + s)`, `(1 − λ)/(N − Sy + s)`.
    w_ship: f64,
    w_sea: f64,
    /// `Σ|∂L/∂z|` over ship pixels and over sea pixels (the core's gradient).
    mass_ship: f64,
    mass_sea: f64,
    /// `‖∂L/∂θ‖` from a backward pass of the ship pixels' `∂L/∂z` alone, and of the sea's.
    theta_ship: f64,
    theta_sea: f64,
    /// Mean `p` and mean `p(1 − p)` over ship pixels, and the mean `|∂L/∂z|` of a ship pixel.
    p_ship: f64,
    slope_ship: f64,
    dz_ship: f64,
}

/// Steps of the early look and of the whole race (the preset's 300).
const EARLY: usize = 30;
const STEPS: usize = 300;

fn params() -> SensitivitySpecificityParams {
    match LossConfig::default_for(LossName::SensitivitySpecificity) {
        LossConfig::SensitivitySpecificity(p) => p,
        _ => unreachable!("the default of its own name"),
    }
}

/// The measurement batch: the first `batch` training images that hold a ship.
fn batch(data: &DataSet, b: usize) -> (Vec<f32>, Vec<f32>) {
    let (mut images, mut masks) = (Vec::new(), Vec::new());
    for s in data.train.iter().filter(|s| !s.is_empty()).take(b) {
        images.extend_from_slice(&s.image);
        masks.extend_from_slice(&s.mask);
    }
    (images, masks)
}

fn measure(net: &Net, side: usize, images: &[f32], masks: &[f32], b: usize) -> Measured {
    let n = side * side;
    let mut ws: Vec<Workspace> = vec![Workspace::default(); b];
    let mut probs = vec![0.0f32; b * n];
    for j in 0..b {
        net.forward(&images[j * n..(j + 1) * n], side, &mut ws[j]);
        for (p, &z) in probs[j * n..(j + 1) * n].iter_mut().zip(&ws[j].logit) {
            *p = sigmoid(z);
        }
    }
    let loss = Loss::default_for(LossName::SensitivitySpecificity);
    let input = Binary::new(masks, &probs[..]).expect("a valid batch");
    let eval = loss
        .evaluate_batch(input, b, Preset::Extreme.settings().reduction)
        .expect("the batch divides");
    let prm = params();
    let ship: f64 = masks.iter().map(|&y| y as f64).sum();
    let pixels = masks.len() as f64;
    let w_ship = prm.lambda / (ship + prm.smooth);
    let w_sea = (1.0 - prm.lambda) / (pixels - ship + prm.smooth);
    let (mut mass_ship, mut mass_sea, mut p_ship, mut slope_ship) = (0.0, 0.0, 0.0, 0.0);
    for (i, (&y, &p)) in masks.iter().zip(&probs).enumerate() {
        let g = (eval.grad_logit[i] as f64).abs();
        if y >= 0.5 {
            mass_ship += g;
            p_ship += p as f64;
            slope_ship += p as f64 * (1.0 - p as f64);
            // By hand: L's ship term is w_ship·(1 − p)², so ∂L/∂p = −2(1 − p)·w_ship and
            // ∂L/∂z = ∂L/∂p · p(1 − p) = −2 w_ship (1 − p)² p.
            let (p, want) = (p as f64, -2.0 * w_ship * (1.0 - p as f64).powi(2) * p as f64);
            let got = eval.grad_logit[i] as f64;
            assert!(
                (got - want).abs() <= 1e-4 * want.abs().max(1e-12) + 1e-12,
                "ship pixel {i}, p = {p}: core ∂L/∂z {got} vs by hand {want}"
            );
        } else {
            mass_sea += g;
            // Sea: w_sea·p², ∂L/∂z = 2 w_sea p · p(1 − p).
            let (p, got) = (p as f64, eval.grad_logit[i] as f64);
            let want = 2.0 * w_sea * p * p * (1.0 - p);
            assert!((got - want).abs() <= 1e-4 * want.abs() + 1e-12, "sea pixel {i}");
        }
    }
    // The parameter gradient each group alone gives: backward from its pixels only.
    let theta = |keep_ship: bool| {
        let mut grad = vec![0.0f32; PARAMS];
        let mut ws = ws.clone();
        for (j, w) in ws.iter_mut().enumerate() {
            let part: Vec<f32> = (j * n..(j + 1) * n)
                .map(|i| if (masks[i] >= 0.5) == keep_ship { eval.grad_logit[i] } else { 0.0 })
                .collect();
            net.backward(side, &part, w, &mut grad);
        }
        grad.iter().map(|&g| g as f64 * g as f64).sum::<f64>().sqrt()
    };
    Measured {
        ship,
        pixels,
        w_ship,
        w_sea,
        mass_ship,
        mass_sea,
        theta_ship: theta(true),
        theta_sea: theta(false),
        p_ship: p_ship / ship,
        slope_ship: slope_ship / ship,
        dz_ship: mass_ship / ship,
    }
}

fn report(when: &str, m: &Measured) {
    println!(
        "{when}: Sy = {} of N = {}; per pixel w_ship = {:.3e}, w_sea = {:.3e} (ratio {:.0}); \
         Σ|∂L/∂z| ship {:.3e}, sea {:.3e} (sea ÷ ship {:.2}); ‖∂L/∂θ‖ ship {:.3e}, sea {:.3e} \
         (sea ÷ ship {:.2}); ship pixels: mean p {:.3e}, mean p(1 − p) {:.3e}, mean |∂L/∂z| {:.3e}",
        m.ship,
        m.pixels,
        m.w_ship,
        m.w_sea,
        m.w_ship / m.w_sea,
        m.mass_ship,
        m.mass_sea,
        m.mass_sea / m.mass_ship,
        m.theta_ship,
        m.theta_sea,
        m.theta_sea / m.theta_ship,
        m.p_ship,
        m.slope_ship,
        m.dz_ship,
    );
}

#[test]
fn why_sensitivity_specificity_learns_no_ship_on_extreme() {
    let settings = Preset::Extreme.settings();
    let data = DataSet::generate(&settings);
    let side = data.side;
    let b = settings.batch;
    let (images, masks) = batch(&data, b);
    assert_eq!(masks.len(), b * side * side, "{b} training images with a ship");

    let start = Net::new(settings.seed);
    let at_start = measure(&start, side, &images, &masks, b);
    let mut race =
        Race::with_losses(&settings, &[Loss::default_for(LossName::SensitivitySpecificity)]);
    race.run(EARLY);
    let early = measure(race.runners()[0].net(), side, &images, &masks, b);
    race.run(STEPS - EARLY);
    let after = measure(race.runners()[0].net(), side, &images, &masks, b);
    report("initialisation", &at_start);
    report(&format!("after {EARLY} steps"), &early);
    report(&format!("after {STEPS} steps"), &after);

    // (a) Per pixel, a ship pixel weighs far more than a sea pixel: by hand the ratio is
    // λ(N − Sy)/((1 − λ)Sy) = (0.05/0.95)·(N/Sy − 1) (s = 1e-5 aside), tens at 0.1 % ships.
    let by_hand = 0.05 / 0.95 * (at_start.pixels - at_start.ship) / at_start.ship;
    let ratio = at_start.w_ship / at_start.w_sea;
    assert!((ratio / by_hand - 1.0).abs() < 1e-6 && ratio > 10.0, "{ratio} vs {by_hand}");

    // (b) In aggregate the sea's pixels outweigh the ships: λ = 0.05 against 1 − λ = 0.95,
    // so the sea's share of the gradient mass and of the shared weights' gradient dominates,
    // at initialisation already.
    assert!(at_start.mass_sea > at_start.mass_ship, "{at_start:?}");
    assert!(at_start.theta_sea > at_start.theta_ship, "{at_start:?}");

    // (c) Training drives every pixel down (the sea's push wins), and the missed ship pixels'
    // ∂L/∂z vanishes with p(1 − p): p(1 − p) < 1/4 always, and after training it is small.
    assert!(after.p_ship < at_start.p_ship, "ship p falls: {} → {}", at_start.p_ship, after.p_ship);
    assert!(after.p_ship < 0.5, "the ships are missed at the race's threshold: {}", after.p_ship);
    assert!(early.p_ship < at_start.p_ship && early.theta_sea > early.theta_ship, "{early:?}");
    assert!(after.slope_ship < 0.01 && after.theta_sea > 10.0 * after.theta_ship, "{after:?}");
    assert!(
        after.dz_ship < at_start.dz_ship,
        "a ship pixel's |∂L/∂z| shrinks: {} → {}",
        at_start.dz_ship,
        after.dz_ship
    );
}

/// NiftyNet's `sensitivity_specificity_loss(prediction, ground_truth, r)` (its
/// `niftynet/layer/loss_segmentation.py`), transcribed: per class c of a one-hot target,
/// `specificity_part = Σ(y_c − p_c)² y_c / (Σ y_c + 1e-5)` (the error over the class's own
/// voxels) and `sensitivity_part = Σ(y_c − p_c)² (1 − y_c) / (Σ(1 − y_c) + 1e-5)`, summed over
/// classes as `r·specificity_part + (1 − r)·sensitivity_part`.
fn niftynet(classes: &[(Vec<f64>, Vec<f64>)], r: f64) -> f64 {
    let mut total = 0.0;
    for (y, p) in classes {
        let sq: Vec<f64> = y.iter().zip(p).map(|(y, p)| (y - p) * (y - p)).collect();
        let hot: f64 = y.iter().sum();
        let cold: f64 = y.iter().map(|y| 1.0 - y).sum();
        let own = sq.iter().zip(y).map(|(e, y)| e * y).sum::<f64>() / (hot + 1e-5);
        let rest = sq.iter().zip(y).map(|(e, y)| e * (1.0 - y)).sum::<f64>() / (cold + 1e-5);
        total += r * own + (1.0 - r) * rest;
    }
    total
}

/// How NiftyNet's `r` relates to the lab's λ (Brosch et al. 2015's `r`): with one output
/// channel, r multiplies the error over the target's own voxels, exactly as λ does (its code
/// names that term `specificity_part`, its docstring "r(specificity part)": the names are
/// swapped, the arithmetic is the article's); with a two-class softmax output, the
/// background class's terms are the object's with r and 1 − r exchanged, so r cancels.
#[test]
fn niftynet_r_is_lambda_on_one_channel_and_cancels_on_two_classes() {
    let y = vec![1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0];
    let p = vec![0.7, 0.4, 0.2, 0.1, 0.05, 0.3, 0.0, 0.6];
    for r in [0.05, 0.5, 0.95] {
        let config = LossConfig::SensitivitySpecificity(SensitivitySpecificityParams {
            lambda: r,
            smooth: 1e-5,
        });
        let ours = Loss::new(config)
            .expect("valid")
            .evaluate(Binary::new(&y[..], &p[..]).expect("ok"))
            .value;
        let one_channel = niftynet(&[(y.clone(), p.clone())], r);
        assert!(
            (ours - one_channel).abs() < 1e-12,
            "r = {r}: λ = r gives {ours}, NiftyNet {one_channel}"
        );
        // Two softmax classes: background p₀ = 1 − p, target y₀ = 1 − y. By hand the sum is
        // A + B for every r, with A = Σ(y − p)²y/(Sy + ε), B = Σ(y − p)²(1 − y)/(N − Sy + ε):
        // here A = (0.09 + 0.36)/2 and B = (0.04 + 0.01 + 0.0025 + 0.09 + 0 + 0.36)/6.
        let background = (y.iter().map(|v| 1.0 - v).collect(), p.iter().map(|v| 1.0 - v).collect());
        let two = niftynet(&[background, (y.clone(), p.clone())], r);
        let (a, b) = (0.45 / (2.0 + 1e-5), 0.5025 / (6.0 + 1e-5));
        assert!((two - (a + b)).abs() < 1e-12, "r = {r}: {two} vs A + B = {}", a + b);
    }
}
