//! The views (tabs) of the page. The scene editor stays on the left in every view but the
//! race, which has its own data; the right-hand pane shows the selected view.

use super::i18n::tr;
use super::state::Lab;
use leptos::prelude::*;

/// One view of the page, opened by the tab carrying `data-view="<as_str>"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum View {
    /// The loss board: every loss's value and parameters.
    #[default]
    Scene,
    /// Per-pixel gradient maps.
    Gradients,
    /// Curves and sweeps.
    Curves,
    /// The training race.
    Race,
    /// Formulas, code, the claims tour.
    Learn,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 5] =
        [View::Scene, View::Gradients, View::Curves, View::Race, View::Learn];

    /// The view's name in hooks and links.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Scene => "scene",
            View::Gradients => "gradients",
            View::Curves => "curves",
            View::Race => "race",
            View::Learn => "learn",
        }
    }

    /// The view named `name`.
    pub fn parse(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// The translation key of the tab's label.
    fn label_key(self) -> &'static str {
        match self {
            View::Scene => "view.scene",
            View::Gradients => "view.gradients",
            View::Curves => "view.curves",
            View::Race => "view.race",
            View::Learn => "view.learn",
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::View;

    #[test]
    fn names_round_trip() {
        for v in View::ALL {
            assert_eq!(View::parse(v.as_str()), Some(v));
        }
        assert_eq!(View::parse("nope"), None);
    }
}
