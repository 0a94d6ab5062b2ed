//! Share, keep, survive: the page URL always carries the whole state, the state autosaves
//! to `localStorage` and comes back on reload (undo/redo included), images come in as a
//! target or prediction, bad input ends in a notice, and a panic ends in a banner that
//! offers to reload keeping the work.
//!
//! # Data flow
//! - At start ([`install`]): the link in the URL fragment (`#v1&…`) wins; without one, the
//!   autosaved state; without that, the defaults. The core's `share::decode` reads it and
//!   says what it ignored; the app's [sections](AppSection) take the pairs the core does not
//!   know; anything left is "unknown". What was ignored goes in the notice. The saved
//!   history comes back too; when a link replaces a different autosaved scene, that scene
//!   becomes an undo step (and the notice says so).
//! - One effect tracks every input signal; 300 ms after the last change it writes the link
//!   with `history.replaceState` (no reload, no history entry) and saves the link and the
//!   undo history to `localStorage`. `pagehide` saves at once. `hashchange` (a link pasted
//!   into the address bar of an open page) loads the new link.
//! - Why the fragment, not the query: it never leaves the browser (not sent to the server,
//!   not in its logs) — imported images travel in it too — and changing it never reloads.
//!
//! # Adding a section (one line at merge)
//! In [`sections`], add `section("maps", maps.settings, MapsSettings::pairs,
//! MapsSettings::apply),` where `maps.settings` is the view's `RwSignal` of its settings
//! struct (keys `maps.*`). Its pairs travel in every link and autosave; a link is applied
//! to a fresh `Default` of the struct, so keys a link lacks get their defaults.
//!
//! # Hooks (beyond `testing-hooks.md`)
//! - `[data-testid="copy-status"]`: the confirmation after `copy-link` (`data-state` =
//!   `copied` or `manual`; in `manual` an `input[data-testid="link-text"]` holds the link).
//! - `[data-testid="reset-all"]` opens the confirm dialog `[data-testid="reset-dialog"]`;
//!   `[data-testid="reset-confirm"]`, `[data-testid="reset-cancel"]` answer it.
//! - `[data-testid="import-preview"]` with `[data-testid="import-apply"]`,
//!   `[data-testid="import-cancel"]`: the preview of an imported image.
//! - `[data-testid="panic-banner"]` with `[data-testid="panic-reload"]`.

mod bar;
mod import;
mod link;

pub use bar::ShareBar;
pub use import::{install_drop, ImportPreview, Pending};
pub use link::{
    current_link, page_url, reset_everything, section, section_with, sections, AppSection, Sections,
};

use super::i18n::{fill, text, I18n};
use super::learn::settings::LearnSettings;
use super::learn::{Learn, StateIo};
use super::state::Lab;
use leptos::prelude::*;
use link::{load, load_keeping, UI_PREFIX};
use losslab_core::scene::{EditKind, History, DEFAULT_HISTORY_BUDGET};
use losslab_core::share::{self, Ignored};
use std::rc::Rc;
use std::time::Duration;
use wasm_bindgen::{JsCast, JsValue};

/// `localStorage` key of the autosaved link.
pub const STATE_KEY: &str = "losslab.state.v1";
/// `localStorage` key of the URL fragment the page had before the autosave last replaced it.
pub const REPLACED_KEY: &str = "losslab.replaced.v1";
/// `localStorage` key of the autosaved undo history.
pub const HISTORY_KEY: &str = "losslab.history.v1";
/// Quiet time before the URL and the autosave are written.
const DEBOUNCE: Duration = Duration::from_millis(300);

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn read_hash() -> String {
    let hash = window().location().hash().unwrap_or_default();
    hash.strip_prefix('#').unwrap_or(&hash).to_string()
}

/// Whether this page load is a reload (Navigation Timing's `type`).
fn is_reload() -> bool {
    let Some(perf) = window().performance() else { return false };
    let entries = perf.get_entries_by_type("navigation");
    let entry = entries.get(0);
    js_sys::Reflect::get(&entry, &JsValue::from("type"))
        .ok()
        .and_then(|t| t.as_string())
        .is_some_and(|t| t == "reload")
}

