//! The learn view: a card per loss with its formulas in MathML (the current numbers
//! substituted live), its parameters and defaults, when people use it and its pitfalls; the
//! current loss's code for four libraries with their conventions; the article's code
//! errata. And the claims tour, whose bar shows in every view.
//!
//! Data flow: the [`Learn`] context (provided by the app) holds the area's settings
//! ([`settings::LearnSettings`]: the tour step) in one `RwSignal`; [`Learn::go`] (the tour's
//! buttons, a `#tour=<n>` short link) applies a step's scene and parameters (`tour.rs`); a
//! full link that carries `learn.tour` only reopens the bar, keeping the linked scene. The cards read `lab.board` (soft counts and each loss's row) and the loss's
//! config; the formulas are built by the pure `formula.rs`.
//!
//! Hooks (beyond `testing-hooks.md`'s `data-formula`, `data-code`, `lang`, `tour-*`,
//! `data-tour-step`): `[data-formula="<loss>"] [data-substituted]` is the formula with the
//! numbers, whose `data-value` is the loss value it shows (full precision, recomputed from
//! the substituted numbers for the region losses); `[data-formula][data-current]` marks the
//! current loss's card (first and open); `[data-grad-at]` is a card's gradient at one pixel
//! (the first object pixel), its `data-grad-prob` / `data-grad-logit` the ∂L/∂p and ∂L/∂z it
//! shows (full precision); `[data-computed="logits"]` / `[data-computed="ranking"]` a card's
//! line saying the loss is computed on logits / needs an order of the pixels (the losses of
//! `losses-compound.md`, whose cards recompute their value from the parts they show);
//! `[data-computed="geometry"]` the line saying which maps of the image's shape a geometry loss
//! needs (`data-geometry`: `signed_distance`, `distance_fields`, `skeletons`);
//! `[data-reference]` a card's paper (its `cite`) and conventions; `[data-copy]`, `[data-erratum]`, `tour-exit`,
//! `[data-tour-figure]`, `[data-tour-target]` (see the submodules).

pub mod about;
pub mod code;
mod context;
mod figures;
mod formula;
mod maps_figures;
mod math;
pub mod race_link;
pub mod settings;
mod steps;
mod tour;

use super::board::title_key;
use super::i18n::{k, tr, I18n};
use super::state::{slot, Lab};
pub use context::{provide, Learn, StateIo};
use leptos::prelude::*;
use losslab_core::{Geometry, KnobKind, LossConfig, LossName, ParamSpec, ParamValue};
pub use tour::{TourBar, TourStart};

/// The translation keys of a loss's reference: its paper (authors, year, title, venue; the
/// same in both languages, shown as a `<cite>`) and where the lab's convention differs from
/// the paper's or a library's.
fn reference_keys(name: LossName) -> (&'static str, &'static str) {
    match name {
        LossName::Bce => (k("learn.bce.cite"), k("learn.bce.ref")),
        LossName::Wce => (k("learn.wce.cite"), k("learn.wce.ref")),
        LossName::Focal => (k("learn.focal.cite"), k("learn.focal.ref")),
        LossName::Dice => (k("learn.dice.cite"), k("learn.dice.ref")),
        LossName::Iou => (k("learn.iou.cite"), k("learn.iou.ref")),
        LossName::Tversky => (k("learn.tversky.cite"), k("learn.tversky.ref")),
        LossName::FocalTversky => (k("learn.focal_tversky.cite"), k("learn.focal_tversky.ref")),
        LossName::SensitivitySpecificity => {
            (k("learn.sensitivity_specificity.cite"), k("learn.sensitivity_specificity.ref"))
        }
        LossName::GeneralizedDice => {
            (k("learn.generalized_dice.cite"), k("learn.generalized_dice.ref"))
        }
        LossName::BceDice => (k("learn.bce_dice.cite"), k("learn.bce_dice.ref")),
        LossName::DiceCe => (k("learn.dice_ce.cite"), k("learn.dice_ce.ref")),
        LossName::DiceFocal => (k("learn.dice_focal.cite"), k("learn.dice_focal.ref")),
        LossName::TopkCe => (k("learn.topk_ce.cite"), k("learn.topk_ce.ref")),
        LossName::LovaszHinge => (k("learn.lovasz_hinge.cite"), k("learn.lovasz_hinge.ref")),
        LossName::LogCoshDice => (k("learn.log_cosh_dice.cite"), k("learn.log_cosh_dice.ref")),
        LossName::Combo => (k("learn.combo.cite"), k("learn.combo.ref")),
        LossName::UnifiedFocal => (k("learn.unified_focal.cite"), k("learn.unified_focal.ref")),
        LossName::Boundary => (k("learn.boundary.cite"), k("learn.boundary.ref")),
        LossName::HausdorffDt => (k("learn.hausdorff_dt.cite"), k("learn.hausdorff_dt.ref")),
        LossName::Cldice => (k("learn.cldice.cite"), k("learn.cldice.ref")),
        LossName::DiceCldice => (k("learn.dice_cldice.cite"), k("learn.dice_cldice.ref")),
    }
}

