//! The loss board in a browser: values equal a direct core evaluation, follow parameter
//! edits, and refuse bad input with a notice.

use crate::web_common::{self, mount, type_into};
use losslab_core::scene::{PredictionModel, Scene};
use losslab_core::{Loss, LossConfig, LossName, ParamValue};
use wasm_bindgen_test::*;

fn core_value(scene: &Scene, config: LossConfig) -> f64 {
    let input = scene.input().expect("a valid scene");
    Loss::new(config).expect("a valid config").evaluate(input).value
}

#[wasm_bindgen_test]
async fn every_loss_on_the_board_equals_the_core() {
    let app = mount().await;
    let scene = Scene::default();
    for name in LossName::ALL {
        let expected = core_value(&scene, LossConfig::default_for(name));
        assert_eq!(app.loss(name.as_str()), expected, "{name}");
    }
}

#[wasm_bindgen_test]
async fn tversky_alpha_changes_the_value_to_the_cores() {
    let app = mount().await;
    let before = app.loss("tversky");
    let alpha = app.input("[data-loss-row=\"tversky\"] input[data-param=\"alpha\"]");
    assert_eq!(alpha.value(), "0.7");
    type_into(&alpha, "0.3", true).await;
    let mut config = LossConfig::default_for(LossName::Tversky);
    config.set("alpha", &ParamValue::Number(0.3)).expect("alpha is a parameter");
    let expected = core_value(&Scene::default(), config);
    assert_eq!(app.loss("tversky"), expected);
    assert_ne!(app.loss("tversky"), before);
    assert!(!app.notice_shown());
    // The reset button brings the article's default back.
    let reset: web_sys::HtmlElement = wasm_bindgen::JsCast::unchecked_into(
        app.find("[data-loss-row=\"tversky\"] [data-reset=\"alpha\"]"),
    );
    reset.click();
    web_common::tick().await;
    assert_eq!(app.loss("tversky"), before);
}

#[wasm_bindgen_test]
async fn bad_numbers_show_the_notice_and_keep_the_value() {
    let app = mount().await;
    assert!(!app.notice_shown(), "no notice at start");
    let before = app.loss("focal");
    let alpha = app.input("[data-loss-row=\"focal\"] input[data-param=\"alpha\"]");
    for bad in ["1.5", "-1", "abc", ""] {
        type_into(&alpha, bad, false).await;
        assert!(app.notice_shown(), "{bad:?} is refused with a notice");
        assert!(
            app.notice_text().contains("α"),
            "the notice names the parameter: {}",
            app.notice_text()
        );
        assert_eq!(app.loss("focal"), before, "{bad:?} keeps the value");
    }
    // Committing the bad text puts the valid value back into the field.
    type_into(&alpha, "2", true).await;
    assert_eq!(alpha.value(), "0.25");
    assert_eq!(app.loss("focal"), before);
    // A valid value clears the notice.
    type_into(&alpha, "0.5", true).await;
    assert!(!app.notice_shown());
    assert_ne!(app.loss("focal"), before);
}

#[wasm_bindgen_test]
async fn background_confidence_drives_the_prediction() {
    let app = mount().await;
    let field = app.input("[data-testid=\"background-confidence\"]");
    assert_eq!(field.min(), "0.0001");
    assert_eq!(field.max(), "0.5");
    type_into(&field, "0.001", true).await;
    let mut scene = Scene::default();
    scene.set_model(PredictionModel { background: 0.001, ..PredictionModel::default() });
    for name in [LossName::Bce, LossName::Dice] {
        assert_eq!(app.loss(name.as_str()), core_value(&scene, LossConfig::default_for(name)));
    }
    type_into(&field, "0.00001", true).await;
    assert!(app.notice_shown(), "below 1e-4 is refused");
    assert_eq!(field.value(), "0.001");
}

#[wasm_bindgen_test]
async fn the_current_loss_is_highlighted_and_exported_without_error() {
    use wasm_bindgen::JsCast;
    let app = mount().await;
    let select: web_sys::HtmlSelectElement =
        app.find("[data-testid=\"current-loss\"]").unchecked_into();
    let options: Vec<String> = (0..select.length())
        .filter_map(|i| select.item(i))
        .filter_map(|o| o.get_attribute("value"))
        .collect();
    let names: Vec<&str> = LossName::ALL.iter().map(|n| n.as_str()).collect();
    assert_eq!(options, names, "every loss is an option, by its name");
    select.set_value("tversky");
    web_common::fire(&select, "change");
    web_common::tick().await;
    assert!(app.find("[data-loss-row=\"tversky\"]").class_list().contains("current"));
    assert!(!app.find("[data-loss-row=\"dice\"]").class_list().contains("current"));
    let export: web_sys::HtmlElement = app.find("[data-testid=\"export-case\"]").unchecked_into();
    export.click();
    web_common::tick().await;
    assert!(!app.notice_shown(), "export raised no error: {}", app.notice_text());
}
