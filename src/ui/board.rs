//! The loss board: every loss in a row with its value, its parameters and where its
//! gradient goes.

use super::fields::NumberField;
use super::format::{percent, sig};
use super::state::{Lab, Row};
use leptos::prelude::*;
use losslab_core::scene::{knobs, Knob, KnobKind};
use losslab_core::{sensitivity_specificity_weights, LossConfig, LossName, ParamValue, PosWeight};

/// A title and a one-line note on conventions for each loss.
fn describe(name: LossName) -> (&'static str, &'static str) {
    match name {
        LossName::Bce => {
            ("Binary cross-entropy", "every pixel weighs the same: the background dominates")
        }
        LossName::Wce => {
            ("Weighted cross-entropy", "w⁺ multiplies the y = 1 term (PyTorch pos_weight)")
        }
        LossName::Focal => ("Focal", "α weighs the positive class (y = 1) in every library"),
        LossName::Dice => ("Soft Dice", "1 − (2I + s)/(Σy + Σp + s)"),
        LossName::Iou => {
            ("Soft Jaccard (IoU)", "shows 1 − J; the article returns −J (same gradient)")
        }
        LossName::Tversky => {
            ("Tversky", "α weighs FN, β FP here (article); MONAI / smp / Keras swap the names")
        }
        LossName::FocalTversky => {
            ("Focal Tversky", "(1 − T)^γ; the paper writes (1 − T)^(1/γ), γ = 4/3")
        }
        LossName::SensitivitySpecificity => {
            ("Sensitivity–specificity", "λ weighs the error rate on target pixels")
        }
        LossName::GeneralizedDice => {
            ("Generalized Dice", "two classes (background, object), weights 1/(Σr)²")
        }
        LossName::BceDice => {
            ("BCE + Dice", "w_bce·BCE + w_dice·(1 − D); the article's is this minus 1")
        }
    }
}

/// The extra line of a row: parts, weights, ratios.
fn detail(row: &Row, config: &LossConfig, counts: &losslab_core::SoftCounts) -> Option<String> {
    match config {
        LossConfig::BceDice(p) => row.parts.map(|parts| {
            format!(
                "BCE part {} (BCE {}) · Dice part {} (1 − D = {})",
                sig(p.w_bce * parts.bce, 4),
                sig(parts.bce, 4),
                sig(p.w_dice * parts.dice_loss, 4),
                sig(parts.dice_loss, 4)
            )
        }),
        LossConfig::GeneralizedDice(_) => match row.class_weights.as_slice() {
            [w0, w1] => Some(format!(
                "class weights: background w₀ = {}, object w₁ = {}",
                sig(*w0, 4),
                sig(*w1, 4)
            )),
            _ => None,
        },
        LossConfig::SensitivitySpecificity(p) => {
            let (t, b, _) = sensitivity_specificity_weights(p, counts);
            let ratio = if b > 0.0 { format!("{}×", sig(t / b, 4)) } else { "—".to_string() };
            Some(format!(
                "per-pixel weight: target {} · background {} · ratio {ratio}",
                sig(t, 3),
                sig(b, 3)
            ))
        }
        LossConfig::Wce(p) => match p.pos_weight {
            PosWeight::Balanced if counts.sum_target > 0.0 => Some(format!(
                "balanced w⁺ = (N − Σy)/Σy = {}",
                sig(((counts.pixels as f64 - counts.sum_target) / counts.sum_target).min(1e4), 4)
            )),
            _ => None,
        },
        _ => None,
    }
}

