//! The hover read-out: the hovered pixel's position, `y`, `p`, and every loss's `∂L/∂z` and
//! `∂L/∂p` there (as [`derived`]s; the full value in `data-value` and on hover).

use super::super::format::{derived, full};
use super::super::i18n::{fill, tr, I18n};
use super::maps::{maps_state, Snapshot};
use leptos::prelude::*;
use losslab_core::maps::{Component, GradientMaps, MapSource};

/// One map's row: `(loss or compound, ∂L/∂z, ∂L/∂p, colour under the current settings)`.
type Line = (MapSource, f64, f64, [u8; 3]);

/// What the table shows for one pixel.
#[derive(Debug, Clone, PartialEq)]
struct Pixel {
    row: usize,
    col: usize,
    y: f64,
    p: f64,
    lines: Vec<Line>,
}

fn pixel(
    maps: &GradientMaps,
    settings: &losslab_core::maps::MapSettings,
    row: usize,
    col: usize,
) -> Option<Pixel> {
    let i = maps.index(row, col)?;
    let lines = maps
        .maps
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let colour = maps.scale(k, settings).colour(m.grad(settings.component)[i]);
            (m.source, m.grad(Component::Logit)[i], m.grad(Component::Prob)[i], colour)
        })
        .collect();
    Some(Pixel { row, col, y: *maps.target.get(i)?, p: *maps.prob.get(i)?, lines })
}

/// A number cell: a [`derived`], the full value in `data-value` and its `title`.
fn number(v: f64) -> impl IntoView {
    view! { <span class="maps-num" data-value=full(v) title=full(v)>{derived(v).replace('-', "−")}</span> }
}

/// The read-out table.
#[component]
pub fn HoverTable() -> impl IntoView {
    let state = maps_state();
    let maps = expect_context::<Memo<Snapshot>>();
    let shown = Memo::new(move |_| {
        let (row, col) = state.hover.get()?;
        let settings = state.settings.get();
        maps.with(|m| m.0.as_ref().as_ref().ok().and_then(|m| pixel(m, &settings, row, col)))
    });
    let i18n = expect_context::<I18n>();
    let active = move |c: Component| state.settings.with(|s| s.component == c);
    let body = move || {
        let Some(px) = shown.get() else {
            return view! { <p class="hint">{tr("gradients.hover_hint")}</p> }.into_any();
        };
        let (row, col) = (px.row.to_string(), px.col.to_string());
        let rows = px
            .lines
            .iter()
            .map(|&(name, gz, gp, colour)| {
                let swatch = format!("background: rgb({}, {}, {})", colour[0], colour[1], colour[2]);
                view! {
                    <tr data-readout-loss=name.as_str()>
                        <th scope="row"><span class="maps-dot" style=format!("background: {}", name.css_color())></span>{name.as_str()}</th>
                        <td data-grad="z" data-value=format!("{gz}") class:active=move || active(Component::Logit)>{number(gz)}</td>
                        <td data-grad="p" data-value=format!("{gp}") class:active=move || active(Component::Prob)>{number(gp)}</td>
                        <td><span class="swatch" style=swatch></span></td>
                    </tr>
                }
            })
            .collect::<Vec<_>>();
        view! {
            <div class="maps-pixel">
                <span>{move || fill(i18n.t("gradients.pixel_at"), &[("row", &row), ("col", &col)])}</span>
                <span>{tr("gradients.y_eq")} " " <b data-readout="y" data-value=format!("{}", px.y)>{number(px.y)}</b></span>
                <span>{tr("gradients.p_eq")} " " <b data-readout="p" data-value=format!("{}", px.p)>{number(px.p)}</b></span>
            </div>
            <table class="maps-table">
                <thead><tr>
                    <th scope="col">{tr("gradients.loss")}</th>
                    <th scope="col" class:active=move || active(Component::Logit)>{tr("gradients.sym.z")}</th>
                    <th scope="col" class:active=move || active(Component::Prob)>{tr("gradients.sym.p")}</th>
                    <th scope="col">{tr("gradients.colour")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <section class="maps-readout panel" data-testid="maps-readout"
            data-row=move || shown.with(|p| p.as_ref().map(|p| p.row))
            data-col=move || shown.with(|p| p.as_ref().map(|p| p.col))>
            <h3>{tr("gradients.readout")}</h3>
            {body}
        </section>
    }
}
