//! The race's context: its settings, the engine, and the signals the page shows. Its own
//! file so that the view's parts (controls, driver, charts, images, summary) and the view
//! itself all depend on it, and not on one another.
//!
//! Each runner trains with the parameters set on the board (`Lab`'s validated losses; the
//! settings' sweep, if any, changes its one parameter). A race is made with the board's
//! parameters of that moment and keeps them while it runs: changing a racing loss's
//! parameter on the board does not restart it, but the legend then says which runners train
//! on stale parameters ([`RaceCtx::stale`]), and Reset — or Play / Step while the race is
//! still at step 0 — starts it again with the board's. The compound runner of the builder
//! (`race.compound=builder`) is the board's [`CompoundSpec`], read the same way.
//!
//! The race trains on the synthetic sea unless [`RaceCtx::user`] holds the user's images
//! (the race view's switch sets it from the "Your data" view's `DataCtx`): then every fresh
//! race cuts its data set from them with the current settings (`DataSet::from_user`), and
//! a set the core refuses leaves the race on the sea with the reason in
//! [`RaceCtx::user_error`]. The images are never in the link.

use super::super::state::Lab;
use leptos::prelude::*;
use losslab_core::train::{
    objective_labels, DataSet, Objective, Race, RaceSettings, UserDataError, UserSample,
};
use losslab_core::{CompoundSpec, LossConfig, LossName};
use std::sync::Arc;

/// The race's state, shared through context.
#[derive(Clone, Copy)]
pub struct RaceCtx {
    /// Every user setting of the view (read-only: change it with [`RaceCtx::set_settings`]).
    pub settings: ReadSignal<RaceSettings>,
    /// The writing half of `settings`, used only by [`RaceCtx::set_settings`].
    write_settings: WriteSignal<RaceSettings>,
    /// The board's parameters of every loss (read-only views of `Lab`'s losses).
    configs: [Signal<LossConfig>; LossName::COUNT],
    /// The board's compound builder (its terms take `configs`' parameters).
    compound: Signal<CompoundSpec>,
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
    /// The user's images and masks the race trains on instead of the synthetic sea (`None`:
    /// the sea). Read-only: change it with [`RaceCtx::set_user`].
    pub user: ReadSignal<Option<Arc<Vec<UserSample>>>>,
    write_user: WriteSignal<Option<Arc<Vec<UserSample>>>>,
    /// Why the current race is not on the user's images although [`RaceCtx::user`] holds
    /// them (the core refused them with these settings).
    pub user_error: RwSignal<Option<UserDataError>>,
}

/// What a race of `settings` trains with, the board's parameters read by `board` and its
/// compound builder `builder`.
fn wanted(
    settings: &RaceSettings,
    board: impl Fn(LossName) -> LossConfig,
    builder: &CompoundSpec,
) -> Vec<Objective> {
    settings.runner_objectives(board, builder)
}

impl RaceCtx {
    /// Creates and provides the race's context (the app does, at its root, so the race and
    /// its settings outlive a tab switch and travel in the page link), reading each loss's
    /// parameters from `lab` and the compound builder's spec from `compound`.
    pub fn provide(lab: Lab, compound: Signal<CompoundSpec>) -> RaceCtx {
        let settings = RaceSettings::default();
        let configs = lab.configs;
        let board =
            |name: LossName| configs[super::super::state::slot(name)].with_untracked(|c| *c);
        let builder = compound.get_untracked();
        let engine =
            StoredValue::new(Race::with_objectives(&settings, &wanted(&settings, board, &builder)));
        let (settings, write_settings) = signal(settings);
        let (user, write_user) = signal(None);
        let ctx = RaceCtx {
            user,
            write_user,
            user_error: RwSignal::new(None),
            engine,
            settings,
            write_settings,
            configs,
            compound,
            running: RwSignal::new(false),
            version: RwSignal::new(0),
            rate: RwSignal::new(0.0),
            generation: StoredValue::new(0),
        };
        provide_context(ctx);
        ctx
    }

