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

/// Every loss drawn at once (the curves view's seventeen boxes ticked), and the parameter
/// sweep of every parameter with them: the legends of 17 losses (34 curves in the pixel
/// curves) and the panels of the compound losses' parameters fit too.
#[test]
fn every_loss_and_every_swept_parameter_fits() {
    use losslab_core::sweep::SweepParam;
    let configs: Vec<LossConfig> =
        LossName::ALL.iter().map(|&l| LossConfig::default_for(l)).collect();
    let all = CurveSettings { points: 16, losses: LossName::ALL.to_vec(), ..Default::default() };
    let mut jobs: Vec<(String, FigureData)> = FigureId::ALL
        .into_iter()
        .filter(|&f| f != FigureId::ParamSweep)
        .map(|f| {
            let data = sweep::job(f, &Scene::default(), &configs, &all, LossName::Dice).run();
            (format!("{f:?}"), data)
        })
        .collect();
    for param in SweepParam::ALL {
        let settings = CurveSettings { sweep_param: param, ..all.clone() };
        let data = sweep::job(
            FigureId::ParamSweep,
            &Scene::default(),
            &configs,
            &settings,
            LossName::Dice,
        )
        .run();
        jobs.push((format!("param-sweep {}", param.as_str()), data));
    }
    let mut problems = Vec::new();
    for (name, data) in &jobs {
        for width in CHECK_WIDTHS {
            let found = text_problems(data, width, &text::english).expect("the SVG renders");
            problems.extend(found.into_iter().map(|p| format!("{name} at {width}: {p}")));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