/// The translation keys of a loss's "when used" and "pitfalls" texts.
fn card_keys(name: LossName) -> (&'static str, &'static str) {
    match name {
        LossName::Bce => (k("learn.bce.use"), k("learn.bce.pitfalls")),
        LossName::Wce => (k("learn.wce.use"), k("learn.wce.pitfalls")),
        LossName::Focal => (k("learn.focal.use"), k("learn.focal.pitfalls")),
        LossName::Dice => (k("learn.dice.use"), k("learn.dice.pitfalls")),
        LossName::Iou => (k("learn.iou.use"), k("learn.iou.pitfalls")),
        LossName::Tversky => (k("learn.tversky.use"), k("learn.tversky.pitfalls")),
        LossName::FocalTversky => (k("learn.focal_tversky.use"), k("learn.focal_tversky.pitfalls")),
        LossName::SensitivitySpecificity => {
            (k("learn.sensitivity_specificity.use"), k("learn.sensitivity_specificity.pitfalls"))
        }
        LossName::GeneralizedDice => {
            (k("learn.generalized_dice.use"), k("learn.generalized_dice.pitfalls"))
        }
        LossName::BceDice => (k("learn.bce_dice.use"), k("learn.bce_dice.pitfalls")),
        LossName::DiceCe => (k("learn.dice_ce.use"), k("learn.dice_ce.pitfalls")),
        LossName::DiceFocal => (k("learn.dice_focal.use"), k("learn.dice_focal.pitfalls")),
        LossName::TopkCe => (k("learn.topk_ce.use"), k("learn.topk_ce.pitfalls")),
        LossName::LovaszHinge => (k("learn.lovasz_hinge.use"), k("learn.lovasz_hinge.pitfalls")),
        LossName::LogCoshDice => (k("learn.log_cosh_dice.use"), k("learn.log_cosh_dice.pitfalls")),
        LossName::Combo => (k("learn.combo.use"), k("learn.combo.pitfalls")),
        LossName::UnifiedFocal => (k("learn.unified_focal.use"), k("learn.unified_focal.pitfalls")),
        LossName::Boundary => (k("learn.boundary.use"), k("learn.boundary.pitfalls")),
        LossName::HausdorffDt => (k("learn.hausdorff_dt.use"), k("learn.hausdorff_dt.pitfalls")),
        LossName::Cldice => (k("learn.cldice.use"), k("learn.cldice.pitfalls")),
        LossName::DiceCldice => (k("learn.dice_cldice.use"), k("learn.dice_cldice.pitfalls")),
    }
}

/// The hook value of the maps a geometry loss needs (`data-geometry`).
fn geometry_name(g: Geometry) -> &'static str {
    match g {
        Geometry::SignedDistance => "signed_distance",
        Geometry::DistanceFields => "distance_fields",
        Geometry::Skeletons => "skeletons",
    }
}

/// The translation key of the card's line on the maps a geometry loss needs.
fn geometry_key(g: Geometry) -> &'static str {
    match g {
        Geometry::SignedDistance => k("learn.geometry.signed_distance"),
        Geometry::DistanceFields => k("learn.geometry.distance_fields"),
        Geometry::Skeletons => k("learn.geometry.skeletons"),
    }
}

/// The spec's own word equal to `s` (a choice, or the word a number gives way to), whose
/// translation the `CORE` table holds.
fn word_of(spec: &ParamSpec, s: &str) -> Option<&'static str> {
    match spec.control {
        KnobKind::Choice(options) => options.iter().copied().find(|&o| o == s),
        KnobKind::NumberOr { word, .. } => (word == s).then_some(word),
        _ => None,
    }
}

/// A parameter value as text (switches and word choices in the interface language).
fn shown(i18n: I18n, spec: &ParamSpec, v: Option<ParamValue>) -> String {
    match v {
        Some(ParamValue::Number(x)) => super::format::value(x),
        Some(ParamValue::Text(s)) => word_of(spec, &s).map_or(s, |w| i18n.label(w).to_string()),
        Some(ParamValue::Bool(true)) => i18n.t("learn.on").into(),
        Some(ParamValue::Bool(false)) => i18n.t("learn.off").into(),
        None => "—".into(),
    }
}

/// One parameter of a card: label, what it does, the article's default, the current value.
#[component]
fn ParamLine(loss: LossName, spec: ParamSpec) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let default = move || shown(i18n, &spec, LossConfig::default_for(loss).get(spec.key));
    let current = move || shown(i18n, &spec, lab.config(loss).with(|c| c.get(spec.key)));
    view! {
        <li>
            <code>{spec.key}</code> " (" {move || i18n.label(spec.label)} "): " {move || i18n.label(spec.help)} ". "
            <span class="learn-default">{move || i18n.fill("learn.default_now", &[("default", &default()), ("now", &current())])}</span>
        </li>
    }
}

