//! The multi-class panels in a browser, each mounted alone with plain signals: the
//! libraries' comparison shows MONAI's, smp's and the article's Keras numbers for the
//! contract's batch (`multiclass.md`, "Same name, different numbers": measured with MONAI
//! 1.6.1 and smp 0.6.0; the Keras row from `crates/core/tests/golden/mc_compare.json`, made by
//! `tools/oracle/make_mc_compare.py`), a refused batch is a message; the per-class maps draw
//! the engine's gradients in the gradient maps' colours and read them out on hover; the
//! class-size sweep finishes and draws.

use crate::web_common::{pointer, tick};
use leptos::prelude::*;
use losslab_app::ui::i18n::{I18n, Lang};
use losslab_app::ui::mc_panels::{
    BatchBuffers, ClassMaps, ClassSweepPanel, ComparePanel, MakeBatch,
};
use losslab_core::maps::{Scale, Scaling};
use losslab_core::multiclass::sweep::{default_batch, DEFAULT_CONFIDENCE};
use losslab_core::multiclass::{one_hot, McInput, McShape};
use losslab_core::params::multiclass::{Activation, McConfig, McLossName};
use losslab_core::ParamValue;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, HtmlElement};

/// A component mounted alone in its own element, with the language context; dropping it
/// unmounts it and removes the element.
struct Mounted {
    root: HtmlElement,
    handle: Option<Box<dyn std::any::Any>>,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.take();
        self.root.remove();
    }
}

impl Mounted {
    fn find(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .expect("valid selector")
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).expect("valid selector");
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
    }

    fn value_of(&self, selector: &str) -> f64 {
        let text = self.find(selector).get_attribute("data-value").expect("data-value");
        text.parse().unwrap_or_else(|_| panic!("data-value {text:?} is a number"))
    }
}

async fn mount(view: impl FnOnce() -> AnyView + 'static) -> Mounted {
    let document = web_sys::window().expect("a window").document().expect("a document");
    let root: HtmlElement = document.create_element("div").expect("div").unchecked_into();
    document.body().expect("body").append_child(&root).expect("append");
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n { lang: RwSignal::new(Lang::En) });
        view()
    });
    let mounted = Mounted { root, handle: Some(Box::new(handle)) };
    tick().await;
    tick().await;
    mounted
}

/// The contract's batch (`multiclass.md`, "Same name, different numbers"): `B = 2`, `C = 3`,
/// 4×4. Image 0: class 1 a 2×2 block at the top left, class 2 the pixel (3, 3); image 1:
/// class 1 a 2×2 block in the centre. `p = (0.8, 0.1, 0.1)` on background pixels,
/// `(0.2, 0.7, 0.1)` on class-1 pixels, `(0.5, 0.2, 0.3)` on the class-2 pixel.
fn contract_batch() -> BatchBuffers {
    let shape = McShape { images: 2, classes: 3, height: 4, width: 4 };
    let mut labels = vec![0.0; 32];
    for (row, col) in [(0, 0), (0, 1), (1, 0), (1, 1)] {
        labels[row * 4 + col] = 1.0;
    }
    labels[3 * 4 + 3] = 2.0;
    for (row, col) in [(1, 1), (1, 2), (2, 1), (2, 2)] {
        labels[16 + row * 4 + col] = 1.0;
    }
    let target = one_hot(&labels, shape).expect("labels in 0..3");
    let mut prob = vec![0.0; shape.len()];
    for b in 0..2 {
        for i in 0..16 {
            let p = match labels[b * 16 + i] as usize {
                0 => [0.8, 0.1, 0.1],
                1 => [0.2, 0.7, 0.1],
                _ => [0.5, 0.2, 0.3],
            };
            for (c, v) in p.into_iter().enumerate() {
                prob[shape.at(b, c, i)] = v;
            }
        }
    }
    let class_names = ["background", "organ", "lesion"].map(String::from).to_vec();
    BatchBuffers { shape, target, prob, class_names }
}

