//! The import bar (pickers, the three role targets, the logits switch, "Clear", the limits
//! stated up front) and the status under it (progress, what the set holds, the errors).

use super::context::{dropped, incoming, DataCtx, Stage};
use crate::ui::i18n::{k, tr, I18n};
use leptos::html;
use leptos::prelude::*;
use losslab_core::data::{self, DataError, Role};

/// One picker: a button that opens a hidden `<input type=file>` (the browser's own control
/// cannot be translated) and takes drops of its role.
#[component]
fn Picker(
    /// The input's hook (`data-files`, …); the button's is `<hook>-button`.
    hook: &'static str,
    /// The button's text key.
    label: &'static str,
    /// The help (title) key.
    help: &'static str,
    /// The role its files get; `None`: from their folders.
    role: Option<Role>,
    /// A folder picker (`webkitdirectory`).
    #[prop(optional)]
    folder: bool,
) -> impl IntoView {
    let ctx = expect_context::<DataCtx>();
    let input = NodeRef::<html::Input>::new();
    let over = RwSignal::new(false);
    let on_change = move |ev: leptos::ev::Event| {
        let el = event_target::<web_sys::HtmlInputElement>(&ev);
        if let Some(files) = el.files() {
            // Files picked one by one are "chosen"; a folder's are not (a README is passed
            // over).
            ctx.import(incoming(&files, role, !folder));
        }
        el.set_value("");
    };
    let open = move |_| {
        if let Some(el) = input.get_untracked() {
            el.click();
        }
    };
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        over.set(false);
        let read = dropped(&ev, role);
        leptos::task::spawn_local(async move { ctx.import(read.files().await) });
    };
    let on_dragover = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        ev.stop_propagation();
        over.set(true);
    };
    let accept = if folder { "" } else { ".png,.npy,.nii,.gz,.zip,image/png,application/zip" };
    let role_class = match role {
        Some(Role::Target) => "role-target",
        Some(Role::Prediction) => "role-pred",
        Some(Role::Image) => "role-image",
        None => "",
    };
    view! {
        <button class=format!("data-pick {role_class}") class:drag-over=move || over.get()
            data-testid=format!("{hook}-button") title=tr(help) on:click=open
            on:dragover=on_dragover on:dragleave=move |_| over.set(false) on:drop=on_drop>
            {tr(label)}
        </button>
        <input type="file" class="share-file-input" node_ref=input tabindex="-1" aria-hidden="true"
            data-testid=hook multiple=true accept=accept prop:webkitdirectory=folder
            on:change=on_change />
    }
}

/// The import bar.
#[component]
pub fn ImportPanel() -> impl IntoView {
    let ctx = expect_context::<DataCtx>();
    let i18n = expect_context::<I18n>();
    let empty = move || ctx.set.with(|s| s.is_empty());
    let limits = move || {
        i18n.fill(
            "data.limits",
            &[
                ("files", &data::MAX_FILES.to_string()),
                ("mib", &(data::MAX_TOTAL_BYTES >> 20).to_string()),
                ("side", &data::MAX_SIDE_2D.to_string()),
                ("voxels", &cube(data::MAX_VOXELS_3D)),
                ("values", &grouped(ctx.max_values)),
            ],
        )
    };
    view! {
        <div class="data-import panel">
            <p class="hint">{tr("data.intro")}</p>
            <div class="data-pickers">
                <Picker hook="data-files" label=k("data.choose_files") help=k("data.choose_files.help") role=None />
                <Picker hook="data-folder" label=k("data.choose_folder") help=k("data.choose_folder.help") role=None folder=true />
                <span class="data-or">{tr("data.or_roles")}</span>
                <Picker hook="data-targets" label=k("data.targets") help=k("data.targets.help") role=Some(Role::Target) />
                <Picker hook="data-preds" label=k("data.preds") help=k("data.preds.help") role=Some(Role::Prediction) />
                <Picker hook="data-images" label=k("data.images") help=k("data.images.help") role=Some(Role::Image) />
                <label class="inline check data-logits" title=tr("data.logits.help")>
                    <input type="checkbox" data-testid="data-logits" prop:checked=move || ctx.logits.get()
                        on:change=move |ev| ctx.logits.set(event_target_checked(&ev)) />
                    {tr("data.logits")}
                </label>
                <button data-testid="data-clear" class="data-clear" disabled=empty
                    on:click=move |_| ctx.clear()>{tr("data.clear")}</button>
            </div>
            <p class="data-limits" data-testid="data-limits" data-max-values=ctx.max_values.to_string()>{limits}</p>
        </div>
    }
}

