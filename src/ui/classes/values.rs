//! The loss and its aggregation, and the values: the aggregated loss and the region term of
//! each unit (an image per image, the whole batch pooled) and kept class.

use super::super::format;
use super::super::i18n::{k, tr, I18n};
use super::context::ClassesCtx;
use super::editor::class_key;
use leptos::prelude::*;
use losslab_core::params::multiclass::{
    Absent, Activation, Aggregation, ClassReduction, McLossName,
};
use losslab_core::scene::classes::{class_hex, ImageKind};
use losslab_core::BatchReduction;

fn batch_word(b: BatchReduction) -> &'static str {
    match b {
        BatchReduction::PerImage => "per_image",
        BatchReduction::Pooled => "pooled",
    }
}

/// A `<select>` of words bound to one aggregation setting.
fn word_select(
    ctx: ClassesCtx,
    id: &'static str,
    label: &'static str,
    words: Vec<(&'static str, &'static str)>,
    read: fn(&Aggregation) -> &'static str,
    write: fn(&mut Aggregation, &str),
    applies: impl Fn(McLossName) -> bool + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let disabled = move || !ctx.settings.with(|s| applies(s.loss));
    view! {
        <label class="inline">{tr(label)} " "
            <select data-testid=id prop:value=move || ctx.settings.with(|s| read(&s.aggregation))
                disabled=disabled
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    ctx.settings.update(|s| write(&mut s.aggregation, &v));
                }>
                {words.into_iter().map(|(w, key)| view! { <option value=w>{move || i18n.t(key)}</option> }).collect_view()}
            </select>
        </label>
    }
}

/// The loss select and the aggregation controls.
#[component]
fn AggregationControls() -> impl IntoView {
    let ctx = expect_context::<ClassesCtx>();
    let region = |l: McLossName| l.has_region_part();
    let on_loss = move |ev| {
        if let Some(l) = McLossName::parse(&event_target_value(&ev)) {
            ctx.settings.update(|s| s.loss = l);
        }
    };
    let background = move || ctx.settings.with(|s| s.aggregation.include_background);
    view! {
        <div class="row mc-aggregation">
            <label class="inline">{tr("mc.loss")} " "
                <select data-testid="mc-loss" prop:value=move || ctx.settings.with(|s| s.loss.as_str()) on:change=on_loss>
                    {McLossName::WORDS.iter().map(|(_, w)| view! { <option value=*w>{*w}</option> }).collect_view()}
                </select>
            </label>
            <label class="inline check">
                <input type="checkbox" data-testid="mc-include-background" prop:checked=background
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        ctx.settings.update(|s| s.aggregation.include_background = on);
                    } />
                {tr("mc.include_background")}
            </label>
            {word_select(ctx, "mc-batch", k("mc.batch_reduction"),
                vec![("per_image", k("mc.per_image")), ("pooled", k("mc.pooled"))],
                |a| batch_word(a.batch),
                |a, v| a.batch = if v == "pooled" { BatchReduction::Pooled } else { BatchReduction::PerImage },
                region)}
            {word_select(ctx, "mc-absent", k("mc.absent"),
                vec![("keep", k("mc.absent.keep")), ("zero", k("mc.absent.zero"))],
                |a| a.absent.as_str(),
                |a, v| a.absent = Absent::parse(v).unwrap_or(Absent::Keep),
                |l| l.has_region_part() && l != McLossName::GeneralizedDice)}
            {word_select(ctx, "mc-activation", k("mc.activation"),
                vec![("softmax", k("mc.softmax")), ("sigmoid", k("mc.sigmoid"))],
                |a| a.activation.as_str(),
                |a, v| a.activation = Activation::parse(v).unwrap_or(Activation::Softmax),
                |_| true)}
            {word_select(ctx, "mc-class-reduction", k("mc.class_reduction"),
                vec![("mean", k("mc.mean")), ("sum", k("mc.sum"))],
                |a| a.class_reduction.as_str(),
                |a, v| a.class_reduction = ClassReduction::parse(v).unwrap_or(ClassReduction::Mean),
                region)}
        </div>
    }
}

/// The aggregated value and the table of units × classes.
#[component]
fn ValueTable() -> impl IntoView {
    let ctx = expect_context::<ClassesCtx>();
    let i18n = expect_context::<I18n>();
    let value = move || ctx.result.with(|r| r.as_ref().ok().map(|e| e.value));
    let error = move || ctx.result.with(|r| r.as_ref().err().map(|e| e.key.clone()));
    // The units' names: each image's kind per image, "the batch" pooled.
    let unit_names = move || {
        let per_image = ctx.settings.with(|s| s.aggregation.batch == BatchReduction::PerImage)
            && ctx.settings.with(|s| s.loss.has_region_part());
        let kinds: Vec<ImageKind> =
            ctx.batch.with(|b| b.images().iter().map(|im| im.kind).collect());
        if per_image {
            kinds
                .iter()
                .enumerate()
                .map(|(b, k)| format!("{} · {}", b + 1, i18n.t(super::batch::kind_key(*k))))
                .collect()
        } else {
            vec![i18n.t("mc.unit.batch").to_string()]
        }
    };
    let rows = move || {
        ctx.result.with(|r| {
            let Ok(e) = r else { return Vec::new() };
            let k = e.kept.len();
            if k == 0 || e.per_class.len() != e.units * k {
                return Vec::new();
            }
            (0..e.units)
                .map(|u| (u, e.kept.clone(), e.per_class[u * k..(u + 1) * k].to_vec()))
                .collect::<Vec<_>>()
        })
    };
    let kept = move || ctx.result.with(|r| r.as_ref().map(|e| e.kept.clone()).unwrap_or_default());
    view! {
        <div class="mc-values">
            <p class="mc-total">
                {tr("mc.value")} " "
                <strong data-mc-value="" data-value=move || value().map(format::full).unwrap_or_default()>
                    {move || value().map(format::value).unwrap_or_else(|| "—".into())}
                </strong>
            </p>
            <p class="error" data-testid="mc-error" role="status" hidden=move || error().is_none()>
                {move || error().map(|key| i18n.fill("mc.refused", &[("key", key.as_str())])).unwrap_or_default()}
            </p>
            <table class="mc-value-table" hidden=move || rows().is_empty()>
                <caption>{tr("mc.table.caption")}</caption>
                <thead><tr>
                    <th scope="col">{tr("mc.unit")}</th>
                    {move || kept().into_iter().map(|c| view! {
                        <th scope="col"><span class="mc-chip" style:background=class_hex(c) aria-hidden="true"></span>{move || i18n.t(class_key(c))}</th>
                    }).collect_view()}
                </tr></thead>
                <tbody>
                    {move || {
                        let names = unit_names();
                        rows().into_iter().map(|(u, kept, values)| {
                            let name = names.get(u).cloned().unwrap_or_default();
                            view! {
                                <tr><th scope="row">{name}</th>
                                    {kept.into_iter().zip(values).map(|(c, v)| view! {
                                        <td data-mc-class-value=c data-unit=u data-value=format::full(v)>{format::value(v)}</td>
                                    }).collect_view()}
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </div>
    }
}

/// The loss, its aggregation and its values.
#[component]
pub fn ValuesPanel() -> impl IntoView {
    view! {
        <section class="panel mc-values-panel" aria-labelledby="mc-values-title">
            <h3 id="mc-values-title">{tr("mc.values")}</h3>
            <p class="hint">{tr("mc.values.hint")}</p>
            <AggregationControls />
            <ValueTable />
        </section>
    }
}
