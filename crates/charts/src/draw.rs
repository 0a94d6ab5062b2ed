//! Draws a figure on any plotters backend: a title, a legend of the losses and line styles,
//! and a grid of panels (three per row at full width, fewer when narrow), each with axes, units, optional log scales, its own
//! legend where its curves need one, marks and live notes.
//!
//! Log axes are drawn by plotting `log10` of the values on a linear axis and labelling the
//! ticks with the values themselves; points ≤ 0 are left out of a log axis. Lines are clipped
//! to the frame here (Liang–Barsky), so no backend draws outside a panel.

use crate::figure::Figure;
use crate::meta::{chart_panel_key, chart_panel_meta, LegendAt, PanelMeta};
use crate::text::text_width;
use losslab_core::sweep::{Curve, Panel};
use losslab_core::LossName;
use plotters::coord::ranged1d::BoldPoints;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The font family every text uses (the browser's sans-serif; natively the embedded font
/// registered under this name).
pub const FONT: &str = "sans-serif";
/// Panels per row of a figure `width` pixels wide: 3 at the default width, fewer when narrow
/// (a panel needs about 330 pixels).
pub fn columns(width: u32) -> usize {
    (width as usize / 330).clamp(1, 3)
}
/// Default width of a figure, in pixels (the command line's).
pub const WIDTH: u32 = 1200;
/// Height of one row of panels.
pub const ROW_HEIGHT: u32 = 340;
/// Height of the title band, above the legend's rows.
pub const TITLE: u32 = 36;
/// Height of one row of the figure's legend.
pub const LEGEND_ROW: u32 = 20;
/// About how many tick labels a linear y axis has.
const Y_LABELS: usize = 6;
/// Height of one line of panel notes.
pub const NOTE_LINE: u32 = 18;

/// Where a panel's frame landed, to map a pointer back to data.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The panel's id.
    pub panel: &'static str,
    /// The plotting area in backend pixels: `(left, top, right, bottom)`.
    pub rect: (i32, i32, i32, i32),
    /// The x range shown, in axis units (`log10` of the value on a log axis).
    pub x: (f64, f64),
    /// The y range shown, in axis units.
    pub y: (f64, f64),
    /// Whether x is logarithmic.
    pub x_log: bool,
    /// Whether y is logarithmic.
    pub y_log: bool,
}

/// The size a figure is drawn at by default ([`WIDTH`] wide), its text from `tr`.
pub fn size<'a>(data: impl Into<Figure<'a>>, tr: &dyn Fn(&str) -> String) -> (u32, u32) {
    size_for(data, WIDTH, tr)
}

/// The size of a figure `width` pixels wide (its height follows the rows of panels and the
/// legend's rows, whose text is `tr`'s).
pub fn size_for<'a>(
    data: impl Into<Figure<'a>>,
    width: u32,
    tr: &dyn Fn(&str) -> String,
) -> (u32, u32) {
    let data = &data.into();
    let rows = data.panels.len().div_ceil(columns(width)).max(1) as u32;
    let notes = max_notes(data) as u32;
    (width, header_height(data, width, tr) + rows * (ROW_HEIGHT + notes * NOTE_LINE))
}

fn max_notes(data: &Figure) -> usize {
    data.panels.iter().map(|p| p.notes.len()).max().unwrap_or(0)
}

/// A loss's colour.
pub fn loss_color(loss: LossName) -> RGBColor {
    let (r, g, b) = loss.rgb();
    RGBColor(r, g, b)
}

const GREY: RGBColor = RGBColor(90, 90, 90);
const INK: RGBColor = RGBColor(30, 30, 30);

/// `c` mixed with white: `t = 0` keeps it, `t = 1` is white.
fn lighten(c: RGBColor, t: f64) -> RGBColor {
    let mix = |v: u8| (v as f64 + (255.0 - v as f64) * t).round() as u8;
    RGBColor(mix(c.0), mix(c.1), mix(c.2))
}

