//! The learn view.

use super::i18n::tr;
use leptos::prelude::*;

/// The learn view's pane.
#[component]
pub fn LearnView() -> impl IntoView {
    view! { <section class="pane" data-pane="learn"><h3>{tr("view.learn")}</h3></section> }
}
