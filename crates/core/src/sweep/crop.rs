//! `crop-sweep` (the article's remedy 3, C10): square crop windows centred on the object's
//! bounding box, from the whole image down to the box plus one pixel on each side. For each
//! window the scene's target and prediction (painted edits included) are cut out and every
//! loss is evaluated on the crop as its own image.
//!
//! Panels (x = the window's side in pixels): `fraction` (foreground fraction `Sy/N` of the
//! crop), `value`, `max_grad` (max |∂L/∂z| over object pixels).

use super::data::{Curve, FigureData, Job, Panel, Step};
use super::sampling::{config_of, evaluate, log_space};
use super::settings::FigureId;
use crate::scene::Scene;
use crate::{Evaluation, LossConfig, LossName};
use std::rc::Rc;

/// A crop window: top-left corner and side, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Left column.
    pub x: usize,
    /// Top row.
    pub y: usize,
    /// Side length.
    pub side: usize,
}

/// The object's bounding box `(x0, y0, x1, y1)` (inclusive), if there is an object.
pub fn bounding_box(target: &[f64], side: usize) -> Option<(usize, usize, usize, usize)> {
    let on = (0..target.len()).filter(|&i| target[i] >= 0.5);
    on.fold(None, |acc, i| {
        let (x, y) = (i % side, i / side);
        Some(match acc {
            None => (x, y, x, y),
            Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
        })
    })
}

/// The windows of the sweep, largest first: about `count` sides log-spaced from the image's
/// side down to the bounding box plus a one-pixel margin, each centred on the box and moved
/// inside the image.
pub fn windows(target: &[f64], side: usize, count: usize) -> Vec<Window> {
    let Some((x0, y0, x1, y1)) = bounding_box(target, side) else {
        return Vec::new();
    };
    let smallest = ((x1 - x0).max(y1 - y0) + 3).min(side);
    let mut sides: Vec<usize> = log_space(side as f64, smallest as f64, count)
        .into_iter()
        .map(|s| s.round() as usize)
        .collect();
    sides.dedup();
    let (cx, cy) = ((x0 + x1 + 1) as f64 / 2.0, (y0 + y1 + 1) as f64 / 2.0);
    let place = |c: f64, s: usize| ((c - s as f64 / 2.0).round().max(0.0) as usize).min(side - s);
    sides.into_iter().map(|s| Window { x: place(cx, s), y: place(cy, s), side: s }).collect()
}

/// Cuts `window` out of a row-major `side × side` buffer.
pub fn cut(buffer: &[f64], side: usize, window: Window) -> Vec<f64> {
    let mut out = Vec::with_capacity(window.side * window.side);
    for row in window.y..window.y + window.side {
        let start = row * side + window.x;
        out.extend_from_slice(&buffer[start..start + window.side]);
    }
    out
}

/// The `crop-sweep` job.
pub fn job(scene: &Scene, configs: &[LossConfig], losses: &[LossName], points: usize) -> Job {
    let mut panels = vec![Panel::new("fraction"), Panel::new("value"), Panel::new("max_grad")];
    panels[0].curves.push(Curve::new(None, "foreground fraction", false));
    for &loss in losses {
        panels[1].curves.push(Curve::new(Some(loss), "", false));
        panels[2].curves.push(Curve::new(Some(loss), "", false));
    }
    let scene = Rc::new(scene.clone());
    let configs: Vec<LossConfig> = losses.iter().map(|&l| config_of(configs, l)).collect();
    let side = scene.side();
    let list = windows(scene.target(), side, (points / 3).clamp(8, 40));
    let mut notes = Vec::new();
    if list.is_empty() {
        notes.push("the scene has no object: nothing to crop around".to_string());
    }
    let steps: Vec<Step> = list
        .into_iter()
        .map(|w| {
            let scene = Rc::clone(&scene);
            let configs = configs.clone();
            Box::new(move |data: &mut FigureData| {
                let target = cut(scene.target(), side, w);
                let prob = cut(scene.prob(), side, w);
                let x = w.side as f64;
                let object = target.iter().filter(|&&y| y >= 0.5).count() as f64;
                data.panels[0].curves[0].points.push((x, object / target.len() as f64));
                let mut out = Evaluation::new();
                for (j, config) in configs.iter().enumerate() {
                    if evaluate(config, &target, &prob, w.side, &mut out) {
                        data.panels[1].curves[j].points.push((x, out.value));
                        data.panels[2].curves[j].points.push((x, out.summary.max_abs_target));
                    }
                }
            }) as Step
        })
        .collect();
    Job::new(FigureData { id: FigureId::CropSweep, panels, notes }, steps, None)
}
