//! The loss board: every loss in a row with its value, its parameters and where its
//! gradient goes.

mod compound;

use super::fields::NumberField;
use super::format::{self, derived, full, percent, sig};
use super::i18n::{errors, k, tr, I18n};
use super::presenter::Presenter;
use super::state::{Lab, Row};
use leptos::prelude::*;
use losslab_core::params::bce_dice::{self, WeightPreset};
use losslab_core::params::wce;
use losslab_core::{
    sensitivity_specificity_weights, KnobKind, LossConfig, LossName, ParamSpec, ParamValue,
    PosWeight,
};

/// The translation keys of a loss's title and its one-line note on conventions.
fn describe(name: LossName) -> (&'static str, &'static str) {
    match name {
        LossName::Bce => (k("loss.bce.title"), k("loss.bce.note")),
        LossName::Wce => (k("loss.wce.title"), k("loss.wce.note")),
        LossName::Focal => (k("loss.focal.title"), k("loss.focal.note")),
        LossName::Dice => (k("loss.dice.title"), k("loss.dice.note")),
        LossName::Iou => (k("loss.iou.title"), k("loss.iou.note")),
        LossName::Tversky => (k("loss.tversky.title"), k("loss.tversky.note")),
        LossName::FocalTversky => (k("loss.focal_tversky.title"), k("loss.focal_tversky.note")),
        LossName::SensitivitySpecificity => {
            (k("loss.sensitivity_specificity.title"), k("loss.sensitivity_specificity.note"))
        }
        LossName::GeneralizedDice => {
            (k("loss.generalized_dice.title"), k("loss.generalized_dice.note"))
        }
        LossName::BceDice => (k("loss.bce_dice.title"), k("loss.bce_dice.note")),
        LossName::DiceCe => (k("loss.dice_ce.title"), k("loss.dice_ce.note")),
        LossName::DiceFocal => (k("loss.dice_focal.title"), k("loss.dice_focal.note")),
        LossName::TopkCe => (k("loss.topk_ce.title"), k("loss.topk_ce.note")),
        LossName::LovaszHinge => (k("loss.lovasz_hinge.title"), k("loss.lovasz_hinge.note")),
        LossName::LogCoshDice => (k("loss.log_cosh_dice.title"), k("loss.log_cosh_dice.note")),
        LossName::Combo => (k("loss.combo.title"), k("loss.combo.note")),
        LossName::UnifiedFocal => (k("loss.unified_focal.title"), k("loss.unified_focal.note")),
        LossName::Boundary => (k("loss.boundary.title"), k("loss.boundary.note")),
        LossName::HausdorffDt => (k("loss.hausdorff_dt.title"), k("loss.hausdorff_dt.note")),
        LossName::Cldice => (k("loss.cldice.title"), k("loss.cldice.note")),
        LossName::DiceCldice => (k("loss.dice_cldice.title"), k("loss.dice_cldice.note")),
    }
}

/// The translation key of a loss's title (the learn view's cards use it too).
pub fn title_key(name: LossName) -> &'static str {
    describe(name).0
}

/// The extra line of a row: parts, weights, ratios.
fn detail(
    i18n: I18n,
    row: &Row,
    config: &LossConfig,
    counts: &losslab_core::SoftCounts,
) -> Option<String> {
    match config {
        LossConfig::BceDice(p) => row.parts.map(|parts| {
            i18n.fill(
                "board.detail.bce_dice",
                &[
                    ("bce_part", &format::value(p.w_bce * parts.bce)),
                    ("bce", &format::value(parts.bce)),
                    ("dice_part", &format::value(p.w_dice * parts.dice_loss)),
                    ("dice", &format::value(parts.dice_loss)),
                ],
            )
        }),
        LossConfig::GeneralizedDice(_) => match row.class_weights.as_slice() {
            [w0, w1] => {
                Some(i18n.fill("board.detail.gdl", &[("w0", &derived(*w0)), ("w1", &derived(*w1))]))
            }
            _ => None,
        },
        LossConfig::SensitivitySpecificity(p) => {
            let (t, b, _) = sensitivity_specificity_weights(p, counts);
            let ratio = if b > 0.0 { format!("{}×", derived(t / b)) } else { "—".to_string() };
            Some(i18n.fill(
                "board.detail.sens_spec",
                &[("t", &derived(t)), ("b", &derived(b)), ("ratio", &ratio)],
            ))
        }
        LossConfig::Wce(p) => match p.pos_weight {
            PosWeight::Balanced if counts.sum_target > 0.0 => Some(i18n.fill(
                "board.detail.wce",
                &[("w", &derived(losslab_core::balanced_weight(counts)))],
            )),
            _ => None,
        },
        _ => None,
    }
}

