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
//! The losses of `losses-compound.md` follow the same rules: MONAI's `DiceCELoss` and
//! `DiceFocalLoss` (`batch=`), smp's `LovaszLoss` (`per_image=`, fed float32) and smp's
//! `DiceLoss` with its BCE or focal loss; the rest written by hand from the contract
//! (nnU-Net's top-k CE is in none of the four libraries, Keras ships none of them), computing
//! what `losslab eval` computes: logits as given for the logit-native losses (Keras: the
//! logits of the clipped probabilities), `K = int(N·k/100)`, ties lower index first (a stable
//! sort), combo's `form`, unified focal's two channels.
//!
//! The geometry losses of `losses-geometry.md` follow them too: MONAI's `HausdorffDTLoss`
//! (`batch=`), `SoftclDiceLoss` and `SoftDiceclDiceLoss` (per image in MONAI 1.6: each item's
//! sums, then the mean; pooled by handing them the batch as the channels of one item), the
//! boundary loss as the authors' `one_hot2dist` and `SurfaceLoss`; the distance maps from
//! SciPy on the CPU, one image at a time, as constants for autograd; smp and Keras have none.
//!
//! The multi-class losses of `multiclass.md` ([`mc_snippets`] of an `McConfig`) are in
//! `multiclass.rs` (the libraries' calls) and `multiclass_hand.rs` (the formulas in torch and
//! Keras ops).
//!
//! One file per library (`torch.rs`, `monai.rs`, `smp.rs`, `keras.rs`), the plain torch and
//! Keras text of the losses of `losses-compound.md` in `torch_compound.rs` and
//! `keras_compound.rs`, of the geometry losses in `torch_geometry.rs` and `keras_geometry.rs`; `common.rs` has what they share (the libraries, the notes, the Python
//! number format), `parts.rs` the imports and Dice lines, and `translations.rs`
//! [`TRANSLATIONS`], where each of losslab's parameters goes in each library. `snippet.rs` picks the library; `builder.rs` composes two losses' code into the
//! compound builder's ([`compound_snippets`]).

mod builder;
mod common;
mod keras;
mod keras_compound;
mod keras_geometry;
mod monai;
mod multiclass;
mod multiclass_hand;
mod parts;
mod smp;
mod snippet;
mod torch;
mod torch_compound;
mod torch_geometry;
mod translations;

pub use builder::{compound_snippet, compound_snippets};
pub use common::{py, Library, Note, Snippet};
pub use multiclass::{mc_snippet, mc_snippets};
pub use snippet::{snippet, snippets};
pub use translations::{translation, Argument, Translation, TRANSLATIONS};
