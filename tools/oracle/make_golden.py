#!/usr/bin/env python3
"""Golden reference cases for losslab-core, produced by running the real libraries.

Writes crates/core/tests/golden/cases.json (asserted by crates/core/tests/golden.rs) and
crates/core/tests/golden/library_differences.json (measurements only, not asserted).

Every value and gradient comes from a library call (MONAI, torchvision,
segmentation_models_pytorch, Keras 3 on the torch backend, plain PyTorch) in float64, with
gradients from torch autograd. Where no library computes the formula of
shared/docs/losses.md exactly, the case uses an independent torch float64 implementation of
that formula (written here, from the spec, not from the Rust core) and says so in "source".

Every library case is also cross-checked here against that independent implementation, so a
library whose convention differs from the spec is caught when the file is generated.

Run:  KERAS_BACKEND=torch python tools/oracle/make_golden.py   (see tools/oracle/README.md)
"""

import json
import math
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

import keras  # noqa: E402
import monai  # noqa: E402
import segmentation_models_pytorch as smp  # noqa: E402
import torchvision  # noqa: E402
from monai.losses import DiceCELoss, DiceLoss, FocalLoss, GeneralizedDiceLoss, TverskyLoss  # noqa: E402
from torchvision.ops import sigmoid_focal_loss  # noqa: E402

assert keras.backend.backend() == "torch", "run with KERAS_BACKEND=torch"
keras.config.set_floatx("float64")
torch.set_default_dtype(torch.float64)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "crates" / "core" / "tests" / "golden"
D = torch.float64
EPS = 1e-7  # losses.md: Keras' epsilon
GDL_EPS = 1e-6
FT_FLOOR = 1e-12

VERSIONS = {
    "python": sys.version.split()[0],
    "torch": torch.__version__,
    "torchvision": torchvision.__version__,
    "monai": monai.__version__,
    "segmentation_models_pytorch": smp.__version__,
    "keras": keras.__version__,
    "numpy": np.__version__,
}
GRADS = "grads by torch.autograd in float64"


def t(x):
    return torch.as_tensor(x, dtype=D)


# ---------------------------------------------------------------------------------------------
# Independent float64 implementations of losses.md (the cross-check, and the source where no
# library computes the formula). Inputs: y, p of the case's shape; binary losses flatten.
# ---------------------------------------------------------------------------------------------


def clamp_tf(p):
    """p̂ = clip(p, ε, 1−ε) with TensorFlow's gradient: passes inside [ε, 1−ε], ends included.

    (torch.clamp zeroes the gradient at the two ends themselves; TensorFlow does not.)"""
    inside = (p >= EPS) & (p <= 1 - EPS)
    return torch.where(inside, p, torch.clamp(p, EPS, 1 - EPS).detach())


def ratio(num, den, zero_over_zero=0.0):
    """num/den; a 0/0 gives `zero_over_zero` with zero gradient (losses.md: 0 loss for the term)."""
    if float(den.detach()) == 0.0 and float(num.detach()) == 0.0:
        return (num * 0.0).sum() * 0.0 + zero_over_zero
    return num / den


def one_minus_ratio(num, den):
    """1 − num/den, with a 0/0 ratio defined as 0 loss and zero gradient (losses.md)."""
    if float(den.detach()) == 0.0 and float(num.detach()) == 0.0:
        return (num * 0.0).sum() * 0.0
    return 1 - num / den


def ref_bce(y, p, w=1.0):
    y, p = y.flatten(), p.flatten()
    ph = clamp_tf(p)
    return -(w * y * torch.log(ph) + (1 - y) * torch.log(1 - ph)).mean()


def balanced_weight(y):
    n, sy = y.numel(), float(y.sum())
    if sy == 0:
        return 1.0
    return min((n - sy) / sy, 1e4)


def ref_focal(y, p, alpha=0.25, gamma=2.0, reduction="mean"):
    y, p = y.flatten(), p.flatten()
    ph = clamp_tf(p)
    pos = -alpha * (1 - ph) ** gamma * torch.log(ph)
    neg = -(1 - alpha) * ph**gamma * torch.log(1 - ph)
    ell = y * pos + (1 - y) * neg
    if reduction == "sum":
        return ell.sum()
    if reduction == "mean":
        return ell.mean()
    return ell.sum() / max(float(y.sum()), 1.0)


def ref_dice(y, p, smooth=1.0, squared=False):
    y, p = y.flatten(), p.flatten()
    inter = (y * p).sum()
    den = ((y * y).sum() + (p * p).sum()) if squared else (y.sum() + p.sum())
    return one_minus_ratio(2 * inter + smooth, den + smooth)


def ref_iou(y, p, eps=1e-6, empty="complement"):
    y, p = y.flatten(), p.flatten()
    if empty == "complement" and float(y.sum()) == 0.0:
        y, p = 1 - y, 1 - p
    inter = (y * p).sum()
    union = y.sum() + p.sum() - inter
    return one_minus_ratio(inter + eps, union + eps)


def tversky_index(y, p, alpha, beta, smooth):
    y, p = y.flatten(), p.flatten()
    tp = (y * p).sum()
    fn = (y * (1 - p)).sum()
    fp = ((1 - y) * p).sum()
    return ratio(tp + smooth, tp + alpha * fn + beta * fp + smooth, 1.0)  # 0/0: T = 1, 0 loss


def ref_tversky(y, p, alpha=0.7, beta=0.3, smooth=1.0):
    return 1 - tversky_index(y, p, alpha, beta, smooth)


def ref_focal_tversky(y, p, alpha=0.7, beta=0.3, smooth=1.0, gamma=0.75):
    base = 1 - tversky_index(y, p, alpha, beta, smooth)
    if float(base.detach()) >= FT_FLOOR:
        return base**gamma
    # value (1−T)^γ; gradient −γ·floor^(γ−1)·∂T/∂p (losses.md §7)
    value = max(float(base.detach()), 0.0) ** gamma
    return value + gamma * FT_FLOOR ** (gamma - 1) * (base - base.detach())


def ref_sens_spec(y, p, lam=0.05, smooth=1e-5):
    y, p = y.flatten(), p.flatten()
    n, sy = y.numel(), y.sum()
    e = (y - p) ** 2
    return lam * ratio((e * y).sum(), sy + smooth) + (1 - lam) * ratio((e * (1 - y)).sum(), n - sy + smooth)


def gdl_weights(vol, weight_type="square", absent="epsilon"):
    vol = vol.detach()
    if weight_type == "square":
        w = 1 / (vol * vol + GDL_EPS)
    elif weight_type == "simple":
        w = 1 / (vol + GDL_EPS)
    else:
        w = torch.ones_like(vol)
    present = vol > 0
    if absent == "zero":
        w = torch.where(present, w, torch.zeros_like(w))
    elif absent == "max":
        m = float(w[present].max()) if bool(present.any()) else 0.0
        w = torch.where(present, w, torch.full_like(w, m))
    return w


def ref_gdl(y, p, smooth=0.0, weight_type="square", absent="epsilon"):
    """y, p: [C, H, W] (or [H, W] = one class)."""
    c = y.shape[0] if y.dim() == 3 else 1
    y, p = y.reshape(c, -1), p.reshape(c, -1)
    w = gdl_weights(y.sum(1), weight_type, absent)
    a = (w * (y * p).sum(1)).sum()
    b = (w * (y + p).sum(1)).sum()
    return one_minus_ratio(2 * a + smooth, b + smooth)


def ref_bce_dice(y, p, w_bce=1e-3, w_dice=1.0, smooth=1.0, squared=False):
    return w_bce * ref_bce(y, p) + w_dice * ref_dice(y, p, smooth, squared)


def ref_for(loss, params):
    """The independent implementation of `loss` with our `params` (names of losses.md)."""
    q = dict(params)
    if loss == "bce":
        return lambda y, p: ref_bce(y, p)
    if loss == "wce":
        pw = q.get("pos_weight", 10.0)
        return lambda y, p: ref_bce(y, p, balanced_weight(y) if pw == "balanced" else pw)
    if loss == "focal":
        return lambda y, p: ref_focal(y, p, q.get("alpha", 0.25), q.get("gamma", 2.0), q.get("reduction", "mean"))
    if loss == "dice":
        return lambda y, p: ref_dice(y, p, q.get("smooth", 1.0), q.get("squared", False))
    if loss == "iou":
        return lambda y, p: ref_iou(y, p, q.get("eps", 1e-6), q.get("empty", "complement"))
    if loss == "tversky":
        return lambda y, p: ref_tversky(y, p, q.get("alpha", 0.7), q.get("beta", 0.3), q.get("smooth", 1.0))
    if loss == "focal_tversky":
        return lambda y, p: ref_focal_tversky(
            y, p, q.get("alpha", 0.7), q.get("beta", 0.3), q.get("smooth", 1.0), q.get("gamma", 0.75)
        )
    if loss == "sensitivity_specificity":
        return lambda y, p: ref_sens_spec(y, p, q.get("lambda", 0.05), q.get("smooth", 1e-5))
    if loss == "generalized_dice":
        return lambda y, p: ref_gdl(
            y, p, q.get("smooth", 0.0), q.get("weight_type", "square"), q.get("absent", "epsilon")
        )
    if loss == "bce_dice":
        return lambda y, p: ref_bce_dice(
            y, p, q.get("w_bce", 1e-3), q.get("w_dice", 1.0), q.get("smooth", 1.0), q.get("squared", False)
        )
    raise KeyError(loss)


# ---------------------------------------------------------------------------------------------
# Library calls. Each takes (y, p) or (y, z) tensors of the case's shape and returns a scalar.
# ---------------------------------------------------------------------------------------------


