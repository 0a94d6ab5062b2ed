//! The [`Scene`] itself (the target, the prediction and what generated them) and its two
//! [`Layer`]s. Its own file so that the brush, the history and the case export (which all
//! work on a scene) and the module's re-exports in `scene/mod.rs` point one way.

use super::generate::TargetSpec;
use super::grid::GridSize;
use super::predict::PredictionModel;
use crate::counts::SoftCounts;

/// The two layers one can paint on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Layer {
    /// The binary target mask.
    #[default]
    Target,
    /// The predicted probability map.
    Prediction,
}

impl Layer {
    /// A stable identifier (`target`, `prediction`), as in the page's hooks.
    pub fn as_str(self) -> &'static str {
        match self {
            Layer::Target => "target",
            Layer::Prediction => "prediction",
        }
    }

    /// Parses [`Layer::as_str`].
    pub fn parse(s: &str) -> Option<Layer> {
        [Layer::Target, Layer::Prediction].into_iter().find(|l| l.as_str() == s)
    }
}

/// A target and a prediction on one grid, with what generated them.
///
/// Invariant: `prob[i] = cover[i]·ink[i] + (1 − cover[i])·model_prob[i]`, clamped to [0, 1];
/// where nothing was painted (`cover = 0`) the prediction is exactly the model's.
#[derive(Debug, Clone, PartialEq)]
pub struct Scene {
    pub(super) grid: GridSize,
    pub(super) spec: TargetSpec,
    pub(super) model: PredictionModel,
    pub(super) target: Vec<f64>,
    pub(super) model_prob: Vec<f64>,
    pub(super) ink: Vec<f64>,
    pub(super) cover: Vec<f64>,
    pub(super) prob: Vec<f64>,
}

impl Default for Scene {
    fn default() -> Self {
        Scene::new(GridSize::default(), TargetSpec::default(), PredictionModel::default())
    }
}

impl Scene {
    /// A generated scene without painted edits.
    pub fn new(grid: GridSize, spec: TargetSpec, model: PredictionModel) -> Scene {
        let n = grid.pixels();
        let spec = TargetSpec { area: spec.area.clamp(1, grid.max_area()), ..spec };
        let mut scene = Scene {
            grid,
            spec,
            model: model.clamped(),
            target: Vec::new(),
            model_prob: Vec::new(),
            ink: vec![0.0; n],
            cover: vec![0.0; n],
            prob: vec![0.0; n],
        };
        scene.spec.generate_into(grid, &mut scene.target);
        scene.refresh_model();
        scene
    }

    /// The grid.
    pub fn grid(&self) -> GridSize {
        self.grid
    }

    /// Side length in pixels.
    pub fn side(&self) -> usize {
        self.grid.side()
    }

    /// The generator's settings (the target may have been painted since).
    pub fn spec(&self) -> TargetSpec {
        self.spec
    }

    /// The prediction model's settings.
    pub fn model(&self) -> PredictionModel {
        self.model
    }

    /// The target mask, row-major, values 0 or 1.
    pub fn target(&self) -> &[f64] {
        &self.target
    }

    /// The predicted probabilities, row-major, in [0, 1].
    pub fn prob(&self) -> &[f64] {
        &self.prob
    }

    /// One layer's buffer.
    pub fn layer(&self, layer: Layer) -> &[f64] {
        match layer {
            Layer::Target => &self.target,
            Layer::Prediction => &self.prob,
        }
    }

    /// Whether any pixel of the prediction carries painted edits.
    pub fn has_prediction_edits(&self) -> bool {
        self.cover.iter().any(|&c| c > 0.0)
    }

