//! The scene: a target mask and a prediction on a square grid, the generators that make
//! them, brush strokes, and an undo history. Pure and std-only: the app drives it, the tests
//! check it natively.
//!
//! # How painted edits and regeneration interact
//! - The **target** is a plain buffer. The generator (shape, object size, position, grid
//!   size) redraws it from scratch, replacing any painted target edits (undo brings them
//!   back). Painting, clearing or inverting the target keeps the generator's settings.
//! - The **prediction** is the prediction model applied to the current target (painted or
//!   generated), with the painted edits composited over it ("over" with a soft coverage per
//!   pixel). So the prediction follows the object when it changes or is painted, while
//!   strokes on the prediction layer stay where they were painted, over any regeneration.
//!   Clearing the prediction layer removes the painted edits (back to the model); inverting
//!   it paints `1 − p` over the whole image. Changing the grid size drops the edits.

mod brush;
pub mod classes;
mod edits;
mod export;
mod from_data;
mod generate;
mod grid;
mod history;
mod model;
mod predict;
mod thin;

pub use brush::{Brush, BrushMode, Stroke, MAX_BRUSH_SIZE};
pub use export::case_json;
pub use from_data::{scene_from_data, Centre, DataScene, DataWindow, Fit};
pub use generate::{Shape, TargetSpec};
pub use grid::GridSize;
pub use history::{EditKind, History, DEFAULT_HISTORY_BUDGET, MAX_HISTORY_STEPS};
pub use model::{Layer, Scene};
pub use predict::{
    PredictionModel, MAX_BACKGROUND, MAX_BLUR, MAX_GAP, MAX_SHIFT, MAX_SPECKS, MIN_BACKGROUND,
};

#[cfg(test)]
mod edits_tests;
#[cfg(test)]
mod masks;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod thin_tests;
