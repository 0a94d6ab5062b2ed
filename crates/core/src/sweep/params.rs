//! `param-sweep`: the losses against their hyperparameters, on the current scene.
//!
//! Panels:
//! - `sweep`: every drawn loss that has the chosen parameter, against it over the range of
//!   its control (its `ParamSpec`); the current value is marked.
//! - `tversky`: Tversky along `α = β` (through Dice at ½,½ and Jaccard at 1,1) and along
//!   `β = 1 − α`; the Dice and Jaccard points are marked and checked live against Dice and
//!   IoU evaluated separately (C6). With smoothing `s`, `T(½,½) = (2I + 2s)/(Sy + Sp + 2s)`
//!   is Dice with smooth `2s` (the same smooth only when `s = 0`); `T(1,1)` is IoU with
//!   `ε_J = s`, empty `plain`.
//! - `sens_lambda`, `sens_size`: sensitivity–specificity's per-pixel weights `λ/(Sy+s)` and
//!   `(1−λ)/(N−Sy+s)` against λ, and against object area at the current λ (C7).
//! - `focal_share`: focal loss's share from easy negatives (`t = 0`, `p < 0.5`) and from object
//!   pixels against γ; `focal_reduction`: its value under `sum`, `mean` and `per_positive`
//!   against γ (C3: `sum` is `N` times `mean`).
//! - `focal_tversky`: focal Tversky's exponent γ (`L = (1 − T)^γ`) against what it does to the
//!   gradient: at one object pixel, focal Tversky's `∂L/∂p` divided by Tversky's (same α, β,
//!   s), which is `γ(1 − T)^(γ−1)`, on the current scene and on its target predicted nearly
//!   right (object 0.95, background 0.001) and badly (0.2 / 0.05). Below γ = 1 the
//!   gain is largest on the nearly-right image (the derivative grows as `T → 1`); above 1 it
//!   is largest on the bad one. The paper writes `(1 − T)^(1/γ')` with `γ' = 4/3`: γ = 0.75.

use super::data::{Curve, FigureData, Job, Marker, Panel, Step};
use super::sampling::{config_of, evaluate, lin_space, log_space};
use super::settings::{FigureId, SweepParam};
use super::size::{areas, scene_at};
use crate::scene::Scene;
use crate::{
    sensitivity_specificity_weights, DiceParams, EmptyPolicy, Evaluation, FocalReduction,
    IouParams, LossConfig, LossName, ParamValue, SensitivitySpecificityParams, SoftCounts,
    TverskyParams,
};
use std::rc::Rc;

/// The range swept for `param` of `loss`, and whether it is on a log axis; `None` if the
/// loss has no such numeric parameter.
pub fn range(loss: LossName, param: SweepParam) -> Option<(f64, f64)> {
    loss.spec(param.as_str())?.sweep_range()
}

/// The current value of `param` in `config`, if numeric.
pub fn current(config: &LossConfig, param: SweepParam) -> Option<f64> {
    match config.get(param.as_str())? {
        ParamValue::Number(x) => Some(x),
        _ => None,
    }
}

/// The losses the `sweep` panel draws: those of `losses` that have `param`, or, if none has
/// it, every loss that has it.
pub fn swept_losses(losses: &[LossName], param: SweepParam) -> Vec<LossName> {
    let has = |l: &LossName| range(*l, param).is_some();
    let chosen: Vec<LossName> = losses.iter().copied().filter(has).collect();
    if chosen.is_empty() {
        param.losses()
    } else {
        chosen
    }
}

/// The values swept for `loss`'s `param`: log-spaced where its control is logarithmic.
pub fn values(loss: LossName, param: SweepParam, points: usize) -> Vec<f64> {
    match range(loss, param) {
        Some((lo, hi)) if param.is_log_for(loss) => log_space(lo, hi, points),
        Some((lo, hi)) => lin_space(lo, hi, points),
        None => Vec::new(),
    }
}

/// The `param-sweep` job.
pub fn job(
    scene: &Scene,
    configs: &[LossConfig],
    losses: &[LossName],
    param: SweepParam,
    points: usize,
) -> Job {
    let scene = Rc::new(scene.clone());
    let mut panels = Vec::new();
    let mut steps: Vec<Step> = Vec::new();
    sweep_panel(&scene, configs, losses, param, points, &mut panels, &mut steps);
    tversky_panel(&scene, configs, points, &mut panels, &mut steps);
    sens_panels(&scene, configs, points, &mut panels, &mut steps);
    focal_panels(&scene, configs, points, &mut panels, &mut steps);
    focal_tversky_panel(&scene, configs, points, &mut panels, &mut steps);
    Job::new(FigureData { id: FigureId::ParamSweep, panels, notes: Vec::new() }, steps, None)
}

