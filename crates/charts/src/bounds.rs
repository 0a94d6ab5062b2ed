//! Where each text of a drawn figure lies, read back from its SVG: the tests that no tick
//! label, title or legend leaves its figure (or runs into another text) use it, in both of the
//! app's languages.
//!
//! Each `<text>` carries its anchor point (`x`, `y`), `text-anchor`, the vertical anchor as
//! plotters writes it (`dy`: `0.76em` top, `0.5ex` middle, `-0.5ex` bottom), an optional
//! `rotate(…)` about the anchor, and `font-size`. plotters writes `font-size` as the style's
//! size ÷ 1.24, while the canvas draws the style's size in pixels: the box here is the
//! canvas's, the larger. Widths are [`crate::text::text_width`]'s upper estimate, heights one
//! em.

use crate::text::text_width;

/// Widths to check a figure at: the app's narrowest and widest (560, 1400), the narrowest of
/// two and of three panels a row (660, 990) and just below two (659), the 782 of a 1440-pixel
/// window, the command line's 1200.
pub const CHECK_WIDTHS: [u32; 7] = [560, 659, 660, 782, 990, 1200, 1400];

/// A text and its box in figure pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The text, unescaped.
    pub text: String,
    /// The canvas font size in pixels.
    pub size: f64,
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Right edge.
    pub right: f64,
    /// Bottom edge.
    pub bottom: f64,
}

impl TextBox {
    /// Whether it lies inside `(0, 0)–(width, height)`.
    pub fn inside(&self, width: f64, height: f64) -> bool {
        self.left >= 0.0 && self.top >= 0.0 && self.right <= width && self.bottom <= height
    }

    /// Whether it overlaps `other` by more than `slack` pixels each way.
    pub fn overlaps(&self, other: &TextBox, slack: f64) -> bool {
        self.left + slack < other.right
            && other.left + slack < self.right
            && self.top + slack < other.bottom
            && other.top + slack < self.bottom
    }
}

/// The value of attribute `name` in the tag text `tag`.
fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn unescape(s: &str) -> String {
    s.replace("&apos;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The `width` and `height` of the `<svg>` element.
pub fn svg_size(svg: &str) -> Option<(f64, f64)> {
    let tag = &svg[svg.find("<svg")?..];
    let tag = &tag[..tag.find('>')?];
    Some((attr(tag, "width")?.parse().ok()?, attr(tag, "height")?.parse().ok()?))
}

/// Every `<text>` of `svg` with its box; `Err` names an element that could not be read.
pub fn text_boxes(svg: &str) -> Result<Vec<TextBox>, String> {
    let mut out = Vec::new();
    for piece in svg.split("<text").skip(1) {
        let (tag, rest) = piece.split_once('>').ok_or("an unclosed <text> tag")?;
        let body = rest.split_once("</text>").ok_or("a <text> without its end")?.0;
        let text = unescape(body.trim());
        let num = |name: &str| -> Result<f64, String> {
            attr(tag, name)
                .and_then(|v| v.parse::<f64>().ok())
                .ok_or_else(|| format!("{text:?}: no numeric {name}"))
        };
        let (x, y) = (num("x")?, num("y")?);
        let size = num("font-size")? * 1.24;
        let width = text_width(&text, size);
        // Offsets from the anchor along the text (`a`) and across it (`c`), unrotated.
        let (a0, a1) = match attr(tag, "text-anchor") {
            Some("middle") => (-width / 2.0, width / 2.0),
            Some("end") => (-width, 0.0),
            _ => (0.0, width),
        };
        let (c0, c1) = match attr(tag, "dy") {
            Some("0.76em") => (0.0, size),
            Some("-0.5ex") => (-size, 0.0),
            _ => (-size / 2.0, size / 2.0),
        };
        let rotation = attr(tag, "transform")
            .and_then(|t| t.strip_prefix("rotate("))
            .and_then(|t| t.split(',').next())
            .and_then(|d| d.trim().parse::<i32>().ok())
            .unwrap_or(0);
        // rotate(θ, x, y) turns the offset (dx, dy) about the anchor.
        let (left, top, right, bottom) = match rotation.rem_euclid(360) {
            0 => (x + a0, y + c0, x + a1, y + c1),
            90 => (x - c1, y + a0, x - c0, y + a1),
            180 => (x - a1, y - c1, x - a0, y - c0),
            270 => (x + c0, y - a1, x + c1, y - a0),
            other => return Err(format!("{text:?}: rotation {other}")),
        };
        out.push(TextBox { text, size, left, top, right, bottom });
    }
    Ok(out)
}

/// What is wrong with the texts of `data` drawn `width` pixels wide with the texts of `tr`:
/// one line per text that leaves the figure or overlaps another text (by more than a pixel).
/// Empty when every text has its own place.
pub fn text_problems<'a>(
    data: impl Into<crate::figure::Figure<'a>>,
    width: u32,
    tr: &dyn Fn(&str) -> String,
) -> Result<Vec<String>, String> {
    let svg = crate::to_svg_at(data, width, losslab_core::LossName::Dice, tr)?;
    let (w, h) = svg_size(&svg).ok_or("no SVG size")?;
    let boxes = text_boxes(&svg)?;
    let mut problems = Vec::new();
    for (i, b) in boxes.iter().enumerate() {
        if !b.inside(w, h) {
            problems.push(format!(
                "{:?} ({}px) at {:.0}…{:.0} × {:.0}…{:.0} leaves the {w}×{h} figure",
                b.text, b.size, b.left, b.right, b.top, b.bottom
            ));
        }
        for other in &boxes[i + 1..] {
            if b.overlaps(other, 1.0) {
                problems.push(format!("{:?} overlaps {:?}", b.text, other.text));
            }
        }
    }
    Ok(problems)
}
