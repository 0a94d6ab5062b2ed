//! Conventions and code: the current loss and parameters as code for PyTorch, MONAI, smp and
//! Keras (text from the core's `codegen`), each with its notes in the interface language and
//! a copy button; and the article's code errata with corrected code.
//!
//! The code follows a batch reduction: the race's (`race.reduction`, by default, so the code
//! trains what the race shows) or one fixed beside the code (`learn.code_reduction`).
//!
//! Hooks: `[data-code="pytorch" | "monai" | "smp" | "keras"]` (the snippet's `<figure>`; its
//! `<code>` holds the text; `data-reduction="per_image" | "pooled"` the reduction it follows),
//! `[data-copy="<library>"]` the copy buttons, `[data-erratum="<n>"]`,
//! `data-testid="code-reduction"` the `<select>` of the reduction (values `race`,
//! `per_image`, `pooled`).

use super::context::Learn;
use super::settings::AS_THE_RACE;
use crate::ui::i18n::{k, tr, I18n};
use crate::ui::race::RaceCtx;
use crate::ui::state::Lab;
use leptos::prelude::*;
use losslab_core::codegen::{snippet, Library, Note, Snippet};
use losslab_core::train::reduction_str;
use losslab_core::{AbsentPolicy, BatchReduction};

/// A note on a snippet, in the interface language.
pub fn note_text(i18n: I18n, note: &Note) -> String {
    match note {
        Note::TverskySwapped => i18n.t("learn.code.note.tversky_swapped").into(),
        Note::KerasTverskyDocs => i18n.t("learn.code.note.keras_tversky_docs").into(),
        Note::SmoothTranslated { ours, theirs } => i18n.fill(
            "learn.code.note.smooth_translated",
            &[("ours", &ours.to_string()), ("theirs", &theirs.to_string())],
        ),
        Note::NoSmoothing => i18n.t("learn.code.note.no_smoothing").into(),
        Note::EpsilonInDenominator => i18n.t("learn.code.note.epsilon").into(),
        Note::Handwritten => i18n.t("learn.code.note.handwritten").into(),
        Note::PerImageLoop => i18n.t("learn.code.note.per_image").into(),
        Note::EmptyImageZero => i18n.t("learn.code.note.empty_zero").into(),
        Note::EmptyBatchZero => i18n.t("learn.code.note.empty_batch_zero").into(),
        Note::HardTargetsOnly => i18n.t("learn.code.note.hard_targets").into(),
        Note::MonaiFocalSum => i18n.t("learn.code.note.monai_focal_sum").into(),
        Note::ReductionByHand => i18n.t("learn.code.note.reduction_by_hand").into(),
        Note::NoClip => i18n.t("learn.code.note.no_clip").into(),
        Note::Float32 => i18n.t("learn.code.note.float32").into(),
        Note::UnstableTies => i18n.t("learn.code.note.unstable_ties").into(),
        Note::Probabilities => i18n.t("learn.code.note.probabilities").into(),
        Note::FocalTverskyExponent => i18n.t("learn.code.note.focal_tversky_exponent").into(),
        Note::GdlWeights { policy } => i18n.fill(
            "learn.code.note.gdl_weights",
            &[(
                "policy",
                match policy {
                    AbsentPolicy::Epsilon => "epsilon",
                    AbsentPolicy::Max => "max",
                    AbsentPolicy::Zero => "zero",
                },
            )],
        ),
        Note::BalancedPerImage => i18n.t("learn.code.note.balanced").into(),
        Note::BalancedPooled => i18n.t("learn.code.note.balanced_pooled").into(),
        Note::BceDiceWeights { w_bce, w_dice } => i18n.fill(
            "learn.code.note.bce_dice_weights",
            &[("w_bce", &w_bce.to_string()), ("w_dice", &w_dice.to_string())],
        ),
        Note::DistanceMapsOnCpu => i18n.t("learn.code.note.distance_maps_cpu").into(),
        Note::BatchAsChannels => i18n.t("learn.code.note.batch_as_channels").into(),
        Note::NotExpressible { setting } => {
            i18n.fill("learn.code.note.not_expressible", &[("setting", setting)])
        }
    }
}

/// Copies `text` to the clipboard; whether the browser accepted the request.
fn copy(text: &str) -> bool {
    let clipboard = window().navigator().clipboard();
    let _ = clipboard.write_text(text);
    true
}

/// The text key of a reduction's name.
fn reduction_key(r: BatchReduction) -> &'static str {
    match r {
        BatchReduction::PerImage => k("race.reduction.per_image"),
        BatchReduction::Pooled => k("race.reduction.pooled"),
    }
}

/// One library's snippet for the current loss, reducing a batch by `reduction`.
#[component]
fn SnippetCard(library: Library, reduction: Memo<BatchReduction>) -> impl IntoView {
    let lab = expect_context::<Lab>();
    let snippet = Memo::new(move |_| {
        let config = lab.config(lab.current.get()).get();
        Some(snippet(&config, library, reduction.get()))
    });
    view! { <SnippetView library=library snippet=snippet reduction=reduction /> }
}

