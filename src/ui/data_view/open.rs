//! Opening a pair (one plane of a volume) in the scene: `scene::scene_from_data` picks the
//! grid and the window, the scene takes the window's target as the painted target and its
//! probabilities as the painted prediction (one undo step), and the page switches to the
//! scene, where every other view works on it. The note says how the image was placed; when
//! it was cropped or padded, the notice says so in every view.

use super::context::{DataCtx, Opened};
use crate::ui::i18n::{fill, k, text, I18n, Lang};
use crate::ui::view::View;
use leptos::prelude::*;
use losslab_core::scene::{scene_from_data, Centre, EditKind, Fit};

use super::model::PairRef;

/// The note's text in `lang`.
pub fn note_text(lang: Lang, opened: &Opened) -> String {
    let w = &opened.window;
    let side = w.grid.side().to_string();
    let around = text(
        lang,
        match w.centre {
            Centre::Object => k("data.around.object"),
            Centre::Prediction => k("data.around.prediction"),
            Centre::Middle => k("data.around.middle"),
        },
    );
    let key = match w.fit() {
        Fit::Full => k("data.note.full"),
        Fit::Cropped => k("data.note.cropped"),
        Fit::Padded => k("data.note.padded"),
        Fit::CroppedPadded => k("data.note.cropped_padded"),
    };
    let mut out = fill(
        text(lang, key),
        &[
            ("name", &opened.name),
            ("side", &side),
            ("around", around),
            ("h", &w.height.to_string()),
            ("w", &w.width.to_string()),
        ],
    );
    if opened.rounded > 0 {
        out.push(' ');
        out.push_str(&fill(
            text(lang, k("data.note.rounded")),
            &[("n", &opened.rounded.to_string())],
        ));
    }
    if opened.logits {
        out.push(' ');
        out.push_str(text(lang, k("data.note.logits")));
    }
    out
}

/// Puts plane `z` of `pair` (the pair itself when 2-D) into the scene and opens the scene.
/// A failure (never expected: the pair was evaluated) is shown in the notice.
pub fn open_row(ctx: DataCtx, pair: &PairRef, z: usize) {
    let Some(lab) = ctx.lab else { return };
    let lang = ctx.lang();
    let logits = ctx.logits.get_untracked();
    let made = ctx.set.with_untracked(|s| s.pair(pair, logits)).map_err(|e| e.to_string());
    let opened = made.and_then(|p| {
        let (planes, h, w) = p.planes();
        let z = z.min(planes.saturating_sub(1));
        let range = z * h * w..(z + 1) * h * w;
        let name = if p.shape.len() == 3 { format!("{}[{z}]", p.name) } else { p.name.clone() };
        let made = lab.scene.with_untracked(|base| {
            scene_from_data(base, h, w, &p.target[range.clone()], &p.prob[range])
        })?;
        Ok((made, name, p.logit.is_some()))
    });
    match opened {
        Ok((made, name, logits)) => {
            let opened = Opened { name, window: made.window, rounded: made.rounded, logits };
            lab.edit(EditKind::Stroke, |s| *s = made.scene);
            if made.window.fit() == Fit::Full && made.rounded == 0 {
                lab.notice.set(None);
            } else {
                lab.warn(note_text(lang, &opened));
            }
            ctx.opened.set(Some(opened));
            lab.view.set(View::Scene);
        }
        Err(reason) => lab.warn(reason),
    }
}

/// How the last opened pair was placed in the scene.
#[component]
pub fn Note() -> impl IntoView {
    let ctx = expect_context::<DataCtx>();
    let i18n = expect_context::<I18n>();
    let opened = ctx.opened;
    let attr = move |f: fn(&Opened) -> String| move || opened.with(|o| o.as_ref().map(f));
    view! {
        <p class="data-note note" data-testid="data-note" hidden=move || opened.with(Option::is_none)
            data-side=attr(|o| o.window.grid.side().to_string())
            data-top=attr(|o| o.window.top.to_string())
            data-left=attr(|o| o.window.left.to_string())>
            {move || opened.with(|o| o.as_ref().map(|o| note_text(i18n.lang.get(), o)).unwrap_or_default())}
        </p>
    }
}
