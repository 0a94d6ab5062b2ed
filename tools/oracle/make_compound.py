#!/usr/bin/env python3
"""Golden reference cases for the compound and ranking losses (shared/docs/losses-compound.md).

Writes crates/core/tests/golden/compound_cases.json (cases in the format of conformance.md:
`shape` [H, W] or [B, H, W] with `params.batch`, `prob` or `logit`, `params`, `value`,
`grad_prob`, `grad_logit`, `zero_over_zero`, and for `compound` the unweighted `terms`) and
crates/core/tests/golden/compound_library_differences.json (measurements, not asserted).

References, all in float64 with gradients from torch autograd:
- dice_ce:       MONAI DiceCELoss(sigmoid=True, ...) as shipped;
- dice_focal:    MONAI DiceLoss(sigmoid=True) + MONAI's own sigmoid_focal_loss, both in float64
                 (the shipped DiceFocalLoss casts the focal part to float32; measured, not used);
- topk_ce:       nnU-Net (pip nnunetv2) TopKLoss on two-channel logits [0, z], with torch.topk
                 replaced by a stable descending sort's first K (the contract's tie rule);
- lovasz_hinge:  smp LovaszLoss(mode="binary") with its `_lovasz_grad` label cumsums cast to
                 float64 instead of float32 (the shipped code fails on float64 logits) and its
                 torch.sort made stable (the contract's tie rule);
- log_cosh_dice: line-by-line float64 torch translation of Jadon's SemSegLoss
                 `log_cosh_dice_loss` (-> dice_loss -> generalized_dice_coefficient);
- combo:         line-by-line float64 torch translation of Taghanaki's combo_loss.py, one
                 branch per `form` (2019 upload, current file, and the paper's equation);
- unified_focal: line-by-line float64 torch translation of Yeung's asym_unified_focal_loss.
Every such case is cross-checked against an independent torch implementation of the contract's
formulas written below from the spec (value and both gradients, relative 1e-9 per entry), and
the script stops if they disagree. Where no library computes the contract's number (0/0, an
empty TopK selection, |z| where autograd through the library loses digits), the case uses the
independent implementation and says so in `source`.

The contract's "Identities the tests must assert" are checked here numerically (asserts), as
are central finite differences of every case away from kinks and ties.

Run:  KERAS_BACKEND=torch /work/oracle-venv/bin/python tools/oracle/make_compound.py
(it imports make_golden.py for the shared helpers; see tools/oracle/README.md)
"""

import inspect
import json
import sys
import types
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_golden as mg  # noqa: E402  (sets float64 defaults, Keras on torch)

import nnunetv2  # noqa: E402
import numpy as np  # noqa: E402
import segmentation_models_pytorch as smp  # noqa: E402
import torch  # noqa: E402
from monai.losses import DiceCELoss, DiceFocalLoss, DiceLoss  # noqa: E402
from monai.losses.focal_loss import sigmoid_focal_loss as monai_sigmoid_focal_loss  # noqa: E402
from nnunetv2.training.loss import robust_ce_loss  # noqa: E402
from segmentation_models_pytorch.losses import lovasz as smp_lovasz  # noqa: E402
from torchvision.ops import sigmoid_focal_loss as tv_sigmoid_focal_loss  # noqa: E402

warnings.filterwarnings("ignore", category=UserWarning)
warnings.filterwarnings("ignore", category=FutureWarning)

D = torch.float64
EPS = mg.EPS
t, fl, grads, clamp_tf, GRADS = mg.t, mg.fl, mg.grads, mg.clamp_tf, mg.GRADS
OUT = mg.OUT
VERSIONS = dict(mg.VERSIONS, nnunetv2=getattr(nnunetv2, "__version__", None))
if VERSIONS["nnunetv2"] is None:
    from importlib.metadata import version

    VERSIONS["nnunetv2"] = version("nnunetv2")

LOGIT_NATIVE = {"dice_ce", "dice_focal", "topk_ce", "lovasz_hinge"}
FT_FLOOR = 1e-12


# ---------------------------------------------------------------------------------------------
# The contract's tie rule in torch: a stable descending sort keeps the original (lower index
# first) order among equal keys. Checked here, since the script relies on it.
# ---------------------------------------------------------------------------------------------
_k = t([1.0, 3.0, 3.0, 2.0] + [3.0] * 30)
_idx = torch.sort(_k, descending=True, stable=True).indices.tolist()
assert _idx == [1, 2] + list(range(4, 34)) + [3, 0], _idx


class _TorchStableSort(types.ModuleType):
    """A stand-in for the `torch` module inside a library file: everything is torch's, except
    `sort` (stable) and `topk` (the first K of a stable descending sort), so that ties come
    lower index first, as the contract fixes. Values are unchanged; only which tied pixel gets
    which gradient."""

    def __getattr__(self, name):
        return getattr(torch, name)

    @staticmethod
    def sort(x, dim=-1, descending=False, **_kw):
        return torch.sort(x, dim=dim, descending=descending, stable=True)

    @staticmethod
    def topk(x, k, dim=-1, largest=True, sorted=True):  # noqa: A002
        assert largest and x.dim() == 1
        s = torch.sort(x, dim=dim, descending=True, stable=True)
        return s.values[:k], s.indices[:k]


STABLE_TORCH = _TorchStableSort("torch_stable_sort")


# ---------------------------------------------------------------------------------------------
# Independent float64 implementations of losses-compound.md, written from the spec (one image,
# flat tensors). Logit-native losses take z, the others p. `FLAG[0]` records a 0/0 (or an
# empty TopK selection) while evaluating.
# ---------------------------------------------------------------------------------------------
FLAG = [False]
FD_PIXELS = [0]  # pixels checked against central finite differences


class Sig(torch.autograd.Function):
    """σ(z) whose derivative is σ(z)·σ(−z) (exact in f64 for any |z|, unlike σ·(1−σ))."""

    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return torch.sigmoid(z)

    @staticmethod
    def backward(ctx, g):
        (z,) = ctx.saved_tensors
        return g * torch.sigmoid(z) * torch.sigmoid(-z)


def softplus(x):
    """ln(1 + eˣ), with derivative σ(x) computed without cancellation."""
    return torch.logaddexp(torch.zeros_like(x), x)


def dice_coef(y, p, s_nr, s_dr):
    num = 2 * (y * p).sum() + s_nr
    den = y.sum() + p.sum() + s_dr
    if float(num.detach()) == 0.0 and float(den.detach()) == 0.0:
        FLAG[0] = True
        return (p * 0.0).sum() + 1.0  # D = 1, zero gradient
    return num / den


def bce_from_logits(y, z, w=1.0):
    """−w·y·ln σ(z) − (1−y)·ln(1−σ(z)) = w·y·softplus(−z) + (1−y)·softplus(z) (= §11's ℓ)."""
    return w * y * softplus(-z) + (1 - y) * softplus(z)


def ref_dice_ce(y, z, smooth_nr=1e-5, smooth_dr=1e-5, w_dice=1.0, w_ce=1.0, pos_weight=None):
    p = Sig.apply(z)
    d = dice_coef(y, p, smooth_nr, smooth_dr)
    w = 1.0 if pos_weight is None else pos_weight
    return w_dice * (1 - d) + w_ce * bce_from_logits(y, z, w).mean()


def ref_dice_focal(y, z, smooth_nr=1e-5, smooth_dr=1e-5, gamma=2.0, alpha=None, w_dice=1.0, w_focal=1.0):
    p = Sig.apply(z)
    d = dice_coef(y, p, smooth_nr, smooth_dr)
    tt = 2 * y - 1
    f = Sig.apply(-tt * z)
    b = bce_from_logits(y, z)  # softplus(z) − z·y, without the subtraction
    a = 1.0 if alpha is None else y * alpha + (1 - y) * (1 - alpha)
    ell = a * f**gamma * b
    return w_dice * (1 - d) + w_focal * ell.mean()


def topk_count(n, k):
    return int((n * k) / 100)  # f64, in nnU-Net's order


def ref_topk_ce(y, z, k=10.0):
    yb = (y >= 1).to(D)  # nnU-Net's .long(): y < 1 counts as 0
    ell = bce_from_logits(yb, z)
    kk = topk_count(ell.numel(), k)
    if kk == 0:
        FLAG[0] = True
        return (z * 0.0).sum()
    sel = torch.sort(ell.detach(), descending=True, stable=True).indices[:kk]
    return ell[sel].sum() / kk


def ref_lovasz_hinge(y, z):
    assert bool(((y == 0) | (y == 1)).all()), "lovasz_hinge is binary only"
    tt = 2 * y - 1
    e = 1 - z * tt
    perm = torch.sort(e.detach(), descending=True, stable=True).indices
    ys = y[perm]
    n = y.numel()
    g_tot = y.sum()
    c = torch.cumsum(ys, 0)
    k = torch.arange(1, n + 1, dtype=D)
    inter = g_tot - c
    union = g_tot + k - c
    jac = 1 - inter / union
    g = torch.cat([jac[:1], jac[1:] - jac[:-1]])
    return (torch.relu(e[perm]) * g).sum()


def ref_log_cosh_dice(y, p, smooth=1.0):
    x = 1 - dice_coef(y, p, smooth, smooth)
    return torch.log(torch.cosh(x))


COMBO_AB = {"paper": lambda b: (b, 1 - b), "authors_2019": lambda b: (b, b * (1 - b)), "authors_2020": lambda b: (b, -(1 - b))}


def ref_combo(y, p, ce_ratio=0.5, beta=0.5, smooth=1.0, form="paper"):
    d = dice_coef(y, p, smooth, smooth)
    ph = clamp_tf(p)
    a, b = COMBO_AB[form](beta)
    c = -a * y * torch.log(ph) - b * (1 - y) * torch.log(1 - ph)
    return ce_ratio * c.mean() - (1 - ce_ratio) * d


def ref_unified_focal(y, p, lam=0.5, delta=0.6, gamma=0.5):
    q0, q1 = clamp_tf(1 - p), clamp_tf(p)
    y0, y1 = 1 - y, y
    lf = ((1 - delta) * (1 - q0) ** gamma * (-y0 * torch.log(q0)) + delta * (-y1 * torch.log(q1))).mean()

    def tv(yc, qc):
        tp, fn, fp = (yc * qc).sum(), (yc * (1 - qc)).sum(), ((1 - yc) * qc).sum()
        return (tp + EPS) / (tp + delta * fn + (1 - delta) * fp + EPS)

    t0, t1 = tv(y0, q0), tv(y1, q1)
    base = 1 - t1
    if float(base.detach()) >= FT_FLOOR:
        fore = base ** (1 - gamma)
    else:  # value (1−T₁)^(1−γ), gradient with 1e-12 in place of 1 − T₁
        fore = max(float(base.detach()), 0.0) ** (1 - gamma) + (1 - gamma) * FT_FLOOR ** (-gamma) * (base - base.detach())
    lft = 0.5 * ((1 - t0) + fore)
    return lam * lft + (1 - lam) * lf