def nchw(x):
    """[H, W] -> [1, 1, H, W]; [C, H, W] -> [1, C, H, W] (MONAI's BNHW)."""
    return x.reshape(1, 1, *x.shape) if x.dim() == 2 else x.reshape(1, *x.shape)


def logit_of(p):
    return torch.log(p) - torch.log1p(-p)


# -- cross-entropy
def lib_keras_bce(y, p):
    # axis=(): Keras' per-pixel terms; its own ops.mean (Keras 3.15, torch backend) computes a
    # float64 input in float32, so the mean over pixels is taken in torch.
    return keras.losses.binary_crossentropy(y.reshape(1, -1), p.reshape(1, -1), axis=()).mean()


def lib_torch_bce(y, p):
    return F.binary_cross_entropy(p, y)


def lib_torch_bce_logits(y, z, pos_weight=None):
    pw = None if pos_weight is None else t(pos_weight)
    return torch.nn.BCEWithLogitsLoss(pos_weight=pw)(z, y)


# -- focal
def lib_tv_focal(y, z, alpha, gamma, reduction):
    if reduction == "per_positive":
        return sigmoid_focal_loss(z, y, alpha=alpha, gamma=gamma, reduction="sum") / max(float(y.sum()), 1.0)
    return sigmoid_focal_loss(z, y, alpha=alpha, gamma=gamma, reduction=reduction)


def lib_keras_focal(y, p, alpha, gamma):
    return keras.losses.binary_focal_crossentropy(
        y.reshape(1, -1), p.reshape(1, -1), apply_class_balancing=True, alpha=alpha, gamma=gamma, axis=()
    ).mean()


# -- region losses
def lib_monai_dice(y, p, s, squared=False, jaccard=False):
    f = DiceLoss(smooth_nr=s, smooth_dr=s, squared_pred=squared, jaccard=jaccard, batch=False)
    return f(nchw(p), nchw(y))


def lib_smp(kind, y, p, **kw):
    cls = {"dice": smp.losses.DiceLoss, "jaccard": smp.losses.JaccardLoss, "tversky": smp.losses.TverskyLoss}[kind]
    f = cls(mode="binary", from_logits=False, **kw)
    return f(p.reshape(1, 1, *p.shape), y.reshape(1, 1, *y.shape))


def lib_monai_tversky(y, p, alpha_fn, beta_fp, s):
    # MONAI: alpha weighs FP, beta weighs FN -> translate from losses.md (alpha on FN).
    f = TverskyLoss(alpha=beta_fp, beta=alpha_fn, smooth_nr=s, smooth_dr=s, batch=False)
    return f(nchw(p), nchw(y))


def lib_keras_tversky(y, p, alpha, beta):
    return keras.losses.tversky(y.reshape(1, -1), p.reshape(1, -1), alpha=alpha, beta=beta)


def lib_keras_dice(y, p):
    return keras.losses.dice(y.reshape(1, -1), p.reshape(1, -1))


def monai_gdl(weight_type, absent, s, softmax=False):
    """MONAI GeneralizedDiceLoss with its weight function replaced by losses.md's
    w = 1/(Σr² + ε_w) (resp. 1/(Σr + ε_w), 1); absent classes are returned as inf for
    `max` so that MONAI's own inf -> max-of-present rule applies, as 0 for `zero`."""
    f = GeneralizedDiceLoss(
        w_type={"square": "square", "simple": "simple", "uniform": "uniform"}[weight_type],
        smooth_nr=s,
        smooth_dr=s,
        batch=False,
        softmax=softmax,
    )

    def w_func(grnd):
        g = grnd.to(D)
        if weight_type == "square":
            w = 1 / (g * g + GDL_EPS)
        elif weight_type == "simple":
            w = 1 / (g + GDL_EPS)
        else:
            w = torch.ones_like(g)
        if absent == "max":
            w = torch.where(g > 0, w, torch.full_like(w, math.inf))
        elif absent == "zero":
            w = torch.where(g > 0, w, torch.zeros_like(w))
        return w

    f.w_func = w_func
    return f


def monai_gdl_desc(weight_type, absent, s, softmax):
    wf = {"square": "1/(g*g+1e-6)", "simple": "1/(g+1e-6)", "uniform": "1"}[weight_type]
    extra = {"epsilon": "", "max": " (inf for absent classes, so MONAI's inf->max rule applies)",
             "zero": " (0 for absent classes)"}[absent]
    return (
        f"monai.losses.GeneralizedDiceLoss(w_type='{weight_type}', smooth_nr={s}, smooth_dr={s}, batch=False"
        f"{', softmax=True' if softmax else ''}) with instance w_func replaced by w = {wf}{extra} "
        "(losses.md's eps_w weights; MONAI's own are 1/g^2 in float32)"
    )


# ---------------------------------------------------------------------------------------------
# Case machinery
# ---------------------------------------------------------------------------------------------

CASES = []
NAMES = set()


def fl(x):
    return [float(v) for v in x.flatten().tolist()]


def grads(fn, x):
    x = x.detach().clone().requires_grad_(True)
    val = fn(x)
    assert val.dtype == D and val.dim() == 0, (val.dtype, val.shape)
    (g,) = torch.autograd.grad(val, x, allow_unused=True)
    if g is None:
        g = torch.zeros_like(x)
    return float(val.detach()), g.detach()


def add(name, loss, shape, target, params, source, *, prob=None, logit=None, fp=None, fz=None,
        cross_tol=1e-9, independent=False):
    """fp(y, p) -> library loss from probabilities; fz(y, z) -> library loss from logits.
    At least one is given; the other path is derived (p = σ(z) / softmax, or z = logit(p) /
    log p). `independent=True`: no library, fp is the independent implementation itself."""
    assert name not in NAMES, name
    NAMES.add(name)
    y = t(target).reshape(shape)
    multi = loss == "generalized_dice" and len(shape) == 3 and shape[0] > 1
    act = (lambda z: torch.softmax(z, 0)) if multi else torch.sigmoid
    inv = torch.log if multi else logit_of
    path_p = (lambda p: fp(y, p)) if fp else (lambda p: fz(y, inv(p)))
    if logit is not None:
        z0 = t(logit).reshape(shape)
        p0 = act(z0)
        path_z = (lambda z: fz(y, z)) if fz else (lambda z: fp(y, act(z)))
        value, gz = grads(path_z, z0)
        value_p, gp = grads(path_p, p0)
    else:
        p0 = t(prob).reshape(shape)
        # grad_logit for a probability input: z = logit(p) (log p for softmax) is the leaf and
        # p = act(z), its value pinned to the given p so that round-off in act(logit(p)) cannot
        # move a pixel across the clamp's ends; the derivative is act's.
        pinned = lambda z: act(z) + (p0 - act(z)).detach()  # noqa: E731
        path_z = (lambda z: fz(y, z)) if fz else (lambda z: fp(y, pinned(z)))
        value, gp = grads(path_p, p0)
        value_p, gz = grads(path_z, inv(p0))
    assert abs(value - value_p) <= 1e-9 * max(1, abs(value)), (name, value, value_p)
    for g in (gp, gz):
        assert torch.isfinite(g).all(), (name, g)
    # cross-check against the independent implementation of losses.md
    ref = ref_for(loss, params)
    rv, rgp = grads(lambda p: ref(y, p), p0)
    if logit is not None:
        _, rgz = grads(lambda z: ref(y, act(z)), t(logit).reshape(shape))
    else:
        _, rgz = grads(lambda z: ref(y, act(z) + (p0 - act(z)).detach()), inv(p0))
    ok_v = abs(rv - value) <= cross_tol * max(1, abs(rv))
    ok_p = float((rgp - gp).abs().max()) <= cross_tol * 10 * float(rgp.abs().max()) + 1e-13
    ok_z = float((rgz - gz).abs().max()) <= cross_tol * 10 * float(rgz.abs().max()) + 1e-13
    if not (ok_v and ok_p and ok_z):
        raise AssertionError(
            f"{name}: library and losses.md disagree: value {value} vs {rv}; "
            f"grad_prob max diff {float((rgp - gp).abs().max())}; grad_logit max diff {float((rgz - gz).abs().max())}"
        )
    case = {"name": name, "source": source, "shape": list(shape), "target": fl(y)}
    if logit is not None:
        case["logit"] = fl(t(logit))
    else:
        case["prob"] = fl(p0)
    case.update({"loss": loss, "params": params, "value": value, "grad_prob": fl(gp), "grad_logit": fl(gz)})
    CASES.append(case)


def IND(section):
    return f"independent torch float64 implementation of losses.md {section} (no library computes it exactly); {GRADS}"


# ---------------------------------------------------------------------------------------------
# Inputs (fixed seeds)
# ---------------------------------------------------------------------------------------------
rng = np.random.default_rng(20261129)


def rnd(n, lo, hi, digits=6):
    return [round(float(v), digits) for v in rng.uniform(lo, hi, n)]


def blob(h, w, cells):
    y = np.zeros((h, w))
    for r, c in cells:
        y[r, c] = 1.0
    return y.flatten().tolist()


def soft_pred(target, bg=(0.02, 0.3), fg=(0.55, 0.95)):
    """A plausible prediction: low on background, high on the object, away from the clamp."""
    out = []
    for v in target:
        lo, hi = fg if v >= 0.5 else bg
        out.append(round(float(rng.uniform(lo, hi)), 6))
    return out


def logits_for(target, bg=(-3.0, -0.5), fg=(0.3, 3.0)):
    out = []
    for v in target:
        lo, hi = fg if v >= 0.5 else bg
        out.append(round(float(rng.uniform(lo, hi)), 6))
    return out


