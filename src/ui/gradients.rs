//! The gradients view.

use super::i18n::tr;
use leptos::prelude::*;

/// The gradients view's pane.
#[component]
pub fn GradientsView() -> impl IntoView {
    view! { <section class="pane" data-pane="gradients"><h3>{tr("view.gradients")}</h3></section> }
}
