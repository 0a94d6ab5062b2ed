//! `losslab dataset`: every loss on every target–prediction pair of a data set, by the
//! core's one loader (`losslab_core::data`), with the thresholded metrics, each image's share
//! of the batch gradient and a summary by object-size bin.
//!
//! The files come from two folders (`--targets DIR --preds DIR`, optional `--images DIR`),
//! or from one folder or `.zip` (`--data`) whose `targets/`, `preds/` and `images/` folders
//! give each file its role (`data::role_of`). Files are paired by stem (`data::pair_files`),
//! read within the import's limits (`data::Budget`), decoded (`data::decode`), paired
//! (`Pair::new`) and evaluated (`data::evaluate_pair`, or `evaluate_slices` per plane), the
//! pairs spread over every core and reported in pair order. A file or pair that fails is listed in [`DatasetReport::errors`] and the others are still
//! evaluated. [`run`] is the command minus the printing.

use crate::error::CliError;
use crate::images::read_file;
use crate::params;
use clap::Args;
use losslab_core::data::{
    self, is_data_file, pair_files, role_of, stem, Budget, ImageReport, Pair, Role, Scores,
    SizeBin, Summary, SummaryRow, ValueCap,
};
use losslab_core::{Evaluation, Loss, LossName};
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{PoisonError, RwLock};

/// Flags of `dataset`.
#[derive(Debug, Clone, Default, Args)]
pub struct DatasetArgs {
    /// Folder of target masks (PNG, .npy, .nii, .nii.gz), paired with --preds by file stem.
    #[arg(long, value_name = "DIR", requires = "preds", conflicts_with = "data")]
    pub targets: Option<PathBuf>,
    /// Folder of predictions (probabilities, or logits with --logits).
    #[arg(long, value_name = "DIR", requires = "targets", conflicts_with = "data")]
    pub preds: Option<PathBuf>,
    /// Folder of input images (optional; paired by stem and listed, not evaluated).
    #[arg(long, value_name = "DIR", requires = "targets")]
    pub images: Option<PathBuf>,
    /// A folder or a .zip holding targets/, preds/ and optionally images/.
    #[arg(long, value_name = "DIR|ZIP", required_unless_present = "targets")]
    pub data: Option<PathBuf>,
    /// A loss to evaluate (repeatable; default: all of them).
    #[arg(long = "loss", value_name = "NAME|all")]
    pub losses: Vec<String>,
    /// A loss parameter (repeatable): LOSS.KEY=VALUE for one loss, KEY=VALUE for every
    /// selected loss that has KEY; e.g. --set dice.smooth=0 --set gamma=3.
    #[arg(long = "set", value_name = "[LOSS.]KEY=VALUE")]
    pub sets: Vec<String>,
    /// The predictions are logits (prob = sigmoid(z); the logit-native losses take z).
    #[arg(long)]
    pub logits: bool,
    /// Evaluate each plane of a 3-D volume as its own image (name[z]).
    #[arg(long)]
    pub slices: bool,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// A file or pair that was not evaluated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DatasetError {
    /// The pair's name (the file's stem), or the archive's file name.
    pub name: String,
    /// One line naming the file and the problem.
    pub error: String,
}

/// What `dataset` found: every evaluated image, the summary, and what was rejected.
#[derive(Debug, Clone, PartialEq)]
pub struct DatasetReport {
    /// Where the files came from, for the table's first line.
    pub source: String,
    /// The losses, in the order evaluated.
    pub losses: Vec<LossName>,
    /// One report per pair (per plane with `--slices`), in pair-name order.
    pub reports: Vec<ImageReport>,
    /// The input image paired with each report, if any.
    pub images: Vec<Option<String>>,
    /// Each image's share of the batch gradient, `[loss][image]`.
    pub shares: Vec<Vec<f64>>,
    /// Means by object-size bin and over all images.
    pub summary: Summary,
    /// Files and pairs not evaluated.
    pub errors: Vec<DatasetError>,
    /// Files left out because they are not data files (by extension).
    pub skipped: usize,
}

/// Where a file's bytes are.
enum Bytes {
    /// On disk (read when its pair is evaluated, within the budget).
    Disk(PathBuf),
    /// Already read (an archive's entry, counted when it was inflated).
    Memory(Vec<u8>),
}

