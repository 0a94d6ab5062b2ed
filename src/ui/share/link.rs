//! The app's part of the page link: one [`AppSection`] per view's settings (beside the
//! core's scene and loss settings), how the link is written from the state and read back
//! into it, and the two actions on the whole state (its URL, a reset). Its own file so that
//! the share bar and the autosave (`share.rs`) both depend on it, and not on each other.

use super::super::classes::ClassesCtx;
use super::super::curves::CurvesContext;
use super::super::gradients::MapsState;
use super::super::learn::{settings::LearnSettings, Learn};
use super::super::presenter::{Presenter, UiSettings};
use super::super::race::RaceCtx;
use super::super::state::{slot, Lab};
use super::super::view::View;
use leptos::prelude::*;
use losslab_core::maps::MapSettings;
use losslab_core::overlay::OverlaySettings;
use losslab_core::scene::classes::ClassSettings;
use losslab_core::scene::{EditKind, Scene};
use losslab_core::share::{self, Ignored, Settings};
use losslab_core::sweep::CurveSettings;
use losslab_core::train::RaceSettings;
use losslab_core::{CompoundSpec, Loss, LossName};
use std::rc::Rc;

/// Reads a section's pairs into a fresh default of its settings; returns what it refused.
type Loader = Rc<dyn Fn(&[(String, String)]) -> Vec<Ignored>>;

