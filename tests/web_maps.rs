//! The gradient maps in a browser: every map draws, its pixels carry the colours of the
//! core's gradients (evaluated here directly with `Loss::evaluate`), they follow the scene,
//! the loss parameters and the toggles live, and hovering reads the core's numbers.

use crate::web_common::{self, mount, tick, type_into, App};
use losslab_core::maps::{Component, MapGroup, MapSettings, Scale, ScaleMode, Scaling};
use losslab_core::scene::{PredictionModel, Scene};
use losslab_core::{CompoundSpec, Loss, LossConfig, LossName, ParamValue};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};

/// The gradient `component` on `scene` of each map `group` shows, straight from the core:
/// its losses with `configs` (one per loss, in `LossName::ALL` order), then, where the group
/// has it, the board's default compound (Dice + top-k CE, 1 : 1) as the weighted sum of its
/// terms evaluated here alone. Returned with each map's name (`data-gradient-map`).
fn core_grads(
    scene: &Scene,
    configs: &[LossConfig],
    group: MapGroup,
    component: Component,
) -> Vec<(&'static str, Vec<f64>)> {
    let input = scene.input().expect("a valid scene");
    let grad = |c: LossConfig| {
        let eval = Loss::new(c).expect("a valid config").evaluate(input);
        match component {
            Component::Logit => eval.grad_logit,
            Component::Prob => eval.grad_prob,
        }
    };
    let mut maps: Vec<(&'static str, Vec<f64>)> =
        group.losses().iter().map(|&l| (l.as_str(), grad(configs[l.index()]))).collect();
    if group.shows_compound() {
        let spec = CompoundSpec::default();
        let [a, b] = spec.losses.map(|l| grad(configs[l.index()]));
        let [wa, wb] = spec.weights;
        maps.push(("compound", a.iter().zip(&b).map(|(x, y)| wa * x + wb * y).collect()));
    }
    maps
}

fn max_abs(g: &[f64]) -> f64 {
    g.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// The RGBA bytes of the map canvas of `loss` (a loss's name or `compound`).
fn pixels(app: &App, loss: impl std::fmt::Display) -> Vec<u8> {
    let canvas: HtmlCanvasElement =
        app.find(&format!("canvas[data-gradient-map=\"{loss}\"]")).unchecked_into();
    let (w, h) = (canvas.width(), canvas.height());
    let ctx: CanvasRenderingContext2d =
        canvas.get_context("2d").expect("2d context").expect("2d context exists").unchecked_into();
    ctx.get_image_data(0.0, 0.0, w as f64, h as f64).expect("image data").data().0
}

fn click(app: &App, selector: &str) {
    let el: HtmlElement = app.find(selector).unchecked_into();
    el.click();
}

async fn open_maps() -> App {
    let app = mount().await;
    click(&app, "[data-view=\"gradients\"]");
    tick().await;
    app
}

/// Asserts every shown map's pixels equal the colours of the core's gradients under
/// `settings` (the shared range spans the maps shown).
fn assert_maps_match(app: &App, scene: &Scene, configs: &[LossConfig], settings: MapSettings) {
    let grads = core_grads(scene, configs, settings.group, settings.component);
    let shared = grads.iter().map(|(_, g)| max_abs(g)).fold(0.0, f64::max);
    for (name, grad) in &grads {
        let max = match settings.scale_mode {
            ScaleMode::Shared => shared,
            ScaleMode::PerLoss => max_abs(grad),
        };
        let scale = Scale::new(max, settings.scaling);
        let drawn = pixels(app, name);
        assert_eq!(
            drawn.len(),
            4 * scene.target().len(),
            "{name}: one canvas pixel per grid pixel"
        );
        for (i, &g) in grad.iter().enumerate() {
            let want = scale.colour(g);
            assert_eq!(&drawn[4 * i..4 * i + 3], &want, "{name}, pixel {i}, g = {g}, {settings:?}");
        }
    }
}

fn default_configs() -> Vec<LossConfig> {
    LossName::ALL.iter().map(|&n| LossConfig::default_for(n)).collect()
}

#[wasm_bindgen_test]
async fn every_map_draws_the_cores_gradients() {
    let app = open_maps().await;
    let scene = Scene::default();
    // The default group: the article's ten.
    for name in LossName::ARTICLE {
        let px = pixels(&app, name);
        let first = &px[..4];
        assert!(px.chunks(4).any(|c| c != first), "{name}: the map is not one flat colour");
    }
    assert_maps_match(&app, &scene, &default_configs(), MapSettings::default());
}

#[wasm_bindgen_test]
async fn toggles_redraw_with_the_chosen_component_scaling_and_range() {
    let app = open_maps().await;
    let scene = Scene::default();
    let before = pixels(&app, LossName::Bce);
    click(&app, "[data-maps-toggle=\"scale\"] [data-choice=\"per_loss\"]");
    click(&app, "[data-maps-toggle=\"scaling\"] [data-choice=\"linear\"]");
    click(&app, "[data-maps-toggle=\"component\"] [data-choice=\"p\"]");
    tick().await;
    let settings = MapSettings {
        component: Component::Prob,
        scaling: Scaling::Linear,
        scale_mode: ScaleMode::PerLoss,
        group: MapGroup::Article,
    };
    assert_ne!(pixels(&app, LossName::Bce), before);
    assert_maps_match(&app, &scene, &default_configs(), settings);
    let pressed = app.find("[data-maps-toggle=\"component\"] [data-choice=\"p\"]");
    assert_eq!(pressed.get_attribute("aria-pressed").as_deref(), Some("true"));
    // Per loss, the colour bar is in units of each map's maximum.
    assert_eq!(app.find("canvas[data-colorbar]").get_attribute("data-max").as_deref(), Some("1"));
}

#[wasm_bindgen_test]
async fn maps_follow_the_scene_live() {
    let app = open_maps().await;
    let before = pixels(&app, LossName::Dice);
    let field = app.input("[data-testid=\"background-confidence\"]");
    type_into(&field, "0.001", true).await;
    let mut scene = Scene::default();
    scene.set_model(PredictionModel { background: 0.001, ..PredictionModel::default() });
    assert_ne!(pixels(&app, LossName::Dice), before, "the map changed with the scene");
    assert_maps_match(&app, &scene, &default_configs(), MapSettings::default());
}

#[wasm_bindgen_test]
async fn maps_follow_a_loss_parameter() {
    let app = open_maps().await;
    let before = pixels(&app, LossName::Tversky);
    // Parameters are edited on the board; the maps are evaluated again when they reopen.
    click(&app, "[data-view=\"scene\"]");
    tick().await;
    let alpha = app.input("[data-loss-row=\"tversky\"] input[data-param=\"alpha\"]");
    type_into(&alpha, "0.2", true).await;
    click(&app, "[data-view=\"gradients\"]");
    tick().await;
    let mut configs = default_configs();
    configs[5].set("alpha", &ParamValue::Number(0.2)).expect("alpha is a parameter");
    assert_eq!(configs[5].name(), LossName::Tversky);
    assert_ne!(pixels(&app, LossName::Tversky), before);
    assert_maps_match(&app, &Scene::default(), &configs, MapSettings::default());
}

#[wasm_bindgen_test]
async fn hover_reads_the_cores_numbers_and_background_shares() {
    let app = open_maps().await;
    let canvas = app.find("canvas[data-gradient-map=\"dice\"]");
    let readout = app.find("[data-testid=\"maps-readout\"]");
    assert!(readout.get_attribute("data-row").is_none(), "nothing hovered yet");
    web_common::pointer(&canvas, "pointermove", 30.0, 33.0, 64.0);
    tick().await;
    // Pointer events land on whole CSS pixels: the hovered pixel is the aimed one, or a
    // neighbour when the canvas is not scaled up; the numbers must be those of that pixel.
    let at = |name: &str| -> usize {
        readout.get_attribute(name).and_then(|v| v.parse().ok()).expect("a hovered pixel")
    };
    let (row, col) = (at("data-row"), at("data-col"));
    assert!(row.abs_diff(33) <= 1 && col.abs_diff(30) <= 1, "hovered ({row}, {col})");
    let scene = Scene::default();
    let i = row * 64 + col;
    assert_eq!(app.value_of("[data-readout=\"y\"]"), scene.target()[i]);
    assert_eq!(app.value_of("[data-readout=\"p\"]"), scene.prob()[i]);
    let input = scene.input().expect("a valid scene");
    for name in LossName::ARTICLE {
        let eval = Loss::default_for(name).evaluate(input);
        let row = format!("tr[data-readout-loss=\"{name}\"]");
        assert_eq!(app.value_of(&format!("{row} [data-grad=\"z\"]")), eval.grad_logit[i], "{name}");
        assert_eq!(app.value_of(&format!("{row} [data-grad=\"p\"]")), eval.grad_prob[i], "{name}");
        let share = app
            .find(&format!("[data-map-card=\"{name}\"] [data-bg-share]"))
            .get_attribute("data-bg-share")
            .expect("data-bg-share");
        assert_eq!(share.parse::<f64>().ok(), Some(eval.summary.background_share), "{name}");
    }
}

#[wasm_bindgen_test]
async fn png_export_raises_no_error() {
    let app = open_maps().await;
    click(&app, "[data-chart-panel=\"gradient-maps\"] [data-export=\"png\"]");
    tick().await;
    assert!(!app.notice_shown(), "export raised no error: {}", app.notice_text());
}

#[wasm_bindgen_test]
async fn arrow_keys_move_the_read_out_pixel() {
    let app = open_maps().await;
    let canvas = app.find("canvas[data-gradient-map=\"bce\"]");
    let readout = app.find("[data-testid=\"maps-readout\"]");
    let key = |name: &str| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key(name);
        init.set_bubbles(true);
        init.set_cancelable(true);
        let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("keyboard event");
        canvas.dispatch_event(&ev).expect("dispatch");
    };
    // From the centre (64 / 2 = 32) when nothing was hovered yet.
    key("ArrowRight");
    tick().await;
    assert_eq!(readout.get_attribute("data-row").as_deref(), Some("32"));
    assert_eq!(readout.get_attribute("data-col").as_deref(), Some("33"));
    key("ArrowUp");
    key("ArrowUp");
    tick().await;
    assert_eq!(readout.get_attribute("data-row").as_deref(), Some("30"));
    let i = 30 * 64 + 33;
    let scene = Scene::default();
    assert_eq!(app.value_of("[data-readout=\"p\"]"), scene.prob()[i]);
}

#[wasm_bindgen_test]
async fn the_compound_group_draws_the_seven_and_the_boards_compound() {
    let app = open_maps().await;
    click(&app, "[data-maps-toggle=\"group\"] [data-choice=\"compound\"]");
    tick().await;
    let settings = MapSettings { group: MapGroup::Compound, ..MapSettings::default() };
    assert_maps_match(&app, &Scene::default(), &default_configs(), settings);
    let all = MapSettings { group: MapGroup::All, ..MapSettings::default() };
    click(&app, "[data-maps-toggle=\"group\"] [data-choice=\"all\"]");
    tick().await;
    assert_maps_match(&app, &Scene::default(), &default_configs(), all);
}