    /// The board's parameters of `name`, untracked.
    fn board(&self, name: LossName) -> LossConfig {
        self.configs[super::super::state::slot(name)].with_untracked(|c| *c)
    }

    /// What a fresh race of the current settings would train with (untracked).
    fn wanted_untracked(&self) -> Vec<Objective> {
        let builder = self.compound.get_untracked();
        self.settings.with_untracked(|s| wanted(s, |n| self.board(n), &builder))
    }

    /// Replaces the settings. New settings — from the controls, a link or the tour — make a
    /// new race (paused at step 0), and so does a race whose parameters no longer match the
    /// board's (a link or the tour sets the board first); a change of the speed limit alone
    /// does not. Every change of the settings goes through here, so the engine always
    /// matches them.
    pub fn set_settings(&self, next: RaceSettings) {
        let race_of = |s: &RaceSettings| RaceSettings { speed: 0, ..s.clone() };
        let new_race = self.settings.with_untracked(|old| race_of(old) != race_of(&next));
        self.write_settings.set(next);
        if new_race || self.engine.with_value(|r| r.objectives()) != self.wanted_untracked() {
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

    /// A fresh race from the current settings and the board's parameters, paused at step 0:
    /// on the user's images if [`RaceCtx::user`] holds them and the core accepts them,
    /// else on the synthetic sea.
    pub fn reset(&self) {
        self.stop();
        let settings = self.settings.get_untracked();
        let losses = self.wanted_untracked();
        let user = self.user.get_untracked();
        let data = user.map(|samples| DataSet::from_user(&samples, &settings));
        let (race, error) = match data {
            Some(Ok(data)) => (Race::with_data(&settings, &losses, data), None),
            Some(Err(e)) => (Race::with_objectives(&settings, &losses), Some(e)),
            None => (Race::with_objectives(&settings, &losses), None),
        };
        self.engine.set_value(race);
        self.user_error.set(error);
        self.touch();
    }

    /// Trains on `samples` (the user's images and masks) from now on, or on the synthetic
    /// sea with `None`: a fresh race, paused at step 0.
    pub fn set_user(&self, samples: Option<Arc<Vec<UserSample>>>) {
        self.write_user.set(samples);
        self.reset();
    }

    /// Whether the current race trains on the user's images (tracked: the engine).
    pub fn on_user_data(&self) -> bool {
        self.version.track();
        self.engine.with_value(|r| r.data().user.is_some())
    }

    /// Resets a race still at step 0 whose parameters are stale (Play and Step call this, so
    /// a race that has not started always starts with the board's parameters).
    pub fn refresh_unstarted(&self) {
        let unstarted = self.engine.with_value(|r| r.step() == 0);
        if unstarted && self.engine.with_value(|r| r.objectives()) != self.wanted_untracked() {
            self.reset();
        }
    }

    /// Runners whose parameters differ from the board's (tracked: the board, its compound
    /// builder, the settings and the engine): `(the runner's label, the label the board's
    /// parameters would give)`.
    pub fn stale(&self) -> Vec<(String, String)> {
        self.version.track();
        let configs = self.configs;
        let builder = self.compound.get();
        let want = self
            .settings
            .with(|s| wanted(s, |n| configs[super::super::state::slot(n)].with(|c| *c), &builder));
        let have = self.engine.with_value(|r| r.objectives());
        if have.len() != want.len() {
            return Vec::new();
        }
        let (old, new) = (objective_labels(&have), objective_labels(&want));
        (0..have.len())
            .filter(|&i| have[i] != want[i])
            .map(|i| (old[i].clone(), new[i].clone()))
            .collect()
    }

    /// Stops the work loop.
    pub fn stop(&self) {
        self.generation.update_value(|g| *g += 1);
        self.running.set(false);
        self.rate.set(0.0);
    }
}
