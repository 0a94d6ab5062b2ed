//! The "Your data" view: import masks and predictions (PNG, .npy, NIfTI; files, a folder, a
//! `.zip`), see every loss on each pair by object size, open a pair in the scene, race on
//! the images. Everything stays in the page.

use leptos::prelude::*;
use losslab_core::train::UserSample;

/// What the other views read of the imported data set.
#[derive(Clone, Copy)]
pub struct DataCtx {
    /// The imported images with their masks (empty until images are imported with their
    /// pairs): the race can train on crops of them.
    pub training: RwSignal<Vec<UserSample>, LocalStorage>,
}

impl DataCtx {
    /// Creates the context and provides it.
    pub fn provide() -> DataCtx {
        let ctx = DataCtx { training: RwSignal::new_local(Vec::new()) };
        provide_context(ctx);
        ctx
    }
}