# shared images
Y44 = blob(4, 4, [(0, 2), (1, 1), (1, 2)])  # the conformance.md example's target
P44 = [0.1, 0.2, 0.8, 0.1, 0.1, 0.6, 0.9, 0.2, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]
Y88_TINY = blob(8, 8, [(3, 4)])  # a one-pixel object
P88_TINY = soft_pred(Y88_TINY)
Y88_OBJ = blob(8, 8, [(2, 2), (2, 3), (3, 2), (3, 3), (4, 3), (3, 4), (2, 4), (4, 4), (4, 2)])  # 3x3, 9 px
P88_OBJ = soft_pred(Y88_OBJ)
Z88_OBJ = logits_for(Y88_OBJ)
Y88_EMPTY = [0.0] * 64
P88_EMPTY = rnd(64, 0.01, 0.25)
Y44_SOFT = [round(v, 3) for v in rng.uniform(0, 1, 16)]
P44_SOFT = rnd(16, 0.05, 0.95)
Y44_ALLONE = [1.0] * 16
P44_ALLONE = rnd(16, 0.4, 0.98)
Z44 = logits_for(Y44)
S88, S44, S11, S22 = [8, 8], [4, 4], [1, 1], [2, 2]

# ---------------------------------------------------------------------------------------------
# 1. bce
# ---------------------------------------------------------------------------------------------
KBCE = ("keras.losses.binary_crossentropy(y, p, axis=()).mean() (Keras' per-pixel BCE, clipped to [1e-7, 1-1e-7], "
        "averaged in torch because Keras 3.15's ops.mean computes float64 in float32), KERAS_BACKEND=torch, float64; " + GRADS)
add("bce_4x4_keras", "bce", S44, Y44, {}, KBCE, prob=P44, fp=lib_keras_bce)
add("bce_8x8_tiny_torch", "bce", S88, Y88_TINY, {},
    f"torch.nn.functional.binary_cross_entropy(p, y) (reduction='mean'; p inside the clamp, so no clipping differs); {GRADS}",
    prob=P88_TINY, fp=lib_torch_bce)
add("bce_8x8_logit_bcewithlogits", "bce", S88, Y88_OBJ, {},
    f"torch.nn.BCEWithLogitsLoss()(z, y) (sigmoid inputs far inside [1e-7, 1-1e-7]); grad_prob with z = log(p/(1-p)) of a leaf p; {GRADS}",
    logit=Z88_OBJ, fz=lambda y, z: lib_torch_bce_logits(y, z))
add("bce_1x1", "bce", S11, [1.0], {}, KBCE, prob=[0.3], fp=lib_keras_bce)
add("bce_4x4_soft_target", "bce", S44, Y44_SOFT, {}, KBCE, prob=P44_SOFT, fp=lib_keras_bce)
add("bce_clamp_exact_0_and_1", "bce", [2, 3], [1.0, 0.0, 1.0, 0.0, 1.0, 0.0], {},
    KBCE + "; p exactly 0 and 1: clipped, gradient 0 there (confidently wrong pixels silenced)",
    prob=[0.0, 0.0, 1.0, 1.0, 0.7, 0.2], fp=lib_keras_bce)
add("bce_empty_target", "bce", S88, Y88_EMPTY, {}, KBCE, prob=P88_EMPTY, fp=lib_keras_bce)

# ---------------------------------------------------------------------------------------------
# 2. wce
# ---------------------------------------------------------------------------------------------
def wce_src(w):
    return (f"torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor({w}))(z, y), reduction='mean' "
            f"(inputs inside the clamp); grad_prob via z = log(p/(1-p)) of a leaf p; {GRADS}")


add("wce_4x4_default_10", "wce", S44, Y44, {}, wce_src(10.0), prob=P44,
    fz=lambda y, z: lib_torch_bce_logits(y, z, 10.0))
add("wce_8x8_tiny_pos_weight_3_logit", "wce", S88, Y88_TINY, {"pos_weight": 3.0}, wce_src(3.0),
    logit=logits_for(Y88_TINY), fz=lambda y, z: lib_torch_bce_logits(y, z, 3.0))
_bw = balanced_weight(t(Y88_OBJ))
add("wce_8x8_balanced", "wce", S88, Y88_OBJ, {"pos_weight": "balanced"},
    wce_src(_bw) + f"; pos_weight = (N - Sy)/Sy = (64 - 9)/9 computed from the target", prob=P88_OBJ,
    fz=lambda y, z: lib_torch_bce_logits(y, z, _bw))
add("wce_4x4_soft_target_pos_weight_2_5", "wce", S44, Y44_SOFT, {"pos_weight": 2.5}, wce_src(2.5),
    prob=P44_SOFT, fz=lambda y, z: lib_torch_bce_logits(y, z, 2.5))
add("wce_empty_target_balanced", "wce", S44, [0.0] * 16, {"pos_weight": "balanced"},
    wce_src(1.0) + "; balanced weight is 1 on an empty target (losses.md)", prob=rnd(16, 0.05, 0.6),
    fz=lambda y, z: lib_torch_bce_logits(y, z, 1.0))
add("wce_clamp_exact_0", "wce", [1, 4], [1.0, 0.0, 1.0, 0.0], {"pos_weight": 5.0},
    IND("§2 (torch's BCEWithLogitsLoss has no clip; p exactly 0 / 1 need the Keras-style clip)"),
    prob=[0.0, 1.0, 0.6, 0.3], fp=lambda y, p: ref_bce(y, p, 5.0), independent=True)

# ---------------------------------------------------------------------------------------------
# 3. focal
# ---------------------------------------------------------------------------------------------
def tvf_src(alpha, gamma, red):
    if red == "per_positive":
        call = f"torchvision.ops.sigmoid_focal_loss(z, y, alpha={alpha}, gamma={gamma}, reduction='sum') / max(sum(y), 1)"
    else:
        call = f"torchvision.ops.sigmoid_focal_loss(z, y, alpha={alpha}, gamma={gamma}, reduction='{red}')"
    return f"{call} (hard targets, inputs inside the clamp); grad_prob via z = log(p/(1-p)) of a leaf p; {GRADS}"


def focal_case(name, shape, y, params, **kw):
    a, g, r = params.get("alpha", 0.25), params.get("gamma", 2.0), params.get("reduction", "mean")
    add(name, "focal", shape, y, params, tvf_src(a, g, r), fz=lambda yy, z: lib_tv_focal(yy, z, a, g, r), **kw)


focal_case("focal_4x4_mean_default", S44, Y44, {}, prob=P44)
focal_case("focal_8x8_tiny_sum_seed", S88, Y88_TINY, {"reduction": "sum"}, prob=P88_TINY)
focal_case("focal_8x8_obj_per_positive_logit", S88, Y88_OBJ, {"reduction": "per_positive"}, logit=Z88_OBJ)
focal_case("focal_8x8_empty_per_positive", S88, Y88_EMPTY, {"reduction": "per_positive"}, prob=P88_EMPTY)
focal_case("focal_gamma0_alpha05_equals_half_bce", S44, Y44, {"alpha": 0.5, "gamma": 0.0}, prob=P44)
focal_case("focal_4x4_alpha075_gamma1_5_sum", S44, Y44, {"alpha": 0.75, "gamma": 1.5, "reduction": "sum"}, logit=Z44)
focal_case("focal_1x1_background", S11, [0.0], {}, prob=[0.4])
add("focal_8x8_keras_mean", "focal", S88, Y88_OBJ, {"alpha": 0.3, "gamma": 2.0},
    "keras.losses.binary_focal_crossentropy(y, p, apply_class_balancing=True, alpha=0.3, gamma=2.0, axis=()).mean() "
    f"(Keras' per-pixel focal terms, averaged in torch; inputs inside the clip), KERAS_BACKEND=torch, float64; {GRADS}",
    prob=P88_OBJ, fp=lambda y, p: lib_keras_focal(y, p, 0.3, 2.0))
add("focal_soft_target_mean", "focal", S44, Y44_SOFT, {}, IND("§3, soft y mixes the y=1 and y=0 terms linearly "
    "(torchvision/Keras mix p_t instead, which differs for soft targets)"), prob=P44_SOFT,
    fp=lambda y, p: ref_focal(y, p), independent=True)
add("focal_clamp_exact_0_1_sum", "focal", [1, 4], [1.0, 0.0, 1.0, 0.0], {"reduction": "sum"},
    IND("§3 with p̂ = clip(p, 1e-7, 1-1e-7) in both the log and the focal factor (Keras' focal factor uses the unclipped p)"),
    prob=[0.0, 1.0, 0.8, 0.1], fp=lambda y, p: ref_focal(y, p, reduction="sum"), independent=True)

# ---------------------------------------------------------------------------------------------
# 4. dice
# ---------------------------------------------------------------------------------------------
def md_src(s, squared=False, sigmoid=False):
    return (f"monai.losses.DiceLoss({'sigmoid=True, ' if sigmoid else ''}smooth_nr={s}, smooth_dr={s}, "
            f"{'squared_pred=True, ' if squared else ''}batch=False) on [1, 1, H, W]; {GRADS}")


add("dice_monai_documented_case", "dice", S22, [1.0, 0.0, 1.0, 1.0], {"smooth": 1e-6},
    "MONAI's documented case (tests/test_dice_loss.py, shape (1, 1, 2, 2)): "
    "monai.losses.DiceLoss(include_background=True, sigmoid=True, smooth_nr=1e-6, smooth_dr=1e-6) -> 0.307576; "
    + GRADS, logit=[1.0, -1.0, -1.0, 1.0], fz=lambda y, z: lib_monai_dice(y, torch.sigmoid(z), 1e-6))
