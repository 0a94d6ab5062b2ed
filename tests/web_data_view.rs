//! The "Your data" view in a browser, mounted alone (its context without the app's `Lab`:
//! the losses at their defaults): the fixtures' bytes (files made by NumPy, nibabel and
//! Pillow, `fixtures/data`) go through the same import as the pickers', and the table shows
//! what the manifest's arrays give — object pixels, `bce` (the contract's formula, by hand
//! here), the metrics at 0.5 — with each loss's gradient shares summing to one; the race's
//! samples are filled from the images; a bad file after a good import keeps the good rows; a
//! sort button reorders the rows; an import over the cap on decoded values held (lowered
//! here) is refused by file name, keeps the rows, and "Clear" frees the cap.

use crate::web_common::tick;
use leptos::prelude::*;
use losslab_app::ui::data_view::{DataCtx, DataView, Incoming, Source};
use losslab_app::ui::i18n::{I18n, Lang};
use losslab_core::data::Role;
use serde_json::Value;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

/// The view mounted alone; dropping it unmounts it and removes its element.
struct Mounted {
    root: HtmlElement,
    handle: Option<Box<dyn std::any::Any>>,
    ctx: DataCtx,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.handle.take();
        self.root.remove();
    }
}

impl Mounted {
    fn all(&self, selector: &str) -> Vec<Element> {
        let list = self.root.query_selector_all(selector).expect("valid selector");
        (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
    }

    fn attr(&self, selector: &str, name: &str) -> String {
        self.root
            .query_selector(selector)
            .expect("valid selector")
            .unwrap_or_else(|| panic!("no element matches {selector}"))
            .get_attribute(name)
            .unwrap_or_else(|| panic!("{selector} has no {name}"))
    }

    fn number(&self, selector: &str, name: &str) -> f64 {
        let text = self.attr(selector, name);
        text.parse().unwrap_or_else(|_| panic!("{selector} {name}={text:?} is a number"))
    }

    /// Waits (up to 10 s) until nothing is decoding or evaluating and `rows` rows are shown.
    async fn settled(&self, rows: usize) {
        for _ in 0..200 {
            let idle = self.attr("[data-testid=\"data-progress\"]", "data-stage") == "idle";
            if idle && self.all("tr[data-image]").len() == rows {
                return;
            }
            tick().await;
        }
        panic!("{} rows after 10 s, not {rows}", self.all("tr[data-image]").len());
    }
}

async fn mount() -> Mounted {
    mount_capped(losslab_core::data::MAX_VALUES).await
}

/// The view with `max_values` as the cap on decoded values held.
async fn mount_capped(max_values: usize) -> Mounted {
    let document = web_sys::window().expect("a window").document().expect("a document");
    let root: HtmlElement = document.create_element("div").expect("div").unchecked_into();
    document.body().expect("body").append_child(&root).expect("append");
    let made: Rc<Cell<Option<DataCtx>>> = Rc::new(Cell::new(None));
    let keep = made.clone();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n { lang: RwSignal::new(Lang::En) });
        keep.set(Some(DataCtx::provide_capped(max_values)));
        view! { <DataView /> }
    });
    tick().await;
    let ctx = made.get().expect("the context was made");
    Mounted { root, handle: Some(Box::new(handle)), ctx }
}

fn manifest() -> Value {
    serde_json::from_str(include_str!("../fixtures/data/manifest.json")).expect("the manifest")
}

fn numbers(v: &Value) -> Vec<f64> {
    v.as_array().expect("an array").iter().map(|x| x.as_f64().expect("a number")).collect()
}

/// A fixture file as the pickers would hand it over (role from its folders).
fn file(path: &str, bytes: &[u8]) -> Incoming {
    Incoming {
        path: path.to_string(),
        role: None,
        chosen: false,
        source: Source::Bytes(bytes.to_vec()),
    }
}

macro_rules! fixture {
    ($path:literal) => {
        file($path, include_bytes!(concat!("../fixtures/data/", $path)))
    };
}

fn set2d() -> Vec<Incoming> {
    vec![
        fixture!("set2d/targets/case01.png"),
        fixture!("set2d/targets/case02.png"),
        fixture!("set2d/targets/case03.npy"),
        fixture!("set2d/targets/case04.nii"),
        fixture!("set2d/targets/case05.png"),
        fixture!("set2d/targets/case06.npy"),
        fixture!("set2d/preds/case01.npy"),
        fixture!("set2d/preds/case02.npy"),
        fixture!("set2d/preds/case03.png"),
        fixture!("set2d/preds/case04.nii.gz"),
        fixture!("set2d/preds/case05.npy"),
        fixture!("set2d/preds/case06.npy"),
        fixture!("set2d/images/case01.png"),
        fixture!("set2d/images/case02.png"),
        fixture!("set2d/images/case03.png"),
        fixture!("set2d/images/case04.png"),
        fixture!("set2d/images/case05.png"),
        fixture!("set2d/images/case06.png"),
    ]
}

