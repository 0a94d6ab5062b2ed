//! The multi-class scene (`multiclass.md`, issue 18): a label map with up to four
//! foreground classes on a square grid, generators that place objects of different classes
//! and sizes with exact areas (`scene.rs`, `preset.rs`), a prediction model per class
//! (`predict.rs`), a class brush and an undo history (`brush.rs`), a batch of the current
//! image and its companions for the engine (`batch.rs`), the palette and pictures
//! (`render.rs`), and the view's link keys `mc.*` (`link.rs`). Pure and std-only, like the
//! binary scene it reuses (the generator's metrics, the brush's coverage).

mod batch;
mod brush;
mod link;
mod predict;
mod preset;
mod render;
mod scene;

pub use batch::{
    tiniest_class, ClassBatch, ClassImage, Companion, Companions, ImageKind, LARGE_SHARE,
};
pub use brush::{ClassBrush, ClassHistory, ClassStroke, MAX_CLASS_HISTORY};
pub use link::{decode_labels, encode_labels, ClassSettings, PREFIX};
pub use predict::{ClassModel, ClassPrediction};
pub use preset::{ClassPreset, CLASS_SHAPES, MAX_CLASSES};
pub use render::{class_hex, class_rgb, labels_rgba, prediction_rgba, CLASS_RGB};
pub use scene::{ClassOverride, ClassScene, ClassSpec};
