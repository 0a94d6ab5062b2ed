//! The curves view's context: its settings. Its own file so that the view and its chart
//! panels both depend on it, and not on each other.

use leptos::prelude::*;
use losslab_core::sweep::CurveSettings;

/// The curves view's settings, shared through context (keys `curves.*`, see
/// [`CurveSettings::pairs`]), provided at the app's root so they outlive a tab switch and
/// travel in the page link.
#[derive(Debug, Clone, Copy)]
pub struct CurvesContext {
    /// Every user setting of the view.
    pub settings: RwSignal<CurveSettings>,
}

impl CurvesContext {
    /// The context with the default settings.
    pub fn new() -> CurvesContext {
        CurvesContext { settings: RwSignal::new(CurveSettings::default()) }
    }
}

impl Default for CurvesContext {
    fn default() -> Self {
        CurvesContext::new()
    }
}
