//! The claims tour: the eleven claims of `claims.md` as steps, then steps on the losses of
//! `losses-compound.md` (their claims a paper's, tagged so). Each step sets the scene and
//! parameters through the [`Lab`] API, opens the view that shows the claim, outlines the
//! element to look at (class `tour-highlight` on its selector, when the element exists), and
//! states a live figure computed from the current state (`figures.rs`, or the race through
//! `race_link.rs`).
//!
//! Hooks: `[data-testid="tour-start"]` (header; resumes at the step left, or starts at 1),
//! `tour-prev`, `tour-next`, `tour-exit`; the bar `[data-tour-step="<n>"]` (n = 1..=`TOUR_STEPS`) exists
//! only while touring (absent, and `tour.step = 0`, otherwise); `[data-tour-figure]` holds the
//! live figure; `[data-tour-target]` on the bar names the highlighted selector;
//! `[data-testid="tour-card"]` opens the learn view at the step's loss card, whose name its
//! `data-tour-card` holds; on the race steps `[data-testid="tour-play"]` plays the race, and
//! the figure's `data-tour-figure-source` says whether it is `live` or `precomputed` (then
//! `[data-testid="tour-precomputed"]` says so in words) — empty when there is none yet.
//!
//! The bar is docked (it sticks to the window's top when the page scrolls), and a step scrolls
//! only as far as needed to show its element below the bar, once the element's place has
//! stopped moving (the charts are drawn over several frames), until the reader scrolls.

use super::context::Learn;
use super::figures::{
    crop_fraction, edit_effect, farthest_background, focal_sum_mean, one_pixel_gradients,
    one_pixel_missed,
};
use super::formula::probe_pixel;
use super::maps_figures::maps_figure;
use super::race_link::{precomputed_figure, race_figure};
use super::settings::TOUR_STEPS;
use super::steps::{get, ARTICLE_STEPS};
use crate::ui::format::{derived, percent, sig};
use crate::ui::i18n::{tr, I18n};
use crate::ui::presenter::Presenter;
use crate::ui::race::{play, RaceCtx};
use crate::ui::state::{slot, Lab};
use crate::ui::view::View;
use leptos::prelude::*;
use losslab_core::{sensitivity_specificity_weights, LossConfig, LossName, TARGET_THRESHOLD};
use wasm_bindgen::JsCast;

