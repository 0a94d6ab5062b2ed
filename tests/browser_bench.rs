//! Browser benchmark, in headless Chromium (wasm-bindgen-test):
//!
//! - **all losses**: the time to evaluate all the losses (the seventeen of `losses.md` and `losses-compound.md`) with both gradients
//!   (`Loss::evaluate_into`, f64 buffers, buffers reused), at 64×64 and 256×256;
//! - **stroke → board**: the time from a pointer stroke on `canvas[data-layer="target"]` of
//!   the mounted app to every `[data-loss]` of the board showing the new scene, at 64×64 and
//!   256×256 (`grid-size` hook).
//!
//! - **race**: steps per second of the training race's default preset (64×64, batch 8, ten
//!   losses, `losslab_core::train`), the compute alone, as the page's work loop runs it.
//!
//! Medians of `performance.now()` samples. Built with `LOSSLAB_BENCH=1` (see
//! `scripts/bench-browser.sh`, which also builds `--release`) it measures and prints the
//! figures; without it, as in `scripts/test.sh`, it is a quick smoke run that only checks the
//! measurement works. Timings are never asserted: tests check behaviour.
#![cfg(target_arch = "wasm32")]

use losslab_core::{Binary, Evaluation, Loss, LossName, Pixel};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Whether this build measures for real (`LOSSLAB_BENCH=1`) or only smoke-tests.
const FULL: bool = option_env!("LOSSLAB_BENCH").is_some();

#[wasm_bindgen(inline_js = r#"
export function now_ms() { return performance.now(); }

export function sleep_ms(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }

function board() {
  const out = {};
  for (const el of document.querySelectorAll('[data-loss][data-value]')) {
    out[el.getAttribute('data-loss')] = el.getAttribute('data-value');
  }
  return out;
}

export function board_size() { return Object.keys(board()).length; }

// Sets a hooked control (input or select) as a person's edit ends: value, input, change.
export function set_control(testid, value) {
  const el = document.querySelector(`[data-testid="${testid}"]`);
  if (!el) return false;
  const proto = el instanceof HTMLSelectElement ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, String(value));
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
}

export function click_control(testid) {
  const el = document.querySelector(`[data-testid="${testid}"]`);
  if (!el) return false;
  el.click();
  return true;
}

export function control_attr(testid, attr) {
  const el = document.querySelector(`[data-testid="${testid}"]`);
  return el ? el.getAttribute(attr) : null;
}

// One short horizontal stroke (pointerdown, 8 pointermoves, pointerup) at `yFrac` of the target
// canvas' height. Resolves with the milliseconds from pointerdown to the last change of a board
// value within `windowMs` (nothing else changes the board meanwhile, so that is when the board
// became current with the whole stroke), or -1 if not every value changed (but a 0 that stays 0).
export function stroke_to_board(yFrac, x0Frac, x1Frac, windowMs) {
  const canvas = document.querySelector('canvas[data-layer="target"]');
  if (!canvas) return Promise.resolve(-2);
  const before = board();
  const names = Object.keys(before);
  const rect = canvas.getBoundingClientRect();
  const y = rect.top + rect.height * yFrac;
  const xAt = (t) => rect.left + rect.width * (x0Frac + (x1Frac - x0Frac) * t);
  const ev = (type, t, buttons) => new PointerEvent(type, {
    bubbles: true, cancelable: true, composed: true, pointerId: 1, pointerType: 'mouse',
    isPrimary: true, button: 0, buttons, clientX: xAt(t), clientY: y,
  });
  return new Promise((resolve) => {
    let last = -1;
    const observer = new MutationObserver((records) => {
      const t = performance.now();
      for (const r of records) {
        if (r.target.hasAttribute('data-loss') && r.oldValue !== r.target.getAttribute('data-value')) {
          last = t;
        }
      }
    });
    observer.observe(document.body, {
      subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ['data-value'],
    });
    const t0 = performance.now();
    canvas.dispatchEvent(ev('pointerdown', 0, 1));
    for (let i = 1; i <= 8; i++) canvas.dispatchEvent(ev('pointermove', i / 8, 1));
    canvas.dispatchEvent(ev('pointerup', 1, 0));
    setTimeout(() => {
      observer.takeRecords();
      observer.disconnect();
      const now = board();
      // A loss at exactly 0 before and after cannot show the update: the Lovász hinge on a
      // prediction confident beyond its margin everywhere (the default scene's).
      const current = names.every((n) => now[n] !== before[n] || Number(now[n]) === 0);
      resolve(current && last >= 0 ? last - t0 : -1);
    }, windowMs);
  });
}
"#)]
extern "C" {
    fn now_ms() -> f64;
    fn sleep_ms(ms: u32) -> js_sys::Promise;
    fn board_size() -> u32;
    fn set_control(testid: &str, value: &str) -> bool;
    fn click_control(testid: &str) -> bool;
    fn control_attr(testid: &str, attr: &str) -> Option<String>;
    fn stroke_to_board(y_frac: f64, x0_frac: f64, x1_frac: f64, window_ms: u32) -> js_sys::Promise;
}

