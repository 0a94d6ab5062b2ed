//! A small line chart drawn with the canvas 2D context: axes with round ticks, linear or
//! logarithmic y, one polyline per series (gaps at non-finite points), sized to the
//! canvas' CSS box at the device pixel ratio.

use super::super::hidpi::{device_pixel_ratio, scaled_context};
use web_sys::HtmlCanvasElement;

/// One line.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// CSS colour.
    pub color: String,
    /// `(x, y)` points in order of x.
    pub points: Vec<(f64, f64)>,
    /// Dashed instead of solid.
    pub dashed: bool,
    /// How it stands out among many (a runner picked in the legend).
    pub stroke: Stroke,
}

/// How strongly a line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stroke {
    /// As every line.
    #[default]
    Normal,
    /// Thicker, drawn over the others.
    Strong,
    /// Pale, behind the others.
    Faded,
}

/// A chart: its series and axes.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    /// The x axis runs from 0 to this.
    pub x_max: f64,
    /// Logarithmic y axis (non-positive values are skipped).
    pub log_y: bool,
    /// A fixed y range; otherwise the data's.
    pub y_range: Option<(f64, f64)>,
    /// The lines.
    pub series: Vec<Series>,
}

/// Grid lines, tick labels and the frame (the page's `--line`/`--muted` tones).
const GRID: &str = "#e6e9ef";
const INK: &str = "#687085";
const FRAME: &str = "#9aa1ae";

const LEFT: f64 = 46.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 6.0;
const BOTTOM: f64 = 20.0;

/// Round tick positions covering `[lo, hi]`, about `count` of them.
fn ticks(lo: f64, hi: f64, count: usize) -> Vec<f64> {
    let span = (hi - lo).max(1e-12);
    let raw = span / count.max(1) as f64;
    let mag = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .into_iter()
        .map(|m| m * mag)
        .find(|&s| s >= raw)
        .unwrap_or(mag * 10.0);
    let mut out = Vec::new();
    let mut t = (lo / step).ceil() * step;
    while t <= hi + step * 1e-9 {
        out.push(if t.abs() < step * 1e-9 { 0.0 } else { t });
        t += step;
    }
    out
}

