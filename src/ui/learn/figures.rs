//! The live figures of the claims tour, computed from the current state through the core
//! (never canned). Pure: tested natively against hand derivations.

use losslab_core::scene::Scene;
use losslab_core::{Binary, DiceParams, FocalReduction, Loss, LossConfig, TARGET_THRESHOLD};

/// A loss's value on the scene (NaN if the scene or config is refused, which the app never
/// produces).
pub fn value_on(scene: &Scene, prob: &[f64], config: LossConfig) -> f64 {
    match (Binary::new(scene.target(), prob), Loss::new(config)) {
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
}