/// One area's settings in the link: what it writes, how it reads, what to watch.
#[derive(Clone)]
pub struct AppSection {
    prefix: &'static str,
    pairs: Rc<dyn Fn() -> Vec<(&'static str, String)>>,
    load: Loader,
    /// Subscribes the caller to the section's settings (the autosave's effect).
    pub(super) track: Rc<dyn Fn()>,
}

impl AppSection {
    /// Whether `key` is this section's (`prefix` itself or `prefix.…`).
    fn claims(&self, key: &str) -> bool {
        key.strip_prefix(self.prefix).is_some_and(|r| r.is_empty() || r.starts_with('.'))
    }
}

/// A section over a settings struct held in one signal: `pairs` writes it, `apply` reads one
/// pair into it (see the module docs).
pub fn section<T>(
    prefix: &'static str,
    signal: RwSignal<T>,
    pairs: fn(&T) -> Vec<(&'static str, String)>,
    apply: fn(&mut T, &str, &str) -> Result<(), String>,
) -> AppSection
where
    T: Default + Clone + Send + Sync + 'static,
{
    section_with(prefix, signal.read_only(), move |value| signal.set(value), pairs, apply)
}

/// A section whose settings are read from `signal` and changed only through `set` (for
/// settings whose owner does more than store them, like the race's).
pub fn section_with<T>(
    prefix: &'static str,
    signal: ReadSignal<T>,
    set: impl Fn(T) + 'static,
    pairs: fn(&T) -> Vec<(&'static str, String)>,
    apply: fn(&mut T, &str, &str) -> Result<(), String>,
) -> AppSection
where
    T: Default + Clone + Send + Sync + 'static,
{
    AppSection {
        prefix,
        pairs: Rc::new(move || signal.with_untracked(pairs)),
        load: Rc::new(move |given| {
            let mut value = T::default();
            let ignored = given
                .iter()
                .filter_map(|(k, v)| apply(&mut value, k, v).err().map(|e| Ignored::new(k, e)))
                .collect();
            set(value);
            ignored
        }),
        track: Rc::new(move || signal.track()),
    }
}

/// The open view as a section (`view=<name>`).
fn view_section(lab: Lab) -> AppSection {
    let signal = lab.view;
    AppSection {
        prefix: "view",
        pairs: Rc::new(move || vec![("view", signal.get_untracked().as_str().to_string())]),
        load: Rc::new(move |given| {
            let mut view = View::default();
            let mut ignored = Vec::new();
            for (k, v) in given {
                match (k.as_str(), View::parse(v)) {
                    ("view", Some(parsed)) => view = parsed,
                    _ => ignored.push(Ignored::new(k, format!("\"{v}\" is not a view"))),
                }
            }
            signal.set(view);
            ignored
        }),
        track: Rc::new(move || signal.track()),
    }
}

/// The prefix of the interface's own settings (presenter mode), which the tour keeps.
pub const UI_PREFIX: &str = "ui";

/// Every section the app's link carries beyond the core's. Add one line per view's settings.
pub fn sections(lab: Lab) -> Vec<AppSection> {
    vec![
        view_section(lab),
        section(
            "maps",
            expect_context::<MapsState>().settings,
            MapSettings::pairs,
            MapSettings::apply,
        ),
        section(
            "overlays",
            expect_context::<MapsState>().overlays,
            OverlaySettings::pairs,
            OverlaySettings::apply,
        ),
        section(
            "curves",
            expect_context::<CurvesContext>().settings,
            CurveSettings::pairs,
            CurveSettings::apply,
        ),
        {
            // The board's compound: each pair checked by `CompoundSpec::apply`; the spec then
            // builds (generalized_dice is refused as a term, weights are finite).
            section("compound", lab.compound, CompoundSpec::pairs, CompoundSpec::apply)
        },
        {
            let race = expect_context::<RaceCtx>();
            section_with(
                "race",
                race.settings,
                move |s| race.set_settings(s),
                RaceSettings::pairs,
                RaceSettings::apply,
            )
        },
        // The multi-class view: only what differs from its defaults (`mc.*`).
        section(
            "mc",
            expect_context::<ClassesCtx>().settings,
            ClassSettings::pairs,
            ClassSettings::apply,
        ),
        section(
            "learn",
            expect_context::<Learn>().settings,
            LearnSettings::pairs,
            LearnSettings::apply,
        ),
        section(
            UI_PREFIX,
            expect_context::<Presenter>().settings,
            UiSettings::pairs,
            UiSettings::apply,
        ),
    ]
}

/// The core settings as the lab holds them.
fn settings_of(lab: Lab) -> Settings {
    Settings {
        configs: lab.configs.map(|c| c.get_untracked()),
        current: lab.current.get_untracked(),
        brush: lab.brush.get_untracked(),
        layer: lab.layer.get_untracked(),
        threshold: lab.threshold.get_untracked(),
    }
}

fn set_settings(lab: Lab, s: &Settings) {
    // The link's and the autosave's parameters were checked as they were read.
    for name in LossName::ALL {
        match Loss::new(s.configs[slot(name)]) {
            Ok(loss) => lab.set_loss(loss),
            Err(e) => lab.warn(e.to_string()),
        }
    }
    lab.current.set(s.current);
    lab.brush.set(s.brush);
    lab.layer.set(s.layer);
    lab.threshold.set(s.threshold);
}

/// The link text (without `#`) of the current state.
pub fn current_link(lab: Lab, sections: &[AppSection]) -> String {
    let extra: Vec<(&str, String)> = sections.iter().flat_map(|s| (s.pairs)()).collect();
    lab.scene.with_untracked(|scene| share::encode(scene, &settings_of(lab), &extra))
}

/// Applies a link to the lab; returns its scene (for the caller to set) and what was ignored.
pub(super) fn load(lab: Lab, sections: &[AppSection], link: &str) -> (Scene, Vec<Ignored>) {
    load_keeping(lab, sections, link, &[])
}

/// [`load`], except that the sections whose prefix is in `keep` keep their settings (the
/// tour puts its starting state back but not the presenter's `ui` choice).
pub(super) fn load_keeping(
    lab: Lab,
    sections: &[AppSection],
    link: &str,
    keep: &[&str],
) -> (Scene, Vec<Ignored>) {
    let decoded = share::decode(link);
    let mut ignored = decoded.ignored;
    set_settings(lab, &decoded.settings);
    let mut rest = decoded.rest;
    for s in sections {
        let (mine, others): (Vec<_>, Vec<_>) = rest.into_iter().partition(|(k, _)| s.claims(k));
        if !keep.contains(&s.prefix) {
            ignored.extend((s.load)(&mine));
        }
        rest = others;
    }
    ignored.extend(rest.into_iter().map(|(k, _)| Ignored::new(k, "unknown key")));
    (decoded.scene, ignored)
}

/// The app's sections, shared through context.
pub type Sections = StoredValue<Vec<AppSection>, LocalStorage>;

/// The full page URL of the current state.
pub fn page_url(lab: Lab, sections: Sections) -> String {
    let href = window().location().href().unwrap_or_default();
    let base = href.split('#').next().unwrap_or("");
    format!("{base}#{}", sections.with_value(|s| current_link(lab, s)))
}

/// Puts everything back to the defaults; the scene before is one undo step away.
pub fn reset_everything(lab: Lab, sections: Sections) {
    set_settings(lab, &Settings::default());
    sections.with_value(|list| {
        for s in list {
            let _ = (s.load)(&[]);
        }
    });
    lab.edit(EditKind::Stroke, |s| *s = Scene::default());
    lab.notice.set(None);
}