def ref_single(loss, q):
    """The independent implementation of one image, params q (names of the contract)."""
    if loss == "dice_ce":
        return lambda y, z: ref_dice_ce(y, z, q.get("smooth_nr", 1e-5), q.get("smooth_dr", 1e-5), q.get("w_dice", 1.0),
                                        q.get("w_ce", 1.0), q.get("pos_weight"))
    if loss == "dice_focal":
        return lambda y, z: ref_dice_focal(y, z, q.get("smooth_nr", 1e-5), q.get("smooth_dr", 1e-5), q.get("gamma", 2.0),
                                           q.get("alpha"), q.get("w_dice", 1.0), q.get("w_focal", 1.0))
    if loss == "topk_ce":
        return lambda y, z: ref_topk_ce(y, z, q.get("k", 10.0))
    if loss == "lovasz_hinge":
        return ref_lovasz_hinge
    if loss == "log_cosh_dice":
        return lambda y, p: ref_log_cosh_dice(y, p, q.get("smooth", 1.0))
    if loss == "combo":
        return lambda y, p: ref_combo(y, p, q.get("ce_ratio", 0.5), q.get("beta", 0.5), q.get("smooth", 1.0), q.get("form", "paper"))
    if loss == "unified_focal":
        return lambda y, p: ref_unified_focal(y, p, q.get("lambda", 0.5), q.get("delta", 0.6), q.get("gamma", 0.5))
    # losses.md's losses (compound terms): make_golden's independent implementations
    return mg.ref_for(loss, q)


def ref_batched(loss, params):
    """fn(y, x) on [B, H, W] tensors: per_image = mean of per-image losses, pooled = one image."""
    q = {k: v for k, v in params.items() if k != "batch"}
    one = ref_single(loss, q)
    pooled = params.get("batch", "per_image") == "pooled"

    def fn(y, x):
        if pooled:
            return one(y.flatten(), x.flatten())
        return sum(one(y[b].flatten(), x[b].flatten()) for b in range(y.shape[0])) / y.shape[0]

    return fn


# ---------------------------------------------------------------------------------------------
# Library calls and line-by-line translations. Each factory returns fn(y, x) on [B, H, W]
# tensors (x = z for logit-native losses, p otherwise) and a `source` string.
# ---------------------------------------------------------------------------------------------
def b4(x):
    return x.unsqueeze(1)  # [B, H, W] -> [B, 1, H, W]


def lib_dice_ce(q, pooled):
    pw = q.get("pos_weight")
    kw = dict(smooth_nr=q.get("smooth_nr", 1e-5), smooth_dr=q.get("smooth_dr", 1e-5), lambda_dice=q.get("w_dice", 1.0),
              lambda_ce=q.get("w_ce", 1.0))
    f = DiceCELoss(sigmoid=True, batch=pooled, weight=None if pw is None else t([pw]), **kw)
    src = (f"monai.losses.DiceCELoss(sigmoid=True, {', '.join(f'{k}={v}' for k, v in kw.items())}, "
           f"weight={None if pw is None else f'torch.tensor([{pw}])'}, batch={pooled}) on logits [B, 1, H, W], float64")
    return (lambda y, z: f(b4(z), b4(y))), src


def lib_dice_focal(q, pooled):
    s_nr, s_dr = q.get("smooth_nr", 1e-5), q.get("smooth_dr", 1e-5)
    gamma, alpha, wd, wf = q.get("gamma", 2.0), q.get("alpha"), q.get("w_dice", 1.0), q.get("w_focal", 1.0)
    dice = DiceLoss(sigmoid=True, smooth_nr=s_nr, smooth_dr=s_dr, batch=pooled)

    def fn(y, z):
        return wd * dice(b4(z), b4(y)) + wf * monai_sigmoid_focal_loss(b4(z), b4(y), gamma, alpha).mean()

    src = (f"{wd} * monai.losses.DiceLoss(sigmoid=True, smooth_nr={s_nr}, smooth_dr={s_dr}, batch={pooled}) + {wf} * "
           f"monai.losses.focal_loss.sigmoid_focal_loss(z, y, gamma={gamma}, alpha={alpha}).mean(), float64 (DiceFocalLoss's "
           "parts; the shipped DiceFocalLoss casts the focal part to float32, which the contract does not follow)")
    return fn, src


def lib_topk(q, pooled):
    k = q.get("k", 10.0)
    f = robust_ce_loss.TopKLoss(k=k)

    def call(y, z):  # y, z: [B, H, W]; nnU-Net's two-channel logits [0, z], target [B, 1, H, W]
        return f(torch.stack([torch.zeros_like(z), z], dim=1), b4(y))

    def fn(y, z):
        saved = robust_ce_loss.torch
        robust_ce_loss.torch = STABLE_TORCH
        try:
            if pooled:
                return call(y, z)
            return sum(call(y[b:b + 1], z[b:b + 1]) for b in range(y.shape[0])) / y.shape[0]
        finally:
            robust_ce_loss.torch = saved

    how = "on the whole batch (pooled)" if pooled else "per image, averaged over images"
    src = (f"nnunetv2 {VERSIONS['nnunetv2']} nnunetv2.training.loss.robust_ce_loss.TopKLoss(k={k}) on two-channel logits "
           f"[0, z] (so z = z1 - z0), target [B, 1, H, W], {how}, float64; its torch.topk replaced by the first K of "
           "torch.sort(descending=True, stable=True) (ties: lower index first, the contract's rule; same value)")
    return fn, src


# smp 0.6.0's _lovasz_grad with `.float()` made `.double()` (the contract's float64 fix):
# compiled from smp's own source text, so the rest of the function is smp's.
_LG_SRC = inspect.getsource(smp_lovasz._lovasz_grad)
assert _LG_SRC.count(".float()") == 2, _LG_SRC
_ns = dict(vars(smp_lovasz))
exec(compile(_LG_SRC.replace(".float()", ".double()"), "smp_lovasz_grad_f64", "exec"), _ns)  # noqa: S102
LOVASZ_GRAD_F64 = _ns["_lovasz_grad"]


def lib_lovasz(_q, pooled, patch_sort=True):
    f = smp.losses.LovaszLoss(mode="binary", per_image=not pooled)

    def fn(y, z):
        saved = (smp_lovasz._lovasz_grad, smp_lovasz.torch)
        smp_lovasz._lovasz_grad = LOVASZ_GRAD_F64
        if patch_sort:
            smp_lovasz.torch = STABLE_TORCH
        try:
            return f(b4(z), b4(y))
        finally:
            smp_lovasz._lovasz_grad, smp_lovasz.torch = saved

    src = (f"segmentation_models_pytorch {smp.__version__} LovaszLoss(mode='binary', per_image={not pooled}) on logits "
           "[B, 1, H, W], float64, with _lovasz_grad's two label cumsums cast .double() instead of .float() (the shipped "
           "code fails on float64 logits) and its torch.sort made stable (ties: lower index first, the contract's rule)")
    return fn, src


def jadon_log_cosh_dice(y_true, y_pred, smooth=1.0):
    """SemSegLoss loss_functions.py, Semantic_loss_functions.log_cosh_dice_loss, in torch f64.
    generalized_dice_coefficient hard-codes `smooth = 1.`; the contract's `smooth` replaces it."""
    # generalized_dice_coefficient
    y_true_f = y_true.flatten()  # K.flatten
    y_pred_f = y_pred.flatten()
    intersection = torch.sum(y_true_f * y_pred_f)
    score = (2.0 * intersection + smooth) / (torch.sum(y_true_f) + torch.sum(y_pred_f) + smooth)
    # dice_loss
    x = 1 - score
    # log_cosh_dice_loss
    return torch.log((torch.exp(x) + torch.exp(-x)) / 2.0)


def taghanaki_combo(y_true, y_pred, ce_w=0.5, ce_d_w=0.5, smooth=1.0, form="paper"):
    """asgsaeid/ComboLoss combo_loss.py Combo_loss in torch f64; `e = K.epsilon()` = 1e-7,
    K.clip with TensorFlow's gradient (mg.clamp_tf). `form` picks the CE line."""
    e = EPS
    y_true_f = y_true.flatten()
    y_pred_f = y_pred.flatten()
    intersection = torch.sum(y_true_f * y_pred_f)
    d = (2.0 * intersection + smooth) / (torch.sum(y_true_f) + torch.sum(y_pred_f) + smooth)
    y_pred_f = clamp_tf(y_pred_f)  # K.clip(y_pred_f, e, 1.0 - e)
    assert e == 1e-7
    if form == "authors_2019":  # first upload (17f1bb7, June 2019)
        out = -(ce_w * ((y_true_f * torch.log(y_pred_f)) + ((1 - ce_w) * (1.0 - y_true_f) * torch.log(1.0 - y_pred_f))))
    elif form == "authors_2020":  # the current file (86d6247, Aug 2020; this line since 66f83c7, Oct 2019)
        out = -(ce_w * y_true_f * torch.log(y_pred_f)) + ((1 - ce_w) * (1.0 - y_true_f) * torch.log(1.0 - y_pred_f))
    else:  # the paper's weighted CE, in the code's own structure
        out = -((ce_w * y_true_f * torch.log(y_pred_f)) + ((1 - ce_w) * (1.0 - y_true_f) * torch.log(1.0 - y_pred_f)))
    weighted_ce = torch.mean(out, dim=-1)
    combo = (ce_d_w * weighted_ce) - ((1 - ce_d_w) * d)
    return combo


def yeung_asymmetric_focal_loss(delta=0.7, gamma=2.0):
    def loss_function(y_true, y_pred):
        epsilon = EPS  # K.epsilon()
        y_pred = clamp_tf(y_pred)  # K.clip(y_pred, epsilon, 1. - epsilon)
        assert epsilon == 1e-7
        cross_entropy = -y_true * torch.log(y_pred)
        back_ce = torch.pow(1 - y_pred[:, :, :, 0], gamma) * cross_entropy[:, :, :, 0]
        back_ce = (1 - delta) * back_ce
        fore_ce = cross_entropy[:, :, :, 1]
        fore_ce = delta * fore_ce
        loss = torch.mean(torch.sum(torch.stack([back_ce, fore_ce], dim=-1), dim=-1))
        return loss

    return loss_function


def yeung_asymmetric_focal_tversky_loss(delta=0.7, gamma=0.75, smooth=0.000001):
    def loss_function(y_true, y_pred):
        epsilon = EPS
        y_pred = clamp_tf(y_pred)
        axis = [1, 2]  # identify_axis for a 4-D (2-D image) tensor
        tp = torch.sum(y_true * y_pred, dim=axis)
        fn = torch.sum(y_true * (1 - y_pred), dim=axis)
        fp = torch.sum((1 - y_true) * y_pred, dim=axis)
        dice_class = (tp + epsilon) / (tp + delta * fn + (1 - delta) * fp + epsilon)
        back_dice = 1 - dice_class[:, 0]
        fore_dice = (1 - dice_class[:, 1]) * torch.pow(1 - dice_class[:, 1], -gamma)
        loss = torch.mean(torch.stack([back_dice, fore_dice], dim=-1))
        return loss

    return loss_function


