//! The imported data set as plain data (no signals, no browser): the files decoded so far,
//! their pairing (the core's `data::pair_files`, over every import), each pair's evaluation,
//! the table's order and the gradient lesson's numbers. Tested natively.
//!
//! Imports add to the set: a new file replaces an earlier one with the same stem and role (a
//! corrected file dropped again), and a target and its prediction may come from two imports
//! (the "Targets" and "Predictions" pickers). Nothing is ever decoded twice: a pair is made
//! again from its two decoded arrays when the logits switch or the losses change.

use losslab_core::data::{
    self, evaluate_pair_with, evaluate_slices, gradient_shares, Array, DataError, ImageReport,
    Kind, Pair, Role, SizeBin, Summary,
};
use losslab_core::train::UserSample;
use losslab_core::{Evaluation, Loss, LossName};
use std::collections::HashMap;
use std::rc::Rc;

/// One decoded file of the set.
#[derive(Debug, Clone)]
pub struct Entry {
    /// A number no other entry of the set has had (the evaluation cache's key).
    pub id: u64,
    /// Its path as imported (`set2d/targets/case01.png`, `case01.npy`, a zip's inner path).
    pub path: String,
    /// What it is.
    pub role: Role,
    /// Its values.
    pub array: Rc<Array>,
}

/// One pair of the set: its name and its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairRef {
    /// The common stem.
    pub name: String,
    /// The target's entry id and path.
    pub target: (u64, String),
    /// The prediction's entry id and path.
    pub pred: (u64, String),
    /// The image's entry id, when one has the stem.
    pub image: Option<u64>,
}

impl PairRef {
    /// The evaluation cache's key.
    pub fn key(&self) -> (u64, u64) {
        (self.target.0, self.pred.0)
    }

    /// How messages name the pair: `targets/a.png ↔ preds/a.npy`.
    pub fn files(&self) -> String {
        format!("{} ↔ {}", self.target.1, self.pred.1)
    }

    /// The error about this pair, naming the file the reason is about (`target: …` names the
    /// target, `prediction: …` the prediction, anything else both).
    pub fn error(&self, reason: String) -> DataError {
        if reason.starts_with("target:") {
            DataError::new(self.target.1.as_str(), reason)
        } else if reason.starts_with("prediction:") {
            DataError::new(self.pred.1.as_str(), reason)
        } else {
            DataError::new(self.files(), reason)
        }
    }
}

/// Every file imported so far, and the files refused while reading them.
#[derive(Debug, Clone, Default)]
pub struct DataSet {
    entries: Vec<Entry>,
    next_id: u64,
    /// Files refused while reading, unpacking or decoding (kept until "Clear").
    pub refused: Vec<DataError>,
    /// Incremented by every change (for the evaluation to notice).
    pub version: u64,
}

