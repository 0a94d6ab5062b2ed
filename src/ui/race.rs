//! The training race view: one tiny network per loss, trained live in the page on the
//! synthetic "sea with ships" data of the core (`losslab_core::train`).
//!
//! Data flow: [`RaceCtx::settings`] (every user setting in one `RwSignal<RaceSettings>`,
//! keys `race.*` through `pairs`/`apply`) → on any change, a fresh [`Race`] in
//! [`RaceCtx::engine`] (paused at step 0) → [`driver`] runs it in chunks of at most
//! [`driver::BUDGET_MS`] between tasks (so the page stays responsive) and bumps
//! [`RaceCtx::version`] at most every [`driver::REFRESH_MS`] → the charts, images and summary
//! read the engine when the version changes (effects draw canvases; the table is a view).
//!
//! # Hooks for tests (beyond `testing-hooks.md`)
//! - `[data-testid="race-speed"]`: the speed field (steps/s, 0 = as fast as possible);
//!   `[data-testid="race-seed"]`, `race-lr`, `race-batch`, `race-steps`, `race-optimizer`,
//!   `race-reduction`: those settings; `input[data-race-setting="<key>"]` every data knob.
//! - `input[data-race-toggle="<loss>"]`: the checkbox that enters a loss in the race.
//! - `[data-race-running="true|false"]` on the step counter; `[data-race-rate]` the
//!   measured steps per second; `[data-race-finished]` once the race has run its steps.
//! - `[data-race-loss]` rows also carry `data-val-precision`, `data-val-recall`,
//!   `data-roughness` (full precision).
//! - `canvas[data-race-chart="loss" | "dice" | "iou" | "grad" | "parts"]`, the charts;
//!   `canvas[data-race-pred="<loss>"]` each network's predictions.
//!
//! The race lives as long as the view: switching tabs pauses and forgets it (the settings
//! are kept by whoever holds the context, see [`RaceCtx::provide`]).

mod charts;
mod controls;
mod driver;
mod images;
mod plot;
mod summary;

use super::i18n::tr;
use leptos::prelude::*;
use losslab_core::train::{Race, RaceSettings};

/// The race's state, shared through context.
#[derive(Clone, Copy)]
pub struct RaceCtx {
    /// Every user setting of the view.
    pub settings: RwSignal<RaceSettings>,
    /// Whether the race is playing.
    pub running: RwSignal<bool>,
    /// Bumped whenever the engine has changed and the page should show it.
    pub version: RwSignal<u64>,
    /// Measured steps per second while playing (0 when paused).
    pub rate: RwSignal<f64>,
    /// The race itself (not a signal: it changes thousands of times a second).
    pub engine: StoredValue<Race>,
    /// Generation of the work loop: a loop whose generation is stale stops.
    generation: StoredValue<u64>,
}

impl RaceCtx {
    /// Creates and provides the race's context (the app does, at its root, so the race and
    /// its settings outlive a tab switch and travel in the page link). New settings — from
    /// the controls, a link or the tour — make a new race; the speed limit alone does not.
    pub fn provide() -> RaceCtx {
        let settings = RaceSettings::default();
        let ctx = RaceCtx {
            engine: StoredValue::new(Race::new(&settings)),
            settings: RwSignal::new(settings),
            running: RwSignal::new(false),
            version: RwSignal::new(0),
            rate: RwSignal::new(0.0),
            generation: StoredValue::new(0),
        };
        provide_context(ctx);
        let race_settings = Memo::new(move |_| RaceSettings { speed: 0, ..ctx.settings.get() });
        Effect::new(move |prev: Option<()>| {
            race_settings.with(|_| ());
            if prev.is_some() {
                ctx.reset();
            }
        });
        ctx
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

/// The race view's pane.
#[component]
pub fn RaceView() -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    // Leaving the view pauses the race (it resumes with play).
    on_cleanup(move || {
        let _ = ctx.generation.try_update_value(|g| *g += 1);
        let _ = ctx.running.try_set(false);
        let _ = ctx.rate.try_set(0.0);
    });
    view! {
        <section class="pane race" data-pane="race">
            <p class="hint">{tr("race.intro")}</p>
            <controls::Controls />
            <charts::Charts />
            <div class="race-row">
                <images::Images />
                <summary::Summary />
            </div>
        </section>
    }
}
