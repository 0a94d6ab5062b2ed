//! The board's compound card: `w₁·L₁ + w₂·L₂` of two losses a person picks (any but
//! generalized_dice), each with the parameters set on its own card, their weights and a
//! schedule for the race (constant, linear ramp, step). It shows each part unweighted and
//! weighted, the total, the weights at step 0 and one line on what the schedule does.
//!
//! State: `Lab::compound` (a `CompoundSpec`), changed only through `CompoundSpec::apply` (the
//! link's parser: one check for controls and links alike) and `Lab::set_compound`; the value
//! is the board memo's `Board::compound`.
//!
//! # Hooks
//! - `[data-testid="compound-total"]`: the total, `data-value` at full precision.
//! - `[data-testid="compound-part-0|1"]`: a term, `data-loss-name`, `data-value` (unweighted),
//!   `data-weight` (at step 0) and `data-weighted` (their product).
//! - `select[data-testid="compound-loss-0|1"]`: the terms' losses (option values are loss
//!   names); `input[data-testid="compound-weight-0|1"]`: their weights.
//! - `select[data-testid="compound-schedule"]` (`constant`, `linear`, `step`),
//!   `input[data-testid="compound-steps"]`, `input[data-testid="compound-end-0|1"]`.
//! - `[data-testid="compound-weights-0"]` (the weights at step 0) and
//!   `[data-testid="compound-schedule-note"]` (what the schedule does in the race).
//! - `[data-testid="compound-code"]`: the spot for the compound's code export (see
//!   [`CompoundCode`]).

use super::super::fields::NumberField;
use super::super::format::{derived, full, percent, sig};
use super::super::i18n::{k, tr, I18n};
use super::super::learn::code::{code_reduction, SnippetView};
use super::super::presenter::Presenter;
use super::super::state::{CompoundRow, Lab};
use leptos::prelude::*;
use losslab_core::codegen::{compound_snippet, Library};
use losslab_core::maps::MapSource;
use losslab_core::{CompoundSpec, Knob, LossName, Schedule};

/// The link key of term `i`'s loss, weight and end weight.
const KEYS: [[&str; 3]; 2] = [
    ["compound.a", "compound.a_weight", "compound.a_end"],
    ["compound.b", "compound.b_weight", "compound.b_end"],
];

/// Steps a schedule starts with when it replaces a constant one (the race's usual length).
const FIRST_STEPS: u32 = 300;

/// The weights' controls: 0 to 100, logarithmic from 1e-3 (as the losses' own weights).
const WEIGHTS: [Knob; 2] = [
    Knob::number(k("compound.weight_a"), 0.0, 100.0, Some(1e-3), k("compound.weight_help")),
    Knob::number(k("compound.weight_b"), 0.0, 100.0, Some(1e-3), k("compound.weight_help")),
];
/// The end weights' controls.
const END_WEIGHTS: [Knob; 2] = [
    Knob::number(k("compound.end_weight_a"), 0.0, 100.0, Some(1e-3), k("compound.end_weight_help")),
    Knob::number(k("compound.end_weight_b"), 0.0, 100.0, Some(1e-3), k("compound.end_weight_help")),
];
/// The schedule's steps (whole numbers, logarithmic slider).
const STEPS: Knob =
    Knob::number(k("compound.steps"), 1.0, 100_000.0, Some(1.0), k("compound.steps_help"));

/// The losses a term may be: every loss but generalized_dice.
fn term_losses() -> impl Iterator<Item = LossName> {
    LossName::ALL.into_iter().filter(|&l| l != LossName::GeneralizedDice)
}

/// Applies `key = value` to the compound through the core's checks; a refusal shows the
/// notice and keeps the compound.
fn apply(lab: Lab, i18n: I18n, pairs: &[(&str, String)]) {
    let mut spec = lab.compound.get_untracked();
    for (key, value) in pairs {
        if let Err(reason) = spec.apply(key, value) {
            lab.warn(i18n.fill("compound.refused", &[("reason", &reason)]));
            return;
        }
    }
    if let Err(e) = lab.set_compound(spec) {
        lab.warn(i18n.fill("compound.refused", &[("reason", &e.to_string())]));
    }
}