/// The colour of `curve`, the `k`-th of `of` curves of its loss in the panel: with more
/// than two, later ones are lighter (the first is the scene's own or the smallest γ).
fn curve_color(curve: &Curve, k: usize, of: usize) -> RGBColor {
    let base = curve.loss.map_or(GREY, loss_color);
    if of > 2 {
        lighten(base, 0.62 * k as f64 / (of - 1) as f64)
    } else {
        base
    }
}

/// A compact tick or read-out number: 3 significant digits, exponent form outside
/// `[1e-3, 1e5)`.
pub fn fmt_number(v: f64) -> String {
    if v == 0.0 || !v.is_finite() {
        return if v == 0.0 { "0".to_string() } else { v.to_string() };
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.1e}");
        return s.replace(".0e", "e");
    }
    let digits = (2 - a.log10().floor() as i32).max(0) as usize;
    let s = format!("{v:.digits$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// A linear axis's tick label: [`fmt_number`], with rounding noise next to 0 shown as 0.
fn tick_label(v: f64, span: f64, log: bool) -> String {
    if !log && v.abs() < span * 1e-9 {
        "0".to_string()
    } else {
        fmt_number(from_axis(v, log))
    }
}

/// Tick positions (axis units) of a log axis over `range`: powers of ten, every other one
/// beyond 8 decades, or 1-2-5 steps within about a decade. `None` if fewer than two fit.
pub fn log_ticks(range: (f64, f64)) -> Option<Vec<f64>> {
    let (lo, hi) = range;
    let span = hi - lo;
    let decades = (lo.ceil() as i32)..=(hi.floor() as i32);
    if span >= 1.5 {
        let step = if span > 8.0 { 2 } else { 1 };
        let decades: Vec<f64> = decades.filter(|k| k % step == 0).map(f64::from).collect();
        if decades.len() >= 2 {
            return Some(decades);
        }
    }
    let mut ticks = Vec::new();
    for k in (lo.floor() as i32)..=(hi.ceil() as i32) {
        for m in [1.0f64, 2.0, 5.0] {
            let t = f64::from(k) + m.log10();
            if (lo - 1e-9..=hi + 1e-9).contains(&t) {
                ticks.push(t.clamp(lo, hi));
            }
        }
    }
    (ticks.len() >= 2).then_some(ticks)
}

/// Every `k`-th of a log axis's decade `ticks` (those at multiples of `k` decades), the
/// smallest `k` that keeps their labels apart on a frame `width` pixels wide showing `span`
/// decades (eight decades' labels crowd a 260-pixel panel). Ticks within a decade (1-2-5)
/// are kept as they are.
pub fn thinned(ticks: Vec<f64>, width: f64, span: f64) -> Vec<f64> {
    let whole = ticks.iter().all(|t| t.fract() == 0.0);
    if !whole || ticks.len() < 3 || span <= 0.0 {
        return ticks;
    }
    let widest = ticks
        .iter()
        .map(|&t| text_width(&fmt_number(from_axis(t, true)), 13.0))
        .fold(0.0, f64::max);
    let gap = (ticks[1] - ticks[0]) * width / span;
    let step = ((widest + 8.0) / gap.max(1e-9)).ceil().max(1.0) as i32;
    if step <= 1 {
        return ticks;
    }
    let step = step * (ticks[1] - ticks[0]).round() as i32;
    let kept: Vec<f64> =
        ticks.iter().copied().filter(|t| (*t as i32).rem_euclid(step) == 0).collect();
    if kept.len() >= 2 {
        kept
    } else {
        vec![ticks[0], ticks[ticks.len() - 1]]
    }
}

/// Axis units of a value (`log10` on a log axis; `None` if a log axis cannot show it).
pub fn to_axis(v: f64, log: bool) -> Option<f64> {
    if !v.is_finite() {
        None
    } else if log {
        (v > 0.0).then(|| v.log10())
    } else {
        Some(v)
    }
}

/// The value at axis units `a`.
pub fn from_axis(a: f64, log: bool) -> f64 {
    if log {
        10f64.powf(a)
    } else {
        a
    }
}

/// `(lo, hi)` of `values`, padded by 5 % (non-degenerate).
fn fit(values: impl Iterator<Item = f64>, pad: bool) -> Option<(f64, f64)> {
    let (lo, hi) =
        values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if !lo.is_finite() || !hi.is_finite() {
        return None;
    }
    let span = if hi > lo { hi - lo } else { lo.abs().max(1e-3) };
    let p = if pad || hi <= lo { 0.05 * span } else { 0.0 };
    Some((lo - p, hi + p))
}

/// The axis ranges of a panel.
fn ranges(panel: &Panel, meta: &PanelMeta) -> ((f64, f64), (f64, f64)) {
    let points = || panel.curves.iter().flat_map(|c| c.points.iter().copied());
    let xs = points().filter_map(|(x, _)| to_axis(x, meta.x_log));
    let x = fit(xs, false).unwrap_or((0.0, 1.0));
    let in_fit = |x: f64| meta.fit_x.is_none_or(|(lo, hi)| (lo..=hi).contains(&x));
    let marks = panel.markers.iter().filter_map(|m| m.y).filter_map(|y| to_axis(y, meta.y_log));
    // Only points the x axis can show set the y range (a log axis drops x ≤ 0).
    let shown = |p: &(f64, f64)| in_fit(p.0) && to_axis(p.0, meta.x_log).is_some();
    let ys = points().filter(shown).filter_map(|(_, y)| to_axis(y, meta.y_log));
    let (lo, hi) = fit(ys.chain(marks), true).unwrap_or((0.0, 1.0));
    (x, (lo, hi + meta.headroom * (hi - lo)))
}

/// Clips the polyline `points` (axis units) to the box: the runs that lie inside.
pub fn clip(points: &[(f64, f64)], x: (f64, f64), y: (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        match clip_segment(pair[0], pair[1], x, y) {
            Some((a, b)) => {
                if current.last() != Some(&a) {
                    if current.len() > 1 {
                        runs.push(std::mem::take(&mut current));
                    }
                    current.clear();
                    current.push(a);
                }
                current.push(b);
            }
            None => {
                if current.len() > 1 {
                    runs.push(std::mem::take(&mut current));
                }
                current.clear();
            }
        }
    }
    if current.len() > 1 {
        runs.push(current);
    }
    if points.len() == 1 {
        let (px, py) = points[0];
        if (x.0..=x.1).contains(&px) && (y.0..=y.1).contains(&py) {
            runs.push(vec![points[0]]);
        }
    }
    runs
}

/// Liang–Barsky clipping of one segment.
fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    x: (f64, f64),
    y: (f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.0 - x.0), (dx, x.1 - a.0), (-dy, a.1 - y.0), (dy, y.1 - a.1)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some(((a.0 + t0 * dx, a.1 + t0 * dy), (a.0 + t1 * dx, a.1 + t1 * dy)))
}

