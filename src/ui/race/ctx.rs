//! The race's context: its settings, the engine, and the signals the page shows. Its own
//! file so that the view's parts (controls, driver, charts, images, summary) and the view
//! itself all depend on it, and not on one another.

use leptos::prelude::*;
use losslab_core::train::{Race, RaceSettings};

/// The race's state, shared through context.
#[derive(Clone, Copy)]
pub struct RaceCtx {
    /// Every user setting of the view (read-only: change it with [`RaceCtx::set_settings`]).
    pub settings: ReadSignal<RaceSettings>,
    /// The writing half of `settings`, used only by [`RaceCtx::set_settings`].
    write_settings: WriteSignal<RaceSettings>,
    /// Whether the race is playing.
    pub running: RwSignal<bool>,
    /// Bumped whenever the engine has changed and the page should show it.
    pub version: RwSignal<u64>,
    /// Measured steps per second while playing (0 when paused).
    pub rate: RwSignal<f64>,
    /// The race itself (not a signal: it changes thousands of times a second).
    pub engine: StoredValue<Race>,
    /// Generation of the work loop: a loop whose generation is stale stops.
    pub(super) generation: StoredValue<u64>,
}

impl RaceCtx {
    /// Creates and provides the race's context (the app does, at its root, so the race and
    /// its settings outlive a tab switch and travel in the page link).
    pub fn provide() -> RaceCtx {
        let settings = RaceSettings::default();
        let engine = StoredValue::new(Race::new(&settings));
        let (settings, write_settings) = signal(settings);
        let ctx = RaceCtx {
            engine,
            settings,
            write_settings,
            running: RwSignal::new(false),
            version: RwSignal::new(0),
            rate: RwSignal::new(0.0),
            generation: StoredValue::new(0),
        };
        provide_context(ctx);
        ctx
    }

    /// Replaces the settings. New settings — from the controls, a link or the tour — make a
    /// new race (paused at step 0); a change of the speed limit alone does not. Every change
    /// of the settings goes through here, so the engine always matches them.
    pub fn set_settings(&self, next: RaceSettings) {
        let race_of = |s: &RaceSettings| RaceSettings { speed: 0, ..s.clone() };
        let new_race = self.settings.with_untracked(|old| race_of(old) != race_of(&next));
        self.write_settings.set(next);
        if new_race {
            self.reset();
        }
    }

    /// Changes the settings in place (through [`RaceCtx::set_settings`]).
    pub fn update_settings(&self, change: impl FnOnce(&mut RaceSettings)) {
        let mut next = self.settings.get_untracked();
        change(&mut next);
        self.set_settings(next);
    }

    /// Tells the page the engine changed.
    pub fn touch(&self) {
        self.version.update(|v| *v += 1);
    }

    /// A fresh race from the current settings, paused at step 0.
    pub fn reset(&self) {
        self.stop();
        let settings = self.settings.get_untracked();
        self.engine.set_value(Race::new(&settings));
        self.touch();
    }

    /// Stops the work loop.
    pub fn stop(&self) {
        self.generation.update_value(|g| *g += 1);
        self.running.set(false);
        self.rate.set(0.0);
    }
}