/// The live figure of step `n`, in the current language, its values with `digits`
/// significant digits (fewer in presenter mode).
fn figure(lab: Lab, i18n: I18n, n: usize, race: Option<String>, digits: usize) -> String {
    let value = |v: f64| sig(v, digits);
    let Some(s) = get(n) else { return String::new() };
    let template = s.keys[3];
    let row = |name: LossName| lab.board.with(|b| b.rows.get(slot(name)).cloned());
    let config = |name: LossName| lab.config(name).get();
    match n {
        1 => row(LossName::Bce).map_or_else(String::new, |r| {
            let c = lab.board.with(|b| b.counts);
            i18n.fill(
                template,
                &[
                    ("share", &percent(r.summary.background_share)),
                    ("bg", &format!("{}", c.pixels as f64 - c.sum_target)),
                    ("fg", &format!("{}", c.sum_target)),
                ],
            )
        }),
        3 => {
            let (sum, mean, px) = lab.scene.with(|sc| focal_sum_mean(sc, config(LossName::Focal)));
            i18n.fill(
                template,
                &[
                    ("sum", &value(sum)),
                    ("mean", &value(mean)),
                    ("ratio", &value(sum / mean)),
                    ("n", &px.to_string()),
                ],
            )
        }
        4 => {
            // One pixel alone at the scene's first object pixel's p, t = 1 (C4 in one variable).
            let p = lab
                .scene
                .with(|sc| probe_pixel(sc.target(), sc.prob()))
                .filter(|px| px.y >= TARGET_THRESHOLD)
                .map(|px| px.p);
            match (
                row(LossName::Dice),
                row(LossName::Bce),
                p.and_then(|p| one_pixel_gradients(1.0, p)),
            ) {
                (Some(d), Some(b), Some([(dp, dz), (bp, bz)])) => i18n.fill(
                    template,
                    &[
                        ("dice", &derived(d.summary.max_abs_target)),
                        ("bce", &derived(b.summary.max_abs_target)),
                        ("ratio", &derived(d.summary.max_abs_target / b.summary.max_abs_target)),
                        ("bg", &derived(lab.scene.with(|sc| sc.model().background))),
                        ("p", &derived(p.unwrap_or(f64::NAN))),
                        ("dice_p", &derived(dp)),
                        ("bce_p", &derived(bp)),
                        ("dice_z", &derived(dz)),
                        ("bce_z", &derived(bz)),
                    ],
                ),
                _ => i18n.t("tour.no_object").to_string(),
            }
        }
        6 => match (row(LossName::Tversky), row(LossName::Dice), config(LossName::Tversky)) {
            (Some(t), Some(d), LossConfig::Tversky(p)) => i18n.fill(
                template,
                &[
                    ("a", &derived(p.alpha)),
                    ("b", &derived(p.beta)),
                    ("s", &derived(p.smooth)),
                    ("tversky", &value(t.value)),
                    ("dice", &value(d.value)),
                    ("diff", &derived((t.value - d.value).abs())),
                ],
            ),
            _ => String::new(),
        },
        7 => match config(LossName::SensitivitySpecificity) {
            LossConfig::SensitivitySpecificity(p) => {
                let c = lab.board.with(|b| b.counts);
                let (t, b, _) = sensitivity_specificity_weights(&p, &c);
                let share = row(LossName::SensitivitySpecificity)
                    .map_or_else(String::new, |r| percent(r.summary.background_share));
                i18n.fill(
                    template,
                    &[
                        ("l", &derived(p.lambda)),
                        ("t", &derived(t)),
                        ("b", &derived(b)),
                        ("ratio", &if b > 0.0 { derived(t / b) } else { "—".into() }),
                        ("share", &share),
                        ("bg", &format!("{}", c.pixels as f64 - c.sum_target)),
                    ],
                )
            }
            _ => String::new(),
        },
        8 => lab.scene.with(|sc| one_pixel_missed(sc, config(LossName::Dice))).map_or_else(
            || i18n.t("tour.no_object").to_string(),
            |(before, after, px)| {
                let (d0, d1) = (1.0 - before, 1.0 - after);
                i18n.fill(
                    template,
                    &[
                        ("before", &value(d0)),
                        ("after", &value(d1)),
                        ("change", &percent((d0 - d1) / d0)),
                        ("px", &px.to_string()),
                    ],
                )
            },
        ),
        10 => lab.scene.with(|sc| crop_fraction(sc, 4)).map_or_else(
            || i18n.t("tour.no_object").to_string(),
            |(full, crop, (w, h))| {
                i18n.fill(
                    template,
                    &[
                        ("full", &percent(full)),
                        ("crop", &percent(crop)),
                        ("w", &w.to_string()),
                        ("h", &h.to_string()),
                    ],
                )
            },
        ),
        // ---- The compound losses' gradient-map steps (learn helper). ----
        12 | 13 => maps_figure(lab, i18n, n, template, value),
        // The geometry steps: each loss without the prediction's edit and with it, live.
        15 | 16 => {
            let second = if n == 15 { LossName::Cldice } else { LossName::HausdorffDt };
            let configs = [config(LossName::Dice), config(second)];
            let (effect, far, gap) = lab.scene.with(|sc| {
                let undo = |m: &mut losslab_core::scene::PredictionModel| {
                    if n == 15 {
                        m.gap = 0;
                    } else {
                        m.far_speck = false;
                    }
                };
                (edit_effect(sc, undo, &configs), farthest_background(sc), sc.model().gap)
            });
            let rise =
                |(a, b): (f64, f64)| if a > 0.0 { percent((b - a) / a) } else { "—".into() };
            let (d, g) = (effect[0], effect[1]);
            i18n.fill(
                template,
                &[
                    ("dice0", &value(d.0)),
                    ("dice1", &value(d.1)),
                    ("dice_rise", &rise(d)),
                    ("geo0", &value(g.0)),
                    ("geo1", &value(g.1)),
                    ("geo_rise", &rise(g)),
                    ("ratio", &derived(g.1 / g.0)),
                    ("gap", &gap.to_string()),
                    ("far", &derived(far)),
                ],
            )
        }
        _ => match race {
            Some(f) => i18n.fill(template, &[("figure", &f)]),
            None => i18n.t("tour.race.waiting").to_string(),
        },
    }
}

/// The tag before a step's claim: the article's for its claims, a paper's for the later steps.
fn claim_tag(i18n: I18n, n: usize) -> &'static str {
    if n > ARTICLE_STEPS {
        i18n.t("tour.paper_says")
    } else {
        i18n.t("tour.article_says")
    }
}

/// Outlines the elements matching `selector` (and only them).
fn highlight(selector: Option<&str>) {
    let Some(doc) = window().document() else { return };
    if let Ok(old) = doc.query_selector_all(".tour-highlight") {
        for i in 0..old.length() {
            if let Some(el) = old.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                if selector.is_none_or(|s| !el.matches(s).unwrap_or(false)) {
                    let _ = el.class_list().remove_1("tour-highlight");
                }
            }
        }
    }
    let Some(selector) = selector else { return };
    if let Ok(found) = doc.query_selector_all(selector) {
        for i in 0..found.length() {
            if let Some(el) = found.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                let _ = el.class_list().add_1("tour-highlight");
            }
        }
    }
}