/// The size of a title `size` pixels high at most, smaller (down to 11) where the text needs
/// it to fit `room` pixels.
fn fitted(text: &str, size: u32, room: i32) -> u32 {
    let room = f64::from(room.max(0));
    (11..=size).rev().find(|&s| text_width(text, f64::from(s)) <= room).unwrap_or(11)
}

/// A text style of `size` pixels in `color`.
fn text(size: u32, color: RGBColor) -> TextStyle<'static> {
    let mut style = TextStyle::from((FONT, size).into_font());
    style.color = color.to_backend_color();
    style
}

/// Draws `data` on `root` (sized by [`size_for`] of its width), emphasising `current`. `tr` gives the text of
/// a key of [`crate::text::ENGLISH`]. Returns where each panel's frame is.
pub fn draw<'a, DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    data: impl Into<Figure<'a>>,
    current: LossName,
    tr: &dyn Fn(&str) -> String,
) -> Result<Vec<Frame>, String> {
    let data = &data.into();
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| e.to_string();
    root.fill(&WHITE).map_err(err)?;
    let (w, _) = root.dim_in_pixel();
    let (header, body) = root.split_vertically(header_height(data, w, tr));
    let title = tr(&format!("figure.{}", data.chart.as_str()));
    let size = fitted(&title, 19, w as i32 - 24);
    header.draw_text(&title, &text(size, INK), (12, 8 + (19 - size as i32) / 2)).map_err(err)?;
    draw_legend(&header, data, current, w, tr).map_err(err)?;
    let cols = columns(w);
    let rows = data.panels.len().div_ceil(cols).max(1);
    let areas = body.split_evenly((rows, cols));
    let mut frames = Vec::new();
    for (panel, area) in data.panels.iter().zip(&areas) {
        frames.push(draw_panel(area, data, panel, current, tr).map_err(err)?);
    }
    if data.panels.iter().all(|p| p.curves.iter().all(|c| c.points.is_empty())) {
        let msg = data.notes.first().cloned().unwrap_or_else(|| tr("no-data"));
        body.draw_text(&msg, &text(16, GREY), (24, 40)).map_err(err)?;
    }
    root.present().map_err(err)?;
    Ok(frames)
}

