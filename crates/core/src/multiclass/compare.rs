//! One batch, four libraries' "Dice loss" with their defaults: the same name, different
//! numbers (`multiclass.md`, "Same name, different numbers").
//!
//! ```text
//! monai-per-image  DiceLoss(softmax=True, to_onehot_y=True, batch=False)
//!                  dice, smooth 1e-5, background kept, per image, absent = keep
//! monai-pooled     DiceLoss(softmax=True, to_onehot_y=True, batch=True)
//!                  the same, pooled over the batch
//! smp              DiceLoss("multiclass")
//!                  dice, smooth 0 (smp's 0 · 2), background kept, pooled, absent = zero
//! keras-article    dice_coef_loss(y_true, y_pred)   (the article's Keras code, smooth 1)
//!                  K.sum(…, axis=[1,2,3]) on channels-last [B, H, W, C] sums H, W and the
//!                  channels: one binary Dice per image over all its C·H·W values, then the
//!                  batch mean — Loss::evaluate_batch of binary Dice, one image = C planes
//! ```
//! Every value comes from the engine ([`McConfig::evaluate`]) or the binary core
//! ([`Loss::evaluate_batch`]); nothing here is a formula. The golden file
//! `tests/golden/mc_compare.json` (`tools/oracle/make_mc_compare.py`) holds the libraries'
//! own numbers.

use super::{McInput, McInputError, McShape};
use crate::eval::BatchReduction;
use crate::params::multiclass::{Absent, Activation, McConfig, McLossName};
use crate::{Binary, DiceParams, Loss, LossConfig, ParamValue};

/// A library's Dice loss as its users call it by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Library {
    /// MONAI `DiceLoss(softmax=True, to_onehot_y=True)` (its default `batch=False`).
    MonaiPerImage,
    /// MONAI `DiceLoss(softmax=True, to_onehot_y=True, batch=True)`.
    MonaiPooled,
    /// segmentation_models_pytorch `DiceLoss("multiclass")`.
    Smp,
    /// The article's Keras `dice_coef_loss` (`/work/shared/seed/`).
    KerasArticle,
}

impl Library {
    /// Every library, in the order the page shows them.
    pub const ALL: [Library; 4] =
        [Library::MonaiPerImage, Library::MonaiPooled, Library::Smp, Library::KerasArticle];

    /// The name in hooks (`data-compare`).
    pub fn as_str(self) -> &'static str {
        match self {
            Library::MonaiPerImage => "monai-per-image",
            Library::MonaiPooled => "monai-pooled",
            Library::Smp => "smp",
            Library::KerasArticle => "keras-article",
        }
    }

    /// The library call whose number this is, as its users write it.
    pub fn call(self) -> &'static str {
        match self {
            Library::MonaiPerImage => "DiceLoss(softmax=True, to_onehot_y=True, batch=False)",
            Library::MonaiPooled => "DiceLoss(softmax=True, to_onehot_y=True, batch=True)",
            Library::Smp => "DiceLoss(\"multiclass\")",
            Library::KerasArticle => "dice_coef_loss(y_true, y_pred)  # smooth=1, axis=[1,2,3]",
        }
    }

    /// The i18n key of the one line saying why this number differs. English:
    /// - `classes.compare.reason.monai-per-image`: "One Dice per image and class, background
    ///   included, then the mean: a class missing from an image but predicted there costs
    ///   about 1 in that image (smooth 1e-5)."
    /// - `classes.compare.reason.monai-pooled`: "The sums run over the whole batch first: a
    ///   class present in any image counts as present, and small images weigh less."
    /// - `classes.compare.reason.smp`: "Pooled like MONAI's batch=True, without smoothing, and
    ///   a class with no pixel in the whole batch scores 0 while still counting in the mean."
    /// - `classes.compare.reason.keras-article`: "The article's code sums over height, width
    ///   and the channels at once: one Dice per image over all classes, background included
    ///   (smooth 1), so the large classes drown the small ones."
    pub fn reason(self) -> &'static str {
        match self {
            Library::MonaiPerImage => "classes.compare.reason.monai-per-image",
            Library::MonaiPooled => "classes.compare.reason.monai-pooled",
            Library::Smp => "classes.compare.reason.smp",
            Library::KerasArticle => "classes.compare.reason.keras-article",
        }
    }

    /// The engine's configuration of a library's call on `classes` channels (`None` for the
    /// article's Keras code, which is binary Dice over each image's channels).
    pub fn config(self, classes: usize) -> Option<McConfig> {
        let (smooth, batch, absent) = match self {
            Library::MonaiPerImage => (MONAI_SMOOTH, BatchReduction::PerImage, Absent::Keep),
            Library::MonaiPooled => (MONAI_SMOOTH, BatchReduction::Pooled, Absent::Keep),
            // smp's `smooth = 0` is our smooth 0 (ours = 2 × smp's).
            Library::Smp => (0.0, BatchReduction::Pooled, Absent::Zero),
            Library::KerasArticle => return None,
        };
        let params = [("smooth", ParamValue::Number(smooth))];
        let mut config = McConfig::from_params(McLossName::Dice, classes, &params, None).ok()?;
        config.aggregation.activation = Activation::Softmax;
        config.aggregation.include_background = true;
        config.aggregation.batch = batch;
        config.aggregation.absent = absent;
        Some(config)
    }
}