/// Room left between the outlined element and the bar or the window's edge, in CSS pixels.
const MARGIN: f64 = 8.0;

/// Scrolls the window only as far as needed to show `el` below the docked tour bar `bar`:
/// not at all when it is in view; up to its bottom when it fits; else to its top.
fn reveal(el: &web_sys::Element, bar: &web_sys::Element) {
    let (r, b) = (el.get_bounding_client_rect(), bar.get_bounding_client_rect());
    let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0);
    let (top, bottom) = (b.bottom() + MARGIN, height - MARGIN);
    if r.top() >= top && r.bottom() <= bottom {
        return;
    }
    // Scrolled down, the bar sticks to the window's top: the room under it is then
    // `height − bar − 2·MARGIN`.
    let fits = r.height() <= bottom - b.height() - MARGIN;
    let delta = if fits && r.bottom() > bottom {
        r.bottom() - bottom
    } else {
        r.top() - (b.height() + MARGIN)
    };
    window().scroll_by_with_x_and_y(0.0, delta);
}

/// Where the tour is in bringing a step's element into view. The views draw their charts
/// over several frames, so the element is revealed once its place has stopped moving, and
/// again if it moves later — until the reader scrolls, or after [`SETTLE_MS`].
#[derive(Debug, Clone, Copy, Default)]
struct Settle {
    /// The step being settled (0: none).
    step: usize,
    /// When the step began (ms, `performance.now`).
    since: f64,
    /// The element's last place in the page (top, height) and how many checks it has kept it.
    place: (f64, f64),
    stable: u32,
    /// The window's scroll position after the tour last scrolled (None: not yet).
    scrolled_to: Option<f64>,
}

/// How long after a step begins the tour keeps its element in view.
const SETTLE_MS: f64 = 8000.0;

/// One check of `settle` for step `n`'s element (every [`SETTLE_EVERY`]).
fn settle_step(settle: &mut Settle, n: usize, selector: &str, now: f64) {
    if settle.step != n {
        *settle = Settle { step: n, since: now, ..Settle::default() };
    }
    if settle.step == 0 || now - settle.since > SETTLE_MS {
        return;
    }
    let scroll_y = window().scroll_y().unwrap_or(0.0);
    if settle.scrolled_to.is_some_and(|y| (y - scroll_y).abs() > 1.0) {
        // The reader scrolled: leave the page where they put it.
        settle.step = 0;
        return;
    }
    let Some(doc) = window().document() else { return };
    let (Some(el), Some(bar)) = (
        doc.query_selector(selector).ok().flatten(),
        doc.query_selector("[data-tour-step]").ok().flatten(),
    ) else {
        return;
    };
    let r = el.get_bounding_client_rect();
    let place = (r.top() + scroll_y, r.height());
    if r.height() <= 0.0 || place != settle.place {
        settle.place = place;
        settle.stable = 0;
        return;
    }
    settle.stable += 1;
    if settle.stable >= 2 {
        reveal(&el, &bar);
        settle.scrolled_to = Some(window().scroll_y().unwrap_or(0.0));
    }
}

/// How often the tour checks its element's place.
const SETTLE_EVERY: std::time::Duration = std::time::Duration::from_millis(100);

/// Opens the learn view at the card of step `n`'s loss (made current, so its card is first
/// and open), scrolled into view once the view has rendered.
fn open_card(lab: Lab, n: usize) {
    let Some(s) = get(n) else { return };
    lab.current.set(s.current);
    lab.view.set(View::Learn);
    let selector = format!("[data-formula=\"{}\"]", s.current.as_str());
    request_animation_frame(move || {
        let card = window().document().and_then(|d| d.query_selector(&selector).ok().flatten());
        if let Some(card) = card {
            card.scroll_into_view();
        }
    });
}

/// The header's start / resume button.
#[component]
pub fn TourStart() -> impl IntoView {
    let learn = expect_context::<Learn>();
    let i18n = expect_context::<I18n>();
    // Not touring: start, or resume where the tour was left. Touring: start over.
    let label = move || match (learn.step(), learn.resume.get()) {
        (0, 0) => i18n.t("tour.start").to_string(),
        (0, n) => i18n.fill("tour.resume", &[("n", &n.to_string())]),
        _ => i18n.t("tour.restart").to_string(),
    };
    let start = move |_| {
        let touring = learn.settings.with_untracked(|s| s.tour_step) > 0;
        let n = if touring { 1 } else { learn.resume.get_untracked().max(1) };
        learn.go(n);
    };
    view! {
        <button data-testid="tour-start" class="tour-start" on:click=start
            aria-pressed=move || (learn.step() > 0).to_string()>{label}</button>
    }
}