impl DataSet {
    /// Whether nothing was imported (nor refused).
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.refused.is_empty()
    }

    /// Decoded files held.
    pub fn files(&self) -> usize {
        self.entries.len()
    }

    /// Decoded values held, every file together (what [`data::ValueCap`] counts).
    pub fn values(&self) -> usize {
        self.entries.iter().map(|e| e.array.values.len()).sum()
    }

    /// The decoded files held, in import order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Adds one import's decoded files. An earlier file with the same stem and role as a new
    /// one is replaced (two such files within one import are both kept: the pairing reports
    /// them). Returns how many were replaced.
    pub fn add(&mut self, files: Vec<(String, Role, Array)>) -> usize {
        let before = self.entries.len();
        let fresh: Vec<(&str, Role)> = files.iter().map(|(p, r, _)| (data::stem(p), *r)).collect();
        self.entries.retain(|e| !fresh.contains(&(data::stem(&e.path), e.role)));
        let replaced = before - self.entries.len();
        for (path, role, array) in files {
            self.entries.push(Entry { id: self.next_id, path, role, array: Rc::new(array) });
            self.next_id += 1;
        }
        self.version += 1;
        replaced
    }

    /// Records a refused file.
    pub fn refuse(&mut self, error: DataError) {
        self.refused.push(error);
        self.version += 1;
    }

    /// Empties the set.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.refused.clear();
        self.version += 1;
    }

    fn entry(&self, id: u64) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The pairs (sorted by name) and the files that could not be paired.
    pub fn pairing(&self) -> (Vec<PairRef>, Vec<DataError>) {
        let files: Vec<(String, Role)> =
            self.entries.iter().map(|e| (e.path.clone(), e.role)).collect();
        let found = data::pair_files(&files);
        let pairs = found
            .pairs
            .iter()
            .map(|p| PairRef {
                name: p.name.clone(),
                target: (self.entries[p.target].id, self.entries[p.target].path.clone()),
                pred: (self.entries[p.pred].id, self.entries[p.pred].path.clone()),
                image: p.image.map(|i| self.entries[i].id),
            })
            .collect();
        (pairs, found.errors)
    }

    /// The pair made of `pair`'s two arrays (`logits`: float predictions are logits).
    pub fn pair(&self, pair: &PairRef, logits: bool) -> Result<Pair, DataError> {
        let (Some(target), Some(pred)) = (self.entry(pair.target.0), self.entry(pair.pred.0))
        else {
            return Err(pair.error("no longer imported".into()));
        };
        Pair::new(&pair.name, &target.array, &pred.array, logits).map_err(|e| pair.error(e))
    }

    /// The race's samples: one per 2-D pair with an image, one per plane of a 3-D one (image =
    /// the image file's values: PNG samples / max, other values as stored; mask = the target,
    /// 1 where `y ≥ 0.5`). An image whose shape is not its target's is left out and named in
    /// the returned errors.
    pub fn training(&self, pairs: &[PairRef]) -> (Vec<UserSample>, Vec<DataError>) {
        let mut samples = Vec::new();
        let mut errors = Vec::new();
        for pair in pairs {
            let Some(image) = pair.image.and_then(|id| self.entry(id)) else { continue };
            let Some(target) = self.entry(pair.target.0) else { continue };
            if image.array.shape != target.array.shape {
                errors.push(DataError::new(
                    image.path.as_str(),
                    format!(
                        "the image is {} but its target is {}: not used for the race",
                        show(&image.array.shape),
                        show(&target.array.shape)
                    ),
                ));
                continue;
            }
            let Ok(mask) = target.array.to_target() else { continue };
            let scale = match image.array.kind {
                Kind::Png { max } => max,
                _ => 1.0,
            };
            let (planes, height, width) = planes(&target.array.shape);
            for z in 0..planes {
                let range = z * height * width..(z + 1) * height * width;
                samples.push(UserSample {
                    name: if target.array.shape.len() == 3 {
                        format!("{}[{z}]", pair.name)
                    } else {
                        pair.name.clone()
                    },
                    height,
                    width,
                    image: image.array.values[range.clone()]
                        .iter()
                        .map(|&v| (v / scale) as f32)
                        .collect(),
                    mask: mask[range].iter().map(|&y| if y >= 0.5 { 1.0 } else { 0.0 }).collect(),
                });
            }
        }
        (samples, errors)
    }
}

/// `(planes, rows, columns)` of a `[H, W]` or `[D, H, W]` shape.
pub fn planes(shape: &[usize]) -> (usize, usize, usize) {
    match shape {
        [d, h, w] => (*d, *h, *w),
        [h, w] => (1, *h, *w),
        _ => (1, 1, shape.iter().product()),
    }
}

/// `48 × 48`, `6 × 24 × 24`.
pub fn show(shape: &[usize]) -> String {
    shape.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(" × ")
}

/// A pair of at most this many values (256 × 256, or 16 planes of 64 × 64) is evaluated with
/// every loss in one step: one validation of its input, one pass for its metrics, and about
/// 16 ms of work natively for every loss at 256 × 256 (a few times that in wasm: still one
/// short task, about two frames). A larger pair goes one loss per step, the page yielding
/// between two losses, so that no step of a volume or a 2048² image holds the page for long.
pub const ONE_STEP_VALUES: usize = 1 << 16;

/// What one evaluation was made with: the losses (with their parameters) and the logits
/// switch. Results made with another stamp are stale.
pub type Stamp = (Vec<Loss>, bool);

/// Evaluations kept between runs, valid for one [`Stamp`].
#[derive(Debug, Clone, Default)]
pub struct Cache {
    stamp: Option<Stamp>,
    whole: HashMap<(u64, u64), Result<ImageReport, DataError>>,
    slices: HashMap<(u64, u64), Result<Vec<ImageReport>, DataError>>,
    /// Milliseconds spent evaluating each pair (its planes included).
    times: HashMap<(u64, u64), f64>,
    /// The pair being evaluated, loss by loss.
    partial: Option<Partial>,
    /// One evaluation's buffers for every loss and pair (`evaluate_pair_with`): allocating
    /// them per loss was about 40 % of the time at 256 × 256.
    eval: Evaluation<f64>,
}

