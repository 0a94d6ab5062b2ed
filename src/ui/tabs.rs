//! The tab bar. The scene editor stays on the left in every view but the race, the
//! multi-class view and "Your data", which have their own data; the right-hand pane shows the
//! selected view.
//!
//! The WAI-ARIA tabs pattern: the bar is one tab stop (the open tab; the others have
//! `tabindex="-1"`); ←/→ open the previous/next view (wrapping), Home/End the first/last, and
//! focus follows. Each tab `tab-<view>` controls the panel [`PANEL_ID`], which is labelled by
//! the open tab.

use super::i18n::tr;
use super::state::Lab;
use super::view::View;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The id of the element that holds the open view (`role="tabpanel"`).
pub const PANEL_ID: &str = "view-panel";

/// The id of `view`'s tab.
pub fn tab_id(view: View) -> String {
    format!("tab-{}", view.as_str())
}

/// The view a key press on the tab bar moves to from `from`, if the key is one of the
/// pattern's.
pub fn view_for_key(from: View, key: &str) -> Option<View> {
    let n = View::ALL.len();
    let at = View::ALL.iter().position(|&v| v == from)?;
    let to = match key {
        "ArrowRight" => (at + 1) % n,
        "ArrowLeft" => (at + n - 1) % n,
        "Home" => 0,
        "End" => n - 1,
        _ => return None,
    };
    Some(View::ALL[to])
}

/// The tab bar: one button per view, `aria-selected` on the open one.
#[component]
pub fn ViewTabs() -> impl IntoView {
    let lab = expect_context::<Lab>();
    let tabs = View::ALL.map(|v| {
        let selected = move || lab.view.get() == v;
        view! {
            <button role="tab" class="tab" id=tab_id(v) data-view=v.as_str() aria-controls=PANEL_ID
                aria-selected=move || selected().to_string() class:active=selected
                tabindex=move || if selected() { "0" } else { "-1" }
                on:click=move |_| lab.view.set(v)>{tr(v.label_key())}</button>
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(to) = view_for_key(lab.view.get_untracked(), &ev.key()) else { return };
        ev.prevent_default();
        lab.view.set(to);
        let tab = document().get_element_by_id(&tab_id(to));
        if let Some(el) = tab.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = el.focus();
        }
    };
    view! { <nav class="tabs" role="tablist" aria-label=tr("app.views") on:keydown=on_key>{tabs.to_vec()}</nav> }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_wrap_and_home_end_jump() {
        assert_eq!(view_for_key(View::Scene, "ArrowRight"), Some(View::Gradients));
        assert_eq!(view_for_key(View::Scene, "ArrowLeft"), Some(View::Learn));
        assert_eq!(view_for_key(View::Learn, "ArrowRight"), Some(View::Scene));
        assert_eq!(view_for_key(View::Curves, "Home"), Some(View::Scene));
        assert_eq!(view_for_key(View::Curves, "End"), Some(View::Learn));
        assert_eq!(view_for_key(View::Curves, "Enter"), None);
        assert_eq!(view_for_key(View::Race, "ArrowRight"), Some(View::Data));
        assert_eq!(view_for_key(View::Learn, "ArrowLeft"), Some(View::Data));
    }
}