/// One entry of the figure's legend: colour, dashed, text.
struct Entry {
    color: RGBColor,
    dashed: bool,
    text: String,
    bold: bool,
}

fn legend_entries(data: &Figure, current: LossName, tr: &dyn Fn(&str) -> String) -> Vec<Entry> {
    let mut entries: Vec<Entry> = Vec::new();
    let covered = data
        .panels
        .iter()
        .filter(|p| chart_panel_meta(data.chart, p).legend == LegendAt::None)
        .flat_map(|p| &p.curves);
    let mut losses: Vec<LossName> = Vec::new();
    let mut styles: Vec<(String, bool)> = Vec::new();
    let mut references: Vec<(String, bool)> = Vec::new();
    for curve in covered {
        match curve.loss {
            Some(l) if !losses.contains(&l) => losses.push(l),
            None if !references.iter().any(|(v, _)| v == &curve.variant) => {
                references.push((curve.variant.clone(), curve.dashed))
            }
            _ => {}
        }
        if curve.loss.is_some() && !curve.variant.is_empty() {
            let style = (curve.variant.clone(), curve.dashed);
            if !styles.contains(&style) {
                styles.push(style);
            }
        }
    }
    for l in losses {
        let bold = l == current;
        entries.push(Entry { color: loss_color(l), dashed: false, text: l.to_string(), bold });
    }
    for (variant, dashed) in styles.into_iter().chain(references) {
        let text = crate::text::variant_text(&variant, tr);
        entries.push(Entry { color: GREY, dashed, text, bold: false });
    }
    entries
}

/// Where each legend entry goes, wrapping at `width` (text widths by [`text_width`], so
/// layout needs no backend).
fn legend_places(data: &Figure, width: u32, tr: &dyn Fn(&str) -> String) -> Vec<(i32, i32)> {
    let (mut x, mut y) = (14i32, TITLE as i32);
    let mut out = Vec::new();
    for entry in legend_entries(data, LossName::Bce, tr) {
        let need = 30 + text_width(&entry.text, 15.0).ceil() as i32 + 14;
        if x + need > width as i32 - 8 && x > 14 {
            x = 14;
            y += LEGEND_ROW as i32;
        }
        out.push((x, y));
        x += need;
    }
    out
}

/// Height of the title and legend band of a figure `width` pixels wide.
pub fn header_height<'a>(
    data: impl Into<Figure<'a>>,
    width: u32,
    tr: &dyn Fn(&str) -> String,
) -> u32 {
    let data = &data.into();
    let rows = legend_places(data, width, tr)
        .last()
        .map_or(0, |&(_, y)| (y as u32 - TITLE) / LEGEND_ROW + 1);
    TITLE + rows * LEGEND_ROW + 8
}

fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Figure,
    current: LossName,
    width: u32,
    tr: &dyn Fn(&str) -> String,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let places = legend_places(data, width, tr);
    for (entry, (x, y)) in legend_entries(data, current, tr).iter().zip(places) {
        let style = text(15, INK);
        draw_sample(area, (x, y + 7), entry.color, entry.dashed, if entry.bold { 4 } else { 2 })?;
        area.draw_text(&entry.text, &style, (x + 28, y))?;
    }
    Ok(())
}

