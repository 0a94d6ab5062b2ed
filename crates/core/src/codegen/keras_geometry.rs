//! Keras 3 code of the geometry losses (`losses-geometry.md`; Keras ships none of them), with
//! `keras.ops` and SciPy for the distance maps. Keras losses take probabilities `[B, H, W, 1]`:
//! these losses take no logarithm, so `p` is used as given (no clip).

use super::common::{axis_line, py};
use super::parts::{keras_dice_part, KERAS};
use super::torch_geometry::{
    boundary_dtype, boundary_idc, DISTANCE_FIELD, GEOMETRY_MEAN, ONE_HOT2DIST, SCIPY,
};
use crate::{BatchReduction, BoundaryParams, CldiceParams, DiceCldiceParams, HausdorffDtParams};

const DEF: &str = "\n\ndef loss_fn(y_true, y_pred):\n";

/// SciPy runs on values: outside a compiled graph only.
const EAGER: &str = "    # SciPy needs the values: run the training step eagerly (model.compile(..., run_eagerly=True))\n";

/// MONAI's soft morphology with `keras.ops` on `[B, H, W, 1]` (channels last): `"same"`
/// padding never wins a max (the border is not background), as torch's padded `max_pool2d`.
const SOFT_SKEL: &str = "def soft_erode(x):\n    p1 = -ops.max_pool(-x, (3, 1), strides=1, padding=\"same\")\n    p2 = -ops.max_pool(-x, (1, 3), strides=1, padding=\"same\")\n    return ops.minimum(p1, p2)\n\n\ndef soft_dilate(x):\n    return ops.max_pool(x, (3, 3), strides=1, padding=\"same\")\n\n\ndef soft_open(x):\n    return soft_dilate(soft_erode(x))\n\n\ndef soft_skel(x, iters):\n    \"\"\"MONAI's soft_skel (monai/losses/cldice.py): one skeleton per image.\"\"\"\n    skel = ops.relu(x - soft_open(x))\n    for _ in range(iters):\n        x = soft_erode(x)\n        delta = ops.relu(x - soft_open(x))\n        skel = skel + ops.relu(delta - skel * delta)\n    return skel\n";

/// Boundary loss: the authors' maps (as their Keras `calc_dist_map`, with `one_hot2dist`'s
/// channels) and `SurfaceLoss`'s mean.
pub(super) fn boundary(p: &BoundaryParams) -> String {
    format!(
        "{KERAS}{SCIPY}\n\n{ONE_HOT2DIST}{DEF}{EAGER}    # the maps: SciPy on the CPU, one image at a time, from the hard target (constants: no gradient)\n    dtype = {dtype}\n    y = ops.convert_to_numpy(y_true)[..., 0]\n    dist = np.stack([one_hot2dist(np.stack([1 - t, t]), dtype) for t in y])  # [B, 2, H, W]\n    dist = ops.convert_to_tensor(np.moveaxis(dist, 1, -1).astype(np.float64), dtype=y_pred.dtype)  # channels last\n    probs = ops.concatenate([1 - y_pred, y_pred], axis=-1)  # two channels: background, object\n    idc = {idc}\n    {GEOMETRY_MEAN}\n    return ops.mean(ops.take(probs * dist, idc, axis=-1))\n",
        dtype = boundary_dtype(p),
        idc = boundary_idc(p)
    )
}

/// Hausdorff-DT loss (MONAI's `HausdorffDTLoss`), the fields in float64.
pub(super) fn hausdorff_dt(p: &HausdorffDtParams) -> String {
    format!(
        "{KERAS}{SCIPY}\n\n{DISTANCE_FIELD}{DEF}{EAGER}    # both fields: SciPy on the CPU, one image at a time, from the values (constants: no gradient)\n    f_p = ops.convert_to_tensor(distance_field(ops.convert_to_numpy(y_pred)[..., 0])[..., None], dtype=y_pred.dtype)\n    f_y = ops.convert_to_tensor(distance_field(ops.convert_to_numpy(y_true)[..., 0])[..., None], dtype=y_pred.dtype)\n    alpha = {a}\n    {GEOMETRY_MEAN}\n    return ops.mean((y_pred - y_true) ** 2 * (f_p ** alpha + f_y ** alpha))\n",
        a = py(p.alpha)
    )
}

/// The clDice lines from `y_true`, `y_pred` and `axis` into `cldice`.
fn keras_cldice_lines(c: &CldiceParams) -> String {
    format!(
        "    skel_p, skel_y = soft_skel(y_pred, {k}), soft_skel(y_true, {k})  # iter_ = {k}\n    tprec = (ops.sum(skel_p * y_true, axis) + {nr}) / (ops.sum(skel_p, axis) + {dr})\n    tsens = (ops.sum(skel_y * y_pred, axis) + {nr}) / (ops.sum(skel_y, axis) + {dr})\n    cldice = 1 - 2 * tprec * tsens / (tprec + tsens + {s})\n",
        k = c.iterations,
        nr = py(c.smooth_nr),
        dr = py(c.smooth_dr),
        s = py(c.smooth)
    )
}

/// Soft clDice (MONAI's `SoftclDiceLoss`).
pub(super) fn cldice(c: &CldiceParams, r: BatchReduction) -> String {
    format!(
        "{KERAS}\n\n{SOFT_SKEL}{DEF}{axis}{lines}    return ops.mean(cldice)\n",
        axis = axis_line(r),
        lines = keras_cldice_lines(c)
    )
}

/// Dice + clDice (MONAI's `SoftDiceclDiceLoss`).
pub(super) fn dice_cldice(d: &DiceCldiceParams, r: BatchReduction) -> String {
    let c = &d.cldice;
    format!(
        "{KERAS}\n\n{SOFT_SKEL}{DEF}{dice}{lines}    alpha = {a}  # the weight of clDice (MONAI's alpha)\n    return ops.mean((1 - alpha) * dice + alpha * cldice)\n",
        dice = keras_dice_part(c.smooth_nr, c.smooth_dr, false, r),
        lines = keras_cldice_lines(c),
        a = py(d.alpha)
    )
}
