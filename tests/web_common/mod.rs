//! Helpers shared by the browser tests: mount into a fresh element, wait a tick, find
//! elements by their hooks, dispatch events.
#![allow(dead_code)]

use losslab_app::Mounted;
use wasm_bindgen::JsCast;
use web_sys::{
    Element, Event, EventInit, HtmlElement, HtmlInputElement, PointerEvent, PointerEventInit,
};

/// A mounted app in its own element; dropping it unmounts and removes the element.
pub struct App {
    /// The element the app was mounted into.
    pub root: HtmlElement,
    mounted: Option<Mounted>,
}

impl Drop for App {
    fn drop(&mut self) {
        self.mounted.take();
        self.root.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window().expect("a window").document().expect("a document")
}

/// Mounts the app into a new `<div>` and waits for effects to run.
pub async fn mount() -> App {
    let root: HtmlElement = document().create_element("div").expect("div").unchecked_into();
    document().body().expect("body").append_child(&root).expect("append");
    let mounted = losslab_app::mount_to(root.clone());
    let app = App { root, mounted: Some(mounted) };
    tick().await;
    app
}

/// Waits long enough for Leptos effects and an animation frame.
pub async fn tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 60)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.expect("timeout resolves");
}

impl App {
    /// The element matching `selector` inside the app.
    pub fn find(&self, selector: &str) -> Element {
        self.root
            .query_selector(selector)
            .expect("valid selector")
            .unwrap_or_else(|| panic!("no element matches {selector}"))
    }

    /// An `<input>` matching `selector`.
    pub fn input(&self, selector: &str) -> HtmlInputElement {
        self.find(selector).unchecked_into()
    }

    /// The `data-value` of `selector`, parsed.
    pub fn value_of(&self, selector: &str) -> f64 {
        let text = self.find(selector).get_attribute("data-value").expect("data-value");
        text.parse().unwrap_or_else(|_| panic!("data-value {text:?} is a number"))
    }

    /// The board's value of `loss`.
    pub fn loss(&self, loss: &str) -> f64 {
        self.value_of(&format!("[data-loss=\"{loss}\"]"))
    }

    /// Whether the notice is shown.
    pub fn notice_shown(&self) -> bool {
        !self.find("[data-testid=\"notice\"]").has_attribute("hidden")
    }

    /// The notice's text.
    pub fn notice_text(&self) -> String {
        self.find("[data-testid=\"notice\"]").text_content().unwrap_or_default()
    }
}

/// Types `text` into `input` and fires `input` (and `change` if `commit`), bubbling like a
/// person's edit.
pub async fn type_into(input: &HtmlInputElement, text: &str, commit: bool) {
    input.set_value(text);
    fire(input, "input");
    if commit {
        fire(input, "change");
    }
    tick().await;
}

/// Dispatches a bubbling event named `name` on `target`.
pub fn fire(target: &Element, name: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(name, &init).expect("event");
    target.dispatch_event(&event).expect("dispatch");
}

/// Dispatches a pointer event at grid pixel `(x, y)`'s centre of `canvas` (a `side`-grid).
pub fn pointer(canvas: &Element, name: &str, x: f64, y: f64, side: f64) {
    let rect = canvas.get_bounding_client_rect();
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_pointer_id(7);
    init.set_pointer_type("mouse");
    init.set_is_primary(true);
    init.set_button(0);
    init.set_buttons(1);
    init.set_client_x((rect.left() + (x + 0.5) * rect.width() / side).round() as i32);
    init.set_client_y((rect.top() + (y + 0.5) * rect.height() / side).round() as i32);
    let event = PointerEvent::new_with_event_init_dict(name, &init).expect("pointer event");
    canvas.dispatch_event(&event).expect("dispatch");
}