/// A 22-pixel line sample at `at` (left end, vertical middle).
fn draw_sample<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    at: (i32, i32),
    color: RGBColor,
    dashed: bool,
    width: u32,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let style = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: width };
    let (x, y) = at;
    if dashed {
        for k in 0..3 {
            area.draw(&PathElement::new(vec![(x + 8 * k, y), (x + 8 * k + 5, y)], style))?;
        }
        Ok(())
    } else {
        area.draw(&PathElement::new(vec![(x, y), (x + 22, y)], style))
    }
}

/// A panel's own legend in the `corner` of its plotting area `plot` (`left, top, right,
/// bottom` in `area`'s pixels): a line sample and a label per entry on a light box, sized by
/// [`text_width`] (the labels' size shrinks, down to 11 pixels, to fit a narrow panel).
fn draw_panel_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    plot: (i32, i32, i32, i32),
    corner: LegendAt,
    entries: &[(String, ShapeStyle, bool)],
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    if corner == LegendAt::None || entries.is_empty() {
        return Ok(());
    }
    const PAD: i32 = 6;
    const SAMPLE: i32 = 26;
    const INSET: i32 = 5;
    let (left, top, right, bottom) = plot;
    let room = right - left - 2 * INSET - 2 * PAD - SAMPLE;
    let longest = entries.iter().map(|e| &e.0).max_by_key(|t| text_width(t, 13.0) as i64);
    let size = longest.map_or(13, |t| fitted(t, 13, room));
    let widest = entries.iter().map(|e| text_width(&e.0, f64::from(size))).fold(0.0, f64::max);
    let row = size as i32 + 4;
    let (w, h) = (2 * PAD + SAMPLE + widest.ceil() as i32, 2 * PAD + row * entries.len() as i32);
    let x = match corner {
        LegendAt::UpperLeft | LegendAt::LowerLeft => left + INSET,
        _ => right - INSET - w,
    };
    let y = match corner {
        LegendAt::LowerLeft | LegendAt::LowerRight => bottom - INSET - h,
        LegendAt::MiddleRight => (top + bottom - h) / 2,
        _ => top + INSET,
    };
    area.draw(&Rectangle::new([(x, y), (x + w, y + h)], WHITE.mix(0.85).filled()))?;
    area.draw(&Rectangle::new([(x, y), (x + w, y + h)], RGBColor(200, 200, 200).stroke_width(1)))?;
    let label = text(size, INK).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (name, style, dashed)) in entries.iter().enumerate() {
        let cy = y + PAD + row * i as i32 + row / 2;
        let (sx, line) = (x + PAD, |a: i32, b: i32| vec![(x + PAD + a, cy), (x + PAD + b, cy)]);
        if *dashed {
            for (a, b) in [(0, 5), (8, 13), (16, 20)] {
                area.draw(&PathElement::new(line(a, b), *style))?;
            }
        } else {
            area.draw(&PathElement::new(vec![(sx, cy), (sx + 20, cy)], *style))?;
        }
        area.draw_text(name, &label, (x + PAD + SAMPLE, cy))?;
    }
    Ok(())
}

