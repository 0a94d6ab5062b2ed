//! Pictures: a few training samples (sea in grey-blue, ships outlined), and each network's
//! prediction on a few validation images (`p ≥ 0.5` in the loss's colour, below it a light
//! tint, missed ship pixels black; a 32×32 window around the ship when the images are larger, so a ship of
//! a few pixels can be seen), refreshed after each validation. In the multi-class race a
//! prediction is each pixel's argmax class: the island in sand, ships in the runner's colour,
//! missed ship pixels black, the sea white; the input pictures outline the ships and show the
//! island dark, as the network sees it.

use super::super::canvas::put_rgba;
use super::super::i18n::{tr, I18n};
use super::ctx::RaceCtx;
use super::style::{key, look, Look};
use leptos::html;
use leptos::prelude::*;
use losslab_core::train::{Race, Sample, ISLAND, SHIP};
use web_sys::HtmlCanvasElement;

/// Gap between pictures in a strip, pixels.
const GAP: usize = 2;
/// Outline colour of the ships.
const OUTLINE: [u8; 3] = [0xff, 0xd8, 0x1a];
const DARK_OUTLINE: [u8; 3] = [0x11, 0x18, 0x27];
/// The island class in a multi-class prediction.
const SAND: [u8; 3] = [0xd9, 0xc2, 0x8f];

/// Whether pixel `i` of a `side` mask is a ship pixel on the ship's edge.
fn edge(mask: &[f32], side: usize, i: usize) -> bool {
    if mask[i] < 0.5 {
        return false;
    }
    let (y, x) = (i / side, i % side);
    let off = |yy: usize, xx: usize| mask[yy * side + xx] < 0.5;
    x == 0
        || y == 0
        || x + 1 == side
        || y + 1 == side
        || off(y, x - 1)
        || off(y, x + 1)
        || off(y - 1, x)
        || off(y + 1, x)
}

/// Up to three validation images with ships, then one without (if any).
pub fn shown_val(race: &Race) -> Vec<usize> {
    let val = &race.data().val;
    let mut out: Vec<usize> = (0..val.len()).filter(|&i| !val[i].is_empty()).take(3).collect();
    out.extend((0..val.len()).find(|&i| val[i].is_empty()));
    out
}

/// Side of the window shown around a ship when the images are larger.
const WINDOW: usize = 32;

/// The window shown of a validation image: `WINDOW` pixels around the ship's centre (the
/// middle for a sea-only image), or the whole image if it is that small already.
fn window(sample: &Sample, side: usize) -> (usize, usize, usize) {
    if side <= WINDOW {
        return (0, 0, side);
    }
    let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
    for (i, &m) in sample.mask.iter().enumerate() {
        if m >= 0.5 {
            sx += (i % side) as f64;
            sy += (i / side) as f64;
            n += 1.0;
        }
    }
    let (cx, cy) = if n > 0.0 { (sx / n, sy / n) } else { (side as f64 / 2.0, side as f64 / 2.0) };
    let origin = |c: f64| (c.round() as usize).saturating_sub(WINDOW / 2).min(side - WINDOW);
    (origin(cx), origin(cy), WINDOW)
}

/// The pixels of `picture` (a `side` image) inside `(x0, y0, w)`.
fn cut(picture: Vec<[u8; 3]>, side: usize, (x0, y0, w): (usize, usize, usize)) -> Vec<[u8; 3]> {
    (y0..y0 + w).flat_map(|y| picture[y * side + x0..y * side + x0 + w].to_vec()).collect()
}

/// RGBA of a strip of pictures, each `side` wide, `GAP` apart.
fn strip(side: usize, pictures: &[Vec<[u8; 3]>]) -> (Vec<u8>, usize) {
    let width = pictures.len() * side + pictures.len().saturating_sub(1) * GAP;
    let mut rgba = vec![255u8; width * side * 4];
    for (k, pic) in pictures.iter().enumerate() {
        for (i, rgb) in pic.iter().enumerate() {
            let (y, x) = (i / side, i % side + k * (side + GAP));
            let at = (y * width + x) * 4;
            rgba[at..at + 3].copy_from_slice(rgb);
        }
    }
    (rgba, width.max(1))
}

