//! The race on the user's own images: the switch that trains on them (shown when the "Your
//! data" view's [`DataCtx`] holds images), the line that says which data the race trains
//! on, and the notes about the user's crops (how they were cut, what was left out, that the
//! images stay in the page). Switching, or importing other images while switched on, starts
//! a fresh race that plays on if the old one was playing.
//!
//! Hooks: `input[data-testid="race-user-data"]` (the switch, a checkbox),
//! `[data-testid="race-data-source"]` with `data-source="user" | "synthetic"`,
//! `data-crops` (training crops) and `data-object-crops` (those with object pixels);
//! `[data-race-user-note="<what>"]` each note (`private`, `crops`, `padded`, `without-image`,
//! `all-empty`, `val-empty`, `error`).

use super::super::data_view::DataCtx;
use super::super::format::percent;
use super::super::i18n::{fill, k, text, tr, I18n, Lang};
use super::ctx::RaceCtx;
use super::driver;
use leptos::prelude::*;
use losslab_core::train::{DataSet, Race, UserDataError, UserSample, INTENSITY_CLIP};
use std::sync::Arc;

/// Samples that carry an image (the ones the race can train on).
fn with_image(samples: &[UserSample]) -> usize {
    samples.iter().filter(|s| s.has_image()).count()
}

/// Switches the race to `samples` (or back to the sea), playing on if it was playing.
fn switch(ctx: RaceCtx, samples: Option<Arc<Vec<UserSample>>>) {
    let playing = ctx.running.get_untracked();
    ctx.set_user(samples);
    if playing {
        driver::play(ctx);
    }
}

/// The core's refusal in `lang`, by variant.
fn error_text(lang: Lang, e: &UserDataError) -> String {
    let t = |key| text(lang, key);
    let part =
        |mask: bool| t(if mask { k("race.user.part.mask") } else { k("race.user.part.image") });
    match e {
        UserDataError::NoSamples => t(k("race.user.error.no_samples")).to_owned(),
        UserDataError::NoImage { masks } => {
            fill(t(k("race.user.error.no_image")), &[("n", &masks.to_string())])
        }
        UserDataError::Shape { name, mask, values, height, width } => fill(
            t(k("race.user.error.shape")),
            &[
                ("name", name),
                ("part", part(*mask)),
                ("values", &values.to_string()),
                ("h", &height.to_string()),
                ("w", &width.to_string()),
            ],
        ),
        UserDataError::NotFinite { name, mask } => {
            fill(t(k("race.user.error.not_finite")), &[("name", name), ("part", part(*mask))])
        }
        UserDataError::TooSmall { name } => {
            fill(t(k("race.user.error.too_small")), &[("name", name)])
        }
        UserDataError::MultiClass => t(k("race.user.error.multi_class")).to_owned(),
    }
}

/// The data line's text: what the current race trains on.
fn source_text(lang: Lang, race: &Race) -> String {
    let data: &DataSet = race.data();
    let side = data.side.to_string();
    let pool = percent(data.pool_foreground());
    let Some(user) = &data.user else {
        return fill(
            text(lang, k("race.data.synthetic")),
            &[("n", &data.train.len().to_string()), ("s", &side), ("p", &pool)],
        );
    };
    let objects = data.train.iter().filter(|s| !s.is_empty()).count();
    let mut values = vec![
        ("n", data.train.len().to_string()),
        ("s", side),
        ("objects", objects.to_string()),
        ("p", pool),
        ("val", data.val.len().to_string()),
        ("ti", user.train_images.len().to_string()),
        ("vi", user.val_images.len().to_string()),
    ];
    let key = match user.position_split {
        None => k("race.user.source"),
        Some(split) => {
            values.push(("at", split.at.to_string()));
            if split.rows {
                k("race.user.source.rows")
            } else {
                k("race.user.source.cols")
            }
        }
    };
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (*k, v.as_str())).collect();
    fill(text(lang, key), &pairs)
}

/// Most names listed in a note.
const NAMES: usize = 5;

