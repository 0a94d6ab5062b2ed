//! The per-class maps' read-out: the hovered (or keyboard-moved) pixel's `y`, `p`, `∂L/∂z`
//! and `∂L/∂p` on every channel, as [`derived`]s with the full value in `data-value`.

use super::super::format::{derived, full};
use super::super::i18n::{fill, tr, I18n};
use super::image_maps::{ImageMaps, Refused};
use leptos::prelude::*;
use losslab_core::maps::{Component, MapSettings};

/// One channel at the pixel: `(channel, name, kept, y, p, ∂L/∂z, ∂L/∂p)`.
type Line = (usize, String, bool, f64, f64, f64, f64);

/// The pixel `(row, col)` of `maps`, every channel.
fn lines(maps: &ImageMaps, row: usize, col: usize) -> Option<Vec<Line>> {
    if row >= maps.height || col >= maps.width {
        return None;
    }
    let n = maps.height * maps.width;
    let i = row * maps.width + col;
    let at = |v: &[f64], c: usize| v.get(c * n + i).copied().unwrap_or(f64::NAN);
    Some(
        (0..maps.classes)
            .map(|c| {
                let name = maps.names.get(c).cloned().unwrap_or_default();
                let kept = maps.kept.contains(&c);
                (
                    c,
                    name,
                    kept,
                    at(&maps.target, c),
                    at(&maps.prob, c),
                    at(&maps.grad_logit, c),
                    at(&maps.grad_prob, c),
                )
            })
            .collect(),
    )
}

/// A number cell: a [`derived`], the full value in `data-value` and its `title`.
fn number(v: f64) -> impl IntoView {
    view! { <span class="maps-num" data-value=full(v) title=full(v)>{derived(v).replace('-', "−")}</span> }
}

/// The read-out table under the maps.
#[component]
pub fn MapsReadout(
    maps: Memo<Option<Result<ImageMaps, Refused>>>,
    settings: RwSignal<MapSettings>,
    hover: RwSignal<Option<(usize, usize)>>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let shown = Memo::new(move |_| {
        let (row, col) = hover.get()?;
        maps.with(|m| {
            m.as_ref()?.as_ref().ok().and_then(|m| lines(m, row, col)).map(|l| (row, col, l))
        })
    });
    let active = move |c: Component| settings.with(|s| s.component == c);
    let body = move || {
        let Some((row, col, lines)) = shown.get() else {
            return view! { <p class="hint">{tr("classes.maps.hover_hint")}</p> }.into_any();
        };
        let (r, c) = (row.to_string(), col.to_string());
        let rows = lines
            .into_iter()
            .map(|(channel, name, kept, y, p, gz, gp)| {
                view! {
                    <tr data-mc-readout-class=channel data-kept=kept.to_string()>
                        <th scope="row">{name}</th>
                        <td data-readout="y" data-value=full(y)>{number(y)}</td>
                        <td data-readout="p" data-value=full(p)>{number(p)}</td>
                        <td data-grad="z" data-value=full(gz) class:active=move || active(Component::Logit)>{number(gz)}</td>
                        <td data-grad="p" data-value=full(gp) class:active=move || active(Component::Prob)>{number(gp)}</td>
                    </tr>
                }
            })
            .collect::<Vec<_>>();
        view! {
            <div class="maps-pixel">
                <span>{move || fill(i18n.t("gradients.pixel_at"), &[("row", &r), ("col", &c)])}</span>
            </div>
            <table class="maps-table">
                <thead><tr>
                    <th scope="col">{tr("classes.maps.class")}</th>
                    <th scope="col">{tr("classes.maps.y")}</th>
                    <th scope="col">{tr("classes.maps.p")}</th>
                    <th scope="col" class:active=move || active(Component::Logit)>{tr("gradients.sym.z")}</th>
                    <th scope="col" class:active=move || active(Component::Prob)>{tr("gradients.sym.p")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    view! {
        <div class="maps-readout mc-maps-readout" data-testid="mc-maps-readout"
            data-row=move || shown.with(|s| s.as_ref().map(|s| s.0))
            data-col=move || shown.with(|s| s.as_ref().map(|s| s.1))>
            {body}
        </div>
    }
}