/// A pair part-way through its losses.
#[derive(Debug, Clone)]
struct Partial {
    key: (u64, u64),
    pair: Pair,
    whole: Option<ImageReport>,
    slices: Option<Vec<ImageReport>>,
    /// The next loss to evaluate.
    next: usize,
}

/// Adds `report`'s losses to `into` (the same image, evaluated with further losses).
fn merge(into: &mut Option<ImageReport>, report: ImageReport) {
    match into {
        None => *into = Some(report),
        Some(done) => done.losses.extend(report.losses),
    }
}

impl Cache {
    /// Forgets everything unless it was made with `stamp`.
    pub fn keep_if(&mut self, stamp: &Stamp) {
        if self.stamp.as_ref() != Some(stamp) {
            *self = Cache { stamp: Some(stamp.clone()), ..Cache::default() };
        }
    }

    /// Whether `pair` still needs evaluating (its planes too, when `per_slice` and it is 3-D).
    pub fn needs(&self, set: &DataSet, pair: &PairRef, per_slice: bool) -> bool {
        !self.whole.contains_key(&pair.key())
            || (per_slice
                && !self.slices.contains_key(&pair.key())
                && set.entry(pair.target.0).is_some_and(|e| e.array.shape.len() == 3))
    }

    /// Evaluates what `pair` needs next (on the whole pair, then on each of its planes when
    /// `per_slice` and it is 3-D): every loss at once when the pair holds at most
    /// [`ONE_STEP_VALUES`] values, else the next loss only, so that the page can yield between
    /// two losses of a large volume; returns whether the pair is done. The time spent (decoding excluded: the
    /// arrays are decoded already) is added to the pair's, measured by `now`.
    pub fn step(
        &mut self,
        set: &DataSet,
        pair: &PairRef,
        per_slice: bool,
        now: &dyn Fn() -> f64,
    ) -> bool {
        let Some((losses, logits)) = self.stamp.clone() else { return true };
        let key = pair.key();
        let start = now();
        if self.partial.as_ref().is_none_or(|p| p.key != key) {
            self.partial = match set.pair(pair, logits) {
                Ok(made) => Some(Partial { key, pair: made, whole: None, slices: None, next: 0 }),
                Err(e) => {
                    self.whole.insert(key, Err(e));
                    None
                }
            };
        }
        let volume = self.partial.as_ref().is_some_and(|p| p.pair.shape.len() == 3);
        if let Some(partial) = self.partial.as_mut() {
            let k = partial.next.min(losses.len());
            let chunk = if partial.pair.target.len() <= ONE_STEP_VALUES { losses.len() } else { 1 };
            let one = &losses[k..(k + chunk).min(losses.len())];
            if !self.whole.contains_key(&key) {
                match evaluate_pair_with(&partial.pair, one, &mut self.eval) {
                    Ok(report) => merge(&mut partial.whole, report),
                    Err(e) => {
                        // Its planes are not evaluated either.
                        let error = pair.error(e);
                        if volume {
                            self.slices.insert(key, Err(error.clone()));
                        }
                        self.whole.insert(key, Err(error));
                    }
                }
            } else if per_slice && volume && !self.slices.contains_key(&key) {
                match evaluate_slices(&partial.pair, one) {
                    Ok(planes) => match partial.slices.as_mut() {
                        None => partial.slices = Some(planes),
                        Some(done) => {
                            for (d, p) in done.iter_mut().zip(planes) {
                                d.losses.extend(p.losses);
                            }
                        }
                    },
                    Err(e) => {
                        self.slices.insert(key, Err(pair.error(e)));
                    }
                }
            }
            partial.next += one.len().max(1);
            if partial.next >= losses.len() {
                partial.next = 0;
                if let std::collections::hash_map::Entry::Vacant(slot) = self.whole.entry(key) {
                    slot.insert(partial.whole.take().ok_or_else(|| pair.error("no loss".into())));
                } else if let Some(planes) = partial.slices.take() {
                    self.slices.insert(key, Ok(planes));
                }
            }
        }
        *self.times.entry(key).or_default() += now() - start;
        let done = !self.needs(set, pair, per_slice);
        if done {
            self.partial = None;
        }
        done
    }