/// The ids of the `sweep` panels: one per distinct range (and axis) of the parameter among
/// the swept losses (focal's α runs over [0, 1], Tversky's over a wider range: one axis would
/// squeeze one of them; γ has four ranges once Dice + focal and unified focal join), the
/// losses of a range sharing a panel.
pub const SWEEP_PANELS: [&str; 4] = ["sweep", "sweep_2", "sweep_3", "sweep_4"];

/// The swept losses grouped by the range their `param` is swept over and whether on a log
/// axis, in order of first appearance; beyond [`SWEEP_PANELS`]' count the last group takes
/// the rest.
pub fn range_groups(losses: &[LossName], param: SweepParam) -> Vec<Vec<LossName>> {
    type Axis = ((f64, f64), bool);
    let mut groups: Vec<(Axis, Vec<LossName>)> = Vec::new();
    for loss in swept_losses(losses, param) {
        let Some(r) = range(loss, param).map(|r| (r, param.is_log_for(loss))) else { continue };
        let full = groups.len() >= SWEEP_PANELS.len();
        match groups.iter().position(|(g, _)| *g == r) {
            Some(i) => groups[i].1.push(loss),
            None if !full => groups.push((r, vec![loss])),
            None => groups.last_mut().map_or((), |(_, members)| members.push(loss)),
        }
    }
    groups.into_iter().map(|(_, members)| members).collect()
}

fn sweep_panel(
    scene: &Rc<Scene>,
    configs: &[LossConfig],
    losses: &[LossName],
    param: SweepParam,
    points: usize,
    panels: &mut Vec<Panel>,
    steps: &mut Vec<Step>,
) {
    for (group, id) in range_groups(losses, param).into_iter().zip(SWEEP_PANELS) {
        sweep_group(scene, configs, &group, id, param, points, panels, steps);
    }
}

#[allow(clippy::too_many_arguments)]
fn sweep_group(
    scene: &Rc<Scene>,
    configs: &[LossConfig],
    group: &[LossName],
    id: &'static str,
    param: SweepParam,
    points: usize,
    panels: &mut Vec<Panel>,
    steps: &mut Vec<Step>,
) {
    let at = panels.len();
    let mut panel = Panel::new(id);
    panel.label = axis_label(group, param);
    for (j, &loss) in group.iter().enumerate() {
        panel.curves.push(Curve::new(Some(loss), "", false));
        let config = config_of(configs, loss);
        if let Some(x) = current(&config, param) {
            let scene = Rc::clone(scene);
            steps.push(Box::new(move |data: &mut FigureData| {
                let mut out = Evaluation::new();
                let ok = evaluate(&config, scene.target(), scene.prob(), scene.side(), &mut out);
                let y = ok.then_some(out.value);
                data.panels[at].markers.push(Marker {
                    loss: Some(loss),
                    x,
                    y,
                    label: format!("{x}"),
                });
            }));
        }
        for chunk in values(loss, param, points).chunks(super::pixel::chunk(scene.target().len())) {
            let scene = Rc::clone(scene);
            let xs = chunk.to_vec();
            steps.push(Box::new(move |data: &mut FigureData| {
                let mut out = Evaluation::new();
                for &x in &xs {
                    let mut c = config;
                    if c.set(param.as_str(), &ParamValue::Number(x)).is_ok()
                        && evaluate(&c, scene.target(), scene.prob(), scene.side(), &mut out)
                    {
                        data.panels[at].curves[j].points.push((x, out.value));
                    }
                }
            }));
        }
    }
    panels.push(panel);
}

/// The `sweep` panels' label (their title's and x axis' `{param}`): the key, and its unit in
/// parentheses where it has one (`k (%)`).
pub fn axis_label(group: &[LossName], param: SweepParam) -> String {
    let unit = group.iter().find_map(|l| l.spec(param.as_str())).map_or("", |s| s.unit);
    if unit.is_empty() {
        param.as_str().to_string()
    } else {
        format!("{} ({unit})", param.as_str())
    }
}

