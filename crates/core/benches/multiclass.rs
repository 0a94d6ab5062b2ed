//! Criterion benchmark of the multi-class engine (`multiclass.md`): value and both gradients
//! of every loss with channels on a batch of 4 images × 5 channels (background and four
//! classes: one large object, three small ones), softmax probabilities, at 64×64 (the app's
//! default grid) and 256×256, f64, one thread.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use losslab_core::multiclass::{activate, one_hot, McInput, McShape};
use losslab_core::params::multiclass::{Activation, McConfig, McLossName};
use std::hint::black_box;

/// Labels: class 1 a large square, classes 2–4 small squares, image `b` shifted by `b`;
/// logits favour the right class by 2 with a deterministic texture.
fn batch(side: usize) -> (McShape, Vec<f64>, Vec<f64>) {
    let shape = McShape { images: 4, classes: 5, height: side, width: side };
    let n = shape.pixels();
    let mut labels = vec![0.0; shape.images * n];
    for b in 0..shape.images {
        for i in 0..n {
            let (r, c) = (i / side, i % side);
            let square = |r0: usize, c0: usize, s: usize| {
                (r0..r0 + s).contains(&(r + b)) && (c0..c0 + s).contains(&c)
            };
            labels[b * n + i] = if square(side / 8, side / 8, side / 3) {
                1.0
            } else if square(side / 2, side / 2, 3) {
                2.0
            } else if square(side / 2, side / 8, 2) {
                3.0
            } else if b != 3 && square(side - 8, side - 8, 4) {
                4.0
            } else {
                0.0
            };
        }
    }
    let target = one_hot(&labels, shape).expect("valid labels");
    let logits: Vec<f64> = (0..shape.len())
        .map(|k| 2.0 * target[k] + ((k * 2_654_435_761) % 1000) as f64 * 1e-3)
        .collect();
    let prob = activate(&logits, shape, Activation::Softmax);
    (shape, target, prob)
}

fn engine(c: &mut Criterion) {
    for side in [64, 256] {
        let (shape, target, prob) = batch(side);
        let input = McInput::new(shape, &target, &prob, Activation::Softmax).expect("valid");
        let mut group = c.benchmark_group(format!("multiclass {side}x{side} B4 C5"));
        group.throughput(Throughput::Elements(shape.len() as u64));
        for (name, _) in McLossName::WORDS {
            let config = McConfig::from_params(*name, 5, &[], None).expect("defaults are valid");
            group.bench_with_input(BenchmarkId::from_parameter(name), &input, |b, &input| {
                b.iter(|| black_box(config.evaluate(black_box(input)).value))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, engine);
criterion_main!(benches);
