//! Human-readable tables for `eval` on images and for `bench`.

use crate::bench::BenchResult;
use crate::images::Report;
use std::fmt::Write;

/// A number in 10 characters or fewer: fixed for moderate magnitudes, scientific otherwise.
pub fn num(x: f64) -> String {
    let a = x.abs();
    if x == 0.0 {
        "0".to_string()
    } else if (1e-3..1e5).contains(&a) {
        format!("{x:.6}")
    } else {
        format!("{x:.3e}")
    }
}

/// The `eval --target --pred` table: a header line, then one aligned row per loss.
pub fn report(report: &Report, target: &str, pred: &str) -> String {
    let mut out = String::new();
    let ratio = match report.background_per_foreground {
        Some(n) => format!("1:{}", trim(n)),
        None => "no foreground".to_string(),
    };
    let _ = writeln!(
        out,
        "{target} vs {pred}: {}×{} = {} pixels, foreground {} px = {}% ({ratio})",
        report.width,
        report.height,
        report.pixels,
        report.foreground_pixels,
        trim(report.foreground_fraction * 100.0),
    );
    let _ = writeln!(
        out,
        "{:<24} {:>11} {:>18} {:>18} {:>9}  notes",
        "loss", "value", "max|∂L/∂z| target", "max|∂L/∂z| bg", "bg share"
    );
    for row in &report.results {
        let mut notes = Vec::new();
        if let Some(p) = row.parts {
            notes.push(format!("bce {} dice {}", num(p.bce), num(p.dice_loss)));
        }
        if let Some(w) = &row.class_weights {
            let w: Vec<String> = w.iter().map(|&x| num(x)).collect();
            notes.push(format!("w [{}]", w.join(", ")));
        }
        if row.zero_over_zero {
            notes.push("0/0 → 0".to_string());
        }
        let _ = writeln!(
            out,
            "{:<24} {:>11} {:>18} {:>18} {:>8.2}%  {}",
            row.loss.as_str(),
            num(row.value),
            num(row.max_abs_grad_logit_target),
            num(row.max_abs_grad_logit_background),
            row.background_share * 100.0,
            notes.join("; "),
        );
    }
    out.lines().map(str::trim_end).collect::<Vec<_>>().join("\n") + "\n"
}

/// The `bench` table.
pub fn bench(size: usize, results: &[BenchResult]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{size}×{size} image ({} pixels), f32 buffers, one thread, median of repeats",
        size * size
    );
    let _ = writeln!(out, "{:<24} {:>12} {:>14} {:>8}", "loss", "ns/pixel", "median ms", "repeats");
    for r in results {
        let _ = writeln!(
            out,
            "{:<24} {:>12.3} {:>14.3} {:>8}",
            r.loss.as_str(),
            r.ns_per_pixel,
            r.median_ns / 1e6,
            r.repeats
        );
    }
    out
}

/// A figure with at most 4 decimals and no trailing zeros (`93.75`, `15`, `0.0034`).
fn trim(x: f64) -> String {
    if x != 0.0 && x.abs() < 1e-4 {
        return format!("{x:.2e}");
    }
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}
