//! Criterion benchmark of the own-data loader (`data/`): decode throughput of files built in
//! memory — a 2048×2048 float32 `.npy`, a 256×256×64 float32 `.nii.gz` and a 2048×2048
//! 16-bit grey PNG, each a smooth probability map with a little texture — in bytes of file
//! per second (criterion's MB/s, decimal), and `evaluate_pair` with every loss on a 256×256
//! pair (a disc and a soft prediction), one thread.
//!
//! With `LOSSLAB_BENCH_WRITE=DIR` the three files are also written to `DIR` (to compare with
//! reading them from disk: `dd if=DIR/x of=/dev/null bs=4M iflag=direct`, `cat`).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use flate2::write::GzEncoder;
use losslab_core::data::{decode, evaluate_pair, Array, Kind, Pair};
use losslab_core::{Binary, Evaluation, Loss, LossConfig, LossName};
use std::hint::black_box;
use std::io::Write;

/// A probability in [0, 1] at `(i, j)` of an `n`-pixel side: a smooth bump with a
/// deterministic texture of ±0.02 (so the compressed formats are not trivially small).
fn prob(i: usize, j: usize, n: usize) -> f64 {
    let (x, y) = (i as f64 / n as f64 - 0.5, j as f64 / n as f64 - 0.5);
    let bump = (-(x * x + y * y) * 12.0).exp();
    let texture = ((i * 7919 + j * 104_729) % 1000) as f64 * 4e-5 - 0.02;
    (0.9 * bump + 0.05 + texture).clamp(0.0, 1.0)
}

/// A version 1.0 `.npy` of float32 `[h, w]`, C order, little-endian.
fn npy_f32(h: usize, w: usize) -> Vec<u8> {
    let mut header = format!("{{'descr': '<f4', 'fortran_order': False, 'shape': ({h}, {w}), }}");
    while (10 + header.len() + 1) % 64 != 0 {
        header.push(' ');
    }
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend_from_slice(&(header.len() as u16).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    for i in 0..h {
        for j in 0..w {
            out.extend_from_slice(&(prob(i, j, h) as f32).to_le_bytes());
        }
    }
    out
}

/// A gzipped NIfTI-1 float32 volume of nibabel shape `(x, y, z)` (stored first axis fastest),
/// `vox_offset` 352, slope 1, intercept 0.
fn nii_gz_f32(x: usize, y: usize, z: usize) -> Vec<u8> {
    let mut h = vec![0u8; 352];
    let put =
        |h: &mut Vec<u8>, at: usize, bytes: &[u8]| h[at..at + bytes.len()].copy_from_slice(bytes);
    put(&mut h, 0, &348i32.to_le_bytes());
    for (k, d) in [3, x, y, z, 1, 1, 1, 1].iter().enumerate() {
        put(&mut h, 40 + 2 * k, &(*d as i16).to_le_bytes());
    }
    put(&mut h, 70, &16i16.to_le_bytes()); // datatype float32
    put(&mut h, 72, &32i16.to_le_bytes()); // bitpix
    for k in 0..8 {
        put(&mut h, 76 + 4 * k, &1f32.to_le_bytes()); // pixdim
    }
    put(&mut h, 108, &352f32.to_le_bytes()); // vox_offset
    put(&mut h, 112, &1f32.to_le_bytes()); // scl_slope
    put(&mut h, 344, b"n+1\0");
    let mut gz = GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(&h).expect("in memory");
    let mut data = Vec::with_capacity(x * y * z * 4);
    for k in 0..z {
        for j in 0..y {
            for i in 0..x {
                let p = prob(i, j + k, x);
                data.extend_from_slice(&(p as f32).to_le_bytes());
            }
        }
    }
    gz.write_all(&data).expect("in memory");
    gz.finish().expect("in memory")
}

/// A 16-bit grey PNG `[h, w]` of probabilities (value / 65535).
fn png_u16(h: usize, w: usize) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, w as u32, h as u32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Sixteen);
        let mut writer = encoder.write_header().expect("in memory");
        let mut data = Vec::with_capacity(h * w * 2);
        for i in 0..h {
            for j in 0..w {
                let v = (prob(i, j, h) * 65535.0).round() as u16;
                data.extend_from_slice(&v.to_be_bytes());
            }
        }
        writer.write_image_data(&data).expect("in memory");
    }
    out
}

