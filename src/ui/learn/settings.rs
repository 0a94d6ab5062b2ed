//! The learn area's settings that travel in a page link: the tour's step and the batch
//! reduction the exported code follows. One plain struct,
//! held in one `RwSignal` of the [`super::Learn`] context; the link code (`ui::share`) reads
//! `pairs()` and writes through `apply()`. The interface language is not in the link: it is
//! the reader's choice (remembered in `localStorage`), not the sender's.

use losslab_core::train::reduction_str;
use losslab_core::BatchReduction;

/// Number of steps of the claims tour (the eleven claims of `claims.md`, then the steps on the
/// losses of `losses-compound.md` and `losses-geometry.md`).
pub const TOUR_STEPS: usize = 16;

/// The step on Dice + CE in the race (the compound losses' race step).
pub const DICE_CE_STEP: usize = 14;

/// The word of `learn.code_reduction` that follows the race's reduction.
pub const AS_THE_RACE: &str = "race";

/// Every setting of the learn area.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnSettings {
    /// The tour's step (`learn.tour`): `1..=TOUR_STEPS` while touring, `0` when not touring.
    pub tour_step: usize,
    /// How the exported code reduces a batch (`learn.code_reduction`): `None` follows the
    /// race's `race.reduction` (the default, so the code trains what the race shows),
    /// `Some` fixes `per_image` or `pooled`.
    pub code_reduction: Option<BatchReduction>,
}

impl LearnSettings {
    /// Every setting as key → text.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![
            ("learn.tour", self.tour_step.to_string()),
            ("learn.code_reduction", self.code_reduction_word().to_string()),
        ]
    }

    /// `learn.code_reduction`'s word: `race`, `per_image` or `pooled`.
    pub fn code_reduction_word(&self) -> &'static str {
        self.code_reduction.map_or(AS_THE_RACE, reduction_str)
    }

    /// The reduction the exported code uses, given the race's.
    pub fn code_reduction_or(&self, race: BatchReduction) -> BatchReduction {
        self.code_reduction.unwrap_or(race)
    }

    /// Parses and validates one setting; an unknown key or a bad value is an error.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "learn.tour" => match value.trim().parse::<usize>() {
                Ok(n) if n <= TOUR_STEPS => self.tour_step = n,
                _ => {
                    return Err(format!(
                        "learn.tour must be a whole number from 0 (no tour) to {TOUR_STEPS}; got {value:?}"
                    ))
                }
            },
            "learn.code_reduction" => {
                self.code_reduction = match value.trim() {
                    AS_THE_RACE => None,
                    "per_image" => Some(BatchReduction::PerImage),
                    "pooled" => Some(BatchReduction::Pooled),
                    _ => {
                        return Err(format!(
                            "learn.code_reduction must be race, per_image or pooled; got {value:?}"
                        ))
                    }
                }
            }
            _ => return Err(format!("unknown learn setting {key:?}")),
        }
        Ok(())
    }

    /// The step named by a teacher's short link `#tour=3` (the full link carries
    /// `learn.tour`, which shows the step without resetting the linked scene).
    pub fn step_from_hash(hash: &str) -> Option<usize> {
        let rest = hash.trim_start_matches('#');
        rest.split('&')
            .find_map(|part| part.strip_prefix("tour="))
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| (1..=TOUR_STEPS).contains(&n))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_round_trip_through_apply() {
        for code_reduction in [None, Some(BatchReduction::PerImage), Some(BatchReduction::Pooled)] {
            let s = LearnSettings { tour_step: 7, code_reduction };
            let mut back = LearnSettings::default();
            for (k, v) in s.pairs() {
                back.apply(k, &v).expect("own pairs apply");
            }
            assert_eq!(back, s);
        }
    }

    #[test]
    fn code_reduction_follows_the_race_unless_fixed() {
        let mut s = LearnSettings::default();
        assert_eq!(s.code_reduction_word(), "race");
        assert_eq!(s.code_reduction_or(BatchReduction::Pooled), BatchReduction::Pooled);
        assert_eq!(s.code_reduction_or(BatchReduction::PerImage), BatchReduction::PerImage);
        s.apply("learn.code_reduction", "per_image").expect("a reduction");
        assert_eq!(s.code_reduction_or(BatchReduction::Pooled), BatchReduction::PerImage);
        assert!(s.apply("learn.code_reduction", "mean").is_err());
        assert_eq!(s.code_reduction, Some(BatchReduction::PerImage), "a refusal keeps it");
    }

    #[test]
    fn bad_values_and_keys_are_refused() {
        let mut s = LearnSettings::default();
        assert!(s.apply("learn.tour", &(TOUR_STEPS + 1).to_string()).is_err());
        assert!(s.apply("learn.tour", "-1").is_err());
        assert!(s.apply("learn.lang", "zh").is_err());
        assert!(s.apply("learn.nope", "1").is_err());
        assert_eq!(s, LearnSettings::default(), "a refusal keeps the state");
    }

    #[test]
    fn hash_links_to_a_step() {
        assert_eq!(LearnSettings::step_from_hash("#tour=3"), Some(3));
        assert_eq!(LearnSettings::step_from_hash("#a=1&tour=11"), Some(11));
        assert_eq!(LearnSettings::step_from_hash("#tour=0"), None);
        assert_eq!(LearnSettings::step_from_hash("#tour=x"), None);
        assert_eq!(LearnSettings::step_from_hash(""), None);
    }
}
