//! No text of any chart leaves its figure or runs into another, at the widths the app draws
//! (560–1400 pixels: one, two and three panels a row, each at its narrowest) and the command
//! line's 1200, with the English texts (the app's, in both languages: `src/ui/curves/handle.rs`).

use losslab_charts::bounds::{text_problems, CHECK_WIDTHS};
use losslab_charts::text;
use losslab_core::scene::Scene;
use losslab_core::sweep::{self, CurveSettings, FigureData, FigureId};
use losslab_core::{LossConfig, LossName};

fn data(figure: FigureId) -> FigureData {
    let configs: Vec<LossConfig> =
        LossName::ALL.iter().map(|&l| LossConfig::default_for(l)).collect();
    let settings = CurveSettings { points: 24, ..CurveSettings::default() };
    sweep::job(figure, &Scene::default(), &configs, &settings, LossName::Dice).run()
}

#[test]
fn no_text_is_clipped_or_overlaps_another() {
    let mut problems = Vec::new();
    for figure in FigureId::ALL {
        let data = data(figure);
        for width in CHECK_WIDTHS {
            let found = text_problems(&data, width, &text::english).expect("the SVG renders");
            problems.extend(found.into_iter().map(|p| format!("{figure:?} at {width}: {p}")));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