async fn sleep(ms: u32) {
    let _ = JsFuture::from(sleep_ms(ms)).await;
}

fn median(samples: &mut [f64]) -> f64 {
    samples.sort_by(f64::total_cmp);
    let n = samples.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        samples[n / 2]
    } else {
        (samples[n / 2 - 1] + samples[n / 2]) / 2.0
    }
}

/// A deterministic scene of `side`×`side` pixels: a disc target of radius side/8 and a
/// prediction that follows it softly (0.9 inside, 0.05–0.2 outside, a smooth edge).
fn scene(side: usize) -> (Vec<f64>, Vec<f64>) {
    let c = side as f64 / 2.0;
    let r = side as f64 / 8.0;
    let mut target = Vec::with_capacity(side * side);
    let mut prob = Vec::with_capacity(side * side);
    for y in 0..side {
        for x in 0..side {
            let d = ((x as f64 + 0.5 - c).powi(2) + (y as f64 + 0.5 - c).powi(2)).sqrt();
            target.push(if d <= r { 1.0 } else { 0.0 });
            let edge = 1.0 / (1.0 + ((d - r) / 1.5).exp());
            let wobble = 0.05 + 0.15 * (((x * 7 + y * 13) % 17) as f64 / 16.0);
            prob.push((0.9 * edge + wobble * (1.0 - edge)).clamp(0.0, 1.0));
        }
    }
    (target, prob)
}

/// Median milliseconds of one pass over every loss at `side`×`side`, with `T` buffers.
fn time_all_losses<T: Pixel>(side: usize) -> (f64, usize) {
    let (target, prob) = scene(side);
    let target: Vec<T> = target.into_iter().map(T::from_f64).collect();
    let prob: Vec<T> = prob.into_iter().map(T::from_f64).collect();
    let input = Binary::new(&target, &prob)
        .and_then(|input| input.with_shape(side, side))
        .expect("a valid scene");
    let losses: Vec<Loss> = LossName::ALL.iter().map(|&n| Loss::default_for(n)).collect();
    let mut outs: Vec<Evaluation<T>> = losses.iter().map(|_| Evaluation::new()).collect();
    let pass = |outs: &mut [Evaluation<T>]| {
        for (loss, out) in losses.iter().zip(outs.iter_mut()) {
            loss.evaluate_into(input, out);
        }
    };
    // Warm up, and find how many passes make a batch of ≥ 5 ms (performance.now() is
    // coarsened in the browser, so short passes are timed in batches).
    pass(&mut outs);
    let mut per_batch = 1usize;
    if FULL {
        // Warm up for 1 s: V8 first runs wasm in its baseline tier and compiles the optimised
        // code in the background, which a loaded 2-core machine may delay.
        let t0 = now_ms();
        while now_ms() - t0 < 1000.0 {
            pass(&mut outs);
        }
        loop {
            let t0 = now_ms();
            for _ in 0..per_batch {
                pass(&mut outs);
            }
            if now_ms() - t0 >= 5.0 || per_batch >= 1 << 16 {
                break;
            }
            per_batch *= 2;
        }
    }
    let batches = if FULL { 21 } else { 2 };
    let mut samples = Vec::with_capacity(batches);
    for _ in 0..batches {
        let t0 = now_ms();
        for _ in 0..per_batch {
            pass(&mut outs);
        }
        samples.push((now_ms() - t0) / per_batch as f64);
    }
    for out in &outs {
        assert!(out.value.is_finite(), "{:?} gave {}", out.loss, out.value);
        assert_eq!(out.grad_logit.len(), side * side);
        assert!(out.grad_prob.iter().chain(&out.grad_logit).all(|g| g.to_f64().is_finite()));
    }
    (median(&mut samples), per_batch)
}

