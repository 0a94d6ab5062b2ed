//! The geometry losses (`losses-geometry.md`) as plain PyTorch, with SciPy for the distance
//! maps; MONAI reuses the soft-skeleton lines, smp (which has none of them) the whole text.
//!
//! The maps are always per image (one distance transform, one skeleton per image); the batch
//! reduction only decides where the sums run. The boundary and Hausdorff-DT losses are pixel
//! means, so per image and pooled agree; clDice's ratios are per image (MONAI 1.6 reduces each
//! item, then averages) or over the whole batch (pooled).

use super::common::{dims_line, py};
use super::parts::{torch_dice_part, TORCH};
use crate::{BatchReduction, BoundaryParams, CldiceParams, DiceCldiceParams, HausdorffDtParams};

/// The imports of a snippet with SciPy's distance transform.
pub(super) const SCIPY: &str =
    "import numpy as np\nfrom scipy.ndimage import distance_transform_edt\n";

/// The authors' `one_hot2dist` (LIVIAETS/boundary-loss, `utils.py`, commit 171c32d), with
/// `bool` for the removed `np.bool`; Python shared by the torch and Keras snippets.
pub(super) const ONE_HOT2DIST: &str = "def one_hot2dist(seg, dtype):\n    \"\"\"The authors' signed distance maps (LIVIAETS/boundary-loss utils.py), one per class of a one-hot [K, H, W] array.\"\"\"\n    res = np.zeros_like(seg, dtype=dtype)\n    for k in range(len(seg)):\n        posmask = seg[k].astype(bool)\n        if posmask.any():  # an absent class's map stays 0\n            negmask = ~posmask\n            res[k] = distance_transform_edt(negmask) * negmask - (distance_transform_edt(posmask) - 1) * posmask\n    return res\n";

/// MONAI's `HausdorffDTLoss.distance_field` on `[B, H, W]` numpy arrays.
pub(super) const DISTANCE_FIELD: &str = "def distance_field(a):\n    \"\"\"MONAI's HausdorffDTLoss.distance_field per [H, W] image: edt(M) + edt(~M), M = a > 0.5; 0 if M is empty or full.\"\"\"\n    field = np.zeros(a.shape)\n    for b in range(len(a)):\n        m = a[b] > 0.5\n        if m.any() and not m.all():\n            field[b] = distance_transform_edt(m) + distance_transform_edt(~m)\n    return field\n";

/// MONAI's soft morphology (`monai/losses/cldice.py`, from the clDice authors' code) on
/// `[B, 1, H, W]` tensors: the skeleton of each image.
pub(super) const SOFT_SKEL: &str = "def soft_erode(x):\n    p1 = -F.max_pool2d(-x, (3, 1), (1, 1), (1, 0))\n    p2 = -F.max_pool2d(-x, (1, 3), (1, 1), (0, 1))\n    return torch.min(p1, p2)\n\n\ndef soft_dilate(x):\n    return F.max_pool2d(x, (3, 3), (1, 1), (1, 1))\n\n\ndef soft_open(x):\n    return soft_dilate(soft_erode(x))\n\n\ndef soft_skel(x, iters):\n    \"\"\"MONAI's soft_skel (monai/losses/cldice.py): one skeleton per image.\"\"\"\n    skel = F.relu(x - soft_open(x))\n    for _ in range(iters):\n        x = soft_erode(x)\n        delta = F.relu(x - soft_open(x))\n        skel = skel + F.relu(delta - skel * delta)\n    return skel\n";

/// The boundary loss's `dtype` argument: float64 maps, or the authors' int32 pipeline.
pub(super) fn boundary_dtype(p: &BoundaryParams) -> &'static str {
    if p.truncate {
        "np.int32  # truncate: the authors' data loader passes an int32 one-hot, so every distance is truncated toward zero"
    } else {
        "np.float64  # the real-valued maps (one_hot2dist(seg, dtype=float64))"
    }
}

/// The boundary loss's `idc`: the object's channel, and the background's with it.
pub(super) fn boundary_idc(p: &BoundaryParams) -> &'static str {
    if p.include_background {
        "[0, 1]  # include_background: both channels, SurfaceLoss(idc=[0, 1])"
    } else {
        "[1]  # the object's channel, SurfaceLoss(idc=[1])"
    }
}

