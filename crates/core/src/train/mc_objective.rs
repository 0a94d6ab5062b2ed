//! What a multi-class runner of the race trains ([`McObjective`]): a loss of the
//! multi-class engine (`multiclass.md`) and its aggregation, and the runners' labels.

use crate::params::multiclass::{McConfig, McLossName, McParamError};
use crate::{BatchReduction, ParamValue};

/// The word of a batch reduction (the link's, and the engine's `batch` values).
fn batch_word(r: BatchReduction) -> &'static str {
    match r {
        BatchReduction::PerImage => "per_image",
        BatchReduction::Pooled => "pooled",
    }
}

/// A value as a label writes it (`false`, `pooled`).
fn word(value: &ParamValue) -> String {
    match value {
        ParamValue::Number(x) => x.to_string(),
        ParamValue::Text(s) => s.clone(),
        ParamValue::Bool(b) => b.to_string(),
    }
}

/// What a multi-class runner trains: a loss of the engine with its aggregation (the loss's
/// own parameters at their defaults).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct McObjective {
    /// The loss.
    pub loss: McLossName,
    /// Per image or pooled over the batch (region losses; `ce` is always a pixel mean).
    pub batch: BatchReduction,
    /// Whether the background class counts among the region terms.
    pub include_background: bool,
}

impl McObjective {
    /// A soft Dice runner.
    pub const fn dice(batch: BatchReduction, include_background: bool) -> McObjective {
        McObjective { loss: McLossName::Dice, batch, include_background }
    }

    /// Softmax cross-entropy, the reference (torch's `CrossEntropyLoss`, unweighted).
    pub const CE: McObjective = McObjective {
        loss: McLossName::Ce,
        batch: BatchReduction::PerImage,
        include_background: true,
    };

    /// The multi-class preset's runners: Dice per image and pooled, each with and without
    /// the background class, then CE.
    pub fn race_set() -> Vec<McObjective> {
        use BatchReduction::{PerImage, Pooled};
        vec![
            McObjective::dice(PerImage, true),
            McObjective::dice(PerImage, false),
            McObjective::dice(Pooled, true),
            McObjective::dice(Pooled, false),
            McObjective::CE,
        ]
    }

    /// The aggregation keys it sets (`ce` and `focal` take none: they always average over
    /// every pixel of the batch, the background included).
    pub fn params(&self) -> Vec<(&'static str, ParamValue)> {
        if !self.loss.has_region_part() {
            return Vec::new();
        }
        vec![
            ("include_background", ParamValue::Bool(self.include_background)),
            ("batch", ParamValue::Text(batch_word(self.batch).to_owned())),
        ]
    }

    /// Its validated configuration for `classes` channels.
    pub fn config(&self, classes: usize) -> Result<McConfig, McParamError> {
        McConfig::from_params(self.loss, classes, &self.params(), None)
    }
}

/// Each runner's label: the loss's name, then in brackets the aggregation keys that differ
/// from the default or from another runner of the same loss, in the order of
/// [`crate::params::multiclass::AGGREGATION_KEYS`], with the link's words:
/// `dice (include_background false, batch pooled)`, plain `ce`.
pub fn mc_labels(objectives: &[McObjective]) -> Vec<String> {
    let default = |key: &str| match key {
        "include_background" => ParamValue::Bool(true),
        _ => ParamValue::Text(batch_word(BatchReduction::PerImage).to_owned()),
    };
    objectives
        .iter()
        .map(|o| {
            let value = |x: &McObjective, key: &str| {
                x.params().into_iter().find(|(k, _)| *k == key).map(|(_, v)| v)
            };
            let shown: Vec<String> = o
                .params()
                .into_iter()
                .filter(|(key, v)| {
                    *v != default(key)
                        || objectives
                            .iter()
                            .any(|x| x.loss == o.loss && value(x, key).as_ref() != Some(v))
                })
                .map(|(key, v)| format!("{key} {}", word(&v)))
                .collect();
            if shown.is_empty() {
                o.loss.as_str().to_owned()
            } else {
                format!("{} ({})", o.loss.as_str(), shown.join(", "))
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_name_what_differs() {
        let labels = mc_labels(&McObjective::race_set());
        assert_eq!(
            labels,
            [
                "dice (include_background true, batch per_image)",
                "dice (include_background false, batch per_image)",
                "dice (include_background true, batch pooled)",
                "dice (include_background false, batch pooled)",
                "ce",
            ]
        );
        let alone = mc_labels(&[McObjective::dice(BatchReduction::Pooled, true)]);
        assert_eq!(alone, ["dice (batch pooled)"]);
    }

    #[test]
    fn every_race_objective_is_valid_for_three_classes() {
        for o in McObjective::race_set() {
            let c = o.config(3).expect("a valid objective");
            assert_eq!(c.name, o.loss);
        }
    }
}
