//! The share bar in the page header: copy link, import target/prediction, export masks,
//! reset everything (with a confirm dialog).

use super::import::{read_file, Pending};
use super::link::{page_url, reset_everything, Sections};
use crate::ui::canvas::put_rgba;
use crate::ui::export;
use crate::ui::i18n::{tr, I18n};
use crate::ui::state::Lab;
use leptos::html;
use leptos::prelude::*;
use losslab_core::share::import::ImportKind;
use wasm_bindgen::{JsCast, JsValue};

/// How the last copy went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Copied {
    /// On the clipboard.
    Done,
    /// The clipboard refused: the link is shown, selected, to copy by hand.
    Manual,
}

async fn copy_to_clipboard(text: &str) -> bool {
    let clipboard = window().navigator().clipboard();
    let promise = clipboard.write_text(text);
    if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
        return true;
    }
    // Fallback for pages without clipboard permission: a hidden text area and "copy".
    let Some(document) = window().document() else { return false };
    let Ok(area) = document.create_element("textarea") else { return false };
    let Ok(area) = area.dyn_into::<web_sys::HtmlTextAreaElement>() else { return false };
    area.set_value(text);
    area.set_class_name("share-offscreen");
    let Some(body) = document.body() else { return false };
    if body.append_child(&area).is_err() {
        return false;
    }
    area.select();
    let ok = document
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    area.remove();
    ok
}

/// A gray PNG of `mask` (`round(255 v)`), encoded by the browser's canvas (its PNG encoder
/// costs the wasm nothing), as a `data:` URL.
fn mask_png_url(mask: &[f64], side: usize) -> Result<String, JsValue> {
    let document = window().document().ok_or("no document")?;
    let canvas = document.create_element("canvas")?.dyn_into::<web_sys::HtmlCanvasElement>()?;
    let rgba: Vec<u8> = mask
        .iter()
        .flat_map(|&v| {
            let g = (v.clamp(0.0, 1.0) * 255.0).round() as u8;
            [g, g, g, 255]
        })
        .collect();
    put_rgba(&canvas, &rgba, side as u32, side as u32)?;
    canvas.to_data_url_with_type("image/png")
}

/// Downloads the target and the prediction as gray PNGs (`round(255 p)`).
fn export_masks(lab: Lab, i18n: I18n) {
    let (side, target, prob) =
        lab.scene.with_untracked(|s| (s.side(), s.target().to_vec(), s.prob().to_vec()));
    for (mask, name) in [(target, "losslab-target.png"), (prob, "losslab-prediction.png")] {
        let saved = mask_png_url(&mask, side).and_then(|url| export::download_href(&url, name));
        if let Err(e) = saved {
            lab.warn(format!("{} {e:?}", i18n.t("share.export_failed")));
        }
    }
}

/// Copy link, import, export, reset.
#[component]
pub fn ShareBar() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let sections = expect_context::<Sections>();
    let pending = expect_context::<RwSignal<Option<Pending>, LocalStorage>>();
    let i18n = expect_context::<I18n>();
    let copied = RwSignal::new(None::<Copied>);
    let shown_link = RwSignal::new(String::new());
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let on_copy = move |_| {
        let url = page_url(lab, sections);
        shown_link.set(url.clone());
        leptos::task::spawn_local(async move {
            let ok = copy_to_clipboard(&url).await;
            copied.set(Some(if ok { Copied::Done } else { Copied::Manual }));
            if ok {
                set_timeout(
                    move || {
                        if copied.try_get_untracked() == Some(Some(Copied::Done)) {
                            copied.set(None);
                        }
                    },
                    std::time::Duration::from_secs(4),
                );
            }
        });
    };
    let on_file = move |kind: ImportKind| {
        move |ev: leptos::ev::Event| {
            let input = event_target::<web_sys::HtmlInputElement>(&ev);
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(lab, pending, file, kind, i18n);
            }
            input.set_value("");
        }
    };
    let (target_file, prediction_file) =
        (NodeRef::<html::Input>::new(), NodeRef::<html::Input>::new());
    let open_picker = |input: NodeRef<html::Input>| {
        if let Some(el) = input.get_untracked() {
            el.click();
        }
    };
    let select_all = |ev: leptos::ev::FocusEvent| {
        event_target::<web_sys::HtmlInputElement>(&ev).select();
    };
    let open_dialog = move |_| {
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close_dialog = move || {
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    view! {
        <div class="share-bar">
            <button data-testid="copy-link" on:click=on_copy>{tr("share.copy_link")}</button>
            <span class="share-status" data-testid="copy-status" role="status"
                data-state=move || match copied.get() { Some(Copied::Done) => "copied", Some(Copied::Manual) => "manual", None => "" }
                hidden=move || copied.get().is_none()>
                {move || match copied.get() {
                    Some(Copied::Done) => i18n.t("share.copied"),
                    _ => i18n.t("share.copy_manual"),
                }}
                <Show when=move || copied.get() == Some(Copied::Manual)>
                    <input data-testid="link-text" class="share-link-text" readonly=true prop:value=move || shown_link.get()
                        on:focus=select_all />
                </Show>
            </span>
            // The browser's own file control cannot be translated ("Choose File / No file
            // chosen"): a labelled button opens the hidden input, which keeps the hook.
            <button data-testid="import-target-button" title=tr("share.import_help")
                on:click=move |_| open_picker(target_file)>{tr("share.import_target")}</button>
            <input type="file" class="share-file-input" node_ref=target_file tabindex="-1" aria-hidden="true"
                data-testid="import-target" accept="image/png,image/jpeg"
                on:change=on_file(ImportKind::Target) />
            <button data-testid="import-prediction-button" title=tr("share.import_help")
                on:click=move |_| open_picker(prediction_file)>{tr("share.import_prediction")}</button>
            <input type="file" class="share-file-input" node_ref=prediction_file tabindex="-1" aria-hidden="true"
                data-testid="import-prediction" accept="image/png,image/jpeg"
                on:change=on_file(ImportKind::Prediction) />
            <button data-testid="export-masks" title=tr("share.export_masks_help")
                on:click=move |_| export_masks(lab, i18n)>{tr("share.export_masks")}</button>
            <button data-testid="reset-all" on:click=open_dialog>{tr("share.reset")}</button>
            <dialog node_ref=dialog class="share-dialog" data-testid="reset-dialog" aria-labelledby="share-reset-title">
                <h3 id="share-reset-title">{tr("share.reset_title")}</h3>
                <p>{tr("share.reset_text")}</p>
                <div class="share-dialog-buttons">
                    <button data-testid="reset-cancel" autofocus on:click=move |_| close_dialog()>{tr("share.cancel")}</button>
                    <button data-testid="reset-confirm" class="danger" on:click=move |_| {
                        reset_everything(lab, sections);
                        pending.set(None);
                        close_dialog();
                    }>{tr("share.reset_confirm")}</button>
                </div>
            </dialog>
        </div>
    }
}
