//! The Leptos user interface: the only module that knows `leptos` and `web_sys`.
//!
//! Data flows one way: the [`state::Lab`] signals (scene, loss parameters, brush) feed one
//! memo that evaluates every loss; effects only draw the canvases.
//!
//! # Hooks for tests (beyond `testing-hooks.md`)
//! - `[data-loss-row="<loss>"]` is each loss's card; inside it `input[data-param="<name>"]`
//!   is a parameter's numeric field (or `select`/checkbox for words and switches),
//!   `[data-reset="<name>"]` its reset button, `input[data-param="pos_weight_balanced"]` the
//!   "balanced" switch of `wce`, `[data-bg-share]` the background share of the gradient.
//! - `[data-count="tp" | "fp" | "fn" | "tn"]` carry the soft counts in `data-value`.
//! - `[data-testid="foreground-confidence"]` is the model's object probability.
//! - `[data-view="<name>"]` are the tabs (`scene`, `gradients`, `curves`, `classes`, `race`,
//!   `data`, `learn`); the "Your data" view's hooks are listed in `data_view.rs`;
//!   `[data-pane="<name>"]` is the open view's pane.
//! - `select[data-testid="lang"]` (header) switches the language (`en`, `zh`); the tour's
//!   bar (`learn::TourBar`) sits under the tabs in every view while a tour runs.
//! - `[data-testid="presenter-toggle"]` (header, `aria-pressed`) switches presenter mode
//!   (`presenter.rs`; the root gets class `presenter`).
//! - Canvases take keyboard focus: arrow keys move the brush ring, Space/Enter paints.
//! - Numeric fields apply on `input`; a refused entry shows the notice, and on `change`
//!   the field shows the kept value again.

mod board;
mod canvas;
pub mod classes;
mod curves;
pub mod data_view;
mod export;
mod fields;
pub mod format;
mod gradients;
mod hidpi;
pub mod i18n;
pub mod learn;
pub mod mc_panels;
pub mod pixels;
pub mod presenter;
pub mod race;
mod readout;
mod scene_panel;
pub mod share;
pub mod state;
mod tabs;
pub mod view;

use board::LossBoard;
use curves::CurvesView;
use gradients::GradientsView;
use i18n::{tr, I18n, Lang};
use learn::LearnView;
use leptos::ev;
use leptos::prelude::*;
use losslab_core::LossName;
use race::RaceView;
use scene_panel::ScenePanel;
use state::Lab;
use tabs::ViewTabs;
use view::View;
use wasm_bindgen::JsCast;

/// Ctrl+Z undoes, Ctrl+Shift+Z (or Ctrl+Y) redoes, except while typing in a text field: the
/// Multi-class view's label map there, the binary scene everywhere else.
fn on_key(lab: Lab, classes: classes::ClassesCtx, ev: web_sys::KeyboardEvent) {
    if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
        return;
    }
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .is_some_and(|input| matches!(input.type_().as_str(), "number" | "text"));
    if typing {
        return;
    }
    let in_classes = lab.view.get_untracked() == View::Classes;
    let (undo, redo): (&dyn Fn(), &dyn Fn()) = if in_classes {
        (&|| classes.undo(), &|| classes.redo())
    } else {
        (&|| lab.undo(), &|| lab.redo())
    };
    match ev.key().to_lowercase().as_str() {
        "z" if ev.shift_key() => redo(),
        "z" => undo(),
        "y" => redo(),
        _ => return,
    }
    ev.prevent_default();
}

/// The key of a language's own name.
fn lang_key(l: Lang) -> &'static str {
    match l {
        Lang::En => i18n::k("lang.en"),
        Lang::Zh => i18n::k("lang.zh"),
    }
}

