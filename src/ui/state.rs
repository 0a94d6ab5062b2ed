//! The app's state: one `Copy` context of signals, and the board computed from them.

use super::view::View;
use leptos::prelude::*;
use losslab_core::scene::{Brush, EditKind, History, Layer, Scene};
use losslab_core::{
    BceDiceParts, Binary, Evaluation, GradientSummary, Loss, LossConfig, LossName, ParamValue,
    SoftCounts,
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

/// Every loss evaluated on the scene, and the scene's soft counts.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Board {
    /// One row per loss, in [`LossName::ALL`] order.
    pub rows: Vec<Row>,
    /// The scene's soft counts.
    pub counts: SoftCounts,
    /// Why the scene could not be evaluated (never expected: the scene keeps values in [0, 1]).
    pub error: Option<String>,
    /// How long the evaluation took, in milliseconds (0 where no clock is available).
    pub eval_ms: f64,
}

/// Evaluates every loss on `scene`, reusing `scratch`'s buffers.
pub fn evaluate_board(
    scene: &Scene,
    configs: &[LossConfig],
    scratch: &mut Evaluation<f64>,
) -> Board {
    let input = match Binary::new(scene.target(), scene.prob()) {
        Ok(input) => input,
        Err(e) => return Board { error: Some(e.to_string()), ..Board::default() },
    };
    let mut rows = Vec::with_capacity(configs.len());
    for config in configs {
        // Configs are validated when edited; a default stands in if one ever is not.
        let loss = Loss::new(*config).unwrap_or_else(|_| Loss::default_for(config.name()));
        loss.evaluate_into(input, scratch);
        rows.push(Row {
            name: config.name(),
            value: scratch.value,
            summary: scratch.summary,
            parts: scratch.parts,
            class_weights: scratch.class_weights.clone(),
            zero_over_zero: scratch.zero_over_zero,
        });
    }
    Board { rows, counts: scene.counts(), error: None, eval_ms: 0.0 }
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
    /// Each loss's parameters, in [`LossName::ALL`] order.
    pub configs: [RwSignal<LossConfig>; 10],
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
    /// Every loss on the current scene.
    pub board: Memo<Board>,
}

impl Lab {
    /// Fresh state with the defaults of `losses.md` and the default scene.
    pub fn new() -> Lab {
        let scene = RwSignal::new(Scene::default());
        let configs = LossName::ALL.map(|name| RwSignal::new(LossConfig::default_for(name)));
        let scratch = StoredValue::new(Evaluation::<f64>::new());
        let clock = window().performance();
        let now = move || clock.as_ref().map_or(0.0, |p| p.now());
        let board = Memo::new(move |_| {
            let configs: Vec<LossConfig> = configs.iter().map(|c| c.get()).collect();
            let start = now();
            let mut board = scene.with(|s| {
                scratch.try_update_value(|ev| evaluate_board(s, &configs, ev)).unwrap_or_default()
            });
            board.eval_ms = now() - start;
            board
        });
        Lab {
            scene,
            history: RwSignal::new(History::default()),
            configs,
            brush: RwSignal::new(Brush::default()),
            layer: RwSignal::new(Layer::Target),
            current: RwSignal::new(LossName::Dice),
            threshold: RwSignal::new(0.5),
            notice: RwSignal::new(None),
            view: RwSignal::new(View::Scene),
            board,
        }
    }

    /// The parameters of `name`.
    pub fn config(&self, name: LossName) -> RwSignal<LossConfig> {
        self.configs[slot(name)]
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

    /// Shows `message` in the notice element.
    pub fn warn(&self, message: impl Into<String>) {
        self.notice.set(Some(message.into()));
    }

    /// Sets one parameter, validated by the core; refuses with a notice (keeping the previous
    /// value) if it is invalid. Returns whether it was applied.
    pub fn set_param(&self, loss: LossName, name: &str, value: ParamValue) -> bool {
        let signal = self.config(loss);
        let mut config = signal.get_untracked();
        let checked = config.set(name, &value).and_then(|()| Loss::new(config));
        match checked {
            Ok(_) => {
                signal.set(config);
                self.notice.set(None);
                true
            }
            Err(e) => {
                self.warn(e.to_string());
                false
            }
        }
    }
}

impl Default for Lab {
    fn default() -> Self {
        Lab::new()
    }
}