fn label(v: f64) -> String {
    if v == 0.0 {
        "0".into()
    } else if v.abs() >= 1e4 || v.abs() < 1e-2 {
        format!("{v:.0e}")
    } else {
        let s = format!("{v:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// The y range of the data (in log10 units for a log axis).
fn y_extent(chart: &Chart) -> (f64, f64) {
    if let Some((lo, hi)) = chart.y_range {
        return if chart.log_y { (lo.log10(), hi.log10()) } else { (lo, hi) };
    }
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for s in &chart.series {
        for &(_, y) in &s.points {
            let y = if chart.log_y {
                if y > 0.0 {
                    y.log10()
                } else {
                    continue;
                }
            } else {
                y
            };
            if y.is_finite() {
                lo = lo.min(y);
                hi = hi.max(y);
            }
        }
    }
    if !lo.is_finite() {
        return (0.0, 1.0);
    }
    if chart.log_y {
        // Whole decades, with a twentieth of a decade of room so that a line at a decade
        // (a Dice part at 0.998) is not drawn on the frame.
        let (lo, hi) = ((lo - 0.05).floor(), (hi + 0.05).ceil());
        (lo, hi.max(lo + 1.0))
    } else {
        let pad = ((hi - lo) * 0.05).max(1e-6);
        (if lo >= 0.0 { 0.0f64.max(lo - pad) } else { lo - pad }, hi + pad)
    }
}

/// Draws `chart` into `canvas`.
pub fn draw(canvas: &HtmlCanvasElement, chart: &Chart) -> Option<()> {
    let (w, h) = (canvas.client_width().max(100) as f64, canvas.client_height().max(60) as f64);
    let ctx = scaled_context(canvas, (w, h), device_pixel_ratio()).ok()?;
    ctx.clear_rect(0.0, 0.0, w, h);
    let (x0, x1) = (LEFT, w - RIGHT);
    let (y0, y1) = (h - BOTTOM, TOP);
    let x_max = chart.x_max.max(1.0);
    let (lo, hi) = y_extent(chart);
    let px = |x: f64| x0 + (x1 - x0) * x / x_max;
    let py = |y: f64| y0 + (y1 - y0) * (y - lo) / (hi - lo).max(1e-12);

    // Grid and tick labels.
    ctx.set_font("10px sans-serif");
    ctx.set_line_width(1.0);
    ctx.set_stroke_style_str(GRID);
    ctx.set_fill_style_str(INK);
    ctx.set_text_align("right");
    ctx.set_text_baseline("middle");
    let y_ticks: Vec<f64> = if chart.log_y {
        (lo as i32..=hi as i32).map(f64::from).collect()
    } else {
        ticks(lo, hi, 4)
    };
    for t in y_ticks {
        let y = py(t).round() + 0.5;
        ctx.begin_path();
        ctx.move_to(x0, y);
        ctx.line_to(x1, y);
        ctx.stroke();
        let text = if chart.log_y { label(10f64.powf(t)) } else { label(t) };
        ctx.fill_text(&text, x0 - 4.0, y).ok()?;
    }
    ctx.set_text_align("center");
    ctx.set_text_baseline("top");
    for t in ticks(0.0, x_max, 5) {
        let x = px(t).round() + 0.5;
        ctx.begin_path();
        ctx.move_to(x, y0);
        ctx.line_to(x, y0 + 3.0);
        ctx.stroke();
        // Centred under its tick, but kept inside the canvas (the last one, "300", was cut).
        let text = label(t);
        let half = ctx.measure_text(&text).map_or(0.0, |m| m.width() / 2.0);
        ctx.fill_text(&text, x.min(w - 2.0 - half), y0 + 5.0).ok()?;
    }
    ctx.set_stroke_style_str(FRAME);
    ctx.stroke_rect(x0 + 0.5, y1 + 0.5, x1 - x0, y0 - y1);

    // The lines, clipped to the plot, at most about two points per CSS pixel.
    ctx.save();
    ctx.begin_path();
    ctx.rect(x0, y1, x1 - x0, y0 - y1);
    ctx.clip();
    ctx.set_line_join("round");
    // Faded lines first, the strong one last: a picked runner is drawn over the others.
    let mut order: Vec<&Series> = chart.series.iter().collect();
    order.sort_by_key(|s| match s.stroke {
        Stroke::Faded => 0,
        Stroke::Normal => 1,
        Stroke::Strong => 2,
    });
    for s in order {
        ctx.set_stroke_style_str(&s.color);
        let (width, alpha) = match s.stroke {
            Stroke::Normal => (1.5, 1.0),
            Stroke::Strong => (2.75, 1.0),
            Stroke::Faded => (1.25, 0.2),
        };
        ctx.set_line_width(width);
        ctx.set_global_alpha(alpha);
        let dash = js_sys::Array::new();
        if s.dashed {
            dash.push(&5.0.into());
            dash.push(&3.0.into());
        }
        ctx.set_line_dash(&dash).ok()?;
        let stride = (s.points.len() as f64 / (2.0 * (x1 - x0))).ceil().max(1.0) as usize;
        ctx.begin_path();
        let mut pen = false;
        for (i, &(x, y)) in s.points.iter().enumerate() {
            if i % stride != 0 && i + 1 != s.points.len() {
                continue;
            }
            let y = if chart.log_y {
                if y > 0.0 {
                    y.log10()
                } else {
                    f64::NAN
                }
            } else {
                y
            };
            if !y.is_finite() {
                pen = false;
                continue;
            }
            if pen {
                ctx.line_to(px(x), py(y));
            } else {
                ctx.move_to(px(x), py(y));
                pen = true;
            }
        }
        ctx.stroke();
    }
    ctx.restore();
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_ticks() {
        assert_eq!(ticks(0.0, 1.0, 4), [0.0, 0.25, 0.5, 0.75, 1.0]);
        assert_eq!(ticks(0.0, 300.0, 5), [0.0, 100.0, 200.0, 300.0]);
        assert_eq!(label(0.25), "0.25");
        assert_eq!(label(100.0), "100");
        assert_eq!(label(0.001), "1e-3");
    }

    #[test]
    fn log_extent_leaves_room_above_a_line_at_a_decade() {
        let series =
            |points| Series { color: String::new(), points, dashed: false, stroke: Stroke::Normal };
        let chart = Chart {
            log_y: true,
            series: vec![series(vec![(1.0, 0.998), (2.0, 2e-5)])],
            ..Chart::default()
        };
        // log10(0.998) ≈ −0.0009 lies within a twentieth of the decade 10⁰: the top is 10¹.
        assert_eq!(y_extent(&chart), (-5.0, 1.0));
        let inside = Chart { series: vec![series(vec![(1.0, 0.5), (2.0, 0.02)])], ..chart };
        assert_eq!(y_extent(&inside), (-2.0, 0.0));
    }
}
