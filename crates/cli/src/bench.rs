//! `losslab bench`: time value + both gradients of every loss on an N×N image with a tiny
//! object, in f32 buffers, one thread, no allocation in the timed loop.

use crate::error::CliError;
use losslab_core::{Binary, Evaluation, Loss, LossName};
use serde::Serialize;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Largest accepted `--size`.
pub const MAX_SIZE: u64 = 8192;

/// Default time budget per loss when `--repeats` is not given.
pub const TARGET_TIME: Duration = Duration::from_millis(200);

/// Fewest and most timed runs per loss chosen automatically.
const MIN_REPEATS: usize = 5;
const MAX_REPEATS: usize = 100_000;

/// One loss' timing.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BenchResult {
    /// The loss.
    pub loss: LossName,
    /// Median time of one evaluation divided by the number of pixels, in nanoseconds.
    pub ns_per_pixel: f64,
    /// Median time of one evaluation, in nanoseconds.
    pub median_ns: f64,
    /// Number of timed runs.
    pub repeats: usize,
    /// The loss value on the bench image (so the work is visible, and checkable).
    pub value: f64,
}

/// The `--json` output of `bench`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BenchReport {
    /// The image side `N`.
    pub size: usize,
    /// One result per loss, in the order of `losses.md`.
    pub results: Vec<BenchResult>,
}

/// Checks `--size` (1..=8192) and `--repeats` (≥ 1).
pub fn check_args(size: u64, repeats: Option<u64>) -> Result<(usize, Option<usize>), CliError> {
    if !(1..=MAX_SIZE).contains(&size) {
        return Err(CliError::usage(format!("--size {size}: must be between 1 and {MAX_SIZE}")));
    }
    let repeats = match repeats {
        Some(0) => return Err(CliError::usage("--repeats 0: must be at least 1")),
        Some(r) if r > MAX_REPEATS as u64 => {
            return Err(CliError::usage(format!("--repeats {r}: must be at most {MAX_REPEATS}")))
        }
        Some(r) => Some(r as usize),
        None => None,
    };
    Ok((size as usize, repeats))
}

/// The bench image: a disc of 9 pixels (`dx² + dy² ≤ 2`) in the middle of an `n × n` image,
/// and a soft prediction: background ≈ 0.01, object ≈ 0.8, with a little deterministic
/// texture, always strictly inside (1e-7, 1 − 1e-7).
pub fn scene(n: usize) -> (Vec<f32>, Vec<f32>) {
    let c = (n / 2) as i64;
    let mut target = Vec::with_capacity(n * n);
    let mut prob = Vec::with_capacity(n * n);
    let mut state: u32 = 0x9E37_79B9;
    for row in 0..n as i64 {
        for col in 0..n as i64 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let noise = (state >> 8) as f32 / (1u32 << 24) as f32 - 0.5; // [-0.5, 0.5)
            let d2 = (row - c).pow(2) + (col - c).pow(2);
            if d2 <= 2 {
                target.push(1.0);
                prob.push(0.8 + 0.1 * noise);
            } else {
                target.push(0.0);
                prob.push(0.01 + 0.01 * noise);
            }
        }
    }
    (target, prob)
}

/// Times every loss on an `n × n` scene: warm-up, then the median of `repeats` timed runs
/// (by default as many as fit in about 0.2 s, at least 5).
pub fn run(n: usize, repeats: Option<usize>) -> Result<BenchReport, CliError> {
    let (target, prob) = scene(n);
    // Two inputs in turn, one background pixel apart, so clDice's memo of its last input
    // (which serves Dice + clDice on the same input) never answers: every run is timed whole.
    let mut other = prob.clone();
    other[0] *= 0.5;
    let [first, second] = [&prob, &other].map(|prob| {
        Binary::new(&target, prob)
            .and_then(|input| input.with_shape(n, n))
            .map_err(|e| CliError::internal(format!("bench scene: {e}")))
    });
    let inputs = [first?, second?];
    let mut turn = 0;
    let mut input = move || {
        turn ^= 1;
        inputs[turn]
    };
    let mut eval = Evaluation::<f32>::new();
    let mut times = Vec::new();
    let mut results = Vec::with_capacity(LossName::ALL.len());
    for name in LossName::ALL {
        let loss = Loss::default_for(name);
        let warm_start = Instant::now();
        let mut warm_runs = 0u32;
        while warm_runs < 3
            || (warm_start.elapsed() < Duration::from_millis(20) && warm_runs < 1000)
        {
            loss.evaluate_into(black_box(input()), &mut eval);
            black_box(&eval);
            warm_runs += 1;
        }
        let per_run = warm_start.elapsed().as_secs_f64() / f64::from(warm_runs);
        let count = repeats.unwrap_or_else(|| {
            let fit = (TARGET_TIME.as_secs_f64() / per_run.max(1e-9)).ceil() as usize;
            fit.clamp(MIN_REPEATS, MAX_REPEATS)
        });
        times.clear();
        times.reserve(count);
        for _ in 0..count {
            let start = Instant::now();
            loss.evaluate_into(black_box(input()), &mut eval);
            black_box(&eval);
            times.push(start.elapsed().as_nanos() as f64);
        }
        let median = median(&mut times);
        results.push(BenchResult {
            loss: name,
            ns_per_pixel: median / (n * n) as f64,
            median_ns: median,
            repeats: count,
            value: eval.value,
        });
    }
    Ok(BenchReport { size: n, results })
}

/// The median of `values` (sorted in place); 0 for none.
fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    match values.len() {
        0 => 0.0,
        len if len % 2 == 1 => values[len / 2],
        len => 0.5 * (values[len / 2 - 1] + values[len / 2]),
    }
}
