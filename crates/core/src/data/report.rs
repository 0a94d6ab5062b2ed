//! Every loss on each pair, the thresholded metrics, each image's share of the batch
//! gradient, and the summary by object-size bin.

use super::array::Pair;
use crate::train::HardCounts;
use crate::{Binary, Evaluation, Loss, LossName};

/// One loss on one image.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LossValue {
    /// The loss.
    pub loss: LossName,
    /// Its value.
    pub value: f64,
    /// `Σ |∂L/∂z|` over the image's pixels: its weight in a batch's gradient.
    pub grad_l1: f64,
}

/// Thresholded metrics at `p ≥ 0.5` (a target pixel is `y ≥ 0.5`), as the race reports them:
/// Dice and IoU are 1 when neither target nor prediction has a pixel, precision is 0 with no
/// predicted pixel, recall 0 with no target pixel.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// `2TP / (2TP + FP + FN)`.
    pub dice: f64,
    /// `TP / (TP + FP + FN)`.
    pub iou: f64,
    /// `TP / (TP + FP)`.
    pub precision: f64,
    /// `TP / (TP + FN)`.
    pub recall: f64,
}

impl Scores {
    fn of(target: &[f64], prob: &[f64]) -> Scores {
        let mut counts = HardCounts::default();
        counts.add_prob(target, prob);
        let m = counts.metrics(0.0);
        Scores { dice: m.dice, iou: m.iou, precision: m.precision, recall: m.recall }
    }
}

/// What the table shows of one image (or one plane of a volume).
#[derive(Debug, Clone, PartialEq)]
pub struct ImageReport {
    /// The pair's name.
    pub name: String,
    /// `[H, W]` or `[D, H, W]`.
    pub shape: Vec<usize>,
    /// Pixels (voxels).
    pub pixels: usize,
    /// Target pixels (`y ≥ 0.5`).
    pub target_pixels: usize,
    /// One entry per loss evaluated, in the order given.
    pub losses: Vec<LossValue>,
    /// At threshold 0.5.
    pub metrics: Scores,
}

impl ImageReport {
    /// `target_pixels / pixels`.
    pub fn share(&self) -> f64 {
        self.target_pixels as f64 / self.pixels as f64
    }

    /// The object-size bin.
    pub fn bin(&self) -> SizeBin {
        SizeBin::of(self.target_pixels)
    }

    /// The value of `loss`, if it was evaluated.
    pub fn value(&self, loss: LossName) -> Option<f64> {
        self.losses.iter().find(|l| l.loss == loss).map(|l| l.value)
    }
}

/// Evaluates every loss on `pair`: a 2-D pair as one image, a 3-D one over all voxels (the
/// pooled batch of its planes, as `losslab eval` with `shape [D, H, W]` and `batch =
/// "pooled"`).
pub fn evaluate_pair(pair: &Pair, losses: &[Loss]) -> Result<ImageReport, String> {
    evaluate_pair_with(pair, losses, &mut Evaluation::new())
}

/// [`evaluate_pair`] with the caller's `Evaluation`, whose buffers (gradients, the geometry
/// losses' maps and tapes) are then allocated once for a whole data set: at 256 × 256 that
/// is about 40 % of the time of every loss on a pair.
pub fn evaluate_pair_with(
    pair: &Pair,
    losses: &[Loss],
    eval: &mut Evaluation<f64>,
) -> Result<ImageReport, String> {
    let (planes, h, w) = pair.planes();
    evaluate(&pair.name, &pair.shape, pair, 0..pair.target.len(), (planes, h, w), losses, eval)
}

/// Evaluates each plane of a 3-D pair on its own (`name[z]`); a 2-D pair gives one report.
pub fn evaluate_slices(pair: &Pair, losses: &[Loss]) -> Result<Vec<ImageReport>, String> {
    let (planes, h, w) = pair.planes();
    let mut eval = Evaluation::new();
    (0..planes)
        .map(|z| {
            let name = if pair.shape.len() == 3 {
                format!("{}[{z}]", pair.name)
            } else {
                pair.name.clone()
            };
            evaluate(&name, &[h, w], pair, z * h * w..(z + 1) * h * w, (1, h, w), losses, &mut eval)
        })
        .collect()
}

fn evaluate(
    name: &str,
    shape: &[usize],
    pair: &Pair,
    range: std::ops::Range<usize>,
    (planes, h, w): (usize, usize, usize),
    losses: &[Loss],
    eval: &mut Evaluation<f64>,
) -> Result<ImageReport, String> {
    let target = &pair.target[range.clone()];
    let prob = &pair.prob[range.clone()];
    let logit = pair.logit.as_ref().map(|z| &z[range]);
    let input = match logit {
        Some(z) => Binary::with_logit(target, prob, z),
        None => Binary::new(target, prob),
    }
    .and_then(|i| i.with_shape(h, w))
    .map_err(|e| e.to_string())?;
    let hard = target.iter().all(|&y| y == 0.0 || y == 1.0);
    let mut values = Vec::with_capacity(losses.len());
    // Pooled over the planes is one evaluation of the whole buffer (what `evaluate_batch`
    // does with `Pooled`), so one `Evaluation` serves every loss: its buffers are allocated
    // once per pair, not once per loss.
    debug_assert!(planes * h * w == target.len());
    for loss in losses {
        let name_of = loss.name();
        if !hard && matches!(name_of, LossName::LovaszHinge | LossName::Boundary) {
            return Err(format!("{name_of} takes a binary target (0 or 1); this target is soft"));
        }
        loss.evaluate_into(input, eval);
        if !eval.value.is_finite() {
            return Err(format!("{name_of} is not finite on this pair ({})", eval.value));
        }
        // The evaluation's summary has summed `|∂L/∂z|` already.
        values.push(LossValue { loss: name_of, value: eval.value, grad_l1: eval.summary.abs_sum });
    }
    Ok(ImageReport {
        name: name.to_string(),
        shape: shape.to_vec(),
        pixels: target.len(),
        target_pixels: target.iter().filter(|&&y| y >= 0.5).count(),
        losses: values,
        metrics: Scores::of(target, prob),
    })
}

