//! [`ClassBatch`]: the current image and its companions, `[B, C, H, W]` for the engine.
//!
//! Companions, always in this order after the current image: `empty` (all background),
//! `tiny` (only the tiniest class of the current scene, alone, at its area), `large` (class 1
//! alone, a centred object of 30 % of the image), `seed` (the same preset and classes drawn
//! with the next seed). Each is generated (never painted) and predicted by the current
//! scene's model, with the current scene's class count, so every image has the same `C`.

use super::scene::{generate, ClassScene, ClassSpec};
use crate::multiclass::McShape;
use crate::params::multiclass::McLossName;
use crate::params::ParamValue;
use std::fmt::Write;

/// A companion image of the batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Companion {
    /// All background.
    Empty,
    /// Only the tiniest class, a few pixels.
    Tiny,
    /// A large object of class 1.
    Large,
    /// The same preset with the next seed.
    Seed,
}

impl Companion {
    /// Every companion, in batch order.
    pub const ALL: [Companion; 4] =
        [Companion::Empty, Companion::Tiny, Companion::Large, Companion::Seed];

    /// The stable identifier (`empty`, `tiny`, `large`, `seed`).
    pub fn as_str(self) -> &'static str {
        match self {
            Companion::Empty => "empty",
            Companion::Tiny => "tiny",
            Companion::Large => "large",
            Companion::Seed => "seed",
        }
    }

    /// Parses [`Companion::as_str`].
    pub fn parse(s: &str) -> Option<Companion> {
        Companion::ALL.into_iter().find(|c| c.as_str() == s)
    }

    fn slot(self) -> usize {
        Companion::ALL.iter().position(|&c| c == self).unwrap_or(0)
    }
}

/// Which companions join the current image.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Companions([bool; 4]);

impl Companions {
    /// None: a batch of one.
    pub const NONE: Companions = Companions([false; 4]);

    /// Whether `c` is in.
    pub fn has(self, c: Companion) -> bool {
        self.0[c.slot()]
    }

    /// `c` in or out.
    pub fn set(&mut self, c: Companion, on: bool) {
        self.0[c.slot()] = on;
    }

    /// The companions in, in batch order.
    pub fn iter(self) -> impl Iterator<Item = Companion> {
        Companion::ALL.into_iter().filter(move |&c| self.has(c))
    }
}

/// What an image of the batch is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ImageKind {
    /// The scene being edited.
    Current,
    /// A companion.
    Companion(Companion),
}

impl ImageKind {
    /// `current` or the companion's identifier (the thumbnails' `data-companion`).
    pub fn as_str(self) -> &'static str {
        match self {
            ImageKind::Current => "current",
            ImageKind::Companion(c) => c.as_str(),
        }
    }
}

/// One image of the batch: its labels and predicted probabilities `[C, H, W]`.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassImage {
    /// What it is.
    pub kind: ImageKind,
    /// The label map.
    pub labels: Vec<u8>,
    /// The probabilities, `[C, H, W]`.
    pub prob: Vec<f64>,
}

/// The batch: the current image first, then the companions in [`Companion::ALL`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassBatch {
    side: usize,
    channels: usize,
    images: Vec<ClassImage>,
}

/// Share of the image the `large` companion's object covers.
pub const LARGE_SHARE: f64 = 0.3;

impl ClassBatch {
    /// The batch of `scene` with `companions`.
    pub fn new(scene: &ClassScene, companions: Companions) -> ClassBatch {
        let side = scene.side();
        let model = scene.model();
        let classes = scene.classes();
        let image = |kind: ImageKind, labels: Vec<u8>| {
            let prob = model.predict(&labels, side, classes);
            ClassImage { kind, labels, prob }
        };
        let mut images = vec![image(ImageKind::Current, scene.labels().to_vec())];
        for c in companions.iter() {
            images.push(image(ImageKind::Companion(c), companion_labels(scene, c)));
        }
        ClassBatch { side, channels: classes + 1, images }
    }

    /// The images, current first.
    pub fn images(&self) -> &[ClassImage] {
        &self.images
    }

    /// Side length of every image.
    pub fn side(&self) -> usize {
        self.side
    }

