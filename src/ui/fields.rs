//! A number control: a slider (linear or logarithmic) and a numeric field bound to the same
//! value, with an optional reset. Typed text is checked once, here: a bad entry shows the
//! notice and leaves the value as it was.

use super::format::round_sig;
use super::i18n::{errors, I18n};
use super::state::Lab;
use leptos::html;
use leptos::prelude::*;
use losslab_core::{Knob, SLIDER_STEPS};

/// Checks typed text against `knob` (and wholeness for integer fields); a refusal is worded
/// in the current language.
fn check(i18n: I18n, knob: &Knob, integer: bool, text: &str) -> Result<f64, String> {
    match errors::number_error(i18n.lang.get_untracked(), knob, integer, text) {
        Some(message) => Err(message),
        None => knob.parse_number(text),
    }
}

/// A slider plus a numeric field for one number.
#[component]
pub fn NumberField(
    /// Range, label and slider mapping (reactive: the object size's maximum follows the grid).
    #[prop(into)]
    knob: Signal<Knob>,
    /// The current value.
    #[prop(into)]
    value: Signal<f64>,
    /// Applies a valid value.
    on_set: Callback<f64>,
    /// Called when a slider or field is released (ends an undo step).
    #[prop(optional)]
    on_release: Option<Callback<()>>,
    /// `data-testid` of the numeric field.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// `data-param` of the numeric field (the parameter's name on the loss board).
    #[prop(optional)]
    param: Option<&'static str>,
    /// Only whole numbers.
    #[prop(optional)]
    integer: bool,
    /// Shows a reset button that sets this value.
    #[prop(optional)]
    default: Option<f64>,
    /// Greys the control out.
    #[prop(optional)]
    disabled: Option<Signal<bool>>,
) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let field = NodeRef::<html::Input>::new();
    let disabled = move || disabled.map(|d| d.get()).unwrap_or(false);
    let release = move || {
        if let Some(cb) = on_release {
            cb.run(());
        }
    };
    let show =
        move |v: f64| if v != 0.0 && v.abs() < 1e-3 { format!("{v:e}") } else { format!("{v}") };
    // Keep the field's text in step with the value, unless it already says that number
    // (so typing "0." is not rewritten to "0").
    Effect::new(move |_| {
        let v = value.get();
        if let Some(el) = field.get() {
            if el.value().trim().parse::<f64>().ok() != Some(v) {
                el.set_value(&show(v));
            }
        }
    });
    let on_field_input = move |ev| {
        let k = knob.get_untracked();
        match check(i18n, &k, integer, &event_target_value(&ev)) {
            Ok(v) => {
                lab.notice.set(None);
                on_set.run(v);
            }
            Err(message) => lab.warn(message),
        }
    };
    let on_field_change = move |ev| {
        let k = knob.get_untracked();
        if check(i18n, &k, integer, &event_target_value(&ev)).is_err() {
            if let Some(el) = field.get_untracked() {
                el.set_value(&show(value.get_untracked()));
            }
        }
        release();
    };
    let on_slider = move |ev| {
        let k = knob.get_untracked();
        let Ok(t) = event_target_value(&ev).parse::<f64>() else { return };
        let v = round_sig(k.value_at(t), i32::from(k.digits));
        let v = if integer { v.round() } else { v };
        let (min, max) = k.range();
        lab.notice.set(None);
        on_set.run(v.clamp(min, max));
    };
    let label = move || i18n.label(knob.with(|k| k.label));
    let help = move || i18n.label(knob.with(|k| k.help));
    let (min, max) = (move || knob.with(|k| k.range().0), move || knob.with(|k| k.range().1));
    view! {
        <div class="field" title=help>
            <span class="field-label">{label}{move || {
                let unit = knob.with(|k| k.unit);
                (!unit.is_empty()).then(|| format!(" ({unit})"))
            }}</span>
            <input
                type="range"
                class="slider"
                min="0"
                max=SLIDER_STEPS.to_string()
                step="1"
                aria-label=label
                disabled=disabled
                prop:value=move || knob.with(|k| k.slider_at(value.get())).to_string()
                aria-keyshortcuts=default.map(|_| "Delete")
                on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                    // The reset button is not a tab stop: Delete (or Backspace) on the slider
                    // is the same reset.
                    if let (Some(d), "Delete" | "Backspace") = (default, ev.key().as_str()) {
                        ev.prevent_default();
                        on_set.run(d);
                        release();
                    }
                }
                on:input=on_slider
                on:change=move |_| release()
            />
            <input
                type="number"
                class="num"
                node_ref=field
                data-testid=testid
                data-param=param
                min=min
                max=max
                step=if integer { "1" } else { "any" }
                aria-label=label
                disabled=disabled
                value=show(value.get_untracked())
                on:input=on_field_input
                on:change=on_field_change
            />

            {default
                .map(|d| {
                    view! {
                        <button
                            class="reset"
                            tabindex="-1"
                            title=move || i18n.fill("field.reset_to", &[("value", &d.to_string())])
                            aria-label=move || {
                                i18n.fill("field.reset_label", &[("label", label()), ("value", &d.to_string())])
                            }
                            data-reset=param
                            disabled=disabled
                            on:click=move |_| {
                                on_set.run(d);
                                release();
                            }
                        >
                            "↺"
                        </button>
                    }
                })}
        </div>
    }
}
