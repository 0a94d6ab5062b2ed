//! The multi-class view's state in the link: keys `mc.*`, written only where they differ
//! from the defaults, so a link without them — every link from before the view — decodes
//! as it always did, and the default state adds nothing to a link.
//!
//! | key | value | default |
//! |-----|-------|---------|
//! | `mc.preset` | `organ-lesion`, `three-organs`, `lesions` | `organ-lesion` |
//! | `mc.grid`, `mc.seed`, `mc.classes` | 32–256, integer, 1–4 | 64, 0, 2 |
//! | `mc.c<k>.area`, `mc.c<k>.shape` | pixels, shape | the preset's |
//! | `mc.bg`, `mc.c<k>.confidence`, `mc.c<k>.shift`, `mc.c<k>.missing` | model | 0.9, 0.8, 0, 0 |
//! | `mc.companions` | `empty,tiny,large,seed` (any, comma-separated) | none |
//! | `mc.loss` | a multi-class loss | `dice` |
//! | `mc.activation`, `mc.include_background`, `mc.batch`, `mc.absent`, `mc.class_reduction` | the contract's words | the contract's |
//! | `mc.labels` | the painted label map: base64url of runs `(label, length)` as varints | absent unless painted |
//!
//! Keys arrive in any order: a painted map keeps its labels whatever generator key follows,
//! and a key that contradicts it (a grid of another size, a class count below a painted
//! class) is refused, whichever comes second.

use super::super::generate::Shape;
use super::super::grid::GridSize;
use super::batch::{ClassBatch, Companion, Companions};
use super::preset::{ClassPreset, CLASS_SHAPES, MAX_CLASSES};
use super::scene::ClassScene;
use crate::eval::BatchReduction;
use crate::multiclass::{McEvaluation, McInput};
use crate::params::multiclass::{
    Absent, Activation, Aggregation, ClassReduction, McConfig, McLossName, McParamError,
};
use crate::params::ParamValue;
use crate::share::rle::{put_varint, Reader};
use crate::share::{b64, number, parse_in, parse_int, MAX_NUMBER_CHARS};

/// Everything the multi-class view keeps: the scene, the batch's companions, the loss and
/// its aggregation.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassSettings {
    /// The scene (labels, generator, model).
    pub scene: ClassScene,
    /// The companions in the batch.
    pub companions: Companions,
    /// The multi-class loss.
    pub loss: McLossName,
    /// How the batch is aggregated.
    pub aggregation: Aggregation,
}

impl Default for ClassSettings {
    fn default() -> Self {
        ClassSettings {
            scene: ClassScene::default(),
            companions: Companions::NONE,
            loss: McLossName::Dice,
            aggregation: Aggregation::default(),
        }
    }
}

/// Per-class keys: area, shape, confidence, shift, missing.
const CLASS_KEYS: [[&str; 5]; MAX_CLASSES] = [
    ["mc.c1.area", "mc.c1.shape", "mc.c1.confidence", "mc.c1.shift", "mc.c1.missing"],
    ["mc.c2.area", "mc.c2.shape", "mc.c2.confidence", "mc.c2.shift", "mc.c2.missing"],
    ["mc.c3.area", "mc.c3.shape", "mc.c3.confidence", "mc.c3.shift", "mc.c3.missing"],
    ["mc.c4.area", "mc.c4.shape", "mc.c4.confidence", "mc.c4.shift", "mc.c4.missing"],
];

/// The link's prefix.
pub const PREFIX: &str = "mc";

fn batch_word(b: BatchReduction) -> &'static str {
    match b {
        BatchReduction::PerImage => "per_image",
        BatchReduction::Pooled => "pooled",
    }
}

fn flag(value: &str) -> Result<bool, String> {
    match value {
        "1" | "true" => Ok(true),
        "0" | "false" => Ok(false),
        _ => Err(format!("\"{value}\" is not 0 or 1")),
    }
}

