//! The learn view in a browser: each card's substituted formula gives the core's value (a
//! direct core evaluation of the default scene), the tour reaches a step's parameters, and the
//! language switch changes the text and `<html lang>`.

use crate::web_common::{fire, mount, tick};
use losslab_core::scene::Scene;
use losslab_core::{Loss, LossConfig, LossName};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn core_value(name: LossName) -> f64 {
    let scene = Scene::default();
    let input = scene.input().expect("a valid scene");
    Loss::new(LossConfig::default_for(name)).expect("valid").evaluate(input).value
}

#[wasm_bindgen_test]
async fn cards_show_the_core_value_in_mathml() {
    let app = mount().await;
    let tab = app.find("[data-view=\"learn\"]");
    fire(&tab, "click");
    tick().await;
    for name in LossName::ALL {
        let card = format!("[data-formula=\"{}\"]", name.as_str());
        assert!(app.find(&format!("{card} math")).tag_name().eq_ignore_ascii_case("math"));
        let shown = app.value_of(&format!("{card} [data-substituted]"));
        let core = core_value(name);
        assert!(
            (shown - core).abs() <= 1e-12 * core.abs().max(1.0),
            "{name}: {shown} vs core {core}"
        );
    }
}

#[wasm_bindgen_test]
async fn language_switch_changes_text_and_html_lang() {
    let app = mount().await;
    let select: web_sys::HtmlSelectElement = app.find("[data-testid=\"lang\"]").unchecked_into();
    select.set_value("zh");
    fire(&select, "change");
    tick().await;
    let html = web_sys::window().and_then(|w| w.document()).and_then(|d| d.document_element());
    assert_eq!(html.and_then(|h| h.get_attribute("lang")).as_deref(), Some("zh"));
    assert_eq!(app.find("[data-view=\"learn\"]").text_content().as_deref(), Some("学习"));
    select.set_value("en");
    fire(&select, "change");
    tick().await;
    assert_eq!(app.find("[data-view=\"learn\"]").text_content().as_deref(), Some("Learn"));
}

#[wasm_bindgen_test]
async fn tour_step_six_sets_tversky_to_half_half() {
    let app = mount().await;
    fire(&app.find("[data-testid=\"tour-start\"]"), "click");
    tick().await;
    for _ in 1..6 {
        fire(&app.find("[data-testid=\"tour-next\"]"), "click");
        tick().await;
    }
    assert_eq!(app.find("[data-tour-step]").get_attribute("data-tour-step").as_deref(), Some("6"));
    assert_eq!(app.input("[data-loss-row=\"tversky\"] input[data-param=\"alpha\"]").value(), "0.5");
    // By hand: Tversky(½, ½) with s = 0.5 is Dice with s = 1 (see tour.rs), so the two agree.
    assert!((app.loss("tversky") - app.loss("dice")).abs() < 1e-12);
    fire(&app.find("[data-testid=\"tour-exit\"]"), "click");
    tick().await;
    assert!(app.root.query_selector("[data-tour-step]").ok().flatten().is_none());
}

/// The Dice card's gradient at one pixel (the default scene's first object pixel) is the
/// core's `∂L/∂p` and `∂L/∂z` there, from a direct evaluation of the scene.
#[wasm_bindgen_test]
async fn dice_card_gradient_at_a_pixel_is_the_core_s() {
    let app = mount().await;
    fire(&app.find("[data-view=\"learn\"]"), "click");
    tick().await;
    let scene = Scene::default();
    let input = scene.input().expect("a valid scene");
    let ev = Loss::default_for(LossName::Dice).evaluate(input);
    let i = scene.target().iter().position(|&y| y >= 0.5).expect("an object pixel");
    let at = app.find("[data-formula=\"dice\"] [data-grad-at]");
    let read = |name: &str| -> f64 {
        at.get_attribute(name).and_then(|v| v.parse().ok()).expect("a number")
    };
    let (dp, dz) = (read("data-grad-prob"), read("data-grad-logit"));
    assert!((dp - ev.grad_prob[i]).abs() <= 1e-12 * ev.grad_prob[i].abs().max(1.0), "{dp}");
    assert!((dz - ev.grad_logit[i]).abs() <= 1e-12 * ev.grad_logit[i].abs().max(1.0), "{dz}");
}

/// The tour bar's card link opens the learn view at the step's loss card (step 7:
/// sensitivity–specificity), first and open.
#[wasm_bindgen_test]
async fn tour_card_link_opens_the_step_s_card() {
    let app = mount().await;
    fire(&app.find("[data-testid=\"tour-start\"]"), "click");
    tick().await;
    for _ in 1..7 {
        fire(&app.find("[data-testid=\"tour-next\"]"), "click");
        tick().await;
    }
    fire(&app.find("[data-testid=\"tour-card\"]"), "click");
    tick().await;
    assert_eq!(
        app.find("[data-view=\"learn\"]").get_attribute("aria-selected").as_deref(),
        Some("true")
    );
    let first = app.find("[data-formula]");
    assert_eq!(first.get_attribute("data-formula").as_deref(), Some("sensitivity_specificity"));
    assert!(first.has_attribute("open"));
    fire(&app.find("[data-testid=\"tour-exit\"]"), "click");
    tick().await;
}
