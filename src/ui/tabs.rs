//! The tab bar. The scene editor stays on the left in every view but the race, which has its
//! own data; the right-hand pane shows the selected view.

use super::i18n::tr;
use super::state::Lab;
use super::view::View;
use leptos::prelude::*;

/// The tab bar: one button per view, `aria-selected` on the open one.
#[component]
pub fn ViewTabs() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let tabs = View::ALL.map(|v| {
        let selected = move || lab.view.get() == v;
        view! {
            <button role="tab" class="tab" data-view=v.as_str()
                aria-selected=move || selected().to_string() class:active=selected
                on:click=move |_| lab.view.set(v)>{tr(v.label_key())}</button>
        }
    });
    view! { <nav class="tabs" role="tablist">{tabs.to_vec()}</nav> }
}
