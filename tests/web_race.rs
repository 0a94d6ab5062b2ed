//! The training race in a browser: the preset menu, step / play / pause / reset on the real
//! buttons, the step counter, and the metrics hooks.

use crate::web_common::{self, fire, mount, tick, App};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlSelectElement};

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
    // The speed limit changes how fast the race runs, not the race.
    let speed = app.input("[data-testid=\"race-speed\"]");
    web_common::type_into(&speed, "5", true).await;
    assert_eq!(speed.value(), "5");
    assert_eq!(step(&app), 1, "a new speed keeps the race");
    // Any other setting starts a fresh race.
    let seed = app.input("[data-testid=\"race-seed\"]");
    web_common::type_into(&seed, "2", true).await;
    assert_eq!(step(&app), 0, "a new seed starts a new race");
}

/// The convolution kernels as compiled for the browser (wasm `simd128` lanes) against direct
/// sums written out here: forward, and the weight gradient `Σ grad_out · shifted input`.
#[wasm_bindgen_test]
fn convolutions_in_wasm_equal_direct_sums() {
    use losslab_core::train::{backward_params, conv_forward, ConvShape};
    let shape = ConvShape { cin: 2, cout: 3, dilation: 2 };
    let side = 19; // two blocks of eight and a tail of three
    let n = side * side;
    let input: Vec<f32> = (0..2 * n).map(|i| ((i * 37) % 23) as f32 / 23.0 - 0.5).collect();
    let params: Vec<f32> =
        (0..shape.params()).map(|i| ((i * 13) % 11) as f32 / 11.0 - 0.4).collect();
    let grad_out: Vec<f32> = (0..3 * n).map(|i| ((i * 7) % 19) as f32 / 19.0 - 0.3).collect();
    let at = |ci: usize, y: isize, x: isize| -> f32 {
        let inside = (0..side as isize).contains(&y) && (0..side as isize).contains(&x);
        if inside {
            input[ci * n + y as usize * side + x as usize]
        } else {
            0.0
        }
    };
    let mut out = vec![0.0; 3 * n];
    conv_forward(shape, &params, &input, side, &mut out);
    let mut grad = vec![0.0; shape.params()];
    backward_params(shape, &input, &grad_out, side, &mut grad);
    let mut want_grad = vec![0.0f64; shape.params()];
    for co in 0..3 {
        for y in 0..side as isize {
            for x in 0..side as isize {
                let mut v = params[shape.weights() + co] as f64;
                let g = grad_out[co * n + y as usize * side + x as usize] as f64;
                want_grad[shape.weights() + co] += g;
                for ci in 0..2 {
                    for k in 0..9 {
                        let s = at(ci, y + (k as isize / 3 - 1) * 2, x + (k as isize % 3 - 1) * 2)
                            as f64;
                        v += params[(co * 2 + ci) * 9 + k] as f64 * s;
                        want_grad[(co * 2 + ci) * 9 + k] += g * s;
                    }
                }
                let got = out[co * n + y as usize * side + x as usize] as f64;
                assert!((got - v).abs() < 1e-5, "forward {co},{y},{x}: {got} vs {v}");
            }
        }
    }
    for (i, (&g, &w)) in grad.iter().zip(&want_grad).enumerate() {
        assert!((g as f64 - w).abs() < 1e-4 * (1.0 + w.abs()), "grad {i}: {g} vs {w}");
    }
}

fn attr(app: &App, selector: &str, name: &str) -> Option<String> {
    app.root.query_selector(selector).ok().flatten().and_then(|e| e.get_attribute(name))
}