    /// `[B, C, H, W]`.
    pub fn shape(&self) -> McShape {
        McShape {
            images: self.images.len(),
            classes: self.channels,
            height: self.side,
            width: self.side,
        }
    }

    /// The labels of every image, `[B, H, W]`, as numbers (what `losslab eval` reads).
    pub fn labels(&self) -> Vec<f64> {
        self.images.iter().flat_map(|im| im.labels.iter().map(|&l| f64::from(l))).collect()
    }

    /// The engine's input: shape, one-hot target and probabilities, `[B, C, H, W]`.
    pub fn buffers(&self) -> (McShape, Vec<f64>, Vec<f64>) {
        let shape = self.shape();
        let mut target = vec![0.0; shape.len()];
        for (b, im) in self.images.iter().enumerate() {
            for (i, &l) in im.labels.iter().enumerate() {
                target[shape.at(b, usize::from(l), i)] = 1.0;
            }
        }
        let prob = self.images.iter().flat_map(|im| im.prob.iter().copied()).collect();
        (shape, target, prob)
    }

    /// The batch and one loss as a `losslab eval` case (`multiclass.md`): layout `BCHW`,
    /// `labels` `[B, H, W]`, `prob`, the loss and `params` as given (JSON numbers in Rust's
    /// shortest round-trip form, so the command reads the very same values).
    pub fn to_case_json(&self, loss: McLossName, params: &[(&str, ParamValue)]) -> String {
        let s = self.shape();
        let mut out = String::with_capacity(s.len() * 24 + 256);
        let _ = write!(
            out,
            "{{\"layout\":\"BCHW\",\"shape\":[{},{},{},{}],\"labels\":[",
            s.images, s.classes, s.height, s.width
        );
        for (k, im) in self.images.iter().flat_map(|im| im.labels.iter()).enumerate() {
            if k > 0 {
                out.push(',');
            }
            let _ = write!(out, "{im}");
        }
        out.push_str("],\"prob\":[");
        for (k, p) in self.images.iter().flat_map(|im| im.prob.iter()).enumerate() {
            if k > 0 {
                out.push(',');
            }
            let _ = write!(out, "{p}");
        }
        let _ = write!(out, "],\"loss\":\"{}\",\"params\":{{", loss.as_str());
        for (k, (key, value)) in params.iter().enumerate() {
            if k > 0 {
                out.push(',');
            }
            let key: String =
                key.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            let value = match value {
                ParamValue::Number(x) if x.is_finite() => format!("{x}"),
                ParamValue::Number(_) => "null".to_string(),
                ParamValue::Bool(b) => b.to_string(),
                ParamValue::Text(t) => {
                    let t: String = t.chars().filter(|c| !matches!(c, '"' | '\\')).collect();
                    format!("\"{t}\"")
                }
            };
            let _ = write!(out, "\"{key}\":{value}");
        }
        out.push_str("}}\n");
        out
    }
}

/// The tiniest present class of `scene`'s generator (smallest area, lower class on a tie).
pub fn tiniest_class(scene: &ClassScene) -> Option<usize> {
    (1..=scene.classes())
        .map(|c| (c, scene.spec(c).area))
        .filter(|&(_, a)| a > 0)
        .min_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)))
        .map(|(c, _)| c)
}

/// A companion's label map.
fn companion_labels(scene: &ClassScene, companion: Companion) -> Vec<u8> {
    let grid = scene.grid();
    match companion {
        Companion::Empty => vec![0; grid.pixels()],
        Companion::Tiny => match tiniest_class(scene) {
            Some(c) => generate(grid, &[(c, scene.spec(c))]),
            None => vec![0; grid.pixels()],
        },
        Companion::Large => {
            let area = (LARGE_SHARE * grid.pixels() as f64).round() as usize;
            let spec = ClassSpec { shape: scene.spec(1).shape, area, center_x: 0.5, center_y: 0.5 };
            generate(grid, &[(1, spec)])
        }
        Companion::Seed => {
            let mut other = scene.clone();
            other.set_seed(scene.seed().wrapping_add(1));
            other.labels
        }
    }
}