/// One data file: the path shown in messages, its role and its bytes.
struct Entry {
    shown: String,
    role: Role,
    bytes: Bytes,
}

/// Deepest folder nesting walked.
const MAX_DEPTH: usize = 16;
/// Most directory entries looked at in one walk (a guard against pointing at `/`).
const MAX_ENTRIES: usize = 100 * data::MAX_FILES;

/// The files found, the errors met while listing them, and how many were skipped.
#[derive(Default)]
struct Listing {
    entries: Vec<Entry>,
    errors: Vec<DatasetError>,
    skipped: usize,
    seen: usize,
}

/// Runs the command: lists, pairs, reads and evaluates. A usage error (no such folder, an
/// unknown loss, a bad `--set`, nothing to evaluate) is an `Err`; a file or pair that fails
/// is listed in the report's `errors`.
pub fn run(args: &DatasetArgs) -> Result<DatasetReport, CliError> {
    let names = select(&args.losses)?;
    let losses = params::from_sets(&names, &args.sets)?
        .into_iter()
        .map(|config| Loss::new(config).map_err(|e| CliError::usage(format!("--set: {e}"))))
        .collect::<Result<Vec<Loss>, CliError>>()?;
    let mut budget = Budget::default();
    let (source, listing) = match (&args.data, &args.targets, &args.preds) {
        (Some(data), _, _) => list_data(data, &mut budget)?,
        (None, Some(targets), Some(preds)) => {
            let mut listing = Listing::default();
            walk(targets, "--targets", Some(Role::Target), &mut listing)?;
            walk(preds, "--preds", Some(Role::Prediction), &mut listing)?;
            if let Some(images) = &args.images {
                walk(images, "--images", Some(Role::Image), &mut listing)?;
            }
            let source = format!("{} + {}", targets.display(), preds.display());
            (source, listing)
        }
        _ => return Err(CliError::usage("give --targets DIR and --preds DIR, or --data DIR|ZIP")),
    };
    let Listing { entries, mut errors, skipped, .. } = listing;
    let roles: Vec<(String, Role)> = entries.iter().map(|e| (e.shown.clone(), e.role)).collect();
    let pairing = pair_files(&roles);
    errors.extend(
        pairing
            .errors
            .iter()
            .map(|e| DatasetError { name: stem(&e.file).to_string(), error: e.to_string() }),
    );
    if pairing.pairs.is_empty() && errors.is_empty() {
        return Err(CliError::usage(format!(
            "{source}: no target–prediction pairs found (files read: .png, .npy, .nii, \
             .nii.gz, paired by stem)"
        )));
    }
    // The budget is taken in pair order, as one reader would take it; then the pairs are
    // read, decoded and evaluated on every core, each on its own, so nothing depends on the
    // number of threads.
    let admitted: Vec<Result<(), String>> = pairing
        .pairs
        .iter()
        .map(|paired| {
            admit(&entries[paired.target], &mut budget)
                .and_then(|()| admit(&entries[paired.pred], &mut budget))
        })
        .collect();
    // Pairs of up to `SMALL_PAIR` values each are decoded side by side; a larger one (or one
    // that fails) is decoded and evaluated while no other pair is being decoded, so memory
    // stays near one large pair's and the small pairs already in hand.
    let gate = RwLock::new(());
    let evaluated = on_every_core(pairing.pairs.len(), |index, eval| {
        let paired = &pairing.pairs[index];
        let (target, pred) = (&entries[paired.target], &entries[paired.pred]);
        let fail = |error: String| DatasetError { name: paired.name.clone(), error };
        admitted[index].clone().map_err(fail)?;
        let small = {
            let _side_by_side = gate.read().unwrap_or_else(PoisonError::into_inner);
            let mut cap = ValueCap::new(0, SMALL_PAIR);
            load_pair(&paired.name, target, pred, args.logits, &mut cap).ok()
        };
        let _alone;
        let pair = match small {
            Some(pair) => pair,
            None => {
                _alone = gate.write().unwrap_or_else(PoisonError::into_inner);
                let mut cap = ValueCap::unlimited();
                load_pair(&paired.name, target, pred, args.logits, &mut cap).map_err(fail)?
            }
        };
        let both = format!("{} and {}", target.shown, pred.shown);
        let done = if args.slices {
            data::evaluate_slices(&pair, &losses)
        } else {
            data::evaluate_pair_with(&pair, &losses, eval).map(|r| vec![r])
        };
        done.map_err(|e| fail(format!("{both}: {e}")))
    });
    let mut reports = Vec::new();
    let mut images = Vec::new();
    for (paired, evaluated) in pairing.pairs.iter().zip(evaluated) {
        match evaluated {
            Ok(list) => {
                let image = paired.image.map(|i| entries[i].shown.clone());
                images.extend(list.iter().map(|_| image.clone()));
                reports.extend(list);
            }
            Err(e) => errors.push(e),
        }
    }
    let shares = data::gradient_shares(&reports);
    let summary = Summary::of(&reports);
    let losses = losses.iter().map(Loss::name).collect();
    Ok(DatasetReport { source, losses, reports, images, shares, summary, errors, skipped })
}