/// One parameter's control.
#[component]
fn Param(loss: LossName, spec: ParamSpec) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let config = lab.config(loss);
    let knob = spec.knob();
    let name = spec.key;
    let label = move || i18n.label(knob.label);
    let help = move || i18n.label(knob.help);
    let current = move || config.with(|c| c.get(spec.key));
    let default = LossConfig::default_for(loss).get(spec.key);
    let number = move || match current() {
        Some(ParamValue::Number(x)) => x,
        _ => f64::NAN,
    };
    // The core checks the value; a refusal keeps the old one and is worded by its variant,
    // in the current language.
    let set = move |v: ParamValue| {
        if let Err(e) = lab.set_param(loss, &spec, v) {
            lab.warn(errors::param_error(i18n.lang.get_untracked(), &e));
        }
    };
    let reset = default.clone();
    let reset_button = move || {
        let reset = reset.clone();
        view! {
            <button class="reset" title=tr("board.reset_default") data-reset=name
                aria-label=move || i18n.fill("board.reset_param", &[("name", label())])
                on:click=move |_| { if let Some(v) = reset.clone() { set(v) } }>"↺"</button>
        }
    };
    let d = match default {
        Some(ParamValue::Number(x)) => x,
        _ => 0.0,
    };
    match knob.kind {
        KnobKind::Number { .. } | KnobKind::Integer { .. } => {
            view! {
                <NumberField knob=knob value=Signal::derive(number)
                    on_set=Callback::new(move |v| set(ParamValue::Number(v)))
                    param=name default=d />
            }
            .into_any()
        }
        KnobKind::NumberOr { word, fallback, .. } => {
            // A number, or a word instead of it (wce's "balanced", Dice + focal's "none").
            let on = Signal::derive(move || matches!(current(), Some(ParamValue::Text(_))));
            // While the word is on, the field shows the number it would fall back to.
            let fixed = Signal::derive(move || match current() {
                Some(ParamValue::Number(x)) => x,
                _ => fallback,
            });
            let (text, help) = if word == wce::BALANCED {
                ("board.balanced", "board.balanced_help")
            } else {
                ("board.none", "board.none_help")
            };
            view! {
                <NumberField knob=knob value=fixed disabled=on
                    on_set=Callback::new(move |v| set(ParamValue::Number(v)))
                    param=name default=d />
                <label class="inline check" title=tr(help)>
                    <input type="checkbox" data-param=format!("{name}_{word}") prop:checked=on
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            set(if checked { ParamValue::Text(word.into()) } else { ParamValue::Number(fixed.get_untracked()) })
                        } />
                    {tr(text)}
                </label>
            }
            .into_any()
        }
        KnobKind::Choice(options) => view! {
            <div class="field choice" title=help>
                <span class="field-label">{label}</span>
                <select data-param=name aria-label=label
                    prop:value=move || match current() { Some(ParamValue::Text(s)) => s, _ => String::new() }
                    on:change=move |ev| set(ParamValue::Text(event_target_value(&ev)))>
                    {options.iter().map(|&o| view! { <option value=o>{move || i18n.label(o)}</option> }).collect::<Vec<_>>()}
                </select>
                {reset_button()}
            </div>
        }
        .into_any(),
        KnobKind::Flag => view! {
            <div class="field flag-field" title=help>
                <label class="inline check">
                    <input type="checkbox" data-param=name
                        prop:checked=move || matches!(current(), Some(ParamValue::Bool(true)))
                        on:change=move |ev| set(ParamValue::Bool(event_target_checked(&ev))) />
                    {label}
                </label>
                {reset_button()}
            </div>
        }
        .into_any(),
    }
}

