//! The scene editor's controls: brush, edit actions, the target generator, the prediction
//! model, and the live readout of the foreground fraction and soft counts.

use super::canvas::SceneCanvas;
use super::fields::NumberField;
use super::i18n::{k, tr, I18n};
use super::pixels::Picture;
use super::readout::Readout;
use super::state::Lab;
use leptos::prelude::*;
use losslab_core::scene::{
    BrushMode, EditKind, GridSize, History, Layer, PredictionModel, Shape, TargetSpec,
    MAX_BACKGROUND, MAX_BLUR, MAX_BRUSH_SIZE, MAX_GAP, MAX_SHIFT, MAX_SPECKS, MIN_BACKGROUND,
};
use losslab_core::Knob;

// Labels and help are translation keys (`k`), resolved by the field in the current language.
const BRUSH_SIZE: Knob =
    Knob::number(k("scene.brush_size"), 1.0, MAX_BRUSH_SIZE, None, k("scene.brush_size.help"))
        .with_unit("px");
const BRUSH_PROB: Knob =
    Knob::number(k("scene.brush_prob"), 0.0, 1.0, None, k("scene.brush_prob.help"));
const THRESHOLD: Knob =
    Knob::number(k("scene.threshold"), 0.0, 1.0, None, k("scene.threshold.help"));
const POS_X: Knob = Knob::number(k("scene.pos_x"), 0.0, 100.0, None, k("scene.pos_x.help"));
const POS_Y: Knob = Knob::number(k("scene.pos_y"), 0.0, 100.0, None, k("scene.pos_y.help"));
const BACKGROUND: Knob = Knob::number(
    k("scene.background"),
    MIN_BACKGROUND,
    MAX_BACKGROUND,
    Some(MIN_BACKGROUND),
    k("scene.background.help"),
);
const FOREGROUND: Knob =
    Knob::number(k("scene.foreground"), 0.0, 1.0, None, k("scene.foreground.help"));
const SHIFT_X: Knob = Knob::number(
    k("scene.shift_x"),
    -(MAX_SHIFT as f64),
    MAX_SHIFT as f64,
    None,
    k("scene.shift_x.help"),
)
.with_unit("px");
const SHIFT_Y: Knob = Knob::number(
    k("scene.shift_y"),
    -(MAX_SHIFT as f64),
    MAX_SHIFT as f64,
    None,
    k("scene.shift_y.help"),
)
.with_unit("px");
const BLUR: Knob =
    Knob::number(k("scene.blur"), 0.0, MAX_BLUR, None, k("scene.blur.help")).with_unit("px");
const MORPH: Knob = Knob::number(
    k("scene.morph"),
    -(MAX_SHIFT as f64),
    MAX_SHIFT as f64,
    None,
    k("scene.morph.help"),
)
.with_unit("px");
const SPECKS: Knob =
    Knob::number(k("scene.specks"), 0.0, MAX_SPECKS as f64, None, k("scene.specks.help"));
const SEED: Knob = Knob::number(k("scene.seed"), 0.0, 1e6, None, k("scene.seed.help"));
const GAP: Knob =
    Knob::number(k("scene.gap"), 0.0, MAX_GAP as f64, None, k("scene.gap.help")).with_unit("px");
const SPUR: Knob =
    Knob::number(k("scene.spur"), 0.0, MAX_GAP as f64, None, k("scene.spur.help")).with_unit("px");

/// The brush, layer and history controls above the canvases.
#[component]
fn Toolbar() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let brush = lab.brush;
    let can_undo = move || lab.history.with(History::can_undo);
    let can_redo = move || lab.history.with(History::can_redo);
    let set_layer = move |ev| {
        if let Some(layer) = Layer::parse(&event_target_value(&ev)) {
            lab.layer.set(layer);
        }
    };
    let set_mode = move |ev| {
        let mode =
            if event_target_value(&ev) == "erase" { BrushMode::Erase } else { BrushMode::Paint };
        brush.update(|b| b.mode = mode);
    };
    let active = move || lab.layer.get().as_str();
    let i18n = expect_context::<I18n>();
    let layer_name = move || match lab.layer.get() {
        Layer::Target => i18n.t("scene.layer.target"),
        Layer::Prediction => i18n.t("scene.layer.prediction"),
    };
    view! {
        <div class="toolbar" role="toolbar" aria-label=tr("scene.toolbar")>
            <label class="inline">
                {tr("scene.layer")} " "
                <select data-testid="brush-layer" prop:value=active on:change=set_layer>
                    <option value="target">{tr("scene.layer.target")}</option>
                    <option value="prediction">{tr("scene.layer.prediction")}</option>
                </select>
            </label>
            <label class="inline">
                {tr("scene.brush")} " "
                <select
                    data-testid="brush-mode"
                    prop:value=move || if brush.with(|b| b.mode) == BrushMode::Erase { "erase" } else { "paint" }
                    on:change=set_mode
                >
                    <option value="paint">{tr("scene.paint")}</option>
                    <option value="erase">{tr("scene.erase")}</option>
                </select>
            </label>
            <NumberField
                knob=BRUSH_SIZE
                value=Signal::derive(move || brush.with(|b| b.size))
                on_set=Callback::new(move |v| brush.update(|b| b.size = v))
                testid="brush-size"
                integer=true
            />
            <NumberField
                knob=BRUSH_PROB
                value=Signal::derive(move || brush.with(|b| b.prob))
                on_set=Callback::new(move |v| brush.update(|b| b.prob = v))
                testid="brush-prob"
            />
            <div class="actions">
                <button data-testid="undo" title=tr("scene.undo.help") disabled=move || !can_undo() on:click=move |_| lab.undo()>{tr("scene.undo")}</button>
                <button data-testid="redo" title=tr("scene.redo.help") disabled=move || !can_redo() on:click=move |_| lab.redo()>{tr("scene.redo")}</button>
                <button
                    data-testid="clear"
                    title=tr("scene.clear.help")
                    on:click=move |_| { let l = lab.layer.get_untracked(); lab.edit(EditKind::Clear, |s| s.clear(l)) }
                >{move || i18n.fill("scene.clear", &[("layer", layer_name())])}</button>
                <button
                    data-testid="invert"
                    title=tr("scene.invert.help")
                    on:click=move |_| { let l = lab.layer.get_untracked(); lab.edit(EditKind::Invert, |s| s.invert(l)) }
                >{move || i18n.fill("scene.invert", &[("layer", layer_name())])}</button>
            </div>
        </div>
    }
}

