//! The race on the user's own images in a browser: the race view mounted alone with a
//! `DataCtx` whose `training` holds small samples (what the "Your data" view fills). The
//! switch appears only with images, names how many and the crop side; switched on, the data
//! line says `user` and a few steps run on the user's crops; switching while the race plays
//! restarts it on the other data and plays on; other imported images are followed; a
//! three-class preset refuses the binary masks with a message and races on the sea.

use crate::web_common::tick;
use leptos::prelude::*;
use losslab_app::ui::data_view::DataCtx;
use losslab_app::ui::i18n::{I18n, Lang};
use losslab_app::ui::race::{RaceCtx, RaceView};
use losslab_app::ui::state::Lab;
use losslab_core::train::{LossGroup, UserSample};
use losslab_core::LossName;
use std::sync::Arc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

/// The race view mounted alone; dropping it unmounts it and removes its element.
struct Mounted {
    root: HtmlElement,
    handle: Option<Box<dyn std::any::Any>>,
    race: RaceCtx,
    data: DataCtx,
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.race.stop();
        self.handle.take();
        self.root.remove();
    }
}

impl Mounted {
    fn query(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).expect("valid selector")
    }

    fn find(&self, selector: &str) -> Element {
        self.query(selector).unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    fn attr(&self, selector: &str, name: &str) -> String {
        self.find(selector).get_attribute(name).unwrap_or_default()
    }

    fn click(&self, selector: &str) {
        self.find(selector).unchecked_into::<HtmlElement>().click();
    }

    fn step(&self) -> usize {
        let text = self.attr("[data-race-step]", "data-race-step");
        text.parse().unwrap_or_else(|_| panic!("data-race-step {text:?} is a whole number"))
    }

    fn source(&self) -> String {
        self.attr("[data-testid=\"race-data-source\"]", "data-source")
    }

    fn switch(&self) -> HtmlInputElement {
        self.find("[data-testid=\"race-user-data\"]").unchecked_into()
    }
}

/// A `side × side` sample: background 0.2, one bright square of `size` at `(at, at)`.
fn sample(name: &str, side: usize, at: usize, size: usize) -> UserSample {
    let mut image = vec![0.2f32; side * side];
    let mut mask = vec![0.0f32; side * side];
    for r in at..at + size {
        for c in at..at + size {
            image[r * side + c] = 0.8;
            mask[r * side + c] = 1.0;
        }
    }
    UserSample { name: name.to_owned(), height: side, width: side, image, mask }
}

/// Mounts the race view with `samples` in the data context and a small race: 16 × 16
/// crops, Dice and BCE, 12 training and 4 validation images, batches of 4.
async fn mount(samples: Vec<UserSample>) -> Mounted {
    let document = web_sys::window().expect("a window").document().expect("a document");
    let root: HtmlElement = document.create_element("div").expect("div").unchecked_into();
    document.body().expect("body").append_child(&root).expect("append");
    let contexts = std::rc::Rc::new(std::cell::RefCell::new(None));
    let out = std::rc::Rc::clone(&contexts);
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(I18n { lang: RwSignal::new(Lang::En) });
        let lab = Lab::new();
        provide_context(lab);
        let race = RaceCtx::provide(lab, lab.compound.into());
        race.update_settings(|s| {
            s.crop = 16;
            s.group = LossGroup::Custom;
            s.losses = vec![LossName::Dice, LossName::Bce];
            s.train_images = 12;
            s.val_images = 4;
            s.batch = 4;
        });
        let data = DataCtx::provide();
        data.training.set(Arc::new(samples));
        *out.borrow_mut() = Some((race, data));
        view! { <RaceView /> }
    });
    let (race, data) = contexts.borrow_mut().take().expect("the contexts were made");
    let mounted = Mounted { root, handle: Some(Box::new(handle)), race, data };
    tick().await;
    mounted
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

fn two_samples() -> Vec<UserSample> {
    vec![sample("case01", 24, 4, 6), sample("case02", 20, 9, 3)]
}