assert abs(CASES[-1]["value"] - 0.307576) < 1e-6, CASES[-1]["value"]
add("dice_4x4_default_smooth1", "dice", S44, Y44, {}, md_src(1.0), prob=P44, fp=lambda y, p: lib_monai_dice(y, p, 1.0))
add("dice_8x8_tiny_smooth1", "dice", S88, Y88_TINY, {}, md_src(1.0), prob=P88_TINY,
    fp=lambda y, p: lib_monai_dice(y, p, 1.0))
add("dice_8x8_empty_target_seed_smooth1", "dice", S88, Y88_EMPTY, {}, md_src(1.0), prob=P88_EMPTY,
    fp=lambda y, p: lib_monai_dice(y, p, 1.0))
add("dice_8x8_empty_target_monai_smooth1e-5", "dice", S88, Y88_EMPTY, {"smooth": 1e-5}, md_src(1e-5), prob=P88_EMPTY,
    fp=lambda y, p: lib_monai_dice(y, p, 1e-5))
add("dice_8x8_squared_vnet", "dice", S88, Y88_OBJ, {"squared": True}, md_src(1.0, squared=True), prob=P88_OBJ,
    fp=lambda y, p: lib_monai_dice(y, p, 1.0, squared=True))
add("dice_4x4_soft_target_smooth0_1", "dice", S44, Y44_SOFT, {"smooth": 0.1}, md_src(0.1), prob=P44_SOFT,
    fp=lambda y, p: lib_monai_dice(y, p, 0.1))
add("dice_8x8_logit_smp", "dice", S88, Y88_OBJ, {"smooth": 0.5},
    "segmentation_models_pytorch.losses.DiceLoss(mode='binary', from_logits=True, smooth=0.25) on [1, 1, H, W] "
    "(smp 0.6 computes (TP + s)/((Sy + Sp)/2 + s), i.e. our smooth = 2*s; non-empty hard target, so smp's "
    f"empty-image mask does not apply; eps clamp inactive); {GRADS}",
    logit=Z88_OBJ, fz=lambda y, z: smp.losses.DiceLoss(mode="binary", from_logits=True, smooth=0.25)(
        z.reshape(1, 1, 8, 8), y.reshape(1, 1, 8, 8)))
add("dice_1x1_smooth0", "dice", S11, [1.0], {"smooth": 0.0},
    "keras.losses.dice(y, p) (denominator + 1e-7, else losses.md's s = 0; relative effect < 1e-7), "
    f"KERAS_BACKEND=torch, float64; the seed's one-pixel D = 2pt/(p+t); {GRADS}",
    prob=[0.2], fp=lib_keras_dice, cross_tol=1e-6)
add("dice_4x4_smooth0_keras", "dice", S44, Y44, {"smooth": 0.0},
    "keras.losses.dice(y, p) (denominator + 1e-7, else losses.md's s = 0; relative effect < 1e-7), "
    f"KERAS_BACKEND=torch, float64; {GRADS}", prob=P44, fp=lib_keras_dice, cross_tol=1e-6)
add("dice_allone_target", "dice", S44, Y44_ALLONE, {}, md_src(1.0), prob=P44_ALLONE,
    fp=lambda y, p: lib_monai_dice(y, p, 1.0))

# ---------------------------------------------------------------------------------------------
# 5. iou
# ---------------------------------------------------------------------------------------------
def mj_src(eps, extra=""):
    return (f"monai.losses.DiceLoss(jaccard=True, smooth_nr={2 * eps}, smooth_dr={2 * eps}, batch=False) "
            f"(MONAI's Jaccard halves its smoothing: (2I + s)/(2U + s), so s = 2*eps){extra}; {GRADS}")


add("iou_4x4_default", "iou", S44, Y44, {}, mj_src(1e-6), prob=P44,
    fp=lambda y, p: lib_monai_dice(y, p, 2e-6, jaccard=True))
add("iou_8x8_tiny_smp", "iou", S88, Y88_TINY, {"eps": 1e-3},
    "segmentation_models_pytorch.losses.JaccardLoss(mode='binary', from_logits=False, smooth=1e-3) "
    f"(non-empty target, hard labels, p != y everywhere); {GRADS}",
    prob=P88_TINY, fp=lambda y, p: lib_smp("jaccard", y, p, smooth=1e-3))
add("iou_8x8_logit_eps1", "iou", S88, Y88_OBJ, {"eps": 1.0}, mj_src(1.0).replace("batch=False)", "batch=False, sigmoid=True)"),
    logit=Z88_OBJ, fz=lambda y, z: DiceLoss(sigmoid=True, jaccard=True, smooth_nr=2.0, smooth_dr=2.0)(nchw(z), nchw(y)))
add("iou_8x8_empty_complement", "iou", S88, Y88_EMPTY, {},
    mj_src(1e-6, " applied to (1 - p, 1 - y): the seed's complement on an all-zero target").replace(
        "monai.", "losses.md §5 empty=complement via monai."),
    prob=P88_EMPTY, fp=lambda y, p: lib_monai_dice(1 - y, 1 - p, 2e-6, jaccard=True))
add("iou_8x8_empty_plain", "iou", S88, Y88_EMPTY, {"empty": "plain"}, mj_src(1e-6), prob=P88_EMPTY,
    fp=lambda y, p: lib_monai_dice(y, p, 2e-6, jaccard=True))
add("iou_4x4_soft_target_plain", "iou", S44, Y44_SOFT, {"empty": "plain", "eps": 0.01}, mj_src(0.01), prob=P44_SOFT,
    fp=lambda y, p: lib_monai_dice(y, p, 0.02, jaccard=True))
add("iou_1x1_empty_complement", "iou", S11, [0.0], {},
    mj_src(1e-6, " applied to (1 - p, 1 - y): the seed's complement on an all-zero target").replace(
        "monai.", "losses.md §5 empty=complement via monai."),
    prob=[0.35], fp=lambda y, p: lib_monai_dice(1 - y, 1 - p, 2e-6, jaccard=True))

# ---------------------------------------------------------------------------------------------
# 6. tversky
# ---------------------------------------------------------------------------------------------
def mt_src(a, b, s, sigmoid=False):
    return (f"monai.losses.TverskyLoss({'sigmoid=True, ' if sigmoid else ''}alpha={b}, beta={a}, smooth_nr={s}, smooth_dr={s}, batch=False) "
            f"(MONAI's alpha weighs FP, beta FN: ours alpha={a} on FN, beta={b} on FP, translated); {GRADS}")


add("tversky_4x4_conformance_example", "tversky", S44, Y44, {"alpha": 0.7, "beta": 0.3, "smooth": 1.0},
    mt_src(0.7, 0.3, 1.0), prob=P44, fp=lambda y, p: lib_monai_tversky(y, p, 0.7, 0.3, 1.0))
add("tversky_8x8_tiny_default", "tversky", S88, Y88_TINY, {}, mt_src(0.7, 0.3, 1.0), prob=P88_TINY,
    fp=lambda y, p: lib_monai_tversky(y, p, 0.7, 0.3, 1.0))
add("tversky_8x8_alpha0_2_beta0_8_smp", "tversky", S88, Y88_OBJ, {"alpha": 0.2, "beta": 0.8, "smooth": 0.5},
    "segmentation_models_pytorch.losses.TverskyLoss(mode='binary', from_logits=True, alpha=0.8, beta=0.2, gamma=1.0, smooth=0.5) "
    f"(smp's alpha weighs FP, beta FN: translated; hard labels, non-empty target); {GRADS}",
    logit=Z88_OBJ, fz=lambda y, z: smp.losses.TverskyLoss(mode="binary", from_logits=True, alpha=0.8, beta=0.2, gamma=1.0,
                                                          smooth=0.5)(z.reshape(1, 1, 8, 8), y.reshape(1, 1, 8, 8)))
add("tversky_half_half_equals_dice", "tversky", S44, Y44, {"alpha": 0.5, "beta": 0.5}, mt_src(0.5, 0.5, 1.0), prob=P44,
    fp=lambda y, p: lib_monai_tversky(y, p, 0.5, 0.5, 1.0))
add("tversky_4x4_soft_target", "tversky", S44, Y44_SOFT, {"alpha": 0.6, "beta": 0.9, "smooth": 0.01},
    mt_src(0.6, 0.9, 0.01), prob=P44_SOFT, fp=lambda y, p: lib_monai_tversky(y, p, 0.6, 0.9, 0.01))
add("tversky_8x8_smooth0_keras", "tversky", S88, Y88_OBJ, {"alpha": 0.7, "beta": 0.3, "smooth": 0.0},
    "keras.losses.tversky(y, p, alpha=0.7, beta=0.3) (Keras' code puts alpha on FN, as losses.md, despite its docs; "
    f"denominator + 1e-7, else s = 0), KERAS_BACKEND=torch, float64; {GRADS}",
    prob=P88_OBJ, fp=lambda y, p: lib_keras_tversky(y, p, 0.7, 0.3), cross_tol=1e-6)
add("tversky_8x8_empty_target", "tversky", S88, Y88_EMPTY, {}, mt_src(0.7, 0.3, 1.0), prob=P88_EMPTY,
    fp=lambda y, p: lib_monai_tversky(y, p, 0.7, 0.3, 1.0))

# ---------------------------------------------------------------------------------------------
# 7. focal_tversky
# ---------------------------------------------------------------------------------------------
def ft_src(a, b, s, g, logits):
    return (f"segmentation_models_pytorch.losses.TverskyLoss(mode='binary', from_logits={logits}, alpha={b}, beta={a}, "
            f"gamma={g}, smooth={s}) = (1 - T)^gamma (smp's alpha weighs FP, beta FN: translated; hard labels, "
            f"non-empty target); {GRADS}")


