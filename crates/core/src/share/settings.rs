//! The core's own settings in the link: every loss's parameters, the current loss, the
//! brush, the active layer and the overlay threshold.

use super::numbers::{number, parse_in, MAX_NUMBER_CHARS};
use crate::scene::{Brush, BrushMode, Layer, MAX_BRUSH_SIZE};
use crate::{Loss, LossConfig, LossName, ParamValue};

/// The settings the core knows. Loss parameters travel only where they differ from
/// `losses.md`'s defaults (a contract that does not change), the rest always.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Each loss's parameters, in [`LossName::ALL`] order.
    pub configs: [LossConfig; LossName::COUNT],
    /// The loss the detail views focus on.
    pub current: LossName,
    /// The brush.
    pub brush: Brush,
    /// The layer being painted.
    pub layer: Layer,
    /// Probability threshold of the TP/FP/FN overlay.
    pub threshold: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            configs: LossName::ALL.map(LossConfig::default_for),
            current: LossName::Dice,
            brush: Brush::default(),
            layer: Layer::Target,
            threshold: 0.5,
        }
    }
}

fn mode_str(mode: BrushMode) -> &'static str {
    match mode {
        BrushMode::Paint => "paint",
        BrushMode::Erase => "erase",
    }
}

impl Settings {
    /// Whether `key` is one of these settings' keys.
    pub fn claims(key: &str) -> bool {
        key == "loss" || ["loss.", "brush.", "overlay."].iter().any(|p| key.starts_with(p))
    }
}

impl Settings {
    /// Every setting as key → text (loss parameters only where not the default).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut pairs: Vec<(String, String)> = [
            ("loss", self.current.as_str().to_string()),
            ("brush.size", number(self.brush.size)),
            ("brush.mode", mode_str(self.brush.mode).to_string()),
            ("brush.prob", number(self.brush.prob)),
            ("brush.layer", self.layer.as_str().to_string()),
            ("overlay.threshold", number(self.threshold)),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        for config in &self.configs {
            for (param, value) in config.non_default_params() {
                let text = match value {
                    ParamValue::Number(x) => number(x),
                    ParamValue::Text(s) => s,
                    ParamValue::Bool(b) => b.to_string(),
                };
                pairs.push((format!("loss.{}.{param}", config.name().as_str()), text));
            }
        }
        pairs
    }

    /// Parses and checks one setting; a bad value leaves the setting as it was.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            "loss" => {
                self.current =
                    LossName::parse(value).ok_or_else(|| format!("\"{value}\" is not a loss"))?;
            }
            "brush.size" => self.brush.size = parse_in(value, 1.0, MAX_BRUSH_SIZE)?,
            "brush.prob" => self.brush.prob = parse_in(value, 0.0, 1.0)?,
            "brush.mode" => {
                self.brush.mode = match value {
                    "paint" => BrushMode::Paint,
                    "erase" => BrushMode::Erase,
                    _ => return Err(format!("\"{value}\" is not paint or erase")),
                }
            }
            "brush.layer" => {
                self.layer =
                    Layer::parse(value).ok_or_else(|| format!("\"{value}\" is not a layer"))?;
            }
            "overlay.threshold" => self.threshold = parse_in(value, 0.0, 1.0)?,
            _ => {
                let (loss, param) = key
                    .strip_prefix("loss.")
                    .and_then(|k| k.split_once('.'))
                    .ok_or("unknown key")?;
                let name = LossName::parse(loss).ok_or("unknown loss")?;
                let slot = LossName::ALL.iter().position(|&n| n == name).unwrap_or(0);
                let parsed = match value {
                    "true" => ParamValue::Bool(true),
                    "false" => ParamValue::Bool(false),
                    v if v.len() > MAX_NUMBER_CHARS => {
                        return Err(format!("a value of {} characters is too long", v.len()))
                    }
                    v => match v.parse::<f64>() {
                        Ok(x) if x.is_finite() => ParamValue::Number(x),
                        Ok(_) => return Err(format!("{v} is not a finite number")),
                        Err(_) => ParamValue::Text(v.to_string()),
                    },
                };
                let mut config = self.configs[slot];
                config.set(param, &parsed).map_err(|e| e.to_string())?;
                Loss::new(config).map_err(|e| e.to_string())?;
                self.configs[slot] = config;
            }
        }
        Ok(())
    }
}
