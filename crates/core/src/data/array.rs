//! A decoded array, and a target–prediction pair made of two of them.

use super::limits::show;
use crate::sigmoid;

/// What the stored values are, which decides how they become a target or a prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Kind {
    /// Booleans (0 or 1).
    Bool,
    /// Integers (a mask or a label map).
    Integer,
    /// Floating point (probabilities, logits or a soft target).
    Float,
    /// A PNG's samples; `max` is `2^depth − 1` (255 or 65535).
    Png {
        /// The largest sample of the bit depth.
        max: f64,
    },
}

/// A decoded file: its shape (`[H, W]` or `[D, H, W]`, row-major) and its values in f64.
#[derive(Debug, Clone, PartialEq)]
pub struct Array {
    /// `[H, W]` or `[D, H, W]`.
    pub shape: Vec<usize>,
    /// The values as stored (NIfTI floats after `scl_slope`/`scl_inter`), row-major.
    pub values: Vec<f64>,
    /// What they are.
    pub kind: Kind,
}

impl Array {
    /// `[i, j]` or `[d, i, j]` of a row-major index, for messages.
    fn at(&self, index: usize) -> String {
        let mut rest = index;
        let mut coords = vec![0; self.shape.len()];
        for (c, &d) in coords.iter_mut().zip(&self.shape).rev() {
            *c = rest % d;
            rest /= d;
        }
        format!("{coords:?}")
    }

    fn first_not_finite(&self) -> Result<(), String> {
        match self.values.iter().position(|v| !v.is_finite()) {
            Some(i) => Err(format!("value {} at {} is not finite", self.values[i], self.at(i))),
            None => Ok(()),
        }
    }

    /// The target: foreground (1) where nonzero; a floating-point target in [0, 1] as is.
    pub fn to_target(&self) -> Result<Vec<f64>, String> {
        if self.kind == Kind::Float {
            self.first_not_finite()?;
            if let Some(i) = self.values.iter().position(|v| !(0.0..=1.0).contains(v)) {
                return Err(format!(
                    "target value {} at {} is outside [0, 1] (a label map must be stored as \
                     integers)",
                    self.values[i],
                    self.at(i)
                ));
            }
            return Ok(self.values.clone());
        }
        Ok(self.values.iter().map(|&v| if v != 0.0 { 1.0 } else { 0.0 }).collect())
    }

    /// The prediction's probabilities, and its logits when `logits` and the values are
    /// floating point (then `prob = σ(z)`).
    pub fn to_prediction(&self, logits: bool) -> Result<(Vec<f64>, Option<Vec<f64>>), String> {
        match self.kind {
            Kind::Png { max } => Ok((self.values.iter().map(|v| v / max).collect(), None)),
            Kind::Bool => Ok((self.values.clone(), None)),
            Kind::Integer => match self.values.iter().position(|&v| v != 0.0 && v != 1.0) {
                Some(i) => Err(format!(
                    "integer prediction value {} at {}: an integer prediction must be a 0/1 \
                     mask (store probabilities as float32 or float64)",
                    self.values[i],
                    self.at(i)
                )),
                None => Ok((self.values.clone(), None)),
            },
            Kind::Float => {
                self.first_not_finite()?;
                if logits {
                    let prob = self.values.iter().map(|&z| sigmoid(z)).collect();
                    return Ok((prob, Some(self.values.clone())));
                }
                match self.values.iter().position(|v| !(0.0..=1.0).contains(v)) {
                    Some(i) => Err(format!(
                        "probability {} at {} is outside [0, 1] (logits? say so: --logits, or \
                         the \"logits\" switch)",
                        self.values[i],
                        self.at(i)
                    )),
                    None => Ok((self.values.clone(), None)),
                }
            }
        }
    }
}

/// A target and a prediction of the same shape, ready to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub struct Pair {
    /// The pair's name (the files' stem).
    pub name: String,
    /// `[H, W]` or `[D, H, W]`.
    pub shape: Vec<usize>,
    /// Target values in [0, 1].
    pub target: Vec<f64>,
    /// Probabilities in [0, 1].
    pub prob: Vec<f64>,
    /// The logits, when the prediction was given as logits.
    pub logit: Option<Vec<f64>>,
}

impl Pair {
    /// Pairs a decoded target and prediction; the error says which side and why.
    pub fn new(name: &str, target: &Array, pred: &Array, logits: bool) -> Result<Pair, String> {
        if target.shape != pred.shape {
            return Err(format!(
                "shapes differ: the target is {} but the prediction is {}",
                show(&target.shape),
                show(&pred.shape)
            ));
        }
        let y = target.to_target().map_err(|e| format!("target: {e}"))?;
        let (prob, logit) = pred.to_prediction(logits).map_err(|e| format!("prediction: {e}"))?;
        Ok(Pair { name: name.to_string(), shape: target.shape.clone(), target: y, prob, logit })
    }

    /// Rows and columns of one plane, and the number of planes.
    pub fn planes(&self) -> (usize, usize, usize) {
        match self.shape[..] {
            [d, h, w] => (d, h, w),
            [h, w] => (1, h, w),
            _ => (1, 1, self.target.len()),
        }
    }
}