def smp_ft(a, b, s, g, logits=False):
    def f(y, x):
        return smp.losses.TverskyLoss(mode="binary", from_logits=logits, alpha=b, beta=a, gamma=g, smooth=s)(
            x.reshape(1, 1, *x.shape), y.reshape(1, 1, *y.shape))
    return f


add("focal_tversky_4x4_default", "focal_tversky", S44, Y44, {}, ft_src(0.7, 0.3, 1.0, 0.75, False), prob=P44,
    fp=smp_ft(0.7, 0.3, 1.0, 0.75))
add("focal_tversky_8x8_tiny_default", "focal_tversky", S88, Y88_TINY, {}, ft_src(0.7, 0.3, 1.0, 0.75, False),
    prob=P88_TINY, fp=smp_ft(0.7, 0.3, 1.0, 0.75))
add("focal_tversky_8x8_logit_gamma2", "focal_tversky", S88, Y88_OBJ, {"gamma": 2.0, "alpha": 0.6, "beta": 0.4, "smooth": 1e-3},
    ft_src(0.6, 0.4, 1e-3, 2.0, True), logit=Z88_OBJ, fz=smp_ft(0.6, 0.4, 1e-3, 2.0, logits=True))
add("focal_tversky_gamma1_equals_tversky", "focal_tversky", S44, Y44, {"gamma": 1.0}, ft_src(0.7, 0.3, 1.0, 1.0, False),
    prob=P44, fp=smp_ft(0.7, 0.3, 1.0, 1.0))
add("focal_tversky_perfect_prediction_floor", "focal_tversky", S22, [1.0, 0.0, 0.0, 1.0], {},
    IND("§7: 1 - T = 0 at a perfect prediction, gradient -gamma*(1e-12)^(gamma-1)*dT/dp with the 1e-12 floor"),
    prob=[1.0, 0.0, 0.0, 1.0], fp=lambda y, p: ref_focal_tversky(y, p), independent=True)
add("focal_tversky_empty_target", "focal_tversky", S88, Y88_EMPTY, {"gamma": 0.5},
    IND("§7 (smp zeroes empty images; MONAI has no focal Tversky)"), prob=P88_EMPTY,
    fp=lambda y, p: ref_focal_tversky(y, p, gamma=0.5), independent=True)

# ---------------------------------------------------------------------------------------------
# 8. sensitivity_specificity (no library: NiftyNet's TF1 code is not installable)
# ---------------------------------------------------------------------------------------------
SS = IND("§8 (NiftyNet's sensitivity_specificity_loss is TF1-only and not on PyPI in a usable form)")
add("sens_spec_4x4_default", "sensitivity_specificity", S44, Y44, {}, SS, prob=P44,
    fp=lambda y, p: ref_sens_spec(y, p), independent=True)
add("sens_spec_8x8_tiny_default", "sensitivity_specificity", S88, Y88_TINY, {}, SS, prob=P88_TINY,
    fp=lambda y, p: ref_sens_spec(y, p), independent=True)
add("sens_spec_8x8_lambda05_logit", "sensitivity_specificity", S88, Y88_OBJ, {"lambda": 0.5, "smooth": 1.0}, SS,
    logit=Z88_OBJ, fp=lambda y, p: ref_sens_spec(y, p, 0.5, 1.0), independent=True)
add("sens_spec_empty_target_smooth0_zero_over_zero", "sensitivity_specificity", S44, [0.0] * 16, {"smooth": 0.0},
    SS + "; the target term is 0/0, defined as 0 with zero gradient", prob=rnd(16, 0.05, 0.5),
    fp=lambda y, p: ref_sens_spec(y, p, 0.05, 0.0), independent=True)
add("sens_spec_allone_target", "sensitivity_specificity", S44, Y44_ALLONE, {"lambda": 0.3}, SS, prob=P44_ALLONE,
    fp=lambda y, p: ref_sens_spec(y, p, 0.3), independent=True)
add("sens_spec_soft_target", "sensitivity_specificity", S44, Y44_SOFT, {}, SS, prob=P44_SOFT,
    fp=lambda y, p: ref_sens_spec(y, p), independent=True)

# ---------------------------------------------------------------------------------------------
# 9. generalized_dice
# ---------------------------------------------------------------------------------------------
def gdl_case(name, shape, y, params, note="", **kw):
    wt, ab, s = params.get("weight_type", "square"), params.get("absent", "epsilon"), params.get("smooth", 0.0)
    multi = len(shape) == 3 and shape[0] > 1
    if "logit" in kw:
        src = monai_gdl_desc(wt, ab, s, multi) + ("" if multi else " on sigmoid(logits)")
        src += "; grad_prob with softmax=False on a leaf p" if multi else ""
    else:
        src = monai_gdl_desc(wt, ab, s, False) + " on the probabilities"
        src += "; grad_logit with softmax=True on z = log p" if multi else "; grad_logit through p = sigmoid(z)"
    src += f"{note}; {GRADS}"
    softmax = multi

    def fp(yy, p):
        return monai_gdl(wt, ab, s)(nchw(p), nchw(yy))

    def fz(yy, z):
        if softmax:
            return monai_gdl(wt, ab, s, softmax=True)(nchw(z), nchw(yy))
        return monai_gdl(wt, ab, s)(nchw(torch.sigmoid(z)), nchw(yy))

    add(name, "generalized_dice", shape, y, params, src, fp=fp, fz=fz, **kw)


def onehot(labels, c):
    lab = np.array(labels)
    return np.concatenate([(lab == k).astype(float).flatten() for k in range(c)]).tolist()


LAB3 = np.zeros((8, 8), dtype=int)
LAB3[1:3, 1:4] = 1  # 6 px
LAB3[5, 6] = 2  # 1 px: a tiny class
Y3 = onehot(LAB3, 3)
Z3 = []
for k in range(3):
    for v in LAB3.flatten():
        Z3.append(round(float(rng.normal(1.5 if v == k else -0.5, 0.8)), 6))
LAB3_ABS = np.zeros((4, 4), dtype=int)
LAB3_ABS[1, 1:3] = 1  # class 2 absent
Y3_ABS = onehot(LAB3_ABS, 3)
Z3_ABS = [round(float(v), 6) for v in rng.normal(0, 1.2, 48)]

gdl_case("gdl_3class_8x8_softmax_logit", [3, 8, 8], Y3, {}, logit=Z3)
gdl_case("gdl_3class_8x8_simple_smooth1e-5", [3, 8, 8], Y3, {"weight_type": "simple", "smooth": 1e-5}, logit=Z3)
gdl_case("gdl_3class_8x8_uniform", [3, 8, 8], Y3, {"weight_type": "uniform"}, logit=Z3)
gdl_case("gdl_absent_class_epsilon_explodes", [3, 4, 4], Y3_ABS, {}, logit=Z3_ABS)
gdl_case("gdl_absent_class_max_monai", [3, 4, 4], Y3_ABS, {"absent": "max"}, logit=Z3_ABS)
gdl_case("gdl_absent_class_zero", [3, 4, 4], Y3_ABS, {"absent": "zero"}, logit=Z3_ABS)
gdl_case("gdl_binary_hw_single_class", S44, Y44, {}, prob=P44)
gdl_case("gdl_binary_hw_single_class_logit_smooth1", S88, Y88_OBJ, {"smooth": 1.0}, logit=Z88_OBJ)
_p2 = [1 - v for v in P88_TINY] + P88_TINY
gdl_case("gdl_binary_view_two_classes", [2, 8, 8], [1 - v for v in Y88_TINY] + Y88_TINY, {}, prob=_p2)
_p2e = [1 - v for v in P88_EMPTY] + P88_EMPTY
gdl_case("gdl_binary_view_empty_foreground_max", [2, 8, 8], [1.0] * 64 + [0.0] * 64, {"absent": "max"}, prob=_p2e)

# ---------------------------------------------------------------------------------------------
# 10. bce_dice
# ---------------------------------------------------------------------------------------------
def dce_src(wb, wd, s):
    return (f"monai.losses.DiceCELoss(sigmoid=True, lambda_dice={wd}, lambda_ce={wb}, smooth_nr={s}, smooth_dr={s}, batch=False) "
            f"on [1, 1, H, W] logits (C = 1: BCEWithLogitsLoss + DiceLoss; inputs inside the clamp); "
            f"grad_prob via z = log(p/(1-p)) of a leaf p; {GRADS}")


def dce(wb, wd, s):
    return lambda y, z: DiceCELoss(sigmoid=True, lambda_dice=wd, lambda_ce=wb, smooth_nr=s, smooth_dr=s)(nchw(z), nchw(y))


add("bce_dice_4x4_default", "bce_dice", S44, Y44, {}, dce_src(1e-3, 1.0, 1.0), prob=P44, fz=dce(1e-3, 1.0, 1.0))
add("bce_dice_8x8_tiny_default_logit", "bce_dice", S88, Y88_TINY, {}, dce_src(1e-3, 1.0, 1.0),
    logit=logits_for(Y88_TINY), fz=dce(1e-3, 1.0, 1.0))
add("bce_dice_8x8_equal_weights", "bce_dice", S88, Y88_OBJ, {"w_bce": 1.0, "w_dice": 1.0, "smooth": 1e-5},
    dce_src(1.0, 1.0, 1e-5), prob=P88_OBJ, fz=dce(1.0, 1.0, 1e-5))
