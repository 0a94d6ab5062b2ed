//! The claims tour's steps: the eleven claims of `claims.md`, then the steps on the losses of
//! `losses-compound.md` and `losses-geometry.md` (each in its own block below), each with the view it opens, the element
//! to look at, the race preset and its texts, and [`apply`], which puts the app in a step's
//! state. Its own file so that the learn context (which goes to a step) and the
//! tour's bar (which reads the context) both depend on it, and not on each other.

use super::race_link::apply_race_step;
use super::settings::TOUR_STEPS;
use crate::ui::gradients::MapsState;
use crate::ui::i18n::k;
use crate::ui::race::RaceCtx;
use crate::ui::state::Lab;
use crate::ui::view::View;
use leptos::prelude::*;
use losslab_core::maps::{Component, MapGroup, ScaleMode, Scaling};
use losslab_core::params::{focal, tversky};
use losslab_core::scene::{EditKind, GridSize, PredictionModel, Scene, Shape, TargetSpec};
use losslab_core::{FocalReduction, Loss, LossName, ParamSpec, ParamValue};

/// One step: which claim, where to look, what to set.
#[derive(Debug, Clone, Copy)]
pub struct Step {
    /// The view the step opens.
    pub view: View,
    /// The loss the step focuses on (`lab.current`).
    pub current: LossName,
    /// CSS selector of the element to look at.
    pub highlight: &'static str,
    /// The race preset, for claims the training race shows.
    pub race: Option<&'static str>,
    /// Translation keys: title, the article's claim, what to look at, the figure's template.
    pub keys: [&'static str; 4],
}

const fn step(
    view: View,
    current: LossName,
    highlight: &'static str,
    race: Option<&'static str>,
    keys: [&'static str; 4],
) -> Step {
    Step { view, current, highlight, race, keys }
}

/// The steps: claims C1 to C11 of the article, then the compound losses' steps.
pub const STEPS: [Step; TOUR_STEPS] = [
    step(
        View::Scene,
        LossName::Bce,
        "[data-loss-row=\"bce\"] .grads",
        None,
        [k("tour.c1.title"), k("tour.c1.claim"), k("tour.c1.look"), k("tour.c1.figure")],
    ),
    step(
        View::Race,
        LossName::Wce,
        ".race-summary",
        Some("pos-weight-sweep"),
        [k("tour.c2.title"), k("tour.c2.claim"), k("tour.c2.look_sweep"), k("tour.race.sweep")],
    ),
    step(
        View::Scene,
        LossName::Focal,
        "[data-loss-row=\"focal\"]",
        None,
        [k("tour.c3.title"), k("tour.c3.claim"), k("tour.c3.look"), k("tour.c3.figure")],
    ),
    step(
        View::Curves,
        LossName::Dice,
        "[data-chart=\"size-sweep\"]",
        None,
        [k("tour.c4.title"), k("tour.c4.claim"), k("tour.c4.look"), k("tour.c4.figure")],
    ),
    step(
        View::Race,
        LossName::Iou,
        "[data-race-loss=\"iou\"]",
        Some("extreme"),
        [k("tour.c5.title"), k("tour.c5.claim"), k("tour.c5.look"), k("tour.race.roughness_both")],
    ),
    step(
        View::Scene,
        LossName::Tversky,
        "[data-loss-row=\"tversky\"]",
        None,
        [k("tour.c6.title"), k("tour.c6.claim"), k("tour.c6.look"), k("tour.c6.figure")],
    ),
    step(
        View::Scene,
        LossName::SensitivitySpecificity,
        "[data-loss-row=\"sensitivity_specificity\"]",
        None,
        [k("tour.c7.title"), k("tour.c7.claim"), k("tour.c7.look"), k("tour.c7.figure")],
    ),
    step(
        View::Curves,
        LossName::Dice,
        "[data-chart=\"pixel-sensitivity\"]",
        None,
        [k("tour.c8.title"), k("tour.c8.claim"), k("tour.c8.look"), k("tour.c8.figure")],
    ),
    step(
        View::Race,
        LossName::BceDice,
        "[data-race-loss=\"bce_dice\"]",
        Some("extreme"),
        [k("tour.c9.title"), k("tour.c9.claim"), k("tour.c9.look"), k("tour.race.parts")],
    ),
    step(
        View::Curves,
        LossName::Dice,
        "[data-chart=\"crop-sweep\"]",
        None,
        [k("tour.c10.title"), k("tour.c10.claim"), k("tour.c10.look"), k("tour.c10.figure")],
    ),
    step(
        View::Race,
        LossName::Dice,
        "[data-race-loss]",
        Some("empty-images"),
        [k("tour.c11.title"), k("tour.c11.claim"), k("tour.c11.look"), k("tour.race.figure")],
    ),
    // ---- The compound losses on the gradient maps (learn helper): steps 12 and 13. ----
    step(
        View::Gradients,
        LossName::TopkCe,
        "[data-map-card=\"topk_ce\"]",
        None,
        [k("tour.c12.title"), k("tour.c12.claim"), k("tour.c12.look"), k("tour.c12.figure")],
    ),
    step(
        View::Gradients,
        LossName::LovaszHinge,
        "[data-map-card=\"lovasz_hinge\"]",
        None,
        [k("tour.c13.title"), k("tour.c13.claim"), k("tour.c13.look"), k("tour.c13.figure")],
    ),
    // ---- End of the compound losses' gradient-map steps. ----
    // ---- The race helper's step (keep it the last: its race figure is the last step's,
    // `race_link::figure_of`). Dice + CE on the extreme data: does Dice + CE train where Dice
    // alone jitters or stalls? Its texts are in `i18n/race.rs`.
    step(
        View::Race,
        LossName::DiceCe,
        "[data-race-loss=\"dice_ce\"]",
        Some("dice-ce-extreme"),
        [
            k("tour.dice_ce.title"),
            k("tour.dice_ce.claim"),
            k("tour.dice_ce.look"),
            k("tour.dice_ce.figure"),
        ],
    ),
    // ---- End of the race helper's step.
    // ---- The geometry losses (`losses-geometry.md`): two facts with live figures. ----
    step(
        View::Scene,
        LossName::Cldice,
        "[data-loss-row=\"cldice\"]",
        None,
        [k("tour.c15.title"), k("tour.c15.claim"), k("tour.c15.look"), k("tour.c15.figure")],
    ),
    step(
        View::Scene,
        LossName::HausdorffDt,
        "[data-loss-row=\"hausdorff_dt\"]",
        None,
        [k("tour.c16.title"), k("tour.c16.claim"), k("tour.c16.look"), k("tour.c16.figure")],
    ),
];

/// The steps that state the article's claims (the bar tags their claim "The article:"); the
/// later ones state a paper's (the compound losses').
pub const ARTICLE_STEPS: usize = 11;

/// The step `n` (1-based).
pub fn get(n: usize) -> Option<&'static Step> {
    n.checked_sub(1).and_then(|i| STEPS.get(i))
}

/// Replaces the scene by a generated one (one undo step).
fn scene(lab: Lab, grid: GridSize, shape: Shape, area: usize, background: f64, foreground: f64) {
    let spec = TargetSpec { shape, area, center_x: 0.5, center_y: 0.5 };
    let model = PredictionModel { background, foreground, ..PredictionModel::default() };
    lab.edit(EditKind::Shape, |s| *s = Scene::new(grid, spec, model));
    lab.seal();
}

/// Replaces the scene by `scene` (one undo step).
fn set_scene(lab: Lab, scene: Scene) {
    lab.edit(EditKind::Shape, |s| *s = scene);
    lab.seal();
}

/// A centred disc of `area` pixels in a `grid` image, predicted by `model`.
fn disc(grid: GridSize, area: usize, model: PredictionModel) -> Scene {
    Scene::new(grid, TargetSpec { shape: Shape::Disc, area, center_x: 0.5, center_y: 0.5 }, model)
}

/// Step 12's scene: a 30-pixel disc in 32 × 32, predicted 2 px to the right and blurred
/// (σ = 1). 138 pixels differ from the background's 0.05, more than top-k CE's
/// K = ⌊1024·10/100⌋ = 102, so no tie with the constant background decides which are kept
/// (`figures.rs`'s tests check it).
pub fn topk_scene() -> Scene {
    let model = PredictionModel {
        background: 0.05,
        foreground: 0.9,
        shift_x: 2,
        blur: 1.0,
        ..PredictionModel::default()
    };
    disc(GridSize::S32, 30, model)
}

/// Step 13's scene: a 50-pixel disc in 64 × 64 predicted 2 px to the right, with 4
/// false-positive specks: a few errors on a background predicted 0.05.
pub fn lovasz_scene() -> Scene {
    let model = PredictionModel {
        background: 0.05,
        foreground: 0.9,
        shift_x: 2,
        specks: 4,
        ..PredictionModel::default()
    };
    disc(GridSize::S64, 50, model)
}

/// Step 15's scene: a 1-px vessel of 40 pixels across a 64 × 64 image, predicted at 0.9
/// on a 0.05 background but broken by a gap of 4 pixels.
pub fn broken_vessel_scene() -> Scene {
    let model = PredictionModel { background: 0.05, foreground: 0.9, gap: 4, ..Default::default() };
    let spec = TargetSpec { shape: Shape::Line1, area: 40, center_x: 0.5, center_y: 0.5 };
    Scene::new(GridSize::S64, spec, model)
}

/// Step 16's scene: a 50-pixel disc in 64 × 64 predicted at 0.9 on a confident 0.001
/// background (a background at 0.05 would already weigh every far pixel's small error by its
/// squared distance), plus one false-positive pixel as far from it as the image allows.
pub fn far_speck_scene() -> Scene {
    let model =
        PredictionModel { background: 0.001, far_speck: true, ..PredictionModel::default() };
    disc(GridSize::S64, 50, model)
}

/// The gradient maps as a comparison of where gradients fall needs them: every loss's map
/// (the steps set a newer loss beside one of the article's), `∂L/∂z`, a symmetric-log colour
/// scale (a small gradient stays visible, an exact 0 white), each map scaled to its own
/// maximum. The maps' state is the page's (absent when a test mounts parts).
fn maps_for_reach() {
    if let Some(maps) = use_context::<MapsState>() {
        maps.settings.update(|s| {
            s.group = MapGroup::All;
            s.component = Component::Logit;
            s.scaling = Scaling::SymLog;
            s.scale_mode = ScaleMode::PerLoss;
        });
    }
}

/// The article's defaults for `loss`.
fn defaults(lab: Lab, loss: LossName) {
    lab.set_loss(Loss::default_for(loss));
}

/// Sets one of the tour's parameter values (valid by construction; a refusal would show).
fn set(lab: Lab, loss: LossName, spec: &ParamSpec, value: ParamValue) {
    if let Err(e) = lab.set_param(loss, spec, value) {
        lab.warn(e.to_string());
    }
}

/// Puts the app in step `n`'s state.
pub fn apply(lab: Lab, race: RaceCtx, n: usize) {
    let Some(s) = get(n) else { return };
    defaults(lab, s.current);
    match n {
        1 => scene(lab, GridSize::S64, Shape::Disc, 12, 0.05, 0.9),
        3 => {
            scene(lab, GridSize::S64, Shape::Disc, 50, 0.05, 0.9);
            set(
                lab,
                LossName::Focal,
                &focal::REDUCTION,
                ParamValue::Text(FocalReduction::Sum.as_str().into()),
            );
        }
        4 => {
            scene(lab, GridSize::S64, Shape::Disc, 9, 1e-3, 0.6);
            defaults(lab, LossName::Bce);
        }
        6 => {
            scene(lab, GridSize::S64, Shape::Disc, 50, 0.05, 0.9);
            defaults(lab, LossName::Dice);
            set(lab, LossName::Tversky, &tversky::ALPHA, ParamValue::Number(0.5));
            set(lab, LossName::Tversky, &tversky::BETA, ParamValue::Number(0.5));
            // (TP + s)/(TP + ½FN + ½FP + s) = (2TP + 2s)/(Σy + Σp + 2s): Tversky(½, ½) with
            // s is Dice with 2s (the same s only when s = 0); Dice's s = 1 needs s = 0.5 here.
            set(lab, LossName::Tversky, &tversky::SMOOTH, ParamValue::Number(0.5));
        }
        7 => scene(lab, GridSize::S64, Shape::Disc, 20, 0.05, 0.9),
        8 => scene(lab, GridSize::S64, Shape::Square, 4, 1e-4, 0.99),
        10 => scene(lab, GridSize::S128, Shape::Disc, 30, 0.05, 0.9),
        // ---- The compound losses' gradient-map steps (learn helper). ----
        12 => {
            set_scene(lab, topk_scene());
            defaults(lab, LossName::Bce);
            maps_for_reach();
        }
        13 => {
            set_scene(lab, lovasz_scene());
            defaults(lab, LossName::Iou);
            maps_for_reach();
        }
        15 => {
            set_scene(lab, broken_vessel_scene());
            defaults(lab, LossName::Dice);
        }
        16 => {
            set_scene(lab, far_speck_scene());
            defaults(lab, LossName::Dice);
        }
        _ => {}
    }
    lab.current.set(s.current);
    lab.view.set(s.view);
    if let Some(preset) = s.race {
        apply_race_step(race, preset);
    }
}
