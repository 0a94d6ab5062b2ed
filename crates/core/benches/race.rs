//! Criterion benchmark of the training race: one network's forward and backward pass on one
//! 64×64 image, one loss evaluation of a batch, one validation (16 images: forward passes,
//! thresholded counts, the average precision's sort of 65,536 pixel scores, the loss on the
//! fixed batch) and the average precision alone, and one full race step (ten losses, batch 8,
//! the default preset). Steps per second = 1 / the step's time.

use criterion::{criterion_group, criterion_main, Criterion};
use losslab_core::train::{average_precision, Net, Preset, Race, Workspace, PARAMS};
use losslab_core::{BatchReduction, Binary, Loss, LossName};
use std::hint::black_box;

fn race(c: &mut Criterion) {
    let settings = Preset::Extreme.settings();
    let race = Race::new(&settings);
    let sample = race.data().train[0].clone();
    let side = race.data().side;
    let net = Net::new(1);
    let mut ws = Workspace::default();
    let mut grad = vec![0.0f32; PARAMS];
    let mut group = c.benchmark_group("race-64x64");
    group.bench_function("forward", |b| {
        b.iter(|| net.forward(black_box(&sample.image), side, &mut ws))
    });
    net.forward(&sample.image, side, &mut ws);
    let grad_logit = vec![0.01f32; side * side];
    group.bench_function("backward", |b| {
        b.iter(|| net.backward(side, black_box(&grad_logit), &mut ws, &mut grad))
    });
    let targets: Vec<f32> = (0..8).flat_map(|_| sample.mask.iter().copied()).collect();
    let probs = vec![0.3f32; targets.len()];
    let input = Binary::new(&targets, &probs).expect("valid");
    let dice = Loss::default_for(LossName::Dice);
    group.bench_function("dice-batch-8", |b| {
        b.iter(|| dice.evaluate_batch(black_box(input), 8, BatchReduction::Pooled).map(|e| e.value))
    });
    let mut measuring = race.clone();
    group.bench_function("validation-16-images", |b| b.iter(|| measuring.measure(0, 0)));
    let pixels: Vec<(f32, bool)> = race
        .data()
        .val
        .iter()
        .flat_map(|s| s.image.iter().zip(&s.mask).map(|(&x, &m)| (x, m >= 0.5)))
        .collect();
    group.bench_function("average-precision-65536", |b| {
        b.iter(|| average_precision(&mut black_box(pixels.clone())))
    });
    group.sample_size(20);
    let mut running = race.clone();
    group.bench_function("step-10-losses-batch-8", |b| b.iter(|| running.step_once()));
    group.finish();
}

criterion_group!(benches, race);
criterion_main!(benches);
