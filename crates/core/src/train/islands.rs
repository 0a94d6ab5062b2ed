//! The multi-class data set: the "sea with ships" of [`super::data`] with an island. Three
//! classes per pixel ([`super::classes::CLASS_NAMES`]): the sea (background, 0), an island
//! (1: one large blob of 15–30 % of the image, a coast when its centre falls near an edge)
//! and the ships (2: one to `objects` tiny ellipses of at least two pixels each, on the sea
//! only). A share of the images (`empty_fraction`) has no ship; every image has its island.
//!
//! The island is exact in area: its share `s` is drawn, then the `round(s·n)` pixels with the
//! smallest wobbly radius `r·(1 + Σₘ aₘ·cos(mθ + φₘ))` (m = 2, 3, 4, `aₘ ≤ 0.12`) around a
//! random centre are land (ties by pixel index), a star-shaped, connected blob. The land is
//! darker than the sea (`−0.6 · contrast`, with the sea's swells and noise), ships brighter
//! (`+contrast`), as in the binary set. A ship's pixels are the sea pixels inside its
//! ellipse, or, when it covers fewer than two pixel centres, the two sea pixels nearest its
//! centre in the ellipse's metric.
//!
//! A sample's `mask` is the ship mask (what the binary pictures and the undersampling read),
//! `labels` the class of every pixel; [`super::multiclass::one_hot`] makes the `[B, C, H, W]`
//! target.

use super::classes::{ISLAND, SHIP};
use super::rng::Pcg32;
use super::settings::RaceSettings;

/// The island's share of the image is drawn uniformly in this range.
pub const ISLAND_SHARE: (f32, f32) = (0.15, 0.30);
/// The land's level, in units of the ships' contrast (the sea is around 0).
pub const LAND_LEVEL: f32 = -0.6;
/// Fewest pixels of a ship.
pub const SHIP_MIN_PIXELS: usize = 2;

/// One `side×side` image of the multi-class set (`empty`: without ships).
pub fn image(settings: &RaceSettings, empty: bool, rng: &mut Pcg32) -> Drawn {
    let side = settings.side;
    let n = side * side;
    let mut labels = vec![0u8; n];
    island(side, rng, &mut labels);
    if !empty {
        let count = 1 + rng.below(settings.objects.max(1));
        for _ in 0..count {
            ship(settings, rng, &mut labels);
        }
    }
    // The sea: three swells of random direction and wavelength, plus pixel noise (as the
    // binary set), the land's level and the ships' contrast added per class.
    let noise = settings.noise as f32;
    let swells: Vec<(f32, f32, f32)> = (0..3)
        .map(|_| {
            let dir = rng.range(0.0, std::f32::consts::TAU);
            let k = std::f32::consts::TAU / rng.range(4.0, 16.0);
            (k * dir.cos(), k * dir.sin(), rng.range(0.0, std::f32::consts::TAU))
        })
        .collect();
    let contrast = settings.contrast as f32;
    let mut image = vec![0.0f32; n];
    let mut mask = vec![0.0f32; n];
    for y in 0..side {
        for x in 0..side {
            let i = y * side + x;
            let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
            let swell: f32 =
                swells.iter().map(|&(kx, ky, ph)| (kx * px + ky * py + ph).sin()).sum();
            let mut v = 0.2 * noise * swell + noise * rng.normal();
            match labels[i] as usize {
                ISLAND => v += LAND_LEVEL * contrast,
                SHIP => {
                    v += contrast;
                    mask[i] = 1.0;
                }
                _ => {}
            }
            image[i] = v;
        }
    }
    Drawn { image, mask, labels }
}

/// One drawn image: intensities, the ship mask and every pixel's class.
#[derive(Debug, Clone, PartialEq)]
pub struct Drawn {
    /// Pixel intensities.
    pub image: Vec<f32>,
    /// 1 on ship pixels.
    pub mask: Vec<f32>,
    /// The class of every pixel.
    pub labels: Vec<u8>,
}

