//! The curves view.

use super::i18n::tr;
use leptos::prelude::*;

/// The curves view's pane.
#[component]
pub fn CurvesView() -> impl IntoView {
    view! { <section class="pane" data-pane="curves"><h3>{tr("view.curves")}</h3></section> }
}