/// One loss's card.
#[component]
fn FormulaCard(name: LossName) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let f = Memo::new(move |_| {
        let config = lab.config(name).get();
        lab.scene.with(|sc| {
            let px = formula::Pixels { target: sc.target(), prob: sc.prob() };
            lab.board.with(|b| {
                b.rows.get(slot(name)).map(|row| {
                    let f = formula::formulas(&config, &b.counts, px, row);
                    let shown = f.recomputed.unwrap_or(row.value);
                    (f, shown)
                })
            })
        })
    });
    // The gradient at one pixel (the first object pixel), for the cards that show it.
    let at = Memo::new(move |_| {
        let config = lab.config(name).get();
        lab.scene.with(|sc| {
            let pixel = formula::probe_pixel(sc.target(), sc.prob())?;
            let px = formula::Pixels { target: sc.target(), prob: sc.prob() };
            lab.board.with(|b| formula::pixel_gradient(&config, &b.counts, px, pixel))
        })
    });
    let (on_logits, ranking, geometry) = formula::computed_on(name);
    let part = move |which: fn(&formula::Formulas) -> String| {
        move || f.with(|f| f.as_ref().map(|(f, _)| which(f)).unwrap_or_default())
    };
    let current = move || lab.current.get() == name;
    let (use_key, pitfalls_key) = card_keys(name);
    let (cite_key, note_key) = reference_keys(name);
    let params = name.specs();
    view! {
        <details class="learn-card" data-formula=name.as_str() data-current=move || current().then_some("")
            prop:open=current style:border-left-color=name.css_color()>
            <summary>
                <code>{name.as_str()}</code> " " <span class="learn-card-title">{tr(title_key(name))}</span>
            </summary>
            <div class="learn-math">
                <h4>{tr("learn.definition")}</h4>
                <div inner_html=part(|f| f.value.clone())></div>
                {on_logits.then(|| view! { <p class="hint" data-computed="logits">{tr("learn.on_logits")}</p> })}
                {ranking.then(|| view! { <p class="hint" data-computed="ranking">{tr("learn.ranking")}</p> })}
                {geometry.map(|g| view! { <p class="hint" data-computed="geometry" data-geometry=geometry_name(g)>{tr(geometry_key(g))}</p> })}
                <h4>{tr("learn.with_numbers")}</h4>
                <div data-substituted="" data-value=move || f.with(|f| f.as_ref().map(|(_, v)| format!("{v}")).unwrap_or_default())
                    inner_html=part(|f| f.substituted.clone())></div>
                <h4>{tr("learn.gradient")}</h4>
                <div inner_html=part(|f| f.gradient.clone())></div>
                <Show when=move || at.with(Option::is_some)>
                    <h4>{tr("learn.at_pixel")}</h4>
                    <div data-grad-at="" data-grad-prob=move || at.with(|g| g.as_ref().map(|g| format!("{}", g.grad_prob)).unwrap_or_default())
                        data-grad-logit=move || at.with(|g| g.as_ref().map(|g| format!("{}", g.grad_logit)).unwrap_or_default())
                        inner_html=move || at.with(|g| g.as_ref().map(|g| g.markup.clone()).unwrap_or_default())></div>
                </Show>
            </div>
            <h4>{tr("learn.parameters")}</h4>
            {if params.is_empty() {
                view! { <p>{tr("learn.no_parameters")}</p> }.into_any()
            } else {
                view! { <ul class="learn-params">{params.iter().map(|&s| view! { <ParamLine loss=name spec=s /> }).collect::<Vec<_>>()}</ul> }.into_any()
            }}
            <h4>{tr("learn.when")}</h4>
            <p>{tr(use_key)}</p>
            <h4>{tr("learn.pitfalls")}</h4>
            <p>{tr(pitfalls_key)}</p>
            {(name == LossName::BceDice).then(|| view! { <super::board::BceDiceWeightNote /> })}
            <h4>{tr("learn.reference")}</h4>
            <p data-reference=""><cite lang="en">{tr(cite_key)}</cite> " " {tr(note_key)}</p>
            <p class="hint">{move || i18n.fill("learn.board_value", &[("value", &f.with(|f| f.as_ref().map(|(_, v)| super::format::value(*v)).unwrap_or_default()))])}</p>
        </details>
    }
}

/// The learn view's pane.
#[component]
pub fn LearnView() -> impl IntoView {
    let lab = expect_context::<Lab>();
    // The current loss's card first.
    let order = move || {
        let cur = lab.current.get();
        std::iter::once(cur)
            .chain(LossName::ALL.into_iter().filter(move |&n| n != cur))
            .collect::<Vec<_>>()
    };
    view! {
        <section class="pane learn" data-pane="learn" aria-labelledby="learn-title">
            <h2 id="learn-title" class="learn-heading">{tr("view.learn")}</h2>
            <p class="hint">{tr("learn.intro")}</p>
            <section class="learn-panel" aria-labelledby="learn-cards-title">
                <h3 id="learn-cards-title">{tr("learn.cards")}</h3>
                <For each=order key=|n| *n let:name>
                    <FormulaCard name=name />
                </For>
            </section>
            <code::CodePanel />
            <code::ErrataPanel />
        </section>
    }
}
