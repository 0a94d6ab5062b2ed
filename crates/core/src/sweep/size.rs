//! `size-sweep` and `pixel-sensitivity`: the losses against object area.
//!
//! For each area (1 pixel to half the image, log-spaced) the scene's generator draws the
//! target with that area and the scene's **current prediction model** predicts it — exactly
//! what `Scene::new(grid, spec, model)` gives, painted edits aside.
//!
//! `size-sweep` panels: `value`; `max_grad` = max |∂L/∂z| over object pixels; `ratio` = that
//! divided by BCE's on the same scene (C4). One curve per loss and background confidence:
//! the scene's own (solid) and the extra ones of the settings (dashed).
//!
//! `pixel-sensitivity` panels: `delta` = L(one more object pixel missed) − L(now), where
//! "missed" sets the object pixel with the highest `p` to the background confidence;
//! `relative` = that change divided by L(now); reference curves: one pixel's share of the
//! object `1/n` (the lab's reading of C8, "25 % at 4 pixels"; the article gives no figure), and Dice on hard masks with smooth 0
//! (perfect, then one pixel missed: `1/(2n − 1)`). `gdl_weights`: generalized Dice's class
//! weights against area, and the object class's weight when it is absent (C8).

use super::data::{Curve, FigureData, Job, Panel, Step};
use super::sampling::{config_of, evaluate, log_areas};
use super::settings::FigureId;
use crate::scene::{GridSize, PredictionModel, Scene, Shape, TargetSpec};
use crate::{DiceParams, Evaluation, LossConfig, LossName};

/// The object areas of both figures on `grid`.
pub fn areas(grid: GridSize, points: usize) -> Vec<usize> {
    log_areas(grid.max_area(), (points / 3).clamp(12, 40))
}

/// The generator used for an area sweep: the scene's, with a disc standing in for the empty
/// shape.
fn sweep_spec(scene: &Scene) -> TargetSpec {
    let spec = scene.spec();
    if spec.shape == Shape::Empty {
        TargetSpec { shape: Shape::Disc, ..spec }
    } else {
        spec
    }
}

/// The scene the sweeps evaluate at `area` with background confidence `background`.
pub fn scene_at(scene: &Scene, area: usize, background: f64) -> Scene {
    let model = PredictionModel { background, ..scene.model() };
    Scene::new(scene.grid(), TargetSpec { area, ..sweep_spec(scene) }, model)
}

/// Label of a background confidence.
pub fn background_label(background: f64) -> String {
    format!("bg={background}")
}

/// The `size-sweep` job.
pub fn size_job(
    scene: &Scene,
    configs: &[LossConfig],
    losses: &[LossName],
    backgrounds: &[f64],
    points: usize,
) -> Job {
    let mut list = vec![scene.model().background];
    list.extend(backgrounds.iter().filter(|&&b| b != scene.model().background));
    let mut panels = vec![Panel::new("value"), Panel::new("max_grad"), Panel::new("ratio")];
    for (k, &bg) in list.iter().enumerate() {
        for &loss in losses {
            for panel in &mut panels {
                panel.curves.push(Curve::new(Some(loss), background_label(bg), k > 0));
            }
        }
    }
    let configs: Vec<LossConfig> = losses.iter().map(|&l| config_of(configs, l)).collect();
    let mut steps: Vec<Step> = Vec::new();
    for (k, &bg) in list.iter().enumerate() {
        for area in areas(scene.grid(), points) {
            let base = scene.clone();
            let configs = configs.clone();
            steps.push(Box::new(move |data: &mut FigureData| {
                let at = scene_at(&base, area, bg);
                let mut out = Evaluation::new();
                if !evaluate(&LossConfig::Bce, at.target(), at.prob(), at.side(), &mut out) {
                    return;
                }
                let bce_grad = out.summary.max_abs_target;
                let x = area as f64;
                for (j, config) in configs.iter().enumerate() {
                    if evaluate(config, at.target(), at.prob(), at.side(), &mut out) {
                        let slot = k * configs.len() + j;
                        let grad = out.summary.max_abs_target;
                        data.panels[0].curves[slot].points.push((x, out.value));
                        data.panels[1].curves[slot].points.push((x, grad));
                        if bce_grad > 0.0 {
                            data.panels[2].curves[slot].points.push((x, grad / bce_grad));
                        }
                    }
                }
            }));
        }
    }
    Job::new(FigureData { id: FigureId::SizeSweep, panels, notes: spec_notes(scene) }, steps, None)
}

fn spec_notes(scene: &Scene) -> Vec<String> {
    if scene.spec().shape == Shape::Empty {
        vec!["the scene's shape is empty: the sweep draws discs".to_string()]
    } else {
        Vec::new()
    }
}