/// A fraction as a percentage, rounded to 1e-6 so 0.3 shows as 30 (not 30.000000000000004).
fn percent_of(fraction: f64) -> f64 {
    (fraction * 1e8).round() / 1e6
}

/// Shape, size, position and grid of the generated target.
#[component]
fn GeneratorPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let spec = move || lab.scene.with(|s| s.spec());
    let set_spec = move |kind: EditKind, f: fn(&mut TargetSpec, f64)| {
        Callback::new(move |v: f64| {
            lab.edit(kind, |s| {
                let mut t = s.spec();
                f(&mut t, v);
                s.set_spec(t);
            })
        })
    };
    let seal = Callback::new(move |()| lab.seal());
    let i18n = expect_context::<I18n>();
    let max_area = Memo::new(move |_| lab.scene.with(|s| s.grid().max_area()));
    let size_knob = Signal::derive(move || {
        Knob::number(k("scene.size"), 1.0, max_area.get() as f64, Some(1.0), k("scene.size.help"))
    });
    let on_shape = move |ev| {
        if let Some(shape) = Shape::parse(&event_target_value(&ev)) {
            lab.edit(EditKind::Shape, |s| s.set_spec(TargetSpec { shape, ..s.spec() }));
        }
    };
    let on_grid = move |ev| {
        let side = event_target_value(&ev).parse::<usize>().ok();
        match side.and_then(GridSize::from_side) {
            Some(grid) => lab.edit(EditKind::Grid, |s| s.set_grid(grid)),
            None => lab.warn(i18n.t("scene.grid_error")),
        }
    };
    view! {
        <section class="panel" aria-labelledby="gen-title">
            <h3 id="gen-title">{tr("scene.target")}</h3>
            <p class="hint">{tr("scene.target.hint")}</p>
            <div class="row">
                <label class="inline">
                    {tr("scene.generator")} " "
                    <select data-testid="generator" prop:value=move || spec().shape.as_str() on:change=on_shape>
                        {Shape::ALL.map(|s| view! { <option value=s.as_str()>{move || i18n.label(s.label())}</option> }).to_vec()}
                    </select>
                </label>
                <label class="inline">
                    {tr("scene.grid")} " "
                    <select data-testid="grid-size" prop:value=move || lab.scene.with(|s| s.side()).to_string() on:change=on_grid>
                        {GridSize::ALL.map(|g| view! { <option value=g.side().to_string()>{format!("{0} × {0}", g.side())}</option> }).to_vec()}
                    </select>
                </label>
            </div>
            <NumberField
                knob=size_knob
                value=Signal::derive(move || spec().area as f64)
                on_set=set_spec(EditKind::ObjectSize, |t, v| t.area = v as usize)
                on_release=seal
                testid="object-size"
                integer=true
            />
            <NumberField knob=POS_X value=Signal::derive(move || percent_of(spec().center_x))
                on_set=set_spec(EditKind::Position, |t, v| t.center_x = v / 100.0) on_release=seal default=50.0 />
            <NumberField knob=POS_Y value=Signal::derive(move || percent_of(spec().center_y))
                on_set=set_spec(EditKind::Position, |t, v| t.center_y = v / 100.0) on_release=seal default=50.0 />
        </section>
    }
}

/// Sets one number of the prediction model, as an [`EditKind::Model`] edit.
fn model_setter(lab: Lab, f: fn(&mut PredictionModel, f64)) -> Callback<f64> {
    Callback::new(move |v: f64| {
        lab.edit(EditKind::Model, |s| {
            let mut m = s.model();
            f(&mut m, v);
            s.set_model(m);
        })
    })
}