def yeung_asym_unified_focal_loss(weight=0.5, delta=0.6, gamma=0.5):
    def loss_function(y_true, y_pred):
        asymmetric_ftl = yeung_asymmetric_focal_tversky_loss(delta=delta, gamma=gamma)(y_true, y_pred)
        asymmetric_fl = yeung_asymmetric_focal_loss(delta=delta, gamma=gamma)(y_true, y_pred)
        if weight is not None:
            return (weight * asymmetric_ftl) + ((1 - weight) * asymmetric_fl)
        return asymmetric_ftl + asymmetric_fl

    return loss_function


def two_channels(x):
    return torch.stack([1 - x, x], dim=-1)  # [B, H, W] -> [B, H, W, 2]: background, foreground


def lib_log_cosh(q, pooled):
    s = q.get("smooth", 1.0)

    def fn(y, p):
        if pooled:
            return jadon_log_cosh_dice(y, p, s)
        return sum(jadon_log_cosh_dice(y[b], p[b], s) for b in range(y.shape[0])) / y.shape[0]

    how = "K.flatten over the whole batch (pooled)" if pooled else "per image, averaged"
    return fn, (f"line-by-line float64 torch translation of Jadon's SemSegLoss loss_functions.py log_cosh_dice_loss "
                f"(dice_loss -> generalized_dice_coefficient, its hard-coded smooth = 1. set to {s}), {how}")


def lib_combo(q, pooled):
    r, beta, s, form = q.get("ce_ratio", 0.5), q.get("beta", 0.5), q.get("smooth", 1.0), q.get("form", "paper")

    def fn(y, p):
        if pooled:
            return taghanaki_combo(y, p, beta, r, s, form)
        return sum(taghanaki_combo(y[b], p[b], beta, r, s, form) for b in range(y.shape[0])) / y.shape[0]

    line = {"authors_2019": "the 2019 upload's CE line -(ce_w*((y*log p) + ((1-ce_w)*(1-y)*log(1-p))))",
            "authors_2020": "the current file's CE line -(ce_w*y*log p) + ((1-ce_w)*(1-y)*log(1-p))",
            "paper": "the paper's CE -(ce_w*y*log p + (1-ce_w)*(1-y)*log(1-p)) in the code's structure"}[form]
    how = "K.flatten over the whole batch (pooled)" if pooled else "per image, averaged"
    return fn, (f"line-by-line float64 torch translation of Taghanaki's combo_loss.py Combo_loss (asgsaeid/ComboLoss) with "
                f"ce_w = {beta}, ce_d_w = {r}, smooth = {s}, e = K.epsilon() = 1e-7, K.clip with TF's gradient; {line}; {how}")


def lib_unified(q, pooled):
    lam, delta, gamma = q.get("lambda", 0.5), q.get("delta", 0.6), q.get("gamma", 0.5)
    f = yeung_asym_unified_focal_loss(weight=lam, delta=delta, gamma=gamma)

    def fn(y, p):
        if pooled:
            y, p = y.reshape(1, -1, 1), p.reshape(1, -1, 1)
        return f(two_channels(y), two_channels(p))

    how = "on the batch reshaped to one image (pooled)" if pooled else "on [B, H, W, 2] as the code does (per image)"
    return fn, (f"line-by-line float64 torch translation of Yeung's loss_functions.py asym_unified_focal_loss(weight={lam}, "
                f"delta={delta}, gamma={gamma}) (asymmetric_focal_tversky_loss + asymmetric_focal_loss) on channels "
                f"(1 - p, p), K.clip with TF's gradient, {how}")


# losses.md losses used as compound terms
def lib_md(loss, q, pooled):
    if loss == "bce":
        return (lambda y, p: mg.lib_keras_bce(y.flatten(), p.flatten())), "keras.losses.binary_crossentropy(axis=()).mean()"
    if loss == "dice":
        s = q.get("smooth", 1.0)
        f = DiceLoss(smooth_nr=s, smooth_dr=s, batch=pooled)
        return (lambda y, p: f(b4(p), b4(y))), f"monai.losses.DiceLoss(smooth_nr={s}, smooth_dr={s}, batch={pooled})"
    if loss == "focal":
        a, g = q.get("alpha", 0.25), q.get("gamma", 2.0)
        assert q.get("reduction", "mean") == "mean"
        return (lambda y, p: tv_sigmoid_focal_loss(mg.logit_of(p), y, a, g, "mean")), \
            f"torchvision.ops.sigmoid_focal_loss(logit(p), y, alpha={a}, gamma={g}, reduction='mean')"
    if loss == "tversky":
        a, b, s = q.get("alpha", 0.7), q.get("beta", 0.3), q.get("smooth", 1.0)
        from monai.losses import TverskyLoss

        f = TverskyLoss(alpha=b, beta=a, smooth_nr=s, smooth_dr=s, batch=pooled)
        return (lambda y, p: f(b4(p), b4(y))), f"monai.losses.TverskyLoss(alpha={b}, beta={a}, smooth_nr={s}, smooth_dr={s}, batch={pooled}) (translated)"
    raise KeyError(loss)


def library(loss, params):
    q = {k: v for k, v in params.items() if k != "batch"}
    pooled = params.get("batch", "per_image") == "pooled"
    return {"dice_ce": lib_dice_ce, "dice_focal": lib_dice_focal, "topk_ce": lib_topk, "lovasz_hinge": lib_lovasz,
            "log_cosh_dice": lib_log_cosh, "combo": lib_combo, "unified_focal": lib_unified}.get(
        loss, lambda qq, pp: lib_md(loss, qq, pp))(q, pooled)


# ---------------------------------------------------------------------------------------------
# Evaluation with the contract's conventions
# ---------------------------------------------------------------------------------------------
def logit_clamped(p):
    ph = clamp_tf(p)
    return torch.log(ph) - torch.log1p(-ph)


def evaluate(loss, fn, y, x0, kind):
    """Value, grad_prob, grad_logit of fn(y, ·) for one loss on input x0 of `kind`, with the
    contract's conventions (logit-native: z as the library sees it; grad_prob = ∂L/∂z/(σσ)
    for a logit input, autograd through the clamp for a probability input)."""
    if loss in LOGIT_NATIVE:
        if kind == "logit":
            v, gz = grads(lambda z: fn(y, z), x0)
            gp = gz / (torch.sigmoid(x0) * torch.sigmoid(-x0))
        else:
            v, gp = grads(lambda p: fn(y, logit_clamped(p)), x0)
            v2, gz = grads(lambda z: fn(y, z), logit_clamped(x0))
            assert abs(v - v2) <= 1e-12 * max(1, abs(v)), (v, v2)
            # the contract's rule: grad_prob = ∂L/∂z / (p̂(1−p̂)) inside [ε, 1−ε], 0 outside
            ph = torch.clamp(x0, EPS, 1 - EPS)
            inside = (x0 >= EPS) & (x0 <= 1 - EPS)
            rule = torch.where(inside, gz / (ph * (1 - ph)), torch.zeros_like(gz))
            assert float((rule - gp).abs().max()) <= 1e-9 * float(gp.abs().max()) + 1e-300, (loss, rule, gp)
    else:
        if kind == "logit":
            v, gz = grads(lambda z: fn(y, torch.sigmoid(z)), x0)
            v2, gp = grads(lambda p: fn(y, p), torch.sigmoid(x0))
        else:
            v, gp = grads(lambda p: fn(y, p), x0)
            pinned = lambda z: torch.sigmoid(z) + (x0 - torch.sigmoid(z)).detach()  # noqa: E731
            v2, gz = grads(lambda z: fn(y, pinned(z)), mg.logit_of(x0))
        assert abs(v - v2) <= 1e-12 * max(1, abs(v)), (v, v2)
    for g in (gp, gz):
        assert torch.isfinite(g).all(), (loss, g)
    return v, gp, gz


def close(a, b, tol, scale=None):
    """Per entry: |a − b| ≤ tol·(|b| + 1e-6·max|b|) (+1e-300): each entry, not only the largest."""
    if isinstance(a, float):
        return abs(a - b) <= tol * max(1.0, abs(b))
    m = float(b.abs().max()) if scale is None else scale
    return bool(((a - b).abs() <= tol * (b.abs() + 1e-6 * m) + 1e-300).all())


def maxdiff(a, b):
    return float((a - b).abs().max())


# ---------------------------------------------------------------------------------------------
# Case machinery
# ---------------------------------------------------------------------------------------------
CASES = []
NAMES = set()
COUNTS = {}


def key_ties(loss, y, x0, kind, params):
    """Whether the sort / selection keys of a ranking loss have exact ties (within a sorted
    group). Keys: Lovász's e = 1 − z·t; for TopK the margin m = −t·z (ℓ = softplus(m) is
    increasing in m, and m is exact, so equal m are equal ℓ in any implementation). Keys that
    differ but by less than 1e-9 relative are refused: their order is a matter of rounding
    (e.g. p = 0.9 on the object against p = 0.1 on the background: logit(0.9) ≠ −logit(0.1) by
    an ulp), so no implementation could be asked to reproduce it."""
    if loss not in ("lovasz_hinge", "topk_ce"):
        return False
    z = x0 if kind == "logit" else logit_clamped(x0)
    pooled = params.get("batch", "per_image") == "pooled"
    groups = [(y.flatten(), z.flatten())] if pooled else [(y[b].flatten(), z[b].flatten()) for b in range(y.shape[0])]
    tied = False
    for yy, zz in groups:
        tt = 2 * (yy >= 1).to(D) - 1 if loss == "topk_ce" else 2 * yy - 1
        keys = (1 - zz * tt) if loss == "lovasz_hinge" else -tt * zz
        ks = torch.sort(keys).values
        d = ks[1:] - ks[:-1]
        tied = tied or bool((d == 0).any())
        near = (d > 0) & (d <= 1e-9 * torch.maximum(ks[1:].abs(), torch.ones_like(d)))
        assert not bool(near.any()), ("near tie in the sort keys (order decided by rounding)", ks[1:][near])
    return tied


def fd_check(name, loss, fn, y, x0, kind, g, skip_mask=None, sample=None):
    """Central finite differences of the value in the input given (z or p) against g."""
    if loss in LOGIT_NATIVE:
        f = (lambda x: fn(y, x)) if kind == "logit" else (lambda x: fn(y, logit_clamped(x)))
    else:
        f = (lambda x: fn(y, torch.sigmoid(x))) if kind == "logit" else (lambda x: fn(y, x))
    h = 1e-6 if kind == "logit" else 1e-7
    flat = x0.flatten()
    idx = range(flat.numel())
    if sample is not None:
        idx = np.random.default_rng(1).choice(flat.numel(), sample, replace=False).tolist()
    worst = 0.0
    gmax = float(g.abs().max())
    with torch.no_grad():
        for i in idx:
            if skip_mask is not None and bool(skip_mask.flatten()[i]):
                continue
            if kind == "prob" and not (1e-5 < float(flat[i]) < 1 - 1e-5):
                continue
            xp, xm = flat.clone(), flat.clone()
            xp[i] += h
            xm[i] -= h
            d = (float(f(xp.reshape(x0.shape))) - float(f(xm.reshape(x0.shape)))) / (2 * h)
            worst = max(worst, abs(d - float(g.flatten()[i])))
            FD_PIXELS[0] += 1
    assert worst <= 2e-6 * gmax + 1e-9, (name, "finite differences", worst, gmax)
    return worst


