//! What every sweep shares: a loss's configuration by name, one checked evaluation, and the
//! spacing of the x values. Its own file so that the sweeps and `sweep/mod.rs` (which
//! re-exports it and dispatches to the sweeps) point one way.

use crate::eval::{Evaluation, Loss};
use crate::input::Binary;
use crate::params::{LossConfig, LossName};

/// The configuration of `name` among `configs` (one per loss, any order); the defaults if
/// absent.
pub fn config_of(configs: &[LossConfig], name: LossName) -> LossConfig {
    configs
        .iter()
        .find(|c| c.name() == name)
        .copied()
        .unwrap_or_else(|| LossConfig::default_for(name))
}

/// Evaluates `config` on `(target, prob)`, an image `width` pixels wide, into `out`; `false`
/// (and `out` untouched) if the configuration or the input is invalid.
pub fn evaluate(
    config: &LossConfig,
    target: &[f64],
    prob: &[f64],
    width: usize,
    out: &mut Evaluation<f64>,
) -> bool {
    let input = Binary::new(target, prob)
        .and_then(|input| input.with_shape(target.len() / width.max(1), width));
    match (Loss::new(*config), input) {
        (Ok(loss), Ok(input)) => {
            loss.evaluate_into(input, out);
            true
        }
        _ => false,
    }
}

/// `count` values from `lo` to `hi` (both > 0), evenly spaced on a log axis; the ends are
/// exactly `lo` and `hi` (`exp(ln 100)` is above 100, which top-k's `k` refuses).
pub fn log_space(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if count < 2 {
        return vec![lo];
    }
    let (a, b) = (lo.ln(), hi.ln());
    let last = count - 1;
    (0..count)
        .map(|k| match k {
            0 => lo,
            k if k == last => hi,
            k => (a + (b - a) * k as f64 / last as f64).exp(),
        })
        .collect()
}

/// `count` values from `lo` to `hi`, evenly spaced.
pub fn lin_space(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    if count < 2 {
        return vec![lo];
    }
    (0..count).map(|k| lo + (hi - lo) * k as f64 / (count - 1) as f64).collect()
}

/// Object areas from 1 pixel to `max` (inclusive), about `count` of them log-spaced, each
/// once.
pub fn log_areas(max: usize, count: usize) -> Vec<usize> {
    let mut areas: Vec<usize> =
        log_space(1.0, max.max(1) as f64, count).iter().map(|a| a.round() as usize).collect();
    areas.dedup();
    areas
}
