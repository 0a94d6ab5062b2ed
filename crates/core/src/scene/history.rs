//! Undo/redo of whole scenes, with bounded memory: the oldest steps are dropped once the
//! snapshots exceed a byte budget or a step count.

use super::model::Scene;
use std::collections::VecDeque;

/// Default memory budget for snapshots: 32 MiB (≥ 12 steps at 256 × 256, the step cap below).
pub const DEFAULT_HISTORY_BUDGET: usize = 32 << 20;
/// At most this many undo steps are kept.
pub const MAX_HISTORY_STEPS: usize = 100;

/// What kind of edit a snapshot precedes. Consecutive edits of a kind that coalesces (the
/// moves of one slider) make a single undo step until [`History::seal`] is called.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EditKind {
    /// A brush stroke (never coalesces).
    Stroke,
    /// The generator's shape.
    Shape,
    /// The object size.
    ObjectSize,
    /// The object position.
    Position,
    /// A prediction-model setting.
    Model,
    /// The grid size.
    Grid,
    /// Clear a layer.
    Clear,
    /// Invert a layer.
    Invert,
}

impl EditKind {
    fn coalesces(self) -> bool {
        matches!(self, EditKind::ObjectSize | EditKind::Position | EditKind::Model)
    }
}

/// The undo and redo stacks.
#[derive(Debug, Clone)]
pub struct History {
    undo: VecDeque<Scene>,
    redo: Vec<Scene>,
    budget: usize,
    open: Option<EditKind>,
}

impl Default for History {
    fn default() -> Self {
        History::new(DEFAULT_HISTORY_BUDGET)
    }
}

impl History {
    /// An empty history keeping at most `budget` bytes of snapshots (always at least one).
    pub fn new(budget: usize) -> History {
        History { undo: VecDeque::new(), redo: Vec::new(), budget, open: None }
    }

    /// Records `before`, the scene as it is just before an edit of `kind`. Clears the redo
    /// stack. A coalescing kind repeated without [`History::seal`] records nothing.
    pub fn record(&mut self, before: &Scene, kind: EditKind) {
        if kind.coalesces() && self.open == Some(kind) {
            return;
        }
        self.open = Some(kind);
        self.redo.clear();
        self.undo.push_back(before.clone());
        self.trim();
    }

    /// Ends the current run of coalescing edits (e.g. when a slider is released).
    pub fn seal(&mut self) {
        self.open = None;
    }

    /// Steps back: `scene` becomes the previous snapshot. Returns whether there was one.
    pub fn undo(&mut self, scene: &mut Scene) -> bool {
        self.open = None;
        match self.undo.pop_back() {
            Some(previous) => {
                self.redo.push(std::mem::replace(scene, previous));
                true
            }
            None => false,
        }
    }

    /// Steps forward again after an undo. Returns whether there was a step to redo.
    pub fn redo(&mut self, scene: &mut Scene) -> bool {
        self.open = None;
        match self.redo.pop() {
            Some(next) => {
                self.undo.push_back(std::mem::replace(scene, next));
                true
            }
            None => false,
        }
    }

    /// Whether [`History::undo`] would do something.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether [`History::redo`] would do something.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Number of undo steps held.
    pub fn undo_len(&self) -> usize {
        self.undo.len()
    }

    /// Bytes held by all snapshots.
    pub fn bytes(&self) -> usize {
        self.undo.iter().chain(&self.redo).map(Scene::bytes).sum()
    }

    /// The snapshots, oldest undo step first, and the redo stack (next redo last), for
    /// saving the history across a reload.
    pub fn stacks(&self) -> (Vec<&Scene>, &[Scene]) {
        (self.undo.iter().collect(), &self.redo)
    }

    /// A history holding `undo` (oldest first) and `redo` (next redo last), trimmed to
    /// `budget` bytes and [`MAX_HISTORY_STEPS`] like one built step by step.
    pub fn from_stacks(budget: usize, undo: Vec<Scene>, redo: Vec<Scene>) -> History {
        let mut history = History { undo: undo.into(), redo, budget, open: None };
        history.trim();
        history
    }

    fn trim(&mut self) {
        while self.undo.len() > 1
            && (self.undo.len() > MAX_HISTORY_STEPS || self.bytes() > self.budget)
        {
            self.undo.pop_front();
        }
    }
}