/// One library's `snippet` (none: an empty block) with its copy button and notes: the
/// current loss's card here, the compound builder's on the board.
#[component]
pub fn SnippetView(
    /// The library.
    library: Library,
    /// Its snippet (none: an empty block).
    snippet: Memo<Option<Snippet>>,
    /// The batch reduction the snippet follows.
    reduction: Memo<BatchReduction>,
    /// What `loss_fn` takes (an i18n key); the binary losses' inputs when not given.
    #[prop(optional)]
    inputs: Option<&'static str>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let code = move || snippet.with(|s| s.as_ref().map(|s| s.code.clone()).unwrap_or_default());
    let copied = RwSignal::new(false);
    let on_copy = move |_| {
        if copy(&code()) {
            copied.set(true);
            set_timeout(move || copied.set(false), std::time::Duration::from_millis(1500));
        }
    };
    let inputs = inputs.unwrap_or(match library {
        Library::Keras => k("learn.code.inputs.keras"),
        _ => k("learn.code.inputs.torch"),
    });
    view! {
        <figure class="learn-code" data-code=library.as_str() data-reduction=move || reduction_str(reduction.get())>
            <figcaption>
                <strong>{library.title()}</strong>
                <button class="learn-copy" data-copy=library.as_str()
                    aria-label=move || i18n.fill("learn.code.copy_label", &[("library", library.title())])
                    on:click=on_copy>
                    {move || if copied.get() { i18n.t("learn.code.copied") } else { i18n.t("learn.code.copy") }}
                </button>
            </figcaption>
            <p class="learn-inputs">{tr(inputs)}</p>
            <pre tabindex="0"><code>{code}</code></pre>
            <ul class="learn-notes">
                {move || snippet.with(|s| s.as_ref().map(|s| s.notes.iter().map(|n| view! { <li>{note_text(i18n, n)}</li> }).collect::<Vec<_>>()).unwrap_or_default())}
            </ul>
        </figure>
    }
}

/// The batch reduction the code follows: the learn view's choice, else the race's.
pub fn code_reduction() -> Memo<BatchReduction> {
    let learn = expect_context::<Learn>();
    let race = expect_context::<RaceCtx>();
    let race_reduction = Memo::new(move |_| race.settings.with(|s| s.reduction));
    Memo::new(move |_| learn.settings.with(|s| s.code_reduction_or(race_reduction.get())))
}

/// The four libraries' code for the current loss, and the batch reduction it follows.
#[component]
pub fn CodePanel() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let i18n = expect_context::<I18n>();
    let learn = expect_context::<Learn>();
    let race = expect_context::<RaceCtx>();
    let race_reduction = Memo::new(move |_| race.settings.with(|s| s.reduction));
    let reduction = code_reduction();
    let word = move || learn.settings.with(|s| s.code_reduction_word());
    let on_change = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        let mut next = learn.settings.get_untracked();
        match next.apply("learn.code_reduction", &value) {
            Ok(()) => learn.settings.set(next),
            Err(e) => lab.warn(e),
        }
    };
    let as_race = move || {
        i18n.fill(
            "learn.code.reduction.race",
            &[("reduction", i18n.t(reduction_key(race_reduction.get())))],
        )
    };
    let options = [
        (AS_THE_RACE, None),
        ("per_image", Some(BatchReduction::PerImage)),
        ("pooled", Some(BatchReduction::Pooled)),
    ];
    view! {
        <section class="learn-panel" aria-labelledby="learn-code-title">
            <h3 id="learn-code-title">{move || i18n.fill("learn.code.title", &[("loss", lab.current.get().as_str())])}</h3>
            <p class="hint">{tr("learn.code.intro")}</p>
            <label class="learn-reduction">
                {tr("learn.code.reduction")} " "
                <select data-testid="code-reduction" prop:value=word on:change=on_change>
                    {options.into_iter().map(|(value, r)| view! {
                        <option value=value selected=move || word() == value>
                            {move || match r {
                                None => as_race(),
                                Some(r) => i18n.t(reduction_key(r)).to_string(),
                            }}
                        </option>
                    }).collect::<Vec<_>>()}
                </select>
            </label>
            <p class="hint" data-testid="code-reduction-note">{move || i18n.t(match reduction.get() {
                BatchReduction::PerImage => k("learn.code.reduction.per_image_note"),
                BatchReduction::Pooled => k("learn.code.reduction.pooled_note"),
            })}</p>
            <div class="learn-codes">
                {Library::ALL.into_iter().map(|l| view! { <SnippetCard library=l reduction=reduction /> }).collect::<Vec<_>>()}
            </div>
        </section>
    }
}

