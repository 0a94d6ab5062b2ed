//! Every piece of interface text, in English and Chinese.
//!
//! Components never hard-code text: they call [`tr`] (reactive, follows the language) or
//! [`I18n::t`] with a key. The keys live in one table per area of the page (`common.rs`,
//! `gradients.rs`, `curves.rs`, `race.rs`, `learn.rs`, `share.rs`, `data.rs`), each a slice of
//! `(key, English, Chinese)`; a test checks that keys are unique, that both texts are present,
//! and that every key the sources use exists.
//!
//! Placeholders in a text are written `{name}` and filled by [`fill`].
//!
//! Keys that are not passed straight to `tr`/`t` (a knob's label, a canvas's name) are
//! written `k("area.key")`, so the key test finds them too. Text that comes from the core in
//! English (knob labels and help, shape names) is translated by [`core_text`] through the
//! exact-match table `common::CORE`; a test walks the core's knobs and shapes so a new core
//! string without a translation fails. The core's errors are translated by their enum
//! variant (`errors.rs`), never by matching their English text.
//!
//! The language: `?lang`-free. On first visit it follows `navigator.language` (Chinese for
//! any `zh-*`, else English); a choice in the header's `select[data-testid="lang"]` is
//! remembered in `localStorage["losslab.lang"]`; `<html lang>` follows the current language.

mod classes;
mod common;
mod compound;
mod curves;
mod data;
pub mod errors;
mod gradients;
mod learn;
mod mc_panels;
mod overlays;
mod race;
mod share;
mod table;

pub use table::Table;

use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Simplified Chinese.
    Zh,
}

impl Lang {
    /// Every language.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// The BCP 47 tag, as in `<html lang>`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }

    /// The language tagged `tag` (`zh-CN` and the like count as Chinese).
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }
}

/// Every table.
pub const TABLES: [Table; 11] = [
    common::TABLE,
    gradients::TABLE,
    curves::TABLE,
    race::TABLE,
    learn::TABLE,
    share::TABLE,
    compound::TABLE,
    overlays::TABLE,
    mc_panels::TABLE,
    classes::TABLE,
    data::TABLE,
];

fn index() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static INDEX: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        TABLES.iter().flat_map(|t| t.iter()).map(|&(k, en, zh)| (k, (en, zh))).collect()
    })
}

/// The text of `key` in `lang`; the key itself if it is missing (the test forbids that).
pub fn text(lang: Lang, key: &'static str) -> &'static str {
    lookup(lang, key).unwrap_or(key)
}

/// The text of `key` in `lang`, if the tables have it.
pub fn lookup(lang: Lang, key: &str) -> Option<&'static str> {
    index().get(key).map(|&(en, zh)| if lang == Lang::Zh { zh } else { en })
}

