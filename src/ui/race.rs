//! The training race view: one tiny network per loss, trained live in the page on the
//! synthetic "sea with ships" data of the core (`losslab_core::train`).
//!
//! Data flow: [`RaceCtx::settings`] (every user setting in one signal, keys `race.*` through
//! `pairs`/`apply`), changed only through [`RaceCtx::set_settings`] → on any change but the
//! speed, a fresh `Race` in [`RaceCtx::engine`] (paused at step 0) → [`driver`] runs it in
//! chunks of at most [`driver::BUDGET_MS`] between tasks (so the page stays responsive) and
//! bumps [`RaceCtx::version`] at most every [`driver::REFRESH_MS`] → the charts, images and
//! summary read the engine when the version changes (effects draw canvases; the table is a
//! view).
//!
//! # Hooks for tests (beyond `testing-hooks.md`)
//! - `[data-testid="race-speed"]`: the speed field (steps/s, 0 = as fast as possible);
//!   `[data-testid="race-seed"]`, `race-lr`, `race-batch`, `race-steps`, `race-optimizer`,
//!   `race-reduction`: those settings; `input[data-race-setting="<key>"]` every data knob.
//! - `input[data-race-toggle="<loss>"]`: the checkbox that enters a loss in the race (any of
//!   the 17; checking one makes the group custom); `select[data-testid="race-group"]` the
//!   group that races (`article`, the default, `compound`, `all`, `custom`: link key
//!   `race.group`); `select[data-testid="race-compound"]` the compound runner (`off`,
//!   `builder`: the board's compound builder, `ramp`: Dice handed to top-k CE over the race;
//!   link key `race.compound`, `0`/`1` accepted for off/builder). The compound runner's row,
//!   legend entry and predictions carry `data-race-loss` / `data-race-pred` `compound`, and
//!   every two-part row (`bce_dice`, the compound) `data-parts`, `data-part-values`,
//!   `data-part-weights`, `data-part-grads`, `data-part-grads-adam` (pairs: see `summary.rs`).
//! - `.race-key` legend entries are buttons: pressing one (`aria-pressed`) draws that runner
//!   over the others, faded, in every chart.
//! - `[data-race-running="true|false"]` on the step counter; `[data-race-rate]` the
//!   measured steps per second; `[data-race-finished]` once the race has run its steps.
//! - `[data-race-loss]` rows (one per runner) also carry `data-race-runner` (the runner's
//!   index), `data-race-label` (its loss and the parameters that differ, as in the legend:
//!   `wce (pos_weight 3)`), `data-val-precision`, `data-val-recall`, `data-val-ap` (average
//!   precision over every threshold), `data-roughness` (training curve) and
//!   `data-roughness-fixed` (the loss on the fixed evaluation batch), all at full precision.
//! - `.race-key[data-race-runner][data-race-label]`: the legend's entries;
//!   `[data-race-stale]`: the note that the board's parameters changed since the race began,
//!   with its Reset button `[data-testid="race-stale-reset"]`;
//!   `input[data-race-setting="race.sweep"]`: the sweep's text field;
//!   `[data-race-crop-note="<detector error>"]`: in crop mode, the note that says whether the
//!   crops come from a perfect detector (0) or one off by up to that many pixels.
//! - `input[data-testid="race-user-data"]`: the switch that trains on the user's images (shown
//!   when the "Your data" view holds images); `[data-testid="race-data-source"]` the line
//!   that says which data the race trains on, `data-source="user" | "synthetic"`
//!   (`user.rs` lists its other hooks).
//! - `canvas[data-race-chart="loss" | "dice" | "iou" | "ap" | "grad" | "parts"]`, the charts;
//!   `canvas[data-race-pred="<loss>"][data-race-runner="<index>"]` each network's predictions.
//!
//! The race lives as long as the view: switching tabs pauses and forgets it (the settings
//! are kept by whoever holds the context, see [`RaceCtx::provide`]).

mod charts;
mod controls;
mod ctx;
mod driver;
mod images;
mod look;
mod plot;
mod style;
mod summary;
mod user;

use super::i18n::tr;
use leptos::prelude::*;

pub use ctx::RaceCtx;
pub use driver::play;

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
            <user::UserData />
            <controls::Controls />
            <charts::Charts />
            <div class="race-row">
                <images::Images />
                <summary::Summary />
            </div>
        </section>
    }
}