/// The parameter key of a `sweep` panel's label (see [`axis_label`]).
pub fn label_key(label: &str) -> &str {
    label.split(' ').next().unwrap_or(label)
}

/// The Tversky configuration of `configs` with `α`, `β` replaced.
fn tversky_with(configs: &[LossConfig], alpha: f64, beta: f64) -> (LossConfig, f64) {
    let smooth = match config_of(configs, LossName::Tversky) {
        LossConfig::Tversky(p) => p.smooth,
        _ => 1.0,
    };
    (LossConfig::Tversky(TverskyParams { alpha, beta, smooth }), smooth)
}

fn tversky_panel(
    scene: &Rc<Scene>,
    configs: &[LossConfig],
    points: usize,
    panels: &mut Vec<Panel>,
    steps: &mut Vec<Step>,
) {
    let at = panels.len();
    let mut panel = Panel::new("tversky");
    panel.curves.push(Curve::new(Some(LossName::Tversky), "α=β", false));
    panel.curves.push(Curve::new(Some(LossName::Tversky), "β=1−α", true));
    // The identity checks and the Dice/Jaccard points: one step (whole-image evaluations).
    let (checked, configs_owned) = (Rc::clone(scene), configs.to_vec());
    steps.push(Box::new(move |data: &mut FigureData| {
        let panel = &mut data.panels[at];
        let mut out = Evaluation::new();
        let (target, prob) = (checked.target(), checked.prob());
        let (half, smooth) = tversky_with(&configs_owned, 0.5, 0.5);
        let (one, _) = tversky_with(&configs_owned, 1.0, 1.0);
        // T(½,½) = (TP + s)/(TP + ½FN + ½FP + s) = (2I + 2s)/(Sy + Sp + 2s): Dice with smooth
        // 2s (equal to Dice with the same smooth only when s = 0).
        let dice = LossConfig::Dice(DiceParams { smooth: 2.0 * smooth, squared: false });
        let iou = LossConfig::Iou(IouParams { eps: smooth, empty: EmptyPolicy::Plain });
        let side = checked.side();
        let mut value =
            |c: &LossConfig| evaluate(c, target, prob, side, &mut out).then_some(out.value);
        let (t_half, d, t_one, j) = (value(&half), value(&dice), value(&one), value(&iou));
        if let (Some(t), Some(d)) = (t_half, d) {
            let mark =
                Marker { loss: Some(LossName::Dice), x: 0.5, y: Some(d), label: "Dice".into() };
            panel.markers.push(mark);
            let name = format!("Dice(smooth {})", 2.0 * smooth);
            panel.notes.push(identity_note("T(½,½)", t, &name, d));
        }
        if let (Some(t), Some(j)) = (t_one, j) {
            let mark =
                Marker { loss: Some(LossName::Iou), x: 1.0, y: Some(j), label: "Jaccard".into() };
            panel.markers.push(mark);
            panel.notes.push(identity_note("T(1,1)", t, "IoU", j));
        }
    }));
    panels.push(panel);
    // Curve 0 along α = β, curve 1 along β = 1 − α; a few points per step.
    let lines = [lin_space(0.0, 1.5, points), lin_space(0.0, 1.0, points)];
    for (k, xs) in lines.into_iter().enumerate() {
        for chunk in xs.chunks(super::pixel::chunk(scene.target().len())) {
            let (scene, configs, chunk) = (Rc::clone(scene), configs.to_vec(), chunk.to_vec());
            steps.push(Box::new(move |data: &mut FigureData| {
                let mut out = Evaluation::new();
                for &a in &chunk {
                    let beta = if k == 0 { a } else { 1.0 - a };
                    let (c, _) = tversky_with(&configs, a, beta);
                    if evaluate(&c, scene.target(), scene.prob(), scene.side(), &mut out) {
                        data.panels[at].curves[k].points.push((a, out.value));
                    }
                }
            }));
        }
    }
}

/// `"T(½,½) = 0.41 = Dice 0.41 ✓"`: an identity checked live (relative tolerance 1e-9).
pub fn identity_note(left: &str, a: f64, name: &str, b: f64) -> String {
    let ok = (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-12);
    format!(
        "{left} = {a:.6} {} {name} {b:.6} {}",
        if ok { "=" } else { "≠" },
        if ok { "✓" } else { "✗" }
    )
}

