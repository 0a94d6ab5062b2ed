//! The race's controls: preset, data-set knobs, losses (a group or one's own list, and the
//! compound runner), optimiser and friends, and play / pause / step / reset with the step
//! counter. In the multi-class race (`race.classes=3`) the runners are the preset's, so the
//! binary race's loss choices (group, compound, sweep, the losses, the batch reduction) and
//! crop mode are hidden, and a note says what races instead (`[data-race-mc-runners]`). On
//! the user's images (`user.rs`) the sea's own knobs and the detector are hidden.

use super::super::format::{derived, percent};
use super::super::i18n::{fill, k, tr, I18n};
use super::super::state::Lab;
use super::ctx::RaceCtx;
use super::driver;
use leptos::prelude::*;
use losslab_core::train::{CompoundRunner, LossGroup, Preset};
use losslab_core::LossName;

/// Applies one `race.*` setting; a refused value shows the notice and puts the field back.
fn apply(ctx: RaceCtx, lab: Lab, key: &'static str, value: &str) -> bool {
    let mut next = ctx.settings.get_untracked();
    match next.apply(key, value) {
        Ok(()) => {
            if !matches!(key, "race.preset" | "race.speed") {
                next.preset = Preset::Custom;
            }
            lab.notice.set(None);
            ctx.set_settings(next);
            true
        }
        Err(message) => {
            lab.warn(message);
            false
        }
    }
}

/// The current text of setting `key`.
fn value_of(ctx: RaceCtx, key: &'static str) -> String {
    ctx.settings.with(|s| {
        s.pairs().into_iter().find(|(k, _)| *k == key).map(|(_, v)| v).unwrap_or_default()
    })
}

/// A field bound to one setting: a number, or text (the sweep: `<loss>.<parameter>:<values>`,
/// empty = off). A refused entry puts the setting's text back.
#[component]
fn Setting(
    /// The setting's key (`race.…`), also its label's text key.
    key: &'static str,
    /// `data-testid`, if any.
    #[prop(optional)]
    testid: Option<&'static str>,
    /// The input's `step`.
    #[prop(default = "any")]
    step: &'static str,
    /// A text field (full width) instead of a number.
    #[prop(optional)]
    text: bool,
    /// The label's text key, if not `key`.
    #[prop(optional)]
    label: Option<&'static str>,
) -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let lab = expect_context::<Lab>();
    let on_change = move |ev: leptos::ev::Event| {
        let el = event_target::<web_sys::HtmlInputElement>(&ev);
        if !apply(ctx, lab, key, &el.value()) {
            el.set_value(&value_of(ctx, key));
        }
    };
    view! {
        <label class="race-field" class:race-wide=text>
            <span>{tr(label.unwrap_or(key))}</span>
            <input type=if text { "text" } else { "number" } class:num=!text step=(!text).then_some(step)
                spellcheck=text.then_some("false") data-race-setting=key data-testid=testid
                prop:value=move || value_of(ctx, key) on:change=on_change />
        </label>
    }
}