/// The golden file's first case: the same batch, and the libraries' numbers for it.
fn golden() -> serde_json::Value {
    let text = include_str!("../crates/core/tests/golden/mc_compare.json");
    let all: serde_json::Value = serde_json::from_str(text).expect("the golden file parses");
    all["cases"][0].clone()
}

fn batch_signal(batch: BatchBuffers) -> Signal<Option<Rc<BatchBuffers>>, LocalStorage> {
    let batch = Rc::new(batch);
    Signal::derive_local(move || Some(Rc::clone(&batch)))
}

#[wasm_bindgen_test]
async fn the_comparison_shows_each_librarys_number_for_the_contracts_batch() {
    let case = golden();
    // The golden case is the contract's batch: same labels.
    let batch = contract_batch();
    let labels: Vec<f64> = (0..2)
        .flat_map(|b| (0..16).map(move |i| (b, i)))
        .map(|(b, i)| {
            (0..3).find(|&c| batch.target[batch.shape.at(b, c, i)] == 1.0).unwrap_or(9) as f64
        })
        .collect();
    let golden_labels: Vec<f64> =
        case["labels"].as_array().expect("labels").iter().filter_map(|v| v.as_f64()).collect();
    assert_eq!(labels, golden_labels);
    let signal = batch_signal(batch);
    let m = mount(move || view! { <ComparePanel batch=signal /> }.into_any()).await;
    // MONAI and smp, from the contract's table (6 decimals).
    for (library, want) in
        [("monai-per-image", 0.450513), ("monai-pooled", 0.440668), ("smp", 0.440669)]
    {
        let got = m.value_of(&format!("[data-compare=\"{library}\"]"));
        assert!((got - want).abs() <= 1e-6, "{library}: {got} vs the library's {want}");
    }
    // The article's Keras code, from the golden file.
    let keras = case["values"]["keras-article"].as_f64().expect("the Keras number");
    let got = m.value_of("[data-compare=\"keras-article\"]");
    assert!((got - keras).abs() <= 1e-6, "keras-article: {got} vs {keras}");
    // The spread is marked: MONAI per image highest, the Keras code lowest.
    let rank = |library: &str| {
        m.find(&format!("[data-compare-row=\"{library}\"]")).get_attribute("data-rank")
    };
    assert_eq!(rank("monai-per-image").as_deref(), Some("highest"));
    assert_eq!(rank("keras-article").as_deref(), Some("lowest"));
    assert_eq!(rank("smp"), None);
    let spread = m.value_of("[data-compare-spread]");
    assert!((spread - (0.4505133711048872 - keras)).abs() < 1e-6, "spread {spread}");
    // Each row names its call and its reason.
    let smp = m.find("[data-compare-row=\"smp\"]").text_content().unwrap_or_default();
    assert!(smp.contains("DiceLoss(\"multiclass\")"), "{smp}");
    assert!(smp.contains("scores 0 while still counting in the mean"), "{smp}");
}

#[wasm_bindgen_test]
async fn a_batch_the_libraries_refuse_is_a_message() {
    let mut batch = contract_batch();
    batch.prob[0] = 0.9; // image 0, pixel 0 sums to 1.1 under softmax
    let signal = batch_signal(batch);
    let m = mount(move || view! { <ComparePanel batch=signal /> }.into_any()).await;
    let error = m.find("[data-compare-error]");
    assert_eq!(error.get_attribute("data-field").as_deref(), Some("prob"));
    assert!(m.all("[data-compare]").is_empty(), "no numbers for a refused batch");
}

/// The RGBA bytes of channel `c`'s map.
fn map_pixels(m: &Mounted, c: usize) -> Vec<u8> {
    let canvas: HtmlCanvasElement =
        m.find(&format!("canvas[data-mc-gradient-map=\"{c}\"]")).unchecked_into();
    let (w, h) = (canvas.width(), canvas.height());
    let ctx: CanvasRenderingContext2d =
        canvas.get_context("2d").expect("2d context").expect("2d context exists").unchecked_into();
    ctx.get_image_data(0.0, 0.0, w as f64, h as f64).expect("image data").data().0
}

