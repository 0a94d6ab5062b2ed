//! The training race in a browser: the preset menu, step / play / pause / reset on the real
//! buttons, the step counter, and the metrics hooks.

mod web_common;

use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_common::{fire, mount, tick, App};
use web_sys::{HtmlElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn click(app: &App, selector: &str) {
    app.find(selector).unchecked_into::<HtmlElement>().click();
}

fn step(app: &App) -> usize {
    let text =
        app.find("[data-race-step]").get_attribute("data-race-step").expect("data-race-step");
    text.parse().unwrap_or_else(|_| panic!("data-race-step {text:?} is a whole number"))
}

async fn open_race() -> App {
    let app = mount().await;
    click(&app, "[data-view=\"race\"]");
    tick().await;
    app
}

async fn wait_until(mut ok: impl FnMut() -> bool, what: &str) {
    for _ in 0..150 {
        if ok() {
            return;
        }
        tick().await;
    }
    panic!("timed out waiting for {what}");
}

#[wasm_bindgen_test]
async fn the_preset_menu_offers_the_claims_presets() {
    let app = open_race().await;
    let select: HtmlSelectElement = app.find("[data-testid=\"race-preset\"]").unchecked_into();
    let values: Vec<String> = (0..select.length())
        .filter_map(|i| select.item(i))
        .map(|o| o.get_attribute("value").unwrap_or_default())
        .collect();
    for wanted in ["balanced", "extreme", "empty-images", "crop"] {
        assert!(values.iter().any(|v| v == wanted), "{wanted} in {values:?}");
    }
    // Choosing a preset shows its sentence and its settings.
    select.set_value("crop");
    fire(&select, "change");
    tick().await;
    assert_eq!(
        app.find("[data-race-look]").get_attribute("data-race-look").as_deref(),
        Some("crop")
    );
    let crop = app.input("input[data-race-setting=\"race.crop\"]");
    assert_eq!(crop.value(), "16");
    assert_eq!(step(&app), 0);
}

#[wasm_bindgen_test]
async fn step_play_pause_and_reset_drive_the_counter() {
    let app = open_race().await;
    // A small, fast race: 16×16 crops, two losses.
    let crop = app.input("input[data-race-setting=\"race.crop\"]");
    web_common::type_into(&crop, "16", true).await;
    assert!(app.input("input[data-race-toggle=\"wce\"]").checked(), "every loss races");
    assert_eq!(step(&app), 0);
    click(&app, "[data-testid=\"race-step\"]");
    tick().await;
    assert_eq!(step(&app), 1, "step advances by one");
    click(&app, "[data-testid=\"race-play\"]");
    wait_until(|| step(&app) >= 5, "play to advance the counter").await;
    click(&app, "[data-testid=\"race-pause\"]");
    tick().await;
    let paused = step(&app);
    tick().await;
    tick().await;
    assert_eq!(step(&app), paused, "pause stops the race");
    assert_eq!(
        app.find("[data-race-step]").get_attribute("data-race-running").as_deref(),
        Some("false")
    );
    // Every racing loss shows validation metrics in [0, 1].
    let rows = app.root.query_selector_all("[data-race-loss]").expect("selector");
    assert_eq!(rows.length(), 10, "ten losses race by default");
    for i in 0..rows.length() {
        let row: web_sys::Element = rows.item(i).expect("row").unchecked_into();
        for attr in ["data-val-dice", "data-val-iou"] {
            let v: f64 = row.get_attribute(attr).and_then(|t| t.parse().ok()).expect("a number");
            assert!((0.0..=1.0).contains(&v), "{attr} = {v}");
        }
    }
    click(&app, "[data-testid=\"race-reset\"]");
    tick().await;
    assert_eq!(step(&app), 0, "reset returns to step 0");
}

#[wasm_bindgen_test]
async fn a_bad_setting_shows_the_notice_and_keeps_the_race() {
    let app = open_race().await;
    click(&app, "[data-testid=\"race-step\"]");
    tick().await;
    let lr = app.input("[data-testid=\"race-lr\"]");
    web_common::type_into(&lr, "-1", true).await;
    assert!(app.notice_shown(), "a negative learning rate is refused");
    assert_eq!(lr.value(), "0.01", "the field shows the kept value");
    assert_eq!(step(&app), 1, "the race was kept");
}