/// Each image's share of the batch gradient, per loss (`[loss][image]`): in a batch whose
/// loss is the mean of the images' losses, image `i`'s part of `Σ |∂L/∂z|` is
/// `G_i / Σ_j G_j`, `G_i = Σ |∂L_i/∂z|` over its pixels. All zero when no image has a
/// gradient.
pub fn gradient_shares(reports: &[ImageReport]) -> Vec<Vec<f64>> {
    let Some(first) = reports.first() else { return Vec::new() };
    (0..first.losses.len())
        .map(|k| {
            let total: f64 = reports.iter().map(|r| r.losses[k].grad_l1).sum();
            reports
                .iter()
                .map(|r| if total > 0.0 { r.losses[k].grad_l1 / total } else { 0.0 })
                .collect()
        })
        .collect()
}

/// The object-size bins of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SizeBin {
    /// No target pixel.
    Empty,
    /// 1–9 pixels.
    Tiny,
    /// 10–99 pixels.
    Small,
    /// 100–999 pixels.
    Medium,
    /// 1,000 pixels or more.
    Large,
}

impl SizeBin {
    /// Every bin, smallest objects first.
    pub const ALL: [SizeBin; 5] =
        [SizeBin::Empty, SizeBin::Tiny, SizeBin::Small, SizeBin::Medium, SizeBin::Large];

    /// The bin of an object of `pixels` pixels.
    pub fn of(pixels: usize) -> SizeBin {
        match pixels {
            0 => SizeBin::Empty,
            1..=9 => SizeBin::Tiny,
            10..=99 => SizeBin::Small,
            100..=999 => SizeBin::Medium,
            _ => SizeBin::Large,
        }
    }

    /// Its label: `empty`, `1–9 px`, `10–99 px`, `100–999 px`, `≥ 1,000 px`.
    pub fn label(self) -> &'static str {
        match self {
            SizeBin::Empty => "empty",
            SizeBin::Tiny => "1–9 px",
            SizeBin::Small => "10–99 px",
            SizeBin::Medium => "100–999 px",
            SizeBin::Large => "≥ 1,000 px",
        }
    }

    /// Its key in JSON and hooks: `empty`, `1-9`, `10-99`, `100-999`, `1000+`.
    pub fn key(self) -> &'static str {
        match self {
            SizeBin::Empty => "empty",
            SizeBin::Tiny => "1-9",
            SizeBin::Small => "10-99",
            SizeBin::Medium => "100-999",
            SizeBin::Large => "1000+",
        }
    }
}

/// Means over a group of images.
#[derive(Debug, Clone, PartialEq)]
pub struct SummaryRow {
    /// The bin, or `None` for every image.
    pub bin: Option<SizeBin>,
    /// Images in the group.
    pub images: usize,
    /// The mean of each loss, in the reports' order.
    pub losses: Vec<f64>,
    /// The mean of each metric.
    pub metrics: Scores,
    /// The group's share of the batch gradient per loss (the sum of its images' shares).
    pub gradient_share: Vec<f64>,
}

/// The table's summary rows: one per non-empty bin, then all images.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Per bin, smallest objects first (bins without an image left out).
    pub bins: Vec<SummaryRow>,
    /// Every image.
    pub all: SummaryRow,
}

impl Summary {
    /// Summarises `reports` (all evaluated with the same losses, in the same order).
    pub fn of(reports: &[ImageReport]) -> Summary {
        let shares = gradient_shares(reports);
        let row = |bin: Option<SizeBin>| {
            let members: Vec<usize> =
                (0..reports.len()).filter(|&i| bin.is_none_or(|b| reports[i].bin() == b)).collect();
            let n = members.len().max(1) as f64;
            let losses = reports.first().map_or(0, |r| r.losses.len());
            let mean = |f: &dyn Fn(&ImageReport) -> f64| {
                members.iter().map(|&i| f(&reports[i])).sum::<f64>() / n
            };
            SummaryRow {
                bin,
                images: members.len(),
                losses: (0..losses).map(|k| mean(&|r| r.losses[k].value)).collect(),
                metrics: Scores {
                    dice: mean(&|r| r.metrics.dice),
                    iou: mean(&|r| r.metrics.iou),
                    precision: mean(&|r| r.metrics.precision),
                    recall: mean(&|r| r.metrics.recall),
                },
                gradient_share: shares
                    .iter()
                    .map(|per| members.iter().map(|&i| per[i]).sum())
                    .collect(),
            }
        };
        Summary {
            bins: SizeBin::ALL.iter().map(|&b| row(Some(b))).filter(|r| r.images > 0).collect(),
            all: row(None),
        }
    }
}