/// Median milliseconds of each loss alone at `side`×`side` (full runs only).
fn time_each_loss(side: usize) -> Vec<(LossName, f64)> {
    let (target, prob) = scene(side);
    let input = Binary::new(&target, &prob)
        .and_then(|input| input.with_shape(side, side))
        .expect("a valid scene");
    let mut out = Evaluation::new();
    LossName::ALL
        .iter()
        .map(|&name| {
            let loss = Loss::default_for(name);
            loss.evaluate_into(input, &mut out);
            let mut samples: Vec<f64> = (0..15)
                .map(|_| {
                    let t0 = now_ms();
                    for _ in 0..4 {
                        loss.evaluate_into(input, &mut out);
                    }
                    (now_ms() - t0) / 4.0
                })
                .collect();
            (name, median(&mut samples))
        })
        .collect()
}

#[wasm_bindgen_test]
fn all_losses_with_both_gradients() {
    for side in [64, 256] {
        for (buffers, (ms, per_batch)) in
            [("f64", time_all_losses::<f64>(side)), ("f32", time_all_losses::<f32>(side))]
        {
            assert!(ms.is_finite() && ms >= 0.0);
            console_log!(
                "browser-bench: all {} losses, value + grad_prob + grad_logit, {side}x{side}, \
                 {buffers} buffers: median {ms:.3} ms per pass (batches of {per_batch}){}",
                LossName::COUNT,
                if FULL { "" } else { " [smoke run, not a measurement]" }
            );
        }
    }
    if FULL {
        let each: Vec<String> = time_each_loss(256)
            .into_iter()
            .map(|(name, ms)| format!("{} {ms:.2}", name.as_str()))
            .collect();
        console_log!("browser-bench: each loss alone, 256x256, ms: {}", each.join(", "));
    }
}

#[wasm_bindgen_test]
async fn stroke_to_board_current() {
    let document = web_sys::window().expect("a window").document().expect("a document");
    let host = document.create_element("div").expect("a div");
    document.body().expect("a body").append_child(&host).expect("appended");
    // Kept alive until the end of the test: dropping it unmounts the app.
    let _mounted = losslab_app::mount_to(host.unchecked_into());
    for _ in 0..100 {
        if board_size() as usize == LossName::COUNT {
            break;
        }
        sleep(50).await;
    }
    assert_eq!(board_size() as usize, LossName::COUNT, "the mounted app shows every loss");

    let has_undo = control_attr("undo", "data-testid").is_some();
    let max_grid: usize =
        control_attr("grid-size", "max").and_then(|m| m.parse().ok()).unwrap_or(usize::MAX);
    for side in [64usize, 256] {
        if side > max_grid {
            console_log!("browser-bench: stroke -> board, {side}x{side}: grid-size max is {max_grid}, skipped");
            continue;
        }
        assert!(set_control("grid-size", &side.to_string()), "a grid-size control");
        sleep(200).await;
        let strokes = if FULL { 25 } else { 2 };
        let mut samples = Vec::with_capacity(strokes);
        for i in 0..strokes {
            // The same stroke each time, undone after it (`undo` hook) so that it paints new
            // pixels again; without an undo control, strokes on different rows.
            let y = if has_undo { 0.08 } else { 0.04 + 0.3 * (i as f64 / strokes as f64) };
            let ms = JsFuture::from(stroke_to_board(y, 0.1, 0.6, if FULL { 400 } else { 1000 }))
                .await
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(-3.0);
            assert!(ms >= 0.0, "stroke {i} at {side}x{side}: the board did not update ({ms})");
            samples.push(ms);
            sleep(20).await;
            if has_undo {
                click_control("undo");
                sleep(20).await;
            }
        }
        let med = median(&mut samples);
        let max = samples.iter().copied().fold(0.0, f64::max);
        console_log!(
            "browser-bench: stroke -> board current, {side}x{side}: median {med:.2} ms, max \
             {max:.2} ms over {strokes} strokes{}",
            if FULL { "" } else { " [smoke run, not a measurement]" }
        );
    }
}

