//! Downloads, all through here: the scene and the current loss as a `losslab eval` case,
//! any text (a chart's SVG or CSV) through [`download_text`], any bytes (a `.zip` of every
//! chart) through [`download_bytes`], a canvas's PNG bytes through [`canvas_png_bytes`], and any URL through [`download_href`].

use super::i18n::{fill, text, I18n, Lang};
use super::state::Lab;
use leptos::prelude::*;
use losslab_core::scene::case_json;
use wasm_bindgen::{JsCast, JsValue};

/// Builds the case JSON and hands it to the browser as a download.
pub fn download_case(lab: Lab) {
    let config = lab.config(lab.current.get_untracked()).get_untracked();
    let json = lab.scene.with_untracked(|s| case_json(s, &config));
    let name = format!("losslab-case-{}.json", config.name());
    if let Err(e) = download_text(&json, "application/json", &name) {
        // Event handlers may run outside the owner: English if the context is not reachable.
        let lang = use_context::<I18n>().map_or(Lang::En, |i| i.lang.get_untracked());
        lab.warn(fill(text(lang, "app.export_failed"), &[("error", &format!("{e:?}"))]));
    }
}

/// Hands `text` to the browser as a download of MIME type `mime` named `file_name`.
pub fn download_text(text: &str, mime: &str, file_name: &str) -> Result<(), JsValue> {
    download_bytes(text.as_bytes(), mime, file_name)
}

/// Hands `bytes` to the browser as a download of MIME type `mime` named `file_name`.
pub fn download_bytes(bytes: &[u8], mime: &str, file_name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    download_href(&url, file_name)?;
    // Revoke later: revoking at once can cancel the download in some browsers.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}

/// Hands `href` (an object URL or a `data:` URL) to the browser as a download named
/// `file_name`.
pub fn download_href(href: &str, file_name: &str) -> Result<(), JsValue> {
    let document = window().document().ok_or("no document")?;
    let anchor = document.create_element("a")?.dyn_into::<web_sys::HtmlAnchorElement>()?;
    anchor.set_href(href);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}

/// The PNG file of what `canvas` shows.
pub fn canvas_png_bytes(canvas: &web_sys::HtmlCanvasElement) -> Result<Vec<u8>, JsValue> {
    let url = canvas.to_data_url_with_type("image/png")?;
    let b64 = url.split_once("base64,").map(|(_, b)| b).ok_or("not a base64 data URL")?;
    // `atob` gives one character per byte (U+0000 to U+00FF).
    Ok(window().atob(b64)?.chars().map(|c| c as u32 as u8).collect())
}
