//! Every piece of interface text, in English and Chinese.
//!
//! Components never hard-code text: they call [`tr`] (reactive, follows the language) or
//! [`I18n::t`] with a key. The keys live in one table per area of the page (`common.rs`,
//! `gradients.rs`, `curves.rs`, `race.rs`, `learn.rs`, `share.rs`), each a slice of
//! `(key, English, Chinese)`; a test checks that keys are unique, that both texts are present,
//! and that every key the sources use exists.
//!
//! Placeholders in a text are written `{name}` and filled by [`fill`].

mod common;
mod curves;
mod gradients;
mod learn;
mod race;
mod share;

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

/// One table: `(key, English, Chinese)`.
pub type Table = &'static [(&'static str, &'static str, &'static str)];

/// Every table.
pub const TABLES: [Table; 6] =
    [common::TABLE, gradients::TABLE, curves::TABLE, race::TABLE, learn::TABLE, share::TABLE];

fn index() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static INDEX: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        TABLES.iter().flat_map(|t| t.iter()).map(|&(k, en, zh)| (k, (en, zh))).collect()
    })
}

/// The text of `key` in `lang`; the key itself if it is missing (the test forbids that).
pub fn text(lang: Lang, key: &'static str) -> &'static str {
    match (index().get(key), lang) {
        (Some(&(en, _)), Lang::En) => en,
        (Some(&(_, zh)), Lang::Zh) => zh,
        (None, _) => key,
    }
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
    /// The string literals passed to `tr(` or `.t(`.
    fn used_keys(sources: &str) -> Vec<String> {
        let mut keys = Vec::new();
        for pattern in ["tr(\"", ".t(\""] {
            let mut rest = sources;
            while let Some(at) = rest.find(pattern) {
                rest = &rest[at + pattern.len()..];
                if let Some(end) = rest.find('"') {
                    keys.push(rest[..end].to_owned());
                }
            }
        }
        keys
    }

    #[test]
    fn fill_replaces_placeholders() {
        assert_eq!(fill("{a} of {b}", &[("a", "1"), ("b", "2")]), "1 of 2");
    }

    #[test]
    fn lang_tags() {
        assert_eq!(Lang::parse("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
