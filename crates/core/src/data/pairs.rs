//! Pairing files into (target, prediction, image) by file stem, with each file's role from
//! its folder (`targets/`, `preds/`, `images/`) or given by the caller (the CLI's
//! `--targets DIR --preds DIR`, the app's two pickers).

use super::error::DataError;
use std::collections::BTreeMap;

/// What a file is in a data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// A ground-truth mask.
    Target,
    /// A model's prediction.
    Prediction,
    /// The input image (optional; the race trains on it).
    Image,
}

impl Role {
    /// The role's name in messages.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Target => "target",
            Role::Prediction => "prediction",
            Role::Image => "image",
        }
    }
}

/// The role a path's folders give it: the nearest folder named `targets`, `labels`, `masks`
/// or `gt` (a target), `preds`, `predictions` or `probs` (a prediction), `images` (an image).
pub fn role_of(path: &str) -> Option<Role> {
    let mut parts: Vec<&str> = path.split(['/', '\\']).collect();
    parts.pop();
    parts.iter().rev().find_map(|folder| match folder.to_ascii_lowercase().as_str() {
        "targets" | "target" | "labels" | "masks" | "gt" => Some(Role::Target),
        "preds" | "pred" | "predictions" | "probs" => Some(Role::Prediction),
        "images" | "image" | "inputs" => Some(Role::Image),
        _ => None,
    })
}

/// The extensions read, longest first.
const EXTENSIONS: [&str; 6] = [".nii.gz", ".nii", ".npy", ".png", ".jpg", ".jpeg"];

/// Whether a path names a file a data set may hold (by extension; hidden files are not).
pub fn is_data_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    !name.starts_with('.') && EXTENSIONS.iter().any(|e| lower.ends_with(e))
}

/// A file's stem: its name without folders and without `.nii.gz`, `.nii`, `.npy`, `.png`
/// (any case), or its last extension otherwise: `targets/case01.nii.gz` → `case01`.
pub fn stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    for ext in EXTENSIONS {
        if lower.ends_with(ext) && name.len() > ext.len() {
            return &name[..name.len() - ext.len()];
        }
    }
    match name.rfind('.') {
        Some(dot) if dot > 0 => &name[..dot],
        _ => name,
    }
}

/// One pair's files, as indices into the list given to [`pair_files`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PairedFiles {
    /// The common stem.
    pub name: String,
    /// The target's index.
    pub target: usize,
    /// The prediction's index.
    pub pred: usize,
    /// The image's index, when one has the stem.
    pub image: Option<usize>,
}

/// Pairs found, sorted by name, and the files that could not be paired.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pairing {
    /// Complete pairs.
    pub pairs: Vec<PairedFiles>,
    /// A target without a prediction, the other way round, or two files with one stem and role.
    pub errors: Vec<DataError>,
}

/// Pairs `(path, role)` files by stem. An image without a pair is left out silently (images
/// are optional context).
pub fn pair_files(files: &[(String, Role)]) -> Pairing {
    let mut by_stem: BTreeMap<&str, [Option<usize>; 3]> = BTreeMap::new();
    let mut errors = Vec::new();
    for (index, (path, role)) in files.iter().enumerate() {
        let slot = &mut by_stem.entry(stem(path)).or_default()[*role as usize];
        match slot {
            Some(first) => errors.push(DataError::new(
                path.as_str(),
                format!(
                    "a second {} with the stem \"{}\" (the first: {})",
                    role.as_str(),
                    stem(path),
                    files[*first].0
                ),
            )),
            None => *slot = Some(index),
        }
    }
    let mut pairs = Vec::new();
    for (name, [target, pred, image]) in by_stem {
        match (target, pred) {
            (Some(target), Some(pred)) => {
                pairs.push(PairedFiles { name: name.to_string(), target, pred, image })
            }
            (Some(t), None) => errors.push(DataError::new(
                files[t].0.as_str(),
                format!("a target without a prediction (no prediction has the stem \"{name}\")"),
            )),
            (None, Some(p)) => errors.push(DataError::new(
                files[p].0.as_str(),
                format!("a prediction without a target (no target has the stem \"{name}\")"),
            )),
            (None, None) => {}
        }
    }
    Pairing { pairs, errors }
}