/// Marks a string literal as a translation key (the key test finds `k("…")`).
pub const fn k(key: &'static str) -> &'static str {
    key
}

/// A label that may be a key (`k("…")`), an English text from the core (translated through
/// `common::CORE`), or a symbol that stays as it is (`α`, `w⁺`).
pub fn label(lang: Lang, s: &'static str) -> &'static str {
    lookup(lang, s).unwrap_or_else(|| core_text(lang, s))
}

/// `english`, a text from the core, in `lang` (itself if it has no translation).
pub fn core_text(lang: Lang, english: &'static str) -> &'static str {
    if lang == Lang::En {
        return english;
    }
    common::CORE.iter().find(|(en, _)| *en == english).map_or(english, |&(_, zh)| zh)
}

/// The key under which the language choice is remembered.
pub const STORAGE_KEY: &str = "losslab.lang";

/// The language to start in: the remembered choice, else the browser's language, else English.
pub fn initial_lang(stored: Option<&str>, browser: Option<&str>) -> Lang {
    stored.and_then(Lang::parse).or_else(|| browser.and_then(Lang::parse)).unwrap_or_default()
}

/// `template` with each `{name}` replaced by its value.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_owned();
    for (name, value) in values {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// The interface language, shared through context.
#[derive(Debug, Clone, Copy)]
pub struct I18n {
    /// The current language.
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// The text of `key` in the current language (tracks the language when read reactively).
    pub fn t(self, key: &'static str) -> &'static str {
        text(self.lang.get(), key)
    }

    /// [`label`] in the current language (reactive).
    pub fn label(self, s: &'static str) -> &'static str {
        label(self.lang.get(), s)
    }

    /// `key`'s text with its placeholders filled (reactive).
    pub fn fill(self, key: &'static str, values: &[(&str, &str)]) -> String {
        fill(self.t(key), values)
    }

    /// The language of the browser session: remembered choice, else `navigator.language`;
    /// sets `<html lang>` and remembers every later switch.
    pub fn start() -> I18n {
        let win = window();
        let storage = win.local_storage().ok().flatten();
        let stored = storage.as_ref().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten());
        let browser = win.navigator().language();
        let lang = RwSignal::new(initial_lang(stored.as_deref(), browser.as_deref()));
        let first = StoredValue::new(true);
        Effect::new(move |_| {
            let l = lang.get();
            if let Some(root) = document().document_element() {
                let _ = root.set_attribute("lang", l.as_str());
            }
            // Remember only a choice the person made, not the first guess.
            if !first.get_value() {
                if let Some(s) = &storage {
                    let _ = s.set_item(STORAGE_KEY, l.as_str());
                }
            }
            first.set_value(false);
        });
        I18n { lang }
    }
}

/// A reactive text: the closure re-reads the language, so the view follows a switch.
pub fn tr(key: &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let i18n = expect_context::<I18n>();
    move || i18n.t(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_both_languages_present() {
        let mut seen = HashSet::new();
        for &(key, en, zh) in TABLES.iter().flat_map(|t| t.iter()) {
            assert!(seen.insert(key), "duplicate key {key}");
            assert!(!en.trim().is_empty(), "{key}: English missing");
            assert!(!zh.trim().is_empty(), "{key}: Chinese missing");
        }
    }

    /// Every `tr("…")` and `.t("…")` literal in `src/ui` (but `i18n/`) names a key of the tables.
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn every_used_key_exists() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut sources = String::new();
        read_sources(&root, &mut sources);
        assert!(sources.contains("<ViewTabs"), "the sources were not found under {root:?}");
        let missing: Vec<String> =
            used_keys(&sources).into_iter().filter(|k| !index().contains_key(k.as_str())).collect();
        assert!(missing.is_empty(), "keys used but not in the tables: {missing:?}");
    }

    #[cfg(not(target_arch = "wasm32"))]
    fn read_sources(dir: &std::path::Path, out: &mut String) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("src/ui is readable")
            .flatten()
            .map(|e| e.path())
            .collect();
        entries.sort();
        for path in entries {
            if path.ends_with("i18n") {
                continue; // the tables and this test, which quote the patterns
            } else if path.is_dir() {
                read_sources(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).expect("a source file is readable");
                // Comments may quote the patterns; only code counts.
                for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                    out.push_str(line);
                    out.push('\n');
                }
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    /// The string literals passed to `tr(`, `.t(`, `.fill(` or `k(` (after optional
    /// whitespace; `tr` and `k` as whole words).
    fn used_keys(sources: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for pattern in ["tr(", ".t(", ".fill(", "k("] {
            let mut from = 0;
            while let Some(at) = sources[from..].find(pattern) {
                let start = from + at;
                from = start + pattern.len();
                let word_start = !pattern.starts_with('.')
                    && sources[..start]
                        .chars()
                        .next_back()
                        .is_some_and(|c| c.is_alphanumeric() || c == '_');
                if word_start {
                    continue;
                }
                let rest = sources[from..].trim_start();
                if let Some(body) = rest.strip_prefix('"') {
                    if let Some(end) = body.find('"') {
                        keys.push(body[..end].to_owned());
                    }
                }
            }
        }
        keys
    }

    /// No text for people written as a literal in a `view!`: a text node (`>"…"`) or a
    /// `title`, `aria-label`, `placeholder` or `alt` attribute whose literal has a word of two
    /// or more letters fails, except the brand name. (Comments are skipped by
    /// `read_sources`; symbols such as `"↺"`, `"0/0"` pass.)
    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn no_text_literal_in_views() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
        let mut sources = String::new();
        read_sources(&root, &mut sources);
        let allowed = ["losslab"];
        let mut found = Vec::new();
        for pattern in [">\"", "title=\"", "aria-label=\"", "placeholder=\"", "alt=\""] {
            let mut from = 0;
            while let Some(at) = sources[from..].find(pattern) {
                let start = from + at + pattern.len();
                from = start;
                let Some(end) = sources[start..].find('"') else { break };
                let literal = &sources[start..start + end];
                let wordy = literal.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() >= 2);
                // Markup built in Rust strings (`"<mi>…"`, `">", "`) is not a view literal.
                // a match that spans lines is code between two string literals.
                let markup =
                    literal.contains('<') || literal.starts_with(',') || literal.contains('\n');
                if wordy && !markup && !allowed.contains(&literal) {
                    found.push(literal.to_owned());
                }
            }
        }
        assert!(found.is_empty(), "text literals in views (use tr / the tables): {found:?}");
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(fill("{a} of {b}", &[("a", "1"), ("b", "2")]), "1 of 2");
    }

    #[test]
    fn first_visit_follows_the_browser_then_the_choice() {
        assert_eq!(initial_lang(None, Some("zh-CN")), Lang::Zh);
        assert_eq!(initial_lang(None, Some("de-DE")), Lang::En);
        assert_eq!(initial_lang(Some("en"), Some("zh-TW")), Lang::En);
        assert_eq!(initial_lang(None, None), Lang::En);
    }

    /// Every English text the core shows people (knob labels and help, shape names) has a
    /// Chinese translation, or is a symbol or a parameter word that stays as it is.
    #[test]
    fn core_texts_are_translated() {
        use losslab_core::scene::Shape;
        use losslab_core::LossName;
        let mut texts: Vec<&'static str> = Shape::ALL.iter().map(|s| s.label()).collect();
        for loss in LossName::ALL {
            for spec in loss.specs() {
                texts.push(spec.label);
                texts.push(spec.help);
            }
        }
        let words = |s: &str| s.split(|c: char| !c.is_ascii_alphabetic()).any(|w| w.len() > 1);
        let missing: Vec<&str> = texts
            .into_iter()
            .filter(|t| words(t) && core_text(Lang::Zh, t) == *t && !keep().contains(t))
            .collect();
        assert!(
            missing.is_empty(),
            "core texts without a translation in common::CORE: {missing:?}"
        );
    }

    /// Parameter names shown as labels that are code words, the same in both languages.
    fn keep() -> [&'static str; 6] {
        use losslab_core::params::{bce_dice, dice_ce, dice_focal};
        [
            bce_dice::W_BCE.label,
            bce_dice::W_DICE.label,
            dice_ce::SMOOTH_NR.label,
            dice_ce::SMOOTH_DR.label,
            dice_ce::W_CE.label,
            dice_focal::W_FOCAL.label,
        ]
    }

    #[test]
    fn lang_tags() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