    /// The table's content for `pairs`, from what was evaluated.
    pub fn results(&self, pairs: &[PairRef], mut errors: Vec<DataError>) -> Results {
        let mut items = Vec::new();
        for pair in pairs {
            match self.whole.get(&pair.key()) {
                Some(Ok(report)) => {
                    let slices = match self.slices.get(&pair.key()) {
                        Some(Ok(s)) => Some(s.clone()),
                        Some(Err(e)) => {
                            errors.push(e.clone());
                            None
                        }
                        None => None,
                    };
                    items.push(Item { pair: pair.clone(), report: report.clone(), slices });
                }
                Some(Err(e)) => errors.push(e.clone()),
                None => {}
            }
        }
        let reports: Vec<ImageReport> = items.iter().map(|i| i.report.clone()).collect();
        let shares = gradient_shares(&reports);
        let summary = (!reports.is_empty()).then(|| Summary::of(&reports));
        let eval_ms = pairs.iter().filter_map(|p| self.times.get(&p.key())).sum();
        Results { items, shares, summary, errors, eval_ms }
    }
}

/// One evaluated pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// Its files.
    pub pair: PairRef,
    /// Every loss on the whole pair (all voxels of a volume).
    pub report: ImageReport,
    /// Each plane on its own (3-D, when evaluated per slice).
    pub slices: Option<Vec<ImageReport>>,
}

/// What the table, the chart and the lesson show.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Results {
    /// The evaluated pairs, by name.
    pub items: Vec<Item>,
    /// `[loss][item]`: each item's share of the batch gradient, losses in [`LossName::ALL`]
    /// order.
    pub shares: Vec<Vec<f64>>,
    /// Means per object-size bin and over all.
    pub summary: Option<Summary>,
    /// Files that could not be paired and pairs that could not be evaluated.
    pub errors: Vec<DataError>,
    /// Milliseconds spent evaluating the pairs shown (decoding excluded).
    pub eval_ms: f64,
}

impl Results {
    /// Item `i`'s share of `loss`'s batch gradient.
    pub fn share(&self, loss: LossName, i: usize) -> f64 {
        self.shares.get(loss.index()).and_then(|s| s.get(i)).copied().unwrap_or(0.0)
    }
}

/// A thresholded metric of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Metric {
    /// Dice at 0.5.
    Dice,
    /// IoU at 0.5.
    Iou,
    /// Precision at 0.5.
    Precision,
    /// Recall at 0.5.
    Recall,
}

impl Metric {
    /// Every metric, in the table's order.
    pub const ALL: [Metric; 4] = [Metric::Dice, Metric::Iou, Metric::Precision, Metric::Recall];

    /// The hook's name (`data-metric`), as in `losslab dataset --json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Dice => "dice",
            Metric::Iou => "iou",
            Metric::Precision => "precision",
            Metric::Recall => "recall",
        }
    }

    /// Its value in `scores`.
    pub fn of(self, scores: &data::Scores) -> f64 {
        match self {
            Metric::Dice => scores.dice,
            Metric::Iou => scores.iou,
            Metric::Precision => scores.precision,
            Metric::Recall => scores.recall,
        }
    }
}

/// A column the table sorts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    /// The pair's name.
    Name,
    /// Pixels (voxels).
    Size,
    /// Object pixels.
    Object,
    /// The object's share of the pixels.
    Share,
    /// A loss: its value, or its share of the batch gradient when those are shown.
    Loss(LossName),
    /// A metric.
    Metric(Metric),
}

impl Column {
    /// The column's name in hooks (`data-sort`): `name`, `size`, `object`, `share`, a loss's
    /// name, `metric-dice`, `metric-iou`, `metric-precision`, `metric-recall` (the metric
    /// Dice and the loss `dice` are two columns).
    pub fn key(self) -> &'static str {
        match self {
            Column::Name => "name",
            Column::Size => "size",
            Column::Object => "object",
            Column::Share => "share",
            Column::Loss(l) => l.as_str(),
            Column::Metric(Metric::Dice) => "metric-dice",
            Column::Metric(Metric::Iou) => "metric-iou",
            Column::Metric(Metric::Precision) => "metric-precision",
            Column::Metric(Metric::Recall) => "metric-recall",
        }
    }
}