/// The tour's bar under the tabs, in every view, while touring.
#[component]
pub fn TourBar() -> impl IntoView {
    let learn = expect_context::<Learn>();
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let presenter = expect_context::<Presenter>();
    let race_ctx = expect_context::<RaceCtx>();
    let step = Memo::new(move |_| learn.settings.with(|s| s.tour_step));
    // Outline the element to look at and read the race's figure, a few times a second (the
    // charts and the race render on their own schedule).
    let race = RwSignal::new(None::<String>);
    let tick = move || {
        let n = step.get_untracked();
        let s = get(n);
        highlight(s.map(|s| s.highlight));
        let f = s.and_then(|s| s.race).and_then(|_| race_figure(race_ctx, n));
        if race.get_untracked() != f {
            race.set(f);
        }
    };
    if let Ok(handle) = set_interval_with_handle(tick, std::time::Duration::from_millis(400)) {
        on_cleanup(move || handle.clear());
    }
    let settle = StoredValue::new(Settle::default());
    let clock = window().performance();
    let check = move || {
        let n = step.get_untracked();
        let now = clock.as_ref().map_or(0.0, |p| p.now());
        if let Some(s) = get(n) {
            settle.update_value(|st| settle_step(st, n, s.highlight, now));
        } else {
            settle.set_value(Settle::default());
        }
    };
    if let Ok(handle) = set_interval_with_handle(check, SETTLE_EVERY) {
        on_cleanup(move || handle.clear());
    }
    // A race step's figure before the live race has started: the one computed beforehand
    // for the same race, marked as such.
    let precomputed = move || {
        let n = step.get();
        get(n).and_then(|s| s.race).and_then(|preset| precomputed_figure(race_ctx, n, preset))
    };
    let source = move || match (race.get().is_some(), precomputed().is_some()) {
        (true, _) => "live",
        (false, true) => "precomputed",
        _ => "",
    };
    let shown = move || {
        let n = step.get();
        let f = race.get().or_else(|| precomputed().map(|(_, f)| f));
        figure(lab, i18n, n, f, presenter.digits())
    };
    let is_race = move || get(step.get()).is_some_and(|s| s.race.is_some());
    let text = move |i: usize| move || get(step.get()).map_or("", |s| i18n.t(s.keys[i]));
    view! {
        <Show when=move || { step.get() > 0 }>
            <aside class="tour" data-tour-step=move || step.get().to_string() aria-label=tr("tour.label")
                data-tour-target=move || get(step.get()).map_or("", |s| s.highlight)>
                <div class="tour-head">
                    <span class="tour-count">{move || i18n.fill("tour.progress", &[("n", &step.get().to_string()), ("total", &TOUR_STEPS.to_string())])}</span>
                    <strong class="tour-title">{text(0)}</strong>
                </div>
                <p class="tour-claim"><span class="tour-tag">{move || claim_tag(i18n, step.get())}</span> " " {text(1)}</p>
                <p class="tour-look"><span class="tour-tag">{tr("tour.look")}</span> " " {text(2)}</p>
                <p class="tour-figure" aria-live="polite"><span class="tour-tag">{tr("tour.now")}</span> " "
                    <span data-tour-figure="" data-tour-figure-source=source>{shown}</span>
                    {move || precomputed().filter(|_| race.get().is_none()).map(|(steps, _)| view! {
                        " " <span class="tour-precomputed" data-testid="tour-precomputed">
                            {i18n.fill("tour.race.precomputed", &[("steps", &steps.to_string())])}</span>
                    })}</p>
                <div class="tour-nav">
                    <button data-testid="tour-prev" disabled=move || { step.get() <= 1 }
                        on:click=move |_| learn.go(step.get_untracked().saturating_sub(1).max(1))>{tr("tour.prev")}</button>
                    <button data-testid="tour-next" disabled=move || { step.get() >= TOUR_STEPS }
                        on:click=move |_| learn.go((step.get_untracked() + 1).min(TOUR_STEPS))>{tr("tour.next")}</button>
                    <Show when=is_race>
                        <button data-testid="tour-play" class="primary"
                            disabled=move || race_ctx.running.get()
                            on:click=move |_| play(race_ctx)>{tr("tour.play")}</button>
                    </Show>
                    <button data-testid="tour-card" data-tour-card=move || get(step.get()).map_or("", |s| s.current.as_str())
                        on:click=move |_| open_card(lab, step.get_untracked())>
                        {move || get(step.get()).map_or_else(String::new, |s| i18n.fill("tour.card", &[("loss", s.current.as_str())]))}</button>
                    <button data-testid="tour-exit" on:click=move |_| learn.leave()>{tr("tour.exit")}</button>
                </div>
            </aside>
        </Show>
    }
}
