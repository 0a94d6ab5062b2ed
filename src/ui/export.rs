//! Downloads the scene and the current loss as a `losslab eval` case.

use super::state::Lab;
use leptos::prelude::*;
use losslab_core::scene::case_json;
use wasm_bindgen::{JsCast, JsValue};

/// Builds the case JSON and hands it to the browser as a download.
pub fn download_case(lab: Lab) {
    let config = lab.config(lab.current.get_untracked()).get_untracked();
    let json = lab.scene.with_untracked(|s| case_json(s, &config));
    let name = format!("losslab-case-{}.json", config.name());
    if let Err(e) = save(&json, &name) {
        lab.warn(format!("Could not export the case: {e:?}"));
    }
}

fn save(text: &str, file_name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    download(&blob, file_name)
}

/// Hands the resource at `url` (a `data:` or `blob:` URL) to the browser as a download.
pub fn download_url(url: &str, file_name: &str) -> Result<(), JsValue> {
    let document = window().document().ok_or("no document")?;
    let anchor = document.create_element("a")?.dyn_into::<web_sys::HtmlAnchorElement>()?;
    anchor.set_href(url);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}

fn download(blob: &web_sys::Blob, file_name: &str) -> Result<(), JsValue> {
    let url = web_sys::Url::create_object_url_with_blob(blob)?;
    let document = window().document().ok_or("no document")?;
    let anchor = document.create_element("a")?.dyn_into::<web_sys::HtmlAnchorElement>()?;
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.set_attribute("data-export-case-link", "")?;
    anchor.click();
    // Revoke later: revoking at once can cancel the download in some browsers.
    set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}