/// `prob` with one more object pixel missed: the object pixel with the highest `p` set to
/// `background`. `None` if the target has no object pixel.
pub fn miss_one(target: &[f64], prob: &[f64], background: f64) -> Option<Vec<f64>> {
    let best = (0..target.len())
        .filter(|&i| target[i] >= 0.5)
        .max_by(|&a, &b| prob[a].total_cmp(&prob[b]).then(b.cmp(&a)))?;
    let mut out = prob.to_vec();
    out[best] = background;
    Some(out)
}

/// Label of the reference curve "one pixel's share of the object".
pub const SHARE_LABEL: &str = "1/n (one pixel's share)";
/// Variant of the reference curve "Dice on hard masks, smooth 0".
pub const HARD_DICE_VARIANT: &str = "hard masks, s=0";

/// The `pixel-sensitivity` job.
pub fn sensitivity_job(
    scene: &Scene,
    configs: &[LossConfig],
    losses: &[LossName],
    points: usize,
) -> Job {
    let mut panels = vec![Panel::new("delta"), Panel::new("relative"), Panel::new("gdl_weights")];
    for &loss in losses {
        panels[0].curves.push(Curve::new(Some(loss), "", false));
        panels[1].curves.push(Curve::new(Some(loss), "", false));
    }
    let n = losses.len();
    for panel in &mut panels[..2] {
        panel.curves.push(Curve::new(Some(LossName::Dice), HARD_DICE_VARIANT, true));
        panel.curves.push(Curve::new(None, SHARE_LABEL, true));
    }
    let gdl = config_of(configs, LossName::GeneralizedDice);
    panels[2].curves.push(Curve::new(Some(LossName::GeneralizedDice), "w₁ (object)", false));
    panels[2].curves.push(Curve::new(Some(LossName::GeneralizedDice), "w₀ (background)", true));
    panels[2].curves.push(Curve::new(None, "w₁ when the object is absent", true));
    let configs: Vec<LossConfig> = losses.iter().map(|&l| config_of(configs, l)).collect();
    let hard_dice = LossConfig::Dice(DiceParams { smooth: 0.0, squared: false });
    let mut steps: Vec<Step> = Vec::new();
    let grid = scene.grid();
    let all_areas = areas(grid, points);
    let (first_area, last_area) = (all_areas[0] as f64, all_areas[all_areas.len() - 1] as f64);
    for area in all_areas {
        let base = scene.clone();
        let configs = configs.clone();
        steps.push(Box::new(move |data: &mut FigureData| {
            let at = scene_at(&base, area, base.model().background);
            let x = area as f64;
            let mut out = Evaluation::new();
            if let Some(missed) = miss_one(at.target(), at.prob(), at.model().background) {
                for (j, config) in configs.iter().enumerate() {
                    if !evaluate(config, at.target(), at.prob(), at.side(), &mut out) {
                        continue;
                    }
                    let before = out.value;
                    if evaluate(config, at.target(), &missed, at.side(), &mut out) {
                        let delta = out.value - before;
                        data.panels[0].curves[j].points.push((x, delta));
                        if before != 0.0 {
                            data.panels[1].curves[j].points.push((x, delta / before.abs()));
                        }
                    }
                }
            }
            let target = at.target();
            if let Some(missed) = miss_one(target, target, 0.0) {
                let perfect =
                    evaluate(&hard_dice, target, target, at.side(), &mut out).then_some(out.value);
                if let Some(before) = perfect {
                    if evaluate(&hard_dice, target, &missed, at.side(), &mut out) {
                        data.panels[0].curves[n].points.push((x, out.value - before));
                    }
                }
            }
            let count = target.iter().filter(|&&y| y >= 0.5).count() as f64;
            data.panels[0].curves[n + 1].points.push((x, 1.0 / count));
            data.panels[1].curves[n + 1].points.push((x, 1.0 / count));
            if evaluate(&gdl, at.target(), at.prob(), at.side(), &mut out)
                && out.class_weights.len() == 2
            {
                data.panels[2].curves[0].points.push((x, out.class_weights[1]));
                data.panels[2].curves[1].points.push((x, out.class_weights[0]));
            }
        }));
    }
    let base = scene.clone();
    steps.push(Box::new(move |data: &mut FigureData| {
        let empty =
            Scene::new(grid, TargetSpec { shape: Shape::Empty, ..base.spec() }, base.model());
        let mut out = Evaluation::new();
        if evaluate(&gdl, empty.target(), empty.prob(), empty.side(), &mut out)
            && out.class_weights.len() == 2
        {
            let w = out.class_weights[1];
            data.panels[2].curves[2].points = vec![(first_area, w), (last_area, w)];
        }
    }));
    let notes = spec_notes(scene);
    Job::new(FigureData { id: FigureId::PixelSensitivity, panels, notes }, steps, None)
}
