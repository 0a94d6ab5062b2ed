//! The app's state: one `Copy` context of signals, and the board computed from them.

use super::view::View;
use leptos::prelude::*;
use losslab_core::scene::{Brush, EditKind, History, Layer, Scene};
use losslab_core::{
    BceDiceParts, CompoundError, CompoundSpec, Evaluation, GradientSummary, Loss, LossConfig,
    LossName, ParamError, ParamSpec, ParamValue, SoftCounts,
};

/// One loss on the board: its value and the figures shown next to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The loss.
    pub name: LossName,
    /// Its value for the current scene and parameters.
    pub value: f64,
    /// Where its gradient falls.
    pub summary: GradientSummary,
    /// `bce_dice`'s two parts.
    pub parts: Option<BceDiceParts>,
    /// `generalized_dice`'s class weights `[background, object]`.
    pub class_weights: Vec<f64>,
    /// A 0/0 was met and defined as 0.
    pub zero_over_zero: bool,
}

/// The board's compound `w₁·L₁ + w₂·L₂` on the scene, at step 0.
#[derive(Debug, Clone, PartialEq)]
pub struct CompoundRow {
    /// The two losses.
    pub losses: [LossName; 2],
    /// Each term's value, unweighted.
    pub values: [f64; 2],
    /// The weights at step 0.
    pub weights: [f64; 2],
    /// `w₁·v₁ + w₂·v₂`.
    pub total: f64,
    /// Where the total's gradient falls.
    pub summary: GradientSummary,
    /// A term met a 0/0 and defined it as 0.
    pub zero_over_zero: bool,
}

/// Evaluates `spec` on `scene`, each term with `config_of(loss)`'s parameters (the board's).
pub fn evaluate_compound(
    scene: &Scene,
    spec: &CompoundSpec,
    config_of: impl Fn(LossName) -> LossConfig,
) -> Result<CompoundRow, String> {
    let compound = spec.build(config_of).map_err(|e| e.to_string())?;
    let input = scene.input().map_err(|e| e.to_string())?;
    let e = compound.evaluate(input);
    Ok(CompoundRow {
        losses: spec.losses,
        values: e.values,
        weights: e.weights,
        total: e.total.value,
        summary: e.total.summary,
        zero_over_zero: e.total.zero_over_zero,
    })
}

/// Every loss evaluated on the scene, and the scene's soft counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Board {
    /// One row per loss, in [`LossName::ALL`] order.
    pub rows: Vec<Row>,
    /// The compound built on the board (`None` until evaluated; an error never expected: the
    /// spec is checked where it enters).
    pub compound: Option<Result<CompoundRow, String>>,
    /// The scene's soft counts.
    pub counts: SoftCounts,
    /// Why the scene could not be evaluated (never expected: the scene keeps values in [0, 1]).
    pub error: Option<String>,
    /// How long the evaluation took, in milliseconds (0 where no clock is available).
    pub eval_ms: f64,
}

/// Evaluates every loss on `scene`, reusing `scratch`'s buffers.
pub fn evaluate_board(scene: &Scene, losses: &[Loss], scratch: &mut Evaluation<f64>) -> Board {
    let input = match scene.input() {
        Ok(input) => input,
        Err(e) => return Board { error: Some(e.to_string()), ..Board::default() },
    };
    let mut rows = Vec::with_capacity(losses.len());
    for loss in losses {
        loss.evaluate_into(input, scratch);
        rows.push(Row {
            name: loss.name(),
            value: scratch.value,
            summary: scratch.summary,
            parts: scratch.parts,
            class_weights: scratch.class_weights.clone(),
            zero_over_zero: scratch.zero_over_zero,
        });
    }
    Board { rows, compound: None, counts: scene.counts(), error: None, eval_ms: 0.0 }
}

/// The position of `name` in [`LossName::ALL`].
pub fn slot(name: LossName) -> usize {
    LossName::ALL.iter().position(|&n| n == name).unwrap_or(0)
}

/// All state, shared through context. Inputs are signals; the board is a memo.
#[derive(Clone, Copy)]
pub struct Lab {
    /// Target, prediction and their generators.
    pub scene: RwSignal<Scene>,
    /// Undo/redo snapshots.
    pub history: RwSignal<History>,
    /// Each loss with its parameters, validated: in [`LossName::ALL`] order. Written only
    /// through [`Lab::set_loss`] and [`Lab::set_param`].
    pub losses: [RwSignal<Loss>; LossName::COUNT],
    /// Each loss's parameters (read-only views of `losses`), in [`LossName::ALL`] order.
    pub configs: [Signal<LossConfig>; LossName::COUNT],
    /// The brush.
    pub brush: RwSignal<Brush>,
    /// The active layer: painted by the overlay canvas, cleared/inverted by the buttons.
    pub layer: RwSignal<Layer>,
    /// The loss the detail views and the case export focus on.
    pub current: RwSignal<LossName>,
    /// Probability threshold of the TP/FP/FN overlay.
    pub threshold: RwSignal<f64>,
    /// The message shown in the notice element, if any.
    pub notice: RwSignal<Option<String>>,
    /// The open view.
    pub view: RwSignal<View>,
    /// The compound built on the board: two losses (each with its own card's parameters),
    /// their weights and a schedule. Written only through [`Lab::set_compound`] (and the
    /// link, whose `compound.*` pairs `CompoundSpec::apply` checks).
    pub compound: RwSignal<CompoundSpec>,
    /// Every loss (and the compound) on the current scene.
    pub board: Memo<Board>,
}

