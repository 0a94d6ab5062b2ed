//! The curves view's settings: which losses are drawn, the swept parameter, the extra
//! background confidences of the size sweep, the points per curve. Every entry goes through
//! `CurveSettings::apply`; a refusal shows the notice and keeps the setting.

use super::super::i18n::tr;
use super::super::state::Lab;
use leptos::prelude::*;
use losslab_core::sweep::{CurveSettings, SweepParam};
use losslab_core::LossName;

/// Applies `key = value`, or warns and keeps the settings.
fn apply(lab: Lab, settings: RwSignal<CurveSettings>, key: &str, value: &str) -> bool {
    let mut next = settings.get_untracked();
    match next.apply(key, value) {
        Ok(()) => {
            if next != settings.get_untracked() {
                settings.set(next);
            }
            lab.notice.set(None);
            true
        }
        Err(e) => {
            lab.warn(e);
            false
        }
    }
}

/// The setting `key` as text.
fn pair(settings: RwSignal<CurveSettings>, key: &str) -> String {
    settings
        .with(|s| s.pairs().into_iter().find(|(k, _)| *k == key).map(|(_, v)| v))
        .unwrap_or_default()
}

/// The controls above the charts.
#[component]
pub fn Controls(
    /// The view's settings.
    settings: RwSignal<CurveSettings>,
    /// Shown last in the panel (the export of every chart).
    children: Children,
) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let boxes = LossName::ALL.map(|loss| {
        let checked = move || settings.with(|s| s.losses.contains(&loss));
        let toggle = move |_| {
            let mut list = settings.with_untracked(|s| s.losses.clone());
            if let Some(i) = list.iter().position(|&l| l == loss) {
                list.remove(i);
            } else {
                list.push(loss);
            }
            let words: Vec<&str> = list.iter().map(|l| l.as_str()).collect();
            apply(lab, settings, "curves.losses", &words.join(","));
        };
        let color = loss.css_color();
        view! {
            <label class="inline check curves-loss">
                <input type="checkbox" data-curves-loss=loss.as_str() prop:checked=checked on:change=toggle />
                <span class="curves-swatch" style=format!("background:{color}")></span>
                {loss.as_str()}
            </label>
        }
    });
    let params =
        SweepParam::ALL.map(|p| view! { <option value=p.as_str()>{p.as_str()}</option> }).to_vec();
    let text_field = move |key: &'static str, testid: &'static str| {
        view! {
            <input type="text" class="curves-text" data-testid=testid
                prop:value=move || pair(settings, key)
                on:change=move |ev| {
                    let input = event_target::<web_sys::HtmlInputElement>(&ev);
                    if !apply(lab, settings, key, &input.value()) {
                        input.set_value(&pair(settings, key));
                    }
                } />
        }
    };
    view! {
        <div class="panel curves-controls">
            <div class="row">
                <span class="muted">{tr("curves.losses")}</span>
                {boxes.to_vec()}
            </div>
            <div class="row">
                <label class="inline">
                    {tr("curves.sweep_param")}" "
                    <select data-testid="curves-sweep-param"
                        prop:value=move || settings.with(|s| s.sweep_param.as_str())
                        on:change=move |ev| { apply(lab, settings, "curves.sweep_param", &event_target_value(&ev)); }>
                        {params}
                    </select>
                </label>
                <label class="inline">{tr("curves.backgrounds")}" "{text_field("curves.backgrounds", "curves-backgrounds")}</label>
                <label class="inline">{tr("curves.points")}" "{text_field("curves.points", "curves-points")}</label>
            </div>
            {children()}
        </div>
    }
}