/// The losses named by `--loss` (none, or `all`: every loss), each once, in the order given.
pub fn select(names: &[String]) -> Result<Vec<LossName>, CliError> {
    if names.is_empty() || names.iter().any(|n| n == "all") {
        return Ok(LossName::ALL.to_vec());
    }
    let mut out = Vec::with_capacity(names.len());
    for name in names {
        let loss = LossName::parse(name).ok_or_else(|| {
            CliError::usage(format!(
                "--loss \"{name}\": unknown loss (known: all, {})",
                params::known_losses()
            ))
        })?;
        if !out.contains(&loss) {
            out.push(loss);
        }
    }
    Ok(out)
}

/// `work(i, eval)` for every `i < count` on every core (each thread with its own
/// `Evaluation`), the results in the order of `i`. A panic in `work` is raised here.
fn on_every_core<T: Send>(
    count: usize,
    work: impl Fn(usize, &mut Evaluation<f64>) -> T + Sync,
) -> Vec<T> {
    let threads =
        std::thread::available_parallelism().map_or(1, |n| n.get()).clamp(1, count.max(1));
    let next = AtomicUsize::new(0);
    let mut slots: Vec<Option<T>> = (0..count).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut eval = Evaluation::new();
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= count {
                            return done;
                        }
                        done.push((i, work(i, &mut eval)));
                    }
                })
            })
            .collect();
        for worker in workers {
            let done = worker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            for (i, result) in done {
                slots[i] = Some(result);
            }
        }
    });
    slots.into_iter().flatten().collect()
}

/// Counts a file on disk against the budget (an archive's entries were counted when it was
/// inflated); the error is `path: reason`.
fn admit(entry: &Entry, budget: &mut Budget) -> Result<(), String> {
    let at = |e: String| format!("{}: {e}", entry.shown);
    match &entry.bytes {
        Bytes::Memory(_) => Ok(()),
        Bytes::Disk(path) => {
            let size = std::fs::metadata(path).map_err(|e| at(format!("cannot open: {e}")))?.len();
            budget.take(size).map_err(at)
        }
    }
}

/// Most values of a pair (target and prediction together) evaluated side by side with others:
/// a 1024 × 1024 pair. Its arrays and an `Evaluation`'s buffers come to about 100 MB per
/// thread.
const SMALL_PAIR: usize = 1 << 21;

/// Reads, decodes and pairs one target and prediction, both admitted to the budget, their
/// values taken from `cap` before decoding.
fn load_pair(
    name: &str,
    target: &Entry,
    pred: &Entry,
    logits: bool,
    cap: &mut ValueCap,
) -> Result<Pair, String> {
    let t = decode(target, cap)?;
    let p = decode(pred, cap)?;
    Pair::new(name, &t, &p, logits).map_err(|e| format!("{} and {}: {e}", target.shown, pred.shown))
}

/// One file's array; the error is `path: reason`.
fn decode(entry: &Entry, cap: &mut ValueCap) -> Result<data::Array, String> {
    let read;
    let bytes = match &entry.bytes {
        Bytes::Memory(bytes) => bytes.as_slice(),
        Bytes::Disk(path) => {
            read = read_file(path).map_err(|e| format!("{}: {e}", entry.shown))?;
            read.as_slice()
        }
    };
    data::decode_within(&entry.shown, bytes, cap).map_err(|e| e.to_string())
}

