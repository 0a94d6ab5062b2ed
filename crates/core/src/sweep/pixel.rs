//! `pixel-curves`: loss and gradients against one pixel's probability.
//!
//! Panels:
//! - `value`, `grad_prob`, `grad_logit`: one pixel **of the current scene** has its `p`
//!   varied, every other pixel fixed: the object pixel nearest the object's centre (`t = 1`,
//!   solid) and the background pixel farthest from it (`t = 0`, dashed). `value` is the
//!   change of the whole image's loss from its value now, `L(p) − L(p_now)` (one pixel of
//!   thousands moves the loss little: the change shows the shape); the gradients are at that
//!   pixel. This is what a network's output
//!   pixel sees, for pixel-wise and region losses alike (a region loss has no per-pixel
//!   value, so a one-pixel "image" would be a different loss).
//! - `article`: the article's comparison (C4) on a one-pixel image with soft target `t`:
//!   cross-entropy's `∂L/∂z = p − t` against Dice's `−∂L/∂p = 2t²/(p+t)²` (smooth 0), for
//!   `t = 1, 0.1, 0.01`; both evaluated by the core.
//! - `focal_value`, `focal_grad`: focal loss and `∂L/∂z` on a one-pixel image with `t = 1`
//!   for γ = 0…5, the current α (C3; with one pixel every reduction gives the same value).

use super::data::{Curve, FigureData, Job, Panel, Step};
use super::sampling::{config_of, evaluate, lin_space, log_space};
use super::settings::FigureId;
use crate::scene::Scene;
use crate::{sigmoid, DiceParams, Evaluation, LossConfig, LossName};
use std::rc::Rc;

/// Pixel evaluations a step aims at: 8 points of a 64 × 64 scene.
pub const STEP_PIXELS: usize = 8 * 64 * 64;

/// Points of a sweep evaluated per step on an image of `pixels` pixels (at least one), so a
/// step stays short on every grid: 8 on 64 × 64, 2 on 128 × 128, 1 on 256 × 256.
pub fn chunk(pixels: usize) -> usize {
    (STEP_PIXELS / pixels.max(1)).clamp(1, 8)
}

/// The targets of the article panel.
pub const ARTICLE_TARGETS: [f64; 3] = [1.0, 0.1, 0.01];
/// The γ values of the focal panels.
pub const FOCAL_GAMMAS: [f64; 6] = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];

/// The probabilities of the scene panels: `σ(z)` for `z` evenly spaced in `[−7, 7]`, dense
/// near 0 and 1 where the gradients change fastest.
pub fn prob_grid(points: usize) -> Vec<f64> {
    lin_space(-7.0, 7.0, points).into_iter().map(sigmoid).collect()
}

/// The probabilities of the one-pixel panels: log-spaced from 1e-4 to 1 − 1e-4.
pub fn article_grid(points: usize) -> Vec<f64> {
    log_space(1e-4, 1.0 - 1e-4, points)
}

/// The pixels whose `p` is varied: (object pixel nearest the object's centre, background
/// pixel farthest from it); either is `None` if the scene has no such pixel.
pub fn probe_pixels(scene: &Scene) -> (Option<usize>, Option<usize>) {
    let side = scene.side();
    let target = scene.target();
    let on: Vec<usize> = (0..target.len()).filter(|&i| target[i] >= 0.5).collect();
    let (cx, cy) = if on.is_empty() {
        (side as f64 / 2.0, side as f64 / 2.0)
    } else {
        let n = on.len() as f64;
        (
            on.iter().map(|&i| (i % side) as f64).sum::<f64>() / n,
            on.iter().map(|&i| (i / side) as f64).sum::<f64>() / n,
        )
    };
    let dist = |i: usize| ((i % side) as f64 - cx).powi(2) + ((i / side) as f64 - cy).powi(2);
    let by_dist = |a: &usize, b: &usize| dist(*a).total_cmp(&dist(*b)).then(b.cmp(a));
    let object = on.iter().copied().min_by(by_dist);
    let background = (0..target.len()).filter(|&i| target[i] < 0.5).max_by(by_dist);
    (object, background)
}