add("bce_dice_empty_target", "bce_dice", S88, Y88_EMPTY, {"w_bce": 0.5}, dce_src(0.5, 1.0, 1.0), prob=P88_EMPTY,
    fz=dce(0.5, 1.0, 1.0))
add("bce_dice_clamp_exact_0_1_squared", "bce_dice", [2, 3], [1.0, 0.0, 1.0, 0.0, 1.0, 0.0],
    {"w_bce": 0.1, "w_dice": 2.0, "squared": True},
    "0.1 * keras.losses.binary_crossentropy(y, p) (clips to [1e-7, 1-1e-7]) + 2.0 * monai.losses.DiceLoss(smooth_nr=1.0, "
    f"smooth_dr=1.0, squared_pred=True), KERAS_BACKEND=torch, float64; {GRADS}",
    prob=[0.0, 0.0, 1.0, 0.9, 0.7, 0.2],
    fp=lambda y, p: 0.1 * lib_keras_bce(y, p) + 2.0 * lib_monai_dice(y, p, 1.0, squared=True))


# ---------------------------------------------------------------------------------------------
# More edge cases (losses.md "Edge cases every loss must handle"): 1x1 images, predictions
# exactly 0 or 1, perfect predictions, all-one targets, saturated logits, weight caps.
# ---------------------------------------------------------------------------------------------
P01 = [1.0, 0.0, 0.0, 0.3, 1.0, 0.6]  # exact 0 and 1 in a region loss (no log, no clamp)
Y01 = [1.0, 1.0, 0.0, 0.0, 0.0, 1.0]
S23 = [2, 3]
add("bce_logit_saturated_keras_clip", "bce", [1, 4], [0.0, 1.0, 1.0, 0.0], {},
    "keras.losses.binary_crossentropy(y, sigmoid(z), axis=()).mean() (from_logits=False: Keras clips sigmoid(z) "
    "to [1e-7, 1-1e-7], so |z| > 16.1 gets gradient 0, the clamped function of losses.md; BCEWithLogitsLoss would "
    f"give (p - y)/N there), KERAS_BACKEND=torch, float64; {GRADS}",
    logit=[20.0, -18.0, 2.0, -1.0], fp=lib_keras_bce)
add("wce_1x1_positive", "wce", S11, [1.0], {"pos_weight": 4.0}, wce_src(4.0), prob=[0.25],
    fz=lambda y, z: lib_torch_bce_logits(y, z, 4.0))
add("wce_allone_target_balanced_weight_0", "wce", S22, [1.0] * 4, {"pos_weight": "balanced"},
    wce_src(0.0) + "; balanced weight (N - Sy)/Sy = 0 on an all-one target", prob=[0.2, 0.5, 0.7, 0.9],
    fz=lambda y, z: lib_torch_bce_logits(y, z, 0.0))
_ycap = [0.0] * 16
_ycap[5] = 1e-5
add("wce_balanced_weight_capped_1e4", "wce", S44, _ycap, {"pos_weight": "balanced"},
    wce_src(1e4) + "; soft target with Sy = 1e-5: (N - Sy)/Sy = 1.6e6, capped at 1e4", prob=rnd(16, 0.05, 0.5),
    fz=lambda y, z: lib_torch_bce_logits(y, z, 1e4))
focal_case("focal_allone_target_gamma0_5_per_positive", S44, Y44_ALLONE, {"gamma": 0.5, "reduction": "per_positive"},
           prob=P44_ALLONE)
add("dice_exact_0_and_1", "dice", S23, Y01, {"smooth": 0.5}, md_src(0.5), prob=P01,
    fp=lambda y, p: lib_monai_dice(y, p, 0.5))
add("dice_perfect_prediction_smooth0", "dice", S23, Y01, {"smooth": 0.0}, md_src(0.0) + "; perfect prediction p = y",
    prob=Y01, fp=lambda y, p: lib_monai_dice(y, p, 0.0))
add("iou_exact_0_and_1", "iou", S23, Y01, {}, mj_src(1e-6), prob=P01, fp=lambda y, p: lib_monai_dice(y, p, 2e-6, jaccard=True))
add("iou_allone_target", "iou", S44, Y44_ALLONE, {"eps": 0.1}, mj_src(0.1), prob=P44_ALLONE,
    fp=lambda y, p: lib_monai_dice(y, p, 0.2, jaccard=True))
add("tversky_exact_0_and_1", "tversky", S23, Y01, {"alpha": 0.9, "beta": 0.1}, mt_src(0.9, 0.1, 1.0), prob=P01,
    fp=lambda y, p: lib_monai_tversky(y, p, 0.9, 0.1, 1.0))
add("tversky_1x1", "tversky", S11, [1.0], {}, mt_src(0.7, 0.3, 1.0), prob=[0.4],
    fp=lambda y, p: lib_monai_tversky(y, p, 0.7, 0.3, 1.0))
add("tversky_alpha_beta_1_equals_iou", "tversky", S44, Y44, {"alpha": 1.0, "beta": 1.0, "smooth": 1e-6},
    mt_src(1.0, 1.0, 1e-6), prob=P44, fp=lambda y, p: lib_monai_tversky(y, p, 1.0, 1.0, 1e-6))
add("focal_tversky_1x1", "focal_tversky", S11, [1.0], {}, ft_src(0.7, 0.3, 1.0, 0.75, False), prob=[0.4],
    fp=smp_ft(0.7, 0.3, 1.0, 0.75))
add("focal_tversky_allone_target_gamma3", "focal_tversky", S44, Y44_ALLONE, {"gamma": 3.0},
    ft_src(0.7, 0.3, 1.0, 3.0, False), prob=P44_ALLONE, fp=smp_ft(0.7, 0.3, 1.0, 3.0))
add("sens_spec_1x1_background", "sensitivity_specificity", S11, [0.0], {}, SS, prob=[0.3],
    fp=lambda y, p: ref_sens_spec(y, p), independent=True)
add("sens_spec_exact_0_and_1", "sensitivity_specificity", S23, Y01, {"lambda": 0.2}, SS, prob=P01,
    fp=lambda y, p: ref_sens_spec(y, p, 0.2), independent=True)
gdl_case("gdl_hw_1x1", S11, [1.0], {}, prob=[0.3])
gdl_case("gdl_hw_empty_target_epsilon", S44, [0.0] * 16, {}, prob=rnd(16, 0.05, 0.5))
gdl_case("gdl_hw_empty_target_max_smooth1e-5", S44, [0.0] * 16, {"absent": "max", "smooth": 1e-5}, prob=rnd(16, 0.05, 0.5))
_lab_pf = np.array([[0, 1, 1], [2, 0, 1]])
_y_pf = onehot(_lab_pf, 3)
gdl_case("gdl_3class_perfect_prediction", [3, 2, 3], _y_pf, {}, prob=_y_pf)
gdl_case("gdl_3class_simple_absent_zero_logit", [3, 4, 4], Y3_ABS, {"weight_type": "simple", "absent": "zero", "smooth": 0.1},
         logit=Z3_ABS)
add("bce_dice_1x1", "bce_dice", S11, [1.0], {}, dce_src(1e-3, 1.0, 1.0), prob=[0.35], fz=dce(1e-3, 1.0, 1.0))
add("bce_dice_soft_target", "bce_dice", S44, Y44_SOFT, {"w_bce": 0.3, "w_dice": 0.7, "smooth": 0.1},
    dce_src(0.3, 0.7, 0.1), prob=P44_SOFT, fz=dce(0.3, 0.7, 0.1))

# Exactly at the clamp's ends: TensorFlow's clip passes the gradient there (losses.md: ends
# included); torch.clip (hence Keras on torch) does not, so these use the independent form.
add("bce_exactly_at_clamp_ends", "bce", [1, 4], [1.0, 0.0, 0.0, 1.0], {},
    IND("§1 at p = 1e-7 and 1 - 1e-7 exactly, where TensorFlow's clip gradient passes (ends included); "
        "Keras on torch gives 0 there because torch.clip's gradient excludes the ends"),
    prob=[EPS, EPS, 1 - EPS, 1 - EPS], fp=lambda y, p: ref_bce(y, p), independent=True)
add("focal_gamma0_5_at_clamp_ends", "focal", [1, 4], [1.0, 0.0, 1.0, 0.0], {"gamma": 0.5, "reduction": "sum"},
    IND("§3 with gamma 0.5 at p = 1e-7 and 1 - 1e-7 exactly (ends included), and p = 1 exactly on a positive "
        "(clipped: zero gradient although (1 - p)^(gamma - 1) is singular there)"),
    prob=[1 - EPS, EPS, 1.0, 1 - EPS], fp=lambda y, p: ref_focal(y, p, 0.25, 0.5, "sum"), independent=True)
add("dice_smooth0_empty_target_zero_prediction_0_over_0", "dice", S22, [0.0] * 4, {"smooth": 0.0},
    IND("§4 with s = 0, y = p = 0: 0/0 defined as 0 loss, zero gradient (MONAI gives NaN here)"),
    prob=[0.0] * 4, fp=lambda y, p: ref_dice(y, p, 0.0), independent=True)
add("focal_tversky_smooth0_empty_target_zero_prediction_0_over_0", "focal_tversky", S22, [0.0] * 4, {"smooth": 0.0},
    IND("§7 with s = 0, y = p = 0: T = 0/0, defined as 0 loss and zero gradient"),
    prob=[0.0] * 4, fp=lambda y, p: ref_focal_tversky(y, p, smooth=0.0), independent=True)