/// The order of the table: a column and a direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    /// The column.
    pub column: Column,
    /// Largest first.
    pub descending: bool,
}

impl Default for Sort {
    /// By object size, smallest first (as `losslab dataset` prints its table).
    fn default() -> Self {
        Sort { column: Column::Object, descending: false }
    }
}

impl Sort {
    /// Clicking `column`: the other direction if it is the current one, else its natural
    /// first direction (names A→Z, numbers largest first).
    pub fn click(self, column: Column) -> Sort {
        if self.column == column {
            Sort { descending: !self.descending, ..self }
        } else {
            Sort { column, descending: column != Column::Name }
        }
    }
}

/// The number `column` sorts `report` by (`share`: its share of the loss's gradient, when
/// the table shows shares).
fn number(report: &ImageReport, column: Column, share: Option<f64>) -> f64 {
    match column {
        Column::Name => 0.0,
        Column::Size => report.pixels as f64,
        Column::Object => report.target_pixels as f64,
        Column::Share => report.share(),
        Column::Loss(loss) => share.unwrap_or_else(|| report.value(loss).unwrap_or(f64::NAN)),
        Column::Metric(m) => m.of(&report.metrics),
    }
}

/// The order of `reports` under `sort` (stable; ties by name), with each report's share of
/// the sorted loss's gradient when `shares` is given.
pub fn order(reports: &[&ImageReport], sort: Sort, shares: Option<&[f64]>) -> Vec<usize> {
    let mut index: Vec<usize> = (0..reports.len()).collect();
    index.sort_by(|&a, &b| {
        let by_name = reports[a].name.cmp(&reports[b].name);
        let primary = if sort.column == Column::Name {
            by_name
        } else {
            let share = |i: usize| shares.and_then(|s| s.get(i).copied());
            let (x, y) = (
                number(reports[a], sort.column, share(a)),
                number(reports[b], sort.column, share(b)),
            );
            x.total_cmp(&y)
        };
        let primary = if sort.descending { primary.reverse() } else { primary };
        primary.then(by_name)
    });
    index
}

/// The C1/C4 lesson on the user's data: how much of each loss's batch gradient the images
/// of the smallest object-size bin take.
#[derive(Debug, Clone, PartialEq)]
pub struct Lesson {
    /// The bin (empty images when there are any, else the smallest objects).
    pub bin: SizeBin,
    /// Its images.
    pub images: usize,
    /// All images.
    pub total: usize,
    /// Its share of `bce`'s batch gradient.
    pub bce: f64,
    /// Its share of `dice`'s.
    pub dice: f64,
}