fn sens_params(configs: &[LossConfig]) -> SensitivitySpecificityParams {
    match config_of(configs, LossName::SensitivitySpecificity) {
        LossConfig::SensitivitySpecificity(p) => p,
        _ => SensitivitySpecificityParams { lambda: 0.05, smooth: 1e-5 },
    }
}

fn sens_panels(
    scene: &Rc<Scene>,
    configs: &[LossConfig],
    points: usize,
    panels: &mut Vec<Panel>,
    steps: &mut Vec<Step>,
) {
    let params = sens_params(configs);
    let at = panels.len();
    for id in ["sens_lambda", "sens_size"] {
        let mut panel = Panel::new(id);
        let s = LossName::SensitivitySpecificity;
        panel.curves.push(Curve::new(Some(s), "target pixel λ/(Sy+s)", false));
        panel.curves.push(Curve::new(Some(s), "background pixel (1−λ)/(N−Sy+s)", true));
        panels.push(panel);
    }
    panels[at].markers.push(Marker {
        loss: Some(LossName::SensitivitySpecificity),
        x: params.lambda,
        y: None,
        label: format!("λ = {}", params.lambda),
    });
    let counts = scene.counts();
    steps.push(Box::new(move |data: &mut FigureData| {
        for lambda in lin_space(0.0, 1.0, points) {
            let (wt, wb, _) = sensitivity_specificity_weights(
                &SensitivitySpecificityParams { lambda, ..params },
                &counts,
            );
            data.panels[at].curves[0].points.push((lambda, wt));
            data.panels[at].curves[1].points.push((lambda, wb));
        }
    }));
    // One regenerated scene per step.
    for area in areas(scene.grid(), points) {
        let scene = Rc::clone(scene);
        steps.push(Box::new(move |data: &mut FigureData| {
            let s = scene_at(&scene, area, scene.model().background);
            let counts = SoftCounts::new(s.target(), s.prob());
            let (wt, wb, _) = sensitivity_specificity_weights(&params, &counts);
            data.panels[at + 1].curves[0].points.push((area as f64, wt));
            data.panels[at + 1].curves[1].points.push((area as f64, wb));
        }));
    }
}

/// Easy negatives: background pixels predicted below 0.5.
pub fn is_easy_negative(t: f64, p: f64) -> bool {
    t < 0.5 && p < 0.5
}

fn focal_panels(
    scene: &Rc<Scene>,
    configs: &[LossConfig],
    points: usize,
    panels: &mut Vec<Panel>,
    steps: &mut Vec<Step>,
) {
    let focal = super::pixel::focal_params(configs);
    let at = panels.len();
    let mut share = Panel::new("focal_share");
    share.curves.push(Curve::new(Some(LossName::Focal), "easy negatives", false));
    share.curves.push(Curve::new(Some(LossName::Focal), "object pixels", true));
    share.markers.push(Marker {
        loss: Some(LossName::Focal),
        x: focal.gamma,
        y: None,
        label: format!("γ = {}", focal.gamma),
    });
    let mut reduction = Panel::new("focal_reduction");
    for r in [FocalReduction::Sum, FocalReduction::Mean, FocalReduction::PerPositive] {
        reduction.curves.push(Curve::new(
            Some(LossName::Focal),
            r.as_str(),
            r != FocalReduction::Sum,
        ));
    }
    reduction.notes.push(format!("N = {}", scene.target().len()));
    panels.push(share);
    panels.push(reduction);
    let (target, prob) = (scene.target(), scene.prob());
    let split = |keep: &dyn Fn(f64, f64) -> bool| -> (Vec<f64>, Vec<f64>) {
        (0..target.len())
            .filter(|&i| keep(target[i], prob[i]))
            .map(|i| (target[i], prob[i]))
            .unzip()
    };
    let easy = split(&is_easy_negative);
    let object = split(&|t, _| t >= 0.5);
    let (easy, object) = (Rc::new(easy), Rc::new(object));
    // One γ per step: six evaluations of the whole image each.
    for gamma in lin_space(0.0, 5.0, points.min(51)) {
        let (scene, easy, object) = (Rc::clone(scene), Rc::clone(&easy), Rc::clone(&object));
        steps.push(Box::new(move |data: &mut FigureData| {
            let mut out = Evaluation::new();
            let with =
                |reduction| LossConfig::Focal(crate::FocalParams { gamma, reduction, ..focal });
            let sum = with(FocalReduction::Sum);
            let mut part = |t: &[f64], p: &[f64]| {
                if t.is_empty() {
                    Some(0.0)
                } else {
                    // Focal is per pixel: any shape; a row.
                    evaluate(&sum, t, p, t.len(), &mut out).then_some(out.value)
                }
            };
            let (easy_sum, object_sum) = (part(&easy.0, &easy.1), part(&object.0, &object.1));
            let total = part(scene.target(), scene.prob());
            if let (Some(e), Some(o), Some(total)) = (easy_sum, object_sum, total) {
                if total > 0.0 {
                    data.panels[at].curves[0].points.push((gamma, e / total));
                    data.panels[at].curves[1].points.push((gamma, o / total));
                }
            }
            let reductions =
                [FocalReduction::Sum, FocalReduction::Mean, FocalReduction::PerPositive];
            for (k, r) in reductions.into_iter().enumerate() {
                if evaluate(&with(r), scene.target(), scene.prob(), scene.side(), &mut out) {
                    data.panels[at + 1].curves[k].points.push((gamma, out.value));
                }
            }
        }));
    }
}