fn draw_panel<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    data: &Figure,
    panel: &'a Panel,
    current: LossName,
    tr: &dyn Fn(&str) -> String,
) -> Result<Frame, DrawingAreaErrorKind<DB::ErrorType>> {
    let meta = chart_panel_meta(data.chart, panel);
    let key = chart_panel_key(data.chart, panel);
    let fill = |s: String| s.replace("{param}", &panel.label);
    let notes_h = (max_notes(data) as u32) * NOTE_LINE;
    let (_, h) = area.dim_in_pixel();
    let (chart_area, notes_area) = area.split_vertically(h - notes_h);
    let (x_range, y_range) = ranges(panel, &meta);
    let x_ticks = if meta.x_log { log_ticks(x_range) } else { None };
    let y_ticks = if meta.y_log { log_ticks(y_range) } else { None };
    let x_span = x_range.1 - x_range.0;
    let y_span = y_range.1 - y_range.0;
    let x_fmt = move |v: &f64| tick_label(*v, x_span, meta.x_log);
    let y_fmt = move |v: &f64| tick_label(*v, y_span, meta.y_log);
    // The y labels' area holds the widest tick label, its gap to the axis and the rotated
    // axis description (plotters puts the labels 10 pixels from the axis).
    let y_labels: Vec<f64> = match &y_ticks {
        Some(ticks) => ticks.clone(),
        None => RangedCoordf64::from(y_range.0..y_range.1).key_points(BoldPoints(Y_LABELS)),
    };
    let widest = y_labels.iter().map(|v| text_width(&y_fmt(v), 13.0)).fold(0.0, f64::max);
    let y_area = (widest.ceil() as u32 + 10 + 6 + 18).max(48);
    let (panel_w, _) = chart_area.dim_in_pixel();
    let title = fill(tr(&format!("{key}.title")));
    let title_size = fitted(&title, 16, panel_w as i32 - 6 - 16 - 4);
    let mut chart = ChartBuilder::on(&chart_area)
        .caption(&title, text(title_size, INK))
        .margin_left(6)
        .margin_right(16)
        .margin_top(4 + 16 - title_size)
        .margin_bottom(4)
        .x_label_area_size(44)
        .y_label_area_size(y_area)
        .build_cartesian_2d(x_range.0..x_range.1, y_range.0..y_range.1)?;
    let mut mesh = chart.configure_mesh();
    if x_ticks.is_some() {
        mesh.x_labels(0).disable_x_mesh();
    } else {
        mesh.x_labels(6);
    }
    if y_ticks.is_some() {
        mesh.y_labels(0).disable_y_mesh();
    } else {
        mesh.y_labels(Y_LABELS);
    }
    mesh.x_desc(fill(tr(&format!("{key}.x"))))
        .y_desc(fill(tr(&format!("{key}.y"))))
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .label_style(text(13, GREY))
        .axis_desc_style(text(14, INK))
        .light_line_style(RGBColor(242, 242, 242))
        .bold_line_style(RGBColor(222, 222, 222))
        .axis_style(RGBColor(150, 150, 150))
        .draw()?;
    let base = chart_area.get_base_pixel();
    let local = |p: (i32, i32)| (p.0 - base.0, p.1 - base.1);
    let grid = RGBColor(226, 226, 226).stroke_width(1);
    let (plot_w, _) = chart.plotting_area().dim_in_pixel();
    let x_ticks = x_ticks.map(|ticks| thinned(ticks, f64::from(plot_w), x_span));
    for &t in x_ticks.iter().flatten() {
        chart.draw_series(LineSeries::new(vec![(t, y_range.0), (t, y_range.1)], grid))?;
        let at = local(chart.backend_coord(&(t, y_range.0)));
        let label = fmt_number(from_axis(t, true));
        // The last label is centred on the frame's right end: keep it inside the panel.
        let half = (text_width(&label, 13.0) / 2.0).ceil() as i32;
        let x = at.0.min(panel_w as i32 - 1 - half);
        let style = text(13, GREY).pos(Pos::new(HPos::Center, VPos::Top));
        chart_area.draw_text(&label, &style, (x, at.1 + 6))?;
    }
    for &t in y_ticks.iter().flatten() {
        chart.draw_series(LineSeries::new(vec![(x_range.0, t), (x_range.1, t)], grid))?;
        let at = local(chart.backend_coord(&(x_range.0, t)));
        let style = text(13, GREY).pos(Pos::new(HPos::Right, VPos::Center));
        chart_area.draw_text(&fmt_number(from_axis(t, true)), &style, (at.0 - 6, at.1))?;
    }
    let counts = |loss: Option<LossName>| panel.curves.iter().filter(|c| c.loss == loss).count();
    // A panel whose curves all belong to one loss names them by their variant only.
    let one_loss = panel.curves.iter().all(|c| c.loss.is_some() && c.loss == panel.curves[0].loss);
    let legend_label = |c: &Curve| crate::text::curve_label(c, tr, one_loss);
    let mut seen: Vec<(Option<LossName>, usize)> = Vec::new();
    // The panel legend's entries: label, line style, dashed.
    let mut entries: Vec<(String, ShapeStyle, bool)> = Vec::new();
    for curve in &panel.curves {
        let k = match seen.iter_mut().find(|(l, _)| *l == curve.loss) {
            Some((_, n)) => {
                *n += 1;
                *n - 1
            }
            None => {
                seen.push((curve.loss, 1));
                0
            }
        };
        let color = curve_color(curve, k, counts(curve.loss));
        let width = if curve.loss == Some(current) { 3 } else { 2 };
        let style = ShapeStyle { color: color.to_rgba(), filled: false, stroke_width: width };
        let axis: Vec<(f64, f64)> = curve
            .points
            .iter()
            .filter_map(|&(x, y)| Some((to_axis(x, meta.x_log)?, to_axis(y, meta.y_log)?)))
            .collect();
        let runs = clip(&axis, x_range, y_range);
        for (r, run) in runs.iter().enumerate() {
            if run.len() == 1 {
                chart.draw_series(std::iter::once(Circle::new(run[0], 3, style.filled())))?;
            } else if curve.dashed {
                chart.draw_series(DashedLineSeries::new(run.clone(), 7, 5, style))?;
            } else {
                chart.draw_series(LineSeries::new(run.clone(), style))?;
            }
            if r == 0 && meta.legend != LegendAt::None {
                entries.push((legend_label(curve), style, curve.dashed));
            }
        }
    }
    // Marks' labels already drawn: several losses at the same current value (smooth 1,
    // w_dice 1) would print the same label on one another; one is enough.
    let mut labelled: Vec<(&str, (i32, i32))> = Vec::new();
    let mut fresh = |label: &'a str, pos: (i32, i32)| {
        let width = text_width(label, 14.0) as i32 + 4;
        let overlaps = |p: &(i32, i32)| (p.0 - pos.0).abs() < width && (p.1 - pos.1).abs() < 16;
        let repeated = labelled.iter().any(|(l, p)| *l == label && overlaps(p));
        labelled.push((label, pos));
        !repeated
    };
    for m in &panel.markers {
        let color = m.loss.map_or(GREY, loss_color);
        let Some(mx) = to_axis(m.x, meta.x_log) else { continue };
        if !(x_range.0..=x_range.1).contains(&mx) {
            continue;
        }
        match m.y.and_then(|y| to_axis(y, meta.y_log)) {
            Some(my) if (y_range.0..=y_range.1).contains(&my) => {
                chart.draw_series(std::iter::once(Circle::new((mx, my), 5, color.filled())))?;
                chart.draw_series(std::iter::once(Circle::new(
                    (mx, my),
                    5,
                    INK.stroke_width(1),
                )))?;
                let pos = local(chart.backend_coord(&(mx, my)));
                if fresh(&m.label, pos) {
                    chart_area.draw_text(&m.label, &text(14, INK), (pos.0 + 8, pos.1 - 18))?;
                }
            }
            _ => {
                let line = vec![(mx, y_range.0), (mx, y_range.1)];
                chart.draw_series(DashedLineSeries::new(line, 4, 4, color.stroke_width(1)))?;
                let pos = local(chart.backend_coord(&(mx, y_range.1)));
                if fresh(&m.label, pos) {
                    chart_area.draw_text(&m.label, &text(13, color), (pos.0 + 4, pos.1 + 2))?;
                }
            }
        }
    }
    let (xs, ys) = chart.plotting_area().get_pixel_range();
    let plot = (xs.start - base.0, ys.start - base.1, xs.end - base.0, ys.end - base.1);
    draw_panel_legend(&chart_area, plot, meta.legend, &entries)?;
    let (notes_w, _) = notes_area.dim_in_pixel();
    for (i, note) in panel.notes.iter().enumerate() {
        let size = fitted(note, 13, notes_w as i32 - 24);
        notes_area.draw_text(note, &text(size, INK), (12, i as i32 * NOTE_LINE as i32))?;
    }
    Ok(Frame {
        panel: panel.id,
        rect: (xs.start, ys.start, xs.end, ys.end),
        x: x_range,
        y: y_range,
        x_log: meta.x_log,
        y_log: meta.y_log,
    })
}
