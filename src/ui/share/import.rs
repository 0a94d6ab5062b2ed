//! Image import in the page: a file (picker or dropped on a canvas) is checked and decoded
//! by the core (`share::import`), shown as a preview of the scene it would give, and
//! replaces the layer only on "Apply" (one undo step). Nothing leaves the browser.

use crate::ui::canvas::put_rgba;
use crate::ui::i18n::{fill, tr, I18n};
use crate::ui::pixels::{self, Picture};
use crate::ui::state::Lab;
use leptos::prelude::*;
use losslab_core::scene::{EditKind, Scene};
use losslab_core::share::import::{import_mask, ImportKind, MAX_FILE_BYTES};
use wasm_bindgen::{JsCast, JsValue};

/// An imported image waiting for "Apply".
#[derive(Debug, Clone)]
pub struct Pending {
    /// The file's name.
    pub name: String,
    /// Which layer it replaces.
    pub kind: ImportKind,
    /// The scene it would give.
    pub scene: Scene,
}

/// The scene `current` becomes with `mask` as its target (thresholded already) or as its
/// prediction (painted over everything: cover 1, ink = the image's levels).
fn with_mask(current: &Scene, kind: ImportKind, mask: Vec<f64>) -> Result<Scene, String> {
    let (ink, cover) = current.edits();
    match kind {
        ImportKind::Target => Scene::from_parts(
            current.grid(),
            current.spec(),
            current.model(),
            Some(mask),
            Some((ink.to_vec(), cover.to_vec())),
        ),
        ImportKind::Prediction => {
            let cover = vec![1.0; mask.len()];
            Scene::from_parts(
                current.grid(),
                current.spec(),
                current.model(),
                Some(current.target().to_vec()),
                Some((mask, cover)),
            )
        }
    }
}

/// Reads `file` (refusing oversized files before reading them) and opens the preview.
pub fn read_file(
    lab: Lab,
    pending: RwSignal<Option<Pending>, LocalStorage>,
    file: web_sys::File,
    kind: ImportKind,
    i18n: I18n,
) {
    let name = file.name();
    let refuse = move |reason: String| {
        let t = i18n.t("share.import_refused");
        lab.warn(fill(t, &[("name", &name), ("reason", &reason)]));
    };
    if file.size() > MAX_FILE_BYTES as f64 {
        refuse(fill(
            i18n.t("share.file_too_large"),
            &[("mib", &format!("{}", MAX_FILE_BYTES >> 20))],
        ));
        return;
    }
    leptos::task::spawn_local(async move {
        let bytes = match wasm_bindgen_futures::JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => {
                refuse(i18n.t("share.file_unreadable").to_string());
                return;
            }
        };
        let side = lab.scene.with_untracked(Scene::side);
        let result = import_mask(&bytes, side, kind)
            .map_err(|e| e.to_string())
            .and_then(|mask| lab.scene.with_untracked(|current| with_mask(current, kind, mask)));
        match result {
            Ok(scene) => {
                lab.notice.set(None);
                pending.set(Some(Pending { name: file.name(), kind, scene }));
            }
            Err(reason) => refuse(reason),
        }
    });
}

/// Drops of image files onto the target or prediction canvas import into that layer.
pub fn install_drop(lab: Lab, pending: RwSignal<Option<Pending>, LocalStorage>) {
    let i18n = expect_context::<I18n>();
    let layer_of = |ev: &web_sys::DragEvent| -> Option<ImportKind> {
        let el = ev.target()?.dyn_into::<web_sys::Element>().ok()?;
        let canvas = el.closest("canvas[data-layer]").ok()??;
        match canvas.get_attribute("data-layer")?.as_str() {
            "target" => Some(ImportKind::Target),
            "prediction" => Some(ImportKind::Prediction),
            _ => None,
        }
    };
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if layer_of(&ev).is_some() {
            ev.prevent_default();
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        let Some(kind) = layer_of(&ev) else { return };
        ev.prevent_default();
        let file = ev.data_transfer().and_then(|d| d.files()).and_then(|f| f.get(0));
        if let Some(file) = file {
            read_file(lab, pending, file, kind, i18n);
        }
    });
    on_cleanup(move || {
        over.remove();
        drop.remove();
    });
}

fn draw(
    canvas: &web_sys::HtmlCanvasElement,
    picture: Picture,
    scene: &Scene,
) -> Result<(), JsValue> {
    let side = scene.side() as u32;
    let mut rgba = Vec::new();
    pixels::render(picture, scene, 0.5, &mut rgba);
    put_rgba(canvas, &rgba, side, side)
}

/// The preview of an imported image: the target and prediction it would give, Apply/Cancel.
#[component]
pub fn ImportPreview() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let pending = expect_context::<RwSignal<Option<Pending>, LocalStorage>>();
    let target = NodeRef::<leptos::html::Canvas>::new();
    let prediction = NodeRef::<leptos::html::Canvas>::new();
    Effect::new(move |_| {
        pending.with(|p| {
            if let (Some(p), Some(t), Some(q)) = (p, target.get(), prediction.get()) {
                let _ = draw(&t, Picture::Target, &p.scene);
                let _ = draw(&q, Picture::Prediction, &p.scene);
            }
        })
    });
    let apply = move |_| {
        if let Some(p) = pending.get_untracked() {
            lab.edit(EditKind::Stroke, |s| *s = p.scene);
        }
        pending.set(None);
    };
    let i18n = expect_context::<I18n>();
    let title = move || {
        pending.with(|p| match p {
            Some(p) => {
                let key = match p.kind {
                    ImportKind::Target => "share.preview_target",
                    ImportKind::Prediction => "share.preview_prediction",
                };
                fill(i18n.t(key), &[("name", &p.name)])
            }
            None => String::new(),
        })
    };
    view! {
        <section class="share-preview" data-testid="import-preview" hidden=move || pending.with(Option::is_none)
            aria-label=tr("share.preview_label")>
            <h3>{title}</h3>
            <p class="muted">{tr("share.preview_help")}</p>
            <div class="share-preview-canvases">
                <figure><canvas node_ref=target class="share-preview-canvas"></canvas><figcaption>{tr("share.preview_y")}</figcaption></figure>
                <figure><canvas node_ref=prediction class="share-preview-canvas"></canvas><figcaption>{tr("share.preview_p")}</figcaption></figure>
            </div>
            <div class="share-dialog-buttons">
                <button data-testid="import-cancel" on:click=move |_| pending.set(None)>{tr("share.cancel")}</button>
                <button data-testid="import-apply" class="primary" on:click=apply>{tr("share.apply")}</button>
            </div>
        </section>
    }
}