fn dice(params: &[(&str, ParamValue)]) -> McConfig {
    McConfig::from_params(McLossName::Dice, 3, params, None).expect("valid Dice parameters")
}

#[wasm_bindgen_test]
async fn each_channel_map_draws_the_engines_gradient_and_hover_reads_it() {
    let batch = contract_batch();
    let no_background = dice(&[("include_background", ParamValue::Bool(false))]);
    // Straight from the engine: image 1's ∂L/∂z, and the shared symmetric-log scale.
    let out = no_background.evaluate(
        McInput::new(batch.shape, &batch.target, &batch.prob, Activation::Softmax).expect("valid"),
    );
    let image: Vec<f64> = out.grad_logit[48..96].to_vec();
    let shared = image.iter().fold(0.0f64, |a, g| a.max(g.abs()));
    let scale = Scale::new(shared, Scaling::SymLog);
    let signal = batch_signal(batch);
    let config = Signal::derive(move || no_background.clone());
    let m = mount(move || {
        view! { <ClassMaps batch=signal config=config image=Signal::derive(|| 1usize) /> }
            .into_any()
    })
    .await;
    for c in 0..3 {
        let px = map_pixels(&m, c);
        assert_eq!(px.len(), 4 * 16, "channel {c}: one canvas pixel per image pixel");
        assert!(px.chunks(4).any(|p| p != &px[..4]), "channel {c}: the map is not blank");
        for i in 0..16 {
            let want = scale.colour(image[c * 16 + i]);
            assert_eq!(&px[4 * i..4 * i + 3], &want, "channel {c}, pixel {i}");
        }
    }
    // Background is outside the loss: said on its card, yet its logit gradient is not 0.
    let card = m.find("[data-mc-map-card=\"0\"]");
    assert_eq!(card.get_attribute("data-kept").as_deref(), Some("false"));
    let bar_max = m.find("canvas[data-colorbar]").get_attribute("data-max");
    assert_eq!(bar_max, Some(format!("{shared}")), "one shared range: the largest |∂L/∂z|");
    let note = m.find("[data-mc-maps-note]").text_content().unwrap_or_default();
    assert!(note.contains("background"), "{note}");
    // Hover pixel (row 2, col 1) of channel 0's map: the read-out has the engine's numbers.
    let canvas = m.find("canvas[data-mc-gradient-map=\"0\"]");
    // The test page has no stylesheet: scale the 4×4 canvas up as the page's CSS does, so a
    // pointer event (whole CSS pixels) lands inside the aimed pixel.
    canvas.set_attribute("style", "width: 160px; height: 160px").expect("style");
    pointer(&canvas, "pointermove", 1.0, 2.0, 4.0);
    tick().await;
    let readout = m.find("[data-testid=\"mc-maps-readout\"]");
    assert_eq!(readout.get_attribute("data-row").as_deref(), Some("2"));
    assert_eq!(readout.get_attribute("data-col").as_deref(), Some("1"));
    let i = 2 * 4 + 1;
    for c in 0..3 {
        let row = format!("tr[data-mc-readout-class=\"{c}\"]");
        assert_eq!(
            m.value_of(&format!("{row} [data-grad=\"z\"]")),
            image[c * 16 + i],
            "∂L/∂z, {c}"
        );
        assert_eq!(m.value_of(&format!("{row} [data-grad=\"p\"]")), out.grad_prob[48 + c * 16 + i]);
    }
    assert_eq!(m.value_of("tr[data-mc-readout-class=\"0\"] [data-grad=\"p\"]"), 0.0);
    assert_ne!(m.value_of("tr[data-mc-readout-class=\"0\"] [data-grad=\"z\"]"), 0.0);
    // The keyboard moves the read-out too.
    let key = web_sys::KeyboardEventInit::new();
    key.set_key("ArrowRight");
    key.set_bubbles(true);
    let ev =
        web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &key).expect("key");
    canvas.dispatch_event(&ev).expect("dispatch");
    tick().await;
    assert_eq!(readout.get_attribute("data-col").as_deref(), Some("2"));
    // The ∂L/∂p toggle: background's map goes flat (its ∂L/∂p is 0 outside the loss).
    let p: HtmlElement =
        m.find("[data-mc-maps-toggle=\"component\"] [data-choice=\"p\"]").unchecked_into();
    p.click();
    tick().await;
    let flat = map_pixels(&m, 0);
    assert!(flat.chunks(4).all(|q| q == &flat[..4]), "background's ∂L/∂p map is flat");
}

