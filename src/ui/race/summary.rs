//! The summary table: per runner (a loss with its parameters), the latest validation Dice,
//! IoU, precision, recall, average precision (`data-val-ap`), the roughness of its
//! training-loss curve (`data-roughness`) and of its loss on the fixed evaluation batch
//! (`data-roughness-fixed`). Each row carries the metrics hooks, `data-race-loss` (the loss), `data-race-runner` (its index in the race) and
//! `data-race-label` (the label of the legend, e.g. `wce (pos_weight 3)`); `bce_dice`'s also
//! its two parts at the latest step (`data-part-bce`, `data-part-dice`, unweighted), its
//! weights (`data-w-bce`, `data-w-dice`) and the weighted parts' gradient norms on the
//! network's parameters at that step (`data-grad-bce`, `data-grad-dice`, and as Adam scales
//! them `data-grad-bce-adam`, `data-grad-dice-adam`).

use super::super::format::{derived, full};
use super::super::i18n::tr;
use super::ctx::RaceCtx;
use super::style::{look, Look};
use leptos::prelude::*;
use losslab_core::train::{roughness, Metrics, PartGrads};
use losslab_core::{BceDiceParts, LossName};

/// One row's figures.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    index: usize,
    name: LossName,
    label: String,
    look: Look,
    metrics: Metrics,
    roughness: f64,
    roughness_fixed: f64,
    diverged: bool,
    /// `bce_dice`'s parts at the latest step.
    parts: Option<BceDiceParts>,
    /// `bce_dice`'s weights.
    weights: Option<(f64, f64)>,
    /// `bce_dice`'s weighted parts' gradient norms at the latest step.
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
                    name: x.name,
                    label: x.label.clone(),
                    look: look(r, k),
                    metrics: x.history.latest(),
                    roughness: roughness(&x.history.normalized_loss()),
                    roughness_fixed: roughness(&x.history.normalized_fixed_loss()),
                    diverged: x.diverged.is_some(),
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
    view! {
        <div class="card race-summary">
            <h3>{tr("race.summary")}</h3>
            <table>
                <thead><tr>
                    <th>{tr("race.col.loss")}</th><th>{tr("race.col.dice")}</th><th>{tr("race.col.iou")}</th>
                    <th>{tr("race.col.precision")}</th><th>{tr("race.col.recall")}</th><th>{tr("race.col.ap")}</th>
                    <th>{tr("race.col.roughness")}</th><th>{tr("race.col.roughness_fixed")}</th>
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().map(|row| {
                        let m = row.metrics;
                        let lead = m.dice >= best() && m.dice > 0.0;
                        view! {
                            <tr data-race-loss=row.name.as_str() data-race-runner=row.index data-race-label=row.label.clone() data-val-dice=m.dice.to_string() data-val-iou=m.iou.to_string()
                                data-val-precision=m.precision.to_string() data-val-recall=m.recall.to_string()
                                data-val-ap=m.ap.to_string() data-roughness=row.roughness.to_string()
                                data-roughness-fixed=row.roughness_fixed.to_string() class:lead=lead
                                data-part-bce=row.parts.map(|p| p.bce.to_string())
                                data-part-dice=row.parts.map(|p| p.dice_loss.to_string())
                                data-w-bce=row.weights.map(|w| w.0.to_string())
                                data-w-dice=row.weights.map(|w| w.1.to_string())
                                data-grad-bce=row.grads.map(|g| g.bce.to_string())
                                data-grad-dice=row.grads.map(|g| g.dice.to_string())
                                data-grad-bce-adam=row.grads.map(|g| g.bce_adam.to_string())
                                data-grad-dice-adam=row.grads.map(|g| g.dice_adam.to_string())>
                                <td><i class="race-swatch" style=row.look.swatch()></i>
                                    <code>{breakable(&row.label)}</code>
                                    {row.diverged.then(|| view! { <span class="flag">{tr("race.diverged")}</span> })}</td>
                                <td>{cell(m.dice)}</td><td>{cell(m.iou)}</td><td>{cell(m.precision)}</td>
                                <td>{cell(m.recall)}</td><td>{cell(m.ap)}</td>
                                <td>{cell(row.roughness)}</td><td>{cell(row.roughness_fixed)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <p class="hint">{tr("race.summary.note")}" "{tr("race.summary.note_ap")}</p>
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
