//! Hands a chart's PNG, SVG or CSV to the browser as a download.

use wasm_bindgen::{JsCast, JsValue};

/// Downloads `href` (a data or object URL) as `file_name`.
fn click(href: &str, file_name: &str) -> Result<(), JsValue> {
    let document = web_sys::window().and_then(|w| w.document()).ok_or("no document")?;
    let anchor = document.create_element("a")?.dyn_into::<web_sys::HtmlAnchorElement>()?;
    anchor.set_href(href);
    anchor.set_download(file_name);
    anchor.click();
    Ok(())
}

/// Downloads `text` with MIME type `mime` as `file_name`.
pub fn text(text: &str, mime: &str, file_name: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    click(&url, file_name)?;
    // Revoke later: revoking at once can cancel the download in some browsers.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(5),
    );
    Ok(())
}

/// Downloads what `canvas` shows as a PNG named `file_name`.
pub fn canvas_png(canvas: &web_sys::HtmlCanvasElement, file_name: &str) -> Result<(), JsValue> {
    let url = canvas.to_data_url_with_type("image/png")?;
    click(&url, file_name)
}
