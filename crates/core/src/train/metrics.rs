//! Figures of a race: thresholded validation metrics, the threshold-free average precision,
//! and the roughness of a curve; for the multi-class race, the scores of each class at
//! argmax.

use super::classes::{CLASSES, SHIP};

/// Validation metrics, pooled over every pixel of the validation set: Dice, IoU, precision
/// and recall at threshold 0.5, and the average precision over every threshold.
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
    /// Average precision over every threshold ([`average_precision`] of the pixels' scores):
    /// how well the network ranks ship pixels above sea, whatever the threshold; 0 when there
    /// is no ship pixel.
    pub ap: f64,
    /// The multi-class race: each class's scores (`classes` 0 for a binary runner).
    pub classes: ClassScores,
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
            self.count(m >= 0.5, z >= 0.0);
        }
    }

    /// Adds an image given as probabilities: `target ≥ 0.5` is a ship, `prob ≥ 0.5` predicted
    /// as one (the "Your data" view's and `losslab dataset`'s metrics).
    pub fn add_prob(&mut self, target: &[f64], prob: &[f64]) {
        for (&y, &p) in target.iter().zip(prob) {
            self.count(y >= 0.5, p >= 0.5);
        }
    }

    /// Counts one pixel: whether it is a ship, whether it is predicted as one.
    fn count(&mut self, is_object: bool, predicted: bool) {
        match (is_object, predicted) {
            (true, true) => self.tp += 1,
            (false, true) => self.fp += 1,
            (true, false) => self.false_neg += 1,
            (false, false) => {}
        }
    }

    /// The metrics of these counts, with the average precision `ap` measured beside them.
    pub fn metrics(&self, ap: f64) -> Metrics {
        let (tp, fp, fnn) = (self.tp as f64, self.fp as f64, self.false_neg as f64);
        let ratio = |num: f64, den: f64, empty: f64| if den > 0.0 { num / den } else { empty };
        Metrics {
            dice: ratio(2.0 * tp, 2.0 * tp + fp + fnn, 1.0),
            iou: ratio(tp, tp + fp + fnn, 1.0),
            precision: ratio(tp, tp + fp, 0.0),
            recall: ratio(tp, tp + fnn, 0.0),
            ap,
            classes: ClassScores::default(),
        }
    }
}

/// Average precision of `(score, is_ship)` pixels, scikit-learn's `average_precision_score`:
/// the step-wise area under the precision–recall curve, `Σₖ (Rₖ − Rₖ₋₁)·Pₖ` over the distinct
/// scores in decreasing order (tied scores form one threshold), `Pₖ`, `Rₖ` the precision and
/// recall of calling ship every pixel scored at least the k-th score. No interpolation. 0 when
/// no pixel is a ship; a NaN score ranks below every number.
///
/// Only thresholds at a ship pixel's score move the recall, so only those are visited: the
/// ship scores are sorted (a few dozen on the extreme data), and each sea pixel is counted at
/// the first of them it reaches (a binary search), O(n log ships) rather than a sort of every
/// pixel. Reorders `pixels` (the ships first).
pub fn average_precision(pixels: &mut [(f32, bool)]) -> f64 {
    let total = pixels.len();
    let mut ships = 0;
    for i in 0..total {
        if pixels[i].1 {
            pixels.swap(i, ships);
            ships += 1;
        }
    }
    if ships == 0 {
        return 0.0;
    }
    let (ship_part, sea) = pixels.split_at_mut(ships);
    // Numeric ship scores, decreasing; NaN ones last.
    ship_part.sort_unstable_by(|a, b| match (a.0.is_nan(), b.0.is_nan()) {
        (false, false) => b.0.total_cmp(&a.0),
        (x, y) => x.cmp(&y),
    });
    let numeric = ship_part.iter().take_while(|p| !p.0.is_nan()).count();
    // Distinct ship scores (the thresholds) and how many ship pixels each has.
    let mut thresholds: Vec<(f32, usize)> = Vec::new();
    for p in &ship_part[..numeric] {
        match thresholds.last_mut() {
            Some(last) if last.0 == p.0 => last.1 += 1,
            _ => thresholds.push((p.0, 1)),
        }
    }
    // Sea pixels reaching each threshold first: the first threshold `≤` their score.
    let mut first_reached = vec![0usize; thresholds.len() + 1];
    for p in sea.iter() {
        let j =
            if p.0.is_nan() { thresholds.len() } else { thresholds.partition_point(|t| t.0 > p.0) };
        first_reached[j] += 1;
    }
    let (mut tp, mut fp, mut ap) = (0usize, 0usize, 0.0f64);
    for (j, &(_, count)) in thresholds.iter().enumerate() {
        tp += count;
        fp += first_reached[j];
        ap += count as f64 / ships as f64 * (tp as f64 / (tp + fp) as f64);
    }
    // Ship pixels scored NaN are found only at the last threshold: every pixel called ship.
    let nan_ships = ships - numeric;
    if nan_ships > 0 {
        ap += nan_ships as f64 / ships as f64 * (ships as f64 / total as f64);
    }
    ap
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

/// Per-class scores at argmax, pooled over the validation set.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ClassScores {
    /// Classes scored (0 for a binary runner).
    pub classes: usize,
    /// `2TP / (2TP + FP + FN)` of each class; 1 when it has no pixel and none is predicted.
    pub dice: [f64; CLASSES],
    /// `TP / (TP + FP + FN)` of each class; 1 likewise.
    pub iou: [f64; CLASSES],
}