/// What BCE + Dice's default weight does (the article's `w_bce`, read from the core), and
/// that the libraries weigh the two parts 1 : 1. The board's bce_dice card and the learn
/// card show it. Hook: `data-testid="bce-dice-weight-note"`.
#[component]
pub fn BceDiceWeightNote() -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let (w_bce, w_dice) = WeightPreset::Article.weights();
    view! {
        <p class="note" data-testid="bce-dice-weight-note">
            {move || i18n.fill("board.bce_dice.weight_note", &[("w_bce", &w_bce.to_string()), ("w_dice", &w_dice.to_string())])}
        </p>
    }
}

/// The bce_dice card's choice of weights: the article's or the libraries' 1 : 1 (MONAI's
/// `DiceCELoss` default), set through `Lab::set_param`. Hook: `select[data-testid=
/// "bce-dice-preset"]`, option values `article`, `libraries` (and `custom`, shown while the
/// weights are neither); `data-preset` holds the current one.
#[component]
fn BceDicePreset() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let config = lab.config(LossName::BceDice);
    let word = move || {
        config.with(|c| match c {
            LossConfig::BceDice(p) => WeightPreset::of(p).map_or(CUSTOM, WeightPreset::as_str),
            _ => CUSTOM,
        })
    };
    let on_change = move |ev: leptos::ev::Event| {
        let Some(preset) = WeightPreset::parse(&event_target_value(&ev)) else { return };
        let (w_bce, w_dice) = preset.weights();
        for (spec, value) in [(&bce_dice::W_BCE, w_bce), (&bce_dice::W_DICE, w_dice)] {
            if let Err(e) = lab.set_param(LossName::BceDice, spec, ParamValue::Number(value)) {
                lab.warn(errors::param_error(i18n.lang.get_untracked(), &e));
                return;
            }
        }
    };
    let (article_bce, _) = WeightPreset::Article.weights();
    view! {
        <div class="field choice">
            <span class="field-label">{tr("board.bce_dice.preset")}</span>
            <select data-testid="bce-dice-preset" data-preset=word prop:value=word
                aria-label=tr("board.bce_dice.preset") on:change=on_change>
                <option value=WeightPreset::Article.as_str()>
                    {move || i18n.fill("board.bce_dice.preset.article", &[("w_bce", &article_bce.to_string())])}
                </option>
                <option value=WeightPreset::Libraries.as_str()>{tr("board.bce_dice.preset.libraries")}</option>
                <option value=CUSTOM disabled=true hidden=move || word() != CUSTOM>{tr("board.bce_dice.preset.custom")}</option>
            </select>
        </div>
    }
}

/// `data-preset` while BCE + Dice's weights are neither preset's.
const CUSTOM: &str = "custom";

