//! The comparison panel: the same batch's Dice loss as MONAI (`batch=False`, `batch=True`),
//! smp and the article's Keras code compute it, one row per library with its exact call, its
//! number, a bar on a shared axis (so the spread shows) and the one line that explains it.

use super::super::format::{full, value};
use super::super::i18n::{fill, k, tr, I18n};
use super::batch::BatchBuffers;
use leptos::prelude::*;
use losslab_core::multiclass::compare::{compare, Comparison, Library};
use losslab_core::multiclass::McInputError;
use std::rc::Rc;

/// What the panel shows: nothing yet, the libraries' numbers, or why the batch was refused.
type Outcome = Option<Result<Vec<Comparison>, McInputError>>;

/// The key of a library's name in the table.
fn library_key(library: Library) -> &'static str {
    match library {
        Library::MonaiPerImage => k("classes.compare.library.monai-per-image"),
        Library::MonaiPooled => k("classes.compare.library.monai-pooled"),
        Library::Smp => k("classes.compare.library.smp"),
        Library::KerasArticle => k("classes.compare.library.keras-article"),
    }
}

/// `(lowest, highest)` of the finite values.
fn extremes(rows: &[Comparison]) -> Option<(f64, f64)> {
    let finite = rows.iter().map(|r| r.value).filter(|v| v.is_finite());
    finite.fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
    })
}

/// A row's rank among the four: `lowest`, `highest` or none (when all are equal, none).
fn rank(v: f64, (lo, hi): (f64, f64)) -> Option<&'static str> {
    if lo == hi {
        None
    } else if v == lo {
        Some("lowest")
    } else if v == hi {
        Some("highest")
    } else {
        None
    }
}

/// The libraries' Dice loss of `batch`, side by side.
#[component]
pub fn ComparePanel(
    /// The batch (`[B, C, H, W]`, `C ≥ 2`, softmax probabilities); `None` before there is one.
    #[prop(into)]
    batch: Signal<Option<Rc<BatchBuffers>>, LocalStorage>,
) -> impl IntoView {
    let i18n = expect_context::<I18n>();
    let outcome: Memo<Outcome> = Memo::new(move |_| {
        batch.with(|b| b.as_ref().map(|b| compare(b.shape, &b.target, &b.prob)))
    });
    let body = move || {
        outcome.with(|o| match o {
            None => view! { <p class="hint">{tr("classes.compare.empty")}</p> }.into_any(),
            Some(Err(e)) => {
                let message = fill(i18n.t("classes.compare.refused"), &[("e", &e.to_string())]);
                view! { <p class="error" role="alert" data-compare-error="" data-field=e.field>{message}</p> }
                    .into_any()
            }
            Some(Ok(rows)) => table(i18n, rows).into_any(),
        })
    };
    view! {
        <section class="panel mc-compare" data-testid="mc-compare">
            <h3>{tr("classes.compare.title")}</h3>
            <p class="hint">{tr("classes.compare.intro")}</p>
            {body}
        </section>
    }
}

/// The four rows and the spread line under them.
fn table(i18n: I18n, rows: &[Comparison]) -> impl IntoView {
    let range = extremes(rows);
    let top = range.map_or(0.0, |(_, hi)| hi);
    let items = rows
        .iter()
        .map(|row| {
            let library = row.library.as_str();
            let v = row.value;
            let ranked = range.and_then(|r| rank(v, r));
            let width = if top > 0.0 && v.is_finite() { 100.0 * (v / top).clamp(0.0, 1.0) } else { 0.0 };
            let badge = ranked.map(|r| {
                let key = if r == "lowest" { "classes.compare.lowest" } else { "classes.compare.highest" };
                view! { <span class="mc-compare-badge" data-badge=r>{tr(key)}</span> }
            });
            let reason = row.reason;
            view! {
                <li class="mc-compare-row" data-compare-row=library data-rank=ranked>
                    <div class="mc-compare-name">
                        <b>{tr(library_key(row.library))}</b>
                        <code class="mc-compare-call">{row.call.clone()}</code>
                    </div>
                    <div class="mc-compare-number">
                        <b class="mc-compare-value" data-compare=library data-value=full(v) title=full(v)>{value(v)}</b>
                        {badge}
                        <span class="mc-compare-bar" aria-hidden="true">
                            <span style=format!("width: {width:.2}%")></span>
                        </span>
                    </div>
                    <p class="hint mc-compare-reason">{move || i18n.t(reason)}</p>
                </li>
            }
        })
        .collect::<Vec<_>>();
    let spread = range.map(|(lo, hi)| {
        let ratio = if lo > 0.0 { value(hi / lo) } else { "∞".to_string() };
        let text = move || {
            let fields = [("min", value(lo)), ("max", value(hi)), ("spread", value(hi - lo)), ("ratio", ratio.clone())];
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            i18n.fill("classes.compare.spread", &pairs)
        };
        view! { <p class="mc-compare-spread" data-compare-spread="" data-value=full(hi - lo)>{text}</p> }
    });
    view! {
        <ol class="mc-compare-rows">{items}</ol>
        {spread}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(library: Library, value: f64) -> Comparison {
        Comparison { library, value, call: String::new(), reason: library.reason() }
    }

    #[test]
    fn the_extremes_are_marked_and_equal_values_are_not() {
        let rows = [
            row(Library::MonaiPerImage, 0.45),
            row(Library::MonaiPooled, 0.44),
            row(Library::Smp, 0.44),
            row(Library::KerasArticle, 0.23),
        ];
        let range = extremes(&rows).expect("finite values");
        assert_eq!(range, (0.23, 0.45));
        assert_eq!(rank(0.45, range), Some("highest"));
        assert_eq!(rank(0.23, range), Some("lowest"));
        assert_eq!(rank(0.44, range), None);
        assert_eq!(rank(0.3, (0.3, 0.3)), None);
    }

    #[test]
    fn non_finite_values_do_not_set_the_range() {
        let rows = [row(Library::Smp, f64::NAN), row(Library::MonaiPooled, 0.5)];
        assert_eq!(extremes(&rows), Some((0.5, 0.5)));
        assert_eq!(extremes(&[row(Library::Smp, f64::NAN)]), None);
    }
}