/// The comment on the geometry losses that are a mean over pixels.
pub(super) const GEOMETRY_MEAN: &str = "# the mean over the batch, the channels and the pixels: per image and pooled agree (equal image sizes)";

/// Boundary loss (Kervadec et al.): the authors' maps and `SurfaceLoss`, in float64.
pub(super) fn boundary(p: &BoundaryParams) -> String {
    format!(
        "{TORCH}{SCIPY}\n\n{ONE_HOT2DIST}\n\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n    probs = torch.cat([1 - p, p], dim=1)  # two channels: background, object\n    # the maps: SciPy on the CPU, one image at a time, from the hard target (constants: no gradient)\n    dtype = {dtype}\n    y = target[:, 0].detach().cpu().numpy()\n    dist = np.stack([one_hot2dist(np.stack([1 - t, t]), dtype) for t in y])\n    dist = torch.as_tensor(dist, dtype=p.dtype, device=p.device)\n    idc = {idc}\n    {GEOMETRY_MEAN}\n    return (probs[:, idc] * dist[:, idc]).mean()\n",
        dtype = boundary_dtype(p),
        idc = boundary_idc(p)
    )
}

/// Hausdorff-DT loss (Karimi & Salcudean, MONAI's `HausdorffDTLoss`), the fields in float64.
pub(super) fn hausdorff_dt(p: &HausdorffDtParams) -> String {
    format!(
        "{TORCH}{SCIPY}\n\n{DISTANCE_FIELD}\n\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n    # both fields: SciPy on the CPU, one image at a time, from detached inputs (constants: no gradient)\n    f_p = torch.as_tensor(distance_field(p[:, 0].detach().cpu().numpy()), dtype=p.dtype, device=p.device)[:, None]\n    f_y = torch.as_tensor(distance_field(target[:, 0].detach().cpu().numpy()), dtype=p.dtype, device=p.device)[:, None]\n    alpha = {a}\n    {GEOMETRY_MEAN}\n    return ((p - target) ** 2 * (f_p ** alpha + f_y ** alpha)).mean()\n",
        a = py(p.alpha)
    )
}

/// The clDice lines from `p`, `target` and `dims` into `cldice` (one value per image, or one).
pub(super) fn torch_cldice_lines(c: &CldiceParams) -> String {
    format!(
        "    skel_p, skel_y = soft_skel(p, {k}), soft_skel(target, {k})  # iter_ = {k}\n    tprec = ((skel_p * target).sum(dims) + {nr}) / (skel_p.sum(dims) + {dr})\n    tsens = ((skel_y * p).sum(dims) + {nr}) / (skel_y.sum(dims) + {dr})\n    cldice = 1 - 2 * tprec * tsens / (tprec + tsens + {s})\n",
        k = c.iterations,
        nr = py(c.smooth_nr),
        dr = py(c.smooth_dr),
        s = py(c.smooth)
    )
}

/// Soft clDice (Shit et al., MONAI's `SoftclDiceLoss`).
pub(super) fn cldice(c: &CldiceParams, r: BatchReduction) -> String {
    format!(
        "{TORCH}\n\n{SOFT_SKEL}\n\ndef loss_fn(logits, target):\n    p = torch.sigmoid(logits)\n{dims}{lines}    return cldice.mean()\n",
        dims = dims_line(r),
        lines = torch_cldice_lines(c)
    )
}

/// Dice + clDice (MONAI's `SoftDiceclDiceLoss`): both parts with clDice's smoothing.
pub(super) fn dice_cldice(d: &DiceCldiceParams, r: BatchReduction) -> String {
    let c = &d.cldice;
    format!(
        "{TORCH}\n\n{SOFT_SKEL}\n\ndef loss_fn(logits, target):\n{dice}{lines}    alpha = {a}  # the weight of clDice (MONAI's alpha)\n    return ((1 - alpha) * dice + alpha * cldice).mean()\n",
        dice = torch_dice_part(c.smooth_nr, c.smooth_dr, false, r),
        lines = torch_cldice_lines(c),
        a = py(d.alpha)
    )
}
