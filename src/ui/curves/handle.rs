//! A chart as the exports see it: its latest data and its canvas, and the files made of them.
//! Its own file so that the chart panels and the view's context (which exports every chart)
//! both depend on it, and not on each other.

use super::super::export::canvas_png_bytes;
use super::super::hidpi::{offscreen, scaled_context};
use super::super::i18n::{Lang, TABLES};
use leptos::html;
use leptos::prelude::*;
use losslab_charts::{draw, size_for, Figure, Frame};
use losslab_core::sweep::{FigureData, FigureId};
use losslab_core::LossName;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;

/// Smallest and largest width a chart is drawn at, in CSS pixels.
const WIDTH_RANGE: (u32, u32) = (560, 1400);

/// The width, in CSS pixels, a chart on `canvas` is drawn at: its container's, within
/// [`WIDTH_RANGE`].
pub fn chart_width(canvas: &HtmlCanvasElement) -> u32 {
    let available = canvas.parent_element().map_or(0, |p| p.client_width()).max(0) as u32;
    available.clamp(WIDTH_RANGE.0, WIDTH_RANGE.1)
}

/// Draws `data` (a curves figure, or the multi-class class-size sweep) on `canvas`, `width`
/// CSS pixels wide (its height follows), at `scale` device pixels per CSS pixel; returns the
/// frames, in CSS pixels.
pub fn paint<'a>(
    canvas: &HtmlCanvasElement,
    data: impl Into<Figure<'a>>,
    current: LossName,
    lang: Lang,
    width: u32,
    scale: f64,
) -> Result<Vec<Frame>, String> {
    let data: Figure = data.into();
    let tr = |key: &str| chart_text(lang, key);
    let (w, h) = size_for(data, width, &tr);
    scaled_context(canvas, (f64::from(w), f64::from(h)), scale).map_err(|e| format!("{e:?}"))?;
    let backend =
        CanvasBackend::with_canvas_object(canvas.clone()).ok_or("no 2d context on the canvas")?;
    // plotters sees the backing store's size; the chart takes its top-left `w × h` CSS
    // pixels, which the context's transform spreads over the whole store.
    let root = backend.into_drawing_area().shrink((0, 0), (w, h));
    draw(&root, data, current, &tr)
}

/// The text of chart key `key` (`losslab_charts::text`) in `lang`, from the `curves.chart.*`
/// entries of the i18n table; English from the charts crate if missing.
pub fn chart_text(lang: Lang, key: &str) -> String {
    let full = format!("curves.chart.{key}");
    TABLES
        .iter()
        .flat_map(|t| t.iter())
        .find(|(k, _, _)| *k == full)
        .map(|&(_, en, zh)| if lang == Lang::Zh { zh } else { en }.to_string())
        .unwrap_or_else(|| losslab_charts::text::english(key))
}

/// The export formats of a chart, in the order of its buttons.
pub const EXPORT_KINDS: [&str; 3] = ["png", "svg", "csv"];

/// The MIME type of an export format.
pub fn mime(kind: &str) -> &'static str {
    match kind {
        "png" => "image/png",
        "svg" => "image/svg+xml",
        _ => "text/csv",
    }
}

/// What the view needs of a chart to export it: its latest data and its canvas.
#[derive(Debug, Clone, Copy)]
pub struct ChartHandle {
    /// Which chart.
    pub figure: FigureId,
    /// Its latest finished data.
    pub data: RwSignal<Option<FigureData>>,
    /// Its canvas.
    pub canvas: NodeRef<html::Canvas>,
}

