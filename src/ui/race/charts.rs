//! The live charts: normalised training loss, validation Dice and IoU, gradient norm, and
//! `bce_dice`'s two parts, each line in its loss's colour.

use super::super::format::sig;
use super::super::i18n::{fill, k, tr, I18n};
use super::ctx::RaceCtx;
use super::plot::{self, Chart, Series};
use super::style::{look, Look};
use leptos::html;
use leptos::prelude::*;
use losslab_core::train::Race;
use losslab_core::LossName;

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Loss,
    Dice,
    Iou,
    Ap,
    Grad,
    Parts,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Loss => "loss",
            Kind::Dice => "dice",
            Kind::Iou => "iou",
            Kind::Ap => "ap",
            Kind::Grad => "grad",
            Kind::Parts => "parts",
        }
    }
}

fn steps(values: &[f64]) -> Vec<(f64, f64)> {
    values.iter().enumerate().map(|(i, &v)| ((i + 1) as f64, v)).collect()
}

/// The chart of `kind` for the race as it stands.
fn chart(race: &Race, kind: Kind) -> Chart {
    let x_max = race.settings().steps as f64;
    let mut chart = Chart { x_max, ..Chart::default() };
    for (k, r) in race.runners().iter().enumerate() {
        let Look { dashed, .. } = look(race, k);
        let color = look(race, k).css();
        let h = &r.history;
        let line = |points| Series { color: color.clone(), points, dashed };
        match kind {
            Kind::Loss => chart.series.push(line(steps(&h.normalized_loss()))),
            Kind::Dice | Kind::Iou | Kind::Ap => {
                let pick = |m: &losslab_core::train::Metrics| match kind {
                    Kind::Dice => m.dice,
                    Kind::Iou => m.iou,
                    _ => m.ap,
                };
                chart
                    .series
                    .push(line(h.val.iter().map(|p| (p.step as f64, pick(&p.metrics))).collect()));
                chart.y_range = Some((0.0, 1.0));
            }
            Kind::Grad => {
                chart.log_y = true;
                chart.series.push(line(steps(&h.grad_norm)));
            }
            Kind::Parts => {
                chart.log_y = true;
                if r.name == LossName::BceDice {
                    let bce: Vec<f64> = h.parts.iter().map(|p| p.bce).collect();
                    let dice: Vec<f64> = h.parts.iter().map(|p| p.dice_loss).collect();
                    chart.series.push(Series {
                        color: LossName::Bce.css_color(),
                        points: steps(&bce),
                        dashed: false,
                    });
                    chart.series.push(Series {
                        color: LossName::Dice.css_color(),
                        points: steps(&dice),
                        dashed: true,
                    });
                }
            }
        }
    }
    chart
}

/// Dice part ÷ BCE part of `bce_dice` over its last 20 steps, if it races.
fn parts_ratio(race: &Race) -> Option<f64> {
    let r = race.runners().iter().find(|r| r.name == LossName::BceDice)?;
    let parts = &r.history.parts;
    let tail = &parts[parts.len().saturating_sub(20)..];
    let (b, d) = tail.iter().fold((0.0, 0.0), |(b, d), p| (b + p.bce, d + p.dice_loss));
    (b > 0.0 && !tail.is_empty()).then_some(d / b)
}

/// One chart's card.
#[component]
fn ChartCard(kind: Kind, title_key: &'static str) -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let canvas = NodeRef::<html::Canvas>::new();
    Effect::new(move |_| {
        ctx.version.track();
        let Some(el) = canvas.get() else { return };
        if let Some(c) = ctx.engine.try_with_value(|r| chart(r, kind)) {
            plot::draw(&el, &c);
        }
    });
    view! {
        <figure class="card race-chart">
            <figcaption>{tr(title_key)}</figcaption>
            <canvas node_ref=canvas data-race-chart=kind.as_str() role="img" aria-label=tr(title_key)></canvas>
        </figure>
    }
}

/// The legend's entries: index, label and look of every runner of the race as it stands.
fn legend(race: &Race) -> Vec<(usize, String, Look)> {
    race.runners().iter().enumerate().map(|(k, r)| (k, r.label.clone(), look(race, k))).collect()
}

/// The legend (colour per runner, named with its parameters) and the charts.
#[component]
pub fn Charts() -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let i18n = expect_context::<I18n>();
    let entries = Memo::new(move |_| {
        ctx.version.track();
        ctx.engine.with_value(legend)
    });
    let stale = Memo::new(move |_| ctx.stale());
    let stale_text = move || {
        let list: Vec<String> =
            stale.get().into_iter().map(|(old, new)| format!("{old} → {new}")).collect();
        fill(i18n.t("race.stale"), &[("list", &list.join("; "))])
    };
    let ratio = move || {
        ctx.version.track();
        let r = ctx.engine.with_value(parts_ratio)?;
        Some(fill(i18n.t("race.parts.ratio"), &[("r", &sig(r, 3))]))
    };
    view! {
        <div class="race-legend">
            <For each=move || entries.get() key=|e| e.clone() let:entry>
                <span class="race-key" data-race-runner=entry.0 data-race-label=entry.1.clone()>
                    <i style=entry.2.swatch()></i><code>{entry.1.clone()}</code></span>
            </For>
        </div>
        <Show when=move || !stale.with(Vec::is_empty)>
            <p class="notice race-stale" data-race-stale="true" role="status">
                <span>{stale_text}</span>" "
                <button data-testid="race-stale-reset" on:click=move |_| ctx.reset()>{tr("race.reset")}</button>
            </p>
        </Show>
        <div class="race-charts">
            <ChartCard kind=Kind::Loss title_key=k("race.chart.loss") />
            <ChartCard kind=Kind::Dice title_key=k("race.chart.dice") />
            <ChartCard kind=Kind::Iou title_key=k("race.chart.iou") />
            <ChartCard kind=Kind::Ap title_key=k("race.chart.ap") />
            <ChartCard kind=Kind::Grad title_key=k("race.chart.grad") />
            <figure class="card race-chart">
                <PartsCanvas />
                <figcaption class="hint" data-race-parts-ratio>{ratio}</figcaption>
            </figure>
        </div>
    }
}

/// The `bce_dice` parts chart (its caption above, the ratio below).
#[component]
fn PartsCanvas() -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let canvas = NodeRef::<html::Canvas>::new();
    Effect::new(move |_| {
        ctx.version.track();
        let Some(el) = canvas.get() else { return };
        if let Some(c) = ctx.engine.try_with_value(|r| chart(r, Kind::Parts)) {
            plot::draw(&el, &c);
        }
    });
    view! {
        <figcaption>{tr("race.chart.parts")}</figcaption>
        <canvas node_ref=canvas data-race-chart="parts" role="img" aria-label=tr("race.chart.parts")></canvas>
    }
}
