//! The live readout: foreground fraction (% and 1 : N) and the soft counts.

use super::format::{self, full, one_in, percent, sig};
use super::i18n::{k, tr, I18n};
use super::pixels::{FN, FP, TN, TP};
use super::presenter::Presenter;
use super::state::Lab;
use leptos::prelude::*;

/// A pixel count: whole numbers as such (a count, exact), soft sums as a
/// [`format::value`] (or with presenter mode's digits).
fn pixels(v: f64, digits: usize) -> String {
    if v.fract() == 0.0 {
        full(v)
    } else {
        sig(v, digits)
    }
}

/// Foreground fraction and soft counts, live.
#[component]
pub fn Readout() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let presenter = expect_context::<Presenter>();
    let counts = Memo::new(move |_| lab.board.with(|b| b.counts));
    let fraction = move || counts.with(|c| c.foreground_fraction());
    let count = |abbr: &'static str,
                 label: &'static str,
                 key: &'static str,
                 colour: [u8; 3],
                 get: fn(&losslab_core::SoftCounts) -> f64| {
        let swatch = format!("background: rgb({}, {}, {})", colour[0], colour[1], colour[2]);
        view! {
            <div class="count" data-count=key data-value=move || format!("{}", counts.with(get))>
                <span class="swatch" style=swatch></span>
                <span class="count-label" title=tr(label)>{abbr}</span>
                <span class="count-value" title=move || full(counts.with(get))>{move || pixels(counts.with(get), presenter.digits())}</span>
            </div>
        }
    };
    view! {
        <div class="readout" aria-live="polite">
            <div class="fg">
                <span class="muted">{tr("readout.foreground")} " "</span>
                <strong data-testid="fg-fraction" data-value=move || format!("{}", fraction())>
                    {move || percent(fraction())}
                </strong>
                <span class="muted">{move || counts.with(|c| {
                    let ratio = if c.sum_target > 0.0 { one_in(c.sum_target, c.pixels) } else { i18n.t("readout.no_foreground").to_string() };
                    i18n.fill("readout.pixels", &[("ratio", &ratio), ("fg", &pixels(c.sum_target, format::VALUE_DIGITS)), ("n", &c.pixels.to_string())])
                })}</span>
            </div>
            <div class="counts" data-testid="soft-counts">
                {count("TP", k("readout.tp"), "tp", TP, |c| c.true_pos)}
                {count("FP", k("readout.fp"), "fp", FP, |c| c.false_pos)}
                {count("FN", k("readout.fn"), "fn", FN, |c| c.false_neg)}
                {count("TN", k("readout.tn"), "tn", TN, |c| c.true_neg)}
            </div>
            <p class="hint">{tr("readout.hint")}</p>
        </div>
    }
}