/// The article's code errors (`losses.md`), as the article wrote them, and corrected.
const ERRATA: [(&str, &str, &str); 6] = [
    (
        k("learn.errata.1"),
        "def dice_coef_loss(y_true, y_pred):\n    1 - dice_coef(y_true, y_pred, smooth=1)",
        "def dice_coef_loss(y_true, y_pred):\n    return 1 - dice_coef(y_true, y_pred, smooth=1)",
    ),
    (
        k("learn.errata.2"),
        "def IoU(y_true, y_pred, eps=1e-6):\n    if np.max(y_true) == 0.0:\n        return IoU(1-y_true, 1-y_pred)  ## empty image; calc IoU of zeros\n    intersection = K.sum(y_true * y_pred, axis=[1,2,3])\n    union = K.sum(y_true, axis=[1,2,3]) + K.sum(y_pred, axis=[1,2,3]) - intersection\n    return -K.mean( (intersection + eps) / (union + eps), axis=0)",
        "def iou_loss(y_true, y_pred, eps=1e-6):\n    axis = (1, 2, 3)\n    empty = K.sum(y_true, axis=axis, keepdims=True) == 0  # a tensor test, per image\n    y_true = K.switch(empty, 1 - y_true, y_true)\n    y_pred = K.switch(empty, 1 - y_pred, y_pred)\n    intersection = K.sum(y_true * y_pred, axis=axis)\n    union = K.sum(y_true, axis=axis) + K.sum(y_pred, axis=axis) - intersection\n    return K.mean(1 - (intersection + eps) / (union + eps))  # 1 - J, not -J",
    ),
    (
        k("learn.errata.3"),
        "def tversky(y_true, y_pred):\n    ...\n    alpha = 0.7\n    return (true_pos + smooth)/(true_pos + alpha*false_neg + (1-alpha)*false_pos + smooth)",
        "def tversky(y_true, y_pred, alpha=0.7, beta=0.3, smooth=1.0):\n    ...\n    return (true_pos + smooth) / (true_pos + alpha * false_neg + beta * false_pos + smooth)",
    ),
    (
        k("learn.errata.4"),
        "return -K.sum(alpha * K.pow(1. - pt_1, gamma) * K.log(pt_1)) \\\n       -K.sum((1-alpha) * K.pow(pt_0, gamma) * K.log(1. - pt_0))",
        "# note: pt_1 = 1 on y = 0 pixels and pt_0 = 0 on y = 1 pixels, so each term is 0 there\nreturn -K.mean(alpha * K.pow(1. - pt_1, gamma) * K.log(pt_1)) \\\n       -K.mean((1-alpha) * K.pow(pt_0, gamma) * K.log(1. - pt_0))",
    ),
    (
        k("learn.errata.5"),
        "w = K.sum(y_true, axis=(0,1,2))\nw = 1/(w**2+0.000001)\nnumerator = y_true*y_pred\nnumerator = w*K.sum(numerator,(0,1,2,3))\nnumerator = K.sum(numerator)\ndenominator = y_true+y_pred\ndenominator = w*K.sum(denominator,(0,1,2,3))\ndenominator = K.sum(denominator)",
        "vol = K.sum(y_true, axis=(0,1,2))                 # one volume per class\nw = 1 / (vol**2 + 1e-6)\nw = K.switch(vol > 0, w, K.zeros_like(w))           # or MONAI's: the largest present weight\nnumerator = K.sum(w * K.sum(y_true * y_pred, axis=(0,1,2)))    # weight per class, then sum\ndenominator = K.sum(w * K.sum(y_true + y_pred, axis=(0,1,2)))",
    ),
    (
        k("learn.errata.6"),
        "def dice_p_bce(in_gt, in_pred):\n    return 1e-3*binary_crossentropy(in_gt, in_pred) - dice_coef(in_gt, in_pred)",
        "def dice_p_bce(in_gt, in_pred):\n    return 1e-3 * K.mean(binary_crossentropy(in_gt, in_pred)) + (1 - dice_coef(in_gt, in_pred))",
    ),
];

/// The errata panel.
#[component]
pub fn ErrataPanel() -> impl IntoView {
    let items = ERRATA
        .iter()
        .enumerate()
        .map(|(i, &(key, wrong, fixed))| {
            view! {
                <li data-erratum=(i + 1).to_string()>
                    <p>{tr(key)}</p>
                    <div class="learn-errata-pair">
                        <div>
                            <span class="learn-tag bad">{tr("learn.errata.article")}</span>
                            <pre tabindex="0"><code>{wrong}</code></pre>
                        </div>
                        <div>
                            <span class="learn-tag good">{tr("learn.errata.fixed")}</span>
                            <pre tabindex="0"><code>{fixed}</code></pre>
                        </div>
                    </div>
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <section class="learn-panel" aria-labelledby="learn-errata-title">
            <h3 id="learn-errata-title">{tr("learn.errata.title")}</h3>
            <ol class="learn-errata">{items}</ol>
        </section>
    }
}
