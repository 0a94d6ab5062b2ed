//! The class palette and the RGBA pictures of a label map and of a prediction.
//!
//! The palette is Okabe & Ito's (2008) colour-blind-safe set on a dark background: orange,
//! sky blue, bluish green, reddish purple — distinguishable under the common colour-vision
//! deficiencies and by lightness alone.

use super::preset::MAX_CLASSES;

/// `[background, class 1, …, class 4]` as RGB.
pub const CLASS_RGB: [[u8; 3]; MAX_CLASSES + 1] =
    [[24, 26, 34], [230, 159, 0], [86, 180, 233], [0, 158, 115], [204, 121, 167]];

/// The grey an uncertain pixel fades to.
const UNSURE: [u8; 3] = [120, 120, 128];

/// The colour of class `c` (background for anything out of the palette).
pub fn class_rgb(c: usize) -> [u8; 3] {
    CLASS_RGB.get(c).copied().unwrap_or(CLASS_RGB[0])
}

/// `CSS` `#rrggbb` of class `c`.
pub fn class_hex(c: usize) -> String {
    let [r, g, b] = class_rgb(c);
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// The label map as RGBA (opaque), into `out`.
pub fn labels_rgba(labels: &[u8], out: &mut Vec<u8>) {
    out.clear();
    out.reserve(labels.len() * 4);
    for &l in labels {
        let [r, g, b] = class_rgb(usize::from(l));
        out.extend_from_slice(&[r, g, b, 255]);
    }
}

/// The predicted class map as RGBA: each pixel the colour of its most probable class
/// (lowest class on a tie), faded to grey as that probability falls to `1/C` (a coin toss
/// among the channels). `prob` is `[C, H, W]`.
pub fn prediction_rgba(prob: &[f64], channels: usize, out: &mut Vec<u8>) {
    out.clear();
    let channels = channels.max(1);
    let n = prob.len() / channels;
    out.reserve(n * 4);
    let floor = 1.0 / channels as f64;
    for i in 0..n {
        let (mut best, mut q) = (0, f64::NEG_INFINITY);
        for c in 0..channels {
            if prob[c * n + i] > q {
                (best, q) = (c, prob[c * n + i]);
            }
        }
        let t = if channels == 1 { 1.0 } else { ((q - floor) / (1.0 - floor)).clamp(0.0, 1.0) };
        let col = class_rgb(best);
        let mix = |k: usize| {
            (f64::from(UNSURE[k]) + (f64::from(col[k]) - f64::from(UNSURE[k])) * t).round() as u8
        };
        out.extend_from_slice(&[mix(0), mix(1), mix(2), 255]);
    }
}