/// One loss: name, value, gradient summary, parameters.
#[component]
fn LossRow(name: LossName, index: usize) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let row = Memo::new(move |_| lab.board.with(|b| b.rows.get(index).cloned()));
    let value = move || row.with(|r| r.as_ref().map_or(f64::NAN, |r| r.value));
    let summary = move || row.with(|r| r.as_ref().map(|r| r.summary).unwrap_or_default());
    let flagged = move || row.with(|r| r.as_ref().is_some_and(|r| r.zero_over_zero));
    let extra = move || {
        let counts = lab.board.with(|b| b.counts);
        let config = lab.config(name).get();
        row.with(|r| r.as_ref().and_then(|r| detail(i18n, r, &config, &counts)))
    };
    let (title, note) = describe(name);
    let presenter = expect_context::<Presenter>();
    let hidden = move || {
        presenter.board_losses(lab.current.get()).is_some_and(|shown| !shown.contains(&name))
    };
    let shown = move || sig(value(), presenter.digits());
    view! {
        <article class="loss" class:current=move || lab.current.get() == name data-loss-row=name.as_str()
            hidden=hidden
            on:focusin=move |_| lab.current.set(name)>
            <header on:click=move |_| lab.current.set(name)>
                <div class="loss-name">
                    <code>{name.as_str()}</code>
                    <span class="loss-title">{tr(title)}</span>
                </div>
                <div class="loss-value">
                    <span class="flag" hidden=move || !flagged()
                        title=tr("board.zero_over_zero")>"0/0"</span>
                    <output data-loss=name.as_str() data-value=move || full(value()) title=move || full(value())
                        aria-label=move || i18n.fill("board.value_label", &[("loss", i18n.t(title)), ("value", &full(value()))])>{shown}</output>
                </div>
            </header>
            <div class="grads" title=tr("board.grads_help")>
                <span>{tr("board.max_object")} " " <b>{move || derived(summary().max_abs_target)}</b></span>
                <span>{tr("board.background")} " " <b>{move || derived(summary().max_abs_background)}</b></span>
                <span>{tr("board.bg_share")} " " <b data-bg-share=move || format!("{}", summary().background_share)>{move || percent(summary().background_share)}</b></span>
            </div>
            <p class="note">{tr(note)}</p>
            {(name == LossName::BceDice).then(|| view! { <BceDiceWeightNote /> })}
            {move || extra().map(|t| view! { <p class="detail">{t}</p> })}
            <div class="params">
                {(name == LossName::BceDice).then(|| view! { <BceDicePreset /> })}
                {name.specs().iter().map(|&s| view! { <Param loss=name spec=s /> }).collect::<Vec<_>>()}
            </div>
        </article>
    }
}

/// In presenter mode, how many losses the board shows, and a button that shows them all
/// (or only the step's again).
#[component]
fn PresenterNote() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let presenter = expect_context::<Presenter>();
    let count = move || {
        presenter.board_losses(lab.current.get()).map_or(LossName::ALL.len(), |shown| shown.len())
    };
    view! {
        <Show when=move || presenter.on()>
            <p class="board-presenter">
                <span data-testid="presenter-shown">{move || i18n.fill("board.presenter.shown", &[("n", &count().to_string())])}</span>
                " "
                <button data-testid="presenter-show-all" aria-pressed=move || presenter.show_all.get().to_string()
                    on:click=move |_| presenter.show_all.update(|all| *all = !*all)>{tr("board.presenter.show_all")}</button>
            </p>
        </Show>
    }
}

/// All losses, in the article's order.
#[component]
pub fn LossBoard() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let error = move || lab.board.with(|b| b.error.clone());
    let eval_ms = move || lab.board.with(|b| b.eval_ms);
    let pixels = move || lab.scene.with(|s| s.grid().pixels());
    // The group headings go with presenter mode's reduced board.
    let presenter = expect_context::<Presenter>();
    let grouped = move || presenter.board_losses(lab.current.get()).is_some();
    view! {
        <section class="board" aria-label=tr("board.label")>
            <p class="board-meta" data-eval-ms=move || format!("{}", eval_ms())>
                {move || i18n.fill("board.meta", &[("pixels", &pixels().to_string()), ("ms", &derived(eval_ms()))])}
                " "
                {tr("board.meta_grads")}
            </p>
            {move || error().map(|e| view! { <p class="error">{e}</p> })}
            <PresenterNote />
            {LossName::ARTICLE.iter().enumerate().map(|(i, &name)| view! { <LossRow name=name index=i /> }).collect::<Vec<_>>()}
            <h3 class="board-group" hidden=grouped data-testid="board-group-compound">{tr("board.group.compound")}</h3>
            {LossName::COMPOUND.iter().map(|&name| view! { <LossRow name=name index=name.index() /> }).collect::<Vec<_>>()}
            <h3 class="board-group" hidden=grouped data-testid="board-group-geometry">{tr("board.group.geometry")}</h3>
            {LossName::GEOMETRY.iter().map(|&name| view! { <LossRow name=name index=name.index() /> }).collect::<Vec<_>>()}
            <h3 class="board-group" hidden=grouped data-testid="board-group-builder">{tr("board.group.builder")}</h3>
            <compound::CompoundCard />
        </section>
    }
}