impl ClassSettings {
    /// The `mc.*` pairs that differ from the defaults, in a fixed order (the label map last).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let s = &self.scene;
        let d = ClassSettings::default();
        let mut out: Vec<(&'static str, String)> = Vec::new();
        let mut put = |key: &'static str, value: String, default: String| {
            if value != default {
                out.push((key, value));
            }
        };
        put("mc.preset", s.preset.as_str().into(), d.scene.preset.as_str().into());
        put("mc.grid", s.side().to_string(), d.scene.side().to_string());
        put("mc.seed", s.seed.to_string(), "0".into());
        // Against the default's count, not the preset's: `mc.preset` alone never changes the
        // class count, so the keys read the same in any order.
        put("mc.classes", s.classes.to_string(), d.scene.classes.to_string());
        put("mc.bg", number(s.model.background), number(d.scene.model.background));
        for c in 1..=MAX_CLASSES {
            let [area, shape, confidence, shift, missing] = CLASS_KEYS[c - 1];
            let o = s.class_override(c);
            if let Some(a) = o.area {
                put(area, a.to_string(), String::new());
            }
            if let Some(sh) = o.shape {
                put(shape, sh.as_str().into(), String::new());
            }
            let (p, dp) = (s.model.class(c), d.scene.model.class(c));
            put(confidence, number(p.confidence), number(dp.confidence));
            put(shift, p.shift.to_string(), dp.shift.to_string());
            put(missing, u8::from(p.missing).to_string(), u8::from(dp.missing).to_string());
        }
        let companions: Vec<&str> = self.companions.iter().map(Companion::as_str).collect();
        put("mc.companions", companions.join(","), String::new());
        put("mc.loss", self.loss.as_str().into(), d.loss.as_str().into());
        let (a, da) = (self.aggregation, d.aggregation);
        put("mc.activation", a.activation.as_str().into(), da.activation.as_str().into());
        put(
            "mc.include_background",
            a.include_background.to_string(),
            da.include_background.to_string(),
        );
        put("mc.batch", batch_word(a.batch).into(), batch_word(da.batch).into());
        put("mc.absent", a.absent.as_str().into(), da.absent.as_str().into());
        put(
            "mc.class_reduction",
            a.class_reduction.as_str().into(),
            da.class_reduction.as_str().into(),
        );
        if s.painted {
            out.push(("mc.labels", b64::encode(&encode_labels(&s.labels))));
        }
        out
    }

    /// Reads one `mc.*` pair; a refused value leaves the state as it was.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), String> {
        let scene = &mut self.scene;
        match key {
            "mc.preset" => {
                scene.preset = ClassPreset::parse(value)
                    .ok_or_else(|| format!("\"{value}\" is not a preset"))?;
            }
            "mc.grid" => {
                let side = parse_int(value, 0, 4096)? as usize;
                let grid = GridSize::from_side(side)
                    .ok_or_else(|| format!("{side} is not a grid size (32, 64, 128, 256)"))?;
                if scene.painted && grid != scene.grid {
                    return Err(format!(
                        "the painted labels are {0} × {0}, not {side} × {side}",
                        scene.side()
                    ));
                }
                scene.grid = grid;
            }
            "mc.seed" => {
                if value.len() > MAX_NUMBER_CHARS {
                    return Err("the seed is too long".into());
                }
                scene.seed =
                    value.parse::<u64>().map_err(|_| format!("\"{value}\" is not a seed"))?;
            }
            "mc.classes" => {
                let classes = parse_int(value, 1, MAX_CLASSES as i64)? as usize;
                let top = scene.labels.iter().copied().max().unwrap_or(0);
                if scene.painted && usize::from(top) > classes {
                    return Err(format!("the painted labels use class {top}"));
                }
                scene.classes = classes;
            }
            "mc.bg" => scene.model.background = parse_in(value, 0.0, 1.0)?,
            "mc.companions" => {
                let mut companions = Companions::NONE;
                for word in value.split(',').filter(|w| !w.is_empty()) {
                    let c = Companion::parse(word)
                        .ok_or_else(|| format!("\"{word}\" is not a companion"))?;
                    companions.set(c, true);
                }
                self.companions = companions;
            }
            "mc.loss" => {
                self.loss = McLossName::parse(value)
                    .ok_or_else(|| format!("\"{value}\" is not a multi-class loss"))?;
            }
            "mc.activation" => {
                self.aggregation.activation = Activation::parse(value)
                    .ok_or_else(|| format!("\"{value}\" must be {}", Activation::allowed()))?;
            }
            "mc.include_background" => {
                self.aggregation.include_background = match value {
                    "true" | "1" => true,
                    "false" | "0" => false,
                    _ => return Err(format!("\"{value}\" is not true or false")),
                };
            }
            "mc.batch" => {
                self.aggregation.batch = match value {
                    "per_image" => BatchReduction::PerImage,
                    "pooled" => BatchReduction::Pooled,
                    _ => return Err(format!("\"{value}\" is not per_image or pooled")),
                };
            }
            "mc.absent" => {
                self.aggregation.absent = Absent::parse(value)
                    .ok_or_else(|| format!("\"{value}\" must be {}", Absent::allowed()))?;
            }
            "mc.class_reduction" => {
                self.aggregation.class_reduction = ClassReduction::parse(value)
                    .ok_or_else(|| format!("\"{value}\" must be {}", ClassReduction::allowed()))?;
            }
            "mc.labels" => {
                let bytes = b64::decode(value).ok_or("not valid base64url")?;
                let labels = decode_labels(&bytes)?;
                let side = GridSize::ALL
                    .into_iter()
                    .find(|g| g.pixels() == labels.len())
                    .ok_or_else(|| format!("{} labels are not a square grid", labels.len()))?;
                if side != scene.grid {
                    return Err(format!(
                        "the labels are {0} × {0}, the grid is {1} × {1}",
                        side.side(),
                        scene.side()
                    ));
                }
                let top = labels.iter().copied().max().unwrap_or(0);
                if usize::from(top) > scene.classes {
                    return Err(format!(
                        "the labels use class {top}, the scene has {} classes",
                        scene.classes
                    ));
                }
                scene.labels = labels;
                scene.painted = true;
            }
            _ => return self.apply_class(key, value),
        }
        self.scene.refresh();
        Ok(())
    }

    /// One `mc.c<k>.*` key.
    fn apply_class(&mut self, key: &str, value: &str) -> Result<(), String> {
        let (c, field) = CLASS_KEYS
            .iter()
            .enumerate()
            .find_map(|(c, keys)| keys.iter().position(|k| *k == key).map(|f| (c, f)))
            .ok_or("unknown key")?;
        let scene = &mut self.scene;
        let shift = i64::from(super::super::predict::MAX_SHIFT);
        match field {
            0 => {
                let max = GridSize::S256.max_area() as i64;
                scene.overrides[c].area = Some(parse_int(value, 0, max)? as usize);
            }
            1 => {
                let shape = Shape::parse(value)
                    .filter(|s| CLASS_SHAPES.contains(s))
                    .ok_or_else(|| format!("\"{value}\" is not a class shape"))?;
                scene.overrides[c].shape = Some(shape);
            }
            2 => scene.model.classes[c].confidence = parse_in(value, 0.0, 1.0)?,
            3 => scene.model.classes[c].shift = parse_int(value, -shift, shift)? as i32,
            _ => scene.model.classes[c].missing = flag(value)?,
        }
        scene.refresh();
        Ok(())
    }

    /// The loss's parameters as `losslab eval` takes them: the aggregation keys that apply
    /// to it (`batch` only with a region part, `absent` not for generalized Dice, whose
    /// `absent` is its own), its own parameters at their defaults.
    pub fn params(&self) -> Vec<(&'static str, ParamValue)> {
        let a = self.aggregation;
        let mut params = vec![
            ("activation", ParamValue::Text(a.activation.as_str().into())),
            ("include_background", ParamValue::Bool(a.include_background)),
        ];
        if self.loss.has_region_part() {
            params.push(("batch", ParamValue::Text(batch_word(a.batch).into())));
            if self.loss != McLossName::GeneralizedDice {
                params.push(("absent", ParamValue::Text(a.absent.as_str().into())));
            }
            params.push(("class_reduction", ParamValue::Text(a.class_reduction.as_str().into())));
        }
        params
    }

    /// The loss for the scene's channel count, or why the aggregation does not fit it
    /// (`ce` without background, a sigmoid with a CE part, …).
    pub fn config(&self) -> Result<McConfig, McParamError> {
        McConfig::from_params(self.loss, self.scene.channels(), &self.params(), None)
    }

    /// The batch the settings describe.
    pub fn batch(&self) -> ClassBatch {
        ClassBatch::new(&self.scene, self.companions)
    }

    /// The loss evaluated on `batch` (which must be [`ClassSettings::batch`]), or the
    /// parameter it refuses (an input error, never expected from a batch, names its field).
    pub fn evaluate(&self, batch: &ClassBatch) -> Result<McEvaluation, McParamError> {
        let config = self.config()?;
        let (shape, target, prob) = batch.buffers();
        let input = McInput::new(shape, &target, &prob, config.aggregation.activation)
            .map_err(|e| McParamError { key: e.field.to_string(), message: e.message })?;
        Ok(config.evaluate(input))
    }
}

/// Most pixels a label map holds (256 × 256).
const MAX_LABEL_PIXELS: u64 = 1 << 16;

/// Runs `(label, length)` as varints.
pub fn encode_labels(labels: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < labels.len() {
        let l = labels[i];
        let run = labels[i..].iter().take_while(|&&x| x == l).count();
        put_varint(&mut out, u64::from(l));
        put_varint(&mut out, run as u64);
        i += run;
    }
    out
}

/// Reads [`encode_labels`]: every label at most [`MAX_CLASSES`], every run at least 1, at
/// most 256 × 256 pixels in all (checked before allocating).
pub fn decode_labels(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::new();
    while r.left() > 0 {
        let label = r.varint()?;
        let run = r.varint()?;
        if label > MAX_CLASSES as u64 {
            return Err(format!("label {label} is not a class (0 … {MAX_CLASSES})"));
        }
        if run == 0 || run > MAX_LABEL_PIXELS - out.len() as u64 {
            return Err(format!("runs must be ≥ 1 and cover at most {MAX_LABEL_PIXELS} pixels"));
        }
        out.resize(out.len() + run as usize, label as u8);
    }
    Ok(out)
}