def as_batch(shape, arr):
    x = t(arr).reshape(shape)
    return x.unsqueeze(0) if len(shape) == 2 else x


def add(name, loss, shape, target, params, *, prob=None, logit=None, independent=None, ties=False,
        cross_tol=1e-9, fd=True, fd_sample=None, lib_override=None, expect_flag=None, note=""):
    """One case. The numbers come from the library (or translation) unless `independent` gives
    the reason to use the independent implementation instead; both are always computed and
    compared (value and both gradients, per entry)."""
    assert name not in NAMES, name
    NAMES.add(name)
    kind = "logit" if logit is not None else "prob"
    y = as_batch(shape, target)
    x0 = as_batch(shape, logit if logit is not None else prob)
    ref = ref_batched(loss, params)
    FLAG[0] = False
    rv, rgp, rgz = evaluate(loss, ref, y, x0, kind)
    flag = FLAG[0]
    has_ties = key_ties(loss, y, x0, kind, params)
    assert has_ties == ties, (name, "ties in the sort keys" if has_ties else "no ties; label the case honestly")
    if lib_override is not None:
        lib, src = lib_override
    else:
        lib, src = library(loss, params)
    if independent is None:
        lv, lgp, lgz = evaluate(loss, lib, y, x0, kind)
        ok = close(lv, rv, cross_tol) and close(lgp, rgp, cross_tol) and close(lgz, rgz, cross_tol)
        if not ok:
            raise AssertionError(
                f"{name}: library and contract disagree: value {lv} vs {rv}; grad_prob max diff {maxdiff(lgp, rgp)} "
                f"(max {float(rgp.abs().max())}); grad_logit max diff {maxdiff(lgz, rgz)} (max {float(rgz.abs().max())})")
        value, gp, gz, fn = lv, lgp, lgz, lib
        source = f"{src}; {GRADS}"
    else:
        value, gp, gz, fn = rv, rgp, rgz, ref
        # the library's value on the same input, for the record: NaN where the contract defines 0/0 or an empty
        # selection, otherwise equal to the contract's
        with torch.no_grad():
            if loss in LOGIT_NATIVE:
                xl = x0 if kind == "logit" else logit_clamped(x0)
            else:
                xl = torch.sigmoid(x0) if kind == "logit" else x0
            lv = float(lib(y, xl))
        if lv != lv:
            said = "the library gives NaN here"
        else:
            assert close(lv, rv, 1e-9), (name, lv, rv)
            said = f"the library's value agrees ({lv!r})"
        source = (f"independent torch float64 implementation of losses-compound.md ({independent}); library: {src} "
                  f"({said}); {GRADS}")
    if note:
        source += f"; {note}"
    if expect_flag is not None:
        assert flag == expect_flag, (name, flag)
    if fd and not ties:
        gfd = gz if kind == "logit" else gp
        fd_check(name, loss, fn, y, x0, kind, gfd, sample=fd_sample)
    case = {"name": name, "source": source, "shape": list(shape), "target": fl(y)}
    case["logit" if kind == "logit" else "prob"] = fl(x0)
    case.update({"loss": loss, "params": params, "value": value, "grad_prob": fl(gp), "grad_logit": fl(gz),
                 "zero_over_zero": flag})
    CASES.append(case)
    COUNTS[loss] = COUNTS.get(loss, 0) + 1
    return case


def add_compound(name, shape, target, terms, *, batch=None, prob=None, logit=None, fd=True, ties=False,
                 expect_flag=None, independent_terms=(), note=""):
    """compound: each term evaluated alone with its own conventions (library, cross-checked),
    L = Σ w·L_t, gradients likewise, zero_over_zero = OR."""
    assert name not in NAMES, name
    NAMES.add(name)
    kind = "logit" if logit is not None else "prob"
    y = as_batch(shape, target)
    x0 = as_batch(shape, logit if logit is not None else prob)
    value, gp, gz, flag = 0.0, torch.zeros_like(x0), torch.zeros_like(x0), False
    out_terms, srcs = [], []
    for i, term in enumerate(terms):
        loss, w = term["loss"], term.get("weight", 1.0)
        q = dict(term.get("params", {}))
        if batch is not None:
            q["batch"] = batch
        ref = ref_batched(loss, q)
        FLAG[0] = False
        rv, rgp, rgz = evaluate(loss, ref, y, x0, kind)
        tflag = FLAG[0]
        lib, src = library(loss, q)
        if i in independent_terms:
            v, tgp, tgz = rv, rgp, rgz
            srcs.append(f"term {i}: independent implementation (library: {src})")
        else:
            v, tgp, tgz = evaluate(loss, lib, y, x0, kind)
            assert close(v, rv, 1e-9) and close(tgp, rgp, 1e-9) and close(tgz, rgz, 1e-9), (name, i, v, rv)
            srcs.append(f"term {i}: {src}")
        if loss in ("lovasz_hinge", "topk_ce"):
            assert key_ties(loss, y, x0, kind, q) == ties, (name, i)
        value += w * v
        gp = gp + w * tgp
        gz = gz + w * tgz
        flag = flag or tflag
        out_terms.append({"loss": loss, "weight": w, "value": v})
    if expect_flag is not None:
        assert flag == expect_flag, (name, flag)
    if fd and not ties:
        def total(yy, xx):  # the compound's value as one function of the input kind given
            s = 0.0
            for term in terms:
                q = dict(term.get("params", {}))
                if batch is not None:
                    q["batch"] = batch
                f = ref_batched(term["loss"], q)
                if term["loss"] in LOGIT_NATIVE:
                    xx_t = xx if kind == "logit" else logit_clamped(xx)
                else:
                    xx_t = torch.sigmoid(xx) if kind == "logit" else xx
                s = s + term.get("weight", 1.0) * f(yy, xx_t)
            return s

        # fd_check's own input handling is per loss kind; here the mapping is done in `total`
        h = 1e-6 if kind == "logit" else 1e-7
        flat, g = x0.flatten(), (gz if kind == "logit" else gp).flatten()
        worst = 0.0
        with torch.no_grad():
            for i in range(flat.numel()):
                if kind == "prob" and not (1e-5 < float(flat[i]) < 1 - 1e-5):
                    continue
                xp, xm = flat.clone(), flat.clone()
                xp[i] += h
                xm[i] -= h
                d = (float(total(y, xp.reshape(x0.shape))) - float(total(y, xm.reshape(x0.shape)))) / (2 * h)
                worst = max(worst, abs(d - float(g[i])))
                FD_PIXELS[0] += 1
        assert worst <= 2e-6 * float(g.abs().max()) + 1e-9, (name, worst)
    params = {"terms": terms}
    if batch is not None:
        params["batch"] = batch
    source = ("compound = sum of weight * term, each term evaluated alone with its own conventions: " + "; ".join(srcs)
              + f"; {GRADS}" + (f"; {note}" if note else ""))
    case = {"name": name, "source": source, "shape": list(shape), "target": fl(y)}
    case["logit" if kind == "logit" else "prob"] = fl(x0)
    case.update({"loss": "compound", "params": params, "value": value, "grad_prob": fl(gp), "grad_logit": fl(gz),
                 "zero_over_zero": flag, "terms": out_terms})
    CASES.append(case)
    COUNTS["compound"] = COUNTS.get("compound", 0) + 1
    return case


# ---------------------------------------------------------------------------------------------
# Inputs (fixed seeds)
# ---------------------------------------------------------------------------------------------
rng = np.random.default_rng(20261207)


def blob(h, w, cells):
    y = np.zeros((h, w))
    for r, c in cells:
        y[r, c] = 1.0
    return y.flatten().tolist()


def rect(h, w, r0, r1, c0, c1):
    return blob(h, w, [(r, c) for r in range(r0, r1) for c in range(c0, c1)])


def probs_for(target, bg=(0.02, 0.35), fg=(0.5, 0.97)):
    return [round(float(rng.uniform(*(fg if v >= 0.5 else bg))), 6) for v in target]


def logits_for(target, bg=(-4.0, -0.3), fg=(-0.5, 4.0)):
    return [round(float(rng.uniform(*(fg if v >= 0.5 else bg))), 6) for v in target]


def uniq(vals):
    """Nudge repeated values (and ±mirrors) apart after rounding to 6 digits, so a case meant to be tie-free is."""
    seen, out = set(), []
    for v in vals:
        while abs(v) in seen:  # |v|: a logit a on the object and -a on the background tie in the ranking losses
            v = round(v + 1.3e-6, 7)
        seen.add(abs(v))
        out.append(v)
    return out


