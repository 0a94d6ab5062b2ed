//! The table of images (one row per pair, planes of volumes under theirs when evaluated per
//! slice, a summary row per object-size bin and one for all), its controls, and the
//! gradient-share lesson above it.

use super::context::DataCtx;
use super::model::{self, show, Column, Item, Metric, Results};
use super::open::open_row;
use crate::ui::format;
use crate::ui::i18n::{k, tr, I18n};
use leptos::prelude::*;
use losslab_core::data::{gradient_shares, ImageReport, SizeBin, SummaryRow};
use losslab_core::maps::MapGroup;
use losslab_core::LossName;

/// The text key of a bin's label.
pub fn bin_key(bin: SizeBin) -> &'static str {
    match bin {
        SizeBin::Empty => k("data.bin.empty"),
        SizeBin::Tiny => k("data.bin.tiny"),
        SizeBin::Small => k("data.bin.small"),
        SizeBin::Medium => k("data.bin.medium"),
        SizeBin::Large => k("data.bin.large"),
    }
}

/// The text key of a metric's column.
fn metric_key(m: Metric) -> &'static str {
    match m {
        Metric::Dice => k("data.col.dice"),
        Metric::Iou => k("data.col.iou"),
        Metric::Precision => k("data.col.precision"),
        Metric::Recall => k("data.col.recall"),
    }
}

/// The loss groups of the selector, with their text keys.
const GROUPS: [(MapGroup, &str); 4] = [
    (MapGroup::Article, "data.group.article"),
    (MapGroup::Compound, "data.group.compound"),
    (MapGroup::Geometry, "data.group.geometry"),
    (MapGroup::All, "data.group.all"),
];

/// The switches above the table.
#[component]
pub fn Controls() -> impl IntoView {
    let ctx = expect_context::<DataCtx>();
    let on_group = move |ev: leptos::ev::Event| {
        if let Some(g) = MapGroup::parse(&event_target_value(&ev)) {
            ctx.group.set(g);
        }
    };
    let has_volumes =
        move || ctx.results.with(|r| r.items.iter().any(|i| i.report.shape.len() == 3));
    let options = GROUPS.map(|(g, key)| view! { <option value=g.as_str()>{tr(key)}</option> });
    view! {
        <div class="data-controls toolbar">
            <label class="inline">{tr("data.group")}" "
                <select data-testid="data-group" prop:value=move || ctx.group.get().as_str() on:change=on_group>
                    {options.to_vec()}
                </select>
            </label>
            <label class="inline check" title=tr("data.shares.help")>
                <input type="checkbox" data-testid="data-shares" prop:checked=move || ctx.show_shares.get()
                    on:change=move |ev| ctx.show_shares.set(event_target_checked(&ev)) />
                {tr("data.shares")}
            </label>
            <label class="inline check">
                <input type="checkbox" data-testid="data-grouped" prop:checked=move || ctx.grouped.get()
                    on:change=move |ev| ctx.grouped.set(event_target_checked(&ev)) />
                {tr("data.grouped")}
            </label>
            <Show when=has_volumes>
                <label class="inline check" title=tr("data.per_slice.help")>
                    <input type="checkbox" data-testid="data-per-slice" prop:checked=move || ctx.per_slice.get()
                        on:change=move |ev| ctx.per_slice.set(event_target_checked(&ev)) />
                    {tr("data.per_slice")}
                </label>
            </Show>
        </div>
    }
}

/// The C1/C4 lesson on the user's data: which images take the batch gradient.
#[component]
pub fn Lesson() -> impl IntoView {
    let ctx = expect_context::<DataCtx>();
    let i18n = expect_context::<I18n>();
    let sentence = move || {
        let lesson = ctx.results.with(model::lesson)?;
        let values = [
            ("n", lesson.images.to_string()),
            ("total", lesson.total.to_string()),
            ("bin", i18n.t(bin_key(lesson.bin)).to_string()),
            ("bce", format::percent(lesson.bce)),
            ("dice", format::percent(lesson.dice)),
        ];
        let values: Vec<(&str, &str)> = values.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let key =
            if lesson.bin == SizeBin::Empty { "data.lesson.empty" } else { "data.lesson.bin" };
        Some(i18n.fill(key, &values))
    };
    view! {
        <p class="data-lesson" data-testid="data-lesson" hidden=move || sentence().is_none()>
            {move || sentence().unwrap_or_default()}" "<span class="hint">{tr("data.lesson.how")}</span>
        </p>
    }
}