impl ChartHandle {
    /// The file `losslab-<id>.<kind>` (`kind` one of [`EXPORT_KINDS`]) as drawn now, with the
    /// emphasised loss `current` and the texts of `lang`; `None` while the chart has no data
    /// or no canvas (it is computing, or its panel is not mounted). The PNG is the chart at
    /// its on-screen CSS width, drawn off-screen at `scale` device pixels per CSS pixel (the
    /// chosen export scale, 2 by default) whatever the screen.
    pub fn file(
        &self,
        kind: &str,
        current: LossName,
        lang: Lang,
        scale: f64,
    ) -> Result<Option<(String, Vec<u8>)>, String> {
        let name = format!("losslab-{}.{kind}", self.figure.as_str());
        let bytes = match kind {
            "png" => {
                let Some(el) = self.canvas.get_untracked() else { return Ok(None) };
                let width = chart_width(&el);
                let drawn = self.data.try_with_untracked(|d| {
                    d.as_ref().map(|d| -> Result<Vec<u8>, String> {
                        let (copy, _) = offscreen((1.0, 1.0), 1.0).map_err(|e| format!("{e:?}"))?;
                        paint(&copy, d, current, lang, width, scale)?;
                        canvas_png_bytes(&copy).map_err(|e| format!("{e:?}"))
                    })
                });
                match drawn.flatten() {
                    Some(bytes) => bytes?,
                    None => return Ok(None),
                }
            }
            _ => {
                let made = self.data.try_with_untracked(|d| {
                    d.as_ref().map(|d| {
                        if kind == "csv" {
                            Ok(d.to_csv().into_bytes())
                        } else {
                            losslab_charts::to_svg(d, current, &|key| chart_text(lang, key))
                                .map(String::into_bytes)
                        }
                    })
                });
                match made.flatten() {
                    Some(bytes) => bytes?,
                    None => return Ok(None),
                }
            }
        };
        Ok(Some((name, bytes)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use losslab_charts::bounds::{text_boxes, text_problems, CHECK_WIDTHS};
    use losslab_core::scene::Scene;
    use losslab_core::sweep::{self, CurveSettings, SweepParam};
    use losslab_core::LossConfig;

    /// Every chart in both languages, at every width the page draws it: no tick label, title,
    /// legend or note leaves the figure or runs into another text (text boxes from the SVG,
    /// `losslab_charts::bounds`).
    #[test]
    fn no_chart_text_is_clipped_in_either_language() {
        let configs: Vec<LossConfig> =
            LossName::ALL.iter().map(|&l| LossConfig::default_for(l)).collect();
        let settings = CurveSettings { points: 24, ..CurveSettings::default() };
        let mut jobs: Vec<(String, sweep::FigureData)> = FigureId::ALL
            .into_iter()
            .map(|f| {
                let data = sweep::job(f, &Scene::default(), &configs, &settings, LossName::Dice);
                (format!("{f:?}"), data.run())
            })
            .collect();
        // Every loss ticked, and the parameter sweep of every parameter with them.
        let all = CurveSettings { points: 16, losses: LossName::ALL.to_vec(), ..settings };
        for figure in [FigureId::PixelCurves, FigureId::SizeSweep] {
            let data = sweep::job(figure, &Scene::default(), &configs, &all, LossName::Dice);
            jobs.push((format!("{figure:?} (all losses)"), data.run()));
        }
        for param in SweepParam::ALL {
            let s = CurveSettings { sweep_param: param, ..all.clone() };
            let data =
                sweep::job(FigureId::ParamSweep, &Scene::default(), &configs, &s, LossName::Dice);
            jobs.push((format!("param-sweep {}", param.as_str()), data.run()));
        }
        let mut problems = Vec::new();
        for (figure, data) in &jobs {
            for lang in [Lang::En, Lang::Zh] {
                for width in CHECK_WIDTHS {
                    let found = text_problems(data, width, &|key| chart_text(lang, key))
                        .expect("the SVG renders");
                    problems.extend(
                        found.into_iter().map(|p| format!("{figure} {lang:?} {width}: {p}")),
                    );
                }
            }
        }
        assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
    }

    /// In Chinese, no chart text (titles, axes, legends, notes) has an English word left:
    /// only loss names and ids, the terms the Chinese UI keeps (Dice, BCE, logit…), parameter
    /// keys and the focal reduction's code words remain Latin.
    #[test]
    fn charts_in_chinese_have_no_english_words() {
        let configs: Vec<LossConfig> =
            LossName::ALL.iter().map(|&l| LossConfig::default_for(l)).collect();
        let settings = CurveSettings { points: 12, ..CurveSettings::default() };
        let allowed: Vec<&str> = LossName::ALL
            .iter()
            .map(|l| l.as_str())
            .chain(["sum", "mean", "per_positive", "smooth", "alpha"])
            .chain(SweepParam::ALL.iter().map(|p| p.as_str()))
            .chain(["Dice", "Focal", "Tversky", "BCE", "IoU", "Jaccard", "logit"])
            .collect();
        let mut english = Vec::new();
        // Every figure, then the parameter sweep of each parameter with every loss drawn.
        let all = CurveSettings { losses: LossName::ALL.to_vec(), ..settings.clone() };
        let runs = FigureId::ALL.into_iter().map(|f| (f, settings.clone())).chain(
            SweepParam::ALL
                .into_iter()
                .map(|p| (FigureId::ParamSweep, CurveSettings { sweep_param: p, ..all.clone() })),
        );
        for (figure, settings) in runs {
            let data =
                sweep::job(figure, &Scene::default(), &configs, &settings, LossName::Dice).run();
            let svg =
                losslab_charts::to_svg(&data, LossName::Dice, &|key| chart_text(Lang::Zh, key))
                    .expect("the SVG renders");
            for text in text_boxes(&svg).expect("its texts").into_iter().map(|b| b.text) {
                let words = text.split(|c: char| !c.is_ascii_alphabetic() && c != '_');
                for word in words.filter(|w| w.len() >= 3 && !allowed.contains(w)) {
                    english.push(format!("{figure:?}: {word:?} in {text:?}"));
                }
            }
        }
        assert!(english.is_empty(), "English in the Chinese charts:\n{}", english.join("\n"));
    }
}