/// One parameter's control.
#[component]
fn Param(loss: LossName, knob: Knob) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let config = lab.config(loss);
    let name = knob.name;
    let current = move || config.with(|c| c.get(name));
    let default = LossConfig::default_for(loss).get(name);
    let number = move || match current() {
        Some(ParamValue::Number(x)) => x,
        _ => f64::NAN,
    };
    let set = move |v: ParamValue| {
        lab.set_param(loss, name, v);
    };
    let reset = default.clone();
    let reset_button = move || {
        let reset = reset.clone();
        view! {
            <button class="reset" title="Reset to the article's default" data-reset=name aria-label=format!("Reset {name}")
                on:click=move |_| { if let Some(v) = reset.clone() { set(v) } }>"↺"</button>
        }
    };
    match knob.kind {
        KnobKind::Number { .. } => {
            let d = match default { Some(ParamValue::Number(x)) => Some(x), _ => None };
            view! {
                <NumberField knob=knob value=Signal::derive(number)
                    on_set=Callback::new(move |v| set(ParamValue::Number(v)))
                    param=name default=d.unwrap_or(0.0) />
            }
            .into_any()
        }
        KnobKind::PosWeight { .. } => {
            let balanced = Signal::derive(move || matches!(current(), Some(ParamValue::Text(_))));
            let fixed = Signal::derive(move || config.with(|c| match c {
                LossConfig::Wce(p) => match p.pos_weight { PosWeight::Fixed(w) => w, PosWeight::Balanced => 10.0 },
                _ => f64::NAN,
            }));
            view! {
                <NumberField knob=knob value=fixed disabled=balanced
                    on_set=Callback::new(move |v| set(ParamValue::Number(v)))
                    param=name default=10.0 />
                <label class="inline check" title="w⁺ = (N − Σy)/Σy, capped at 1e4">
                    <input type="checkbox" data-param="pos_weight_balanced" prop:checked=balanced
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            set(if on { ParamValue::Text("balanced".into()) } else { ParamValue::Number(fixed.get_untracked()) })
                        } />
                    "balanced"
                </label>
            }
            .into_any()
        }
        KnobKind::Choice(options) => view! {
            <div class="field choice" title=knob.help>
                <span class="field-label">{knob.label}</span>
                <select data-param=name aria-label=knob.label
                    prop:value=move || match current() { Some(ParamValue::Text(s)) => s, _ => String::new() }
                    on:change=move |ev| set(ParamValue::Text(event_target_value(&ev)))>
                    {options.iter().map(|&o| view! { <option value=o>{o}</option> }).collect::<Vec<_>>()}
                </select>
                {reset_button()}
            </div>
        }
        .into_any(),
        KnobKind::Flag => view! {
            <div class="field flag-field" title=knob.help>
                <label class="inline check">
                    <input type="checkbox" data-param=name
                        prop:checked=move || matches!(current(), Some(ParamValue::Bool(true)))
                        on:change=move |ev| set(ParamValue::Bool(event_target_checked(&ev))) />
                    {knob.label}
                </label>
                {reset_button()}
            </div>
        }
        .into_any(),
    }
}

/// One loss: name, value, gradient summary, parameters.
#[component]
fn LossRow(name: LossName, index: usize) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let row = Memo::new(move |_| lab.board.with(|b| b.rows.get(index).cloned()));
    let value = move || row.with(|r| r.as_ref().map_or(f64::NAN, |r| r.value));
    let summary = move || row.with(|r| r.as_ref().map(|r| r.summary).unwrap_or_default());
    let flagged = move || row.with(|r| r.as_ref().is_some_and(|r| r.zero_over_zero));
    let extra = move || {
        let counts = lab.board.with(|b| b.counts);
        let config = lab.config(name).get();
        row.with(|r| r.as_ref().and_then(|r| detail(r, &config, &counts)))
    };
    let (title, note) = describe(name);
    view! {
        <article class="loss" class:current=move || lab.current.get() == name data-loss-row=name.as_str()
            on:focusin=move |_| lab.current.set(name)>
            <header on:click=move |_| lab.current.set(name)>
                <div class="loss-name">
                    <code>{name.as_str()}</code>
                    <span class="loss-title">{title}</span>
                </div>
                <div class="loss-value">
                    <span class="flag" hidden=move || !flagged()
                        title="A 0/0 ratio was met (zero smoothing): defined as 0 with zero gradient">"0/0"</span>
                    <output data-loss=name.as_str() data-value=move || format!("{}", value())
                        aria-label=format!("{title} loss value")>{move || sig(value(), 6)}</output>
                </div>
            </header>
            <div class="grads" title="Gradient with respect to the logit z">
                <span>"max |∂L/∂z| object " <b>{move || sig(summary().max_abs_target, 3)}</b></span>
                <span>"background " <b>{move || sig(summary().max_abs_background, 3)}</b></span>
                <span>"background share " <b data-bg-share=move || format!("{}", summary().background_share)>{move || percent(summary().background_share)}</b></span>
            </div>
            <p class="note">{note}</p>
            {move || extra().map(|t| view! { <p class="detail">{t}</p> })}
            <div class="params">
                {knobs(name).iter().map(|&k| view! { <Param loss=name knob=k /> }).collect::<Vec<_>>()}
            </div>
        </article>
    }
}

/// All losses, in the article's order.
#[component]
pub fn LossBoard() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let error = move || lab.board.with(|b| b.error.clone());
    let eval_ms = move || lab.board.with(|b| b.eval_ms);
    let pixels = move || lab.scene.with(|s| s.grid().pixels());
    view! {
        <section class="board" aria-label="Loss board">
            <p class="board-meta" data-eval-ms=move || format!("{}", eval_ms())>
                {move || format!("All 10 losses on {} pixels, evaluated in {} ms. ", pixels(), sig(eval_ms(), 2))}
                "Gradients are with respect to the logit z; “object” and “background” split pixels at y = 0.5."
            </p>
            {move || error().map(|e| view! { <p class="error">{e}</p> })}
            {LossName::ALL.iter().enumerate().map(|(i, &name)| view! { <LossRow name=name index=i /> }).collect::<Vec<_>>()}
        </section>
    }
}