/// The lesson of `results`, when the set has at least two bins (with one, every share is
/// 100 %).
pub fn lesson(results: &Results) -> Option<Lesson> {
    let summary = results.summary.as_ref()?;
    if summary.bins.len() < 2 {
        return None;
    }
    let first = summary.bins.first()?;
    let share = |loss: LossName| first.gradient_share.get(loss.index()).copied().unwrap_or(0.0);
    Some(Lesson {
        bin: first.bin?,
        images: first.images,
        total: summary.all.images,
        bce: share(LossName::Bce),
        dice: share(LossName::Dice),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn array(shape: &[usize], values: Vec<f64>, kind: Kind) -> Array {
        Array { shape: shape.to_vec(), values, kind }
    }

    /// A 4 × 4 hard mask with `on` pixels set.
    fn mask(on: &[usize]) -> Array {
        let mut v = vec![0.0; 16];
        for &i in on {
            v[i] = 1.0;
        }
        array(&[4, 4], v, Kind::Integer)
    }

    fn prob(p: f64) -> Array {
        array(&[4, 4], vec![p; 16], Kind::Float)
    }

    fn losses() -> Vec<Loss> {
        LossName::ALL.iter().map(|&n| Loss::default_for(n)).collect()
    }

    #[test]
    fn targets_and_predictions_from_two_imports_pair_up() {
        let mut set = DataSet::default();
        set.add(vec![("a.png".into(), Role::Target, mask(&[0]))]);
        let (pairs, errors) = set.pairing();
        assert!(pairs.is_empty());
        assert_eq!(errors.len(), 1);
        assert!(errors[0].reason.contains("no prediction"), "{}", errors[0]);
        set.add(vec![("a.npy".into(), Role::Prediction, prob(0.25))]);
        let (pairs, errors) = set.pairing();
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(pairs.len(), 1);
        assert_eq!(pairs[0].files(), "a.png ↔ a.npy");
    }

    #[test]
    fn a_later_file_with_the_same_stem_and_role_replaces_the_earlier() {
        let mut set = DataSet::default();
        set.add(vec![
            ("targets/a.png".into(), Role::Target, mask(&[0])),
            ("preds/a.npy".into(), Role::Prediction, prob(0.25)),
        ]);
        let replaced = set.add(vec![("fixed/targets/a.npy".into(), Role::Target, mask(&[1, 2]))]);
        assert_eq!(replaced, 1);
        assert_eq!(set.files(), 2);
        let (pairs, _) = set.pairing();
        let pair = set.pair(&pairs[0], false).expect("pairs");
        assert_eq!(pair.target.iter().sum::<f64>(), 2.0, "the new target");
        // Two targets with one stem in one import: both kept, the pairing names the second.
        set.add(vec![
            ("x/targets/b.png".into(), Role::Target, mask(&[0])),
            ("y/targets/b.npy".into(), Role::Target, mask(&[0])),
        ]);
        let (_, errors) = set.pairing();
        assert!(errors.iter().any(|e| e.reason.contains("a second target")), "{errors:?}");
    }

    #[test]
    fn pair_errors_name_the_file_they_are_about() {
        let mut set = DataSet::default();
        let mut bad = prob(0.5);
        bad.values[5] = f64::NAN;
        set.add(vec![
            ("t/n.png".into(), Role::Target, mask(&[0])),
            ("p/n.npy".into(), Role::Prediction, bad),
            ("t/s.png".into(), Role::Target, mask(&[0])),
            ("p/s.npy".into(), Role::Prediction, array(&[2, 8], vec![0.5; 16], Kind::Float)),
        ]);
        let (pairs, _) = set.pairing();
        let nan = set.pair(&pairs[0], false).expect_err("NaN");
        assert_eq!(nan.file, "p/n.npy");
        assert!(nan.reason.contains("not finite"), "{nan}");
        let shapes = set.pair(&pairs[1], false).expect_err("shapes");
        assert_eq!(shapes.file, "t/s.png ↔ p/s.npy");
        assert!(shapes.reason.contains("shape"), "{shapes}");
    }

    #[test]
    fn the_cache_evaluates_each_pair_once_per_stamp() {
        let mut set = DataSet::default();
        set.add(vec![
            ("t/a.png".into(), Role::Target, mask(&[0, 1, 2])),
            ("p/a.npy".into(), Role::Prediction, prob(0.25)),
            ("t/b.png".into(), Role::Target, mask(&[])),
            ("p/b.npy".into(), Role::Prediction, prob(0.5)),
        ]);
        let (pairs, errors) = set.pairing();
        let mut cache = Cache::default();
        let stamp = (losses(), false);
        cache.keep_if(&stamp);
        let clock = || 0.0;
        for p in &pairs {
            assert!(cache.needs(&set, p, false));
            let mut steps = 1;
            while !cache.step(&set, p, false, &clock) {
                steps += 1;
            }
            assert_eq!(steps, 1, "a small pair takes every loss in one step");
            assert!(!cache.needs(&set, p, false));
        }
        cache.keep_if(&stamp);
        assert!(!cache.needs(&set, &pairs[0], false), "the same stamp keeps the results");
        let results = cache.results(&pairs, errors);
        assert_eq!(results.items.len(), 2);
        assert_eq!(results.shares.len(), LossName::COUNT);
        // bce on b (empty, p = 0.5 everywhere): −ln 0.5 per pixel, by hand.
        let b = &results.items[1].report;
        assert!((b.value(LossName::Bce).expect("bce") - std::f64::consts::LN_2).abs() < 1e-12);
        for k in 0..LossName::COUNT {
            let sum: f64 = results.shares[k].iter().sum();
            assert!(sum == 0.0 || (sum - 1.0).abs() < 1e-12, "shares of a loss sum to 1");
        }
        cache.keep_if(&(losses(), true));
        assert!(cache.needs(&set, &pairs[0], false), "a new stamp forgets");
    }

    #[test]
    fn a_large_pair_takes_one_loss_per_step_with_the_same_numbers() {
        // 257 × 256 values, one row over `ONE_STEP_VALUES`: a step per loss. Its top rows
        // hold a small object; the numbers equal the core's one call with every loss.
        let (h, w) = (257, 256);
        assert!(h * w > ONE_STEP_VALUES);
        let mut y = vec![0.0; h * w];
        for v in &mut y[..3 * w] {
            *v = 1.0;
        }
        let p: Vec<f64> =
            (0..h * w).map(|i| 0.05 + 0.9 * ((i * 7919) % 101) as f64 / 100.0).collect();
        let mut set = DataSet::default();
        set.add(vec![
            ("t/big.npy".into(), Role::Target, array(&[h, w], y, Kind::Integer)),
            ("p/big.npy".into(), Role::Prediction, array(&[h, w], p, Kind::Float)),
        ]);
        let (pairs, errors) = set.pairing();
        let mut cache = Cache::default();
        cache.keep_if(&(losses(), false));
        let mut steps = 1;
        while !cache.step(&set, &pairs[0], false, &|| 0.0) {
            steps += 1;
        }
        assert_eq!(steps, LossName::COUNT, "one loss per step");
        let results = cache.results(&pairs, errors);
        let pair = set.pair(&pairs[0], false).expect("pairs");
        let whole = data::evaluate_pair(&pair, &losses()).expect("evaluates");
        assert_eq!(results.items[0].report, whole);
    }

    #[test]
    fn sorting_by_a_column_and_ties_by_name() {
        let report = |name: &str, object: usize, dice: f64| ImageReport {
            name: name.into(),
            shape: vec![4, 4],
            pixels: 16,
            target_pixels: object,
            losses: vec![],
            metrics: data::Scores { dice, ..data::Scores::default() },
        };
        let (a, b, c) = (report("a", 3, 0.5), report("b", 1, 0.9), report("c", 3, 0.1));
        let all = [&a, &b, &c];
        let by = |sort: Sort| order(&all, sort, None);
        assert_eq!(by(Sort::default()), vec![1, 0, 2], "object size, ties by name");
        assert_eq!(by(Sort { column: Column::Object, descending: true }), vec![0, 2, 1]);
        let dice = Sort::default().click(Column::Metric(Metric::Dice));
        assert!(dice.descending, "numbers start largest first");
        assert_eq!(by(dice), vec![1, 0, 2]);
        assert_eq!(by(dice.click(Column::Metric(Metric::Dice))), vec![2, 0, 1]);
        let name = dice.click(Column::Name);
        assert!(!name.descending, "names start A to Z");
        assert_eq!(by(name), vec![0, 1, 2]);
        // By a share of the gradient when shares are given.
        let shares = [0.2, 0.7, 0.1];
        let bce = Sort { column: Column::Loss(LossName::Bce), descending: true };
        assert_eq!(order(&all, bce, Some(&shares)), vec![1, 0, 2]);
    }

    #[test]
    fn training_samples_one_per_plane_with_png_images_scaled() {
        let mut set = DataSet::default();
        let image = array(&[2, 4, 4], (0..32).map(f64::from).collect(), Kind::Png { max: 255.0 });
        let mut target = vec![0.0; 32];
        target[17] = 3.0; // a label: nonzero → 1
        set.add(vec![
            ("targets/v.nii".into(), Role::Target, array(&[2, 4, 4], target, Kind::Integer)),
            ("preds/v.npy".into(), Role::Prediction, array(&[2, 4, 4], vec![0.5; 32], Kind::Float)),
            ("images/v.png".into(), Role::Image, image),
            ("targets/w.png".into(), Role::Target, mask(&[0])),
            ("preds/w.npy".into(), Role::Prediction, prob(0.5)),
            ("images/w.png".into(), Role::Image, array(&[3, 3], vec![0.0; 9], Kind::Float)),
        ]);
        let (pairs, _) = set.pairing();
        let (samples, errors) = set.training(&pairs);
        assert_eq!(samples.len(), 2);
        assert_eq!(samples[1].name, "v[1]");
        assert_eq!((samples[1].height, samples[1].width), (4, 4));
        assert_eq!(samples[1].image[0], (16.0 / 255.0) as f32);
        assert_eq!(samples[1].mask[1], 1.0);
        assert_eq!(samples[0].mask.iter().sum::<f32>(), 0.0);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].file, "images/w.png");
    }
}