/// The race trains each loss with the board's parameters and names them in its legend and
/// table; a board change after the race began marks it stale until Reset (at step 0, Step
/// takes the board's parameters at once).
#[wasm_bindgen_test]
async fn the_race_trains_with_the_boards_parameters_and_says_when_they_changed() {
    let app = mount().await;
    let pos_weight = app.input("[data-loss-row=\"wce\"] input[data-param=\"pos_weight\"]");
    web_common::type_into(&pos_weight, "3", true).await;
    click(&app, "[data-view=\"race\"]");
    tick().await;
    // A small race: 16×16 crops.
    let crop = app.input("input[data-race-setting=\"race.crop\"]");
    web_common::type_into(&crop, "16", true).await;
    let wce_row = "tr[data-race-loss=\"wce\"]";
    assert_eq!(attr(&app, wce_row, "data-race-label").as_deref(), Some("wce (pos_weight 3)"));
    assert_eq!(
        attr(&app, ".race-key[data-race-label=\"wce (pos_weight 3)\"]", "data-race-runner")
            .as_deref(),
        Some("1"),
        "the legend names the runner with its parameter (wce is the second loss)"
    );
    assert_eq!(
        attr(&app, "tr[data-race-loss=\"dice\"]", "data-race-label").as_deref(),
        Some("dice")
    );
    assert!(app.root.query_selector("[data-race-stale]").expect("selector").is_none());
    click(&app, "[data-testid=\"race-step\"]");
    tick().await;
    assert_eq!(step(&app), 1);
    // Back to the board: w⁺ = 5. The race keeps its step and says it is stale.
    click(&app, "[data-view=\"scene\"]");
    tick().await;
    let pos_weight = app.input("[data-loss-row=\"wce\"] input[data-param=\"pos_weight\"]");
    web_common::type_into(&pos_weight, "5", true).await;
    click(&app, "[data-view=\"race\"]");
    tick().await;
    assert_eq!(step(&app), 1, "a board change keeps the race");
    let note = app.find("[data-race-stale]").text_content().unwrap_or_default();
    assert!(note.contains("wce (pos_weight 3) → wce (pos_weight 5)"), "{note}");
    assert_eq!(attr(&app, wce_row, "data-race-label").as_deref(), Some("wce (pos_weight 3)"));
    click(&app, "[data-testid=\"race-stale-reset\"]");
    tick().await;
    assert_eq!(step(&app), 0, "Reset starts again");
    assert_eq!(attr(&app, wce_row, "data-race-label").as_deref(), Some("wce (pos_weight 5)"));
    assert!(app.root.query_selector("[data-race-stale]").expect("selector").is_none());
}

/// The pos_weight sweep: one row per weight, each with its own runner index and label.
#[wasm_bindgen_test]
async fn the_pos_weight_sweep_has_one_row_per_weight() {
    let app = open_race().await;
    let select: HtmlSelectElement = app.find("[data-testid=\"race-preset\"]").unchecked_into();
    select.set_value("pos-weight-sweep");
    fire(&select, "change");
    tick().await;
    let rows = app.root.query_selector_all("tr[data-race-runner]").expect("selector");
    let labels: Vec<(String, String, String)> = (0..rows.length())
        .map(|i| {
            let row: web_sys::Element = rows.item(i).expect("row").unchecked_into();
            let a = |n: &str| row.get_attribute(n).unwrap_or_default();
            (a("data-race-runner"), a("data-race-loss"), a("data-race-label"))
        })
        .collect();
    let want: Vec<(String, String, String)> = ["1", "3", "10", "30", "100", "balanced"]
        .iter()
        .enumerate()
        .map(|(i, w)| (i.to_string(), "wce".into(), format!("wce (pos_weight {w})")))
        .collect();
    assert_eq!(labels, want);
    let sweep = app.input("input[data-race-setting=\"race.sweep\"]");
    assert_eq!(sweep.value(), "wce.pos_weight:1,3,10,30,100,balanced");
    assert_eq!(
        app.root.query_selector_all("canvas[data-race-pred=\"wce\"]").expect("selector").length(),
        6,
        "one prediction strip per runner"
    );
}

/// The x axis's last tick label ("300" on a 300-step race) stays inside its canvas: the
/// canvas's last column of device pixels carries no ink in the tick labels' band (a label cut
/// at the edge leaves ink there), while the band does carry the labels' ink.
#[wasm_bindgen_test]
async fn the_last_x_tick_label_is_not_cut() {
    let app = open_race().await;
    click(&app, "[data-testid=\"race-step\"]");
    wait_until(|| step(&app) == 1, "one step").await;
    tick().await;
    let canvas: web_sys::HtmlCanvasElement =
        app.find("canvas[data-race-chart=\"loss\"]").unchecked_into();
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").expect("context").expect("2d").unchecked_into();
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let dpr = web_sys::window().expect("window").device_pixel_ratio().max(1.0);
    // The labels sit 5 CSS px under the plot, whose bottom is 20 CSS px above the canvas's
    // (plot.rs: BOTTOM); their band is the canvas's lowest 15 CSS px.
    let band_top = h - 15.0 * dpr;
    let inked = |x: f64, width: f64| -> usize {
        let data = ctx.get_image_data(x, band_top, width, 15.0 * dpr).expect("pixels").data();
        data.chunks(4).filter(|px| px[3] > 0).count()
    };
    assert!(inked(0.0, w) > 0, "the tick labels are drawn in the band");
    assert_eq!(inked(w - 1.0, 1.0), 0, "no label ink in the last column: none is cut");
}