#[wasm_bindgen_test]
async fn without_images_there_is_no_switch_and_the_race_is_on_the_sea() {
    let app = mount(Vec::new()).await;
    assert!(app.query("[data-testid=\"race-user-data\"]").is_none());
    assert_eq!(app.source(), "synthetic");
    // A mask without its image gives no switch either.
    let mask_only = UserSample { image: Vec::new(), ..sample("m", 20, 2, 3) };
    app.data.training.set(Arc::new(vec![mask_only]));
    tick().await;
    assert!(app.query("[data-testid=\"race-user-data\"]").is_none());
}

#[wasm_bindgen_test]
async fn switching_on_trains_on_the_users_crops() {
    let app = mount(two_samples()).await;
    let label = app.find(".race-user-switch").text_content().unwrap_or_default();
    assert!(label.contains("2 images") && label.contains("16 × 16"), "{label}");
    assert!(!app.switch().checked());
    assert_eq!(app.source(), "synthetic");
    let pictures = || {
        let canvas: web_sys::HtmlCanvasElement = app.find("[data-race-samples]").unchecked_into();
        canvas.to_data_url().expect("a picture")
    };
    let sea = pictures();
    app.click("[data-testid=\"race-user-data\"]");
    tick().await;
    assert!(app.switch().checked());
    // The race holds the imported samples themselves, not a copy.
    let (held, imported) = (app.race.user.get_untracked(), app.data.training.get_untracked());
    assert!(held.is_some_and(|h| Arc::ptr_eq(&h, &imported)), "switching copies no sample");
    assert_ne!(pictures(), sea, "the training pictures show the user's crops");
    let heading = app.find(".race-images h3").text_content().unwrap_or_default();
    assert!(heading.contains("your images"), "{heading}");
    assert_eq!(app.source(), "user");
    assert_eq!(app.attr("[data-testid=\"race-data-source\"]", "data-crops"), "12");
    let line = app.find("[data-testid=\"race-data-source\"]").text_content().unwrap_or_default();
    // Two images: one trains, the other validates.
    assert!(line.contains("(1 for training, 1 for validation)"), "{line}");
    assert!(
        line.contains("12 training crops of 16 × 16 px") && line.contains("4 validation crops")
    );
    assert!(app.query("[data-race-user-note=\"private\"]").is_some());
    assert!(app.query("[data-race-user-note=\"crops\"]").is_some());
    assert!(app.query("[data-race-user-note=\"padded\"]").is_none(), "24² and 20² hold 16²");
    // The sea's own knobs are hidden on the user's images.
    assert!(app.query("input[data-race-setting=\"race.noise\"]").is_none());
    let train = app.find("input[data-race-setting=\"race.train\"]");
    let label = train.parent_element().and_then(|l| l.text_content()).unwrap_or_default();
    assert_eq!(label, "training crops");
    assert_eq!(app.step(), 0);
    for _ in 0..3 {
        app.click("[data-testid=\"race-step\"]");
        tick().await;
    }
    assert_eq!(app.step(), 3, "three steps on the user's crops");
    let rows = app.root.query_selector_all("[data-race-loss]").expect("selector");
    assert_eq!(rows.length(), 2);
    let losses = app
        .race
        .engine
        .with_value(|r| r.runners().iter().map(|x| x.history.loss.clone()).collect::<Vec<_>>());
    assert!(losses.iter().all(|l| l.len() == 3 && l.iter().all(|v| v.is_finite())), "{losses:?}");
    // Off again: the sea, a fresh race.
    app.click("[data-testid=\"race-user-data\"]");
    tick().await;
    assert_eq!(app.source(), "synthetic");
    assert_eq!(app.step(), 0);
    assert!(app.query("input[data-race-setting=\"race.noise\"]").is_some());
}

#[wasm_bindgen_test]
async fn switching_while_the_race_plays_restarts_it_on_the_other_data() {
    let app = mount(two_samples()).await;
    app.click("[data-testid=\"race-play\"]");
    wait_until(|| app.step() >= 3, "the sea race to run").await;
    let before = app.step();
    app.click("[data-testid=\"race-user-data\"]");
    tick().await;
    assert_eq!(app.source(), "user");
    let engine_on_user = app.race.engine.with_value(|r| r.data().user.is_some());
    assert!(engine_on_user);
    assert_eq!(app.attr("[data-race-step]", "data-race-running"), "true", "it plays on");
    // It started again from step 0: the history of its first runner is as long as its steps.
    let (step, len) = app.race.engine.with_value(|r| (r.step(), r.runners()[0].history.loss.len()));
    assert!(len <= step + 1, "{len} losses at step {step} (was at {before} on the sea)");
    app.click("[data-testid=\"race-pause\"]");
    tick().await;
    assert_eq!(app.attr("[data-race-step]", "data-race-running"), "false");
}

