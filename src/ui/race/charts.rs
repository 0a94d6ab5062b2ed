//! The live charts: normalised training loss, validation Dice and IoU, gradient norm, and
//! `bce_dice`'s two parts, each line in its loss's colour. The parts chart shows one of four
//! views ([`PartsView`]): the weighted parts (what the optimiser receives, the default), the
//! unweighted ones, and each weighted part's gradient on the network's parameters as SGD
//! and as Adam use it (`History::part_grads`). Its caption carries the four Dice ÷ BCE
//! ratios over the last 20 steps as hooks (`data-ratio-weighted`, `data-ratio-unweighted`,
//! `data-ratio-grad-sgd`, `data-ratio-grad-adam`); the view menu is
//! `[data-testid="race-parts-view"]`. When the compound runner races, a second parts chart
//! shows its two terms the same way (`canvas[data-race-chart="compound-parts"]`, menu
//! `[data-testid="race-compound-parts-view"]`, caption `[data-race-compound-ratio]` with the
//! same ratio hooks — second part ÷ first — and `data-weights`, the latest step's weights,
//! which its schedule moves). In the multi-class race two more charts follow each class the
//! race is about at argmax: `canvas[data-race-chart="dice-island" | "dice-ship"]`, and
//! `bce_dice`'s parts chart, which has no runner there, is left out.

use super::super::format::derived;
use super::super::hidpi::resized;
use super::super::i18n::{fill, k, tr, I18n};
use super::ctx::RaceCtx;
use super::plot::{self, Chart, Series, Stroke};
use super::style::{look, Look};
use leptos::html;
use leptos::prelude::*;
use losslab_core::train::{Race, Runner, ISLAND, SHIP};
use losslab_core::LossName;

/// Whose parts a parts chart shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartsOf {
    /// The `bce_dice` runner's: BCE, then Dice.
    BceDice,
    /// The compound runner's: its two terms.
    Compound,
}

impl PartsOf {
    /// The racing runner it shows, if any.
    pub fn runner(self, race: &Race) -> Option<&Runner> {
        race.runners().iter().find(|r| match self {
            PartsOf::BceDice => r.name == Some(LossName::BceDice),
            PartsOf::Compound => r.is_compound(),
        })
    }
}

/// Which chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Loss,
    Dice,
    Iou,
    Ap,
    Grad,
    /// The multi-class race: one class's Dice at argmax.
    ClassDice(usize),
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Loss => "loss",
            Kind::Dice => "dice",
            Kind::Iou => "iou",
            Kind::Ap => "ap",
            Kind::Grad => "grad",
            Kind::ClassDice(ISLAND) => "dice-island",
            Kind::ClassDice(_) => "dice-ship",
        }
    }
}

fn steps(values: &[f64]) -> Vec<(f64, f64)> {
    values.iter().enumerate().map(|(i, &v)| ((i + 1) as f64, v)).collect()
}

