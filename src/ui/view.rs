//! The views of the page (its tabs): which one is open is part of the state (`Lab::view`),
//! of the link (`view=`) and of the tour's steps. Its own file, so that the state and the tab
//! bar both depend on it and not on each other.

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
    /// Multi-class scenes, batches and aggregation.
    Classes,
    /// The training race.
    Race,
    /// Your own masks and predictions, every loss on them by object size.
    Data,
    /// Formulas, code, the claims tour.
    Learn,
}

impl View {
    /// Every view, in tab order.
    pub const ALL: [View; 7] = [
        View::Scene,
        View::Gradients,
        View::Curves,
        View::Classes,
        View::Race,
        View::Data,
        View::Learn,
    ];

    /// The view's name in hooks and links.
    pub fn as_str(self) -> &'static str {
        match self {
            View::Scene => "scene",
            View::Gradients => "gradients",
            View::Curves => "curves",
            View::Classes => "classes",
            View::Race => "race",
            View::Data => "data",
            View::Learn => "learn",
        }
    }

    /// The view named `name`.
    pub fn parse(name: &str) -> Option<View> {
        View::ALL.into_iter().find(|v| v.as_str() == name)
    }

    /// The translation key of the tab's label.
    pub fn label_key(self) -> &'static str {
        match self {
            View::Scene => "view.scene",
            View::Gradients => "view.gradients",
            View::Curves => "view.curves",
            View::Classes => "view.classes",
            View::Race => "view.race",
            View::Data => "view.data",
            View::Learn => "view.learn",
        }
    }
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

    #[test]
    fn classes_sits_after_curves_and_before_race() {
        let at = |v: View| View::ALL.iter().position(|&w| w == v);
        assert_eq!(View::parse("classes"), Some(View::Classes));
        assert_eq!(at(View::Classes), at(View::Curves).map(|i| i + 1));
        assert_eq!(at(View::Race), at(View::Classes).map(|i| i + 1));
    }

    #[test]
    fn data_sits_after_race_and_before_learn() {
        let at = |v: View| View::ALL.iter().position(|&w| w == v);
        assert_eq!(View::parse("data"), Some(View::Data));
        assert_eq!(at(View::Data), at(View::Race).map(|i| i + 1));
        assert_eq!(at(View::Learn), Some(View::ALL.len() - 1), "the tour's view stays last");
    }
}
