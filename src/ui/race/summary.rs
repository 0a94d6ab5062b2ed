//! The summary table: per runner (a loss with its parameters), the latest validation Dice,
//! IoU, precision, recall, average precision (`data-val-ap`), the roughness of its
//! training-loss curve (`data-roughness`) and of its loss on the fixed evaluation batch
//! (`data-roughness-fixed`). Each row carries the metrics hooks, `data-race-loss` (the loss), `data-race-runner` (its index in the race) and
//! `data-race-label` (the label of the legend, e.g. `wce (pos_weight 3)`); `bce_dice`'s also
//! its two parts at the latest step (`data-part-bce`, `data-part-dice`, unweighted), its
//! weights (`data-w-bce`, `data-w-dice`) and the weighted parts' gradient norms on the
//! network's parameters at that step (`data-grad-bce`, `data-grad-dice`, and as Adam scales
//! them `data-grad-bce-adam`, `data-grad-dice-adam`). Every two-part row (`bce_dice`, the
//! compound runner, whose `data-race-loss` is `compound`) also carries the same generically,
//! each a pair `<first>,<second>`: `data-parts` (the parts' losses, `dice,topk_ce`),
//! `data-part-values` (unweighted), `data-part-weights` (the weights of the latest step: a
//! schedule moves them), `data-part-grads` and `data-part-grads-adam`.
//!
//! In the multi-class race (`race.classes=3`) a row's `data-race-loss` is the runner's label
//! (`dice (include_background false, batch pooled)`), `data-val-dice` the mean Dice of the
//! foreground classes at argmax, and `data-val-dice-<class>` (`sea`, `island`, `ship`) each
//! class's; two more columns show the island's and the ships' Dice.

use super::super::format::{derived, full};
use super::super::i18n::tr;
use super::ctx::RaceCtx;
use super::style::{key, look, Look};
use leptos::attr::custom::custom_attribute;
use leptos::prelude::*;
use losslab_core::train::{roughness, Metrics, PartGrads, Parts, ISLAND, SHIP};
use losslab_core::LossName;

/// One row's figures.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    index: usize,
    /// `data-race-loss`: the loss, `compound`, or a multi-class runner's label.
    key: String,
    label: String,
    look: Look,
    metrics: Metrics,
    roughness: f64,
    roughness_fixed: f64,
    diverged: bool,
    /// A two-part runner's parts' losses.
    part_names: Option<[LossName; 2]>,
    /// Its parts and their weights at the latest step.
    parts: Option<Parts>,
    /// Its weights at the latest step (before the first, those it starts with).
    weights: Option<(f64, f64)>,
    /// Its weighted parts' gradient norms at the latest step.
    grads: Option<PartGrads>,
}