/// The message for what a link or a saved state left out.
fn ignored_message(lang: super::i18n::Lang, key: &'static str, ignored: &[Ignored]) -> String {
    let list: Vec<String> = ignored.iter().take(8).map(Ignored::to_string).collect();
    let more = ignored.len().saturating_sub(8);
    let mut list = list.join("; ");
    if more > 0 {
        list.push_str(&format!("; … (+{more})"));
    }
    fill(text(lang, key), &[("list", &list)])
}

/// Writes the URL and the autosave now.
fn save_now(lab: Lab, sections: &[AppSection]) {
    let link = current_link(lab, sections);
    let url = format!("#{link}");
    let store = storage();
    if window().location().hash().ok().as_deref() != Some(url.as_str()) {
        if let Some(store) = &store {
            let _ = store.set_item(REPLACED_KEY, &read_hash());
        }
        if let Ok(h) = window().history() {
            let _ = h.replace_state_with_url(&JsValue::NULL, "", Some(&url));
        }
    }
    if let Some(store) = store {
        let history = lab.history.with_untracked(share::encode_history);
        // A full storage (quota) is not an error worth a notice: the URL still has the state.
        // A history that does not fit is dropped rather than left stale.
        let _ = store.set_item(STATE_KEY, &link);
        if store.set_item(HISTORY_KEY, &history).is_err() {
            let _ = store.remove_item(HISTORY_KEY);
        }
    }
}

thread_local! {
    static PERSIST: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Lets the app read and write the URL and `localStorage`. [`super::mount`] (the page) turns
/// it on; apps mounted by the browser tests stay off, so tests do not leak state into each
/// other (a test of this module turns it on itself).
pub fn enable_persistence(on: bool) {
    PERSIST.with(|p| p.set(on));
}

/// Restores the state (link, else autosave) and keeps the URL and the autosave up to date.
pub fn install(lab: Lab, sections: Vec<AppSection>) {
    let sections: Sections = StoredValue::new_local(sections);
    provide_context(sections);
    expect_context::<Learn>().connect(StateIo {
        save: Rc::new(move || sections.with_value(|s| current_link(lab, s))),
        // Presenter mode is the lecturer's choice, not part of what the tour puts back.
        restore: Rc::new(move |link| {
            sections.with_value(|s| load_keeping(lab, s, link, &[UI_PREFIX]).0)
        }),
    });
    if PERSIST.with(std::cell::Cell::get) {
        restore_and_autosave(lab, sections);
    }
}

fn restore_and_autosave(lab: Lab, sections: Sections) {
    let lang = expect_context::<I18n>().lang.get_untracked();
    let saved = storage().and_then(|s| s.get_item(STATE_KEY).ok().flatten());
    let replaced = storage().and_then(|s| s.get_item(REPLACED_KEY).ok().flatten());
    // A reload right after an edit (before the debounced URL update) brings back the URL the
    // autosave had already replaced: then the autosave is the newer state.
    let hash = Some(read_hash())
        .filter(|h| !(is_reload() && saved.is_some() && replaced.as_deref() == Some(h.as_str())))
        // A teacher's short link to a tour step (`#tour=<n>`) is opened by the tour itself.
        .filter(|h| LearnSettings::step_from_hash(h).is_none())
        .unwrap_or_default();
    let saved_history = storage().and_then(|s| s.get_item(HISTORY_KEY).ok().flatten());
    let mut history = History::default();
    let mut dropped = 0;
    if let Some(text) = &saved_history {
        (history, dropped) = share::decode_history(text, DEFAULT_HISTORY_BUDGET);
    }
    let mut message = None;
    if !hash.is_empty() {
        let (scene, ignored) = sections.with_value(|s| load(lab, s, &hash));
        // A different autosaved scene becomes an undo step, so opening a link loses nothing.
        if let Some(saved) = saved.as_deref().filter(|s| *s != hash) {
            let before = share::decode(saved).scene;
            if before != scene {
                history.record(&before, EditKind::Stroke);
                history.seal();
                message = Some(text(lang, "share.link_over_saved").to_string());
            }
        }
        lab.scene.set(scene);
        if !ignored.is_empty() {
            message = Some(ignored_message(lang, "share.link_ignored", &ignored));
        }
    } else if let Some(saved) = &saved {
        let (scene, ignored) = sections.with_value(|s| load(lab, s, saved));
        lab.scene.set(scene);
        if !ignored.is_empty() {
            message = Some(ignored_message(lang, "share.saved_ignored", &ignored));
        }
    }
    if dropped > 0 {
        message.get_or_insert_with(|| text(lang, "share.history_dropped").to_string());
    }
    lab.history.set(history);
    if let Some(m) = message {
        lab.warn(m);
    }

    // Debounced writer: each change restarts the 300 ms wait.
    let generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        lab.scene.track();
        lab.history.track();
        lab.configs.iter().for_each(|c| c.track());
        lab.current.track();
        lab.brush.track();
        lab.layer.track();
        lab.threshold.track();
        sections.with_value(|list| list.iter().for_each(|s| (s.track)()));
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        set_timeout(
            move || {
                if generation.try_get_value() == Some(mine) {
                    sections.with_value(|s| save_now(lab, s));
                }
            },
            DEBOUNCE,
        );
    });
    let on_hide = window_event_listener(leptos::ev::pagehide, move |_| {
        sections.with_value(|s| save_now(lab, s))
    });
    let on_hash = {
        window_event_listener(leptos::ev::hashchange, move |_| {
            let hash = read_hash();
            if hash.is_empty() || sections.with_value(|s| hash == current_link(lab, s)) {
                return;
            }
            let (scene, ignored) = sections.with_value(|s| load(lab, s, &hash));
            lab.edit(EditKind::Stroke, |s| *s = scene);
            if ignored.is_empty() {
                lab.notice.set(None);
            } else {
                lab.warn(ignored_message(lang, "share.link_ignored", &ignored));
            }
        })
    };
    on_cleanup(move || {
        on_hide.remove();
        on_hash.remove();
    });
}