/// A `<select>` bound to one setting, options `(value, text key)`.
#[component]
fn Choice(
    /// The setting's key, also its label's text key.
    key: &'static str,
    /// `data-testid`.
    testid: &'static str,
    /// Options: value and the key of its text.
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    view! {
        <label class="race-field">
            <span>{tr(key)}</span>
            <select data-testid=testid prop:value=move || value_of(ctx, key)
                on:change=move |ev| { apply(ctx, lab, key, &event_target_value(&ev)); }>
                {options.into_iter().map(|(value, text)| view! {
                    <option value=value selected=move || value_of(ctx, key) == value>{move || i18n.t(text)}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

fn preset_keys(p: Preset) -> (&'static str, &'static str) {
    match p {
        Preset::Balanced => ("race.preset.balanced", "race.look.balanced"),
        Preset::Extreme => ("race.preset.extreme", "race.look.extreme"),
        Preset::EmptyImages => ("race.preset.empty-images", "race.look.empty-images"),
        Preset::EmptyUndersampled => {
            ("race.preset.empty-undersampled", "race.look.empty-undersampled")
        }
        Preset::Crop => ("race.preset.crop", "race.look.crop"),
        Preset::PosWeightSweep => ("race.preset.pos-weight-sweep", "race.look.pos-weight-sweep"),
        Preset::DiceCe => (k("race.preset.dice-ce-extreme"), k("race.look.dice-ce-extreme")),
        Preset::Ramp => (k("race.preset.dice-ramp"), k("race.look.dice-ramp")),
        Preset::BoundaryRamp => (k("race.preset.boundary-ramp"), k("race.look.boundary-ramp")),
        Preset::MultiClass => (k("race.preset.multi-class"), k("race.look.multi-class")),
        Preset::Custom => ("race.preset.custom", "race.look.custom"),
    }
}

fn group_key(g: LossGroup) -> &'static str {
    match g {
        LossGroup::Article => k("race.group.article"),
        LossGroup::Compound => k("race.group.compound"),
        LossGroup::Geometry => k("race.group.geometry"),
        LossGroup::All => k("race.group.all"),
        LossGroup::Custom => k("race.group.custom"),
    }
}

fn compound_key(c: CompoundRunner) -> &'static str {
    match c {
        CompoundRunner::Off => k("race.compound.off"),
        CompoundRunner::Builder => k("race.compound.builder"),
        CompoundRunner::Ramp => k("race.compound.ramp"),
        CompoundRunner::BoundaryRamp => k("race.compound.boundary-ramp"),
    }
}

/// The loss checkboxes, each in its loss's colour: the article's ten, then the seven of
/// `losses-compound.md`, then the four of `losses-geometry.md`. Checking one makes the group custom.
#[component]
fn LossToggles() -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let toggle = move |name: LossName, on: bool, el: web_sys::HtmlInputElement| {
        let current = ctx.settings.with_untracked(|s| s.losses.clone());
        let list: Vec<&str> = LossName::ALL
            .into_iter()
            .filter(|&n| if n == name { on } else { current.contains(&n) })
            .map(LossName::as_str)
            .collect();
        if list.is_empty() {
            lab.warn(i18n.t("race.empty_losses"));
            el.set_checked(true);
            return;
        }
        apply(ctx, lab, "race.losses", &list.join(","));
    };
    let toggles = move |names: &'static [LossName]| {
        names
            .iter()
            .map(|&name| {
                view! {
                    <label class="race-loss-toggle" style=format!("--loss: {}", name.css_color())>
                        <input type="checkbox" data-race-toggle=name.as_str()
                            prop:checked=move || ctx.settings.with(|s| s.losses.contains(&name))
                            on:change=move |ev| {
                                let el = event_target::<web_sys::HtmlInputElement>(&ev);
                                toggle(name, el.checked(), el);
                            } />
                        <code>{name.as_str()}</code>
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="race-losses">
            <legend>{tr("race.losses")}</legend>
            <div class="race-loss-set">
                <span class="hint">{tr("race.losses.article")}</span>
                {toggles(&LossName::ARTICLE)}
            </div>
            <div class="race-loss-set">
                <span class="hint">{tr("race.losses.compound")}</span>
                {toggles(&LossName::COMPOUND)}
            </div>
            <div class="race-loss-set">
                <span class="hint">{tr("race.losses.geometry")}</span>
                {toggles(&LossName::GEOMETRY)}
            </div>
        </fieldset>
    }
}

/// Play, pause, step, reset, and the step counter.
#[component]
fn Transport() -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let i18n = expect_context::<I18n>();
    let step = move || {
        ctx.version.track();
        ctx.engine.with_value(|r| r.step())
    };
    let finished = move || {
        ctx.version.track();
        ctx.engine.with_value(|r| r.finished())
    };
    let total = move || ctx.settings.with(|s| s.steps);
    let counter = move || {
        fill(i18n.t("race.counter"), &[("n", &step().to_string()), ("total", &total().to_string())])
    };
    let rate = move || {
        let r = ctx.rate.get();
        (r > 0.0).then(|| fill(i18n.t("race.rate"), &[("r", &derived(r))]))
    };
    let pool = move || {
        ctx.version.track();
        let (side, fg, user) = ctx
            .engine
            .with_value(|r| (r.data().side, r.data().pool_foreground(), r.data().user.is_some()));
        let key = if user { k("race.user.pool") } else { k("race.pool") };
        fill(i18n.t(key), &[("side", &side.to_string()), ("p", &percent(fg))])
    };
    view! {
        <div class="race-transport">
            <button data-testid="race-play" class="primary" disabled=move || ctx.running.get() || finished()
                on:click=move |_| driver::play(ctx)>{tr("race.play")}</button>
            <button data-testid="race-pause" disabled=move || !ctx.running.get()
                on:click=move |_| driver::pause(ctx)>{tr("race.pause")}</button>
            <button data-testid="race-step" disabled=finished on:click=move |_| driver::step(ctx)>{tr("race.step")}</button>
            <button data-testid="race-reset" on:click=move |_| ctx.reset()>{tr("race.reset")}</button>
            <output class="race-counter" data-race-step=step data-race-running=move || ctx.running.get().to_string()
                data-race-finished=move || finished().then_some("true")>{counter}</output>
            <span class="race-rate" data-race-rate=move || ctx.rate.get().to_string()>{rate}</span>
            <Show when=finished><span class="race-done">{tr("race.finished")}</span></Show>
            <span class="hint race-pool">{pool}</span>
        </div>
    }
}

/// Every control of the race.
#[component]
pub fn Controls() -> impl IntoView {
    let ctx = expect_context::<RaceCtx>();
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let preset = move || ctx.settings.with(|s| s.preset);
    let binary = move || ctx.settings.with(|s| !s.multi_class());
    // On the user's images the sea's own knobs (ships, contrast, noise, sea-only share, the
    // detector) do nothing: hidden.
    let synthetic = move || !ctx.on_user_data();
    let on_preset = move |ev| {
        apply(ctx, lab, "race.preset", &event_target_value(&ev));
    };
    view! {
        <div class="card race-controls">
            <div class="race-preset-row">
                <label class="race-field race-preset">
                    <span>{tr("race.preset")}</span>
                    <select data-testid="race-preset" prop:value=move || preset().as_str() on:change=on_preset>
                        {Preset::ALL.into_iter().map(|p| view! {
                            <option value=p.as_str() selected=move || preset() == p>{move || i18n.t(preset_keys(p).0)}</option>
                        }).collect_view()}
                    </select>
                </label>
                <p class="race-look" data-race-look=move || preset().as_str()>{move || {
                    ctx.version.track();
                    if !synthetic() {
                        return i18n.t("race.look.user").to_string();
                    }
                    let fields = ctx.engine.with_value(super::look::look_fields);
                    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                    i18n.fill(preset_keys(preset()).1, &pairs)
                }}</p>
            </div>
            <Transport />
            <details class="race-settings" open=true>
                <summary>{tr("race.group.data")}" · "{tr("race.group.train")}</summary>
                <div class="race-grid">
                    <Setting key="race.side" step="1" />
                    <Show when=synthetic>
                        <Setting key="race.objects" step="1" />
                        <Setting key="race.size_min" step="0.1" />
                        <Setting key="race.size_max" step="0.1" />
                        <Setting key="race.contrast" step="0.05" />
                        <Setting key="race.noise" step="0.05" />
                        <Setting key="race.empty" step="0.05" />
                    </Show>
                    <Setting key="race.empty_keep" step="0.05" />
                    <Show when=binary>
                        <Setting key="race.crop" step="1" />
                    </Show>
                    <Show when=move || binary() && synthetic()>
                        <Setting key="race.detector_error" step="1" />
                    </Show>
                    <Show when=synthetic fallback=|| view! {
                        <Setting key="race.train" step="1" label=k("race.user.train") />
                        <Setting key="race.val" step="1" label=k("race.user.val") />
                    }>
                        <Setting key="race.train" step="1" />
                        <Setting key="race.val" step="1" />
                    </Show>
                </div>
                <Show when=move || synthetic() && ctx.settings.with(|s| s.crop_window().is_some())>
                    <p class="hint race-crop-note" data-race-crop-note=move || ctx.settings.with(|s| s.detector_error.to_string())>
                        {move || if ctx.settings.with(|s| s.detector_error == 0) {
                            i18n.t("race.crop.perfect").to_string()
                        } else {
                            fill(i18n.t("race.crop.imperfect"), &[("e", &ctx.settings.with(|s| s.detector_error.to_string()))])
                        }}
                    </p>
                </Show>
                <div class="race-grid">
                    <Choice key="race.optimizer" testid="race-optimizer" options=vec![("adam", "race.opt.adam"), ("sgd", "race.opt.sgd")] />
                    <Setting key="race.lr" testid="race-lr" />
                    <Setting key="race.batch" testid="race-batch" step="1" />
                    <Show when=binary>
                        <Choice key="race.reduction" testid="race-reduction"
                            options=vec![("pooled", "race.reduction.pooled"), ("per_image", "race.reduction.per_image")] />
                    </Show>
                    <Setting key="race.seed" testid="race-seed" step="1" />
                    <Setting key="race.steps" testid="race-steps" step="1" />
                    <Setting key="race.val_every" step="1" />
                    <Setting key="race.speed" testid="race-speed" step="1" />
                    <Show when=binary>
                        <Setting key="race.sweep" text=true />
                    </Show>
                </div>
                <Show when=binary fallback=|| view! {
                    <p class="hint race-mc-runners" data-race-mc-runners>{tr("race.mc.runners")}</p>
                }>
                    <div class="race-grid">
                        <Choice key="race.group" testid="race-group" options=LossGroup::ALL.map(|g| (g.as_str(), group_key(g))).to_vec() />
                        <Choice key="race.compound" testid="race-compound" options=CompoundRunner::ALL.map(|c| (c.as_str(), compound_key(c))).to_vec() />
                    </div>
                    <LossToggles />
                </Show>
            </details>
        </div>
    }
}