#[wasm_bindgen_test]
async fn set2d_fills_the_table_with_the_manifests_numbers_and_the_race_samples() {
    let app = mount().await;
    app.ctx.import(set2d());
    app.settled(6).await;
    let m = manifest();
    let set = m["sets"].as_array().expect("sets").iter().find(|s| s["dir"] == "set2d");
    let pairs = set.expect("set2d")["pairs"].as_array().expect("pairs").clone();
    for pair in &pairs {
        let name = pair["name"].as_str().expect("a name");
        let row = format!("tr[data-image=\"{name}\"]");
        let y = numbers(&pair["target"]);
        let p = numbers(&pair["prob"]);
        let pixels = pair["target_pixels"].as_u64().expect("pixels") as f64;
        assert_eq!(app.number(&row, "data-target-pixels"), pixels, "{name}");
        // bce = −mean(y ln p + (1 − y) ln(1 − p)) (losses.md §1; every p here lies inside
        // [1e-7, 1 − 1e-7], so the clamp does nothing).
        let n = y.len() as f64;
        let bce =
            -y.iter().zip(&p).map(|(&y, &p)| y * p.ln() + (1.0 - y) * (1.0 - p).ln()).sum::<f64>()
                / n;
        let shown = app.number(&format!("{row} [data-loss=\"bce\"]"), "data-value");
        assert!((shown - bce).abs() <= 1e-12 * bce.abs().max(1.0), "{name} bce {shown} vs {bce}");
        // Dice and recall at 0.5 (y ≥ 0.5, p ≥ 0.5; Dice 1 with neither, recall 0 without
        // an object pixel).
        let (mut tp, mut fp, mut fn_) = (0.0, 0.0, 0.0);
        for (&y, &p) in y.iter().zip(&p) {
            match (y >= 0.5, p >= 0.5) {
                (true, true) => tp += 1.0,
                (false, true) => fp += 1.0,
                (true, false) => fn_ += 1.0,
                _ => {}
            }
        }
        let dice = if tp + fp + fn_ > 0.0 { 2.0 * tp / (2.0 * tp + fp + fn_) } else { 1.0 };
        let recall = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        assert_eq!(app.number(&format!("{row} [data-metric=\"dice\"]"), "data-value"), dice);
        assert_eq!(app.number(&format!("{row} [data-metric=\"recall\"]"), "data-value"), recall);
    }
    // Each loss's shares of the batch gradient sum to one over the images.
    for loss in ["bce", "dice", "focal_tversky"] {
        let total: f64 = app
            .all(&format!("tr[data-image] [data-loss=\"{loss}\"]"))
            .iter()
            .map(|c| {
                c.get_attribute("data-share")
                    .and_then(|s| s.parse::<f64>().ok())
                    .unwrap_or(f64::NAN)
            })
            .sum();
        assert!((total - 1.0).abs() < 1e-12, "{loss}: shares sum to {total}");
    }
    // The race's samples: one per pair with an image, its mask the target.
    let samples = app.ctx.training.get_untracked();
    assert_eq!(samples.len(), 6);
    for (s, pair) in samples.iter().zip(&pairs) {
        assert_eq!(s.name, pair["name"].as_str().expect("a name"));
        assert_eq!((s.height, s.width), (48, 48));
        let object: f32 = s.mask.iter().sum();
        assert_eq!(f64::from(object), pair["target_pixels"].as_f64().expect("pixels"));
        assert!(s.image.iter().all(|v| (0.0..=1.0).contains(v)), "PNG samples / 255");
    }
}

#[wasm_bindgen_test]
async fn a_bad_file_after_a_good_import_keeps_the_rows_and_is_listed() {
    let app = mount().await;
    app.ctx.import(vec![fixture!("set2d.zip")]);
    app.settled(6).await;
    let mut bad = fixture!("bad/npy_truncated.npy");
    bad.role = Some(Role::Target);
    app.ctx.import(vec![bad]);
    for _ in 0..200 {
        if !app.all("[data-testid=\"data-errors\"] li").is_empty() {
            break;
        }
        tick().await;
    }
    app.settled(6).await;
    let errors = app.all("[data-testid=\"data-errors\"] li");
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].get_attribute("data-file").as_deref(), Some("bad/npy_truncated.npy"));
    assert!(errors[0].text_content().unwrap_or_default().contains("truncated"));
    // Clear empties the set, the table, the errors and the race's samples.
    app.ctx.clear();
    tick().await;
    assert!(app.all("tr[data-image]").is_empty());
    assert!(app.all("[data-testid=\"data-errors\"] li").is_empty());
    assert!(app.ctx.training.get_untracked().is_empty());
}

