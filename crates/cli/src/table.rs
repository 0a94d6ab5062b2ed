//! Human-readable tables for `eval` on images, `dataset` and `bench`.

use crate::bench::BenchResult;
use crate::dataset::DatasetReport;
use crate::images::Report;
use losslab_core::data::SummaryRow;
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
    let size = match report.shape[..] {
        [d, _, _] => format!(
            "{d} planes of {}×{} = {} voxels (pooled: one loss over all voxels)",
            report.width, report.height, report.pixels
        ),
        _ => format!("{}×{} = {} pixels", report.width, report.height, report.pixels),
    };
    let _ = writeln!(
        out,
        "{target} vs {pred}: {size}, foreground {} px = {}% ({ratio})",
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

/// The `dataset` table: one line per image (the losses as columns), sorted by object size
/// then name, grouped by object-size bin with the bin's means and its share of the batch
/// gradient under each group, then the means over every image.
pub fn dataset(report: &DatasetReport) -> String {
    let mut out = String::new();
    let n = report.reports.len();
    let _ = writeln!(
        out,
        "{}: {n} image{}, {} loss{}; metrics at p ≥ 0.5; a 3-D volume is one image (all \
         voxels pooled) unless --slices",
        report.source,
        if n == 1 { "" } else { "s" },
        report.losses.len(),
        if report.losses.len() == 1 { "" } else { "es" },
    );
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| {
        let (ra, rb) = (&report.reports[a], &report.reports[b]);
        ra.target_pixels.cmp(&rb.target_pixels).then_with(|| ra.name.cmp(&rb.name))
    });
    let shapes: Vec<String> = report.reports.iter().map(|r| shape(&r.shape)).collect();
    let name_w = report.reports.iter().map(|r| r.name.chars().count()).chain([14]).max();
    let name_w = name_w.unwrap_or(14);
    let shape_w = shapes.iter().map(|s| s.chars().count()).chain([5]).max().unwrap_or(5);
    let widths: Vec<usize> = report.losses.iter().map(|l| l.as_str().len().max(10)).collect();
    // The metrics at p ≥ 0.5 are marked `@.5`, apart from the losses of the same name.
    let mut header = format!(
        "{:<name_w$} {:>shape_w$} {:>10} {:>7}  {:>7} {:>7} {:>7} {:>7}",
        "image", "shape", "object", "share", "dice@.5", "iou@.5", "prec@.5", "rec@.5"
    );
    for (loss, w) in report.losses.iter().zip(&widths) {
        let _ = write!(header, " {:>w$}", loss.as_str());
    }
    let _ = writeln!(out, "{header}");
    let metrics = |s: &losslab_core::data::Scores| {
        format!("{:>7.3} {:>7.3} {:>7.3} {:>7.3}", s.dice, s.iou, s.precision, s.recall)
    };
    let row_of = |row: &SummaryRow, share: bool, out: &mut String| {
        let plural = if row.images == 1 { "" } else { "s" };
        let lead = format!("  mean ({} image{plural})", row.images);
        let mut line = format!("{lead:<w$}  {}", metrics(&row.metrics), w = name_w + shape_w + 20);
        for (v, w) in row.losses.iter().zip(&widths) {
            let _ = write!(line, " {:>w$}", num(*v));
        }
        let _ = writeln!(out, "{line}");
        if !share {
            return;
        }
        let mut line = format!("{:<w$}", "  share of the gradient", w = name_w + shape_w + 53);
        for (v, w) in row.gradient_share.iter().zip(&widths) {
            let _ = write!(line, " {:>w$}", format!("{:.1}%", v * 100.0));
        }
        let _ = writeln!(out, "{line}");
    };
    for bin in &report.summary.bins {
        let Some(b) = bin.bin else { continue };
        let _ = writeln!(out, "── {} ──", b.label());
        for &i in order.iter().filter(|&&i| report.reports[i].bin() == b) {
            let r = &report.reports[i];
            let mut line = format!(
                "{:<name_w$} {:>shape_w$} {:>10} {:>6.2}%  {}",
                r.name,
                shapes[i],
                format!("{} px", r.target_pixels),
                r.share() * 100.0,
                metrics(&r.metrics)
            );
            for (l, w) in r.losses.iter().zip(&widths) {
                let _ = write!(line, " {:>w$}", num(l.value));
            }
            let _ = writeln!(out, "{line}");
        }
        row_of(bin, true, &mut out);
    }
    if n > 0 {
        let _ = writeln!(out, "── every image ──");
        row_of(&report.summary.all, false, &mut out);
    }
    out.lines().map(str::trim_end).collect::<Vec<_>>().join("\n") + "\n"
}

/// `[48, 48]` as `48×48`.
fn shape(shape: &[usize]) -> String {
    shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("×")
}
