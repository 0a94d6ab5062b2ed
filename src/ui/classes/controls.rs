//! The scene's generator (preset, class count, grid, seed, each class's area and shape) and
//! the prediction model (background confidence; per class confidence, shift, missing).
//! Every number is checked where it enters: a refused entry shows the notice and the field
//! shows the kept value again.

use super::super::i18n::{k, tr, I18n};
use super::super::state::Lab;
use super::context::ClassesCtx;
use super::editor::class_key;
use leptos::prelude::*;
use losslab_core::scene::classes::{
    class_hex, ClassModel, ClassPreset, ClassScene, CLASS_SHAPES, MAX_CLASSES,
};
use losslab_core::scene::{GridSize, MAX_SHIFT};

/// The translation key of a preset's name.
fn preset_key(p: ClassPreset) -> &'static str {
    match p {
        ClassPreset::OrganLesion => k("mc.preset.organ-lesion"),
        ClassPreset::ThreeOrgans => k("mc.preset.three-organs"),
        ClassPreset::Lesions => k("mc.preset.lesions"),
    }
}

/// Parses a number typed in a field and checks it is in `[lo, hi]` (whole if `integer`);
/// warns and returns `None` otherwise.
fn typed(lab: Lab, i18n: I18n, text: &str, lo: f64, hi: f64, integer: bool) -> Option<f64> {
    match text.trim().parse::<f64>() {
        Ok(v) if (lo..=hi).contains(&v) && (!integer || v.fract() == 0.0) => Some(v),
        _ => {
            let range = [("min", lo.to_string()), ("max", hi.to_string())];
            let values: Vec<(&str, &str)> = range.iter().map(|(k, v)| (*k, v.as_str())).collect();
            lab.warn(i18n.fill("mc.number_error", &values));
            None
        }
    }
}

/// Where a number input's hook goes: a per-class data attribute or a `data-testid`.
#[derive(Clone, Copy)]
enum Hook {
    Area(usize),
    Confidence(usize),
    Shift(usize),
    TestId(&'static str),
}

/// A number input bound to the scene: `read` shows the value, `write` applies a checked one
/// as an undo step.
fn number_input(
    ctx: ClassesCtx,
    hook: Hook,
    (lo, hi, step): (f64, f64, f64),
    read: impl Fn(&ClassScene) -> f64 + Copy + Send + Sync + 'static,
    write: impl Fn(&mut ClassScene, f64) + Copy + Send + Sync + 'static,
) -> AnyView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let value = move || ctx.settings.with(|s| read(&s.scene)).to_string();
    let on_change = move |ev| match typed(lab, i18n, &event_target_value(&ev), lo, hi, step == 1.0)
    {
        Some(v) => ctx.edit(None, |s| write(s, v)),
        // Show the kept value again.
        None => ctx.settings.update(|_| {}),
    };
    match hook {
        Hook::Area(c) => view! { <input type="number" data-mc-area=c min=lo max=hi step=step
        aria-label=tr("mc.area") prop:value=value on:change=on_change /> }
        .into_any(),
        Hook::Confidence(c) => {
            view! { <input type="number" data-mc-confidence=c min=lo max=hi step=step
            aria-label=tr("mc.confidence") prop:value=value on:change=on_change /> }
            .into_any()
        }
        Hook::Shift(c) => view! { <input type="number" data-mc-shift=c min=lo max=hi step=step
        aria-label=tr("mc.shift") prop:value=value on:change=on_change /> }
        .into_any(),
        Hook::TestId(id) => view! { <input type="number" data-testid=id min=lo max=hi step=step
        prop:value=value on:change=on_change /> }
        .into_any(),
    }
}

