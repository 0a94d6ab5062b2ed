//! Presenter mode, for a projector in a hall: larger type (class `presenter` on the app's
//! root, `assets/style.css` scales the board, the tour's bar and the chart captions), the
//! board reduced to the losses the current tour step is about (`learn::about`), or, outside
//! the tour, to the current loss, with a "show all" button; numbers at
//! [`FIGURE_DIGITS`] significant digits.
//!
//! The setting travels in the link and the autosave as `ui.presenter=1` (written only when
//! on, so other links are unchanged; read leniently: `1`/`true`/`on`, `0`/`false`/`off`).
//!
//! Hooks: `[data-testid="presenter-toggle"]` (header, `aria-pressed`), the app root
//! `.app.presenter`, `[data-testid="presenter-show-all"]` on the board (`aria-pressed`:
//! whether every loss is shown), `[data-testid="presenter-shown"]` its note.

use super::format::{FIGURE_DIGITS, VALUE_DIGITS};
use super::i18n::tr;
use super::learn::about::step_losses;
use leptos::prelude::*;
use losslab_core::LossName;

/// The app-wide interface settings that travel in the link (keys `ui.*`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UiSettings {
    /// Presenter mode (`ui.presenter`).
    pub presenter: bool,
}

impl UiSettings {
    /// Every setting as key → text (presenter mode only when on).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        if self.presenter {
            vec![("ui.presenter", "1".to_string())]
        } else {
            Vec::new()
        }
    }

    /// Parses one setting; an unknown key or a bad value is an error (and ignored).
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "ui.presenter" => {
                self.presenter = match value.trim().to_ascii_lowercase().as_str() {
                    "1" | "true" | "on" | "yes" => true,
                    "0" | "false" | "off" | "no" => false,
                    _ => return Err(format!("ui.presenter must be 1 or 0; got {value:?}")),
                }
            }
            _ => return Err(format!("unknown ui setting {key:?}")),
        }
        Ok(())
    }
}

/// The losses presenter mode keeps on the board: tour step `step`'s (1..=`TOUR_STEPS`), else
/// `current`; `current` is always among them.
pub fn presented(step: usize, current: LossName) -> Vec<LossName> {
    let mut losses = step_losses(step).to_vec();
    if !losses.contains(&current) {
        losses.push(current);
    }
    losses
}

/// Presenter mode's state, provided by the app.
#[derive(Clone, Copy)]
pub struct Presenter {
    /// The settings that travel in the link.
    pub settings: RwSignal<UiSettings>,
    /// The board shows every loss though presenter mode is on (not in the link).
    pub show_all: RwSignal<bool>,
    /// The tour's step (0 when not touring), read from the learn context.
    step: Signal<usize>,
}

impl Presenter {
    /// Provides the context; `step` is the tour's current step.
    pub fn provide(step: Signal<usize>) -> Presenter {
        let p = Presenter {
            settings: RwSignal::new(UiSettings::default()),
            show_all: RwSignal::new(false),
            step,
        };
        provide_context(p);
        p
    }

    /// Whether presenter mode is on, tracked.
    pub fn on(self) -> bool {
        self.settings.with(|s| s.presenter)
    }

    /// Significant digits of a value a person reads: 3 in presenter mode, else 4.
    pub fn digits(self) -> usize {
        if self.on() {
            FIGURE_DIGITS
        } else {
            VALUE_DIGITS
        }
    }

    /// The losses the board shows: `None` for all of them.
    pub fn board_losses(self, current: LossName) -> Option<Vec<LossName>> {
        (self.on() && !self.show_all.get()).then(|| presented(self.step.get(), current))
    }

    /// Turns presenter mode on or off (showing only the step's losses again).
    pub fn set(self, on: bool) {
        self.show_all.set(false);
        self.settings.update(|s| s.presenter = on);
    }
}

/// The header's toggle.
#[component]
pub fn PresenterToggle() -> impl IntoView {
    let p = expect_context::<Presenter>();
    view! {
        <button data-testid="presenter-toggle" class="presenter-toggle" title=tr("app.presenter.help")
            aria-pressed=move || p.on().to_string() on:click=move |_| p.set(!p.on())>
            {tr("app.presenter")}
        </button>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_setting_round_trips_and_reads_leniently() {
        let on = UiSettings { presenter: true };
        let mut back = UiSettings::default();
        for (k, v) in on.pairs() {
            back.apply(k, &v).expect("own pairs apply");
        }
        assert_eq!(back, on);
        assert!(UiSettings::default().pairs().is_empty(), "off is the default, not written");
        for (text, want) in
            [("1", true), (" TRUE ", true), ("on", true), ("0", false), ("off", false)]
        {
            let mut s = UiSettings { presenter: !want };
            s.apply("ui.presenter", text).expect(text);
            assert_eq!(s.presenter, want, "{text:?}");
        }
        let mut s = UiSettings { presenter: true };
        assert!(s.apply("ui.presenter", "2").is_err());
        assert!(s.apply("ui.nope", "1").is_err());
        assert!(s.presenter, "a refusal keeps the state");
    }

    #[test]
    fn presented_losses() {
        assert_eq!(presented(0, LossName::Focal), vec![LossName::Focal]);
        assert_eq!(presented(4, LossName::Dice), vec![LossName::Dice, LossName::Bce]);
        assert_eq!(
            presented(4, LossName::Iou),
            vec![LossName::Dice, LossName::Bce, LossName::Iou],
            "a loss picked during the step joins"
        );
        assert_eq!(
            presented(7, LossName::SensitivitySpecificity),
            vec![LossName::SensitivitySpecificity]
        );
    }
}