/// Marks the island's pixels in `labels`.
fn island(side: usize, rng: &mut Pcg32, labels: &mut [u8]) {
    let n = side * side;
    let share = rng.range(ISLAND_SHARE.0, ISLAND_SHARE.1);
    let area = ((share * n as f32).round() as usize).clamp(1, n);
    let (cx, cy) = (rng.range(0.0, side as f32), rng.range(0.0, side as f32));
    let wobble: Vec<(f32, f32)> =
        (0..3).map(|_| (rng.range(0.0, 0.12), rng.range(0.0, std::f32::consts::TAU))).collect();
    let mut radius: Vec<(f32, usize)> = (0..n)
        .map(|i| {
            let (dx, dy) = ((i % side) as f32 + 0.5 - cx, (i / side) as f32 + 0.5 - cy);
            let theta = dy.atan2(dx);
            let shape: f32 = wobble
                .iter()
                .enumerate()
                .map(|(m, &(a, phase))| a * ((m + 2) as f32 * theta + phase).cos())
                .sum();
            ((dx * dx + dy * dy).sqrt() * (1.0 + shape), i)
        })
        .collect();
    radius.select_nth_unstable_by(area - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    for &(_, i) in &radius[..area] {
        labels[i] = ISLAND as u8;
    }
}

/// Adds one ship on the sea: its centre drawn until it falls on a sea pixel (at most 32
/// draws; a ship that finds none is not placed), its pixels the sea pixels in its ellipse,
/// at least [`SHIP_MIN_PIXELS`].
fn ship(settings: &RaceSettings, rng: &mut Pcg32, labels: &mut [u8]) {
    let side = settings.side;
    let (lo, hi) =
        (settings.size_min.min(settings.size_max), settings.size_min.max(settings.size_max));
    let a = rng.range(lo as f32, hi as f32 + 1e-3);
    let b = a * rng.range(0.45, 0.8);
    let angle = rng.range(0.0, std::f32::consts::PI);
    let margin = a.min(side as f32 / 4.0);
    let mut centre = None;
    for _ in 0..32 {
        let (cx, cy) =
            (rng.range(margin, side as f32 - margin), rng.range(margin, side as f32 - margin));
        let at = (cy as usize).min(side - 1) * side + (cx as usize).min(side - 1);
        if labels[at] == 0 {
            centre = Some((cx, cy));
            break;
        }
    }
    let Some((cx, cy)) = centre else { return };
    let (s, c) = angle.sin_cos();
    let reach = a.ceil() as isize + 2;
    let mut near: Vec<(f32, usize)> = Vec::new();
    for dy in -reach..=reach {
        for dx in -reach..=reach {
            let (x, y) = (cx as isize + dx, cy as isize + dy);
            if x < 0 || y < 0 || x >= side as isize || y >= side as isize {
                continue;
            }
            let i = y as usize * side + x as usize;
            if labels[i] == ISLAND as u8 {
                continue;
            }
            let (ex, ey) = (x as f32 + 0.5 - cx, y as f32 + 0.5 - cy);
            let u = (ex * c + ey * s) / a;
            let v = (-ex * s + ey * c) / b;
            near.push((u * u + v * v, i));
        }
    }
    near.sort_by(|p, q| p.0.total_cmp(&q.0).then(p.1.cmp(&q.1)));
    let inside = near.iter().take_while(|p| p.0 <= 1.0).count();
    for &(_, i) in &near[..inside.max(SHIP_MIN_PIXELS).min(near.len())] {
        labels[i] = SHIP as u8;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::Preset;

    #[test]
    fn the_island_has_its_exact_share_and_ships_stay_on_the_sea() {
        let settings = Preset::MultiClass.settings();
        let n = settings.side * settings.side;
        let mut rng = Pcg32::new(3, 1);
        for k in 0..40 {
            let s = image(&settings, k % 4 == 0, &mut rng);
            let count = |c: usize| s.labels.iter().filter(|&&l| l as usize == c).count();
            let land = count(ISLAND) as f32 / n as f32;
            // The island's share was drawn in [0.15, 0.30); ships only take sea pixels.
            assert!((0.15 - 0.5 / n as f32..0.30 + 0.5 / n as f32).contains(&land), "{land}");
            let ships = count(SHIP);
            if k % 4 == 0 {
                assert_eq!(ships, 0, "sea-only image {k}");
            } else {
                assert!(ships >= SHIP_MIN_PIXELS, "image {k}: {ships} ship pixels");
            }
            let mask: usize = s.mask.iter().filter(|&&m| m == 1.0).count();
            assert_eq!(mask, ships, "the mask is the ships' class");
        }
    }
}
