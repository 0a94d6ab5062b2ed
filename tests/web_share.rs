//! The share module in a real browser: a bad link in the URL ends in a notice naming what
//! was ignored with the rest kept, the autosave is written, and the panic banner offers to
//! reload.

use crate::web_common::{mount, tick};
use losslab_app::ui::share;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

fn set_hash(hash: &str) {
    let window = web_sys::window().expect("a window");
    let history = window.history().expect("history");
    let path = window.location().pathname().expect("a path");
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{hash}")))
        .expect("replaceState");
}

fn storage() -> web_sys::Storage {
    web_sys::window().expect("a window").local_storage().expect("storage").expect("storage")
}

async fn wait_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .expect("a window")
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .expect("setTimeout");
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.expect("timer");
}

#[wasm_bindgen_test]
async fn a_bad_link_keeps_what_it_can_and_the_autosave_follows() {
    storage().clear().expect("clear");
    share::enable_persistence(true);
    // model.fg = 0.5 is fine; smooth = NaN is not.
    set_hash("#v1&loss.dice.smooth=NaN&model.fg=0.5");
    let app = mount().await;
    assert!(app.notice_shown(), "the notice says what was ignored");
    assert!(app.notice_text().contains("loss.dice.smooth"), "{}", app.notice_text());
    let fg = app.input("[data-testid=\"foreground-confidence\"]").value();
    assert_eq!(fg.parse::<f64>().ok(), Some(0.5), "the readable part was kept");
    wait_ms(600).await;
    let saved = storage().get_item(share::STATE_KEY).expect("read").expect("autosaved");
    assert!(saved.starts_with("v1&") && saved.contains("model.fg=0.5"), "{saved}");
    let hash = web_sys::window().expect("a window").location().hash().expect("hash");
    assert_eq!(hash, format!("#{saved}"), "the URL carries the same state");
    assert!(!hash.contains("NaN"), "what was ignored is gone from the URL");
    drop(app);
    share::enable_persistence(false);
    storage().clear().expect("clear");
    set_hash("");
    tick().await;
}

#[wasm_bindgen_test]
fn the_panic_banner_offers_to_reload() {
    share::show_panic_banner().expect("the banner");
    share::show_panic_banner().expect("shown once only");
    let document = web_sys::window().expect("a window").document().expect("a document");
    let body = document.body().expect("body");
    let html = body.inner_html();
    assert_eq!(html.matches("data-testid=\"panic-banner\"").count(), 1, "one banner");
    let banner =
        document.query_selector("[data-testid=panic-banner]").expect("query").expect("banner");
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    let button =
        document.query_selector("[data-testid=panic-reload]").expect("query").expect("button");
    assert_eq!(button.text_content().as_deref(), Some("Reload keeping my work"));
    banner.remove();
}