/// The prediction model's two confidences, the other half of the tiny-object story (with
/// the object's size): they sit at the top of the scene, beside the target's panel.
#[component]
fn ModelPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let model = move || lab.scene.with(|s| s.model());
    let set = move |f| model_setter(lab, f);
    let seal = Callback::new(move |()| lab.seal());
    let d = PredictionModel::default();
    view! {
        <section class="panel" aria-labelledby="model-title">
            <h3 id="model-title">{tr("scene.model")}</h3>
            <p class="hint">{tr("scene.model.hint")}</p>
            <NumberField knob=BACKGROUND value=Signal::derive(move || model().background)
                on_set=set(|m, v| m.background = v) on_release=seal testid="background-confidence" default=d.background />
            <NumberField knob=FOREGROUND value=Signal::derive(move || model().foreground)
                on_set=set(|m, v| m.foreground = v) on_release=seal testid="foreground-confidence" default=d.foreground />
        </section>
    }
}

/// The prediction model's errors (shift, blur, dilation, false-positive specks, and the
/// shape edits: a gap, a spur, a far-off speck), under the canvases.
#[component]
fn ErrorsPanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let model = move || lab.scene.with(|s| s.model());
    let set = move |f| model_setter(lab, f);
    let seal = Callback::new(move |()| lab.seal());
    let set_far_speck = move |ev| {
        let on = event_target_checked(&ev);
        lab.edit(EditKind::Model, |s| s.set_model(PredictionModel { far_speck: on, ..s.model() }));
        lab.seal();
    };
    view! {
        <section class="panel" aria-labelledby="errors-title">
            <h3 id="errors-title">{tr("scene.errors")}</h3>
            <p class="hint">{tr("scene.errors.hint")}</p>
            <NumberField knob=SHIFT_X value=Signal::derive(move || model().shift_x as f64)
                on_set=set(|m, v| m.shift_x = v as i32) on_release=seal integer=true default=0.0 />
            <NumberField knob=SHIFT_Y value=Signal::derive(move || model().shift_y as f64)
                on_set=set(|m, v| m.shift_y = v as i32) on_release=seal integer=true default=0.0 />
            <NumberField knob=BLUR value=Signal::derive(move || model().blur)
                on_set=set(|m, v| m.blur = v) on_release=seal default=0.0 />
            <NumberField knob=MORPH value=Signal::derive(move || model().morph as f64)
                on_set=set(|m, v| m.morph = v as i32) on_release=seal integer=true default=0.0 />
            <NumberField knob=SPECKS value=Signal::derive(move || model().specks as f64)
                on_set=set(|m, v| m.specks = v as u32) on_release=seal integer=true default=0.0 />
            <NumberField knob=SEED value=Signal::derive(move || model().seed as f64)
                on_set=set(|m, v| m.seed = v as u64) on_release=seal integer=true />
            <NumberField knob=GAP value=Signal::derive(move || model().gap as f64)
                on_set=set(|m, v| m.gap = v as u32) on_release=seal testid="pred-gap" integer=true default=0.0 />
            <NumberField knob=SPUR value=Signal::derive(move || model().spur as f64)
                on_set=set(|m, v| m.spur = v as u32) on_release=seal testid="pred-spur" integer=true default=0.0 />
            <div class="field flag-field" title=tr("scene.far_speck.help")>
                <label class="inline check">
                    <input type="checkbox" data-testid="pred-far-speck"
                        prop:checked=move || model().far_speck on:change=set_far_speck />
                    {tr("scene.far_speck")}
                </label>
            </div>
        </section>
    }
}

/// The whole scene editor. First what tells the tiny-object story (the target's generator
/// and size, the model's confidences), where the eye starts; then the brush toolbar, the
/// three canvases and the readout; then the prediction's errors.
#[component]
pub fn ScenePanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    view! {
        <section class="scene" aria-label=tr("scene.label")>
            <div class="panels">
                <GeneratorPanel />
                <ModelPanel />
            </div>
            <Toolbar />
            <div class="canvases">
                <div class="canvas-col">
                    <h4>{tr("scene.canvas.target")} " " <span class="muted">{tr("scene.canvas.target.hint")}</span></h4>
                    <SceneCanvas picture=Picture::Target label=k("scene.canvas.target.label") />
                </div>
                <div class="canvas-col">
                    <h4>{tr("scene.canvas.prediction")} " " <span class="muted">{tr("scene.canvas.prediction.hint")}</span></h4>
                    <SceneCanvas picture=Picture::Prediction label=k("scene.canvas.prediction.label") />
                    <div class="ramp" aria-hidden="true"><span>"0"</span><span class="ramp-bar"></span><span>"1"</span></div>
                </div>
                <div class="canvas-col">
                    <h4>{tr("scene.canvas.overlay")} " " <span class="muted">{tr("scene.canvas.overlay.hint")}</span></h4>
                    <SceneCanvas picture=Picture::Overlay label=k("scene.canvas.overlay.label") />
                    <NumberField knob=THRESHOLD value=lab.threshold on_set=Callback::new(move |v| lab.threshold.set(v)) default=0.5 />
                </div>
                <Readout />
            </div>
            <ErrorsPanel />
        </section>
    }
}