fn decoding(c: &mut Criterion) {
    let files = [
        ("npy f32 2048x2048", "bench.npy", npy_f32(2048, 2048)),
        ("nii.gz f32 256x256x64", "bench.nii.gz", nii_gz_f32(256, 256, 64)),
        ("png u16 2048x2048", "bench.png", png_u16(2048, 2048)),
    ];
    if let Some(dir) = std::env::var_os("LOSSLAB_BENCH_WRITE") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("LOSSLAB_BENCH_WRITE: a folder");
        for (_, file, bytes) in &files {
            std::fs::write(dir.join(file), bytes).expect("write the file");
        }
    }
    let mut group = c.benchmark_group("decode");
    group.sample_size(10);
    for (name, file, bytes) in &files {
        let array = decode(file, bytes).expect("the file decodes");
        eprintln!(
            "{name}: {} bytes of file, {} values ({:.1} MB as raw f32)",
            bytes.len(),
            array.values.len(),
            array.values.len() as f64 * 4.0 / 1e6
        );
        group.throughput(Throughput::BytesDecimal(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(name), bytes, |b, bytes| {
            b.iter(|| black_box(decode(file, black_box(bytes)).expect("decodes").values.len()))
        });
    }
    // For comparison: the floor of reading those float32 values, a plain little-endian
    // conversion of the .npy's data bytes to f64 (what any decoder has to do at least).
    let (_, _, npy) = &files[0];
    let data = &npy[128..];
    group.throughput(Throughput::BytesDecimal(npy.len() as u64));
    group.bench_function("floor: f32 LE bytes to f64, 2048x2048", |b| {
        b.iter(|| {
            let v: Vec<f64> = black_box(data)
                .chunks_exact(4)
                .map(|c| f64::from(f32::from_le_bytes([c[0], c[1], c[2], c[3]])))
                .collect();
            black_box(v.len())
        })
    });
    group.finish();
}

fn evaluating(c: &mut Criterion) {
    let n = 256;
    let target: Vec<f64> = (0..n * n)
        .map(|k| {
            let (i, j) = ((k / n) as f64 - 100.0, (k % n) as f64 - 140.0);
            if i * i + j * j <= 20.0 * 20.0 {
                1.0
            } else {
                0.0
            }
        })
        .collect();
    let pred: Vec<f64> = (0..n * n).map(|k| prob(k / n, k % n, n)).collect();
    let t = Array { shape: vec![n, n], values: target, kind: Kind::Integer };
    let p = Array { shape: vec![n, n], values: pred, kind: Kind::Float };
    let pair = Pair::new("bench", &t, &p, false).expect("a valid pair");
    let losses: Vec<Loss> = LossName::ALL
        .iter()
        .map(|&name| Loss::new(LossConfig::default_for(name)).expect("defaults are valid"))
        .collect();
    let mut group = c.benchmark_group("evaluate_pair");
    group.sample_size(20);
    group.throughput(Throughput::Elements((n * n) as u64));
    group.bench_function(format!("{} losses 256x256", losses.len()), |b| {
        b.iter(|| black_box(evaluate_pair(black_box(&pair), &losses).expect("evaluates")))
    });
    group.finish();
    // Each loss alone on a reused `Evaluation` (as in the whole set), to see where the time of
    // the whole goes. Two inputs in turn, so clDice's memo of its last input never answers.
    let mut group = c.benchmark_group("evaluate_into");
    group.sample_size(20);
    group.throughput(Throughput::Elements((n * n) as u64));
    let shifted: Vec<f64> = pair.prob.iter().map(|&p| p * 0.999).collect();
    let inputs = [&pair.prob, &shifted].map(|prob| {
        Binary::new(&pair.target, prob).and_then(|i| i.with_shape(n, n)).expect("a valid input")
    });
    let mut eval = Evaluation::new();
    for loss in &losses {
        let mut turn = 0;
        group.bench_function(format!("{} 256x256", loss.name()), |b| {
            b.iter(|| {
                turn ^= 1;
                loss.evaluate_into(black_box(inputs[turn]), &mut eval);
                black_box(eval.value)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, decoding, evaluating);
criterion_main!(benches);