/// What a row shows in its loss cells.
#[derive(Clone, Copy)]
struct Show {
    losses: &'static [LossName],
    shares: bool,
}

/// A loss cell: the value (or the share), full precision in the hooks.
fn loss_cell(loss: LossName, value: f64, share: f64, show: Show, top: bool) -> AnyView {
    let text = if show.shares { format::percent(share) } else { format::value(value) };
    let title = if show.shares { format::full(100.0 * share) + " %" } else { format::full(value) };
    view! {
        <td class="dv-num" class:dv-top=top data-loss=loss.as_str() data-value=format!("{value:?}")
            data-share=format!("{share:?}") title=title>{text}</td>
    }
    .into_any()
}

/// The metric cells of `scores`-like values.
fn metric_cells(get: impl Fn(Metric) -> f64) -> Vec<AnyView> {
    Metric::ALL
        .iter()
        .map(|&m| {
            let v = get(m);
            view! {
                <td class="dv-num" data-metric=m.as_str() data-value=format!("{v:?}")
                    title=format::full(v)>{format::derived(v)}</td>
            }
            .into_any()
        })
        .collect()
}

/// One image's row (a pair, or a plane of a volume: `slice_of` its pair's index and name).
fn image_row(
    ctx: DataCtx,
    item: &Item,
    report: &ImageReport,
    shares: &dyn Fn(LossName) -> f64,
    tops: &[bool],
    show: Show,
    plane: Option<usize>,
) -> AnyView {
    let name = report.name.clone();
    let pair = item.pair.clone();
    let volume = plane.is_none() && report.shape.len() == 3;
    let depth = report.shape.first().copied().unwrap_or(1);
    let pair_name = pair.name.clone();
    let open = move || {
        let z = plane.unwrap_or_else(|| {
            ctx.planes.with_untracked(|p| p.get(&pair.name).copied().unwrap_or(0))
        });
        open_row(ctx, &pair, z);
    };
    let open_key = open.clone();
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let on_row = ev.target().is_some_and(|t| ev.current_target().is_some_and(|c| c == t));
        if on_row && ev.key() == "Enter" {
            ev.prevent_default();
            open_key();
        }
    };
    let i18n = expect_context::<I18n>();
    let label = i18n.fill("data.open.label", &[("name", &name)]);
    let slider = volume.then(|| {
        let key = pair_name.clone();
        let key_read = pair_name.clone();
        let plane_of = StoredValue::new(key_read);
        let current =
            move || ctx.planes.with(|p| plane_of.with_value(|k| p.get(k).copied().unwrap_or(0)));
        let slider_label = i18n.fill("data.slice.label", &[("name", &pair_name)]);
        view! {
            <span class="data-slice">
                <input type="range" data-testid="data-slice" min="0" max=(depth - 1).to_string() step="1"
                    aria-label=slider_label prop:value=move || current().to_string()
                    on:input=move |ev| {
                        if let Ok(z) = event_target_value(&ev).parse::<usize>() {
                            ctx.planes.update(|p| { p.insert(key.clone(), z.min(depth - 1)); });
                        }
                    } />
                <output>{move || i18n.fill("data.slice", &[("z", &current().to_string()), ("max", &(depth - 1).to_string())])}</output>
            </span>
        }
    });
    let cells: Vec<AnyView> = show
        .losses
        .iter()
        .enumerate()
        .map(|(j, &l)| {
            loss_cell(
                l,
                report.value(l).unwrap_or(f64::NAN),
                shares(l),
                show,
                tops.get(j) == Some(&true),
            )
        })
        .collect();
    let metrics = metric_cells(|m| m.of(&report.metrics));
    view! {
        <tr data-image=name.clone() data-target-pixels=report.target_pixels.to_string()
            data-bin=report.bin().key() data-slice-of=plane.map(|_| item.pair.name.clone())
            class="data-row" class:slice=plane.is_some() tabindex="0" on:keydown=on_key>
            <th scope="row" class="name"><span class="name-text">{name.clone()}</span>{slider}</th>
            <td class="dv-num">{show_shape(&report.shape)}</td>
            <td class="dv-num" data-value=report.target_pixels.to_string()>{report.target_pixels.to_string()}</td>
            <td class="dv-num" title=format::full(100.0 * report.share())>{format::percent(report.share())}</td>
            {cells}
            {metrics}
            <td><button class="data-open" data-testid="data-open" aria-label=label.clone() title=label
                on:click=move |_| open()>{tr("data.open")}</button></td>
        </tr>
    }
    .into_any()
}

