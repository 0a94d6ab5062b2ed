//! Runs every preset of the training race on its default seed and prints what it shows:
//! per runner (a loss and the parameters that differ) the final validation Dice, IoU,
//! precision, recall, average precision, the roughness of the training-loss curve and of the
//! loss on the fixed evaluation batch; for `bce_dice` the ratio of its parts (unweighted,
//! weighted, and of their gradients on the weights as SGD and Adam see them); for a
//! multi-class runner each class's Dice at argmax; and the speed.
//!
//! `cargo run --release -p losslab-core --example race_presets [preset…] [--set race.key=value…]`

use losslab_core::train::{roughness, Preset, Race, CLASS_NAMES};
use losslab_core::LossName;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut presets = Vec::new();
    let mut edits: Vec<(String, String)> = Vec::new();
    let mut i = 0;
    while i < args.len() {
        if args[i] == "--set" {
            let kv = args.get(i + 1).expect("--set key=value");
            let (k, v) = kv.split_once('=').expect("--set key=value");
            edits.push((k.to_owned(), v.to_owned()));
            i += 2;
            continue;
        }
        let name = &args[i];
        presets.push(Preset::parse(name).unwrap_or_else(|| panic!("unknown preset {name}")));
        i += 1;
    }
    if presets.is_empty() {
        presets = Preset::ALL.into_iter().filter(|&p| p != Preset::Custom).collect();
    }
    for preset in presets {
        let mut settings = preset.settings();
        for (k, v) in &edits {
            settings.apply(k, v).unwrap_or_else(|e| panic!("{e}"));
        }
        let t0 = Instant::now();
        let mut race = Race::new(&settings);
        let fg = race.data().pool_foreground();
        race.run(settings.steps);
        let secs = t0.elapsed().as_secs_f64();
        println!(
            "== {} (seed {}, {} steps, {}x{}, batch {}, {} {}; pool foreground {:.4} %): {:.1} steps/s",
            preset.as_str(),
            settings.seed,
            settings.steps,
            settings.input_side(),
            settings.input_side(),
            settings.batch,
            settings.optimizer.as_str(),
            settings.lr,
            100.0 * fg,
            settings.steps as f64 / secs
        );
        println!(
            "{:<28} {:>7} {:>7} {:>7} {:>7} {:>7} {:>9} {:>9} {:>9}",
            "runner", "dice", "iou", "prec", "recall", "ap", "rough", "rough_fx", "loss_end"
        );
        for r in race.runners() {
            let m = r.history.latest();
            let norm = r.history.normalized_loss();
            println!(
                "{:<28} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>7.4} {:>9.5} {:>9.5} {:>9.4}{}",
                r.label,
                m.dice,
                m.iou,
                m.precision,
                m.recall,
                m.ap,
                roughness(&norm),
                roughness(&r.history.normalized_fixed_loss()),
                norm.last().copied().unwrap_or(f64::NAN),
                r.diverged.as_deref().map(|d| format!("  DIVERGED: {d}")).unwrap_or_default()
            );
            if m.classes.classes > 0 {
                let per: Vec<String> = (0..m.classes.classes)
                    .map(|c| format!("{} {:.4}", CLASS_NAMES[c], m.classes.dice[c]))
                    .collect();
                println!("    Dice per class: {}", per.join(", "));
            }
            if r.name == Some(LossName::BceDice) {
                let parts = &r.history.parts;
                let n = parts.len();
                let avg = |range: std::ops::Range<usize>| {
                    let len = range.len().max(1) as f64;
                    let (b, d) = parts[range]
                        .iter()
                        .fold((0.0, 0.0), |(b, d), p| (b + p.values[0], d + p.values[1]));
                    (b / len, d / len)
                };
                let (b0, d0) = avg(0..n.min(10));
                let (b1, d1) = avg(n.saturating_sub(20)..n);
                println!(
                    "    bce_dice parts: first 10 steps bce {b0:.4} dice {d0:.4} (dice/bce {:.2}); last 20 steps bce {b1:.5} dice {d1:.4} (dice/bce {:.1})",
                    d0 / b0,
                    d1 / b1
                );
                let (w_bce, w_dice) = r.weights().unwrap_or((1.0, 1.0));
                let grads = &r.history.part_grads;
                let tail = &grads[grads.len().saturating_sub(20)..];
                let sum = |f: &dyn Fn(&losslab_core::train::PartGrads) -> f64| {
                    tail.iter().map(f).sum::<f64>()
                };
                println!(
                    "    last 20 steps, Dice ÷ BCE: weighted values {:.3}; gradient on the weights {:.3} (SGD view), {:.3} (Adam view)",
                    (w_dice * d1) / (w_bce * b1),
                    sum(&|g| g.norm[1]) / sum(&|g| g.norm[0]),
                    sum(&|g| g.adam[1]) / sum(&|g| g.adam[0])
                );
            }
        }
    }
}
