//! losslab's charts: the sweeps of `losslab_core::sweep` drawn with plotters.
//!
//! One drawing function, generic over plotters' `DrawingBackend`, serves every output: the
//! app draws on a `<canvas>` (plotters-canvas) and renders SVG into a string for export; the
//! command line writes SVG and PNG files. CSV comes from the data itself
//! (`FigureData::to_csv`).
//!
//! Text: on wasm, plotters hands text to the browser's canvas fonts (nothing embedded). With
//! the `native` feature, an embedded DejaVu Sans (`fonts/`, with its license) is registered
//! through plotters' `ab_glyph` feature, so SVG and PNG output never looks up system fonts
//! and renders the same on a fresh machine. (On wasm the feature is inert: when a workspace
//! build unifies it into the app, the browser's fonts are still used.)
//!
//! The multi-class view's class-size sweep (`multiclass::sweep`, chart `class-size-sweep`)
//! is drawn by the same code through [`figure::ClassSizeFigure`]: every drawing function takes
//! anything that is a [`figure::Figure`] (a `&FigureData`, a `&ClassSizeFigure`).
//!
//! Data flow: `Scene` + loss configs + `CurveSettings` → `sweep::job(...)` → `FigureData` →
//! [`draw::draw`] on a backend → [`draw::Frame`]s, which [`readout::readout`] uses to map a
//! pointer back to data.

#[cfg(feature = "svg")]
pub mod bounds;
pub mod draw;
pub mod figure;
pub mod measured;
pub mod meta;
pub mod readout;
pub mod text;

#[cfg(feature = "svg")]
mod render;
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
pub use render::{register_fonts, write_png};
#[cfg(feature = "svg")]
pub use render::{to_svg, to_svg_at};

pub use draw::{draw, size, size_for, Frame};
pub use figure::{Chart, ClassSizeFigure, Figure};
pub use readout::{readout, Readout};