fn show_shape(shape: &[usize]) -> String {
    show(shape)
}

/// A summary row: a bin's (or all images') means, or its share of the gradient.
fn summary_row(row: &SummaryRow, show: Show, i18n: I18n) -> AnyView {
    let key = row.bin.map_or("all", SizeBin::key);
    let label = match row.bin {
        Some(bin) => i18n.fill(
            "data.summary.bin",
            &[("bin", i18n.t(bin_key(bin))), ("n", &row.images.to_string())],
        ),
        None => i18n.fill("data.summary.all", &[("n", &row.images.to_string())]),
    };
    let cells: Vec<AnyView> = show
        .losses
        .iter()
        .map(|&l| {
            let value = row.losses.get(l.index()).copied().unwrap_or(f64::NAN);
            let share = row.gradient_share.get(l.index()).copied().unwrap_or(0.0);
            loss_cell(l, value, share, show, false)
        })
        .collect();
    let metrics = metric_cells(|m| m.of(&row.metrics));
    view! {
        <tr class="summary" data-bin-row=key>
            <th scope="row" colspan="4">{label}</th>
            {cells}
            {metrics}
            <td></td>
        </tr>
    }
    .into_any()
}

/// The rows of one item: its own, then its planes when evaluated per slice.
fn item_rows(
    ctx: DataCtx,
    r: &Results,
    i: usize,
    show: Show,
    per_slice: bool,
    out: &mut Vec<AnyView>,
) {
    let item = &r.items[i];
    let tops: Vec<bool> = show
        .losses
        .iter()
        .map(|&l| {
            show.shares
                && r.items.len() > 1
                && r.shares.get(l.index()).is_some_and(|s| {
                    let best = s.iter().copied().fold(0.0, f64::max);
                    best > 0.0 && s[i] == best
                })
        })
        .collect();
    out.push(image_row(ctx, item, &item.report, &|l| r.share(l, i), &tops, show, None));
    if let (true, Some(slices)) = (per_slice, &item.slices) {
        let shares = gradient_shares(slices);
        for (z, s) in slices.iter().enumerate() {
            let share =
                |l: LossName| shares.get(l.index()).and_then(|v| v.get(z)).copied().unwrap_or(0.0);
            out.push(image_row(ctx, item, s, &share, &[], show, Some(z)));
        }
    }
}

