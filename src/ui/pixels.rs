//! Colours of the scene's three pictures (target, prediction, overlay), as RGBA bytes one
//! per grid pixel (no web types: tested natively).

use losslab_core::scene::Scene;

/// Which picture a canvas shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Picture {
    /// The binary target: black background, white object.
    Target,
    /// The probability map on a viridis-like ramp.
    Prediction,
    /// TP / FP / FN / TN at a threshold.
    Overlay,
}

/// Stops of the probability ramp (viridis, 0 → 1).
const RAMP: [[f64; 3]; 5] = [
    [68.0, 1.0, 84.0],
    [59.0, 82.0, 139.0],
    [33.0, 145.0, 140.0],
    [94.0, 201.0, 98.0],
    [253.0, 231.0, 37.0],
];

/// True positive (white), false positive (orange), false negative (purple), true negative.
pub const TP: [u8; 3] = [240, 240, 240];
/// False positive colour.
pub const FP: [u8; 3] = [230, 97, 0];
/// False negative colour.
pub const FN: [u8; 3] = [154, 107, 255];
/// True negative colour.
pub const TN: [u8; 3] = [30, 34, 42];

/// Levels of the ramp's lookup table.
const LEVELS: usize = 1024;

/// The ramp's colour for probability `p`.
pub fn ramp(p: f64) -> [u8; 3] {
    let x = p.clamp(0.0, 1.0) * (RAMP.len() - 1) as f64;
    let i = (x.floor() as usize).min(RAMP.len() - 2);
    let t = x - i as f64;
    let (a, b) = (RAMP[i], RAMP[i + 1]);
    [0, 1, 2].map(|c| (a[c] + (b[c] - a[c]) * t).round() as u8)
}

/// Fills `out` (resized to `4·N`) with `picture`.
pub fn render(picture: Picture, scene: &Scene, threshold: f64, out: &mut Vec<u8>) {
    let (target, prob) = (scene.target(), scene.prob());
    // The ramp sampled at 1024 levels: finer than the eye, and no float maths per pixel.
    let lut: Vec<[u8; 3]> = (0..LEVELS).map(|i| ramp(i as f64 / (LEVELS - 1) as f64)).collect();
    out.clear();
    out.reserve(4 * target.len());
    for (&y, &p) in target.iter().zip(prob) {
        let rgb = match picture {
            Picture::Target => {
                let v = (y.clamp(0.0, 1.0) * 255.0).round() as u8;
                [v, v, v]
            }
            Picture::Prediction => lut[(p.clamp(0.0, 1.0) * (LEVELS - 1) as f64).round() as usize],
            Picture::Overlay => match (y >= 0.5, p >= threshold) {
                (true, true) => TP,
                (false, true) => FP,
                (true, false) => FN,
                (false, false) => TN,
            },
        };
        out.extend_from_slice(&[rgb[0], rgb[1], rgb[2], 255]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ramp_ends_and_overlay_classes() {
        assert_eq!(ramp(0.0), [68, 1, 84]);
        assert_eq!(ramp(1.0), [253, 231, 37]);
        let scene = Scene::default();
        let mut out = Vec::new();
        render(Picture::Overlay, &scene, 0.5, &mut out);
        assert_eq!(out.len(), 4 * 64 * 64);
        assert_eq!(&out[..3], &TN);
        let centre = 4 * (32 * 64 + 32);
        assert_eq!(&out[centre..centre + 3], &TP);
        render(Picture::Overlay, &scene, 0.95, &mut out);
        assert_eq!(&out[centre..centre + 3], &FN);
    }
}
