//! The race view.

use super::i18n::tr;
use leptos::prelude::*;

/// The race view's pane.
#[component]
pub fn RaceView() -> impl IntoView {
    view! { <section class="pane" data-pane="race"><h3>{tr("view.race")}</h3></section> }
}