/// `--data`: a folder (roles from its `targets/`, `preds/`, `images/` folders) or a `.zip`.
fn list_data(path: &Path, budget: &mut Budget) -> Result<(String, Listing), CliError> {
    let shown = path.display().to_string();
    let meta = std::fs::metadata(path)
        .map_err(|e| CliError::usage(format!("--data {shown}: cannot open: {e}")))?;
    let mut listing = Listing::default();
    if meta.is_dir() {
        walk(path, "--data", None, &mut listing)?;
        return Ok((shown, listing));
    }
    let bytes = read_file(path).map_err(|e| CliError::usage(format!("--data {shown}: {e}")))?;
    if data::format_of(&bytes) != Some(data::Format::Zip) {
        return Err(CliError::usage(format!(
            "--data {shown}: neither a folder nor a .zip archive"
        )));
    }
    let name = path.file_name().map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
    match data::unzip(&bytes, budget) {
        Ok(files) => {
            for (entry, bytes) in files {
                let file = format!("{shown}:{entry}");
                add(&mut listing, file, &entry, None, Bytes::Memory(bytes));
            }
        }
        Err(reason) => {
            listing.errors.push(DatasetError { name, error: format!("{shown}: {reason}") })
        }
    }
    Ok((shown, listing))
}

/// Adds one file found at `relative` (inside the folder or archive): skipped when it is not
/// a data file, an error when no role is given and its folders give none.
fn add(listing: &mut Listing, shown: String, relative: &str, role: Option<Role>, bytes: Bytes) {
    if !is_data_file(relative) {
        listing.skipped += 1;
        return;
    }
    match role.or_else(|| role_of(relative)) {
        Some(role) => listing.entries.push(Entry { shown, role, bytes }),
        None => listing.errors.push(DatasetError {
            name: stem(relative).to_string(),
            error: format!(
                "{shown}: not in a targets/, preds/ or images/ folder, so neither a target nor \
                 a prediction"
            ),
        }),
    }
}

/// Lists the data files under `root` (hidden files and folders left out), sorted by path.
fn walk(
    root: &Path,
    flag: &str,
    role: Option<Role>,
    listing: &mut Listing,
) -> Result<(), CliError> {
    let shown = root.display();
    let meta = std::fs::metadata(root)
        .map_err(|e| CliError::usage(format!("{flag} {shown}: cannot open: {e}")))?;
    if !meta.is_dir() {
        return Err(CliError::usage(format!("{flag} {shown}: not a folder")));
    }
    let mut files = Vec::new();
    visit(root, "", 0, flag, &mut files, &mut listing.seen)?;
    files.sort();
    for (path, relative) in files {
        let shown = path.display().to_string();
        add(listing, shown, &relative, role, Bytes::Disk(path));
    }
    Ok(())
}

/// Collects `(path, path relative to the root)` of the files under `dir`.
fn visit(
    dir: &Path,
    relative: &str,
    depth: usize,
    flag: &str,
    files: &mut Vec<(PathBuf, String)>,
    seen: &mut usize,
) -> Result<(), CliError> {
    let read = std::fs::read_dir(dir)
        .map_err(|e| CliError::usage(format!("{flag} {}: cannot list: {e}", dir.display())))?;
    for item in read {
        let item = item.map_err(|e| CliError::usage(format!("{flag} {}: {e}", dir.display())))?;
        *seen += 1;
        if *seen > MAX_ENTRIES {
            return Err(CliError::usage(format!(
                "{flag}: more than {MAX_ENTRIES} entries under it; point at the data set's folder"
            )));
        }
        let name = item.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name == "__MACOSX" {
            continue;
        }
        let path = item.path();
        let rel = if relative.is_empty() { name } else { format!("{relative}/{name}") };
        // Follows symbolic links; a link loop stops at the depth limit.
        match std::fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => {
                if depth < MAX_DEPTH {
                    visit(&path, &rel, depth + 1, flag, files, seen)?;
                }
            }
            Ok(_) => files.push((path, rel)),
            Err(_) => files.push((path, rel)),
        }
    }
    Ok(())
}

/// A map of loss name → number, in the losses' order.
struct LossMap<'a> {
    losses: &'a [LossName],
    values: Vec<f64>,
}

impl Serialize for LossMap<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.losses.len()))?;
        for (loss, value) in self.losses.iter().zip(&self.values) {
            map.serialize_entry(loss.as_str(), value)?;
        }
        map.end()
    }
}

