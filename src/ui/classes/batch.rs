//! The batch: one thumbnail per image (its label map over its predicted map), the
//! companion toggles, and a line saying how the batch is reduced.

use super::super::canvas::put_rgba;
use super::super::i18n::{k, tr, I18n};
use super::context::ClassesCtx;
use leptos::html;
use leptos::prelude::*;
use losslab_core::scene::classes::{labels_rgba, prediction_rgba, Companion, ImageKind};
use losslab_core::BatchReduction;

/// The translation key of an image kind's name.
pub(super) fn kind_key(kind: ImageKind) -> &'static str {
    match kind {
        ImageKind::Current => k("mc.image.current"),
        ImageKind::Companion(Companion::Empty) => k("mc.image.empty"),
        ImageKind::Companion(Companion::Tiny) => k("mc.image.tiny"),
        ImageKind::Companion(Companion::Large) => k("mc.image.large"),
        ImageKind::Companion(Companion::Seed) => k("mc.image.seed"),
    }
}

/// The `data-testid` of a companion's toggle.
fn toggle_id(c: Companion) -> &'static str {
    match c {
        Companion::Empty => "mc-companion-empty",
        Companion::Tiny => "mc-companion-tiny",
        Companion::Large => "mc-companion-large",
        Companion::Seed => "mc-companion-seed",
    }
}

/// One image of the batch: the labels (left half) and the prediction (right half).
#[component]
fn Thumb(b: usize, kind: ImageKind) -> impl IntoView {
    let ctx = expect_context::<ClassesCtx>();
    let i18n = expect_context::<I18n>();
    let labels = NodeRef::<html::Canvas>::new();
    let predicted = NodeRef::<html::Canvas>::new();
    let buffer = StoredValue::new_local(Vec::<u8>::new());
    Effect::new(move |_| {
        let (Some(l), Some(p)) = (labels.get(), predicted.get()) else { return };
        ctx.batch.with(|batch| {
            let Some(im) = batch.images().get(b) else { return };
            let side = batch.side() as u32;
            let channels = batch.shape().classes;
            buffer.update_value(|buf| {
                labels_rgba(&im.labels, buf);
                let _ = put_rgba(&l, buf, side, side);
                prediction_rgba(&im.prob, channels, buf);
                let _ = put_rgba(&p, buf, side, side);
            });
        });
    });
    view! {
        <figure class="mc-thumb" data-mc-thumb=b data-companion=kind.as_str()
            class:current=kind == ImageKind::Current>
            <div class="mc-thumb-pair">
                <canvas node_ref=labels role="img" aria-label=move || i18n.t("mc.thumb.labels")></canvas>
                <canvas node_ref=predicted role="img" aria-label=move || i18n.t("mc.thumb.prediction")></canvas>
            </div>
            <figcaption>{move || format!("{} · {}", b + 1, i18n.t(kind_key(kind)))}</figcaption>
        </figure>
    }
}

/// The thumbnails and the companion toggles.
#[component]
pub fn BatchPanel() -> impl IntoView {
    let ctx = expect_context::<ClassesCtx>();
    let kinds = Memo::new(move |_| {
        ctx.batch.with(|b| b.images().iter().map(|im| im.kind).collect::<Vec<_>>())
    });
    let toggle = move |c: Companion| {
        let on = move || ctx.settings.with(|s| s.companions.has(c));
        view! {
            <label class="inline check">
                <input type="checkbox" data-testid=toggle_id(c) prop:checked=on
                    on:change=move |ev| {
                        let checked = event_target_checked(&ev);
                        ctx.settings.update(|s| s.companions.set(c, checked));
                    } />
                {tr(kind_key(ImageKind::Companion(c)))}
            </label>
        }
    };
    let reduction = move || {
        let pooled = ctx.settings.with(|s| s.aggregation.batch == BatchReduction::Pooled);
        if pooled {
            k("mc.batch.pooled.note")
        } else {
            k("mc.batch.per_image.note")
        }
    };
    let i18n = expect_context::<I18n>();
    view! {
        <section class="panel mc-batch" aria-labelledby="mc-batch-title">
            <h3 id="mc-batch-title">{tr("mc.batch")}</h3>
            <p class="hint">{tr("mc.batch.hint")}</p>
            <div class="row">{Companion::ALL.map(toggle).to_vec()}</div>
            <div class="mc-thumbs">
                <For each=move || kinds.get().into_iter().enumerate() key=|(b, kind)| (*b, *kind)
                    children=move |(b, kind)| view! { <Thumb b=b kind=kind /> } />
            </div>
            <p class="hint" data-testid="mc-batch-note">{move || i18n.t(reduction())}</p>
        </section>
    }
}