/// The notice: a warning or error, visible only while there is one.
#[component]
fn Notice() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let text = move || lab.notice.get().unwrap_or_default();
    view! {
        <div class="notice" data-testid="notice" role="alert" hidden=move || lab.notice.with(Option::is_none)>
            <span>{text}</span>
            <button class="close" aria-label=tr("app.dismiss") title=tr("app.dismiss") on:click=move |_| lab.notice.set(None)></button>
        </div>
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let lab = Lab::new();
    provide_context(lab);
    let i18n = I18n::start();
    provide_context(i18n);
    // The race's compound runner reads the board's compound builder.
    let race = race::RaceCtx::provide(lab, lab.compound.into());
    let learn = learn::provide(i18n, lab, race);
    let presenter = presenter::Presenter::provide(Signal::derive(move || learn.step()));
    provide_context(gradients::MapsState::new());
    provide_context(curves::CurvesContext::new());
    let classes = classes::ClassesCtx::provide();
    data_view::DataCtx::provide();
    provide_context(hidpi::ExportScale::new());
    let pending = RwSignal::new_local(None::<share::Pending>);
    provide_context(pending);
    share::install(lab, share::sections(lab));
    share::install_drop(lab, pending);
    learn.open_short_link();
    let handle = window_event_listener(ev::keydown, move |e| on_key(lab, classes, e));
    on_cleanup(move || handle.remove());
    let on_current = move |e| {
        if let Some(name) = LossName::parse(&event_target_value(&e)) {
            lab.current.set(name);
        }
    };
    let on_lang = move |e| {
        if let Some(l) = Lang::parse(&event_target_value(&e)) {
            learn.set_lang(l);
        }
    };
    view! {
        <div class="app" class:presenter=move || presenter.on()>
            <nav class="skips" aria-label=tr("app.skips")>
                <Show when=move || lab.view.get() == View::Scene>
                    <button class="skip" data-testid="skip-board" on:click=move |_| focus_first(".board")>{tr("app.skip.board")}</button>
                </Show>
                <button class="skip" data-testid="skip-view" on:click=move |_| focus_first(&format!("#{}", tabs::PANEL_ID))>{tr("app.skip.view")}</button>
            </nav>
            <header class="top">
                <div class="brand">
                    <h1>"losslab"</h1>
                    <p>{tr("app.tagline")}</p>
                </div>
                <div class="focus">
                    <label class="inline">
                        {tr("app.current_loss")} " "
                        <select data-testid="current-loss" prop:value=move || lab.current.get().as_str() on:change=on_current>
                            {LossName::ALL.map(|n| view! { <option value=n.as_str()>{n.as_str()}</option> }).to_vec()}
                        </select>
                    </label>
                    <button data-testid="export-case" title=tr("app.export.help")
                        on:click=move |_| export::download_case(lab)>{tr("app.export")}</button>
                    <learn::TourStart />
                    <presenter::PresenterToggle />
                    <label class="inline">
                        {tr("app.lang")} " "
                        <select data-testid="lang" prop:value=move || i18n.lang.get().as_str() on:change=on_lang>
                            {Lang::ALL.map(|l| view! { <option value=l.as_str()>{tr(lang_key(l))}</option> }).to_vec()}
                        </select>
                    </label>
                </div>
            </header>
            <share::ShareBar />
            <ViewTabs />
            <Notice />
            <learn::TourBar />
            <share::ImportPreview />
            <div role="tabpanel" id=tabs::PANEL_ID tabindex="-1"
                aria-labelledby=move || tabs::tab_id(lab.view.get())>
            <main class="layout" class:wide=move || matches!(lab.view.get(), View::Race | View::Classes | View::Data)>
                <Show when=move || !matches!(lab.view.get(), View::Race | View::Classes | View::Data)>
                    <ScenePanel />
                </Show>
                {move || match lab.view.get() {
                    View::Scene => view! { <LossBoard /> }.into_any(),
                    View::Gradients => view! { <GradientsView /> }.into_any(),
                    View::Curves => view! { <CurvesView /> }.into_any(),
                    View::Classes => view! { <classes::ClassesView /> }.into_any(),
                    View::Race => view! { <RaceView /> }.into_any(),
                    View::Data => view! { <data_view::DataView /> }.into_any(),
                    View::Learn => view! { <LearnView /> }.into_any(),
                }}
            </main>
            </div>
        </div>
    }
}

/// Moves the keyboard focus to the first element matching `selector` (made focusable by
/// script only, `tabindex="-1"`, if it is not), for the skip links.
fn focus_first(selector: &str) {
    let Some(el) = document().query_selector(selector).ok().flatten() else { return };
    if !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// A mounted app; dropping it unmounts the app and disposes its state.
pub struct Mounted(#[allow(dead_code)] Box<dyn std::any::Any>);

/// Mounts the app into `parent` (tests use their own element). Keep the returned value
/// alive as long as the app should live.
pub fn mount_to(parent: web_sys::HtmlElement) -> Mounted {
    share::install_panic_hook();
    Mounted(Box::new(leptos::mount::mount_to(parent, App)))
}

/// Mounts the app on `<body>` for the page's lifetime.
pub fn mount() {
    share::install_panic_hook();
    share::enable_persistence(true);
    leptos::mount::mount_to_body(App);
}
