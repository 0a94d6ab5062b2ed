//! The learn area's context: the tour step (which travels in links), the step to resume at,
//! and what a step sets up. Its own file so that the learn view and the tour's bar both depend
//! on it, and not on each other.

use super::settings::LearnSettings;
use super::steps;
use crate::ui::i18n::{I18n, Lang};
use crate::ui::race::RaceCtx;
use crate::ui::state::Lab;
use leptos::prelude::*;

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
}

impl Learn {
    /// The tour's current step (0 when not touring), tracked.
    pub fn step(self) -> usize {
        self.settings.with(|s| s.tour_step)
    }

    /// Goes to tour step `n` (1..=11) and sets up its scene, parameters and view.
    pub fn go(self, n: usize) {
        self.settings.update(|s| s.tour_step = n);
        self.resume.set(n);
        steps::apply(self.lab, self.race, n);
    }

    /// Opens the step a teacher's short link (`#tour=<n>`) names, if the page has one.
    pub fn open_short_link(self) {
        let hash = window().location().hash().unwrap_or_default();
        if let Some(n) = LearnSettings::step_from_hash(&hash) {
            self.go(n);
        }
    }

    /// Leaves the tour, remembering the step to resume at.
    pub fn leave(self) {
        let n = self.settings.with_untracked(|s| s.tour_step);
        self.resume.set(n);
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
    let learn = Learn { settings, resume: RwSignal::new(0), lab, i18n, race };
    provide_context(learn);
    learn
}
