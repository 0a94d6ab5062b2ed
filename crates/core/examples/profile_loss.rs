//! Evaluates one loss `REPEATS` times on a 512×512 f32 scene with a tiny object, for
//! instruction counting (`valgrind --tool=callgrind`), which machine load does not disturb.
//! Usage: `profile_loss LOSS REPEATS [uncertain]`; compare against `REPEATS = 0` to remove the
//! set-up. `uncertain`: every prediction in [0.3, 0.7] (every Lovász error positive: the whole
//! image is sorted), as the criterion benchmark's `-uncertain` group.

use losslab_core::{Binary, Evaluation, Loss, LossName};

fn main() {
    let mut args = std::env::args().skip(1);
    let name = args.next().and_then(|n| LossName::parse(&n)).unwrap_or(LossName::Dice);
    let repeats: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(1);
    let side = 512;
    let (mut target, mut prob) = (vec![0.0f32; side * side], vec![0.01f32; side * side]);
    for r in side / 2 - 1..=side / 2 + 1 {
        for c in side / 2 - 1..=side / 2 + 1 {
            target[r * side + c] = 1.0;
            prob[r * side + c] = 0.8;
        }
    }
    if args.next().as_deref() == Some("uncertain") {
        for (i, p) in prob.iter_mut().enumerate() {
            *p = 0.3 + ((i * 2_654_435_761) % 100_003) as f32 * 4e-6;
        }
    }
    let input = Binary::new(&target, &prob)
        .and_then(|input| input.with_shape(side, side))
        .expect("valid scene");
    let loss = Loss::default_for(name);
    let mut out = Evaluation::new();
    let mut total = 0.0;
    for _ in 0..repeats {
        loss.evaluate_into(std::hint::black_box(input), &mut out);
        total += out.value;
    }
    println!("{name}: {total}");
}
