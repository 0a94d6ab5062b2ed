//! Figures of a race: thresholded validation metrics and the roughness of a curve.

/// Validation metrics at threshold 0.5, pooled over every pixel of the validation set.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Metrics {
    /// `2TP / (2TP + FP + FN)`; 1 when there is no ship pixel and none is predicted.
    pub dice: f64,
    /// `TP / (TP + FP + FN)`; 1 when there is no ship pixel and none is predicted.
    pub iou: f64,
    /// `TP / (TP + FP)`; 0 when no pixel is predicted as ship.
    pub precision: f64,
    /// `TP / (TP + FN)`; 0 when there is no ship pixel.
    pub recall: f64,
}

/// Hard counts of one or more images.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HardCounts {
    /// Ship pixels predicted as ship.
    pub tp: u64,
    /// Sea pixels predicted as ship.
    pub fp: u64,
    /// Ship pixels predicted as sea.
    pub false_neg: u64,
}

impl HardCounts {
    /// Adds an image: `ship` where `mask ≥ 0.5`, predicted ship where `logit ≥ 0` (`p ≥ 0.5`).
    pub fn add(&mut self, mask: &[f32], logit: &[f32]) {
        for (&m, &z) in mask.iter().zip(logit) {
            match (m >= 0.5, z >= 0.0) {
                (true, true) => self.tp += 1,
                (false, true) => self.fp += 1,
                (true, false) => self.false_neg += 1,
                (false, false) => {}
            }
        }
    }

    /// The metrics of these counts.
    pub fn metrics(&self) -> Metrics {
        let (tp, fp, fnn) = (self.tp as f64, self.fp as f64, self.false_neg as f64);
        let ratio = |num: f64, den: f64, empty: f64| if den > 0.0 { num / den } else { empty };
        Metrics {
            dice: ratio(2.0 * tp, 2.0 * tp + fp + fnn, 1.0),
            iou: ratio(tp, tp + fp + fnn, 1.0),
            precision: ratio(tp, tp + fp, 0.0),
            recall: ratio(tp, tp + fnn, 0.0),
        }
    }
}

/// Mean absolute step-to-step change of `curve` relative to its range (`max − min`):
/// near 0 for a smooth glide, up to 1 for a curve that jumps across its whole range every
/// step. Non-finite points are skipped; 0 for a flat curve or fewer than two points.
pub fn roughness(curve: &[f64]) -> f64 {
    let finite: Vec<f64> = curve.iter().copied().filter(|v| v.is_finite()).collect();
    if finite.len() < 2 {
        return 0.0;
    }
    let (lo, hi) =
        finite.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| (l.min(v), h.max(v)));
    let range = hi - lo;
    if range <= 0.0 {
        return 0.0;
    }
    let steps: f64 = finite.windows(2).map(|w| (w[1] - w[0]).abs()).sum();
    steps / (finite.len() - 1) as f64 / range
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_by_hand() {
        // mask 1 1 0 0, logits + − + −: TP 1, FN 1, FP 1 → Dice 2/4, IoU 1/3, P 1/2, R 1/2.
        let mut c = HardCounts::default();
        c.add(&[1.0, 1.0, 0.0, 0.0], &[1.0, -1.0, 0.5, -3.0]);
        let m = c.metrics();
        assert_eq!((m.dice, m.iou, m.precision, m.recall), (0.5, 1.0 / 3.0, 0.5, 0.5));
        let none = HardCounts::default().metrics();
        assert_eq!((none.dice, none.iou, none.precision, none.recall), (1.0, 1.0, 0.0, 0.0));
    }

    #[test]
    fn roughness_by_hand() {
        // A straight line from 1 to 0 in 4 steps: each step 0.25 of a range of 1.
        assert_eq!(roughness(&[1.0, 0.75, 0.5, 0.25, 0.0]), 0.25);
        // Alternating 0, 1: every step crosses the whole range.
        assert_eq!(roughness(&[0.0, 1.0, 0.0, 1.0]), 1.0);
        assert_eq!(roughness(&[2.0, 2.0]), 0.0);
        assert_eq!(roughness(&[1.0]), 0.0);
    }
}