/// The notes about the user's crops, `(hook, text)`; `samples` are those the race was cut
/// from (for the names of padded images).
fn notes(lang: Lang, race: &Race, samples: &[UserSample]) -> Vec<(&'static str, String)> {
    let data = race.data();
    let Some(user) = &data.user else { return Vec::new() };
    let clip = INTENSITY_CLIP.to_string();
    let mut out = vec![("crops", fill(text(lang, k("race.user.crops")), &[("clip", &clip)]))];
    if !user.padded.is_empty() {
        let n = user.padded.len().to_string();
        let mut names: Vec<&str> = user
            .padded
            .iter()
            .take(NAMES)
            .filter_map(|&i| samples.get(i).map(|s| s.name.as_str()))
            .collect();
        if user.padded.len() > NAMES {
            names.push("…");
        }
        let names = names.join(", ");
        out.push((
            "padded",
            fill(text(lang, k("race.user.padded")), &[("n", &n), ("names", &names)]),
        ));
    }
    if user.without_image > 0 {
        let n = user.without_image.to_string();
        out.push(("without-image", fill(text(lang, k("race.user.without_image")), &[("n", &n)])));
    }
    if user.all_empty {
        out.push(("all-empty", text(lang, k("race.user.all_empty")).to_owned()));
    } else if data.val.iter().all(|s| s.is_empty()) {
        out.push(("val-empty", text(lang, k("race.user.val_empty")).to_owned()));
    }
    out
}

/// The switch, the data line and the notes.
#[component]
pub fn UserData() -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let i18n = expect_context::<I18n>();
    let data = use_context::<DataCtx>();
    let images = move || data.map_or(0, |d| d.training.with(|t| with_image(t)));
    let on = move || ctx.user.with(Option::is_some);
    // Switched on, the race follows the imported data: other images start a fresh race on
    // them, and no image left switches back to the sea.
    if let Some(d) = data {
        Effect::new(move |_| {
            d.training.track();
            let current = ctx.user.get_untracked();
            let Some(current) = current else { return };
            let next = d.training.with(|t| {
                if with_image(t) == 0 {
                    Some(None)
                } else if !Arc::ptr_eq(&current, t) && *current != **t {
                    // New samples (an import makes a new `Arc`; equal ones keep the race).
                    Some(Some(Arc::clone(t)))
                } else {
                    None
                }
            });
            if let Some(next) = next {
                switch(ctx, next);
            }
        });
    }
    let on_change = move |ev: leptos::ev::Event| {
        let checked = event_target::<web_sys::HtmlInputElement>(&ev).checked();
        let samples = if checked {
            data.map(|d| d.training.get_untracked()).filter(|s| with_image(s) > 0)
        } else {
            None
        };
        switch(ctx, samples);
    };
    let label = move || {
        let side = ctx.settings.with(|s| s.input_side()).to_string();
        let n = images();
        let key = if n == 1 { k("race.user.switch.one") } else { k("race.user.switch") };
        i18n.fill(key, &[("n", &n.to_string()), ("s", &side)])
    };
    let source = move || {
        ctx.version.track();
        let lang = i18n.lang.get();
        ctx.engine.with_value(|r| source_text(lang, r))
    };
    let notes = move || {
        ctx.version.track();
        let lang = i18n.lang.get();
        let samples = ctx.user.get().unwrap_or_default();
        let mut all = ctx.engine.with_value(|r| notes(lang, r, &samples));
        if let Some(e) = ctx.user_error.get() {
            all.insert(0, ("error", error_text(lang, &e)));
        }
        all.into_iter()
            .map(|(hook, text)| view! { <li data-race-user-note=hook>{text}</li> })
            .collect_view()
    };
    let shown = move || on() || images() > 0;
    let kind = move || if ctx.on_user_data() { "user" } else { "synthetic" };
    let counts = move || {
        ctx.version.track();
        ctx.engine.with_value(|r| {
            let train = &r.data().train;
            (train.len(), train.iter().filter(|s| !s.is_empty()).count())
        })
    };
    view! {
        <div class="race-user">
            <Show when=shown>
                <label class="inline race-user-switch">
                    <input type="checkbox" data-testid="race-user-data" prop:checked=on on:change=on_change />
                    " "<span>{label}</span>
                </label>
                " "<span class="hint" data-race-user-note="private">{tr("race.user.private")}</span>
            </Show>
            <p class="hint race-data-source" data-testid="race-data-source" data-source=kind
                data-crops=move || counts().0 data-object-crops=move || counts().1>{source}</p>
            <ul class="hint race-user-notes">{notes}</ul>
        </div>
    }
}