#[wasm_bindgen_test]
async fn a_sort_button_reorders_the_rows_and_sets_aria_sort() {
    let app = mount().await;
    app.ctx.import(set2d());
    app.settled(6).await;
    app.ctx.grouped.set(false);
    tick().await;
    let names = |app: &Mounted| -> Vec<String> {
        app.all("tr[data-image]").iter().filter_map(|r| r.get_attribute("data-image")).collect()
    };
    // By object size at first: 0, 3, 40, 100, 300, 1200 pixels (the manifest's sizes).
    assert_eq!(names(&app), ["case01", "case02", "case03", "case06", "case04", "case05"]);
    let button: HtmlElement = app.all("th[data-sort=\"name\"] button")[0].clone().unchecked_into();
    button.click();
    tick().await;
    assert_eq!(names(&app), ["case01", "case02", "case03", "case04", "case05", "case06"]);
    assert_eq!(app.attr("th[data-sort=\"name\"]", "aria-sort"), "ascending");
    button.click();
    tick().await;
    assert_eq!(names(&app), ["case06", "case05", "case04", "case03", "case02", "case01"]);
    assert_eq!(app.attr("th[data-sort=\"name\"]", "aria-sort"), "descending");
}

#[wasm_bindgen_test]
async fn an_import_over_the_cap_on_values_is_refused_by_name_and_keeps_the_rows() {
    // The cap, lowered for this test (one code path: `DataCtx::provide` passes the real
    // `data::MAX_VALUES`): set2d's 18 files of 48 × 48 (6 targets, predictions and images,
    // 41,472 values) and 100 values to spare.
    let cap = 18 * 48 * 48 + 100;
    let app = mount_capped(cap).await;
    assert!(
        app.attr("[data-testid=\"data-limits\"]", "data-max-values") == cap.to_string(),
        "the limits line states the cap in force"
    );
    assert!(app
        .all("[data-testid=\"data-limits\"]")
        .iter()
        .any(|e| e.text_content().unwrap_or_default().contains("41\u{2009}572 decoded values")));
    app.ctx.import(set2d());
    app.settled(6).await;
    assert_eq!(app.ctx.set.with_untracked(|s| s.values()), 18 * 48 * 48);
    // A seventh pair: its 48 × 48 target alone passes what is left of the cap.
    let mut target = fixture!("set2d/targets/case01.png");
    target.path = "more/targets/case07.png".into();
    let mut pred = fixture!("set2d/preds/case01.npy");
    pred.path = "more/preds/case07.npy".into();
    app.ctx.import(vec![target, pred]);
    for _ in 0..200 {
        if app.all("[data-testid=\"data-errors\"] li").len() >= 2 {
            break;
        }
        tick().await;
    }
    app.settled(6).await;
    let errors = app.all("[data-testid=\"data-errors\"] li");
    let files: Vec<String> = errors.iter().filter_map(|e| e.get_attribute("data-file")).collect();
    assert_eq!(files, ["more/targets/case07.png", "more/preds/case07.npy"]);
    for e in &errors {
        let text = e.text_content().unwrap_or_default();
        assert!(text.contains("48 × 48 = 2304 values, over the limit of 41572"), "{text}");
        assert!(!text.contains('\n'), "one line: {text}");
    }
    // Nothing imported before is lost: the six rows and their values.
    for k in 1..=6 {
        assert_eq!(app.all(&format!("tr[data-image=\"case0{k}\"]")).len(), 1, "case0{k}");
    }
    assert_eq!(app.ctx.set.with_untracked(|s| s.values()), 18 * 48 * 48);
    // "Clear" frees the cap: the same pair is taken now.
    let clear: HtmlElement = app.all("[data-testid=\"data-clear\"]")[0].clone().unchecked_into();
    clear.click();
    tick().await;
    let mut target = fixture!("set2d/targets/case01.png");
    target.path = "more/targets/case07.png".into();
    let mut pred = fixture!("set2d/preds/case01.npy");
    pred.path = "more/preds/case07.npy".into();
    app.ctx.import(vec![target, pred]);
    app.settled(1).await;
    assert_eq!(app.all("tr[data-image=\"case07\"]").len(), 1);
    assert!(app.all("[data-testid=\"data-errors\"] li").is_empty());
}
