//! Sweeps: the numbers behind the curves view's charts, computed through the loss core.
//!
//! Every figure is a [`Job`]: a list of small steps (one point of a sweep each) that fill a
//! [`FigureData`] — panels of named curves `(x, y)`. The app runs a job a few steps per frame
//! so a sweep never freezes the page; the command line and the tests run it at once with
//! [`Job::run`]. Every value comes from `Loss::new(config).evaluate_into(...)` on a scene or a
//! sub-image built here; nothing re-implements a loss.
//!
//! Figures (ids as in the page's `data-chart` hooks):
//! - `pixel-curves` ([`pixel`]): loss and gradients against one pixel's `p`; the article's
//!   `p − t` against `2t²/(p+t)²` (C4); focal loss for γ = 0…5 (C3).
//! - `size-sweep` ([`size`]): value, max |∂L/∂z| on the object and its ratio to BCE's against
//!   object area, for several background confidences (C4).
//! - `pixel-sensitivity` ([`size`]): change of each loss when one more object pixel is
//!   missed, against object area (C8); generalized Dice's class weights.
//! - `param-sweep` ([`params`]): each loss against one hyperparameter; Tversky's diagonal
//!   with the Dice and Jaccard points (C6); sensitivity–specificity weights (C7); focal's
//!   easy-negative share and sum against mean (C3).
//! - `crop-sweep` ([`crop`]): foreground fraction, every loss and its max gradient as a crop
//!   window tightens around the object (C10).

pub mod crop;
mod data;
pub mod params;
pub mod pixel;
mod sampling;
mod settings;
pub mod size;

pub use data::{panels_csv, Curve, FigureData, Finish, Job, Marker, Panel, Step};
pub use sampling::{config_of, evaluate, lin_space, log_areas, log_space};
pub use settings::{CurveSettings, FigureId, SweepParam};

use crate::{LossConfig, LossName};

/// The job computing `figure` for `scene` with the losses' `configs`, the view's `settings`
/// and the `current` loss (always drawn).
pub fn job(
    figure: FigureId,
    scene: &crate::scene::Scene,
    configs: &[LossConfig],
    settings: &CurveSettings,
    current: LossName,
) -> Job {
    let losses = settings.drawn(current);
    let points = settings.points;
    match figure {
        FigureId::PixelCurves => pixel::job(scene, configs, &losses, points),
        FigureId::SizeSweep => {
            size::size_job(scene, configs, &losses, &settings.backgrounds, points)
        }
        FigureId::PixelSensitivity => size::sensitivity_job(scene, configs, &losses, points),
        FigureId::ParamSweep => params::job(scene, configs, &losses, settings.sweep_param, points),
        FigureId::CropSweep => crop::job(scene, configs, &losses, points),
    }
}