/// The chart of `kind` for the race as it stands, the runner labelled `picked` (if any) drawn
/// over the others, which are faded.
fn chart(race: &Race, kind: Kind, picked: Option<&str>) -> Chart {
    let x_max = race.settings().steps as f64;
    let mut chart = Chart { x_max, ..Chart::default() };
    let picked = picked.filter(|p| race.runners().iter().any(|r| r.label == *p));
    for (k, r) in race.runners().iter().enumerate() {
        let Look { dashed, .. } = look(race, k);
        let color = look(race, k).css();
        let h = &r.history;
        let stroke = match picked {
            None => Stroke::Normal,
            Some(p) if p == r.label => Stroke::Strong,
            Some(_) => Stroke::Faded,
        };
        let line = |points| Series { color: color.clone(), points, dashed, stroke };
        match kind {
            Kind::Loss => chart.series.push(line(steps(&h.normalized_loss()))),
            Kind::Dice | Kind::Iou | Kind::Ap | Kind::ClassDice(_) => {
                let pick = |m: &losslab_core::train::Metrics| match kind {
                    Kind::Dice => m.dice,
                    Kind::Iou => m.iou,
                    Kind::ClassDice(c) => m.classes.dice(c).unwrap_or(f64::NAN),
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
        }
    }
    chart
}

/// What the parts chart plots.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartsView {
    /// `w_bce·BCE` and `w_dice·(1 − D)`: what the optimiser receives.
    Weighted,
    /// `BCE` and `1 − D`.
    Unweighted,
    /// Each weighted part's gradient norm on the parameters (SGD follows it).
    GradSgd,
    /// The same, each parameter divided by Adam's `√v̂ + ε`.
    GradAdam,
}

impl PartsView {
    /// Every view, in the menu's order.
    pub const ALL: [PartsView; 4] =
        [PartsView::Weighted, PartsView::Unweighted, PartsView::GradSgd, PartsView::GradAdam];

    /// Its value in the menu and hooks.
    pub fn as_str(self) -> &'static str {
        match self {
            PartsView::Weighted => "weighted",
            PartsView::Unweighted => "unweighted",
            PartsView::GradSgd => "grad-sgd",
            PartsView::GradAdam => "grad-adam",
        }
    }

    fn label(self) -> &'static str {
        match self {
            PartsView::Weighted => k("race.parts.view.weighted"),
            PartsView::Unweighted => k("race.parts.view.unweighted"),
            PartsView::GradSgd => k("race.parts.view.grad-sgd"),
            PartsView::GradAdam => k("race.parts.view.grad-adam"),
        }
    }
}

/// A two-part runner's `(first part, second part)` of every step in `view` (`bce_dice`: BCE,
/// then Dice).
pub fn parts_of(runner: &Runner, view: PartsView) -> Vec<(f64, f64)> {
    let h = &runner.history;
    match view {
        PartsView::Weighted => runner.weighted_parts(),
        PartsView::Unweighted => h.parts.iter().map(|p| (p.values[0], p.values[1])).collect(),
        PartsView::GradSgd => h.part_grads.iter().map(|g| (g.norm[0], g.norm[1])).collect(),
        PartsView::GradAdam => h.part_grads.iter().map(|g| (g.adam[0], g.adam[1])).collect(),
    }
}

/// The parts chart of `which` in `view`: the first part solid, the second dashed, each in its
/// loss's colour, on a log axis unless a value is negative (combo's Dice term is).
fn parts_chart(race: &Race, which: PartsOf, view: PartsView) -> Chart {
    let mut chart = Chart { x_max: race.settings().steps as f64, log_y: true, ..Chart::default() };
    if let Some((r, [a, b])) = which.runner(race).and_then(|r| Some((r, r.part_names()?))) {
        let parts = parts_of(r, view);
        chart.log_y = !parts.iter().any(|p| p.0 < 0.0 || p.1 < 0.0);
        let (first, second): (Vec<f64>, Vec<f64>) = parts.into_iter().unzip();
        let series = |name: LossName, v: &[f64], dashed| Series {
            color: name.css_color(),
            points: steps(v),
            dashed,
            stroke: Stroke::Normal,
        };
        chart.series.push(series(a, &first, false));
        chart.series.push(series(b, &second, true));
    }
    chart
}

/// Second part ÷ first part of `which` in `view` (`bce_dice`: Dice ÷ BCE), summed over its
/// last 20 steps, if it races.
pub fn parts_ratio(race: &Race, which: PartsOf, view: PartsView) -> Option<f64> {
    let parts = parts_of(which.runner(race)?, view);
    let tail = &parts[parts.len().saturating_sub(20)..];
    let (b, d) = tail.iter().fold((0.0, 0.0), |(b, d), p| (b + p.0, d + p.1));
    (b > 0.0 && !tail.is_empty()).then_some(d / b)
}