/// MONAI `DiceLoss`'s default `smooth_nr = smooth_dr`.
pub const MONAI_SMOOTH: f64 = 1e-5;
/// The article's `dice_coef(…, smooth=1)`.
pub const ARTICLE_SMOOTH: f64 = 1.0;

/// One library's number for the batch.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Which library.
    pub library: Library,
    /// Its Dice loss of the batch.
    pub value: f64,
    /// The exact call ([`Library::call`]).
    pub call: String,
    /// The i18n key of why it differs ([`Library::reason`]).
    pub reason: &'static str,
}

/// The Dice loss of one batch (`[B, C, H, W]`, `C ≥ 2`, softmax probabilities, one-hot or
/// soft targets) as each of [`Library::ALL`] computes it with its defaults.
pub fn compare(
    shape: McShape,
    target: &[f64],
    prob: &[f64],
) -> Result<Vec<Comparison>, McInputError> {
    if shape.classes < 2 {
        return Err(McInputError {
            field: "shape",
            message: "the libraries' multi-class Dice needs C ≥ 2 channels".to_string(),
        });
    }
    let input = McInput::new(shape, target, prob, Activation::Softmax)?;
    let mut out = Vec::with_capacity(Library::ALL.len());
    for library in Library::ALL {
        let value = match library.config(shape.classes) {
            Some(config) => config.evaluate(input).value,
            None => article_dice(shape, target, prob)?,
        };
        out.push(Comparison {
            library,
            value,
            call: library.call().to_string(),
            reason: library.reason(),
        });
    }
    Ok(out)
}

/// The article's `dice_coef_loss`: binary Dice (smooth 1) of each image's `C·H·W` values at
/// once (in `[B, C, H, W]` they are contiguous), averaged over the batch.
fn article_dice(shape: McShape, target: &[f64], prob: &[f64]) -> Result<f64, McInputError> {
    let refuse = |e: crate::InputError| McInputError { field: "prob", message: e.to_string() };
    let loss = Loss::new(LossConfig::Dice(DiceParams { smooth: ARTICLE_SMOOTH, squared: false }))
        .map_err(|e| McInputError { field: "shape", message: e.to_string() })?;
    let input = Binary::new(target, prob).map_err(refuse)?;
    let out = loss.evaluate_batch(input, shape.images, BatchReduction::PerImage).map_err(refuse)?;
    Ok(out.value)
}
