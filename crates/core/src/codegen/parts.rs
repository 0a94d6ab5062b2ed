//! Python pieces several snippets share: the imports, and the soft Dice part in torch and
//! Keras (the region losses, Dice + CE, Dice + focal, log-cosh Dice). Its own file so that the
//! libraries' files and the losses-compound.md files (`torch_compound.rs`,
//! `keras_compound.rs`) both depend on it, and not on each other.

use super::common::{axis_line, dims_line, py};
use crate::{BatchReduction, DiceParams};

/// The imports of a plain torch snippet.
pub(super) const TORCH: &str = "import torch\nimport torch.nn.functional as F\n";

/// The imports of a Keras snippet.
pub(super) const KERAS: &str = "import keras\nfrom keras import ops\n";

/// Torch lines computing `p`, the sums (per image or pooled) and the soft Dice loss into
/// `dice` (1 − D).
pub(super) fn torch_dice_lines(d: &DiceParams, r: BatchReduction) -> String {
    torch_dice_part(d.smooth, d.smooth, d.squared, r)
}

/// [`torch_dice_lines`] with MONAI's two smoothing terms: `1 − (2I + s_nr)/(den + s_dr)`.
pub(super) fn torch_dice_part(
    smooth_nr: f64,
    smooth_dr: f64,
    squared: bool,
    r: BatchReduction,
) -> String {
    let den = if squared {
        "(target ** 2).sum(dims) + (p ** 2).sum(dims)  # squared (V-Net)"
    } else {
        "target.sum(dims) + p.sum(dims)"
    };
    format!(
        "    p = torch.sigmoid(logits)\n{dims}    inter = (target * p).sum(dims)\n    den = {den}\n    dice = 1 - (2 * inter + {nr}) / (den + {dr})\n",
        dims = dims_line(r),
        nr = py(smooth_nr),
        dr = py(smooth_dr)
    )
}

/// Keras lines computing the sums (per image or pooled) and the soft Dice loss of `y_pred`
/// into `dice` (1 − D).
pub(super) fn keras_dice_lines(d: &DiceParams, r: BatchReduction) -> String {
    keras_dice_part(d.smooth, d.smooth, d.squared, r)
}

/// [`keras_dice_lines`] with MONAI's two smoothing terms: `1 − (2I + s_nr)/(den + s_dr)`.
pub(super) fn keras_dice_part(
    smooth_nr: f64,
    smooth_dr: f64,
    squared: bool,
    r: BatchReduction,
) -> String {
    let den = if squared {
        "ops.sum(y_true ** 2, axis) + ops.sum(y_pred ** 2, axis)  # squared (V-Net)"
    } else {
        "ops.sum(y_true, axis) + ops.sum(y_pred, axis)"
    };
    format!(
        "{axis}    inter = ops.sum(y_true * y_pred, axis)\n    den = {den}\n    dice = 1 - (2 * inter + {nr}) / (den + {dr})\n",
        axis = axis_line(r),
        nr = py(smooth_nr),
        dr = py(smooth_dr)
    )
}
