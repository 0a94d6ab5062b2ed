//! The multi-class prediction model: per class a confidence, a shift and whether the model
//! misses the class altogether; a background confidence.
//!
//! ```text
//! k(i) = the class whose (shifted) pixels cover i, the highest class winning; 0 elsewhere
//!        (a missing class covers nothing: its pixels are predicted as background)
//! k(i) = 0:  p[0] = bg,        p[c ≥ 1] = (1 − bg)/classes
//! k(i) = c:  p[c] = conf[c],   p[c' ≠ c] = (1 − conf[c])/classes
//! then each pixel is divided by its sum (1 up to rounding): a proper softmax over C channels
//! ```

use super::super::predict::MAX_SHIFT;
use super::preset::MAX_CLASSES;

/// The model's prediction of one foreground class.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassPrediction {
    /// The softmax mass on the class's own (predicted) pixels, in `[0, 1]`.
    pub confidence: f64,
    /// Moves the predicted object to the right by this many pixels (left if negative).
    pub shift: i32,
    /// The class is never predicted: its pixels get the background's prediction.
    pub missing: bool,
}

impl Default for ClassPrediction {
    fn default() -> Self {
        ClassPrediction { confidence: 0.8, shift: 0, missing: false }
    }
}

/// The model of a multi-class prediction.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClassModel {
    /// The background's probability on background pixels, in `[0, 1]`.
    pub background: f64,
    /// Classes 1 … 4.
    pub classes: [ClassPrediction; MAX_CLASSES],
}

impl Default for ClassModel {
    fn default() -> Self {
        ClassModel { background: 0.9, classes: [ClassPrediction::default(); MAX_CLASSES] }
    }
}

/// `x` in `[0, 1]` (NaN becomes 0).
fn unit(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, 1.0)
    }
}

impl ClassModel {
    /// The model with every number in range (confidences in `[0, 1]`, shifts within
    /// ±[`MAX_SHIFT`]).
    pub fn clamped(mut self) -> ClassModel {
        self.background = unit(self.background);
        for p in &mut self.classes {
            p.confidence = unit(p.confidence);
            p.shift = p.shift.clamp(-MAX_SHIFT, MAX_SHIFT);
        }
        self
    }

    /// Class `c`'s (1-based) prediction.
    pub fn class(&self, c: usize) -> ClassPrediction {
        self.classes[c.clamp(1, MAX_CLASSES) - 1]
    }

    /// The predicted class of each pixel, `k(i)` above.
    pub fn predicted_classes(&self, labels: &[u8], side: usize, classes: usize) -> Vec<u8> {
        let mut k = vec![0u8; labels.len()];
        for c in 1..=classes.min(MAX_CLASSES) {
            let p = self.class(c);
            if p.missing {
                continue;
            }
            for (i, _) in labels.iter().enumerate().filter(|(_, &l)| usize::from(l) == c) {
                let x = (i % side) as i64 + i64::from(p.shift);
                if (0..side as i64).contains(&x) {
                    k[(i / side) * side + x as usize] = c as u8;
                }
            }
        }
        k
    }

    /// The probabilities `[C, H, W]`, `C = classes + 1`, of a label map on a `side × side`
    /// grid.
    pub fn predict(&self, labels: &[u8], side: usize, classes: usize) -> Vec<f64> {
        let classes = classes.clamp(1, MAX_CLASSES);
        let channels = classes + 1;
        let n = labels.len();
        let k = self.predicted_classes(labels, side, classes);
        let mut prob = vec![0.0; channels * n];
        let mut row = vec![0.0; channels];
        for (i, &ki) in k.iter().enumerate() {
            let ki = usize::from(ki);
            let own = if ki == 0 { unit(self.background) } else { unit(self.class(ki).confidence) };
            let share = (1.0 - own) / classes as f64;
            row.iter_mut().for_each(|p| *p = share);
            row[ki] = own;
            let sum: f64 = row.iter().sum();
            for (c, &p) in row.iter().enumerate() {
                prob[c * n + i] = p / sum;
            }
        }
        prob
    }
}