impl Lab {
    /// Fresh state with the defaults of `losses.md` and the default scene.
    pub fn new() -> Lab {
        let scene = RwSignal::new(Scene::default());
        let losses = LossName::ALL.map(|name| RwSignal::new(Loss::default_for(name)));
        let configs = losses.map(|l| Signal::derive(move || l.with(|l| *l.config())));
        let scratch = StoredValue::new(Evaluation::<f64>::new());
        let clock = window().performance();
        let now = move || clock.as_ref().map_or(0.0, |p| p.now());
        let compound = RwSignal::new(CompoundSpec::default());
        let board = Memo::new(move |_| {
            let losses: Vec<Loss> = losses.iter().map(|l| l.get()).collect();
            let spec = compound.get();
            let start = now();
            let mut board = scene.with(|s| {
                let mut board = scratch
                    .try_update_value(|ev| evaluate_board(s, &losses, ev))
                    .unwrap_or_default();
                let config_of = |name: LossName| *losses[slot(name)].config();
                board.compound = Some(evaluate_compound(s, &spec, config_of));
                board
            });
            board.eval_ms = now() - start;
            board
        });
        Lab {
            scene,
            history: RwSignal::new(History::default()),
            losses,
            configs,
            brush: RwSignal::new(Brush::default()),
            layer: RwSignal::new(Layer::Target),
            current: RwSignal::new(LossName::Dice),
            threshold: RwSignal::new(0.5),
            notice: RwSignal::new(None),
            view: RwSignal::new(View::Scene),
            compound,
            board,
        }
    }

    /// The parameters of `name` (read-only: they change through [`Lab::set_param`]).
    pub fn config(&self, name: LossName) -> Signal<LossConfig> {
        self.configs[slot(name)]
    }

    /// Replaces a loss (valid by its type).
    pub fn set_loss(&self, loss: Loss) {
        self.losses[slot(loss.name())].set(loss);
    }

    /// Applies `edit` to the scene, recording the state before it for undo.
    pub fn edit(&self, kind: EditKind, edit: impl FnOnce(&mut Scene)) {
        let scene = self.scene;
        self.history.update(|h| scene.with_untracked(|s| h.record(s, kind)));
        scene.update(edit);
    }

    /// Ends a run of slider moves: the next move starts a new undo step.
    pub fn seal(&self) {
        self.history.update_untracked(History::seal);
    }

    /// Steps back in the history.
    pub fn undo(&self) {
        let scene = self.scene;
        if self.history.with_untracked(History::can_undo) {
            self.history.update(|h| scene.update(|s| _ = h.undo(s)));
        }
    }

    /// Steps forward in the history.
    pub fn redo(&self) {
        let scene = self.scene;
        if self.history.with_untracked(History::can_redo) {
            self.history.update(|h| scene.update(|s| _ = h.redo(s)));
        }
    }

    /// Replaces the compound, checked by the core (its terms, weights and schedule, once).
    /// A refused one leaves the compound as it was and is returned, for the caller to word in
    /// the notice.
    pub fn set_compound(&self, spec: CompoundSpec) -> Result<(), CompoundError> {
        spec.build(|name| self.config(name).get_untracked())?;
        if self.compound.get_untracked() != spec {
            self.compound.set(spec);
        }
        self.notice.set(None);
        Ok(())
    }

    /// Shows `message` in the notice element.
    pub fn warn(&self, message: impl Into<String>) {
        self.notice.set(Some(message.into()));
    }

    /// Sets one parameter, validated by the core (kind and range, once). A refused value
    /// leaves the loss as it was and is returned, for the caller to word in the notice.
    pub fn set_param(
        &self,
        loss: LossName,
        spec: &ParamSpec,
        value: ParamValue,
    ) -> Result<(), ParamError> {
        let mut config = self.config(loss).get_untracked();
        config.set(spec.key, &value)?;
        self.set_loss(Loss::new(config)?);
        self.notice.set(None);
        Ok(())
    }
}

impl Default for Lab {
    fn default() -> Self {
        Lab::new()
    }
}
