//! Each loss against object size over the data set (the size sweep, on real data): one point
//! per image and loss, x the object's pixels on a log scale with 0 drawn at the left edge
//! (past a break in the axis), y the loss value, or the image's share of the batch gradient
//! when the table shows shares. Drawn with plotters on a canvas at the device pixel ratio;
//! the legend is HTML under it.

use super::context::DataCtx;
use super::model::Results;
use crate::ui::hidpi::{device_pixel_ratio, resized, scaled_context};
use crate::ui::i18n::{k, text, tr, I18n, Lang};
use leptos::html;
use leptos::prelude::*;
use losslab_core::LossName;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Height of the chart, in CSS pixels.
const HEIGHT: u32 = 320;

/// The points of one loss: `(object pixels, y)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The loss.
    pub loss: LossName,
    /// One point per image.
    pub points: Vec<(usize, f64)>,
}

/// The series of `losses` over `results`' images (y: the value, or the share in % of the
/// batch gradient).
pub fn series(results: &Results, losses: &[LossName], shares: bool) -> Vec<Series> {
    losses
        .iter()
        .map(|&loss| Series {
            loss,
            points: results
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let y = if shares {
                        100.0 * results.share(loss, i)
                    } else {
                        item.report.value(loss).unwrap_or(f64::NAN)
                    };
                    (item.report.target_pixels, y)
                })
                .filter(|(_, y)| y.is_finite())
                .collect(),
        })
        .collect()
}

/// The x axis: decades `lo..=hi` of object pixels, and where 0 is drawn (left of the
/// break) when an image has no object pixel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct XAxis {
    /// The first decade (`10^lo` pixels).
    pub lo: i32,
    /// The last decade.
    pub hi: i32,
    /// The position of 0, if shown.
    pub zero: Option<f64>,
}

impl XAxis {
    /// The axis for objects of these sizes.
    pub fn of(sizes: impl Iterator<Item = usize> + Clone) -> XAxis {
        let nonzero = sizes.clone().filter(|&s| s > 0);
        let lo = nonzero.clone().min().map_or(0, |s| (s as f64).log10().floor() as i32);
        let hi = nonzero.max().map_or(1, |s| (s as f64).log10().ceil() as i32).max(lo + 1);
        let zero = sizes.clone().any(|s| s == 0).then_some(f64::from(lo) - 0.7);
        XAxis { lo, hi, zero }
    }

    /// Where `pixels` is drawn.
    pub fn at(&self, pixels: usize) -> f64 {
        if pixels == 0 {
            self.zero.unwrap_or(f64::from(self.lo))
        } else {
            (pixels as f64).log10()
        }
    }

    /// The range shown.
    pub fn range(&self) -> (f64, f64) {
        (self.zero.unwrap_or(f64::from(self.lo)) - 0.2, f64::from(self.hi) + 0.1)
    }
}

/// `1`, `10`, `100`, `1,000`, then `10⁴` and up.
fn decade_label(k: i32) -> String {
    match k {
        0 => "1".into(),
        1 => "10".into(),
        2 => "100".into(),
        3 => "1,000".into(),
        _ => {
            let sup: String = k
                .to_string()
                .chars()
                .map(|c| match c {
                    '0' => '⁰',
                    '1' => '¹',
                    '2' => '²',
                    '3' => '³',
                    '4' => '⁴',
                    '5' => '⁵',
                    '6' => '⁶',
                    '7' => '⁷',
                    '8' => '⁸',
                    _ => '⁹',
                })
                .collect();
            format!("10{sup}")
        }
    }
}

const INK: RGBColor = RGBColor(0x1d, 0x23, 0x30);
const MUTED: RGBColor = RGBColor(0x68, 0x70, 0x85);
const GRID: RGBColor = RGBColor(0xe6, 0xe9, 0xef);