/// Replaces the plain console panic hook: the message still goes to the console, and a
/// banner (plain DOM: the app may be unusable) offers to reload keeping the work (the
/// autosave and the URL hold it). Its button calls `location.reload` directly, not wasm.
pub fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            console_error_panic_hook::hook(info);
            let _ = show_panic_banner();
        }));
    });
}

/// Shows the panic banner (once); the panic hook calls it.
pub fn show_panic_banner() -> Result<(), JsValue> {
    let document = window().document().ok_or("no document")?;
    if document.query_selector("[data-testid=panic-banner]")?.is_some() {
        return Ok(());
    }
    let tag = document.document_element().and_then(|e| e.get_attribute("lang"));
    let lang = tag.and_then(|t| super::i18n::Lang::parse(&t)).unwrap_or_default();
    let banner = document.create_element("div")?;
    banner.set_class_name("share-panic");
    banner.set_attribute("data-testid", "panic-banner")?;
    banner.set_attribute("role", "alert")?;
    let message = document.create_element("p")?;
    message.set_text_content(Some(text(lang, "share.panic")));
    let button = document.create_element("button")?;
    button.set_attribute("data-testid", "panic-reload")?;
    button.set_text_content(Some(text(lang, "share.panic_reload")));
    let location = window().location();
    let reload = js_sys::Reflect::get(&location, &JsValue::from("reload"))?
        .dyn_into::<js_sys::Function>()?
        .bind0(&location);
    button.add_event_listener_with_callback("click", &reload)?;
    banner.append_child(&message)?;
    banner.append_child(&button)?;
    document.body().ok_or("no body")?.prepend_with_node_1(&banner)?;
    Ok(())
}