add("sens_spec_allone_target_smooth0_zero_over_zero", "sensitivity_specificity", S22, [1.0] * 4, {"smooth": 0.0},
    SS + "; the background term is 0/0, defined as 0 with zero gradient", prob=[0.9, 0.6, 0.2, 0.99],
    fp=lambda y, p: ref_sens_spec(y, p, 0.05, 0.0), independent=True)
add("iou_empty_target_zero_prediction_complement", "iou", S22, [0.0] * 4, {},
    mj_src(1e-6, " applied to (1 - p, 1 - y): complement of an all-zero target and prediction, J = 1").replace(
        "monai.", "losses.md §5 empty=complement via monai."),
    prob=[0.0] * 4, fp=lambda y, p: lib_monai_dice(1 - y, 1 - p, 2e-6, jaccard=True))


# soft targets and more parameter combinations
_ysoft_mc = []
_r = np.random.default_rng(5)
_raw = _r.uniform(0.05, 1.0, (3, 16))
_ysoft_mc = (_raw / _raw.sum(0)).round(6)
_ysoft_mc[2] = 1.0 - _ysoft_mc[0] - _ysoft_mc[1]
_ysoft_mc = np.clip(_ysoft_mc, 0.0, 1.0)
gdl_case("gdl_3class_soft_targets_square", [3, 4, 4], _ysoft_mc.flatten().tolist(), {"smooth": 1e-3},
         logit=[round(float(v), 6) for v in _r.normal(0, 1.0, 48)], cross_tol=1e-8,
         note="; soft targets: MONAI casts the class volumes to float32 before weighting (relative effect ~1e-9)")
gdl_case("gdl_2class_softmax_simple_absent_max", [2, 4, 4], [1.0] * 16 + [0.0] * 16,
         {"weight_type": "simple", "absent": "max", "smooth": 1e-5}, logit=[round(float(v), 6) for v in _r.normal(0, 1.0, 32)])
add("dice_squared_soft_target", "dice", S44, Y44_SOFT, {"squared": True, "smooth": 0.01}, md_src(0.01, squared=True),
    prob=P44_SOFT, fp=lambda y, p: lib_monai_dice(y, p, 0.01, squared=True))
_yhalf = [0.0] * 16
_yhalf[6], _yhalf[9] = 0.3, 0.2
add("focal_per_positive_soft_target_sy_below_1", "focal", S44, _yhalf, {"reduction": "per_positive", "alpha": 0.6},
    IND("§3, per_positive divides by max(Sy, 1) = 1 here (Sy = 0.5); soft y mixes the two terms linearly"),
    prob=rnd(16, 0.05, 0.9), fp=lambda y, p: ref_focal(y, p, 0.6, 2.0, "per_positive"), independent=True)
add("tversky_logit_monai_sigmoid", "tversky", S88, Y88_TINY, {"alpha": 0.8, "beta": 0.2, "smooth": 1e-5},
    mt_src(0.8, 0.2, 1e-5, sigmoid=True), logit=logits_for(Y88_TINY),
    fz=lambda y, z: TverskyLoss(sigmoid=True, alpha=0.2, beta=0.8, smooth_nr=1e-5, smooth_dr=1e-5)(nchw(z), nchw(y)))



def _gdl_batch(batch, s=1e-5):
    f = monai_gdl("square", "epsilon", s)
    f.batch = batch
    return f


# ---------------------------------------------------------------------------------------------
# Batches and the binary view of generalized Dice (batch_cases.json, checked through
# Loss::evaluate_batch): per-image = mean of per-image losses, pooled = sums over all images.
# Shape [B, H, W]; binary inputs (generalized_dice in its two-class binary view p0 = 1 - p,
# p1 = p, so grad_prob = dL/dp1 - dL/dp0 comes from autograd through that construction).
# ---------------------------------------------------------------------------------------------
BATCH = []


def binary_view_ref(loss, params):
    ref = ref_for(loss, params)
    if loss != "generalized_dice":
        return ref
    return lambda y, p: ref(torch.stack([1 - y.flatten(), y.flatten()]).unsqueeze(2), torch.stack([1 - p.flatten(), p.flatten()]).unsqueeze(2))


def add_batch(name, loss, shape, target, params, reduction, source, fp, *, prob=None, logit=None):
    assert name not in NAMES, name
    NAMES.add(name)
    y = t(target).reshape(shape)
    z0 = t(logit).reshape(shape) if logit is not None else None
    p0 = torch.sigmoid(z0) if z0 is not None else t(prob).reshape(shape)
    value, gp = grads(lambda p: fp(y, p), p0)
    if z0 is not None:
        _, gz = grads(lambda z: fp(y, torch.sigmoid(z)), z0)
    else:
        _, gz = grads(lambda z: fp(y, torch.sigmoid(z) + (p0 - torch.sigmoid(z)).detach()), logit_of(p0))
    ref = binary_view_ref(loss, params)
    if reduction == "pooled":
        rfn = lambda p: ref(y.flatten(), p.flatten())  # noqa: E731
    else:
        rfn = lambda p: sum(ref(y[b], p[b]) for b in range(shape[0])) / shape[0]  # noqa: E731
    rv, rgp = grads(rfn, p0)
    assert abs(rv - value) <= 1e-9 * max(1, abs(rv)), (name, value, rv)
    assert float((rgp - gp).abs().max()) <= 1e-8 * float(rgp.abs().max()) + 1e-13, (name, rgp, gp)
    case = {"name": name, "source": source, "shape": list(shape), "images": shape[0], "reduction": reduction,
            "target": fl(y)}
    if logit is not None:
        case["logit"] = fl(z0)
    else:
        case["prob"] = fl(p0)
    case.update({"loss": loss, "params": params, "value": value, "grad_prob": fl(gp), "grad_logit": fl(gz)})
    BATCH.append(case)


def b4(x):
    """[B, H, W] -> [B, 1, H, W]."""
    return x.unsqueeze(1)


def bview(x):
    """[B, H, W] -> [B, 2, H, W] with channel 0 = 1 - x, channel 1 = x."""
    return torch.stack([1 - x, x], dim=1)


YB = Y88_EMPTY + Y88_OBJ  # an empty image and a 9-pixel object
PB = P88_EMPTY + P88_OBJ
SB = [2, 8, 8]
for red, batch in (("per_image", False), ("pooled", True)):
    add_batch(f"batch_dice_{red}", "dice", SB, YB, {}, red,
              f"monai.losses.DiceLoss(smooth_nr=1.0, smooth_dr=1.0, batch={batch}) on [2, 1, 8, 8] (empty image + 9-pixel object); {GRADS}",
              lambda y, p, b=batch: DiceLoss(smooth_nr=1.0, smooth_dr=1.0, batch=b)(b4(p), b4(y)), prob=PB)
    add_batch(f"batch_iou_plain_{red}", "iou", SB, YB, {"empty": "plain", "eps": 0.5}, red,
              f"monai.losses.DiceLoss(jaccard=True, smooth_nr=1.0, smooth_dr=1.0, batch={batch}) (= eps 0.5) on [2, 1, 8, 8]; {GRADS}",
              lambda y, p, b=batch: DiceLoss(jaccard=True, smooth_nr=1.0, smooth_dr=1.0, batch=b)(b4(p), b4(y)), prob=PB)
    add_batch(f"batch_tversky_{red}", "tversky", SB, YB, {}, red,
              f"monai.losses.TverskyLoss(alpha=0.3, beta=0.7, smooth_nr=1.0, smooth_dr=1.0, batch={batch}) (translated) on [2, 1, 8, 8]; {GRADS}",
              lambda y, p, b=batch: TverskyLoss(alpha=0.3, beta=0.7, smooth_nr=1.0, smooth_dr=1.0, batch=b)(b4(p), b4(y)), prob=PB)
    add_batch(f"batch_gdl_binary_view_{red}", "generalized_dice", SB, [v for v in Y88_TINY] + Y88_OBJ, {"smooth": 1e-5}, red,
              f"monai.losses.GeneralizedDiceLoss(batch={batch}, smooth 1e-5, w_func = 1/(g*g+1e-6)) on [2, 2, 8, 8] = "
              f"(1 - p, p) per image: the binary view; {GRADS}",
              lambda y, p, b=batch: _gdl_batch(b)(bview(p), bview(y)), prob=P88_TINY + P88_OBJ)
add_batch("batch_focal_tversky_pooled_smp", "focal_tversky", SB, Y88_TINY + Y88_OBJ, {}, "pooled",
          "segmentation_models_pytorch.losses.TverskyLoss(mode='binary', from_logits=False, alpha=0.3, beta=0.7, gamma=0.75, "
          f"smooth=1.0) on [2, 1, 8, 8] (smp always pools the batch; translated); {GRADS}",
          lambda y, p: smp.losses.TverskyLoss(mode="binary", from_logits=False, alpha=0.3, beta=0.7, gamma=0.75, smooth=1.0)(
              b4(p), b4(y)), prob=P88_TINY + P88_OBJ)
add_batch("batch_bce_per_image_logit", "bce", SB, YB, {}, "per_image",
          f"torch.nn.BCEWithLogitsLoss() on [2, 8, 8] (mean over all pixels = mean of per-image means); {GRADS}",
          lambda y, p: torch.nn.BCEWithLogitsLoss()(logit_of(p), y), logit=logits_for(YB))
add_batch("batch_focal_sum_per_image", "focal", SB, YB, {"reduction": "sum"}, "per_image",
          f"torchvision.ops.sigmoid_focal_loss(z, y, reduction='sum') / 2 on [2, 8, 8] (mean over images of per-image sums); {GRADS}",
          lambda y, p: sigmoid_focal_loss(logit_of(p), y, 0.25, 2.0, "sum") / 2, prob=PB)