/// Draws the series on `canvas`, `width` CSS pixels wide.
fn draw(
    canvas: &HtmlCanvasElement,
    data: &[Series],
    shares: bool,
    lang: Lang,
    width: u32,
) -> Result<(), String> {
    let (w, h) = (width.max(280), HEIGHT);
    let err = |e: &dyn std::fmt::Debug| format!("{e:?}");
    scaled_context(canvas, (f64::from(w), f64::from(h)), device_pixel_ratio())
        .map_err(|e| err(&e))?;
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2d context")?;
    let root = backend.into_drawing_area().shrink((0, 0), (w, h));
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let axis = XAxis::of(
        data.iter().flat_map(|s| s.points.iter().map(|p| p.0)).collect::<Vec<_>>().into_iter(),
    );
    let ys = data.iter().flat_map(|s| s.points.iter().map(|p| p.1));
    let (mut y0, mut y1) = ys.fold((0.0f64, f64::NEG_INFINITY), |(a, b), y| (a.min(y), b.max(y)));
    if !y1.is_finite() || y1 <= y0 {
        y1 = y0 + 1.0;
    }
    let pad = (y1 - y0) * 0.06;
    y1 += pad;
    if y0 < 0.0 {
        y0 -= pad;
    }
    let (x0, x1) = axis.range();
    let font = ("sans-serif", 12).into_font();
    let y_desc =
        text(lang, if shares { k("data.chart.y_shares") } else { k("data.chart.y_values") });
    let mut chart = ChartBuilder::on(&root)
        .margin_top(10)
        .margin_right(14)
        .margin_left(6)
        .x_label_area_size(44)
        .y_label_area_size(62)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&|_| String::new())
        .set_tick_mark_size(LabelAreaPosition::Bottom, 0)
        .y_labels(6)
        .y_label_formatter(&|v| crate::ui::format::sig(*v, 3))
        .label_style(font.clone().color(&MUTED))
        .axis_desc_style(font.clone().color(&INK))
        .y_desc(y_desc)
        .light_line_style(TRANSPARENT)
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .draw()
        .map_err(|e| err(&e))?;
    // Decade grid lines and labels, and 0 left of a break.
    let label_style = font.clone().color(&MUTED).pos(Pos::new(HPos::Center, VPos::Top));
    let mut ticks: Vec<(f64, String)> =
        (axis.lo..=axis.hi).map(|k| (f64::from(k), decade_label(k))).collect();
    if let Some(zero) = axis.zero {
        ticks.push((zero, "0".into()));
    }
    for (x, label) in &ticks {
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(*x, y0), (*x, y1)], GRID)))
            .map_err(|e| err(&e))?;
        let (px, py) = chart.backend_coord(&(*x, y0));
        root.draw(&Text::new(label.clone(), (px, py + 6), label_style.clone()))
            .map_err(|e| err(&e))?;
    }
    if let Some(zero) = axis.zero {
        // The break between 0 and the first decade: two short slanted strokes on the axis.
        let mid = (zero + f64::from(axis.lo)) / 2.0;
        let (px, py) = chart.backend_coord(&(mid, y0));
        for dx in [-3, 3] {
            root.draw(&PathElement::new(
                vec![(px + dx - 3, py + 5), (px + dx + 3, py - 5)],
                MUTED.stroke_width(1),
            ))
            .map_err(|e| err(&e))?;
        }
    }
    let (_, bottom) = chart.backend_coord(&(x0, y0));
    let x_desc = text(lang, k("data.chart.x"));
    root.draw(&Text::new(
        x_desc,
        ((w as i32 + 62) / 2, bottom + 24),
        font.clone().color(&INK).pos(Pos::new(HPos::Center, VPos::Top)),
    ))
    .map_err(|e| err(&e))?;
    if shares {
        chart
            .draw_series(std::iter::once(PathElement::new(vec![(x0, 0.0), (x1, 0.0)], MUTED)))
            .map_err(|e| err(&e))?;
    }
    for s in data {
        let (r, g, b) = s.loss.rgb();
        let color = RGBColor(r, g, b);
        chart
            .draw_series(
                s.points
                    .iter()
                    .map(|&(px, y)| Circle::new((axis.at(px), y), 3, color.mix(0.85).filled())),
            )
            .map_err(|e| err(&e))?;
    }
    root.present().map_err(|e| err(&e))?;
    Ok(())
}

/// The chart and its legend.
#[component]
pub fn SizeChart() -> impl IntoView {
    let ctx = expect_context::<DataCtx>();
    let i18n = expect_context::<I18n>();
    let canvas = NodeRef::<html::Canvas>::new();
    let size = resized();
    Effect::new(move |_| {
        size.track();
        let lang = i18n.lang.get();
        let shares = ctx.show_shares.get();
        let losses = ctx.group.get().losses();
        let data = ctx.results.with(|r| series(r, losses, shares));
        let Some(el) = canvas.get() else { return };
        let width = el.parent_element().map_or(0, |p| p.client_width()).max(0) as u32;
        let _ = draw(&el, &data, shares, lang, width);
    });
    let label = move || {
        let images = ctx.results.with(|r| r.items.len()).to_string();
        let y = i18n.t(if ctx.show_shares.get() {
            "data.chart.y_shares"
        } else {
            "data.chart.y_values"
        });
        i18n.fill("data.chart.label", &[("n", &images), ("y", y)])
    };
    let legend = move || {
        ctx.group
            .get()
            .losses()
            .iter()
            .map(|&l| {
                let style = format!("background:{}", l.css_color());
                view! { <li><span class="swatch" style=style></span><code>{l.as_str()}</code></li> }
            })
            .collect::<Vec<_>>()
    };
    view! {
        <figure class="data-chart panel">
            <figcaption><h3>{tr("data.chart.title")}</h3></figcaption>
            <div class="data-chart-box">
                <canvas node_ref=canvas data-testid="data-chart" role="img" aria-label=label></canvas>
            </div>
            <ul class="data-legend">{legend}</ul>
        </figure>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_spans_the_decades_and_puts_zero_left_of_the_first() {
        let axis = XAxis::of([0usize, 3, 40, 300, 1200].into_iter());
        assert_eq!((axis.lo, axis.hi), (0, 4));
        assert_eq!(axis.zero, Some(-0.7));
        assert_eq!(axis.at(0), -0.7);
        assert_eq!(axis.at(100), 2.0);
        let (lo, hi) = axis.range();
        assert!(lo < -0.7 && hi > 4.0);
        let no_zero = XAxis::of([50usize, 60].into_iter());
        assert_eq!((no_zero.lo, no_zero.hi, no_zero.zero), (1, 2, None));
        let empty = XAxis::of([0usize].into_iter());
        assert_eq!((empty.lo, empty.hi), (0, 1));
        assert_eq!(decade_label(3), "1,000");
        assert_eq!(decade_label(12), "10¹²");
    }
}