/// A weight as people read it.
fn weight(w: f64) -> String {
    derived(w).replace('-', "−")
}

/// What the schedule does in the race, in one line.
fn schedule_line(i18n: I18n, spec: &CompoundSpec) -> String {
    let [a, b] = spec.weights.map(weight);
    let [a_end, b_end] = spec.end_weights().map(weight);
    let steps = spec.schedule_steps().to_string();
    let values =
        [("a", a.as_str()), ("b", &b), ("a_end", &a_end), ("b_end", &b_end), ("steps", &steps)];
    let key = match spec.schedule {
        Schedule::Constant => "compound.schedule_note.constant",
        Schedule::Linear { .. } => "compound.schedule_note.linear",
        Schedule::Step { .. } => "compound.schedule_note.step",
    };
    i18n.fill(key, &values)
}

/// One term: its loss, its weight, its value unweighted and weighted.
#[component]
fn TermRow(index: usize, row: Memo<Option<CompoundRow>>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let [loss_key, weight_key, _] = KEYS[index];
    let loss = move || lab.compound.with(|c| c.losses[index]);
    let w = Signal::derive(move || lab.compound.with(|c| c.weights[index]));
    let value = move || row.with(|r| r.as_ref().map_or(f64::NAN, |r| r.values[index]));
    let used = move || row.with(|r| r.as_ref().map_or(f64::NAN, |r| r.weights[index]));
    let weighted = move || used() * value();
    let options = term_losses()
        .map(|l| view! { <option value=l.as_str() selected=move || loss() == l>{l.as_str()}</option> })
        .collect::<Vec<_>>();
    let label = if index == 0 { "compound.term_a" } else { "compound.term_b" };
    let testid = ["compound-weight-0", "compound-weight-1"][index];
    view! {
        <div class="field choice">
            <span class="field-label">{tr(label)}</span>
            <select data-testid=format!("compound-loss-{index}") aria-label=tr(label)
                prop:value=move || loss().as_str()
                on:change=move |ev| apply(lab, i18n, &[(loss_key, event_target_value(&ev))])>
                {options}
            </select>
        </div>
        <NumberField knob=WEIGHTS[index] value=w testid=testid default=1.0
            on_set=Callback::new(move |v: f64| apply(lab, i18n, &[(weight_key, v.to_string())])) />
        <p class="compound-part" data-testid=format!("compound-part-{index}")
            data-loss-name=move || loss().as_str() data-value=move || full(value())
            data-weight=move || full(used()) data-weighted=move || full(weighted())>
            <code>{move || loss().as_str()}</code>" "
            <span title=move || full(value())>{move || sig(value(), 4)}</span>
            " × " {move || weight(used())} " = "
            <b title=move || full(weighted())>{move || sig(weighted(), 4)}</b>
        </p>
    }
}

/// The schedule: its kind, and for a ramp or a step its steps and end weights.
#[component]
fn ScheduleControls() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let kind = move || lab.compound.with(|c| c.schedule.kind());
    let on_kind = move |ev: leptos::ev::Event| {
        let word = event_target_value(&ev);
        let mut pairs = vec![("compound.schedule", word)];
        // From a constant schedule, a ramp or a step starts over the race's usual length.
        if lab.compound.with_untracked(|c| c.schedule == Schedule::Constant) {
            pairs.push(("compound.steps", FIRST_STEPS.to_string()));
        }
        apply(lab, i18n, &pairs);
    };
    let steps = Signal::derive(move || f64::from(lab.compound.with(|c| c.schedule_steps())));
    let end = move |i: usize| Signal::derive(move || lab.compound.with(|c| c.end_weights()[i]));
    let constant = move || kind() == Schedule::Constant.kind();
    let choices = [
        ("constant", "compound.schedule.constant"),
        ("linear", "compound.schedule.linear"),
        ("step", "compound.schedule.step"),
    ]
    .into_iter()
    .map(|(value, key)| view! { <option value=value selected=move || kind() == value>{tr(key)}</option> })
    .collect::<Vec<_>>();
    view! {
        <div class="field choice">
            <span class="field-label">{tr("compound.schedule")}</span>
            <select data-testid="compound-schedule" aria-label=tr("compound.schedule")
                prop:value=kind on:change=on_kind>
                {choices}
            </select>
        </div>
        <Show when=move || !constant()>
            <NumberField knob=STEPS value=steps integer=true testid="compound-steps"
                on_set=Callback::new(move |v: f64| apply(lab, i18n, &[("compound.steps", format!("{}", v.round()))])) />
            {[0, 1].into_iter().map(|i| view! {
                <NumberField knob=END_WEIGHTS[i] value=end(i) testid=["compound-end-0", "compound-end-1"][i]
                    on_set=Callback::new(move |v: f64| apply(lab, i18n, &[(KEYS[i][2], v.to_string())])) />
            }).collect::<Vec<_>>()}
        </Show>
    }
}

