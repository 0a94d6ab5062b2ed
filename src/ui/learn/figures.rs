//! The live figures of the claims tour, computed from the current state through the core
//! (never canned). Pure: tested natively against hand derivations.

use losslab_core::scene::Scene;
use losslab_core::{Binary, DiceParams, FocalReduction, Loss, LossConfig, TARGET_THRESHOLD};

/// A loss's value on the scene (NaN if the scene or config is refused, which the app never
/// produces).
pub fn value_on(scene: &Scene, prob: &[f64], config: LossConfig) -> f64 {
    let input = Binary::new(scene.target(), prob)
        .and_then(|input| input.with_shape(scene.side(), scene.side()));
    match (input, Loss::new(config)) {
        (Ok(input), Ok(loss)) => loss.evaluate(input).value,
        _ => f64::NAN,
    }
}

/// C3: focal loss with `sum` and with `mean` reduction (same α, γ) on the scene, and `N`.
pub fn focal_sum_mean(scene: &Scene, config: LossConfig) -> (f64, f64, usize) {
    let with = |r: FocalReduction| match config {
        LossConfig::Focal(mut p) => {
            p.reduction = r;
            value_on(scene, scene.prob(), LossConfig::Focal(p))
        }
        _ => f64::NAN,
    };
    (with(FocalReduction::Sum), with(FocalReduction::Mean), scene.target().len())
}

/// C4 in one variable: a one-pixel image (target `t`, prediction `p`), Dice with smoothing 0
/// (the article's `2t²/(p+t)²`) and BCE, each as `(∂L/∂p, ∂L/∂z)` from the core. `None` if
/// `t` or `p` is refused (outside [0, 1]).
pub fn one_pixel_gradients(t: f64, p: f64) -> Option<[(f64, f64); 2]> {
    let input = Binary::new(std::slice::from_ref(&t), std::slice::from_ref(&p)).ok()?;
    let dice = LossConfig::Dice(DiceParams { smooth: 0.0, squared: false });
    let grads = |config: LossConfig| {
        let ev = Loss::new(config).ok()?.evaluate(input);
        Some((*ev.grad_prob.first()?, *ev.grad_logit.first()?))
    };
    Some([grads(dice)?, grads(LossConfig::Bce)?])
}

/// C8: `(before, after, object pixels)`: the loss on the scene, and with the prediction of
/// one object pixel (the first in reading order) set to 0, i.e. missed.
pub fn one_pixel_missed(scene: &Scene, config: LossConfig) -> Option<(f64, f64, usize)> {
    let target = scene.target();
    let first = target.iter().position(|&y| y >= TARGET_THRESHOLD)?;
    let object = target.iter().filter(|&&y| y >= TARGET_THRESHOLD).count();
    let mut prob = scene.prob().to_vec();
    let before = value_on(scene, &prob, config);
    prob[first] = 0.0;
    Some((before, value_on(scene, &prob, config), object))
}

/// C10: the foreground fraction of the whole image and of a square crop around the object
/// (its bounding box grown by `margin` pixels each side, kept inside the image), and the
/// crop's side lengths `(width, height)`.
pub fn crop_fraction(scene: &Scene, margin: usize) -> Option<(f64, f64, (usize, usize))> {
    let side = scene.side();
    let target = scene.target();
    let (mut x0, mut y0, mut x1, mut y1) = (usize::MAX, usize::MAX, 0, 0);
    for (i, &y) in target.iter().enumerate() {
        if y >= TARGET_THRESHOLD {
            let (r, c) = (i / side, i % side);
            x0 = x0.min(c);
            x1 = x1.max(c);
            y0 = y0.min(r);
            y1 = y1.max(r);
        }
    }
    if x0 == usize::MAX {
        return None;
    }
    let (x0, y0) = (x0.saturating_sub(margin), y0.saturating_sub(margin));
    let (x1, y1) = ((x1 + margin).min(side - 1), (y1 + margin).min(side - 1));
    let mut inside = 0.0;
    for r in y0..=y1 {
        for c in x0..=x1 {
            inside += target[r * side + c];
        }
    }
    let (w, h) = (x1 - x0 + 1, y1 - y0 + 1);
    let full = target.iter().sum::<f64>() / target.len() as f64;
    Some((full, inside / (w * h) as f64, (w, h)))
}

