//! The charts' structure in their SVG: every curve's colour, the axis descriptions, the
//! legend entries and the panels' titles are present — checked on the SVG text, not pixels.

use losslab_charts::{draw, readout, size, text, to_svg};
use losslab_core::scene::Scene;
use losslab_core::sweep::{self, CurveSettings, FigureData, FigureId};
use losslab_core::{LossConfig, LossName};
use plotters::prelude::*;

fn data(figure: FigureId) -> FigureData {
    let configs: Vec<LossConfig> =
        LossName::ALL.iter().map(|&l| LossConfig::default_for(l)).collect();
    let settings = CurveSettings { points: 32, ..CurveSettings::default() };
    sweep::job(figure, &Scene::default(), &configs, &settings, LossName::Dice).run()
}

fn svg(data: &FigureData) -> String {
    to_svg(data, LossName::Dice, &text::english).expect("the SVG renders")
}

/// The contents of every `<text>` element, trimmed and unescaped.
fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = t.split_once('>')?.1;
            let raw = body.split_once("</text>")?.0.trim();
            let unescaped = raw.replace("&apos;", "'").replace("&quot;", "\"").replace("&lt;", "<");
            Some(unescaped.replace("&gt;", ">").replace("&amp;", "&"))
        })
        .collect()
}

#[test]
fn every_chart_renders_a_well_formed_svg_with_its_titles_and_axis_descriptions() {
    for figure in FigureId::ALL {
        let data = data(figure);
        let svg = svg(&data);
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"), "{figure:?}");
        let (w, h) = size(&data, &text::english);
        assert!(svg.contains(&format!("width=\"{w}\" height=\"{h}\"")));
        let texts = texts(&svg);
        let title = text::english(&format!("figure.{}", figure.as_str()));
        assert!(texts.contains(&title), "{figure:?}: title missing");
        for panel in &data.panels {
            // The parameter sweep's panels of other ranges (sweep_2, …) carry the sweep's texts.
            let id = if panel.id.starts_with("sweep") { "sweep" } else { panel.id };
            let key = format!("{}.{}", figure.as_str(), id);
            for part in ["title", "x", "y"] {
                let want = text::english(&format!("{key}.{part}")).replace("{param}", &panel.label);
                assert!(texts.contains(&want), "{key}.{part} = {want:?} missing");
            }
        }
    }
}

#[test]
fn every_drawn_loss_has_a_curve_in_its_colour_and_a_legend_entry() {
    let data = data(FigureId::SizeSweep);
    let svg = svg(&data);
    let texts = texts(&svg);
    for loss in CurveSettings::default().drawn(LossName::Dice) {
        let (r, g, b) = loss.rgb();
        let stroke = format!("stroke=\"#{r:02X}{g:02X}{b:02X}\"");
        // One legend sample plus a polyline per curve (3 panels × 2 backgrounds).
        let lines = svg.matches(&stroke).count();
        assert!(lines >= 7, "{loss}: {lines} elements in its colour");
        assert!(texts.contains(&loss.to_string()), "{loss}: legend entry missing");
    }
    for style in ["bg=0.05", "bg=0.001"] {
        assert!(texts.iter().any(|t| t == style), "line style {style} missing from the legend");
    }
}

#[test]
fn panel_legends_name_their_curves_and_notes_carry_the_identity_checks() {
    let data = data(FigureId::ParamSweep);
    let texts = texts(&svg(&data));
    // Panels of one loss name their curves by variant (the loss is in the title).
    for label in ["α=β", "β=1−α", "easy negatives", "sum"] {
        assert!(texts.iter().any(|t| t == label), "{label} missing");
    }
    assert!(texts.iter().any(|t| t.starts_with("T(½,½) =") && t.ends_with('✓')), "identity");
    assert!(texts.iter().any(|t| t == "Dice") && texts.iter().any(|t| t == "Jaccard"));
}

#[test]
fn log_axes_are_labelled_with_powers_of_ten() {
    let texts = texts(&svg(&data(FigureId::SizeSweep)));
    for tick in ["1", "10", "100", "1000"] {
        assert!(texts.iter().any(|t| t == tick), "tick {tick} missing");
    }
}

#[test]
fn the_readout_maps_a_pixel_back_to_the_nearest_data_points() {
    let data = data(FigureId::SizeSweep);
    let mut out = String::new();
    let frames = {
        let root =
            SVGBackend::with_string(&mut out, size(&data, &text::english)).into_drawing_area();
        draw(&root, &data, LossName::Dice, &text::english).expect("draws")
    };
    let frame = frames.iter().find(|f| f.panel == "value").expect("value frame");
    // The left edge of the frame is area 1 (log axis: 10^0).
    let (l, t, _, b) = frame.rect;
    let at = (l as f64, (t + b) as f64 / 2.0);
    let r = readout(&data, &frames, at, &text::english).expect("inside the frame");
    assert_eq!(r.panel, "value");
    let dice = r.rows.iter().find(|row| row.label == "dice bg=0.05").expect("dice row");
    let want = data.panel("value").and_then(|p| p.curve("dice bg=0.05")).expect("curve").points[0];
    assert_eq!((dice.x, dice.y), want);
    assert!(readout(&data, &frames, (1.0, 1.0), &text::english).is_none(), "outside every frame");
}

#[test]
fn clipping_keeps_lines_inside_the_frame() {
    let runs =
        losslab_charts::draw::clip(&[(0.0, 0.0), (1.0, 10.0), (2.0, 0.0)], (0.0, 2.0), (0.0, 1.0));
    assert_eq!(runs.len(), 2, "the excursion above the frame splits the line");
    for run in &runs {
        assert!(run.iter().all(|&(x, y)| (0.0..=2.0).contains(&x) && (0.0..=1.0).contains(&y)));
    }
    assert_eq!(runs[0][1], (0.1, 1.0), "cut where the segment leaves the frame");
}

#[test]
fn log_ticks_are_powers_of_ten_or_one_two_five_steps() {
    use losslab_charts::draw::log_ticks;
    // 1 … 2048: decades 1, 10, 100, 1000.
    assert_eq!(log_ticks((0.0, 2048f64.log10())), Some(vec![0.0, 1.0, 2.0, 3.0]));
    // 0.012 … 0.5 holds one power of ten only: 1-2-5 steps 0.02, 0.05, 0.1, 0.2, 0.5.
    let ticks = log_ticks((0.012f64.log10(), 0.5f64.log10())).expect("ticks");
    let values: Vec<f64> = ticks.iter().map(|t| (10f64.powf(*t) * 1e6).round() / 1e6).collect();
    assert_eq!(values, vec![0.02, 0.05, 0.1, 0.2, 0.5]);
    // Twelve decades: every other power.
    assert_eq!(log_ticks((-8.0, 4.0)).map(|t| t.len()), Some(7));
}
