//! The curves view in a browser: the five charts draw (non-blank canvases), redraw when a
//! scene parameter changes, and the hover read-out shows the sweep's numbers, which equal a
//! direct core evaluation of the regenerated scene.

use crate::web_common::{mount, tick, type_into, App};
use losslab_core::scene::{PredictionModel, Scene, TargetSpec};
use losslab_core::{Loss, LossConfig, LossName};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement, PointerEvent, PointerEventInit,
};

const CHARTS: [&str; 5] =
    ["pixel-curves", "size-sweep", "pixel-sensitivity", "param-sweep", "crop-sweep"];

async fn open_curves() -> App {
    let app = mount().await;
    app.find("[data-view=\"curves\"]").unchecked_into::<HtmlElement>().click();
    tick().await;
    wait_ready(&app, &[0; 5]).await;
    app
}

fn status(app: &App, id: &str, attribute: &str) -> Option<String> {
    let selector = format!("[data-chart-status=\"{id}\"]");
    app.root.query_selector(&selector).ok()??.get_attribute(attribute)
}

fn draws(app: &App, id: &str) -> u32 {
    status(app, id, "data-draws").and_then(|d| d.parse().ok()).unwrap_or(0)
}

/// Waits until every chart is `ready` and has drawn more often than `before`.
async fn wait_ready(app: &App, before: &[u32; 5]) {
    for _ in 0..300 {
        let done = CHARTS.iter().zip(before).all(|(id, &b)| {
            status(app, id, "data-state").as_deref() == Some("ready") && draws(app, id) > b
        });
        if done {
            return;
        }
        tick().await;
    }
    panic!("the charts did not finish drawing within 18 s");
}

fn canvas(app: &App, id: &str) -> HtmlCanvasElement {
    app.find(&format!("canvas[data-chart=\"{id}\"]")).unchecked_into()
}

/// Pixels that are not white.
fn inked(canvas: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d =
        canvas.get_context("2d").expect("context").expect("2d").unchecked_into();
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let data = ctx.get_image_data(0.0, 0.0, w, h).expect("pixels").data();
    data.chunks(4).filter(|p| p[0] < 250 || p[1] < 250 || p[2] < 250).count()
}

#[wasm_bindgen_test]
async fn every_chart_draws_on_its_canvas() {
    let app = open_curves().await;
    for id in CHARTS {
        let c = canvas(&app, id);
        assert!(c.width() >= 560 && c.height() > 300, "{id}: {}×{}", c.width(), c.height());
        let ink = inked(&c);
        assert!(ink > 5_000, "{id}: only {ink} inked pixels");
        let panel = app.find(&format!("[data-chart-panel=\"{id}\"]"));
        for kind in ["png", "svg", "csv"] {
            let button = panel.query_selector(&format!("[data-export=\"{kind}\"]")).expect("query");
            assert!(button.is_some(), "{id}: no {kind} export button");
        }
    }
}

#[wasm_bindgen_test]
async fn charts_redraw_when_the_background_confidence_changes() {
    let app = open_curves().await;
    let before: Vec<String> =
        CHARTS.iter().map(|id| canvas(&app, id).to_data_url().expect("data url")).collect();
    let counts: [u32; 5] = CHARTS.map(|id| draws(&app, id));
    type_into(&app.input("[data-testid=\"background-confidence\"]"), "0.001", true).await;
    wait_ready(&app, &counts).await;
    for (id, old) in CHARTS.iter().zip(before) {
        let now = canvas(&app, id).to_data_url().expect("data url");
        assert_ne!(now, old, "{id} did not change");
    }
}

#[wasm_bindgen_test]
async fn the_readout_shows_the_size_sweep_values_of_the_regenerated_scene() {
    let app = open_curves().await;
    let c = canvas(&app, "size-sweep");
    c.scroll_into_view();
    tick().await;
    let rect = c.get_bounding_client_rect();
    // The first panel (loss against area) sits at the top left: a fifth across, a third down.
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((rect.left() + rect.width() * 0.2) as i32);
    init.set_client_y((rect.top() + rect.height() * 0.3) as i32);
    let ev = PointerEvent::new_with_event_init_dict("pointermove", &init).expect("event");
    c.dispatch_event(&ev).expect("dispatch");
    tick().await;
    let readout = app.find("[data-readout=\"size-sweep\"]");
    assert_eq!(readout.get_attribute("data-panel").as_deref(), Some("value"));
    let row = app.find("[data-readout=\"size-sweep\"] [data-readout-row=\"dice bg=0.05\"]");
    let x: f64 = row.get_attribute("data-x").expect("x").parse().expect("number");
    let y: f64 = row.get_attribute("data-y").expect("y").parse().expect("number");
    // Independently: the default generator at that area, the default model (background 0.05).
    let spec = TargetSpec { area: x as usize, ..TargetSpec::default() };
    let scene = Scene::new(Default::default(), spec, PredictionModel::default());
    let input = scene.input().expect("valid");
    let want =
        Loss::new(LossConfig::default_for(LossName::Dice)).expect("valid").evaluate(input).value;
    assert_eq!(y, want, "dice at area {x}");
    assert!(readout.text_content().unwrap_or_default().contains("dice bg=0.05"));
}

#[wasm_bindgen_test]
async fn unchecking_a_loss_removes_it_from_the_charts() {
    let app = open_curves().await;
    let counts: [u32; 5] = CHARTS.map(|id| draws(&app, id));
    let wce = app.input("input[data-curves-loss=\"wce\"]");
    assert!(wce.checked());
    wce.click();
    wait_ready(&app, &counts).await;
    assert!(!wce.checked());
    let c = canvas(&app, "size-sweep");
    let rect = c.get_bounding_client_rect();
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_client_x((rect.left() + rect.width() * 0.2) as i32);
    init.set_client_y((rect.top() + rect.height() * 0.3) as i32);
    let ev = PointerEvent::new_with_event_init_dict("pointermove", &init).expect("event");
    c.dispatch_event(&ev).expect("dispatch");
    tick().await;
    let any = "[data-readout=\"size-sweep\"] [data-readout-row]";
    assert!(app.root.query_selector(any).expect("query").is_some(), "the read-out shows rows");
    assert!(app
        .root
        .query_selector("[data-readout-row=\"wce bg=0.05\"]")
        .expect("query")
        .is_none());
    assert!(app
        .root
        .query_selector("[data-readout-row=\"dice bg=0.05\"]")
        .expect("query")
        .is_some());
}

#[wasm_bindgen_test]
async fn leaving_the_view_while_it_computes_and_coming_back_is_safe() {
    let app = mount().await;
    let tab =
        |name: &str| app.find(&format!("[data-view=\"{name}\"]")).unchecked_into::<HtmlElement>();
    tab("curves").click();
    tick().await;
    // Leave before the sweeps finish, change the scene meanwhile, come back.
    tab("scene").click();
    type_into(&app.input("[data-testid=\"background-confidence\"]"), "0.01", true).await;
    tick().await;
    tab("curves").click();
    tick().await;
    wait_ready(&app, &[0; 5]).await;
    assert!(inked(&canvas(&app, "size-sweep")) > 5_000);
}