/// Where a loss's gradient `∂L/∂z` falls on the scene, from the core's evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reach {
    /// Pixels with a non-zero gradient.
    pub pixels: usize,
    /// Of those, object pixels (target ≥ [`TARGET_THRESHOLD`]).
    pub object: usize,
    /// `Σ|∂L/∂z|` over every pixel.
    pub total: f64,
    /// `Σ|∂L/∂z|` over the object pixels.
    pub on_object: f64,
    /// `Σ|∂L/∂z|` over the pixels `within` marks (see [`reach`]).
    pub within: f64,
}

/// The core's `∂L/∂z` of `config` on the scene (`None` if refused, which the app never does).
fn grad_logit(scene: &Scene, config: LossConfig) -> Option<Vec<f64>> {
    let input = scene.input().ok()?;
    Some(Loss::new(config).ok()?.evaluate(input).grad_logit)
}

/// Where `grad` falls; `within` marks the pixels whose share `Reach::within` sums.
fn reach(target: &[f64], grad: &[f64], within: &[bool]) -> Reach {
    let mut r = Reach { pixels: 0, object: 0, total: 0.0, on_object: 0.0, within: 0.0 };
    for ((&y, &g), &w) in target.iter().zip(grad).zip(within) {
        let object = y >= TARGET_THRESHOLD;
        if g != 0.0 {
            r.pixels += 1;
            r.object += usize::from(object);
        }
        r.total += g.abs();
        if object {
            r.on_object += g.abs();
        }
        if w {
            r.within += g.abs();
        }
    }
    r
}

/// Tour step 12: top-k CE (`topk`, its `k`) against BCE on the scene: `K` as the core counts
/// it, and where each loss's gradient falls (`within`: top-k's pixels), with the number of
/// object pixels.
pub fn topk_focus(scene: &Scene, topk: LossConfig) -> Option<(usize, Reach, Reach, usize)> {
    let LossConfig::TopkCe(p) = topk else { return None };
    let target = scene.target();
    let k = losslab_core::top_k_count(target.len(), p.k);
    let top = grad_logit(scene, topk)?;
    let kept: Vec<bool> = top.iter().map(|&g| g != 0.0).collect();
    let bce = grad_logit(scene, LossConfig::Bce)?;
    let object = target.iter().filter(|&&y| y >= TARGET_THRESHOLD).count();
    Some((k, reach(target, &top, &kept), reach(target, &bce, &kept), object))
}