    /// The scene as the losses' input: target, prediction and its `side × side` shape.
    pub fn input(&self) -> Result<crate::Binary<'_, f64>, crate::InputError> {
        crate::Binary::new(self.target(), self.prob())?.with_shape(self.side(), self.side())
    }

    /// Soft counts of the scene (TP, FP, FN, TN, sums).
    pub fn counts(&self) -> SoftCounts {
        SoftCounts::new(&self.target, &self.prob)
    }

    /// Bytes held by the scene's buffers (for the history's memory bound).
    pub fn bytes(&self) -> usize {
        5 * self.grid.pixels() * std::mem::size_of::<f64>()
    }

    /// Changes the grid: regenerates the target from the generator and drops every edit.
    pub fn set_grid(&mut self, grid: GridSize) {
        *self = Scene::new(grid, self.spec, self.model);
    }

    /// Changes the generator: redraws the target (painted target edits are replaced) and
    /// the model's prediction; painted prediction edits stay.
    pub fn set_spec(&mut self, spec: TargetSpec) {
        self.spec = spec;
        self.spec.area = spec.area.clamp(1, self.grid.max_area());
        self.spec.generate_into(self.grid, &mut self.target);
        self.refresh_model();
    }

    /// Changes the prediction model (clamped into range); painted prediction edits stay.
    pub fn set_model(&mut self, model: PredictionModel) {
        self.model = model.clamped();
        self.refresh_model();
    }

    /// Clears a layer: the target becomes all background; the prediction loses its
    /// painted edits (back to the model).
    pub fn clear(&mut self, layer: Layer) {
        match layer {
            Layer::Target => {
                self.target.iter_mut().for_each(|y| *y = 0.0);
                self.refresh_model();
            }
            Layer::Prediction => {
                self.cover.iter_mut().for_each(|c| *c = 0.0);
                self.ink.iter_mut().for_each(|v| *v = 0.0);
                self.composite_all();
            }
        }
    }

    /// Inverts a layer: `y ↦ 1 − y` (the prediction follows through the model), or paints
    /// `1 − p` over the whole prediction.
    pub fn invert(&mut self, layer: Layer) {
        match layer {
            Layer::Target => {
                self.target.iter_mut().for_each(|y| *y = 1.0 - *y);
                self.refresh_model();
            }
            Layer::Prediction => {
                for i in 0..self.prob.len() {
                    self.ink[i] = 1.0 - self.prob[i];
                    self.cover[i] = 1.0;
                }
                self.composite_all();
            }
        }
    }

    /// The painted prediction edits `(ink, cover)`, one value per pixel (for the link codec).
    pub fn edits(&self) -> (&[f64], &[f64]) {
        (&self.ink, &self.cover)
    }

    /// A scene from its stored parts (a shared link, a saved state, an imported image):
    /// the generator and model as given, then `target` (0 or 1 per pixel) in place of the
    /// generated one, and the painted prediction edits `(ink, cover)` (each in `[0, 1]`).
    /// Refuses wrong lengths and out-of-range values, naming what is wrong.
    pub fn from_parts(
        grid: GridSize,
        spec: TargetSpec,
        model: PredictionModel,
        target: Option<Vec<f64>>,
        edits: Option<(Vec<f64>, Vec<f64>)>,
    ) -> Result<Scene, String> {
        let n = grid.pixels();
        let mut scene = Scene::new(grid, spec, model);
        if let Some(target) = target {
            if target.len() != n || target.iter().any(|&y| y != 0.0 && y != 1.0) {
                return Err(format!("the target must be {n} values of 0 or 1"));
            }
            scene.target = target;
        }
        if let Some((ink, cover)) = edits {
            let unit = |v: &[f64]| v.len() == n && v.iter().all(|x| (0.0..=1.0).contains(x));
            if !unit(&ink) || !unit(&cover) {
                return Err(format!("the prediction edits must be {n} values in [0, 1]"));
            }
            scene.ink = ink;
            scene.cover = cover;
        }
        scene.refresh_model();
        Ok(scene)
    }

    /// Recomputes the model's prediction from the target, then the composite.
    pub(super) fn refresh_model(&mut self) {
        let mut scratch = Vec::new();
        self.model.predict_into(&self.target, self.side(), &mut self.model_prob, &mut scratch);
        self.composite_all();
    }

    pub(super) fn composite_all(&mut self) {
        for i in 0..self.prob.len() {
            self.composite(i);
        }
    }

    /// Re-establishes the invariant at pixel `i`.
    pub(super) fn composite(&mut self, i: usize) {
        let c = self.cover[i];
        self.prob[i] = (c * self.ink[i] + (1.0 - c) * self.model_prob[i]).clamp(0.0, 1.0);
    }
}