#[wasm_bindgen_test]
fn race_steps_per_second() {
    use losslab_core::train::{Preset, Race};
    let settings = Preset::Extreme.settings();
    let mut race = Race::new(&settings);
    race.step_once();
    // Warm up (see above), then time blocks of steps.
    let warm = if FULL { 1000.0 } else { 0.0 };
    let t0 = now_ms();
    while now_ms() - t0 < warm {
        race.step_once();
    }
    let (blocks, per_block) = if FULL { (9, 10) } else { (1, 2) };
    let mut samples = Vec::with_capacity(blocks);
    for _ in 0..blocks {
        let t0 = now_ms();
        race.run(per_block);
        samples.push(per_block as f64 * 1000.0 / (now_ms() - t0).max(1e-3));
    }
    let rate = median(&mut samples);
    assert!(rate.is_finite() && rate > 0.0);
    console_log!(
        "browser-bench: race, default preset (64x64, batch 8, ten losses): median {rate:.1} steps/s over {blocks} blocks of {per_block} steps{}",
        if FULL { "" } else { " [smoke run, not a measurement]" }
    );
}

/// `count` pairs of `side`×`side`: discs of radius 0 (empty), then growing up to side/6, each
/// with a soft prediction that follows it (the benchmark scene's rule, shifted a little).
fn data_set(count: usize, side: usize) -> Vec<losslab_core::data::Pair> {
    (0..count)
        .map(|i| {
            let r = if i % 10 == 0 { 0.0 } else { (i % 37) as f64 * side as f64 / 6.0 / 37.0 };
            let (c, shift) = (side as f64 / 2.0, (i % 5) as f64);
            let mut target = Vec::with_capacity(side * side);
            let mut prob = Vec::with_capacity(side * side);
            for y in 0..side {
                for x in 0..side {
                    let d = ((x as f64 + 0.5 - c).powi(2) + (y as f64 + 0.5 - c).powi(2)).sqrt();
                    target.push(if d <= r { 1.0 } else { 0.0 });
                    let e = ((x as f64 + 0.5 - c - shift).powi(2) + (y as f64 + 0.5 - c).powi(2))
                        .sqrt();
                    let edge = 1.0 / (1.0 + ((e - r) / 1.5).exp());
                    let wobble = 0.05 + 0.15 * (((x * 7 + y * 13 + i) % 17) as f64 / 16.0);
                    prob.push((0.9 * edge + wobble * (1.0 - edge)).clamp(0.0, 1.0));
                }
            }
            losslab_core::data::Pair {
                name: format!("case{i:03}"),
                shape: vec![side, side],
                target,
                prob,
                logit: None,
            }
        })
        .collect()
}

/// Your data: 100 pairs of 256×256 evaluated with every loss (`data::evaluate_pair_with`, what the
/// "Your data" view runs after decoding), decode excluded. Goal: under 1 s.
#[wasm_bindgen_test]
fn data_set_of_100_pairs() {
    let (count, side) = if FULL { (100, 256) } else { (4, 32) };
    let pairs = data_set(count, side);
    let mut eval = Evaluation::new();
    let mut run = |losses: &[Loss]| -> f64 {
        let t0 = now_ms();
        for pair in &pairs {
            let report =
                losslab_core::data::evaluate_pair_with(pair, losses, &mut eval).expect("evaluates");
            assert_eq!(report.losses.len(), losses.len());
        }
        now_ms() - t0
    };
    let all: Vec<Loss> = LossName::ALL.iter().map(|&n| Loss::default_for(n)).collect();
    let article: Vec<Loss> = LossName::ARTICLE.iter().map(|&n| Loss::default_for(n)).collect();
    run(&all);
    let repeats = if FULL { 3 } else { 1 };
    let mut every: Vec<f64> = (0..repeats).map(|_| run(&all)).collect();
    let mut ten: Vec<f64> = (0..repeats).map(|_| run(&article)).collect();
    let (every, ten) = (median(&mut every), median(&mut ten));
    assert!(every.is_finite() && ten.is_finite());
    console_log!(
        "browser-bench: your data, {count} pairs of {side}x{side}: all {} losses {every:.0} ms, \
         the article's ten {ten:.0} ms (median of {repeats}){}",
        LossName::COUNT,
        if FULL { "" } else { " [smoke run, not a measurement]" }
    );
    if FULL {
        // Each loss over the whole set on the reused `Evaluation`: the parts of the total.
        let each: Vec<String> = LossName::ALL
            .iter()
            .map(|&n| format!("{} {:.0}", n.as_str(), run(&[Loss::default_for(n)])))
            .collect();
        console_log!(
            "browser-bench: your data, {count} pairs, ms per loss over the set: {}",
            each.join(", ")
        );
    }
}