/// The `pixel-curves` job for `losses` with their `configs` on `scene`.
pub fn job(scene: &Scene, configs: &[LossConfig], losses: &[LossName], points: usize) -> Job {
    let scene = Rc::new(scene.clone());
    let (object, background) = probe_pixels(&scene);
    let probes: Vec<(usize, f64)> = [(object, 1.0), (background, 0.0)]
        .into_iter()
        .filter_map(|(i, t)| i.map(|i| (i, t)))
        .collect();
    let mut panels = vec![Panel::new("value"), Panel::new("grad_prob"), Panel::new("grad_logit")];
    let mut steps: Vec<Step> = Vec::new();
    for &loss in losses {
        let config = config_of(configs, loss);
        for &(pixel, t) in &probes {
            let slot = panels[0].curves.len();
            let variant = if t == 1.0 { "t=1" } else { "t=0" };
            for panel in &mut panels {
                panel.curves.push(Curve::new(Some(loss), variant, t == 0.0));
            }
            // The loss now, found by a step of its own (no whole-image work before the first
            // step), read by the chunks after it.
            let now = Rc::new(std::cell::Cell::new(None::<f64>));
            let (first, base) = (Rc::clone(&scene), Rc::clone(&now));
            steps.push(Box::new(move |_: &mut FigureData| {
                let mut out = Evaluation::new();
                let ok = evaluate(&config, first.target(), first.prob(), first.side(), &mut out);
                base.set(ok.then_some(out.value));
            }));
            // Chunks of the p grid: each step stays short even on a 256 × 256 scene.
            for chunk in prob_grid(points).chunks(chunk(scene.target().len())) {
                let (scene, now) = (Rc::clone(&scene), Rc::clone(&now));
                let chunk = chunk.to_vec();
                steps.push(Box::new(move |data: &mut FigureData| {
                    let Some(now) = now.get() else { return };
                    let mut prob = scene.prob().to_vec();
                    let mut out = Evaluation::new();
                    for &p in &chunk {
                        prob[pixel] = p;
                        if evaluate(&config, scene.target(), &prob, scene.side(), &mut out) {
                            let ys = [out.value - now, out.grad_prob[pixel], out.grad_logit[pixel]];
                            for (panel, y) in data.panels.iter_mut().zip(ys) {
                                panel.curves[slot].points.push((p, y));
                            }
                        }
                    }
                }));
            }
        }
    }
    let mut notes = Vec::new();
    if object.is_none() {
        notes.push("the scene has no object pixel: no t = 1 curves".to_string());
    }
    let first = panels.len();
    panels.push(article_panel());
    panels.push(Panel::new("focal_value"));
    panels.push(Panel::new("focal_grad"));
    let focal = focal_params(configs);
    for &gamma in &FOCAL_GAMMAS {
        let variant = format!("γ={gamma}");
        panels[first + 1].curves.push(Curve::new(Some(LossName::Focal), variant.clone(), false));
        panels[first + 2].curves.push(Curve::new(Some(LossName::Focal), variant, false));
    }
    steps
        .push(Box::new(move |data: &mut FigureData| fill_article(&mut data.panels[first], points)));
    for (k, &gamma) in FOCAL_GAMMAS.iter().enumerate() {
        let config = LossConfig::Focal(crate::FocalParams { gamma, ..focal });
        let mut out = Evaluation::new();
        steps.push(Box::new(move |data: &mut FigureData| {
            for p in prob_grid(points) {
                if evaluate(&config, &[1.0], &[p], 1, &mut out) {
                    data.panels[first + 1].curves[k].points.push((p, out.value));
                    data.panels[first + 2].curves[k].points.push((p, out.grad_logit[0]));
                }
            }
        }));
    }
    Job::new(FigureData { id: FigureId::PixelCurves, panels, notes }, steps, None)
}

/// Focal loss's current parameters.
pub fn focal_params(configs: &[LossConfig]) -> crate::FocalParams {
    match config_of(configs, LossName::Focal) {
        LossConfig::Focal(p) => p,
        // `config_of` returns a focal configuration for `LossName::Focal`; the article's
        // defaults stand in for the impossible case.
        _ => crate::FocalParams { alpha: 0.25, gamma: 2.0, reduction: crate::FocalReduction::Mean },
    }
}

fn article_panel() -> Panel {
    let mut panel = Panel::new("article");
    for t in ARTICLE_TARGETS {
        panel.curves.push(Curve::new(Some(LossName::Bce), format!("p − t, t={t}"), true));
        panel.curves.push(Curve::new(Some(LossName::Dice), format!("2t²/(p+t)², t={t}"), false));
    }
    panel
}

fn fill_article(panel: &mut Panel, points: usize) {
    let dice = LossConfig::Dice(DiceParams { smooth: 0.0, squared: false });
    let mut out = Evaluation::new();
    for (k, t) in ARTICLE_TARGETS.into_iter().enumerate() {
        for p in article_grid(points) {
            if evaluate(&LossConfig::Bce, &[t], &[p], 1, &mut out) {
                panel.curves[2 * k].points.push((p, out.grad_logit[0]));
            }
            if evaluate(&dice, &[t], &[p], 1, &mut out) {
                panel.curves[2 * k + 1].points.push((p, -out.grad_prob[0]));
            }
        }
    }
}
