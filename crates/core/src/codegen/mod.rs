//! Code export: the current loss and parameters as Python for PyTorch (plain), MONAI,
//! segmentation_models_pytorch (smp) and Keras 3, with the parameters translated to each
//! library's convention, and notes where a library names, places or reduces things
//! differently or cannot express a setting.
//!
//! Pure text generation; the app shows it, `crates/core/tests/codegen.rs` checks the
//! translations, and `tools/oracle/check_snippets.py` runs the snippets against the real
//! libraries and compares with `losslab eval`.
//!
//! Every snippet defines `loss_fn` and reduces a batch as asked, like
//! `Loss::evaluate_batch` with the same [`BatchReduction`]: `PerImage` (the article's: each
//! image's loss, then the mean over the batch) or `Pooled` (the race's default: the sums run
//! over the whole batch at once, nnU-Net's batch Dice). Each library's batch variant is used
//! where it has one: MONAI's `batch=True`, smp's region losses as they are (they pool the
//! batch: `dims = (0, 2)`), Keras' `axis=None`, the torch reference's `dims = (0, 1, 2, 3)`;
//! where a library has only one, the other is written by hand and a note says so.
//! - PyTorch, MONAI, smp: `loss_fn(logits, target)`, both `[B, 1, H, W]` float tensors,
//!   `logits` before the sigmoid.
//! - Keras: `loss_fn(y_true, y_pred)`, `[B, H, W, 1]`, `y_pred` probabilities (after the
//!   sigmoid), as Keras losses take them.
//!
//! The conventions (checked against the libraries' sources: MONAI 1.6, smp 0.6, Keras 3.15,
//! and by `tools/oracle/make_golden.py`, which runs each library with these translations):
//! - Tversky: losslab (the article) puts `alpha` on false negatives, `beta` on false
//!   positives. MONAI's and smp's `alpha` weigh false positives: the two are swapped. Keras'
//!   `tversky` code multiplies false negatives by `alpha` (its docstring says the opposite):
//!   no swap.
//! - Focal `alpha` multiplies the `y = 1` term in torchvision, MONAI, smp and Keras alike.
//! - Smoothing: smp's Dice is `(TP + s)/((Σy + Σp)/2 + s)`, so losslab's `s` is smp's `2s`;
//!   MONAI's Jaccard is `(2I + s)/(2U + s)`, so losslab's `ε` is MONAI's `s/2`; Keras' Dice
//!   and Tversky have no smoothing (only `1e-7` in the denominator).
//! - Reductions: MONAI's `FocalLoss(reduction="sum")` averages over pixels first; smp's
//!   region losses pool the whole batch and score an empty target 0 (an empty batch when
//!   pooled); Keras' `axis=None` pools the batch; MONAI's `batch=True` adds the batch to the
//!   summed dimensions.
//!
//! One file per library (`torch.rs`, `monai.rs`, `smp.rs`, `keras.rs`); `common.rs` has what
//! they share: the libraries, the notes, the Python number format, and [`TRANSLATIONS`],
//! where each of losslab's parameters goes in each library. This file picks the library.

mod added;
mod common;
mod keras;
mod monai;
mod smp;
mod torch;

use crate::params::bce_dice::WeightPreset;
use crate::{BatchReduction, LossConfig};
pub use common::{py, translation, Argument, Library, Note, Snippet, Translation, TRANSLATIONS};

/// The code of `config` for `library`, reducing a batch by `reduction`.
pub fn snippet(config: &LossConfig, library: Library, reduction: BatchReduction) -> Snippet {
    let mut notes = Vec::new();
    let r = reduction;
    let code = match library {
        Library::Pytorch => torch::pytorch(config, r, &mut notes),
        Library::Monai => monai::monai(config, r, &mut notes),
        Library::Smp => smp::smp(config, r, &mut notes),
        Library::Keras => keras::keras(config, r, &mut notes),
    };
    if let LossConfig::BceDice(p) = config {
        if WeightPreset::of(p) != Some(WeightPreset::Libraries) {
            notes.push(Note::BceDiceWeights { w_bce: p.w_bce, w_dice: p.w_dice });
        }
    }
    Snippet { library, reduction, code, notes }
}

/// Every library's snippet for `config`, in [`Library::ALL`] order.
pub fn snippets(config: &LossConfig, reduction: BatchReduction) -> Vec<Snippet> {
    Library::ALL.iter().map(|&l| snippet(config, l, reduction)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every argument the table names is in the snippet of each loss it holds for, with
    /// losslab's value (scaled where it says; swapped weights checked by their values).
    #[test]
    fn the_table_names_what_the_snippets_write() {
        let both = [BatchReduction::PerImage, BatchReduction::Pooled];
        for t in TRANSLATIONS {
            for (&loss, r) in t.losses.iter().flat_map(|l| both.map(|r| (l, r))) {
                let config = LossConfig::default_for(loss);
                let Snippet { code, notes, .. } = snippet(&config, t.library, r);
                if notes.iter().any(|n| matches!(n, Note::NoSmoothing | Note::Handwritten)) {
                    continue; // the library's call is not used for these settings
                }
                let value = match config.get(t.param.key) {
                    Some(crate::ParamValue::Number(x)) => Some(x),
                    _ => None,
                };
                let (name, shown) = match t.argument {
                    Argument::Named(n) | Argument::Swapped(n) => (n, value),
                    Argument::Scaled { name, factor } => (name, value.map(|x| x * factor)),
                    Argument::ByHand => continue,
                };
                // `name=value` or `name=torch.tensor(value)`.
                let after = code.split_once(&format!("{name}=")).map(|(_, rest)| rest);
                let ok = after.is_some_and(|rest| {
                    let head: String = rest.chars().take(24).collect();
                    shown.is_none_or(|x| head.contains(&py(x)))
                });
                assert!(ok, "{loss} {:?} {r:?}: {name} = {shown:?} in\n{code}", t.library);
            }
        }
    }
}
