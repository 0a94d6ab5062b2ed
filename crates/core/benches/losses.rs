//! Criterion benchmark: value and both gradients of every loss at 256×256 and 512×512, f32
//! buffers reused across runs (no allocation inside an evaluation), one thread. The scene is
//! a tiny object (a 9-pixel disc) with a soft prediction, as in `losslab bench`; the losses of
//! `losses-compound.md` also on an uncertain prediction (every p in [0.3, 0.7], so every
//! Lovász error is positive and the whole image is sorted: the ranking losses' worst case).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use losslab_core::{Binary, Evaluation, Loss, LossName};
use std::hint::black_box;

/// A side×side scene: a 3×3 object in the middle predicted at 0.8, background at 0.01,
/// with a little deterministic texture so no two pixels are alike.
fn scene(side: usize) -> (Vec<f32>, Vec<f32>) {
    let n = side * side;
    let mut target = vec![0.0f32; n];
    let mut prob = vec![0.0f32; n];
    let c = side / 2;
    for (i, (t, p)) in target.iter_mut().zip(prob.iter_mut()).enumerate() {
        let (r, col) = (i / side, i % side);
        let inside = r.abs_diff(c) <= 1 && col.abs_diff(c) <= 1;
        let jitter = ((i * 2_654_435_761) % 1000) as f32 * 1e-5;
        *t = if inside { 1.0 } else { 0.0 };
        *p = if inside { 0.8 - jitter } else { 0.01 + jitter };
    }
    (target, prob)
}

/// The same target with every prediction uncertain: p in [0.3, 0.7], no two alike.
fn uncertain(side: usize) -> (Vec<f32>, Vec<f32>) {
    let (target, _) = scene(side);
    let prob =
        (0..side * side).map(|i| 0.3 + ((i * 2_654_435_761) % 100_003) as f32 * 4e-6).collect();
    (target, prob)
}

/// One group: every loss of `names` on one scene.
fn group(
    c: &mut Criterion,
    label: String,
    (target, prob): (Vec<f32>, Vec<f32>),
    names: &[LossName],
) {
    let side = (target.len() as f64).sqrt() as usize;
    // Two inputs in turn, one background pixel apart, so clDice's memo of its last input
    // (which serves Dice + clDice on the same input) never answers here.
    let mut other = prob.clone();
    other[0] *= 0.5;
    let inputs = [&prob, &other].map(|prob| {
        Binary::new(&target, prob)
            .and_then(|input| input.with_shape(side, side))
            .expect("the scene is valid")
    });
    let mut group = c.benchmark_group(label);
    group.throughput(Throughput::Elements(target.len() as u64));
    let mut out = Evaluation::<f32>::new();
    for &name in names {
        let loss = Loss::default_for(name);
        let mut turn = 0;
        group.bench_with_input(BenchmarkId::from_parameter(name), &inputs, |b, inputs| {
            b.iter(|| {
                turn ^= 1;
                loss.evaluate_into(black_box(inputs[turn]), &mut out);
                black_box(out.value)
            })
        });
    }
    group.finish();
}

fn losses(c: &mut Criterion) {
    for side in [256usize, 512] {
        group(c, format!("{side}x{side}"), scene(side), &LossName::ALL);
    }
    group(c, "512x512-uncertain".to_string(), uncertain(512), &LossName::COMPOUND);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(std::time::Duration::from_secs(2));
    targets = losses
}
criterion_main!(benches);
