//! The live readout: foreground fraction (% and 1 : N) and the soft counts.

use super::format::{one_in, percent, sig};
use super::pixels::{FN, FP, TN, TP};
use super::state::Lab;
use leptos::prelude::*;

/// A pixel count: whole numbers as such, soft sums with 4 significant digits.
fn pixels(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{v}")
    } else {
        sig(v, 4)
    }
}

/// Foreground fraction and soft counts, live.
#[component]
pub fn Readout() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let counts = Memo::new(move |_| lab.board.with(|b| b.counts));
    let fraction = move || counts.with(|c| c.foreground_fraction());
    let count = |label: &'static str,
                 key: &'static str,
                 colour: [u8; 3],
                 get: fn(&losslab_core::SoftCounts) -> f64| {
        let swatch = format!("background: rgb({}, {}, {})", colour[0], colour[1], colour[2]);
        view! {
            <div class="count" data-count=key data-value=move || format!("{}", counts.with(get))>
                <span class="swatch" style=swatch></span>
                <span class="count-label">{label}</span>
                <span class="count-value">{move || sig(counts.with(get), 4)}</span>
            </div>
        }
    };
    view! {
        <div class="readout" aria-live="polite">
            <div class="fg">
                <span class="muted">"Foreground "</span>
                <strong data-testid="fg-fraction" data-value=move || format!("{}", fraction())>
                    {move || percent(fraction())}
                </strong>
                <span class="muted">{move || counts.with(|c| format!(" · {} · {} px of {}", one_in(c.sum_target, c.pixels), pixels(c.sum_target), c.pixels))}</span>
            </div>
            <div class="counts" data-testid="soft-counts">
                {count("TP", "tp", TP, |c| c.true_pos)}
                {count("FP", "fp", FP, |c| c.false_pos)}
                {count("FN", "fn", FN, |c| c.false_neg)}
                {count("TN", "tn", TN, |c| c.true_neg)}
            </div>
            <p class="hint">"Soft counts: TP = Σ y·p, FP = Σ (1−y)·p, FN = Σ y·(1−p), TN = Σ (1−y)(1−p)."</p>
        </div>
    }
}
