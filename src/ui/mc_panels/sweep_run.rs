//! The class-size sweep's driver: rebuilds the sweep when an input changes (debounced) and
//! runs its job a few milliseconds per animation frame, as the curves view's charts do
//! (`curves/run.rs`). Its one effect hands each change to a timer outside the reactive
//! graph; the only signals it writes are the [`SweepRunner`]'s own.

use leptos::prelude::*;
use losslab_charts::ClassSizeFigure;
use losslab_core::multiclass::sweep::{self, ClassSizeSweep, LARGE_AREA};
use losslab_core::multiclass::McShape;
use losslab_core::sweep::{log_areas, Job};
use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

/// Builds the batch with the swept class at an area, in pixels.
pub type MakeBatch = Rc<dyn Fn(usize) -> (McShape, Vec<f64>, Vec<f64>)>;

/// Milliseconds of sweeping per animation frame.
const FRAME_BUDGET_MS: f64 = 8.0;
/// Quiet time after the last change before a sweep starts.
const DEBOUNCE: Duration = Duration::from_millis(90);
/// Log-spaced areas after the absent class (area 0).
pub const POINTS: usize = 20;

/// Why there is no sweep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// No batch maker yet.
    NoBatch,
    /// Fewer than two channels.
    FewChannels(usize),
    /// The swept channel is not one of the batch's.
    SweptMissing { swept: usize, classes: usize },
}

/// What the driver publishes.
#[derive(Debug, Clone, Copy)]
pub struct SweepRunner {
    /// The latest finished sweep, ready to draw (kept until the next one finishes).
    pub data: RwSignal<Option<ClassSizeFigure>>,
    /// `(steps done, steps)` of the running sweep.
    pub progress: RwSignal<(usize, usize)>,
    /// Whether a sweep is running.
    pub running: RwSignal<bool>,
    /// Why the inputs give no sweep, if they do not.
    pub problem: RwSignal<Option<Problem>>,
}

fn now() -> f64 {
    window().performance().map_or(0.0, |p| p.now())
}

/// The swept areas for images of `pixels` pixels: absent, then 1 to the default large area
/// (at most half the image) log-spaced.
pub fn areas(pixels: usize) -> Vec<usize> {
    let mut areas = vec![0];
    areas.extend(log_areas(LARGE_AREA.min(pixels / 2).max(1), POINTS));
    areas
}

/// The job for these inputs: the default series for `classes` channels, channel `swept`.
pub fn build(
    make_batch: Option<MakeBatch>,
    swept: usize,
    classes: usize,
) -> Result<Job<ClassSizeSweep>, Problem> {
    let make_batch = make_batch.ok_or(Problem::NoBatch)?;
    if classes < 2 {
        return Err(Problem::FewChannels(classes));
    }
    if swept >= classes {
        return Err(Problem::SweptMissing { swept, classes });
    }
    let pixels = make_batch(0).0.pixels();
    Ok(sweep::job(swept, areas(pixels), sweep::default_series(classes), make_batch))
}

/// Starts the driver: it follows the three inputs.
pub fn start(
    make_batch: Signal<Option<MakeBatch>, LocalStorage>,
    swept: Signal<usize>,
    classes: Signal<usize>,
) -> SweepRunner {
    let runner = SweepRunner {
        data: RwSignal::new(None),
        progress: RwSignal::new((0, 0)),
        running: RwSignal::new(false),
        problem: RwSignal::new(None),
    };
    let generation = Rc::new(RefCell::new(0u64));
    Effect::new(move |_| {
        let make = make_batch.get();
        let (swept, classes) = (swept.get(), classes.get());
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
                match build(make, swept, classes) {
                    Ok(job) => {
                        let _ = runner.problem.try_set(None);
                        let _ = runner.progress.try_set((0, job.len()));
                        run_slice(runner, generation, mine, Rc::new(RefCell::new(Some(job))));
                    }
                    Err(problem) => {
                        let _ = runner.problem.try_set(Some(problem));
                        let _ = runner.data.try_set(None);
                        let _ = runner.running.try_set(false);
                    }
                }
            },
            DEBOUNCE,
        );
    });
    runner
}

/// Runs steps for [`FRAME_BUDGET_MS`] (at least one), then yields to the next animation
/// frame; stops if a newer sweep started or the panel is gone.
fn run_slice(
    runner: SweepRunner,
    generation: Rc<RefCell<u64>>,
    mine: u64,
    job: Rc<RefCell<Option<Job<ClassSizeSweep>>>>,
) {
    if *generation.borrow() != mine || runner.running.try_get_untracked().is_none() {
        return;
    }
    let start = now();
    let finished = {
        let mut slot = job.borrow_mut();
        let Some(j) = slot.as_mut() else { return };
        let mut more = j.step();
        while more && now() - start < FRAME_BUDGET_MS {
            more = j.step();
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
            let figure = ClassSizeFigure::new(&done.into_data());
            let _ = runner.data.try_set(Some(figure));
            let _ = runner.running.try_set(false);
        }
        None => request_animation_frame(move || run_slice(runner, generation, mine, job)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use losslab_core::multiclass::sweep::{default_batch, DEFAULT_CONFIDENCE};

    fn maker() -> MakeBatch {
        Rc::new(|area| default_batch(area, DEFAULT_CONFIDENCE))
    }

    #[test]
    fn the_areas_start_absent_and_stay_inside_the_image() {
        let small = areas(16 * 16);
        assert_eq!(small[0], 0);
        assert_eq!(small.last().copied(), Some(128));
        assert!(small.windows(2).all(|w| w[0] < w[1]), "{small:?}");
        assert_eq!(areas(64 * 64).last().copied(), Some(LARGE_AREA));
    }

    #[test]
    fn inputs_that_cannot_sweep_say_why() {
        assert_eq!(build(None, 2, 3).err(), Some(Problem::NoBatch));
        assert_eq!(build(Some(maker()), 1, 1).err(), Some(Problem::FewChannels(1)));
        let missing = build(Some(maker()), 3, 3).err();
        assert_eq!(missing, Some(Problem::SweptMissing { swept: 3, classes: 3 }));
    }

    /// The panel's sweep is the core's: the same series and numbers as `sweep::job` run at
    /// once on the same areas.
    #[test]
    fn the_job_is_the_cores_sweep() {
        let job = build(Some(maker()), 2, 3).expect("a job");
        assert_eq!(job.len(), areas(64 * 64).len());
        let ran = job.run();
        let direct = sweep::job(2, areas(64 * 64), sweep::default_series(3), maker()).run();
        assert_eq!(ran, direct);
    }
}
