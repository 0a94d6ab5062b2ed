//! The multi-class view's state, one `Copy` context provided at the root (it outlives a tab
//! switch and travels in the link as the `mc` section): the settings (scene, companions,
//! loss, aggregation) in one signal, the brush, the undo history, and two memos — the
//! batch and the loss evaluated on it.

use leptos::prelude::*;
use losslab_core::multiclass::McEvaluation;
use losslab_core::params::multiclass::McParamError;
use losslab_core::scene::classes::{
    ClassBatch, ClassBrush, ClassHistory, ClassScene, ClassSettings,
};

/// Everything the view reads and writes.
#[derive(Clone, Copy)]
pub struct ClassesCtx {
    /// Scene, companions, loss, aggregation: the link's `mc.*`.
    pub settings: RwSignal<ClassSettings>,
    /// The class brush.
    pub brush: RwSignal<ClassBrush>,
    /// Undo/redo of the scene.
    pub history: RwSignal<ClassHistory>,
    /// The current image and its companions.
    pub batch: Memo<ClassBatch>,
    /// The loss on the batch, or why it cannot be evaluated (a refused aggregation).
    pub result: Memo<Result<McEvaluation, McParamError>>,
}

impl ClassesCtx {
    /// Creates the context and provides it.
    pub fn provide() -> ClassesCtx {
        let settings = RwSignal::new(ClassSettings::default());
        // The batch depends on the scene and the companions only: a change of the loss or
        // its aggregation re-evaluates without redrawing the companions.
        let images = Memo::new(move |_| settings.with(|s| (s.scene.clone(), s.companions)));
        let batch = Memo::new(move |_| images.with(|(scene, c)| ClassBatch::new(scene, *c)));
        let result = Memo::new(move |_| batch.with(|b| settings.with(|s| s.evaluate(b))));
        let ctx = ClassesCtx {
            settings,
            brush: RwSignal::new(ClassBrush::default()),
            history: RwSignal::new(ClassHistory::default()),
            batch,
            result,
        };
        provide_context(ctx);
        ctx
    }

    /// Applies `f` to the scene as one undo step (`coalesce`: a slider's key, so that its
    /// moves make one step until [`ClassesCtx::seal`]).
    pub fn edit(&self, coalesce: Option<&'static str>, f: impl FnOnce(&mut ClassScene)) {
        let before = self.settings.with_untracked(|s| s.scene.clone());
        self.history.update(|h| h.record(&before, coalesce));
        self.settings.update(|s| f(&mut s.scene));
    }

    /// Ends a run of slider moves.
    pub fn seal(&self) {
        self.history.update(ClassHistory::seal);
    }

    /// Undoes the last scene edit.
    pub fn undo(&self) {
        let mut scene = self.settings.with_untracked(|s| s.scene.clone());
        if self.history.try_update(|h| h.undo(&mut scene)) == Some(true) {
            self.settings.update(|s| s.scene = scene);
        }
    }

    /// Redoes the last undone scene edit.
    pub fn redo(&self) {
        let mut scene = self.settings.with_untracked(|s| s.scene.clone());
        if self.history.try_update(|h| h.redo(&mut scene)) == Some(true) {
            self.settings.update(|s| s.scene = scene);
        }
    }
}
