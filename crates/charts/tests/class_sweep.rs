//! The multi-class class-size sweep (`class-size-sweep`) drawn by the charts' one drawing: its
//! title, panels' texts, curves in their losses' colours, legend, read-out and CSV; no text
//! leaves the figure or overlaps another at the widths the app draws.

use losslab_charts::bounds::{text_problems, CHECK_WIDTHS};
use losslab_charts::{draw, readout, size, text, to_svg, ClassSizeFigure};
use losslab_core::multiclass::sweep::default_job;
use losslab_core::LossName;
use plotters::prelude::*;

fn figure() -> ClassSizeFigure {
    ClassSizeFigure::new(&default_job(12).run())
}

fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let raw = t.split_once('>')?.1.split_once("</text>")?.0.trim();
            Some(raw.replace("&apos;", "'").replace("&lt;", "<").replace("&amp;", "&"))
        })
        .collect()
}

#[test]
fn the_chart_renders_its_title_panels_and_legend() {
    let fig = figure();
    let svg = to_svg(&fig, LossName::Dice, &text::english).expect("renders");
    let (w, h) = size(&fig, &text::english);
    assert!(svg.contains(&format!("width=\"{w}\" height=\"{h}\"")));
    let texts = texts(&svg);
    assert!(texts.contains(&text::english("figure.class-size-sweep")));
    for panel in ["value", "gdl_weight", "grad_share"] {
        for part in ["title", "x", "y"] {
            let want = text::english(&format!("class-size-sweep.{panel}.{part}"));
            assert_ne!(want, format!("class-size-sweep.{panel}.{part}"), "an English text");
            assert!(texts.contains(&want), "{panel}.{part}: {want:?} missing");
        }
    }
    // The figure legend: the losses, Dice without background's line style, ce and the
    // pixel-share reference; the GDL panel's own legend names its one curve.
    for entry in [
        "dice",
        "generalized_dice",
        "dice_focal",
        "without background",
        "ce",
        "pixel share n/N",
        "w (swept class)",
    ] {
        assert!(texts.iter().any(|t| t == entry), "legend entry {entry:?} missing");
    }
    for loss in [LossName::Dice, LossName::GeneralizedDice, LossName::DiceFocal] {
        let (r, g, b) = loss.rgb();
        let n = svg.matches(&format!("stroke=\"#{r:02X}{g:02X}{b:02X}\"")).count();
        assert!(n >= 3, "{loss}: {n} elements in its colour");
    }
}

#[test]
fn no_text_is_clipped_or_overlaps_another() {
    let fig = figure();
    let mut problems = Vec::new();
    for width in CHECK_WIDTHS {
        let found = text_problems(&fig, width, &text::english).expect("renders");
        problems.extend(found.into_iter().map(|p| format!("at {width}: {p}")));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_readout_and_the_csv_give_the_sweeps_numbers() {
    let sweep = default_job(12).run();
    let fig = ClassSizeFigure::new(&sweep);
    let mut out = String::new();
    let frames = {
        let root =
            SVGBackend::with_string(&mut out, size(&fig, &text::english)).into_drawing_area();
        draw(&root, &fig, LossName::Dice, &text::english).expect("draws")
    };
    let frame = frames.iter().find(|f| f.panel == "value").expect("value frame");
    let (l, t, _, b) = frame.rect;
    let r = readout(&fig, &frames, (l as f64, (t + b) as f64 / 2.0), &text::english)
        .expect("inside the frame");
    // The left edge of the log axis is the smallest area drawn: 1 pixel (area 0 is not on it).
    let row = r.rows.iter().find(|row| row.label == "dice without background").expect("row");
    assert_eq!(row.x, 1.0);
    let k = sweep.areas.iter().position(|&a| a == 1).expect("area 1");
    assert_eq!(row.y, sweep.series[1].values[k]);
    let csv = fig.to_csv();
    assert_eq!(csv, sweep.to_csv());
    assert!(csv.contains(&format!("value,ce,1,{}\n", sweep.series[4].values[k])));
}