/// The sea image in grey-blue, ships outlined.
fn sea(sample: &Sample, side: usize) -> Vec<[u8; 3]> {
    let (lo, hi) = sample
        .image
        .iter()
        .fold((f32::INFINITY, f32::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
    let span = (hi - lo).max(1e-6);
    (0..side * side)
        .map(|i| {
            if edge(&sample.mask, side, i) {
                return OUTLINE;
            }
            let t = (sample.image[i] - lo) / span;
            [(20.0 + 200.0 * t) as u8, (40.0 + 200.0 * t) as u8, (70.0 + 185.0 * t) as u8]
        })
        .collect()
}

/// A prediction: pixels the network calls ship (`p ≥ 0.5`) in the runner's full colour, the
/// others tinted lightly by `p` (white at 0), ship pixels it misses in black.
fn prediction(prob: &[f32], sample: &Sample, side: usize, look: Look) -> Vec<[u8; 3]> {
    let (r, g, b) = look.rgb;
    let mix = |c: u8, t: f32| (255.0 + (c as f32 - 255.0) * t.clamp(0.0, 1.0)) as u8;
    (0..side * side)
        .map(|i| {
            let p = prob[i];
            if p >= 0.5 {
                [r, g, b]
            } else if sample.mask[i] >= 0.5 {
                DARK_OUTLINE
            } else {
                let t = 0.6 * p;
                [mix(r, t), mix(g, t), mix(b, t)]
            }
        })
        .collect()
}

/// A multi-class prediction: each pixel's argmax class (`labels`), the island in sand, ships
/// in the runner's colour, ship pixels predicted as another class in black, the sea white.
fn class_prediction(labels: &[u8], sample: &Sample, look: Look) -> Vec<[u8; 3]> {
    let (r, g, b) = look.rgb;
    labels
        .iter()
        .zip(&sample.labels)
        .map(|(&said, &truth)| match (said as usize, truth as usize) {
            (SHIP, _) => [r, g, b],
            (_, SHIP) => DARK_OUTLINE,
            (ISLAND, _) => SAND,
            _ => [0xff, 0xff, 0xff],
        })
        .collect()
}

fn put(canvas: &HtmlCanvasElement, side: usize, pictures: &[Vec<[u8; 3]>]) -> Option<()> {
    let (rgba, width) = strip(side, pictures);
    put_rgba(canvas, &rgba, width as u32, side as u32).ok()
}

/// One network's predictions on the shown validation images (`data-race-pred` names its
/// loss, `data-race-runner` its index in the race).
#[component]
fn PredictionRow(name: String, label: String, index: usize) -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let canvas = NodeRef::<html::Canvas>::new();
    // Recomputed when a validation has been recorded (or the race was reset).
    let key = Memo::new(move |_| {
        ctx.version.track();
        ctx.engine.try_with_value(|r| {
            (r.runners().get(index).map(|x| x.history.val.len()), r.settings().clone())
        })
    });
    Effect::new(move |_| {
        // Read, not `track()`ed: `Memo::track` subscribes without recomputing the memo, so
        // the pictures stayed those of the race's first draw (step 0, the first preset).
        key.with(|_| ());
        let Some(el) = canvas.get() else { return };
        ctx.engine.try_update_value(|r| {
            let side = r.data().side;
            let mut w = side;
            let pictures: Vec<Vec<[u8; 3]>> = shown_val(r)
                .into_iter()
                .filter_map(|i| {
                    let picture = match r.predict_labels(index, i) {
                        Some(labels) => class_prediction(&labels, &r.data().val[i], look(r, index)),
                        None => {
                            let prob = r.predict(index, i)?;
                            prediction(&prob, &r.data().val[i], side, look(r, index))
                        }
                    };
                    let win = window(&r.data().val[i], side);
                    w = win.2;
                    Some(cut(picture, side, win))
                })
                .collect();
            put(&el, w, &pictures);
        });
    });
    let border =
        ctx.engine.with_value(|r| format!("border-bottom: 3px solid {}", look(r, index).css()));
    view! {
        <figure class="race-pred">
            <figcaption><code style=border>{label}</code></figcaption>
            <canvas node_ref=canvas class="race-pixels" data-race-pred=name data-race-runner=index></canvas>
        </figure>
    }
}

/// Training samples, then each network's predictions.
#[component]
pub fn Images() -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let i18n = expect_context::<I18n>();
    let samples = NodeRef::<html::Canvas>::new();
    let inputs = NodeRef::<html::Canvas>::new();
    // The data change only with the settings and the user's images (which ones, and whether
    // the race is on them).
    let fresh = Memo::new(move |_| {
        ctx.version.track();
        let images = ctx.user.with(|u| u.as_ref().map(|a| std::sync::Arc::as_ptr(a) as usize));
        ctx.engine.with_value(|r| (r.settings().clone(), images, r.data().user.is_some()))
    });
    Effect::new(move |_| {
        fresh.with(|_| ());
        let (Some(s), Some(v)) = (samples.get(), inputs.get()) else { return };
        ctx.engine.with_value(|r| {
            let side = r.data().side;
            let train: Vec<Vec<[u8; 3]>> =
                r.data().train.iter().take(6).map(|x| sea(x, side)).collect();
            put(&s, side, &train);
            let shown = shown_val(r);
            let val: Vec<Vec<[u8; 3]>> = shown
                .iter()
                .map(|&i| {
                    let sample = &r.data().val[i];
                    cut(sea(sample, side), side, window(sample, side))
                })
                .collect();
            let w = shown.first().map_or(side, |&i| window(&r.data().val[i], side).2);
            put(&v, w, &val);
        });
    });
    let rows = Memo::new(move |_| {
        ctx.version.track();
        ctx.engine.with_value(|r| {
            r.runners()
                .iter()
                .enumerate()
                .map(|(k, x)| (k, key(x), x.label.clone()))
                .collect::<Vec<_>>()
        })
    });
    let user = move || ctx.on_user_data();
    view! {
        <div class="card race-images">
            <h3>{move || if user() { i18n.t("race.user.samples") } else { i18n.t("race.samples") }}</h3>
            <canvas node_ref=samples class="race-pixels race-samples" data-race-samples></canvas>
            <Show when=move || { ctx.version.track(); ctx.engine.with_value(|r| r.classes() > 1) }
                fallback=move || view! { <h3>{move || if user() { i18n.t("race.user.predictions") } else { i18n.t("race.predictions") }}</h3> }>
                <h3>{tr("race.predictions_mc")}</h3>
            </Show>
            <div class="race-preds">
                <figure class="race-pred">
                    <figcaption><code>{tr("race.input")}</code></figcaption>
                    <canvas node_ref=inputs class="race-pixels"></canvas>
                </figure>
                <For each=move || rows.get() key=|item| item.clone() let:item>
                    <PredictionRow name=item.1 label=item.2 index=item.0 />
                </For>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 64×64 mask with a ship at (13, 31)–(14, 32): the window starts at x 0 (clamped) and
    /// y 32 − 16 = 16 (the ship's rounded centre minus half the window), and the cut puts
    /// the ship pixel (13, 31) at (13, 15) of the window.
    #[test]
    fn windows_centre_the_ship_and_stay_inside() {
        let mut mask = vec![0.0f32; 64 * 64];
        for (x, y) in [(13, 31), (13, 32), (14, 32)] {
            mask[y * 64 + x] = 1.0;
        }
        let sample = Sample { image: vec![0.0; 64 * 64], mask, labels: Vec::new() };
        let win = window(&sample, 64);
        assert_eq!(win, (0, 16, 32));
        let picture: Vec<[u8; 3]> =
            (0..64 * 64).map(|i| [(i % 64) as u8, (i / 64) as u8, 0]).collect();
        let cut = cut(picture, 64, win);
        assert_eq!(cut.len(), 32 * 32);
        assert_eq!(cut[15 * 32 + 13], [13, 31, 0]);
        assert_eq!(window(&sample, 32), (0, 0, 32), "small images are shown whole");
    }
}