S44, S88, S1212, S1616, S6464 = [4, 4], [8, 8], [12, 12], [16, 16], [64, 64]
Y44 = blob(4, 4, [(0, 2), (1, 1), (1, 2)])  # conformance.md's example target
P44 = [0.1, 0.2, 0.8, 0.1, 0.1, 0.6, 0.9, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]  # its prediction
# for the ranking losses: P44 mirrors 0.8/0.2 and 0.9/0.1 across the classes, near ties decided
# by rounding (see key_ties); this variant keeps only the exact ties of the 0.1 background
P44_T = [0.1, 0.2, 0.75, 0.1, 0.1, 0.6, 0.85, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
Y88 = rect(8, 8, 2, 5, 2, 5)  # 3×3 object, 9 px
P88 = uniq(probs_for(Y88))
Z88 = uniq(logits_for(Y88))
Y88_TINY = blob(8, 8, [(3, 4)])
Z88_TINY = uniq(logits_for(Y88_TINY))
Y1616 = rect(16, 16, 5, 9, 6, 11)  # 4×5 object
P1616 = uniq(probs_for(Y1616))
Z1616 = uniq(logits_for(Y1616))
Y1212 = blob(12, 12, [(2, 3), (2, 4), (3, 3), (8, 8), (8, 9), (9, 9), (9, 8), (10, 9)])  # two small objects
Z1212 = uniq(logits_for(Y1212, bg=(-6, -1), fg=(-1.0, 3.0)))
P1212 = uniq(probs_for(Y1212))
Y44_EMPTY, Y44_FULL = [0.0] * 16, [1.0] * 16
Y88_EMPTY, Y88_FULL = [0.0] * 64, [1.0] * 64
Z88_ANY = uniq([round(float(v), 6) for v in rng.normal(0.0, 2.0, 64)])
P88_ANY = uniq([round(float(v), 6) for v in rng.uniform(0.03, 0.97, 64)])
Y6464 = np.zeros((64, 64))
Y6464[20:27, 30:36] = 1.0
Y6464[45:47, 10:13] = 1.0
Y6464 = Y6464.flatten().tolist()
Z6464 = uniq(logits_for(Y6464, bg=(-7.0, -0.5), fg=(-1.0, 5.0)))
# a batch of two 8×8 images: an empty one and the 9-pixel object
SB = [2, 8, 8]
YB = Y88_EMPTY + Y88
ZB = uniq(logits_for(Y88_EMPTY, bg=(-3.0, 0.5)) + logits_for(Y88))
PB = uniq(probs_for(Y88_EMPTY, bg=(0.02, 0.6)) + probs_for(Y88))
# a constant background (the app's background-confidence control): every background pixel tied
Z88_CONST = [(round(float(rng.uniform(0.2, 3.0)), 6) if v else -2.0) for v in Y88]
P88_CONST = [(round(float(rng.uniform(0.55, 0.95)), 6) if v else 0.1) for v in Y88]
# confident background, z from -7 to -9 (MONAI's float32 focal loses digits there)
Z88_CONF = uniq([round(float(rng.uniform(-9.0, -7.0)), 6) if not v else round(float(rng.uniform(1.0, 4.0)), 6) for v in Y88])
# p exactly 0 and 1 (and the clamp's ends) on a 4×4 image
Y44_EDGE = [1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
P44_EDGE = [0.0, 1.0, 1.0, 0.0, 0.7, 0.2, 1e-7, 1 - 1e-7, 0.9, 0.15, 0.3, 0.05, 0.12, 0.4, 0.08, 0.22]

Z44_LARGE = [30.0, -25.0, 18.0, 40.0, 2.0, -17.0, -3.0, 0.5, -35.0, -2.2, 22.0, -1.1, -0.4, -16.5, -5.0, -2.5]
# for the ranking losses the clamp's two ends mirror across the classes (logit(1 − 1e-7) ≠
# −logit(1e-7) by rounding), so exact 0 / 1 appear in one class per case: object, then background
Y44_RF = [1, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]
P44_RF = [0.0, 0.2, 1.0, 0.15, 1e-7, 0.05, 0.12, 0.4, 1 - 1e-7, 0.08, 0.22, 0.33, 0.7, 0.1, 0.27, 0.18]
P44_RB = [0.7, 0.0, 0.9, 1.0, 0.6, 1e-7, 1 - 1e-7, 0.25, 0.8, 0.15, 0.05, 0.12, 0.35, 0.08, 0.22, 0.45]
NOCLAMP = "|z| where the library's own autograd loses digits"

# ---------------------------------------------------------------------------------------------
# 11. dice_ce
# ---------------------------------------------------------------------------------------------
add("dice_ce_4x4_default_prob", "dice_ce", S44, Y44, {}, prob=P44)
add("dice_ce_8x8_default_logit", "dice_ce", S88, Y88, {}, logit=Z88)
add("dice_ce_8x8_smooth_nr_1_smooth_dr_1", "dice_ce", S88, Y88, {"smooth_nr": 1.0, "smooth_dr": 1.0}, prob=P88)
add("dice_ce_8x8_smooth_nr_0_smooth_dr_0_5", "dice_ce", S88, Y88_TINY, {"smooth_nr": 0.0, "smooth_dr": 0.5}, logit=Z88_TINY)
add("dice_ce_16x16_weights_pos_weight", "dice_ce", S1616, Y1616, {"w_dice": 0.3, "w_ce": 2.0, "pos_weight": 5.0}, logit=Z1616)
add("dice_ce_12x12_pos_weight_0_5_prob", "dice_ce", S1212, Y1212, {"pos_weight": 0.5, "w_dice": 0.0}, prob=P1212)
add("dice_ce_empty_target", "dice_ce", S88, Y88_EMPTY, {}, logit=Z88_ANY)
add("dice_ce_full_target", "dice_ce", S88, Y88_FULL, {"pos_weight": 2.0}, prob=P88_ANY)
add("dice_ce_prob_exact_0_1_and_clamp_ends", "dice_ce", S44, Y44_EDGE, {"smooth_nr": 1.0, "smooth_dr": 1.0}, prob=P44_EDGE,
    cross_tol=1e-8, note="p = 0, 1 exactly give grad_prob 0 and the library sees z = ±16.118; at those z the library's "
    "σ(z) − y loses up to ~1e-9 relative (cross-check at 1e-8)")
add("dice_ce_large_logits", "dice_ce", S44, Y44_EDGE, {"w_ce": 0.5},
    logit=Z44_LARGE,
    independent=NOCLAMP + " (σ(z)−1 and σ'(z) by σ(1−σ) at |z| ≥ 16); grad_prob = ∂L/∂z / (σ(z)σ(−z))",
    note="MONAI's autograd here agrees in value; its gradients lose digits at |z| ≥ 16 (see compound_library_differences.json)")
add("dice_ce_batch_per_image", "dice_ce", SB, YB, {"batch": "per_image"}, logit=ZB)
add("dice_ce_pos_weight_null_explicit", "dice_ce", S88, Y88, {"pos_weight": None}, logit=Z88, note="pos_weight null = 1")
add("dice_ce_batch_pooled", "dice_ce", SB, YB, {"batch": "pooled", "smooth_nr": 1.0, "smooth_dr": 1.0}, prob=PB)

# ---------------------------------------------------------------------------------------------
# 12. dice_focal
# ---------------------------------------------------------------------------------------------
add("dice_focal_4x4_default_prob", "dice_focal", S44, Y44, {}, prob=P44)
add("dice_focal_8x8_default_logit", "dice_focal", S88, Y88, {}, logit=Z88)
add("dice_focal_8x8_alpha_0_25_gamma_1_5", "dice_focal", S88, Y88, {"alpha": 0.25, "gamma": 1.5}, logit=Z88)
add("dice_focal_16x16_alpha_0_9_gamma_3_weights", "dice_focal", S1616, Y1616,
    {"alpha": 0.9, "gamma": 3.0, "w_dice": 0.5, "w_focal": 4.0}, prob=P1616)
add("dice_focal_12x12_gamma_0_5_smooth", "dice_focal", S1212, Y1212, {"gamma": 0.5, "smooth_nr": 0.1, "smooth_dr": 1.0},
    logit=Z1212)
add("dice_focal_gamma_0", "dice_focal", S88, Y88_TINY, {"gamma": 0.0, "alpha": 0.0}, logit=Z88_TINY)
add("dice_focal_confident_background_float64", "dice_focal", S88, Y88, {}, logit=Z88_CONF,
    note="z from -9 to -7 on the background: MONAI's shipped DiceFocalLoss (float32 focal) differs here, see "
    "compound_library_differences.json")
add("dice_focal_empty_target", "dice_focal", S88, Y88_EMPTY, {"alpha": 0.25}, prob=P88_ANY)
add("dice_focal_full_target", "dice_focal", S44, Y44_FULL, {}, logit=[round(float(v), 6) for v in rng.normal(1.0, 1.5, 16)])
add("dice_focal_prob_exact_0_1", "dice_focal", S44, Y44_EDGE, {"alpha": 0.6}, prob=P44_EDGE, cross_tol=1e-8,
    note="p = 0, 1 exactly: grad_prob 0; MONAI's b = z − z·y − logsigmoid(z) cancels at z = ±16.1 (~1e-9 relative)")
add("dice_focal_alpha_null_explicit", "dice_focal", S88, Y88, {"alpha": None, "gamma": 1.0}, prob=P88,
    note="alpha null: no α weighting")
add("dice_focal_batch_per_image", "dice_focal", SB, YB, {"batch": "per_image", "alpha": 0.25}, prob=PB)
add("dice_focal_batch_pooled", "dice_focal", SB, YB, {"batch": "pooled"}, logit=ZB)
add("dice_focal_64x64", "dice_focal", S6464, Y6464, {}, logit=Z6464, fd_sample=48)

# ---------------------------------------------------------------------------------------------
# 13. topk_ce
# ---------------------------------------------------------------------------------------------
add("topk_ce_8x8_default_k10_logit", "topk_ce", S88, Y88, {}, logit=Z88)
add("topk_ce_16x16_default_prob", "topk_ce", S1616, Y1616, {}, prob=P1616)
add("topk_ce_4x4_k50_prob_ties", "topk_ce", S44, Y44, {"k": 50.0}, prob=P44_T, ties=True,
    note="K = 8: the 8th largest loss falls among the tied 0.1 background pixels (lower index first)")
add("topk_ce_16x16_k_25", "topk_ce", S1616, Y1616, {"k": 25.0}, prob=P1616)
add("topk_ce_12x12_k_12_5", "topk_ce", S1212, Y1212, {"k": 12.5}, logit=Z1212)
add("topk_ce_10x10_k_29_gives_K_29", "topk_ce", [10, 10], rect(10, 10, 3, 6, 4, 7), {"k": 29.0},
    logit=uniq(logits_for(rect(10, 10, 3, 6, 4, 7))),
    note="K = int(100 * 29 / 100) = 29 (nnU-Net's order); 100 * (29/100) = 28.999999999999996 would give 28")
assert topk_count(100, 29.0) == 29 and int(100 * (29.0 / 100)) == 28
add("topk_ce_k_100_is_bce", "topk_ce", S88, Y88, {"k": 100.0}, logit=Z88)
add("topk_ce_k_1_on_8x8_selects_nothing", "topk_ce", S88, Y88, {"k": 1.0}, logit=Z88,
    independent="N·k = 64 < 100: K = 0, the contract returns 0 with zero gradients and sets zero_over_zero "
    "(nnU-Net returns NaN: the mean of nothing)", expect_flag=True)
add("topk_ce_k_1_5_on_8x8_selects_nothing_prob", "topk_ce", S88, Y88, {"k": 1.5}, prob=P88,
    independent="N·k = 96 < 100: K = 0 -> 0, zero gradients, flagged (nnU-Net: NaN)", expect_flag=True)
add("topk_ce_k_2_on_8x8_selects_one", "topk_ce", S88, Y88, {"k": 2.0}, logit=Z88)
add("topk_ce_constant_background_ties", "topk_ce", S88, Y88, {"k": 30.0}, logit=Z88_CONST, ties=True,
    note="background all z = -2 (tied ℓ): K = 19 takes the 9 object pixels (if harder) and then background pixels "
    "lower index first")
add("topk_ce_constant_background_ties_prob", "topk_ce", S88, Y88, {"k": 20.0}, prob=P88_CONST, ties=True)
add("topk_ce_empty_target", "topk_ce", S88, Y88_EMPTY, {"k": 5.0}, prob=P88_ANY)
add("topk_ce_full_target", "topk_ce", S88, Y88_FULL, {}, logit=Z88_ANY)
for _w, _p in (("object", P44_RF), ("background", P44_RB)):
    add(f"topk_ce_prob_exact_0_1_on_{_w}", "topk_ce", S44, Y44_RF, {"k": 50.0}, prob=_p, ties=True, cross_tol=1e-8,
        note=f"p = 0 and 1 exactly (and 1e-7, 1-1e-7) on the {_w}: 0 and 1e-7 give the same z = -16.118 (a tie), 1 and "
        "1-1e-7 the same z = 16.118; grad_prob 0 where p is outside [1e-7, 1-1e-7]")
add("topk_ce_large_logits", "topk_ce", S44, Y44_EDGE, {"k": 40.0}, logit=Z44_LARGE,
    note="grad_prob = ∂L/∂z / (σ(z)σ(−z)); the selected pixels here have |z| ≤ 35 and nnU-Net's softmax − onehot "
    "stays exact on them")
add("topk_ce_batch_pooled", "topk_ce", SB, YB, {"batch": "pooled", "k": 10.0}, logit=ZB)
add("topk_ce_batch_per_image", "topk_ce", SB, YB, {"batch": "per_image", "k": 10.0}, prob=PB)
add("topk_ce_batch_per_image_selects_nothing", "topk_ce", [2, 4, 4], Y44 + Y44_EMPTY,
    {"batch": "per_image", "k": 5.0}, logit=uniq(logits_for(Y44 + Y44_EMPTY)),
    independent="per image N·k = 80 < 100: each image's K = 0 -> 0, flagged (nnU-Net: NaN per image)", expect_flag=True)
add("topk_ce_batch_pooled_k_5_selects_one", "topk_ce", [2, 4, 4], Y44 + Y44_EMPTY, {"batch": "pooled", "k": 5.0},
    logit=uniq(logits_for(Y44 + Y44_EMPTY)), note="pooled: N = 32, K = int(32·5/100) = 1 while per image it is 0")
add("topk_ce_64x64", "topk_ce", S6464, Y6464, {}, logit=Z6464, fd_sample=48)

# ---------------------------------------------------------------------------------------------
# 14. lovasz_hinge
# ---------------------------------------------------------------------------------------------
add("lovasz_8x8_logit", "lovasz_hinge", S88, Y88, {}, logit=Z88)
add("lovasz_4x4_prob_ties", "lovasz_hinge", S44, Y44, {}, prob=P44_T, ties=True,
    note="the 0.1 background ties (same error 1 + logit(0.1))")
add("lovasz_16x16_prob", "lovasz_hinge", S1616, Y1616, {}, prob=P1616)
add("lovasz_12x12_logit", "lovasz_hinge", S1212, Y1212, {}, logit=Z1212)
add("lovasz_empty_target", "lovasz_hinge", S88, Y88_EMPTY, {}, logit=Z88_ANY,
    note="empty target: g = (1, 0, ...), L = max(0, 1 + max z), only the most confident background pixel gets +1")
add("lovasz_empty_target_prob", "lovasz_hinge", S88, Y88_EMPTY, {}, prob=P88_ANY)
add("lovasz_full_target", "lovasz_hinge", S88, Y88_FULL, {}, logit=Z88_ANY, note="full target: L = mean max(0, 1 - z)")
add("lovasz_constant_background_ties", "lovasz_hinge", S88, Y88, {}, logit=[(-0.5 if v == 0 else z) for v, z in zip(Y88, Z88)],
    ties=True, note="background all z = -0.5 (error 0.5, tied): which tied pixel gets which g_k follows lower index first")
add("lovasz_ties_across_classes", "lovasz_hinge", S44, Y44,
    {}, logit=[-0.5, -1.2, 0.5, -0.3, -0.7, 0.5, 2.0, -0.5, -2.0, -0.5, -0.9, -0.1, -1.5, -0.5, -0.2, -0.5], ties=True,
    note="object pixels at z = 0.5 and background at z = -0.5 share the error 0.5: order by index across classes")
add("lovasz_on_the_hinge", "lovasz_hinge", S44, Y44,
    {}, logit=[-1.0, -2.5, 1.0, -0.25, -1.75, 1.0, 3.0, -0.125, -4.0, -1.0, -3.25, 0.75, -1.5, -2.25, -0.625, -1.375],
    ties=True, fd=False,
    note="z = 1 on the object and z = -1 on the background: error exactly 0, ReLU's gradient 0 there (no gradient)")
for _w, _p in (("object", P44_RF), ("background", P44_RB)):
    add(f"lovasz_prob_exact_0_1_on_{_w}", "lovasz_hinge", S44, Y44_RF, {}, prob=_p, ties=True,
        note=f"p = 0 / 1e-7 and 1 / 1-1e-7 on the {_w} map to the same z = ±16.118 (ties); grad_prob 0 at p = 0, 1")
add("lovasz_large_logits", "lovasz_hinge", S44, Y44_EDGE, {},
    logit=Z44_LARGE,
    note="grad_prob = ∂L/∂z / (σ(z)σ(−z)) (huge where |z| is large and the pixel still has gradient)")
add("lovasz_batch_per_image", "lovasz_hinge", SB, YB, {"batch": "per_image"}, logit=ZB)
add("lovasz_batch_pooled", "lovasz_hinge", SB, YB, {"batch": "pooled"}, prob=PB)
add("lovasz_batch_default_is_per_image", "lovasz_hinge", SB, YB, {}, logit=ZB,
    lib_override=lib_lovasz({}, False))
add("lovasz_64x64", "lovasz_hinge", S6464, Y6464, {}, logit=Z6464, fd_sample=48)
add("lovasz_1x1", "lovasz_hinge", [1, 1], [1.0], {}, logit=[0.3])

# ---------------------------------------------------------------------------------------------
# 15. log_cosh_dice
# ---------------------------------------------------------------------------------------------
add("log_cosh_dice_4x4_default", "log_cosh_dice", S44, Y44, {}, prob=P44)
add("log_cosh_dice_8x8_logit", "log_cosh_dice", S88, Y88, {}, logit=Z88)
add("log_cosh_dice_16x16_smooth_1e-5", "log_cosh_dice", S1616, Y1616, {"smooth": 1e-5}, prob=P1616)
add("log_cosh_dice_12x12_smooth_0", "log_cosh_dice", S1212, Y1212, {"smooth": 0.0}, logit=Z1212)
add("log_cosh_dice_near_perfect", "log_cosh_dice", S88, Y88, {}, prob=[0.999 if v else 0.001 for v in Y88],
    note="x = 1 - D small: L ≈ x²/2, tanh(x) damps the gradient")
add("log_cosh_dice_empty_target", "log_cosh_dice", S88, Y88_EMPTY, {}, prob=P88_ANY)
add("log_cosh_dice_full_target", "log_cosh_dice", S88, Y88_FULL, {"smooth": 0.5}, logit=Z88_ANY)
add("log_cosh_dice_zero_over_zero", "log_cosh_dice", S44, Y44_EMPTY, {"smooth": 0.0}, prob=[0.0] * 16,
    independent="smooth 0, Sy = Sp = 0: D = 1 by the 0/0 rule, L = 0, zero gradient, flagged (the code: NaN)",
    expect_flag=True, fd=False)
add("log_cosh_dice_prob_exact_0_1", "log_cosh_dice", S44, Y44_EDGE, {}, prob=P44_EDGE, note="no clamp: p = 0 and 1 keep their gradient")
add("log_cosh_dice_batch_per_image", "log_cosh_dice", SB, YB, {"batch": "per_image"}, prob=PB)
add("log_cosh_dice_batch_pooled", "log_cosh_dice", SB, YB, {"batch": "pooled", "smooth": 0.1}, logit=ZB)

# ---------------------------------------------------------------------------------------------
# 16. combo
# ---------------------------------------------------------------------------------------------
add("combo_4x4_default_paper", "combo", S44, Y44, {}, prob=P44)
add("combo_8x8_logit_default", "combo", S88, Y88, {}, logit=Z88)
add("combo_good_prediction_negative", "combo", S88, Y88, {}, prob=[0.97 if v else 0.02 for v in Y88],
    note="a good prediction gives a negative loss (0.5·CE − 0.5·D)")
add("combo_perfect_prediction_is_minus_half", "combo", S44, Y44, {}, prob=Y44,
    note="p = y exactly: CE part 0 (clamped logs ~1e-7), D = 1 -> L ≈ -(1 - r)")
add("combo_form_authors_2019", "combo", S88, Y88, {"form": "authors_2019"}, prob=P88)
add("combo_form_authors_2020", "combo", S88, Y88, {"form": "authors_2020"}, prob=P88,
    note="the background term's sign is flipped: predicting 1 on the background is rewarded")
add("combo_form_authors_2020_beta_0_7_logit", "combo", S1616, Y1616, {"form": "authors_2020", "beta": 0.7}, logit=Z1616)
add("combo_form_authors_2019_beta_0_3", "combo", S1212, Y1212, {"form": "authors_2019", "beta": 0.3, "ce_ratio": 0.7}, prob=P1212)
add("combo_ce_ratio_0_2_beta_0_8_smooth_0_5", "combo", S1616, Y1616, {"ce_ratio": 0.2, "beta": 0.8, "smooth": 0.5}, prob=P1616)
add("combo_ce_ratio_1_is_half_bce", "combo", S88, Y88, {"ce_ratio": 1.0}, prob=P88)
add("combo_ce_ratio_0_is_minus_dice", "combo", S88, Y88, {"ce_ratio": 0.0, "smooth": 0.0}, logit=Z88)
add("combo_empty_target", "combo", S88, Y88_EMPTY, {}, prob=P88_ANY)
add("combo_full_target", "combo", S88, Y88_FULL, {"beta": 0.6}, prob=P88_ANY)
add("combo_prob_exact_0_1", "combo", S44, Y44_EDGE, {}, prob=P44_EDGE,
    note="the clip before the logs: CE gradient 0 outside [1e-7, 1-1e-7] (ends included), Dice part unclamped")
add("combo_zero_over_zero", "combo", S44, Y44_EMPTY, {"smooth": 0.0}, prob=[0.0] * 16,
    independent="smooth 0, Sy = Sp = 0: D = 1 by the 0/0 rule (flagged; the code: NaN); L = r·CE − (1 − r)",
    expect_flag=True, fd=False)
add("combo_batch_per_image", "combo", SB, YB, {"batch": "per_image"}, prob=PB)
add("combo_batch_pooled", "combo", SB, YB, {"batch": "pooled", "form": "authors_2019"}, logit=ZB)

# ---------------------------------------------------------------------------------------------
# 17. unified_focal
# ---------------------------------------------------------------------------------------------
add("unified_focal_4x4_default", "unified_focal", S44, Y44, {}, prob=P44)
add("unified_focal_8x8_logit_default", "unified_focal", S88, Y88, {}, logit=Z88)
add("unified_focal_lambda_0_2", "unified_focal", S88, Y88, {"lambda": 0.2}, prob=P88,
    note="λ multiplies the focal Tversky part (the code's `weight`)")
add("unified_focal_lambda_0_8", "unified_focal", S88, Y88, {"lambda": 0.8}, prob=P88)
add("unified_focal_lambda_0", "unified_focal", S88, Y88, {"lambda": 0.0}, logit=Z88)
add("unified_focal_lambda_1", "unified_focal", S88, Y88, {"lambda": 1.0}, logit=Z88)
add("unified_focal_delta_0_8_gamma_0_2", "unified_focal", S1616, Y1616, {"delta": 0.8, "gamma": 0.2}, prob=P1616)
add("unified_focal_delta_0_3_gamma_0_9", "unified_focal", S1212, Y1212, {"delta": 0.3, "gamma": 0.9, "lambda": 0.4}, logit=Z1212)
add("unified_focal_gamma_0_delta_0_5", "unified_focal", S88, Y88, {"gamma": 0.0, "delta": 0.5}, prob=P88)
add("unified_focal_gamma_1", "unified_focal", S88, Y88, {"gamma": 1.0}, prob=P88,
    note="γ = 1: (1 − T₁)^0 = 1, the foreground Tversky term is constant (no gradient)")
add("unified_focal_empty_target", "unified_focal", S88, Y88_EMPTY, {}, prob=P88_ANY)
add("unified_focal_full_target", "unified_focal", S88, Y88_FULL, {}, prob=P88_ANY)
add("unified_focal_prob_exact_0_1", "unified_focal", S44, Y44_EDGE, {}, prob=P44_EDGE,
    note="each channel clamped on its own: q0 = clamp(1 - p), q1 = clamp(p); at p = 1 - 1e-7, 1 - p < 1e-7 in f64 so "
    "the background channel's mask is 0 there")
add("unified_focal_batch_per_image", "unified_focal", SB, YB, {"batch": "per_image"}, prob=PB)
add("unified_focal_batch_pooled", "unified_focal", SB, YB, {"batch": "pooled", "lambda": 0.7}, logit=ZB)

# ---------------------------------------------------------------------------------------------
# 18. compound
# ---------------------------------------------------------------------------------------------
add_compound("compound_dice_bce_is_bce_dice", S88, Y88,
             [{"loss": "dice", "weight": 1.0, "params": {"smooth": 1}}, {"loss": "bce", "weight": 0.5}], prob=P88)
add_compound("compound_dice_topk_nnunet_style", S88, Y88,
             [{"loss": "dice", "weight": 1.0, "params": {"smooth": 1e-5}}, {"loss": "topk_ce", "weight": 1.0, "params": {"k": 10}}],
             logit=Z88)
add_compound("compound_dice_ce_lovasz_negative_weight", S1212, Y1212,
             [{"loss": "dice_ce", "weight": 0.7, "params": {"pos_weight": 3.0}}, {"loss": "lovasz_hinge", "weight": -0.25}],
             logit=Z1212, note="negative weights are allowed")
add_compound("compound_weight_0_and_defaults", S44, Y44,
             [{"loss": "focal"}, {"loss": "unified_focal", "weight": 0.0, "params": {"delta": 0.7}}], prob=[
                 0.15, 0.25, 0.8, 0.12, 0.11, 0.6, 0.9, 0.2, 0.13, 0.14, 0.16, 0.17, 0.18, 0.19, 0.21, 0.22],
             note="term 0 with weight and params omitted (defaults 1 and {}); term 1 with weight 0 still reports its value")
add_compound("compound_same_loss_twice", S88, Y88,
             [{"loss": "dice_focal", "weight": 1.0, "params": {"gamma": 1.0}},
              {"loss": "dice_focal", "weight": 2.0, "params": {"gamma": 3.0, "alpha": 0.25}}], prob=P88)
add_compound("compound_combo_unified_pooled", SB, YB,
             [{"loss": "combo", "weight": 1.0, "params": {"form": "authors_2020"}}, {"loss": "unified_focal", "weight": 0.5}],
             batch="pooled", prob=PB)
add_compound("compound_topk_log_cosh_per_image", SB, YB,
             [{"loss": "topk_ce", "weight": 1.0, "params": {"k": 20}}, {"loss": "log_cosh_dice", "weight": 2.0}],
             batch="per_image", logit=ZB)
add_compound("compound_prob_exact_0_1_mixed_conventions", S44, Y44_EDGE,
             [{"loss": "dice_ce", "weight": 1.0}, {"loss": "combo", "weight": 1.0}], prob=P44_EDGE,
             note="p = 0 and 1: the dice_ce term's grad_prob is 0 there (clamp, then logit); the combo term keeps its "
             "unclamped Dice gradient")
add_compound("compound_topk_empty_selection_flag", S88, Y88,
             [{"loss": "topk_ce", "weight": 1.0, "params": {"k": 1}}, {"loss": "tversky", "weight": 1.0}], logit=Z88,
             expect_flag=True, independent_terms=(0,),
             note="term 0 selects no pixel (N·k < 100): 0, flagged; zero_over_zero is the OR of the terms'")
add_compound("compound_lovasz_ties", S44, Y44,
             [{"loss": "lovasz_hinge", "weight": 1.0}, {"loss": "dice", "weight": 1.0}], prob=P44_T, ties=True)


# ---------------------------------------------------------------------------------------------
# Identities the tests must assert (losses-compound.md), checked numerically
# ---------------------------------------------------------------------------------------------
def run(loss, params, shape, target, *, prob=None, logit=None, lib=True):
    kind = "logit" if logit is not None else "prob"
    y = as_batch(shape, target)
    x0 = as_batch(shape, logit if logit is not None else prob)
    fn = library(loss, params)[0] if lib else ref_batched(loss, params)
    return evaluate(loss, fn, y, x0, kind)


def same(a, b, tol=1e-9, what=""):
    va, gpa, gza = a
    vb, gpb, gzb = b
    ok = close(va, vb, tol) and close(gpa, gpb, tol) and close(gza, gzb, tol)
    assert ok, (what, va, vb, maxdiff(gpa, gpb), maxdiff(gza, gzb))
    return {"what": what, "value": va, "max_grad_prob_diff": maxdiff(gpa, gpb), "max_grad_logit_diff": maxdiff(gza, gzb)}


IDENTITIES = []


def identity(what, a, b, tol=1e-9):
    IDENTITIES.append(same(a, b, tol, what))


# dice_ce with w_ce = 0 is dice with smooth s (s_nr = s_dr = s), logit input
for s in (1.0, 1e-5):
    identity(f"dice_ce(w_ce=0, smooth_nr=smooth_dr={s}) == dice(smooth={s}), logit input",
             run("dice_ce", {"w_ce": 0.0, "smooth_nr": s, "smooth_dr": s}, S88, Y88, logit=Z88),
             run("dice", {"smooth": s}, S88, Y88, logit=Z88))
# dice_focal with gamma 0, alpha null is dice_ce (same smooth, λ's)
identity("dice_focal(gamma=0) == dice_ce (smooth 0.5/2, weights 0.7/1.3)",
         run("dice_focal", {"gamma": 0.0, "smooth_nr": 0.5, "smooth_dr": 2.0, "w_dice": 0.7, "w_focal": 1.3}, S1212, Y1212, logit=Z1212),
         run("dice_ce", {"smooth_nr": 0.5, "smooth_dr": 2.0, "w_dice": 0.7, "w_ce": 1.3}, S1212, Y1212, logit=Z1212))
identity("dice_focal(gamma=0) == dice_ce, prob input",
         run("dice_focal", {"gamma": 0.0}, S88, Y88, prob=P88), run("dice_ce", {}, S88, Y88, prob=P88))
# topk_ce with k = 100 is bce (logit input, |z| ≤ 16)
identity("topk_ce(k=100) == bce, logit input |z| <= 16",
         run("topk_ce", {"k": 100.0}, S1616, Y1616, logit=Z1616), run("bce", {}, S1616, Y1616, logit=Z1616, lib=False))
# lovasz on a full target is mean max(0, 1 − z); on an empty one max(0, 1 + max z)
_zf = t(Z88_ANY)
_v_full = run("lovasz_hinge", {}, S88, Y88_FULL, logit=Z88_ANY)
assert abs(_v_full[0] - float(torch.relu(1 - _zf).mean())) <= 1e-12, _v_full[0]
_g_full = torch.where(1 - _zf > 0, -torch.ones_like(_zf) / 64, torch.zeros_like(_zf))
assert maxdiff(_v_full[2].flatten(), _g_full) <= 1e-15
_v_empty = run("lovasz_hinge", {}, S88, Y88_EMPTY, logit=Z88_ANY)
assert _v_empty[0] == max(0.0, 1 + float(_zf.max())), _v_empty[0]
_g_empty = torch.zeros_like(_zf)
_g_empty[int(torch.argmax(_zf))] = 1.0
assert bool((_v_empty[2].flatten() == _g_empty).all())
IDENTITIES.append({"what": "lovasz_hinge on a full target == mean max(0, 1 - z) (gradient -1/N where 1 - z > 0); on an "
                   "empty one == max(0, 1 + max z) (gradient +1 on the argmax only)", "full": _v_full[0], "empty": _v_empty[0]})
# unified_focal: λ = 0 is the focal part alone, λ = 1 the focal Tversky part alone; γ = 0, δ = 0.5: focal part = 0.5·bce
_yy, _pp = as_batch(S88, Y88), as_batch(S88, P88)
_fl = yeung_asymmetric_focal_loss(0.6, 0.5)(two_channels(_yy), two_channels(_pp))
_ftl = yeung_asymmetric_focal_tversky_loss(0.6, 0.5)(two_channels(_yy), two_channels(_pp))
identity("unified_focal(lambda=0) == asymmetric focal part alone",
         run("unified_focal", {"lambda": 0.0}, S88, Y88, prob=P88),
         evaluate("unified_focal", lambda y, p: yeung_asymmetric_focal_loss(0.6, 0.5)(two_channels(y), two_channels(p)),
                  _yy, _pp, "prob"))
identity("unified_focal(lambda=1) == asymmetric focal Tversky part alone",
         run("unified_focal", {"lambda": 1.0}, S88, Y88, prob=P88),
         evaluate("unified_focal", lambda y, p: yeung_asymmetric_focal_tversky_loss(0.6, 0.5)(two_channels(y), two_channels(p)),
                  _yy, _pp, "prob"))
_lam = run("unified_focal", {"lambda": 0.2}, S88, Y88, prob=P88)[0]
assert abs(_lam - (0.2 * float(_ftl) + 0.8 * float(_fl))) <= 1e-14 and abs(float(_ftl) - float(_fl)) > 0.05
IDENTITIES.append({"what": "unified_focal lambda multiplies the focal Tversky part: L(0.2) = 0.2*FT + 0.8*F",
                   "FT": float(_ftl), "F": float(_fl), "L(lambda=0.2)": _lam,
                   "if lambda multiplied the focal part instead": 0.2 * float(_fl) + 0.8 * float(_ftl)})
identity("unified_focal(lambda=0, gamma=0, delta=0.5) == 0.5*bce (p inside the clamp)",
         run("unified_focal", {"lambda": 0.0, "gamma": 0.0, "delta": 0.5}, S88, Y88, prob=P88),
         evaluate("bce", lambda y, p: 0.5 * mg.ref_bce(y, p), as_batch(S88, Y88), as_batch(S88, P88), "prob"))
# ... and at p exactly 0 / 1 / ε: equal except where 1 − (1 − ε) < ε in f64 (measured below)
_u = run("unified_focal", {"lambda": 0.0, "gamma": 0.0, "delta": 0.5}, S44, Y44_EDGE, prob=P44_EDGE)
_b = evaluate("bce", lambda y, p: 0.5 * mg.ref_bce(y, p), as_batch(S44, Y44_EDGE), as_batch(S44, P44_EDGE), "prob")
UF_EDGE = {"value_unified": _u[0], "value_half_bce": _b[0], "grad_prob_unified": fl(_u[1]), "grad_prob_half_bce": fl(_b[1])}
# combo with ce_ratio = 1, form paper, beta 0.5 is 0.5·bce
identity("combo(ce_ratio=1, paper, beta=0.5) == 0.5*bce (incl. p = 0, 1)",
         run("combo", {"ce_ratio": 1.0}, S44, Y44_EDGE, prob=P44_EDGE),
         evaluate("bce", lambda y, p: 0.5 * mg.ref_bce(y, p), as_batch(S44, Y44_EDGE), as_batch(S44, P44_EDGE), "prob"))
# compound equals the weighted sum of its terms evaluated alone, gradients too (by construction
# in add_compound; checked here against separately made single-loss cases)
_c = next(c for c in CASES if c["name"] == "compound_dice_bce_is_bce_dice")
_bd = evaluate("bce_dice", lambda y, p: mg.ref_bce_dice(y, p, 0.5, 1.0, 1.0), as_batch(S88, Y88), as_batch(S88, P88), "prob")
assert close(_c["value"], _bd[0], 1e-12) and close(t(_c["grad_prob"]), _bd[1].flatten(), 1e-9) and close(
    t(_c["grad_logit"]), _bd[2].flatten(), 1e-9)
_c2 = next(c for c in CASES if c["name"] == "compound_dice_ce_lovasz_negative_weight")
_a = run("dice_ce", {"pos_weight": 3.0}, S1212, Y1212, logit=Z1212)
_l = run("lovasz_hinge", {}, S1212, Y1212, logit=Z1212)
assert close(_c2["value"], 0.7 * _a[0] - 0.25 * _l[0], 1e-12)
assert close(t(_c2["grad_prob"]), (0.7 * _a[1] - 0.25 * _l[1]).flatten(), 1e-9)
assert close(t(_c2["grad_logit"]), (0.7 * _a[2] - 0.25 * _l[2]).flatten(), 1e-9)
IDENTITIES.append({"what": "compound == weighted sum of its terms evaluated alone (values and both gradients), and "
                   "compound(dice smooth 1 w 1, bce w 0.5) == bce_dice(w_bce 0.5, w_dice 1, smooth 1)",
                   "value": _c["value"]})
IDENTITIES.append({"what": "every gradient against central finite differences in f64 (h = 1e-6 on z, 1e-7 on p), away from "
                   "kinks, ties and the clamp: asserted for every case not marked as having ties (64x64: 48 pixels)"})


# ---------------------------------------------------------------------------------------------
# Measurements (where the libraries as shipped differ from the contract): not asserted
# ---------------------------------------------------------------------------------------------
def measure():
    out = []

    def rec(what, **kw):
        out.append({"what": what, **kw})

    # (a) MONAI's shipped DiceFocalLoss (float32 focal) against the float64 contract
    y, z = as_batch(S88, Y88), as_batch(S88, Z88_CONF)
    shipped = DiceFocalLoss(sigmoid=True)
    v32, g32 = grads(lambda zz: shipped(b4(zz), b4(y)).to(D), z)
    v64, g64 = grads(lambda zz: library("dice_focal", {})[0](y, zz), z)
    yb = y.flatten() == 0
    zz = z.flatten()
    pix32 = monai_sigmoid_focal_loss(zz.float(), y.flatten().float(), 2.0, None).double()
    f64 = (torch.sigmoid(zz) ** 2 * softplus(zz))
    rel = ((pix32 - f64).abs() / f64)[yb]
    focal_only = DiceFocalLoss(sigmoid=True, lambda_dice=0.0)
    _, gf32 = grads(lambda zz: focal_only(b4(zz), b4(y)).to(D), z)
    _, gf64 = grads(lambda zz: library("dice_focal", {"w_dice": 0.0})[0](y, zz), z)
    rec("monai_dice_focal_float32", setup="8x8, 9-pixel object, background z uniform in [-9, -7] (case "
        "dice_focal_confident_background_float64), DiceFocalLoss(sigmoid=True) defaults",
        results={"shipped DiceFocalLoss value": v32, "float64 contract value": v64,
                 "value relative difference": abs(v32 - v64) / abs(v64),
                 "background pixels' focal term relative error, min": float(rel.min()), "median": float(rel.median()),
                 "max": float(rel.max()),
                 "focal part alone (lambda_dice=0): max |grad_logit difference| / max |grad_logit|":
                     maxdiff(gf32, gf64) / float(gf64.abs().max()),
                 "max |grad_logit difference| / max |grad_logit|": maxdiff(g32, g64) / float(g64.abs().max())})
    ye = as_batch(S88, Y88_EMPTY)
    ze = as_batch(S88, [v for v, yy in zip(Z88_CONF, Y88) if not yy] + [-8.0 - 0.1 * i for i in range(9)])
    ve32, ge32 = grads(lambda zz: shipped(b4(zz), b4(ye)).to(D), ze)
    ve64, ge64 = grads(lambda zz: library("dice_focal", {})[0](ye, zz), ze)
    rec("monai_dice_focal_float32_empty_target", setup="8x8 empty target, every z in [-9, -7], DiceFocalLoss(sigmoid=True) defaults",
        results={"shipped DiceFocalLoss value": ve32, "float64 contract value": ve64,
                 "value relative difference": abs(ve32 - ve64) / abs(ve64),
                 "max |grad_logit difference| / max |grad_logit|": maxdiff(ge32, ge64) / float(ge64.abs().max()),
                 "focal part alone (lambda_dice=0): max |grad_logit difference| / max |grad_logit|":
                     maxdiff(grads(lambda zz: focal_only(b4(zz), b4(ye)).to(D), ze)[1],
                             grads(lambda zz: library("dice_focal", {"w_dice": 0.0})[0](ye, zz), ze)[1])
                     / float(grads(lambda zz: library("dice_focal", {"w_dice": 0.0})[0](ye, zz), ze)[1].abs().max())})
    # (b) smp's shipped LovaszLoss on float64 logits
    try:
        smp.losses.LovaszLoss(mode="binary")(b4(as_batch(S88, Z88)), b4(as_batch(S88, Y88)))
        err = None
    except RuntimeError as e:  # torch.dot: Double and Float
        err = str(e).splitlines()[0]
    vf32 = float(smp.losses.LovaszLoss(mode="binary")(b4(as_batch(S88, Z88)).float(), b4(as_batch(S88, Y88)).float()))
    vf64 = float(library("lovasz_hinge", {})[0](as_batch(S88, Y88), as_batch(S88, Z88)))
    rec("smp_lovasz_float64", setup="smp LovaszLoss(mode='binary') on the 8x8 case lovasz_8x8_logit",
        results={"shipped, float64 logits": f"raises: {err}", "shipped, float32 inputs": vf32,
                 "patched float64": vf64, "relative difference": abs(vf32 - vf64) / vf64})
    # (c) the torch sort used by the libraries is unstable among ties (tie case of lovasz)
    yl = as_batch(S88, Y88)
    zl = as_batch(S88, [(-0.5 if v == 0 else z) for v, z in zip(Y88, Z88)])
    _, g_stable = grads(lambda q: lib_lovasz({}, False, True)[0](yl, q), zl)
    _, g_unstable = grads(lambda q: lib_lovasz({}, False, False)[0](yl, q), zl)
    rec("lovasz_tie_order", setup="case lovasz_constant_background_ties: 55 tied background errors",
        results={"max |grad difference| smp's torch.sort vs stable": maxdiff(g_stable, g_unstable),
                 "value difference": 0.0})
    yk, zk = as_batch(S88, Y88), as_batch(S88, Z88_CONST)
    fk = robust_ce_loss.TopKLoss(k=30.0)
    vk_shipped, gk_shipped = grads(lambda q: fk(torch.stack([torch.zeros_like(q), q], 1), b4(yk)), zk)
    vk, gk = grads(lambda q: lib_topk({"k": 30.0}, True)[0](yk, q), zk)
    rec("topk_tie_order", setup="case topk_ce_constant_background_ties (k = 30, K = 19, background tied at z = -2)",
        results={"value shipped torch.topk": vk_shipped, "value stable": vk,
                 "max |grad difference| shipped torch.topk vs stable": maxdiff(gk_shipped, gk),
                 "pixels selected (nonzero gradient), shipped": int((gk_shipped != 0).sum()),
                 "pixels selected, stable": int((gk != 0).sum())})
    # (d) nnU-Net's TopK with an empty selection
    f = robust_ce_loss.TopKLoss(k=1.0)
    zt, yt = as_batch(S88, Z88), as_batch(S88, Y88)
    v = float(f(torch.stack([torch.zeros_like(zt), zt], 1), b4(yt)))
    rec("nnunet_topk_empty_selection", setup="8x8, k = 1 (N·k = 64 < 100)", results={"nnU-Net TopKLoss": repr(v), "contract": 0.0})
    # (e) library autograd at large |z| (cases *_large_logits use the independent implementation)
    zl = as_batch(S44, Z44_LARGE)
    yl = as_batch(S44, Y44_EDGE)
    for loss, q in (("dice_ce", {"w_ce": 0.5}), ("topk_ce", {"k": 40.0})):
        _, gl = grads(lambda qq: library(loss, q)[0](yl, qq), zl)
        _, gr = grads(lambda qq: ref_batched(loss, q)(yl, qq), zl)
        relerr = ((gl - gr).abs() / gr.abs().clamp_min(1e-300)).flatten()
        rec(f"{loss}_large_logits_library_autograd", setup=f"case {loss}_large_logits",
            results={"max relative error of the library's grad_logit entries": float(relerr.max()),
                     "grad_logit entries (library)": fl(gl), "grad_logit entries (contract)": fl(gr)})
    # (f) unified_focal's γ = 0, δ = 0.5 identity at the clamp's ends
    rec("unified_focal_half_bce_at_clamp_ends", setup="4x4 P44_EDGE (p = 0, 1, 1e-7, 1-1e-7), lambda 0, gamma 0, delta 0.5",
        results=UF_EDGE, note="differs from 0.5*bce only at p = 1 - 1e-7 on the background, where 1 - p = 9.9999999947e-08 "
        "< 1e-7 so the background channel's clip has gradient 0 while bce's clip passes (p <= 1 - 1e-7)")
    # (g) combo forms on one prediction
    yc, pc = as_batch(S88, Y88), as_batch(S88, P88)
    rec("combo_forms", setup="8x8, 9-pixel object, P88; ce_ratio 0.5, beta 0.5, smooth 1",
        results={form: float(taghanaki_combo(yc, pc, 0.5, 0.5, 1.0, form)) for form in ("paper", "authors_2019", "authors_2020")})
    # (h) Jadon's smooth: the file's dice_coef uses K.epsilon(), generalized_dice_coefficient 1
    rec("log_cosh_dice_smooth", setup="4x4 conformance example",
        results={"smooth 1 (generalized_dice_coefficient, the contract)": float(jadon_log_cosh_dice(t(Y44), t(P44), 1.0)),
                 "smooth 1e-7 (dice_coef's K.epsilon(), not used)": float(jadon_log_cosh_dice(t(Y44), t(P44), 1e-7))})
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "compound_cases.json").write_text(json.dumps(CASES, indent=1, ensure_ascii=False) + "\n")
    diffs = {"versions": VERSIONS, "identities": IDENTITIES, "measurements": measure()}
    (OUT / "compound_library_differences.json").write_text(json.dumps(diffs, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(VERSIONS))
    print(f"{len(CASES)} cases:", json.dumps(COUNTS))
    print(f"{sum(1 for c in CASES if c['zero_over_zero'])} flagged zero_over_zero; "
          f"{len(IDENTITIES)} identities asserted; {FD_PIXELS[0]} pixel gradients checked against finite differences")


if __name__ == "__main__":
    main()