impl ClassScores {
    /// Class `c`'s Dice, if scored.
    pub fn dice(&self, c: usize) -> Option<f64> {
        (c < self.classes).then(|| self.dice[c])
    }
}

/// Hard counts per class at argmax of one or more images.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClassCounts {
    /// Pixels of the class predicted as it.
    pub tp: [u64; CLASSES],
    /// Pixels of another class predicted as it.
    pub fp: [u64; CLASSES],
    /// Pixels of the class predicted as another.
    pub false_neg: [u64; CLASSES],
}

/// The argmax class of pixel `i` of `C` logit planes of `n` pixels (the lower index on a
/// tie; a NaN logit never wins).
pub fn argmax(logits: &[f32], n: usize, classes: usize, i: usize) -> usize {
    let mut best = 0;
    for c in 1..classes {
        if logits[c * n + i] > logits[best * n + i] || logits[best * n + i].is_nan() {
            best = c;
        }
    }
    best
}

impl ClassCounts {
    /// Adds an image: its `labels` and its `C` logit planes.
    pub fn add(&mut self, labels: &[u8], logits: &[f32], classes: usize) {
        let n = labels.len();
        for (i, &l) in labels.iter().enumerate() {
            let (truth, said) = ((l as usize).min(classes - 1), argmax(logits, n, classes, i));
            if truth == said {
                self.tp[truth] += 1;
            } else {
                self.fp[said] += 1;
                self.false_neg[truth] += 1;
            }
        }
    }

    /// The scores of these counts for `classes` classes.
    pub fn scores(&self, classes: usize) -> ClassScores {
        let mut out = ClassScores { classes: classes.min(CLASSES), ..ClassScores::default() };
        for c in 0..out.classes {
            let (tp, fp, fnn) = (self.tp[c] as f64, self.fp[c] as f64, self.false_neg[c] as f64);
            let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { 1.0 };
            out.dice[c] = ratio(2.0 * tp, 2.0 * tp + fp + fnn);
            out.iou[c] = ratio(tp, tp + fp + fnn);
        }
        out
    }