/// The `focal_tversky` panel's two extra images, the scene's target predicted `(object p,
/// background p)`: nearly right, and bad.
pub const FOCAL_TVERSKY_IMAGES: [(f64, f64); 2] = [(0.95, 0.001), (0.2, 0.05)];

fn focal_tversky_panel(
    scene: &Rc<Scene>,
    configs: &[LossConfig],
    points: usize,
    panels: &mut Vec<Panel>,
    steps: &mut Vec<Step>,
) {
    let focal = match config_of(configs, LossName::FocalTversky) {
        LossConfig::FocalTversky(p) => p,
        _ => crate::FocalTverskyParams::default(),
    };
    let at = panels.len();
    let mut panel = Panel::new("focal_tversky");
    panel.markers.push(Marker {
        loss: Some(LossName::FocalTversky),
        x: focal.gamma,
        y: None,
        label: format!("γ = {}", focal.gamma),
    });
    panels.push(panel);
    let target = scene.target();
    // No object pixel: the panel stays empty ("no data").
    let Some(object) = target.iter().position(|&y| y >= 0.5) else { return };
    // The three images: the scene, then its target predicted as FOCAL_TVERSKY_IMAGES says.
    let mut images = vec![scene.prob().to_vec()];
    for (object, background) in FOCAL_TVERSKY_IMAGES {
        images.push(target.iter().map(|&y| if y >= 0.5 { object } else { background }).collect());
    }
    let tversky = LossConfig::Tversky(focal.tversky);
    let (target, images) = (Rc::new(target.to_vec()), Rc::new(images));
    // One step: the curves' labels carry each image's T (from Tversky's value, 1 − T).
    let (t2, i2) = (Rc::clone(&target), Rc::clone(&images));
    steps.push(Box::new(move |data: &mut FigureData| {
        let mut out = Evaluation::new();
        for (k, prob) in i2.iter().enumerate() {
            // Tversky is a region loss: any shape; a row.
            let t = evaluate(&tversky, &t2, prob, t2.len(), &mut out).then_some(1.0 - out.value);
            let name = t.map_or_else(|| "T = ?".to_string(), |t| format!("T = {t:.3}"));
            let variant = match k {
                0 => name,
                _ => {
                    let (object, background) = FOCAL_TVERSKY_IMAGES[k - 1];
                    format!("{name} (p = {object} / {background})")
                }
            };
            data.panels[at].curves.push(Curve::new(Some(LossName::FocalTversky), variant, k > 0));
        }
    }));
    for chunk in lin_space(0.1, 3.0, points).chunks(super::pixel::chunk(target.len())) {
        let (target, images, xs) = (Rc::clone(&target), Rc::clone(&images), chunk.to_vec());
        steps.push(Box::new(move |data: &mut FigureData| {
            let mut out = Evaluation::new();
            for (k, prob) in images.iter().enumerate() {
                let Some(plain) = evaluate(&tversky, &target, prob, target.len(), &mut out)
                    .then(|| out.grad_prob[object])
                else {
                    continue;
                };
                for &gamma in &xs {
                    let c = LossConfig::FocalTversky(crate::FocalTverskyParams { gamma, ..focal });
                    if plain != 0.0 && evaluate(&c, &target, prob, target.len(), &mut out) {
                        data.panels[at].curves[k]
                            .points
                            .push((gamma, out.grad_prob[object] / plain));
                    }
                }
            }
        }));
    }
}
