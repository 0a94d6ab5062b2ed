//! Runs the race in chunks: each chunk does units of work (one network's step) until
//! [`BUDGET_MS`] have passed, then yields to the browser with a zero-delay timeout, so input,
//! layout and painting run between chunks and no task holds the page much longer than the
//! budget plus one unit. The page is told at most every [`REFRESH_MS`].

use super::ctx::RaceCtx;
use leptos::prelude::*;
use std::time::Duration;

/// Work per chunk, milliseconds.
pub const BUDGET_MS: f64 = 30.0;
/// Shortest interval between two refreshes of the charts while playing, milliseconds.
pub const REFRESH_MS: f64 = 200.0;

fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Where the current play started, for the speed limit and the measured rate.
#[derive(Debug, Clone, Copy)]
struct Clock {
    start_ms: f64,
    start_step: usize,
    last_refresh: f64,
    rate_ms: f64,
    rate_step: usize,
}

/// Starts playing (does nothing if already playing or finished).
pub fn play(ctx: RaceCtx) {
    ctx.refresh_unstarted();
    if ctx.running.get_untracked() || ctx.engine.with_value(|r| r.finished()) {
        return;
    }
    ctx.generation.update_value(|g| *g += 1);
    let generation = ctx.generation.get_value();
    ctx.running.set(true);
    let step = ctx.engine.with_value(|r| r.step());
    let t = now();
    let clock =
        Clock { start_ms: t, start_step: step, last_refresh: t, rate_ms: t, rate_step: step };
    schedule(ctx, generation, clock, 0);
}

/// Pauses, leaving the current step half done if it was (the next step completes it).
pub fn pause(ctx: RaceCtx) {
    ctx.stop();
    ctx.touch();
}

/// Pauses, then completes exactly one step.
pub fn step(ctx: RaceCtx) {
    ctx.refresh_unstarted();
    ctx.stop();
    ctx.engine.update_value(|r| {
        if !r.finished() {
            r.step_once();
        }
    });
    ctx.touch();
}

fn schedule(ctx: RaceCtx, generation: u64, clock: Clock, delay_ms: u64) {
    set_timeout(move || chunk(ctx, generation, clock), Duration::from_millis(delay_ms));
}

fn chunk(ctx: RaceCtx, generation: u64, mut clock: Clock) {
    // A stale loop (paused, reset, unmounted) ends here.
    if ctx.generation.try_get_value() != Some(generation) {
        return;
    }
    let speed = ctx.settings.with_untracked(|s| s.speed) as f64;
    let t0 = now();
    let allowed =
        |t: f64| clock.start_step + ((t - clock.start_ms) * speed / 1000.0).floor() as usize;
    let mut waiting = false;
    let (step, finished) = ctx
        .engine
        .try_update_value(|r| {
            loop {
                if r.finished() {
                    break;
                }
                if speed > 0.0 && r.step() >= allowed(now()) {
                    waiting = true;
                    break;
                }
                r.work();
                if now() - t0 >= BUDGET_MS {
                    break;
                }
            }
            (r.step(), r.finished())
        })
        .unwrap_or((0, true));
    let t = now();
    if t - clock.rate_ms >= 500.0 {
        ctx.rate.set((step - clock.rate_step) as f64 * 1000.0 / (t - clock.rate_ms));
        clock.rate_ms = t;
        clock.rate_step = step;
    }
    if finished {
        ctx.stop();
        ctx.touch();
        return;
    }
    if t - clock.last_refresh >= REFRESH_MS {
        clock.last_refresh = t;
        ctx.touch();
    }
    let delay = if waiting { (1000.0 / speed.max(1.0)).min(250.0) as u64 / 2 } else { 0 };
    schedule(ctx, generation, clock, delay);
}