/// The table.
#[component]
pub fn Summary() -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let rows = Memo::new(move |_| {
        ctx.version.track();
        ctx.engine.with_value(|r| {
            r.runners()
                .iter()
                .enumerate()
                .map(|(k, x)| Row {
                    index: k,
                    key: key(x),
                    label: x.label.clone(),
                    look: look(r, k),
                    metrics: x.history.latest(),
                    roughness: roughness(&x.history.normalized_loss()),
                    roughness_fixed: roughness(&x.history.normalized_fixed_loss()),
                    diverged: x.diverged.is_some(),
                    part_names: x.part_names(),
                    parts: x.history.parts.last().copied(),
                    weights: x.weights(),
                    grads: x.history.part_grads.last().copied(),
                })
                .collect::<Vec<_>>()
        })
    });
    let best =
        move || rows.with(|rs| rs.iter().map(|r| r.metrics.dice).fold(f64::NEG_INFINITY, f64::max));
    let cell = |v: f64| view! { <span title=full(v)>{derived(v)}</span> };
    let multi = move || {
        ctx.version.track();
        ctx.engine.with_value(|r| r.classes() > 1)
    };
    view! {
        <div class="card race-summary">
            <h3>{tr("race.summary")}</h3>
            <table>
                <thead><tr>
                    <th>{tr("race.col.loss")}</th><th>{tr("race.col.dice")}</th><th>{tr("race.col.iou")}</th>
                    <th>{tr("race.col.precision")}</th><th>{tr("race.col.recall")}</th><th>{tr("race.col.ap")}</th>
                    <th>{tr("race.col.roughness")}</th><th>{tr("race.col.roughness_fixed")}</th>
                    <Show when=multi>
                        <th>{tr("race.col.dice_island")}</th><th>{tr("race.col.dice_ship")}</th>
                    </Show>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|row| {
                        let m = row.metrics;
                        let lead = m.dice >= best() && m.dice > 0.0;
                        let text = |v: f64| v.to_string();
                        let (parts, grads) = (row.parts, row.grads);
                        let value = move |i: usize| parts.map(|p| text(p.values[i]));
                        let weights = row.weights;
                        let weight = move |i: usize| weights.map(|w| text(if i == 0 { w.0 } else { w.1 }));
                        let norm = move |i: usize| grads.map(|g| text(g.norm[i]));
                        let adam = move |i: usize| grads.map(|g| text(g.adam[i]));
                        let pair = |f: &dyn Fn(usize) -> Option<String>| Some(format!("{},{}", f(0)?, f(1)?));
                        // bce_dice's own names for its parts (BCE first, then Dice).
                        let bce_dice = row.key == LossName::BceDice.as_str();
                        let classes = m.classes;
                        let class_dice = move |c: usize| classes.dice(c).map(|v| v.to_string());
                        // One spread attribute: the row has more attributes than an element's
                        // tuple of attributes holds (26), each class's hook a member of this one.
                        let class_hooks = (
                            custom_attribute("data-val-dice-sea", class_dice(0)),
                            custom_attribute("data-val-dice-island", class_dice(ISLAND)),
                            custom_attribute("data-val-dice-ship", class_dice(SHIP)),
                        );
                        let named = move |v: Option<String>| v.filter(|_| bce_dice);
                        view! {
                            <tr data-race-loss=row.key.clone() data-race-runner=row.index data-race-label=row.label.clone() data-val-dice=m.dice.to_string() data-val-iou=m.iou.to_string()
                                data-val-precision=m.precision.to_string() data-val-recall=m.recall.to_string()
                                data-val-ap=m.ap.to_string() data-roughness=row.roughness.to_string()
                                data-roughness-fixed=row.roughness_fixed.to_string() class:lead=lead
                                data-parts=row.part_names.map(|[a, b]| format!("{},{}", a.as_str(), b.as_str()))
                                data-part-values=pair(&value) data-part-weights=pair(&weight)
                                data-part-grads=pair(&norm) data-part-grads-adam=pair(&adam)
                                data-part-bce=named(value(0)) data-part-dice=named(value(1))
                                data-w-bce=named(weight(0)) data-w-dice=named(weight(1))
                                data-grad-bce=named(norm(0)) data-grad-dice=named(norm(1))
                                data-grad-bce-adam=named(adam(0)) data-grad-dice-adam=named(adam(1))
                                {..class_hooks}>
                                <td><i class="race-swatch" style=row.look.swatch()></i>
                                    <code>{breakable(&row.label)}</code>
                                    {row.diverged.then(|| view! { <span class="flag">{tr("race.diverged")}</span> })}</td>
                                <td>{cell(m.dice)}</td><td>{cell(m.iou)}</td><td>{cell(m.precision)}</td>
                                <td>{cell(m.recall)}</td><td>{cell(m.ap)}</td>
                                <td>{cell(row.roughness)}</td><td>{cell(row.roughness_fixed)}</td>
                                {(classes.classes > 1).then(|| view! {
                                    <td>{cell(classes.dice[ISLAND])}</td><td>{cell(classes.dice[SHIP])}</td>
                                })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint">{tr("race.summary.note")}" "{tr("race.summary.note_ap")}</p>
            <Show when=multi><p class="hint" data-race-mc-note>{tr("race.summary.note_mc")}</p></Show>
        </div>
    }
}

/// `label` with a line-break opportunity after each underscore (`sensitivity_<wbr>specificity`),
/// so a long loss name wraps there, not in the middle of a word, and the table fits its card.
fn breakable(label: &str) -> impl IntoView {
    let parts: Vec<String> = label.split_inclusive('_').map(str::to_string).collect();
    let last = parts.len().saturating_sub(1);
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| view! { {part} {(i < last).then(|| view! { <wbr /> })} })
        .collect_view()
}
