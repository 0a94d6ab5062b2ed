//! The scene editor in a browser: strokes paint the layer under the pointer, the object size
//! regenerates the scene, undo restores it.

use crate::web_common::{self, mount, pointer, tick, type_into};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

const FG: &str = "[data-testid=\"fg-fraction\"]";

#[wasm_bindgen_test]
async fn a_stroke_on_the_target_canvas_paints_the_target() {
    let app = mount().await;
    let fraction = app.value_of(FG);
    let dice = app.loss("dice");
    assert_eq!(fraction, 50.0 / 4096.0, "the default disc has 50 pixels");
    let canvas = app.find("canvas[data-layer=\"target\"]");
    pointer(&canvas, "pointerdown", 5.0, 5.0, 64.0);
    pointer(&canvas, "pointermove", 15.0, 5.0, 64.0);
    pointer(&canvas, "pointerup", 15.0, 5.0, 64.0);
    tick().await;
    assert!(app.value_of(FG) > fraction, "the brush added target pixels");
    assert_ne!(app.loss("dice"), dice);
    // Undo brings back the exact numbers.
    let undo: web_sys::HtmlElement = app.find("[data-testid=\"undo\"]").unchecked_into();
    undo.click();
    tick().await;
    assert_eq!(app.value_of(FG), fraction);
    assert_eq!(app.loss("dice"), dice);
}

#[wasm_bindgen_test]
async fn a_stroke_on_the_prediction_canvas_paints_the_brush_probability() {
    let app = mount().await;
    let bce = app.loss("bce");
    let fraction = app.value_of(FG);
    let canvas = app.find("canvas[data-layer=\"prediction\"]");
    pointer(&canvas, "pointerdown", 3.0, 3.0, 64.0);
    pointer(&canvas, "pointerup", 3.0, 3.0, 64.0);
    tick().await;
    assert_eq!(app.value_of(FG), fraction, "the target is untouched");
    assert!(app.loss("bce") > bce, "a confident false positive raises BCE");
    let fp = app.value_of("[data-count=\"fp\"]");
    assert!(fp > 4046.0 * 0.05, "false positives grew: {fp}");
}

#[wasm_bindgen_test]
async fn the_object_size_regenerates_target_and_prediction() {
    let app = mount().await;
    let size = app.input("[data-testid=\"object-size\"]");
    assert_eq!(size.min(), "1");
    assert_eq!(size.max(), "2048");
    type_into(&size, "200", true).await;
    assert_eq!(app.value_of(FG), 200.0 / 4096.0);
    // TP = 200 · 0.9 with the default model.
    assert!((app.value_of("[data-count=\"tp\"]") - 180.0).abs() < 1e-9);
    type_into(&size, "5000", true).await;
    assert!(app.notice_shown(), "more than half the image is refused");
    assert_eq!(app.value_of(FG), 200.0 / 4096.0);
    assert_eq!(size.value(), "200");
}

#[wasm_bindgen_test]
async fn the_grid_size_changes_the_canvas() {
    let app = mount().await;
    let select: web_sys::HtmlSelectElement =
        app.find("[data-testid=\"grid-size\"]").unchecked_into();
    select.set_value("128");
    web_common::fire(&select, "change");
    tick().await;
    let canvas: web_sys::HtmlCanvasElement =
        app.find("canvas[data-layer=\"target\"]").unchecked_into();
    assert_eq!(canvas.width(), 128);
    assert_eq!(app.value_of(FG), 50.0 / (128.0 * 128.0), "the area stays 50 pixels");
}

#[wasm_bindgen_test]
async fn ctrl_z_and_ctrl_shift_z_undo_and_redo() {
    let app = mount().await;
    let size = app.input("[data-testid=\"object-size\"]");
    type_into(&size, "120", true).await;
    assert_eq!(app.value_of(FG), 120.0 / 4096.0);
    let key = |shift: bool| {
        let init = web_sys::KeyboardEventInit::new();
        init.set_key("z");
        init.set_ctrl_key(true);
        init.set_shift_key(shift);
        init.set_bubbles(true);
        let event = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init)
            .expect("keyboard event");
        app.root.dispatch_event(&event).expect("dispatch");
    };
    key(false);
    tick().await;
    assert_eq!(app.value_of(FG), 50.0 / 4096.0, "Ctrl+Z undoes the size change");
    assert_eq!(size.value(), "50", "the control follows the undone scene");
    key(true);
    tick().await;
    assert_eq!(app.value_of(FG), 120.0 / 4096.0, "Ctrl+Shift+Z redoes it");
}

#[wasm_bindgen_test]
async fn clear_and_invert_act_on_the_active_layer() {
    let app = mount().await;
    let click = |testid: &str| {
        let button: web_sys::HtmlElement =
            app.find(&format!("[data-testid=\"{testid}\"]")).unchecked_into();
        button.click();
    };
    click("invert");
    tick().await;
    assert_eq!(app.value_of(FG), (4096.0 - 50.0) / 4096.0);
    click("clear");
    tick().await;
    assert_eq!(app.value_of(FG), 0.0);
    assert_eq!(app.find(FG).text_content().unwrap_or_default(), "0 %");
}

#[wasm_bindgen_test]
async fn the_generator_draws_each_shape_with_the_requested_area() {
    let app = mount().await;
    let select: web_sys::HtmlSelectElement =
        app.find("[data-testid=\"generator\"]").unchecked_into();
    for (shape, area) in
        [("square", 50.0), ("ship", 50.0), ("several", 50.0), ("line", 50.0), ("empty", 0.0)]
    {
        select.set_value(shape);
        web_common::fire(&select, "change");
        tick().await;
        assert_eq!(app.value_of(FG), area / 4096.0, "{shape}");
    }
}
