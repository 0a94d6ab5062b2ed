//! Rendering to SVG text and (natively) to PNG files.

use crate::draw::{draw, size_for};
use crate::figure::Figure;
use crate::measured::Measured;
use losslab_core::LossName;
use plotters::prelude::*;

/// DejaVu Sans (Bitstream Vera license; see `fonts/DejaVuSans-LICENSE.txt`).
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
static DEJAVU_SANS: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// Registers the embedded font under [`crate::draw::FONT`] (once; later calls do nothing).
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
pub fn register_fonts() -> Result<(), String> {
    use std::sync::OnceLock;
    static DONE: OnceLock<Result<(), String>> = OnceLock::new();
    DONE.get_or_init(|| {
        plotters::style::register_font(crate::draw::FONT, FontStyle::Normal, DEJAVU_SANS)
            .map_err(|_| "the embedded font could not be read".to_string())
    })
    .clone()
}

/// The figure as an SVG document, [`crate::draw::WIDTH`] pixels wide.
pub fn to_svg<'a>(
    data: impl Into<Figure<'a>>,
    current: LossName,
    tr: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    to_svg_at(data, crate::draw::WIDTH, current, tr)
}

/// The figure as an SVG document `width` pixels wide, its text laid out by
/// [`crate::text::text_width`] (SVG has no font to measure with).
pub fn to_svg_at<'a>(
    data: impl Into<Figure<'a>>,
    width: u32,
    current: LossName,
    tr: &dyn Fn(&str) -> String,
) -> Result<String, String> {
    #[cfg(all(feature = "native", not(target_arch = "wasm32")))]
    register_fonts()?;
    let data: Figure = data.into();
    let mut out = String::new();
    {
        let backend = SVGBackend::with_string(&mut out, size_for(data, width, tr));
        let root = Measured(backend).into_drawing_area();
        draw(&root, data, current, tr)?;
    }
    Ok(out)
}

/// Writes the figure as a PNG file at `path`.
#[cfg(all(feature = "native", not(target_arch = "wasm32")))]
pub fn write_png<'a>(
    path: &std::path::Path,
    data: impl Into<Figure<'a>>,
    current: LossName,
    tr: &dyn Fn(&str) -> String,
) -> Result<(), String> {
    register_fonts()?;
    let data: Figure = data.into();
    let root = BitMapBackend::new(path, size_for(data, crate::draw::WIDTH, tr)).into_drawing_area();
    draw(&root, data, current, tr)?;
    root.present().map_err(|e| e.to_string())
}