/// The table.
#[component]
pub fn DataTable() -> impl IntoView {
    let ctx = expect_context::<DataCtx>();
    let i18n = expect_context::<I18n>();
    let columns = move || {
        let losses = ctx.group.get().losses();
        let mut cols = vec![
            (Column::Name, k("data.col.name")),
            (Column::Size, k("data.col.size")),
            (Column::Object, k("data.col.object")),
            (Column::Share, k("data.col.share")),
        ];
        cols.extend(losses.iter().map(|&l| (Column::Loss(l), l.as_str())));
        cols.extend(Metric::ALL.iter().map(|&m| (Column::Metric(m), metric_key(m))));
        cols
    };
    let header = move || {
        columns()
            .into_iter()
            .map(|(column, key)| {
                let sorted = move || ctx.sort.with(|s| (s.column == column).then_some(s.descending));
                let aria = move || sorted().map(|d| if d { "descending" } else { "ascending" });
                let arrow = move || match sorted() {
                    Some(true) => "▼",
                    Some(false) => "▲",
                    None => "",
                };
                let loss = matches!(column, Column::Loss(_));
                let text = move || if loss { key } else { i18n.t(key) };
                let help = move || i18n.fill("data.sort.help", &[("column", text())]);
                view! {
                    <th scope="col" data-sort=column.key() aria-sort=aria class:loss-col=loss>
                        <button class="sort" title=help on:click=move |_| ctx.sort.update(|s| *s = s.click(column))>
                            {move || if loss { view! { <code>{breakable(key)}</code> }.into_any() } else { view! { <span>{text}</span> }.into_any() }}
                            <span class="arrow" aria-hidden="true">{arrow}</span>
                        </button>
                    </th>
                }
            })
            .collect::<Vec<_>>()
    };
    let body = move || {
        let show = Show { losses: ctx.group.get().losses(), shares: ctx.show_shares.get() };
        let grouped = ctx.grouped.get();
        let sort = ctx.sort.get();
        let per_slice = ctx.per_slice.get();
        ctx.results.with(|r| {
            let reports: Vec<&ImageReport> = r.items.iter().map(|i| &i.report).collect();
            let by_share: Option<&[f64]> = match sort.column {
                Column::Loss(l) if show.shares => r.shares.get(l.index()).map(Vec::as_slice),
                _ => None,
            };
            let order = model::order(&reports, sort, by_share);
            let mut bodies: Vec<AnyView> = Vec::new();
            let Some(summary) = &r.summary else { return bodies };
            if grouped {
                for bin_row in &summary.bins {
                    let mut rows = Vec::new();
                    for &i in order.iter().filter(|&&i| Some(reports[i].bin()) == bin_row.bin) {
                        item_rows(ctx, r, i, show, per_slice, &mut rows);
                    }
                    rows.push(summary_row(bin_row, show, i18n));
                    bodies.push(view! { <tbody class="bin">{rows}</tbody> }.into_any());
                }
                let all = summary_row(&summary.all, show, i18n);
                bodies.push(view! { <tbody class="all">{all}</tbody> }.into_any());
            } else {
                let mut rows = Vec::new();
                for &i in &order {
                    item_rows(ctx, r, i, show, per_slice, &mut rows);
                }
                bodies.push(view! { <tbody>{rows}</tbody> }.into_any());
                let mut sums: Vec<AnyView> =
                    summary.bins.iter().map(|b| summary_row(b, show, i18n)).collect();
                sums.push(summary_row(&summary.all, show, i18n));
                bodies.push(view! { <tbody class="all">{sums}</tbody> }.into_any());
            }
            bodies
        })
    };
    let caption = move || {
        if ctx.show_shares.get() {
            i18n.t("data.caption.shares")
        } else {
            i18n.t("data.caption.values")
        }
    };
    view! {
        <p class="hint data-caption">{caption}</p>
        <div class="data-table-wrap" data-testid="data-table">
            <table class="data-table">
                <caption class="sr-only">{caption}</caption>
                <thead><tr>{header}<th scope="col"><span class="sr-only">{tr("data.col.open")}</span></th></tr></thead>
                {body}
            </table>
        </div>
    }
}

/// A loss name that may wrap after its underscores (`sensitivity_<wbr>specificity`), so long
/// names do not widen their columns.
fn breakable(name: &'static str) -> Vec<AnyView> {
    let parts: Vec<&str> = name.split('_').collect();
    let last = parts.len() - 1;
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            if i < last {
                view! { {format!("{part}_")}<wbr /> }.into_any()
            } else {
                view! { {part} }.into_any()
            }
        })
        .collect()
}