#[wasm_bindgen_test]
async fn a_config_for_other_channels_is_a_message_not_a_panic() {
    let signal = batch_signal(contract_batch());
    let two = McConfig::from_params(McLossName::Dice, 2, &[], None).expect("valid");
    let m = mount(move || {
        view! { <ClassMaps batch=signal config=Signal::derive(move || two.clone()) image=Signal::derive(|| 0usize) /> }
            .into_any()
    })
    .await;
    m.find("[data-mc-maps-error]");
    assert!(m.all("canvas[data-mc-gradient-map]").is_empty());
}

/// Waits until the sweep's status is `ready` (at most ~20 s).
async fn until_ready(m: &Mounted) {
    for _ in 0..330 {
        let state = m.find("[data-chart-status=\"class-size-sweep\"]").get_attribute("data-state");
        if state.as_deref() == Some("ready") {
            return;
        }
        tick().await;
    }
    panic!("the class-size sweep did not finish");
}

#[wasm_bindgen_test]
async fn the_class_size_sweep_finishes_and_draws() {
    let make: MakeBatch = Rc::new(|area| default_batch(area, DEFAULT_CONFIDENCE));
    let make_batch = Signal::derive_local(move || Some(Rc::clone(&make)));
    let m = mount(move || {
        view! {
            <ClassSweepPanel make_batch=make_batch swept=Signal::derive(|| 2usize) classes=Signal::derive(|| 3usize) />
        }
        .into_any()
    })
    .await;
    m.find("[data-chart-panel=\"class-size-sweep\"]");
    until_ready(&m).await;
    let canvas: HtmlCanvasElement =
        m.find("canvas[data-chart=\"class-size-sweep\"]").unchecked_into();
    assert!(
        canvas.width() > 300 && canvas.height() > 200,
        "{}×{}",
        canvas.width(),
        canvas.height()
    );
    let ctx: CanvasRenderingContext2d =
        canvas.get_context("2d").expect("2d context").expect("2d context exists").unchecked_into();
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let px = ctx.get_image_data(0.0, 0.0, w, h).expect("image data").data().0;
    let inked = px.chunks(4).filter(|p| p[0] < 200 || p[1] < 200 || p[2] < 200).count();
    assert!(inked > 2000, "the chart has curves and text ({inked} dark pixels)");
    for kind in ["png", "svg", "csv"] {
        let button = m.find(&format!("[data-export=\"{kind}\"]"));
        assert!(!button.has_attribute("disabled"), "{kind} export is enabled");
    }
    assert!(m.all("[data-sweep-problem]").is_empty());
}

#[wasm_bindgen_test]
async fn a_sweep_without_two_channels_says_so() {
    let make: MakeBatch = Rc::new(|area| default_batch(area, DEFAULT_CONFIDENCE));
    let make_batch = Signal::derive_local(move || Some(Rc::clone(&make)));
    let m = mount(move || {
        view! {
            <ClassSweepPanel make_batch=make_batch swept=Signal::derive(|| 2usize) classes=Signal::derive(|| 1usize) />
        }
        .into_any()
    })
    .await;
    for _ in 0..10 {
        tick().await;
    }
    let text = m.find("[data-sweep-problem]").text_content().unwrap_or_default();
    assert!(text.contains("at least two channels"), "{text}");
}