/// Progress, what the set holds, and every refused file or pair.
#[component]
pub fn Status() -> impl IntoView {
    let ctx = expect_context::<DataCtx>();
    let i18n = expect_context::<I18n>();
    let progress = ctx.progress;
    let text = move || {
        let p = progress.get();
        let (n, total) = (p.done.to_string(), p.total.to_string());
        match p.stage {
            Stage::Decoding => i18n.fill("data.progress.decoding", &[("n", &n), ("total", &total)]),
            Stage::Evaluating => {
                i18n.fill("data.progress.evaluating", &[("n", &n), ("total", &total)])
            }
            Stage::Idle => {
                let files = ctx.set.with(|s| s.files()).to_string();
                let (pairs, ms) = ctx.results.with(|r| (r.items.len(), r.eval_ms));
                if pairs == 0 {
                    i18n.fill("data.held.files", &[("files", &files)])
                } else {
                    i18n.fill(
                        "data.held",
                        &[
                            ("files", &files),
                            ("pairs", &pairs.to_string()),
                            ("ms", &crate::ui::format::sig(ms, 3)),
                        ],
                    )
                }
            }
        }
    };
    let errors = move || -> Vec<DataError> {
        let mut all = ctx.set.with(|s| s.refused.clone());
        all.extend(ctx.results.with(|r| r.errors.clone()));
        all
    };
    let count = move || errors().len();
    let busy = move || progress.with(|p| p.stage != Stage::Idle);
    view! {
        <div class="data-status">
            <div class="data-progress" data-testid="data-progress" role="status" aria-live="polite"
                data-stage=move || progress.with(|p| p.stage.as_str())
                data-done=move || progress.with(|p| p.done.to_string())
                data-total=move || progress.with(|p| p.total.to_string())>
                <span>{text}</span>
                <Show when=busy>
                    <progress max=move || progress.with(|p| p.total.max(1).to_string())
                        value=move || progress.with(|p| p.done.to_string())></progress>
                </Show>
            </div>
            <section class="data-errors" data-testid="data-errors" hidden=move || count() == 0
                aria-labelledby="data-errors-title">
                <h3 id="data-errors-title">{move || i18n.fill("data.errors", &[("n", &count().to_string())])}</h3>
                <ul>
                    {move || errors().into_iter().map(|e| {
                        // The core's reasons are English; the page's own are in its language.
                        let lang = (!e.reason.chars().any(is_cjk)).then_some("en");
                        view! {
                            <li data-file=e.file.clone()><code>{e.file.clone()}</code>": "<span lang=lang>{e.reason.clone()}</span></li>
                        }
                    }).collect::<Vec<_>>()}
                </ul>
            </section>
        </div>
    }
}

/// Whether `c` is a CJK ideograph.
fn is_cjk(c: char) -> bool {
    ('\u{3400}'..='\u{9fff}').contains(&c)
}

/// `50 331 648`: digits in groups of three, thin spaces between them (neither language's
/// comma).
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{2009}');
        }
        out.push(c);
    }
    out
}

/// `256 × 256 × 256` for the 3-D limit (the cube of its side).
fn cube(voxels: usize) -> String {
    let side = (voxels as f64).cbrt().round() as usize;
    if side * side * side == voxels {
        format!("{side} × {side} × {side}")
    } else {
        voxels.to_string()
    }
}