    /// The race's metrics: Dice and IoU the means over the foreground classes (1 … C − 1),
    /// precision and recall the ships', `ap` (the ships' average precision) as measured
    /// beside them, and every class's scores.
    pub fn metrics(&self, classes: usize, ap: f64) -> Metrics {
        let scores = self.scores(classes);
        let fg = 1..scores.classes;
        let mean = |v: &[f64; CLASSES]| v[fg.clone()].iter().sum::<f64>() / fg.len().max(1) as f64;
        let (tp, fp, fnn) =
            (self.tp[SHIP] as f64, self.fp[SHIP] as f64, self.false_neg[SHIP] as f64);
        let ratio = |num: f64, den: f64| if den > 0.0 { num / den } else { 0.0 };
        Metrics {
            dice: mean(&scores.dice),
            iou: mean(&scores.iou),
            precision: ratio(tp, tp + fp),
            recall: ratio(tp, tp + fnn),
            ap,
            classes: scores,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metrics_by_hand() {
        // mask 1 1 0 0, logits + − + −: TP 1, FN 1, FP 1 → Dice 2/4, IoU 1/3, P 1/2, R 1/2.
        let mut c = HardCounts::default();
        c.add(&[1.0, 1.0, 0.0, 0.0], &[1.0, -1.0, 0.5, -3.0]);
        let m = c.metrics(0.25);
        assert_eq!((m.dice, m.iou, m.precision, m.recall, m.ap), (0.5, 1.0 / 3.0, 0.5, 0.5, 0.25));
        let none = HardCounts::default().metrics(0.0);
        assert_eq!((none.dice, none.iou, none.precision, none.recall), (1.0, 1.0, 0.0, 0.0));
    }

    #[test]
    fn probabilities_count_as_their_logits_do_at_the_threshold() {
        // target 1 1 0 0 0 1, prob 0.5 0.49 0.5 0.2 0.9 1: TP 2 (p = 0.5 is called a ship),
        // FN 1, FP 2; the same pixels as logits (σ⁻¹: 0 is p = 0.5) give the same counts.
        let (target, prob) = ([1.0, 1.0, 0.0, 0.0, 0.0, 1.0], [0.5, 0.49, 0.5, 0.2, 0.9, 1.0]);
        let mut by_prob = HardCounts::default();
        by_prob.add_prob(&target, &prob);
        assert_eq!(by_prob, HardCounts { tp: 2, fp: 2, false_neg: 1 });
        let mut by_logit = HardCounts::default();
        by_logit.add(&[1.0, 1.0, 0.0, 0.0, 0.0, 1.0], &[0.0, -0.04, 0.0, -1.4, 2.2, 30.0]);
        assert_eq!(by_logit, by_prob);
    }

    fn ap(pixels: &[(f32, bool)]) -> f64 {
        average_precision(&mut pixels.to_vec())
    }

    #[test]
    fn average_precision_by_hand() {
        // scikit-learn's docstring example: y_true [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8]
        // gives 0.83 (0.8333…). By hand: in decreasing order 0.8 (ship): R ½, P 1; 0.4 (sea):
        // R ½, P ½ (recall unchanged, adds 0); 0.35 (ship): R 1, P ⅔; 0.1 (sea): R 1.
        // AP = ½·1 + ½·⅔ = 5/6.
        let doc = [(0.1, false), (0.4, false), (0.35, true), (0.8, true)];
        assert!((ap(&doc) - 5.0 / 6.0).abs() < 1e-15, "{}", ap(&doc));
        // Ties form one threshold: scores 0.5, 0.5, 0.5 (ship, sea, ship) then 0.1 (sea):
        // one step to R 1 at P ⅔ → AP ⅔ (ranking the ships first inside the tie would give 1).
        let tied = [(0.5, true), (0.5, false), (0.5, true), (0.1, false)];
        assert!((ap(&tied) - 2.0 / 3.0).abs() < 1e-15, "{}", ap(&tied));
        // A perfect ranking is 1 whatever the scores' scale (logits here); the worst ranking
        // of one ship among three sea pixels is its precision at full recall, ¼.
        assert_eq!(ap(&[(-3.0, false), (2.0, true), (-1.0, false), (5.0, true)]), 1.0);
        assert_eq!(ap(&[(3.0, false), (-2.0, true), (1.0, false), (0.5, false)]), 0.25);
        assert_eq!(ap(&[(0.2, false), (0.1, false)]), 0.0, "no ship pixel: 0");
        // Three ships, two sea pixels: ship 0.9, sea 0.8, ship 0.7, sea 0.6, ship 0.5.
        // R ⅓ at P 1; R ⅔ at P ⅔; R 1 at P ⅗ → AP = ⅓·1 + ⅓·⅔ + ⅓·⅗ = (15 + 10 + 9)/45 = 34/45.
        let five = [(0.9, true), (0.8, false), (0.7, true), (0.6, false), (0.5, true)];
        assert!((ap(&five) - 34.0 / 45.0).abs() < 1e-15, "{}", ap(&five));
    }

    /// The definition written out directly: for each distinct score t, in decreasing order,
    /// the precision and recall of `score ≥ t` by counting every pixel (O(n²)).
    fn ap_by_definition(pixels: &[(f32, bool)]) -> f64 {
        let positives = pixels.iter().filter(|p| p.1).count() as f64;
        let mut scores: Vec<f32> = pixels.iter().map(|p| p.0).collect();
        scores.sort_by(|a, b| b.total_cmp(a));
        scores.dedup();
        let (mut ap, mut last_recall) = (0.0, 0.0);
        for t in scores {
            let called: Vec<&(f32, bool)> = pixels.iter().filter(|p| p.0 >= t).collect();
            let tp = called.iter().filter(|p| p.1).count() as f64;
            let recall = tp / positives;
            ap += (recall - last_recall) * tp / called.len() as f64;
            last_recall = recall;
        }
        ap
    }

    #[test]
    fn average_precision_matches_the_definition_on_scores_with_ties() {
        let mut rng = crate::train::Pcg32::new(9, 1);
        for case in 0..50 {
            let n = 5 + rng.below(60);
            // Scores on a coarse grid (many ties), ships more likely at high scores.
            let pixels: Vec<(f32, bool)> = (0..n)
                .map(|_| {
                    let s = rng.below(12) as f32 / 4.0 - 1.0;
                    (s, rng.unit() < 0.15 + 0.1 * s.max(0.0))
                })
                .collect();
            if !pixels.iter().any(|p| p.1) {
                continue;
            }
            let (fast, slow) = (ap(&pixels), ap_by_definition(&pixels));
            assert!((fast - slow).abs() < 1e-12, "case {case}: {fast} vs {slow}: {pixels:?}");
        }
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

    #[test]
    fn class_scores_by_hand() {
        // 4 pixels, labels 0 1 2 2; logits argmax 0 1 1 2 (pixel 2: class 1 wins).
        // class 0: TP 1 → Dice 1; class 1: TP 1, FP 1 → 2/3; class 2: TP 1, FN 1 → 2/3.
        // Foreground mean Dice 2/3; IoU 1/2 each; ship precision 1, recall 1/2.
        let labels = [0u8, 1, 2, 2];
        let logits = [
            5.0, 0.0, 0.0, 0.0, // class 0
            0.0, 5.0, 3.0, 0.0, // class 1
            0.0, 0.0, 1.0, 5.0, // class 2
        ];
        let mut c = ClassCounts::default();
        c.add(&labels, &logits, 3);
        let m = c.metrics(3, 0.5);
        assert_eq!(m.classes.dice, [1.0, 2.0 / 3.0, 2.0 / 3.0]);
        assert_eq!(m.classes.iou, [1.0, 0.5, 0.5]);
        assert!((m.dice - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!((m.iou, m.precision, m.recall, m.ap), (0.5, 1.0, 0.5, 0.5));
        // A tie goes to the lower class.
        assert_eq!(argmax(&[1.0, 1.0], 1, 2, 0), 0);
    }
}
