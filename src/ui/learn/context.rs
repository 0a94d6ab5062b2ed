//! The learn area's context: the tour step (which travels in links), the step to resume at,
//! and what a step sets up. Its own file so that the learn view and the tour's bar both depend
//! on it, and not on each other.
//!
//! The tour leaves things as it found them: going to a step first puts back the state the
//! tour started from (taken as a link when the tour starts), so a step sets exactly what it
//! needs on that state and nothing of an earlier step stays; leaving puts that state back
//! (the undo history too, plus one undo step back to the scene the tour showed). The link
//! code lives in the share module, which depends on this one, so it hands its two functions
//! over at mount ([`Learn::connect`]).

use super::settings::LearnSettings;
use super::steps;
use crate::ui::i18n::{I18n, Lang};
use crate::ui::race::RaceCtx;
use crate::ui::state::Lab;
use leptos::prelude::*;
use losslab_core::scene::{EditKind, History, Scene};
use std::rc::Rc;

/// How the tour takes the whole state and puts it back (the share module's link).
#[derive(Clone)]
pub struct StateIo {
    /// The whole state as a link: scene, parameters, every view's settings.
    pub save: Rc<dyn Fn() -> String>,
    /// Applies a link's settings and returns its scene (the caller sets it, for undo).
    pub restore: Rc<dyn Fn(&str) -> Scene>,
}

/// The state the tour started from.
#[derive(Clone)]
struct Origin {
    /// Everything but the undo history, as a link.
    link: String,
    /// The undo history.
    history: History,
}

/// The learn area's shared state.
#[derive(Clone, Copy)]
pub struct Learn {
    /// Every setting that travels in a link (the tour step).
    pub settings: RwSignal<LearnSettings>,
    /// The lab the tour's steps set up.
    lab: Lab,
    /// The interface language.
    i18n: I18n,
    /// The training race, which the race-based steps set up and read.
    race: RaceCtx,
    /// The step to resume the tour at after leaving it (0: never started).
    pub resume: RwSignal<usize>,
    /// The share module's link functions ([`Learn::connect`]; none in tests that mount parts).
    io: StoredValue<Option<StateIo>, LocalStorage>,
    /// The state the running tour started from (none when not touring, or when the tour was
    /// opened by a full link, whose state is the step's).
    origin: StoredValue<Option<Origin>, LocalStorage>,
}

impl Learn {
    /// The tour's current step (0 when not touring), tracked.
    pub fn step(self) -> usize {
        self.settings.with(|s| s.tour_step)
    }

    /// Hands over the share module's link functions (once, at mount).
    pub fn connect(self, io: StateIo) {
        self.io.set_value(Some(io));
    }

    /// Goes to tour step `n` (1..=`TOUR_STEPS`) and sets up its scene, parameters and view on the state
    /// the tour started from.
    pub fn go(self, n: usize) {
        self.back_to_origin();
        self.settings.update(|s| s.tour_step = n);
        self.resume.set(n);
        steps::apply(self.lab, self.race, n);
    }

    /// Takes the state as the tour's origin when the tour starts; puts it back otherwise.
    /// A tour that ended another way (a reset, a pasted link) left a stale origin: a tour that
    /// starts takes a fresh one.
    fn back_to_origin(self) {
        let Some(io) = self.io.get_value() else { return };
        let touring = self.settings.with_untracked(|s| s.tour_step) > 0;
        match self.origin.get_value().filter(|_| touring) {
            None => {
                let history = self.lab.history.get_untracked();
                self.origin.set_value(Some(Origin { link: (io.save)(), history }));
            }
            Some(origin) => {
                let scene = (io.restore)(&origin.link);
                self.set_scene(scene);
            }
        }
    }

    /// Sets `scene` as one undo step, if it differs from the current one.
    fn set_scene(self, scene: Scene) {
        if self.lab.scene.with_untracked(|s| *s != scene) {
            self.lab.edit(EditKind::Shape, |s| *s = scene);
            self.lab.seal();
        }
    }

    /// Opens the step a teacher's short link (`#tour=<n>`) names, if the page has one.
    pub fn open_short_link(self) {
        let hash = window().location().hash().unwrap_or_default();
        if let Some(n) = LearnSettings::step_from_hash(&hash) {
            self.go(n);
        }
    }

    /// Leaves the tour, remembering the step to resume at, and puts back the state the tour
    /// started from: its settings and undo history, and its scene as one undo step (undo
    /// shows the scene the tour left).
    pub fn leave(self) {
        let n = self.settings.with_untracked(|s| s.tour_step);
        self.resume.set(n);
        if let (Some(io), Some(origin)) = (self.io.get_value(), self.origin.get_value()) {
            self.origin.set_value(None);
            let scene = (io.restore)(&origin.link);
            self.lab.history.set(origin.history);
            self.set_scene(scene);
        }
        self.settings.update(|s| s.tour_step = 0);
    }

    /// Switches the interface language.
    pub fn set_lang(self, lang: Lang) {
        self.i18n.lang.set(lang);
    }
}

/// Creates the learn context (not touring; [`Learn::open_short_link`] opens a linked step
/// once the rest of the state is restored).
pub fn provide(i18n: I18n, lab: Lab, race: RaceCtx) -> Learn {
    let settings = RwSignal::new(LearnSettings::default());
    let learn = Learn {
        settings,
        resume: RwSignal::new(0),
        lab,
        i18n,
        race,
        io: StoredValue::new_local(None),
        origin: StoredValue::new_local(None),
    };
    provide_context(learn);
    learn
}
