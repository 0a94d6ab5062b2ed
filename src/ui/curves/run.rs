//! A chart's runner: rebuilds its sweep when an input changes (debounced) and runs the job a
//! few milliseconds per animation frame, publishing progress and, at the end, the data.
//!
//! The runner is a driver with one owner: its single effect only hands each change of the
//! inputs (scene, loss parameters, current loss, settings) to a timer outside the reactive
//! graph, and the only signals it ever writes are the [`Runner`]'s own, which nothing else
//! writes (`running` at once, so a page or a test never reads the old data as current;
//! progress and data from the timer and the animation frames). No other state is derived here.

use super::super::state::Lab;
use leptos::prelude::*;
use losslab_core::sweep::{self, CurveSettings, FigureData, FigureId, Job};
use losslab_core::LossConfig;
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

/// Time all charts together spend computing per animation frame, in milliseconds.
const FRAME_BUDGET_MS: f64 = 10.0;
/// Two slices further apart than this belong to different frames.
const FRAME_MS: f64 = 12.0;

thread_local! {
    /// `(start of the current frame's computing, milliseconds used in it)`, shared by the
    /// five charts so that together they stay within [`FRAME_BUDGET_MS`].
    static FRAME: std::cell::Cell<(f64, f64)> = const { std::cell::Cell::new((f64::NEG_INFINITY, 0.0)) };
}

/// Milliseconds left in this frame's budget at time `t`.
fn budget_left(t: f64) -> f64 {
    FRAME.with(|f| {
        let (start, used) = f.get();
        if t - start > FRAME_MS {
            f.set((t, 0.0));
            FRAME_BUDGET_MS
        } else {
            FRAME_BUDGET_MS - used
        }
    })
}

fn spend(ms: f64) {
    FRAME.with(|f| {
        let (start, used) = f.get();
        f.set((start, used + ms));
    });
}
/// Quiet time after the last change before a sweep starts.
const DEBOUNCE: Duration = Duration::from_millis(90);

/// What a chart's runner publishes.
#[derive(Debug, Clone, Copy)]
pub struct Runner {
    /// The finished data of the latest sweep (kept until the next one finishes).
    pub data: RwSignal<Option<FigureData>>,
    /// `(steps done, steps)` of the running sweep.
    pub progress: RwSignal<(usize, usize)>,
    /// Whether a sweep is running.
    pub running: RwSignal<bool>,
    /// The longest step of the latest sweep, in milliseconds (a figure for benchmarks).
    pub longest_step_ms: RwSignal<f64>,
}

fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// Starts the runner of `figure`: it follows the scene, every loss's parameters, the current
/// loss and `settings`.
pub fn start(lab: Lab, settings: RwSignal<CurveSettings>, figure: FigureId) -> Runner {
    let runner = Runner {
        data: RwSignal::new(None),
        progress: RwSignal::new((0, 0)),
        running: RwSignal::new(false),
        longest_step_ms: RwSignal::new(0.0),
    };
    let generation = Rc::new(RefCell::new(0u64));
    Effect::new(move |_| {
        lab.scene.track();
        lab.configs.iter().for_each(|c| c.track());
        lab.current.track();
        settings.track();
        let generation = Rc::clone(&generation);
        let mine = {
            let mut g = generation.borrow_mut();
            *g += 1;
            *g
        };
        runner.running.set(true);
        set_timeout(
            move || {
                if *generation.borrow() != mine {
                    return;
                }
                let Some(job) = build(lab, settings, figure) else { return };
                // The view may be gone by now: every write below is a `try_`.
                let _ = runner.progress.try_set((0, job.len()));
                let _ = runner.longest_step_ms.try_set(0.0);
                run_slice(runner, generation, mine, Rc::new(RefCell::new(Some(job))));
            },
            DEBOUNCE,
        );
    });
    runner
}

/// The job for the current inputs (read untracked); `None` once the view is gone.
fn build(lab: Lab, settings: RwSignal<CurveSettings>, figure: FigureId) -> Option<Job> {
    let configs: Vec<LossConfig> =
        lab.configs.iter().map(|c| c.try_get_untracked()).collect::<Option<_>>()?;
    let settings = settings.try_get_untracked()?;
    let current = lab.current.try_get_untracked()?;
    lab.scene.try_with_untracked(|scene| sweep::job(figure, scene, &configs, &settings, current))
}

/// Runs steps while this frame's shared budget lasts (at least one step per slice is not
/// guaranteed: a chart whose turn finds the budget spent waits for the next frame), then
/// yields to the next animation frame; stops if a newer sweep started.
fn run_slice(
    runner: Runner,
    generation: Rc<RefCell<u64>>,
    mine: u64,
    job: Rc<RefCell<Option<Job>>>,
) {
    if *generation.borrow() != mine {
        return;
    }
    let start = now();
    let budget = budget_left(start);
    let finished = {
        let mut slot = job.borrow_mut();
        let Some(j) = slot.as_mut() else { return };
        let mut more = true;
        let mut longest = 0.0f64;
        while more && now() - start < budget {
            let before = now();
            more = j.step();
            longest = longest.max(now() - before);
        }
        spend(now() - start);
        if longest > runner.longest_step_ms.try_get_untracked().unwrap_or(f64::INFINITY) {
            let _ = runner.longest_step_ms.try_set(longest);
        }
        let _ = runner.progress.try_set((j.done(), j.len()));
        if more {
            None
        } else {
            slot.take()
        }
    };
    match finished {
        Some(done) => {
            let _ = runner.data.try_set(Some(done.into_data()));
            let _ = runner.running.try_set(false);
        }
        None => request_animation_frame(move || run_slice(runner, generation, mine, job)),
    }
}