/// The compound as code for the four libraries (`codegen::compound_snippets`), reducing a
/// batch as the learn view's code does; nothing while the spec is refused. Hook:
/// `details[data-testid="compound-code"]` with one `figure[data-code="<library>"]` each.
#[component]
fn CompoundCode() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let reduction = code_reduction();
    let compound = Memo::new(move |_| lab.compound.get().build(|name| lab.config(name).get()).ok());
    view! {
        <details class="compound-code" data-testid="compound-code">
            <summary>{tr("compound.code")}</summary>
            {Library::ALL.into_iter().map(|library| {
                let snippet = Memo::new(move |_| {
                    compound.get().map(|c| compound_snippet(&c, library, reduction.get()))
                });
                view! { <SnippetView library=library snippet=snippet reduction=reduction /> }
            }).collect::<Vec<_>>()}
        </details>
    }
}

/// The compound card on the board.
#[component]
pub fn CompoundCard() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let presenter = expect_context::<Presenter>();
    let result = Memo::new(move |_| lab.board.with(|b| b.compound.clone()));
    let row = Memo::new(move |_| result.with(|r| r.clone().and_then(Result::ok)));
    let error = move || result.with(|r| r.clone().and_then(Result::err));
    let total = move || row.with(|r| r.as_ref().map_or(f64::NAN, |r| r.total));
    let summary = move || row.with(|r| r.as_ref().map(|r| r.summary).unwrap_or_default());
    let flagged = move || row.with(|r| r.as_ref().is_some_and(|r| r.zero_over_zero));
    let at_zero = move || {
        row.with(|r| r.as_ref().map(|r| r.weights)).map_or_else(String::new, |[a, b]| {
            i18n.fill("compound.weights_at_zero", &[("a", &weight(a)), ("b", &weight(b))])
        })
    };
    let schedule = move || lab.compound.with(|c| schedule_line(i18n, c));
    let hidden = move || presenter.board_losses(lab.current.get()).is_some();
    view! {
        <article class="loss compound" data-testid="compound-card" hidden=hidden>
            <header>
                <div class="loss-name">
                    <code>{MapSource::Compound.as_str()}</code>
                    <span class="loss-title">{tr("compound.title")}</span>
                </div>
                <div class="loss-value">
                    <span class="flag" hidden=move || !flagged() title=tr("board.zero_over_zero")>"0/0"</span>
                    <output data-testid="compound-total" data-value=move || full(total()) title=move || full(total())
                        aria-label=move || i18n.fill("board.value_label", &[("loss", i18n.t("compound.title")), ("value", &full(total()))])>
                        {move || sig(total(), presenter.digits())}
                    </output>
                </div>
            </header>
            <div class="grads" title=tr("board.grads_help")>
                <span>{tr("board.max_object")} " " <b>{move || derived(summary().max_abs_target)}</b></span>
                <span>{tr("board.background")} " " <b>{move || derived(summary().max_abs_background)}</b></span>
                <span>{tr("board.bg_share")} " " <b data-bg-share=move || format!("{}", summary().background_share)>{move || percent(summary().background_share)}</b></span>
            </div>
            <p class="note">{tr("compound.note")}</p>
            {move || error().map(|e| view! { <p class="error">{e}</p> })}
            <div class="params">
                <TermRow index=0 row=row />
                <TermRow index=1 row=row />
                <ScheduleControls />
            </div>
            <p class="detail" data-testid="compound-weights-0">{at_zero}</p>
            <p class="note" data-testid="compound-schedule-note">{schedule}</p>
            <CompoundCode />
        </article>
    }
}