/// The metrics at `p ≥ 0.5`.
#[derive(Serialize)]
struct JsonScores {
    dice: f64,
    iou: f64,
    precision: f64,
    recall: f64,
}

impl From<Scores> for JsonScores {
    fn from(s: Scores) -> JsonScores {
        JsonScores { dice: s.dice, iou: s.iou, precision: s.precision, recall: s.recall }
    }
}

/// One image of the JSON output.
#[derive(Serialize)]
struct JsonImage<'a> {
    name: &'a str,
    shape: &'a [usize],
    pixels: usize,
    target_pixels: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    losses: LossMap<'a>,
    gradient_share: LossMap<'a>,
    metrics: JsonScores,
}

/// One summary row of the JSON output.
#[derive(Serialize)]
struct JsonRow<'a> {
    bin: &'static str,
    images: usize,
    losses: LossMap<'a>,
    metrics: JsonScores,
    gradient_share: LossMap<'a>,
}

/// The summary of the JSON output.
#[derive(Serialize)]
struct JsonSummary<'a> {
    images: usize,
    bins: Vec<JsonRow<'a>>,
    all: JsonRow<'a>,
}

/// The whole JSON output.
#[derive(Serialize)]
struct JsonOut<'a> {
    images: Vec<JsonImage<'a>>,
    summary: JsonSummary<'a>,
    errors: &'a [DatasetError],
}

impl DatasetReport {
    /// The JSON object (one line): images, summary, errors. Numbers are f64 in shortest
    /// round-trip form; a non-finite one is an internal error, never printed as `null`.
    pub fn to_json(&self) -> Result<String, CliError> {
        let losses = &self.losses[..];
        let row = |r: &SummaryRow| JsonRow {
            bin: r.bin.map_or("all", SizeBin::key),
            images: r.images,
            losses: LossMap { losses, values: r.losses.clone() },
            metrics: r.metrics.into(),
            gradient_share: LossMap { losses, values: r.gradient_share.clone() },
        };
        let images = self
            .reports
            .iter()
            .enumerate()
            .map(|(i, r)| JsonImage {
                name: &r.name,
                shape: &r.shape,
                pixels: r.pixels,
                target_pixels: r.target_pixels,
                image: self.images.get(i).and_then(|x| x.as_deref()),
                losses: LossMap { losses, values: r.losses.iter().map(|l| l.value).collect() },
                gradient_share: LossMap {
                    losses,
                    values: self.shares.iter().map(|per| per[i]).collect(),
                },
                metrics: r.metrics.into(),
            })
            .collect();
        let out = JsonOut {
            images,
            summary: JsonSummary {
                images: self.reports.len(),
                bins: self.summary.bins.iter().map(row).collect(),
                all: row(&self.summary.all),
            },
            errors: &self.errors,
        };
        if let Some(at) = self.first_not_finite() {
            return Err(CliError::internal(format!("a non-finite number in {at}")));
        }
        serde_json::to_string(&out).map_err(|e| CliError::internal(format!("JSON output: {e}")))
    }

    /// Where the first non-finite number is, if any (serde_json would write it as `null`).
    fn first_not_finite(&self) -> Option<String> {
        fn bad(values: impl IntoIterator<Item = f64>) -> bool {
            values.into_iter().any(|v| !v.is_finite())
        }
        let scores = |s: &Scores| [s.dice, s.iou, s.precision, s.recall];
        for r in &self.reports {
            let values = r.losses.iter().flat_map(|l| [l.value, l.grad_l1]);
            if bad(values.chain(scores(&r.metrics))) {
                return Some(r.name.clone());
            }
        }
        if bad(self.shares.iter().flatten().copied()) {
            return Some("gradient_share".to_string());
        }
        for row in self.summary.bins.iter().chain([&self.summary.all]) {
            let values = row.losses.iter().chain(&row.gradient_share).copied();
            if bad(values.chain(scores(&row.metrics))) {
                return Some(format!("summary {}", row.bin.map_or("all", SizeBin::key)));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::on_every_core;

    #[test]
    fn every_index_is_done_once_and_reported_in_order() {
        for count in [0, 1, 2, 7, 100] {
            let done = on_every_core(count, |i, _| (i, std::thread::current().id()));
            let indices: Vec<usize> = done.iter().map(|&(i, _)| i).collect();
            assert_eq!(indices, (0..count).collect::<Vec<_>>(), "count {count}");
        }
    }
}