/// Tour step 13: the Lovász hinge against soft IoU (`iou`, its parameters) on the scene:
/// where each gradient falls (`within`: the Lovász hinge's pixels).
pub fn lovasz_focus(scene: &Scene, iou: LossConfig) -> Option<(Reach, Reach)> {
    let target = scene.target();
    let hinge = grad_logit(scene, LossConfig::LovaszHinge)?;
    let errors: Vec<bool> = hinge.iter().map(|&g| g != 0.0).collect();
    let soft = grad_logit(scene, iou)?;
    Some((reach(target, &hinge, &errors), reach(target, &soft, &errors)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use losslab_core::scene::{GridSize, PredictionModel, Shape, TargetSpec};
    use losslab_core::LossName;

    fn square(area: usize, background: f64, foreground: f64) -> Scene {
        Scene::new(
            GridSize::S32,
            TargetSpec { shape: Shape::Square, area, center_x: 0.5, center_y: 0.5 },
            PredictionModel { background, foreground, ..PredictionModel::default() },
        )
    }

    /// A 4-pixel square predicted p = 1 − 1e-9… exactly: hard Dice 2·4/(4+4) = 1 before, and
    /// with one pixel missed 2·3/(4+3) = 6/7 (smooth 0, background 0 is out of the model's
    /// range, so the background share is added by hand: Σp_bg = 1020·1e-4 = 0.102).
    #[test]
    fn missing_one_of_four_pixels() {
        let scene = square(4, 1e-4, 1.0);
        let mut dice = LossConfig::default_for(LossName::Dice);
        dice.set(losslab_core::params::dice::SMOOTH.key, &losslab_core::ParamValue::Number(0.0))
            .expect("ok");
        let (before, after, object) = one_pixel_missed(&scene, dice).expect("an object");
        assert_eq!(object, 4);
        let bg = 1020.0 * 1e-4;
        assert!((before - (1.0 - 8.0 / (8.0 + bg))).abs() < 1e-9, "{before}");
        assert!((after - (1.0 - 6.0 / (7.0 + bg))).abs() < 1e-9, "{after}");
    }

    /// By hand, one pixel, t = 1. Dice (s = 0): D = 2tp/(t + p), ∂L/∂p = −2t²/(p + t)²;
    /// BCE: ∂L/∂p = −t/p + (1 − t)/(1 − p); and ∂L/∂z = ∂L/∂p · p(1 − p) for both.
    /// p = 0.6: Dice −2/1.6² = −0.78125 and ·0.24 = −0.1875; BCE −1/0.6 and p − t = −0.4.
    /// p = 0.01: Dice ∂L/∂p = −2/1.01² = −1.96059 (large), ∂L/∂z = −1.96059 · 0.0099 =
    /// −0.0194098 (vanishing as p → 0); BCE ∂L/∂p = −100, ∂L/∂z = −0.99.
    #[test]
    fn one_pixel_gradients_in_p_and_in_z() {
        let close = |a: f64, b: f64| assert!((a - b).abs() < 1e-9 * b.abs().max(1.0), "{a} vs {b}");
        let [(dp, dz), (bp, bz)] = one_pixel_gradients(1.0, 0.6).expect("valid");
        close(dp, -0.78125);
        close(dz, -0.1875);
        close(bp, -1.0 / 0.6);
        close(bz, -0.4);
        let [(dp, dz), (bp, bz)] = one_pixel_gradients(1.0, 0.01).expect("valid");
        close(dp, -2.0 / (1.01 * 1.01));
        close(dz, -2.0 / (1.01 * 1.01) * 0.01 * 0.99);
        close(bp, -100.0);
        close(bz, -0.99);
        assert!(one_pixel_gradients(1.0, 1.5).is_none());
    }

    /// Sum over N pixels against their mean: the ratio is N = 32·32.
    #[test]
    fn focal_sum_is_n_times_mean() {
        let scene = square(16, 0.05, 0.9);
        let (sum, mean, n) = focal_sum_mean(&scene, LossConfig::default_for(LossName::Focal));
        assert_eq!(n, 1024);
        assert!((sum / mean - 1024.0).abs() < 1e-6);
    }

    /// A 16-pixel (4×4) square in 32×32: 16/1024 of the image; the crop with margin 2 is
    /// 8×8 = 64 pixels, 16/64 = 25 % foreground.
    #[test]
    fn crop_raises_the_foreground_fraction() {
        let scene = square(16, 0.05, 0.9);
        let (full, crop, (w, h)) = crop_fraction(&scene, 2).expect("an object");
        assert!((full - 16.0 / 1024.0).abs() < 1e-12);
        assert_eq!((w, h), (8, 8));
        assert!((crop - 0.25).abs() < 1e-12);
        assert!(crop_fraction(
            &Scene::new(
                GridSize::S32,
                TargetSpec { shape: Shape::Empty, ..TargetSpec::default() },
                PredictionModel::default()
            ),
            2
        )
        .is_none());
    }

    /// Step 12, counted here from the contract: z = ln p̂ − ln(1 − p̂), each pixel's BCE from
    /// logits ℓ = softplus(−t·z), K = ⌊1024·10/100⌋ = 102 largest kept (ties: lower index);
    /// top-k's ∂L/∂z = (σ(z) − y)/K there, BCE's (p̂ − y)/N everywhere.
    #[test]
    fn topk_keeps_the_hardest_pixels_of_step_12() {
        let scene = crate::ui::learn::steps::topk_scene();
        let (y, p) = (scene.target(), scene.prob());
        let z: Vec<f64> = p
            .iter()
            .map(|&p| {
                let q = p.clamp(1e-7, 1.0 - 1e-7);
                q.ln() - (-q).ln_1p()
            })
            .collect();
        let loss: Vec<f64> = (0..y.len())
            .map(|i| {
                let m = if y[i] >= 1.0 { -z[i] } else { z[i] };
                m.max(0.0) + (-m.abs()).exp().ln_1p()
            })
            .collect();
        let mut order: Vec<usize> = (0..y.len()).collect();
        order.sort_by(|&a, &b| loss[b].partial_cmp(&loss[a]).expect("finite"));
        let k = 1024 * 10 / 100;
        // The K-th pixel is harder than the constant background (no tie with it decides),
        // and the pixels tied with it are of one class (the counts below do not depend on
        // which of them are kept; their gradients are equal).
        let background = (1.0f64 + 0.05 / 0.95).ln();
        assert!(loss[order[k - 1]] > background + 1e-9, "K reaches the constant background");
        let tied: Vec<usize> =
            order.iter().copied().filter(|&i| loss[i] == loss[order[k - 1]]).collect();
        assert!(tied.iter().all(|&i| y[i] == y[tied[0]]), "a tie across the classes");
        let kept = &order[..k];
        let object = |i: &usize| y[*i] >= 0.5;
        let grad = |i: usize| (losslab_core::sigmoid(z[i]) - y[i]).abs();
        let top_object: f64 = kept.iter().filter(|i| object(i)).map(|&i| grad(i)).sum::<f64>()
            / kept.iter().map(|&i| grad(i)).sum::<f64>();
        let bce_all: f64 = (0..y.len()).map(grad).sum();
        let bce_kept: f64 = kept.iter().map(|&i| grad(i)).sum();
        let bce_object: f64 = (0..y.len()).filter(|i| object(i)).map(grad).sum();

        let topk = LossConfig::default_for(LossName::TopkCe);
        let (big_k, top, bce, objects) = topk_focus(&scene, topk).expect("a top-k config");
        assert_eq!((big_k, top.pixels), (k, k));
        assert_eq!(objects, y.iter().filter(|&&v| v >= 0.5).count());
        assert_eq!(top.object, kept.iter().filter(|i| object(i)).count());
        assert_eq!(bce.pixels, 1024, "BCE pulls on every pixel");
        let close =
            |a: f64, b: f64, what: &str| assert!((a - b).abs() < 1e-12, "{what}: {a} vs {b}");
        close(top.on_object / top.total, top_object, "top-k's object share");
        close(bce.within / bce.total, bce_kept / bce_all, "BCE's share on the kept pixels");
        close(bce.on_object / bce.total, bce_object / bce_all, "BCE's object share");
        assert!(top.on_object / top.total > 2.0 * bce.on_object / bce.total, "the focus");
    }

    /// Step 13: the errors are the object pixels predicted 0.05 (e = 1 + ln 19 > 0) and the
    /// background pixels predicted 0.9 (e = 1 + ln 9 > 0); every other pixel is right by more
    /// than the margin (e = 1 − ln 9 or 1 − ln 19 < 0). With G object pixels, F missed and
    /// M errors in all, the weights sum to J_M = 1 − (G − F)/(G + M − F), the Jaccard loss of
    /// those errors (here G = 50, F = 16, M = 36: 1 − 34/70). Soft IoU's gradient reaches
    /// every pixel (0 < p < 1 everywhere).
    #[test]
    fn lovasz_hinge_grads_only_the_errors_of_step_13() {
        let scene = crate::ui::learn::steps::lovasz_scene();
        let (y, p) = (scene.target(), scene.prob());
        let missed = (0..y.len()).filter(|&i| y[i] == 1.0 && p[i] < 0.5).count();
        let false_pos = (0..y.len()).filter(|&i| y[i] == 0.0 && p[i] > 0.5).count();
        let g = y.iter().filter(|&&v| v == 1.0).count() as f64;
        let m = (missed + false_pos) as f64;
        let (hinge, soft) =
            lovasz_focus(&scene, LossConfig::default_for(LossName::Iou)).expect("a scene");
        assert_eq!((hinge.pixels, hinge.object), (missed + false_pos, missed));
        assert_eq!((g, missed, false_pos), (50.0, 16, 20), "the step's scene");
        let f = missed as f64;
        assert!((hinge.total - (1.0 - (g - f) / (g + m - f))).abs() < 1e-12, "{}", hinge.total);
        assert!((hinge.total - (1.0 - 34.0 / 70.0)).abs() < 1e-12);
        assert_eq!(soft.pixels, y.len());
        assert!(soft.within / soft.total < 0.1, "soft IoU's mass is mostly elsewhere");
    }
}