/// One class's row: its chip, area, shape, and the model's confidence, shift and miss.
#[component]
fn ClassRow(c: usize) -> impl IntoView {
    let ctx = expect_context::<ClassesCtx>();
    let i18n = expect_context::<I18n>();
    let classes = Memo::new(move |_| ctx.settings.with(|s| s.scene.classes()));
    let max_area = GridSize::S256.max_area() as f64;
    let shift = f64::from(MAX_SHIFT);
    let area = number_input(
        ctx,
        Hook::Area(c),
        (0.0, max_area, 1.0),
        move |s| s.spec(c).area as f64,
        move |s, v| s.set_area(c, v as usize),
    );
    let confidence = number_input(
        ctx,
        Hook::Confidence(c),
        (0.0, 1.0, 0.05),
        move |s| s.model().class(c).confidence,
        move |s, v| {
            let mut m = s.model();
            m.classes[c - 1].confidence = v;
            s.set_model(m);
        },
    );
    let moved = number_input(
        ctx,
        Hook::Shift(c),
        (-shift, shift, 1.0),
        move |s| f64::from(s.model().class(c).shift),
        move |s, v| {
            let mut m = s.model();
            m.classes[c - 1].shift = v as i32;
            s.set_model(m);
        },
    );
    let on_shape = move |ev| {
        if let Some(shape) = losslab_core::scene::Shape::parse(&event_target_value(&ev)) {
            ctx.edit(None, |s| s.set_shape(c, shape));
        }
    };
    let on_missing = move |ev| {
        let on = event_target_checked(&ev);
        ctx.edit(None, |s| {
            let mut m = s.model();
            m.classes[c - 1].missing = on;
            s.set_model(m);
        });
    };
    view! {
        <tr hidden={move || c > classes.get()} data-mc-row=c.to_string()>
            <th scope="row"><span class="mc-chip" style:background=class_hex(c) aria-hidden="true"></span>
                {move || i18n.t(class_key(c))}</th>
            <td>{area}</td>
            <td>
                <select data-mc-shape=c.to_string() aria-label=tr("mc.shape")
                    prop:value=move || ctx.settings.with(|s| s.scene.spec(c).shape.as_str()) on:change=on_shape>
                    {CLASS_SHAPES.map(|s| view! { <option value=s.as_str()>{move || i18n.label(s.label())}</option> }).to_vec()}
                </select>
            </td>
            <td>{confidence}</td>
            <td>{moved}</td>
            <td><input type="checkbox" data-mc-missing=c.to_string() aria-label=tr("mc.missing")
                prop:checked=move || ctx.settings.with(|s| s.scene.model().class(c).missing)
                on:change=on_missing /></td>
        </tr>
    }
}

/// Preset, classes, grid, seed and background confidence, then one row per class.
#[component]
pub fn SceneControls() -> impl IntoView {
    let ctx = expect_context::<ClassesCtx>();
    let i18n = expect_context::<I18n>();
    let scene =
        move || ctx.settings.with(|s| (s.scene.preset(), s.scene.classes(), s.scene.side()));
    let on_preset = move |ev| {
        if let Some(p) = ClassPreset::parse(&event_target_value(&ev)) {
            ctx.edit(None, |s| s.set_preset(p));
        }
    };
    let on_classes = move |ev| {
        if let Ok(n) = event_target_value(&ev).parse::<usize>() {
            ctx.edit(None, |s| s.set_classes(n));
        }
    };
    let on_grid = move |ev| {
        if let Some(g) = event_target_value(&ev).parse::<usize>().ok().and_then(GridSize::from_side)
        {
            ctx.edit(None, |s| s.set_grid(g));
        }
    };
    let seed = number_input(
        ctx,
        Hook::TestId("mc-seed"),
        (0.0, 1e6, 1.0),
        |s| s.seed() as f64,
        |s, v| s.set_seed(v as u64),
    );
    let background = number_input(
        ctx,
        Hook::TestId("mc-background"),
        (0.0, 1.0, 0.05),
        |s| s.model().background,
        |s, v| s.set_model(ClassModel { background: v, ..s.model() }),
    );
    view! {
        <section class="panel mc-scene-controls" aria-labelledby="mc-scene-title">
            <h3 id="mc-scene-title">{tr("mc.scene")}</h3>
            <p class="hint">{tr("mc.scene.hint")}</p>
            <div class="row">
                <label class="inline">{tr("mc.preset")} " "
                    <select data-testid="mc-preset" prop:value=move || scene().0.as_str() on:change=on_preset>
                        {ClassPreset::ALL.map(|p| view! { <option value=p.as_str()>{tr(preset_key(p))}</option> }).to_vec()}
                    </select>
                </label>
                <label class="inline">{tr("mc.classes")} " "
                    <select data-testid="mc-classes" prop:value=move || scene().1.to_string() on:change=on_classes>
                        {(1..=MAX_CLASSES).map(|n| view! { <option value=n.to_string()>{n.to_string()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="inline">{tr("scene.grid")} " "
                    <select data-testid="mc-grid" prop:value=move || scene().2.to_string() on:change=on_grid>
                        {GridSize::ALL.map(|g| view! { <option value=g.side().to_string()>{format!("{0} × {0}", g.side())}</option> }).to_vec()}
                    </select>
                </label>
                <label class="inline">{tr("mc.seed")} " " {seed}</label>
                <label class="inline">{tr("mc.background")} " " {background}</label>
            </div>
            <table class="mc-class-table">
                <thead><tr>
                    <th scope="col">{tr("mc.class")}</th>
                    <th scope="col">{tr("mc.area")}</th>
                    <th scope="col">{tr("mc.shape")}</th>
                    <th scope="col" title=move || i18n.t("mc.confidence.help")>{tr("mc.confidence")}</th>
                    <th scope="col" title=move || i18n.t("mc.shift.help")>{tr("mc.shift")}</th>
                    <th scope="col" title=move || i18n.t("mc.missing.help")>{tr("mc.missing")}</th>
                </tr></thead>
                <tbody>{(1..=MAX_CLASSES).map(|c| view! { <ClassRow c=c /> }).collect_view()}</tbody>
            </table>
        </section>
    }
}