/// One chart's card.
#[component]
fn ChartCard(
    kind: Kind,
    title_key: &'static str,
    /// The runner picked in the legend (its label).
    picked: RwSignal<Option<String>>,
) -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let canvas = NodeRef::<html::Canvas>::new();
    let resized = resized();
    Effect::new(move |_| {
        ctx.version.track();
        resized.track();
        let picked = picked.get();
        let Some(el) = canvas.get() else { return };
        if let Some(c) = ctx.engine.try_with_value(|r| chart(r, kind, picked.as_deref())) {
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
    let ratios = Memo::new(move |_| {
        ctx.version.track();
        ctx.engine.with_value(|r| PartsView::ALL.map(|v| parts_ratio(r, PartsOf::BceDice, v)))
    });
    let hook = move |v: PartsView| move || ratios.get()[v as usize].map(|r| r.to_string());
    let ratio = move || {
        let [w, u, g, a] = ratios.get().map(|r| r.map_or_else(|| "—".to_string(), derived));
        let weights =
            ctx.engine.with_value(|r| PartsOf::BceDice.runner(r).and_then(Runner::weights));
        weights.map(|(w_bce, w_dice)| {
            fill(
                i18n.t("race.parts.ratio"),
                &[
                    ("w", &w),
                    ("u", &u),
                    ("g", &g),
                    ("a", &a),
                    ("w_bce", &derived(w_bce)),
                    ("w_dice", &derived(w_dice)),
                ],
            )
        })
    };
    // The multi-class race: its Dice and IoU are means over the foreground classes at argmax,
    // and each class has its own chart.
    let multi = Memo::new(move |_| {
        ctx.version.track();
        ctx.engine.with_value(|r| r.classes() > 1)
    });
    // The runner picked in the legend: drawn over the others, which fade (many runners race
    // with the "all" group). Clicking it again, or another, changes the pick.
    let picked = RwSignal::new(None::<String>);
    let pick = move |label: String| {
        picked
            .update(|p| *p = if p.as_deref() == Some(label.as_str()) { None } else { Some(label) })
    };
    view! {
        <div class="race-legend" role="group" aria-label=tr("race.legend")>
            <For each=move || entries.get() key=|e| e.clone() let:entry>
                <button type="button" class="race-key" data-race-runner=entry.0 data-race-label=entry.1.clone()
                    aria-pressed={ let label = entry.1.clone(); move || (picked.get().as_deref() == Some(label.as_str())).to_string() }
                    on:click={ let label = entry.1.clone(); move |_| pick(label.clone()) }>
                    <i style=entry.2.swatch()></i><code>{entry.1.clone()}</code></button>
            </For>
            <span class="hint race-legend-hint">{tr("race.legend.hint")}</span>
        </div>
        <Show when=move || !stale.with(Vec::is_empty)>
            <p class="notice race-stale" data-race-stale="true" role="status">
                <span>{stale_text}</span>" "
                <button data-testid="race-stale-reset" on:click=move |_| ctx.reset()>{tr("race.reset")}</button>
            </p>
        </Show>
        <div class="race-charts">
            <ChartCard picked=picked kind=Kind::Loss title_key=k("race.chart.loss") />
            <Show when=move || multi.get() fallback=move || view! {
                <ChartCard picked=picked kind=Kind::Dice title_key=k("race.chart.dice") />
                <ChartCard picked=picked kind=Kind::Iou title_key=k("race.chart.iou") />
            }>
                <ChartCard picked=picked kind=Kind::Dice title_key=k("race.chart.dice_mc") />
                <ChartCard picked=picked kind=Kind::Iou title_key=k("race.chart.iou_mc") />
            </Show>
            <ChartCard picked=picked kind=Kind::Ap title_key=k("race.chart.ap") />
            <ChartCard picked=picked kind=Kind::Grad title_key=k("race.chart.grad") />
            <Show when=move || multi.get()>
                <ChartCard picked=picked kind=Kind::ClassDice(ISLAND) title_key=k("race.chart.dice_island") />
                <ChartCard picked=picked kind=Kind::ClassDice(SHIP) title_key=k("race.chart.dice_ship") />
            </Show>
            <Show when=move || !multi.get()>
                <figure class="card race-chart">
                    <PartsCanvas which=PartsOf::BceDice />
                    <figcaption class="hint" data-race-parts-ratio
                        data-ratio-weighted=hook(PartsView::Weighted) data-ratio-unweighted=hook(PartsView::Unweighted)
                        data-ratio-grad-sgd=hook(PartsView::GradSgd) data-ratio-grad-adam=hook(PartsView::GradAdam)>{ratio}</figcaption>
                    <p class="hint">{tr("race.parts.note")}</p>
                </figure>
            </Show>
            <Show when=move || { ctx.version.track(); ctx.engine.with_value(|r| PartsOf::Compound.runner(r).is_some()) }>
                <CompoundParts />
            </Show>
        </div>
    }
}

/// The compound runner's parts chart, its ratios and the weights its schedule gives.
#[component]
fn CompoundParts() -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let i18n = expect_context::<I18n>();
    let ratios = Memo::new(move |_| {
        ctx.version.track();
        ctx.engine.with_value(|r| PartsView::ALL.map(|v| parts_ratio(r, PartsOf::Compound, v)))
    });
    let hook = move |v: PartsView| move || ratios.get()[v as usize].map(|r| r.to_string());
    let runner = Memo::new(move |_| {
        ctx.version.track();
        ctx.engine.with_value(|r| {
            let x = PartsOf::Compound.runner(r)?;
            Some((x.part_names()?, x.weights()?))
        })
    });
    let weights = move || runner.get().map(|(_, (a, b))| format!("{a},{b}"));
    let ratio = move || {
        let [w, u, g, a] = ratios.get().map(|r| r.map_or_else(|| "—".to_string(), derived));
        runner.get().map(|([first, second], (wa, wb))| {
            fill(
                i18n.t("race.compound.ratio"),
                &[
                    ("a", first.as_str()),
                    ("b", second.as_str()),
                    ("wa", &derived(wa)),
                    ("wb", &derived(wb)),
                    ("w", &w),
                    ("u", &u),
                    ("g", &g),
                    ("adam", &a),
                ],
            )
        })
    };
    view! {
        <figure class="card race-chart race-compound-parts">
            <PartsCanvas which=PartsOf::Compound />
            <figcaption class="hint" data-race-compound-ratio data-weights=weights
                data-ratio-weighted=hook(PartsView::Weighted) data-ratio-unweighted=hook(PartsView::Unweighted)
                data-ratio-grad-sgd=hook(PartsView::GradSgd) data-ratio-grad-adam=hook(PartsView::GradAdam)>{ratio}</figcaption>
            <p class="hint">{tr("race.compound.note")}</p>
        </figure>
    }
}

/// A parts chart (its caption and view menu above; the ratios below, from its card).
#[component]
fn PartsCanvas(which: PartsOf) -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let i18n = expect_context::<I18n>();
    let canvas = NodeRef::<html::Canvas>::new();
    let view_of = RwSignal::new(PartsView::Weighted);
    let resized = resized();
    Effect::new(move |_| {
        ctx.version.track();
        resized.track();
        let view = view_of.get();
        let Some(el) = canvas.get() else { return };
        if let Some(c) = ctx.engine.try_with_value(|r| parts_chart(r, which, view)) {
            plot::draw(&el, &c);
        }
    });
    let pick = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        if let Some(v) = PartsView::ALL.into_iter().find(|v| v.as_str() == value) {
            view_of.set(v);
        }
    };
    let title = move || match which {
        PartsOf::BceDice => i18n.t("race.chart.parts").to_string(),
        PartsOf::Compound => {
            ctx.version.track();
            let label = ctx.engine.with_value(|r| {
                let x = PartsOf::Compound.runner(r)?;
                Some((x.label.clone(), x.part_names()?))
            });
            label.map_or_else(String::new, |(label, [a, b])| {
                fill(
                    i18n.t("race.chart.compound_parts"),
                    &[("label", &label), ("a", a.as_str()), ("b", b.as_str())],
                )
            })
        }
    };
    let (chart, testid) = match which {
        PartsOf::BceDice => ("parts", "race-parts-view"),
        PartsOf::Compound => ("compound-parts", "race-compound-parts-view"),
    };
    view! {
        <figcaption>{title}" "
            <select data-testid=testid aria-label=tr("race.parts.view") on:change=pick
                prop:value=move || view_of.get().as_str()>
                {PartsView::ALL.map(|v| view! { <option value=v.as_str()>{move || i18n.t(v.label())}</option> })}
            </select>
        </figcaption>
        <canvas node_ref=canvas data-race-chart=chart data-parts-view=move || view_of.get().as_str()
            role="img" aria-label=title></canvas>
    }
}