for nm, pr in (("gdl_binary_view_single_image", P88_OBJ), ("gdl_binary_view_single_image_tiny", P88_TINY)):
    yy = Y88_OBJ if pr is P88_OBJ else Y88_TINY
    add_batch(nm, "generalized_dice", [1, 8, 8], yy, {}, "per_image",
              "monai.losses.GeneralizedDiceLoss(batch=False, smooth 0, w_func = 1/(g*g+1e-6)) on [1, 2, 8, 8] = (1 - p, p): "
              f"losses.md's binary view, grad_prob = dL/dp1 - dL/dp0 by autograd; {GRADS}",
              lambda y, p: _gdl_batch(False, 0.0)(bview(p), bview(y)), prob=pr)


# ---------------------------------------------------------------------------------------------
# How the libraries differ (losses.md's last section): measured, not asserted against the core
# ---------------------------------------------------------------------------------------------
def measure():
    out = []

    def rec(what, **kw):
        out.append({"what": what, **kw})

    def gmax(fn, p):
        p = p.detach().clone().requires_grad_(True)
        v = fn(p)
        (g,) = torch.autograd.grad(v, p, allow_unused=True)
        return float(v), (0.0 if g is None else float(g.abs().max()))

    # (a) Dice on an empty target, same prediction in every library
    y = torch.zeros(1, 1, 16, 16)
    gen = torch.Generator().manual_seed(7)
    p = torch.rand(1, 1, 16, 16, generator=gen, dtype=D) * 0.2 + 0.01  # background probs 0.01..0.21
    rows = {
        "seed form, smooth 1 (MONAI DiceLoss(smooth_nr=1, smooth_dr=1))": lambda q: DiceLoss(smooth_nr=1.0, smooth_dr=1.0)(q, y),
        "MONAI DiceLoss() defaults (smooth 1e-5)": lambda q: DiceLoss()(q, y),
        "smp DiceLoss(mode='binary', from_logits=False)": lambda q: smp.losses.DiceLoss(mode="binary", from_logits=False)(q, y),
        "keras.losses.Dice()": lambda q: keras.losses.dice(y.reshape(1, -1), q.reshape(1, -1)),
    }
    rec("dice_on_empty_target", setup="16x16 all-zero target, p uniform in [0.01, 0.21] (torch seed 7), sum p = %.4f" % float(p.sum()),
        results={k: dict(zip(("value", "max_abs_grad_prob"), gmax(f, p))) for k, f in rows.items()})

    # (b) per-image vs pooled batch Dice, batch = [empty image, tiny object image]
    yb = torch.zeros(2, 1, 8, 8)
    yb[1, 0, 3:5, 3:5] = 1.0  # 4-pixel object in image 2
    pb = torch.full((2, 1, 8, 8), 0.02, dtype=D)
    pb[1, 0, 3:5, 3:5] = 0.7
    per_image = float(DiceLoss(smooth_nr=1.0, smooth_dr=1.0, batch=False)(pb, yb))
    pooled = float(DiceLoss(smooth_nr=1.0, smooth_dr=1.0, batch=True)(pb, yb))
    smp_pooled = float(smp.losses.DiceLoss(mode="binary", from_logits=False, smooth=1.0)(pb, yb))
    rec("per_image_vs_batch_dice", setup="batch of 2 8x8 images: empty (p = 0.02 everywhere) and a 2x2 object (p = 0.7 on it, 0.02 elsewhere); smooth 1",
        results={"MONAI DiceLoss(batch=False) mean of per-image": per_image, "MONAI DiceLoss(batch=True) pooled": pooled,
                 "smp DiceLoss(mode='binary') (always pools over the batch)": smp_pooled},
        note="losses.md quotes 0.904 vs 0.922 for its own (unstated) batch; this setup is ours")
    # MONAI's documented batch case (tests/test_dice_loss.py case 2): 0.416657
    zb = torch.tensor([[[[1.0, -1.0], [-1.0, 1.0]]], [[[1.0, -1.0], [-1.0, 1.0]]]], dtype=D)
    tb = torch.tensor([[[[1.0, 1.0], [1.0, 1.0]]], [[[1.0, 0.0], [1.0, 0.0]]]], dtype=D)
    rec("monai_documented_batch_case", setup="MONAI tests/test_dice_loss.py case 2: DiceLoss(sigmoid=True, smooth_nr=1e-4, smooth_dr=1e-4) on (2,1,2,2)",
        results={"value": float(DiceLoss(sigmoid=True, smooth_nr=1e-4, smooth_dr=1e-4)(zb, tb)), "documented": 0.416657})

    # (c) Keras Tversky: alpha lands on FN in the code, docs say FP
    y4, p4 = t(Y44).reshape(1, -1), t(P44).reshape(1, -1)
    ker = float(keras.losses.tversky(y4, p4, alpha=0.7, beta=0.3))
    ours_fn = float(ref_tversky(y4, p4, 0.7, 0.3, 0.0))
    ours_fp = float(ref_tversky(y4, p4, 0.3, 0.7, 0.0))
    rec("keras_tversky_alpha_beta", setup="conformance.md 4x4 example, keras.losses.tversky(alpha=0.7, beta=0.3), smooth 0",
        results={"keras": ker, "formula with alpha on FN (losses.md / Keras' code)": ours_fn,
                 "formula with alpha on FP (Keras' docstring)": ours_fp})

    # (d) MONAI FocalLoss(reduction='sum') vs torchvision sum vs the seed's -K.sum
    z8 = t(Z88_OBJ).reshape(1, 1, 8, 8)
    y8 = t(Y88_OBJ).reshape(1, 1, 8, 8)
    rec("monai_focal_sum", setup="8x8, 9-pixel object, logits Z88_OBJ of cases.json, alpha 0.25, gamma 2",
        results={"MONAI FocalLoss(alpha=0.25, gamma=2, reduction='sum') (computes in float32)": float(FocalLoss(alpha=0.25, gamma=2.0, reduction="sum")(z8, y8)),
                 "torchvision sigmoid_focal_loss(reduction='sum')": float(sigmoid_focal_loss(z8, y8, 0.25, 2.0, "sum")),
                 "torchvision sigmoid_focal_loss(reduction='mean')": float(sigmoid_focal_loss(z8, y8, 0.25, 2.0, "mean"))})

    # (e) MONAI Jaccard halves the smoothing
    y8f, p8f = t(Y88_TINY).reshape(1, 1, 8, 8), t(P88_TINY).reshape(1, 1, 8, 8)
    rec("monai_jaccard_smoothing", setup="8x8 one-pixel object; MONAI DiceLoss(jaccard=True, smooth_nr=s, smooth_dr=s), s = 1",
        results={"MONAI, s = 1": float(DiceLoss(jaccard=True, smooth_nr=1.0, smooth_dr=1.0)(p8f, y8f)),
                 "losses.md iou eps = 1": float(ref_iou(y8f, p8f, 1.0, "plain")),
                 "losses.md iou eps = 0.5": float(ref_iou(y8f, p8f, 0.5, "plain"))})

    # (f) the seed's 1e-3 BCE weight: gradient of each part on a 9-pixel object
    yo, po = t(Y88_OBJ), t(P88_OBJ)
    _, gb = grads(lambda q: 1e-3 * ref_bce(yo, q), po)
    _, gd = grads(lambda q: ref_dice(yo, q, 1.0), po)
    _, gbz = grads(lambda q: 1e-3 * ref_bce(yo, torch.sigmoid(q)), logit_of(po))
    _, gdz = grads(lambda q: ref_dice(yo, torch.sigmoid(q), 1.0), logit_of(po))
    rec("bce_dice_gradient_ratio", setup="8x8, 9-pixel object (P88_OBJ), w_bce = 1e-3, smooth 1; max |grad| of each weighted part",
        results={"max|dDice/dp| / max|1e-3 dBCE/dp|": float(gd.abs().max() / gb.abs().max()),
                 "max|dDice/dz| / max|1e-3 dBCE/dz|": float(gdz.abs().max() / gbz.abs().max())},
        note="losses.md quotes ~2,500x on its own 9-pixel setup")

    # (g) focal alpha multiplies the y = 1 term in every library
    yy = torch.tensor([[1.0, 0.0]], dtype=D)
    zz = torch.tensor([[0.0, 0.0]], dtype=D)
    rec("focal_alpha_on_positive", setup="p = 0.5 on one positive and one negative pixel, alpha 0.25, gamma 2",
        results={"torchvision per pixel": [float(v) for v in sigmoid_focal_loss(zz, yy, 0.25, 2.0, "none").flatten()],
                 "keras per pixel": [float(v) for v in keras.losses.binary_focal_crossentropy(yy, torch.sigmoid(zz), apply_class_balancing=True, axis=()).flatten()],
                 "MONAI per pixel": [float(v) for v in FocalLoss(alpha=0.25, gamma=2.0, reduction="none")(zz.reshape(1, 1, 2), yy.reshape(1, 1, 2)).flatten()]})
    return out


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    counts = {}
    for c in CASES:
        counts[c["loss"]] = counts.get(c["loss"], 0) + 1
    (OUT / "cases.json").write_text(json.dumps(CASES, indent=1) + "\n")
    (OUT / "batch_cases.json").write_text(json.dumps(BATCH, indent=1) + "\n")
    diffs = {"versions": VERSIONS, "measurements": measure()}
    (OUT / "library_differences.json").write_text(json.dumps(diffs, indent=1) + "\n")
    print(json.dumps(VERSIONS))
    print(f"{len(CASES)} cases:", json.dumps(counts))
    print(f"{len(BATCH)} batch / binary-view cases")


if __name__ == "__main__":
    main()