#[wasm_bindgen_test]
async fn other_images_are_followed_and_none_switches_back() {
    let app = mount(two_samples()).await;
    app.click("[data-testid=\"race-user-data\"]");
    tick().await;
    assert_eq!(app.source(), "user");
    let mut three = two_samples();
    // 12 × 12, smaller than the 16 × 16 crop: padded, and named.
    three.push(sample("case03", 12, 5, 2));
    app.data.training.set(Arc::new(three));
    tick().await;
    let padded = app.find("[data-race-user-note=\"padded\"]").text_content().unwrap_or_default();
    assert!(padded.contains("padded: case03."), "{padded}");
    let label = app.find(".race-user-switch").text_content().unwrap_or_default();
    assert!(label.contains("3 images"), "{label}");
    let samples = app.race.user.with_untracked(|u| u.as_ref().map(|s| s.len()));
    assert_eq!(samples, Some(3), "the race took the new images");
    assert_eq!(app.source(), "user");
    app.data.training.set(Arc::default());
    tick().await;
    assert_eq!(app.source(), "synthetic");
    assert!(app.query("[data-testid=\"race-user-data\"]").is_none());
}

#[wasm_bindgen_test]
async fn the_three_class_preset_refuses_binary_masks_with_a_message() {
    let app = mount(two_samples()).await;
    app.click("[data-testid=\"race-user-data\"]");
    tick().await;
    app.race.update_settings(|s| *s = losslab_core::train::Preset::MultiClass.settings());
    tick().await;
    assert_eq!(app.source(), "synthetic");
    let note = app.find("[data-race-user-note=\"error\"]").text_content().unwrap_or_default();
    assert!(note.contains("binary"), "{note}");
    assert!(app.switch().checked(), "the switch stays on: a binary preset races on the images");
    app.race.update_settings(|s| *s = losslab_core::train::Preset::Extreme.settings());
    tick().await;
    assert_eq!(app.source(), "user");
    assert!(app.query("[data-race-user-note=\"error\"]").is_none());
}

#[wasm_bindgen_test]
async fn a_single_image_is_split_by_position_and_says_so() {
    let app = mount(vec![sample("only", 40, 10, 8)]).await;
    let label = app.find(".race-user-switch").text_content().unwrap_or_default();
    assert!(label.contains("one image"), "{label}");
    app.click("[data-testid=\"race-user-data\"]");
    tick().await;
    assert_eq!(app.source(), "user");
    let line = app.find("[data-testid=\"race-data-source\"]").text_content().unwrap_or_default();
    // 40 rows, validation share 4 / 16: round(40 / 4) = 10 rows, from row 30 down.
    assert!(line.contains("split by position") && line.contains("from row 30 down"), "{line}");
    app.click("[data-testid=\"race-step\"]");
    tick().await;
    assert_eq!(app.step(), 1);
}

#[wasm_bindgen_test]
async fn a_tour_step_goes_back_to_the_sea_its_claims_are_about() {
    use losslab_app::ui::learn::race_link::{apply_race_step, precomputed_figure};
    let app = mount(two_samples()).await;
    app.click("[data-testid=\"race-user-data\"]");
    tick().await;
    assert_eq!(app.source(), "user");
    // Unstarted, on the user's images with the extreme preset's settings: the committed
    // figure of the sea's race must not be shown as this race's.
    app.race.update_settings(|s| *s = losslab_core::train::Preset::Extreme.settings());
    tick().await;
    assert_eq!(app.source(), "user");
    assert_eq!(precomputed_figure(app.race, 5, "extreme"), None);
    apply_race_step(app.race, "extreme");
    tick().await;
    assert_eq!(app.source(), "synthetic");
    assert!(!app.switch().checked());
    // On the sea, the same unstarted race shows the committed figure of C5.
    assert!(precomputed_figure(app.race, 5, "extreme").is_some());
}
