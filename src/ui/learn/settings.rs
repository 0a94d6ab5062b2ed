//! The learn area's settings that travel in a page link: the tour's step. One plain struct,
//! held in one `RwSignal` of the [`super::Learn`] context; the link code (`ui::share`) reads
//! `pairs()` and writes through `apply()`. The interface language is not in the link: it is
//! the reader's choice (remembered in `localStorage`), not the sender's.

/// Number of steps of the claims tour (the eleven claims of `claims.md`).
pub const TOUR_STEPS: usize = 11;

/// Every setting of the learn area.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LearnSettings {
    /// The tour's step (`learn.tour`): `1..=11` while touring, `0` when not touring.
    pub tour_step: usize,
}

impl LearnSettings {
    /// Every setting as key → text.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        vec![("learn.tour", self.tour_step.to_string())]
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
        let s = LearnSettings { tour_step: 7 };
        let mut back = LearnSettings::default();
        for (k, v) in s.pairs() {
            back.apply(k, &v).expect("own pairs apply");
        }
        assert_eq!(back, s);
    }

    #[test]
    fn bad_values_and_keys_are_refused() {
        let mut s = LearnSettings::default();
        assert!(s.apply("learn.tour", "12").is_err());
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
