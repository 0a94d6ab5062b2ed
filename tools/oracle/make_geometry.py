#!/usr/bin/env python3
"""Golden reference cases for the geometry losses and the EDT (shared/docs/losses-geometry.md).

Writes
- crates/core/tests/golden/geometry_cases.json: cases in the format of compound_cases.json
  (`name`, `source`, `shape` [H, W], `target`, `prob` or `logit`, `loss`, `params` (only what
  differs from the defaults), `value`, `grad_prob`, `grad_logit`, `zero_over_zero: false`) for
  `boundary`, `hausdorff_dt`, `cldice`, `dice_cldice`;
- crates/core/tests/golden/edt_cases.json: masks with SciPy's
  `scipy.ndimage.distance_transform_edt(mask)` (`name`, `source`, `shape`, `mask`, `distance`).

References, all float64, gradients from torch autograd:
- boundary:     a line-by-line float64 translation of the authors' code (LIVIAETS/boundary-loss,
                commit 171c32d, MIT): utils.py `class2one_hot`, `one_hot2dist`, `simplex`,
                `one_hot`; losses.py `SurfaceLoss` (`.type(torch.float32)` made float64), with
                the real SciPy `distance_transform_edt` as its `eucl_distance`. `truncate: true`
                is the training pipeline's int32 one-hot (`class2one_hot`) handed to
                `one_hot2dist(dtype=None)`; the default `one_hot2dist(seg, dtype=np.float64)`.
- hausdorff_dt: monai.losses.HausdorffDTLoss(alpha, sigmoid) on [1, 1, H, W], its forward
                recompiled from MONAI's own source with the two `.float()` casts of the distance
                fields made `.double()` (the shipped code raises the fields to α in float32; the
                shipped value is measured for every case and recorded in `source`).
- cldice:       monai.losses.SoftclDiceLoss(iter_, smooth_nr, smooth_dr, smooth, sigmoid).
- dice_cldice:  monai.losses.SoftDiceclDiceLoss(iter_, alpha, smooth_nr, smooth_dr, smooth, sigmoid).

Every case is cross-checked against an independent implementation written here from the
contract (numpy): a brute-force EDT (every pixel against every zero, integer squared distances),
the closed-form gradients of §1, §2, §5, and for the soft skeleton a small reverse-mode tape
that applies the contract's tie rules of §3 (first maximal element in row-major order for
max_pool2d, half to each side on an equal torch.min, relu' (0) = 0) — value and both gradients
per entry to relative 1e-9; the script stops on a disagreement. SciPy's EDT is checked equal to
the brute force on every mask used. Gradients are also checked against central finite
differences on sampled pixels where both one-sided differences agree (no kink, no threshold
crossing, no tie).

Conventions (README): a probability input gives grad_prob with p a leaf and grad_logit with
z = log(p/(1−p)) a leaf and p = σ(z), its value pinned to the given p; a logit input gives
grad_logit with z a leaf (the MONAI losses with sigmoid=True) and grad_prob with p = σ(z) a leaf
(sigmoid=False).

Run:  /work/oracle-venv/bin/python tools/oracle/make_geometry.py   (see tools/oracle/README.md)
"""

import contextlib
import inspect
import io
import json
import sys
import textwrap
import warnings
from pathlib import Path

import monai
import numpy as np
import scipy
import torch
import torch.nn.functional as F
from monai.losses import HausdorffDTLoss, SoftclDiceLoss, SoftDiceclDiceLoss
from monai.losses import hausdorff_loss as monai_hausdorff
from scipy.ndimage import distance_transform_edt

warnings.filterwarnings("ignore", category=UserWarning)
warnings.filterwarnings("ignore", category=FutureWarning)
torch.set_default_dtype(torch.float64)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "crates" / "core" / "tests" / "golden"
D = torch.float64
GRADS = "grads by torch.autograd in float64"
VERSIONS = {"python": sys.version.split()[0], "torch": torch.__version__, "monai": monai.__version__,
            "scipy": scipy.__version__, "numpy": np.__version__}
FD_PIXELS = [0]


def t(x):
    return torch.as_tensor(np.asarray(x, dtype=np.float64), dtype=D)


def fl(x):
    return [float(v) for v in np.asarray(x, dtype=np.float64).flatten().tolist()]


# ---------------------------------------------------------------------------------------------
# Independent implementations, from the contract (numpy only).
# ---------------------------------------------------------------------------------------------
def edt_brute(mask):
    """§0: distance from each inside pixel to the nearest zero, every pair tried; SciPy's
    phantom zero at (−1, 0) when there is no zero; all zero where there is no inside pixel."""
    m = np.asarray(mask) != 0
    h, w = m.shape
    ii, jj = np.mgrid[:h, :w]
    if not (~m).any():
        return np.sqrt(((ii + 1) ** 2 + jj**2).astype(np.float64))
    zi, zj = np.nonzero(~m)
    out = np.zeros((h, w))
    pi, pj = np.nonzero(m)
    for s in range(0, len(pi), 256):
        a, b = pi[s:s + 256, None], pj[s:s + 256, None]
        d2 = ((a - zi[None, :]) ** 2 + (b - zj[None, :]) ** 2).min(axis=1)
        out[pi[s:s + 256], pj[s:s + 256]] = np.sqrt(d2.astype(np.float64))
    return out


def scipy_edt(mask):
    d = distance_transform_edt(np.asarray(mask))
    ref = edt_brute(mask)
    assert np.array_equal(d, ref), ("SciPy's EDT differs from the brute force", np.abs(d - ref).max())
    return d


def phi_ref(m, truncate=False):
    """§1's φ(m): 0 if m is empty, else edt(¬m)·¬m − (edt(m) − 1)·m; truncated toward 0."""
    m = np.asarray(m) != 0
    if not m.any():
        return np.zeros(m.shape)
    f = edt_brute(~m) * (~m) - (edt_brute(m) - 1) * m
    return np.trunc(f) if truncate else f


def field_ref(a):
    """§2's F(a): M = a > 0.5; 0 if M is empty or full, else edt(M) + edt(¬M)."""
    m = np.asarray(a) > 0.5
    if not m.any() or m.all():
        return np.zeros(m.shape)
    return edt_brute(m) + edt_brute(~m)


# The contract's tie rules; `tie_rules_are_exercised` flips each to show the cases tell them apart.
RULES = {"first_in_scan": True, "min_equal_half": True, "relu_at_0": 0.0}


class Tape:
    """A reverse-mode tape for §3 with the contract's rules written out (numpy)."""

    def __init__(self):
        self.nodes = []

    def node(self, v, parents=()):
        n = {"v": v, "parents": parents, "g": None}
        self.nodes.append(n)
        return n

    def backward(self, root, g):
        root["g"] = g
        for n in reversed(self.nodes):
            if n["g"] is None:
                continue
            for parent, vjp in n["parents"]:
                contrib = vjp(n["g"])
                parent["g"] = contrib if parent["g"] is None else parent["g"] + contrib

    # Gathering a value from a window picked by a rule: the gradient goes to that one input.
    def gather(self, x, idx):
        flat = x["v"].flatten()
        n = x["v"].size

        def vjp(g):
            out = np.zeros(n)
            np.add.at(out, idx.flatten(), g.flatten())
            return out.reshape(x["v"].shape)

        return self.node(flat[idx], [(x, vjp)])

    def sub(self, a, b):
        return self.node(a["v"] - b["v"], [(a, lambda g: g), (b, lambda g: -g)])

    def add(self, a, b):
        return self.node(a["v"] + b["v"], [(a, lambda g: g), (b, lambda g: g)])

    def mul(self, a, b):
        return self.node(a["v"] * b["v"], [(a, lambda g: g * b["v"]), (b, lambda g: g * a["v"])])

    def relu(self, a):
        d = np.where(a["v"] > 0, 1.0, np.where(a["v"] == 0, RULES["relu_at_0"], 0.0))  # derivative 0 at 0
        return self.node(np.where(a["v"] > 0, a["v"], 0.0), [(a, lambda g: g * d)])

    def minimum(self, a, b):
        av, bv = a["v"], b["v"]
        half = 0.5 if RULES["min_equal_half"] else 1.0  # equal: half to each (else all to the first)
        wa = np.where(av < bv, 1.0, np.where(av == bv, half, 0.0))
        wb = np.where(bv < av, 1.0, np.where(av == bv, 1.0 - half, 0.0))
        return self.node(np.minimum(av, bv), [(a, lambda g: g * wa), (b, lambda g: g * wb)])


def window_pick(v, offsets, want_max):
    """Index of the first maximal (or minimal) element of each clipped window, scanning the
    window's offsets in the given (row-major) order; a candidate replaces the best only if
    strictly better. Cells outside the image never win."""
    h, w = v.shape
    ii, jj = np.mgrid[:h, :w]
    if not RULES["first_in_scan"]:
        offsets = offsets[::-1]
    best = np.full((h, w), -np.inf if want_max else np.inf)
    idx = np.full((h, w), -1, dtype=np.int64)
    for di, dj in offsets:
        si, sj = ii + di, jj + dj
        inside = (si >= 0) & (si < h) & (sj >= 0) & (sj < w)
        cand = np.where(inside, v[np.clip(si, 0, h - 1), np.clip(sj, 0, w - 1)], -np.inf if want_max else np.inf)
        better = (cand > best) if want_max else (cand < best)
        best = np.where(better, cand, best)
        idx = np.where(better, np.clip(si, 0, h - 1) * w + np.clip(sj, 0, w - 1), idx)
    assert (idx >= 0).all()
    return idx


COL3 = [(-1, 0), (0, 0), (1, 0)]  # (3, 1) window: the topmost minimum
ROW3 = [(0, -1), (0, 0), (0, 1)]  # (1, 3) window: the leftmost minimum
BOX3 = [(di, dj) for di in (-1, 0, 1) for dj in (-1, 0, 1)]  # 3×3, row-major


def erode(tp, x):
    p1 = tp.gather(x, window_pick(x["v"], COL3, False))
    p2 = tp.gather(x, window_pick(x["v"], ROW3, False))
    return tp.minimum(p1, p2)


def dilate(tp, x):
    return tp.gather(x, window_pick(x["v"], BOX3, True))


def skel(tp, x, k):
    """§3: s = relu(x − open(x)); K times: x ← erode(x), δ = relu(x − open(x)),
    s ← s + relu(δ − s·δ)."""
    s = tp.relu(tp.sub(x, dilate(tp, erode(tp, x))))
    for _ in range(k):
        x = erode(tp, x)
        d = tp.relu(tp.sub(x, dilate(tp, erode(tp, x))))
        s = tp.add(s, tp.relu(tp.sub(d, tp.mul(s, d))))
    return s


def skel_value(x, k):
    tp = Tape()
    return skel(tp, tp.node(np.asarray(x, dtype=np.float64)), k)["v"]


def ref_boundary(y, p, q):
    n = y.size
    phi1 = phi_ref(y, q.get("truncate", False))
    if not q.get("include_background", False):
        return float((p * phi1).sum() / n), phi1 / n
    phi0 = phi_ref(1 - y, q.get("truncate", False))
    return float(((1 - p) * phi0 + p * phi1).sum() / (2 * n)), (phi1 - phi0) / (2 * n)


def ref_hausdorff(y, p, q):
    a = q.get("alpha", 2.0)
    w = field_ref(p) ** a + field_ref(y) ** a
    n = y.size
    return float(((p - y) ** 2 * w).sum() / n), 2 * (p - y) * w / n


def ref_cldice_parts(y, p, q):
    k, s_nr, s_dr, s = q.get("iterations", 3), q.get("smooth_nr", 1.0), q.get("smooth_dr", 1.0), q.get("smooth", 1e-4)
    tp = Tape()
    xp = tp.node(np.asarray(p, dtype=np.float64))
    sp = skel(tp, xp, k)
    sy = skel_value(y, k)
    tprec = ((sp["v"] * y).sum() + s_nr) / (sp["v"].sum() + s_dr)
    tsens = ((sy * p).sum() + s_nr) / (sy.sum() + s_dr)
    qq = tprec + tsens + s
    value = 1 - 2 * tprec * tsens / qq
    d_prec = -2 * tsens * (tsens + s) / qq**2
    d_sens = -2 * tprec * (tprec + s) / qq**2
    tp.backward(sp, (y - tprec) / (sp["v"].sum() + s_dr))
    g_skel = xp["g"] if xp["g"] is not None else np.zeros_like(p)
    grad = d_prec * g_skel + d_sens * sy / (sy.sum() + s_dr)
    return float(value), grad


def ref_cldice(y, p, q):
    return ref_cldice_parts(y, p, q)


def ref_dice_cldice(y, p, q):
    a, s_nr, s_dr = q.get("alpha", 0.5), q.get("smooth_nr", 1.0), q.get("smooth_dr", 1.0)
    inter, den = (y * p).sum(), y.sum() + p.sum() + s_dr
    dice = 1 - (2 * inter + s_nr) / den
    g_dice = -(2 * y * den - (2 * inter + s_nr)) / den**2
    cv, cg = ref_cldice_parts(y, p, q)
    return float((1 - a) * dice + a * cv), (1 - a) * g_dice + a * cg


REF = {"boundary": ref_boundary, "hausdorff_dt": ref_hausdorff, "cldice": ref_cldice, "dice_cldice": ref_dice_cldice}


# ---------------------------------------------------------------------------------------------
# The authors' boundary loss (LIVIAETS/boundary-loss @ 171c32d), translated line by line.
# Only `.type(torch.float32)` → float64 changes; eucl_distance is the real SciPy.
# ---------------------------------------------------------------------------------------------
eucl_distance = distance_transform_edt


def uniq(a):  # utils.py
    return set(torch.unique(a.cpu()).numpy())


def sset(a, sub):  # utils.py
    return uniq(a).issubset(sub)


def simplex(tt, axis=1):  # utils.py
    _sum = tt.sum(axis).type(torch.float32)
    _ones = torch.ones_like(_sum, dtype=torch.float32)
    return torch.allclose(_sum, _ones)


def one_hot(tt, axis=1):  # utils.py
    return simplex(tt, axis) and sset(tt, [0, 1])


def class2one_hot(seg, K):  # utils.py
    assert sset(seg, list(range(K))), (uniq(seg), K)
    b, *img_shape = seg.shape
    device = seg.device
    res = torch.zeros((b, K, *img_shape), dtype=torch.int32, device=device).scatter_(1, seg[:, None, ...], 1)
    assert res.shape == (b, K, *img_shape)
    assert one_hot(res)
    return res


def one_hot2dist(seg, resolution=None, dtype=None):  # utils.py
    assert one_hot(torch.tensor(seg), axis=0)
    K = len(seg)

    res = np.zeros_like(seg, dtype=dtype)
    for k in range(K):
        posmask = seg[k].astype(np.bool)

        if posmask.any():
            negmask = ~posmask
            res[k] = eucl_distance(negmask, sampling=resolution) * negmask \
                - (eucl_distance(posmask, sampling=resolution) - 1) * posmask
        # The idea is to leave blank the negative classes
        # since this is one-hot encoded, another class will supervise that pixel

    return res


class SurfaceLoss:  # losses.py (alias BoundaryLoss)
    def __init__(self, **kwargs):
        self.idc = kwargs["idc"]
        print(f"Initialized {self.__class__.__name__} with {kwargs}")

    def __call__(self, probs, dist_maps):
        assert simplex(probs)
        assert not one_hot(dist_maps)

        pc = probs[:, self.idc, ...].type(torch.float64)  # the code: torch.float32
        dc = dist_maps[:, self.idc, ...].type(torch.float64)  # the code: torch.float32

        multipled = torch.einsum("bkwh,bkwh->bkwh", pc, dc)

        loss = multipled.mean()

        return loss


def lib_boundary(q):
    idc = [0, 1] if q.get("include_background", False) else [1]
    with contextlib.redirect_stdout(io.StringIO()):
        loss = SurfaceLoss(idc=idc)
    truncate = q.get("truncate", False)

    def dist_of(y):
        seg = class2one_hot(torch.tensor(y.numpy().round().astype(np.int64))[None], K=2)[0]
        if truncate:  # dataloader.py dist_map_transform: int32 one-hot, one_hot2dist(dtype=None)
            nd = one_hot2dist(seg.cpu().numpy(), resolution=None)
            assert nd.dtype == np.int32
        else:
            nd = one_hot2dist(seg.cpu().numpy(), resolution=None, dtype=np.float64)
        return torch.tensor(nd, dtype=torch.float64)

    def fn(y, p, logit):
        dist = dist_of(y)
        if logit:  # the code takes probabilities: p = σ(z)
            p = torch.sigmoid(p)
        probs = torch.stack([1 - p, p])[None]
        return loss(probs, dist[None])

    how = ("int32 one-hot from class2one_hot -> one_hot2dist(seg) (dtype None: distances truncated toward 0 on "
           "assignment, as dist_map_transform does)") if truncate else "one_hot2dist(seg, dtype=np.float64)"
    src = (f"line-by-line float64 translation of LIVIAETS/boundary-loss@171c32d (utils.py class2one_hot, one_hot2dist; "
           f"losses.py SurfaceLoss(idc={idc}), its .type(torch.float32) made float64) with scipy {scipy.__version__} "
           f"ndimage.distance_transform_edt as eucl_distance: {how}; SurfaceLoss(torch.stack([1 - p, p])[None], dist[None]), p = torch.sigmoid(z) for a logit input")
    return fn, src


# ---------------------------------------------------------------------------------------------
# MONAI
# ---------------------------------------------------------------------------------------------
_HD_SRC = textwrap.dedent(inspect.getsource(HausdorffDTLoss.forward))
assert _HD_SRC.count(".float()") == 2, _HD_SRC
_ns = dict(vars(monai_hausdorff))
exec(compile(_HD_SRC.replace(".float()", ".double()"), "monai_hausdorff_forward_f64", "exec"), _ns)  # noqa: S102


class HausdorffDTLossF64(HausdorffDTLoss):
    """MONAI's HausdorffDTLoss with its forward recompiled from MONAI's source, `.float()` →
    `.double()` on the two distance fields (nothing else changed)."""

    forward = _ns["forward"]


def b4(x):
    return x[None, None]


def lib_hausdorff(q):
    a = q.get("alpha", 2.0)

    def make(sig, shipped=False):
        cls = HausdorffDTLoss if shipped else HausdorffDTLossF64
        return cls(alpha=a, sigmoid=sig)

    def fn(y, x, logit, shipped=False):
        return make(logit, shipped)(b4(x), b4(y)).to(D)

    src = (f"monai.losses.HausdorffDTLoss(alpha={a}, sigmoid=<True for a logit input>) on [1, 1, H, W] float64, its "
           "forward recompiled from MONAI's source with the two .float() casts of the distance fields made .double() "
           "(the shipped code raises the fields to alpha in float32)")
    return fn, src


def monai_cl_kwargs(q):
    return dict(iter_=q.get("iterations", 3), smooth_nr=q.get("smooth_nr", 1.0), smooth_dr=q.get("smooth_dr", 1.0),
                smooth=q.get("smooth", 1e-4))


def lib_cldice(q):
    kw = monai_cl_kwargs(q)

    def fn(y, x, logit):
        return SoftclDiceLoss(sigmoid=logit, **kw)(b4(x), b4(y))

    src = (f"monai.losses.SoftclDiceLoss({', '.join(f'{k}={v}' for k, v in kw.items())}, sigmoid=<True for a logit "
           "input>).forward(input, target) on [1, 1, H, W] float64")
    return fn, src


def lib_dice_cldice(q):
    kw = dict(monai_cl_kwargs(q), alpha=q.get("alpha", 0.5))

    def fn(y, x, logit):
        return SoftDiceclDiceLoss(sigmoid=logit, **kw)(b4(x), b4(y))

    src = (f"monai.losses.SoftDiceclDiceLoss({', '.join(f'{k}={v}' for k, v in kw.items())}, sigmoid=<True for a "
           "logit input>).forward(input, target) on [1, 1, H, W] float64")
    return fn, src


LIB = {"boundary": lib_boundary, "hausdorff_dt": lib_hausdorff, "cldice": lib_cldice, "dice_cldice": lib_dice_cldice}
DEFAULTS = {"boundary": {"include_background": False, "truncate": False}, "hausdorff_dt": {"alpha": 2.0},
            "cldice": {"iterations": 3, "smooth_nr": 1.0, "smooth_dr": 1.0, "smooth": 1e-4},
            "dice_cldice": {"iterations": 3, "smooth_nr": 1.0, "smooth_dr": 1.0, "smooth": 1e-4, "alpha": 0.5}}


# ---------------------------------------------------------------------------------------------
# Evaluation with the README's conventions
# ---------------------------------------------------------------------------------------------
def grads(fn, x):
    x = x.detach().clone().requires_grad_(True)
    val = fn(x)
    assert val.dtype == D and val.dim() == 0, (val.dtype, val.shape)
    (g,) = torch.autograd.grad(val, x, allow_unused=True)
    if g is None:
        g = torch.zeros_like(x)
    return float(val.detach()), g.detach()


def logit_of(p):
    return torch.log(p) - torch.log1p(-p)


def evaluate_lib(fn, y, x0, kind):
    """value, grad_prob, grad_logit of the library call fn(y, input, is_logit)."""
    if kind == "logit":
        v, gz = grads(lambda z: fn(y, z, True), x0)
        v2, gp = grads(lambda p: fn(y, p, False), torch.sigmoid(x0))
    else:
        v, gp = grads(lambda p: fn(y, p, False), x0)
        pinned = lambda z: torch.sigmoid(z) + (x0 - torch.sigmoid(z)).detach()  # noqa: E731
        v2, gz = grads(lambda z: fn(y, pinned(z), False), logit_of(x0))
    assert abs(v - v2) <= 1e-12 * max(1, abs(v)), (v, v2)
    for g in (gp, gz):
        assert torch.isfinite(g).all(), g
    return v, gp.numpy(), gz.numpy()


def evaluate_ref(loss, q, y, x0, kind):
    yv, xv = y.numpy(), x0.numpy()
    p = torch.sigmoid(x0).numpy() if kind == "logit" else xv
    v, gp = REF[loss](yv, p, q)
    gz = gp * p * (1 - p)
    return v, gp, gz


def close(a, b, tol):
    if isinstance(a, float):
        return abs(a - b) <= tol * max(1.0, abs(b))
    m = float(np.abs(b).max())
    return bool((np.abs(a - b) <= tol * (np.abs(b) + 1e-6 * m) + 1e-300).all())


def fd_check(name, fn, y, x0, kind, g, sample=48):
    """Central differences (h = 1e-6) on sampled pixels where the two one-sided differences
    agree (no kink, tie or threshold crossing within h)."""
    h = 1e-6
    flat = x0.flatten()
    n = flat.numel()
    rng = np.random.default_rng(7)
    idx = rng.choice(n, min(n, sample), replace=False).tolist()
    gmax = float(np.abs(g).max())
    tol = 1e-6 * gmax + 1e-9
    logit = kind == "logit"
    checked = 0
    with torch.no_grad():
        f0 = float(fn(y, x0, logit))
        for i in idx:
            xp, xm = flat.clone(), flat.clone()
            xp[i] += h
            xm[i] -= h
            fp = float(fn(y, xp.reshape(x0.shape), logit))
            fm = float(fn(y, xm.reshape(x0.shape), logit))
            right, left = (fp - f0) / h, (f0 - fm) / h
            if abs(right - left) > tol:
                continue  # a kink, tie or threshold at this pixel
            d = (fp - fm) / (2 * h)
            gi = float(g.flatten()[i])
            assert abs(d - gi) <= tol, (name, "finite differences", i, d, gi, gmax)
            checked += 1
    FD_PIXELS[0] += checked
    return checked


# ---------------------------------------------------------------------------------------------
# Case machinery
# ---------------------------------------------------------------------------------------------
CASES = []
NAMES = set()
COUNTS = {}
FLOAT32_GAP = []  # hausdorff_dt: shipped (float32 fields) against the float64 recompilation


def add(name, loss, target, params=None, *, prob=None, logit=None, note="", expect_value=None, ties=False):
    """One case: the library's numbers, cross-checked against the contract's. `ties`: the input
    has exact ties in the soft skeleton's poolings (quantized, perfect, integer logits), where
    torch's subgradient rule, not a derivative, is the reference: no finite-difference check
    (where one-sided differences agree at a tie, e.g. max(x, c) + min(x, c) at x = c, the rule's
    choice can still differ from the slope)."""
    assert name not in NAMES, name
    NAMES.add(name)
    params = dict(params or {})
    for k, v in params.items():
        assert k in DEFAULTS[loss] and DEFAULTS[loss][k] != v, (name, k, "only non-default params")
    q = dict(DEFAULTS[loss], **params)
    kind = "logit" if logit is not None else "prob"
    y = t(target)
    x0 = t(logit if logit is not None else prob)
    assert y.shape == x0.shape and y.dim() == 2, name
    if loss == "boundary":
        assert bool(((y == 0) | (y == 1)).all()), name
    else:
        # every mask the thresholds make is checked SciPy == brute force
        for a in (y.numpy(), (torch.sigmoid(x0) if kind == "logit" else x0).numpy()):
            m = a > 0.5
            if m.any() and not m.all():
                scipy_edt(m)
                scipy_edt(~m)
    if loss == "boundary":
        for m in (y.numpy() != 0, y.numpy() == 0):
            if m.any():
                scipy_edt(m)
                scipy_edt(~m)
    fn, src = LIB[loss](q)
    lv, lgp, lgz = evaluate_lib(fn, y, x0, kind)
    rv, rgp, rgz = evaluate_ref(loss, q, y, x0, kind)
    ok = close(lv, rv, 1e-9) and close(lgp, rgp, 1e-9) and close(lgz, rgz, 1e-9)
    if not ok:
        raise AssertionError(
            f"{name}: library and contract disagree: value {lv!r} vs {rv!r}; grad_prob max diff "
            f"{np.abs(lgp - rgp).max()} (max {np.abs(rgp).max()}); grad_logit max diff {np.abs(lgz - rgz).max()} "
            f"(max {np.abs(rgz).max()})")
    if expect_value is not None:
        assert abs(lv - expect_value) <= 1e-12 * max(1.0, abs(expect_value)), (name, lv, expect_value)
    source = f"{src}; {GRADS}"
    if loss == "hausdorff_dt":
        with torch.no_grad():
            xl = x0
            shipped = float(fn(y, xl, kind == "logit", shipped=True))
        gap = abs(shipped - lv) / max(abs(lv), 1e-300) if lv != 0 else abs(shipped)
        FLOAT32_GAP.append(gap)
        assert gap <= 1e-6, (name, shipped, lv)
        source += f"; the shipped float32-field HausdorffDTLoss gives {shipped!r} (relative {gap:.1e})"
    if note:
        source += f"; {note}"
    if not ties:
        fd_check(name, fn, y, x0, kind, lgz if kind == "logit" else lgp)
    case = {"name": name, "source": source, "shape": list(y.shape), "target": fl(y)}
    case["logit" if kind == "logit" else "prob"] = fl(x0)
    case.update({"loss": loss, "params": params, "value": lv, "grad_prob": fl(lgp), "grad_logit": fl(lgz),
                 "zero_over_zero": False})
    CASES.append(case)
    COUNTS[loss] = COUNTS.get(loss, 0) + 1
    return case


# ---------------------------------------------------------------------------------------------
# Scenes (targets) and predictions, fixed seeds
# ---------------------------------------------------------------------------------------------
rng = np.random.default_rng(20261217)


def blank(h, w):
    return np.zeros((h, w))


def disk(h, w, ci, cj, r):
    ii, jj = np.mgrid[:h, :w]
    return (((ii - ci) ** 2 + (jj - cj) ** 2) <= r * r).astype(np.float64)


def ring(h, w, ci, cj, r0, r1):
    ii, jj = np.mgrid[:h, :w]
    d2 = (ii - ci) ** 2 + (jj - cj) ** 2
    return ((d2 >= r0 * r0) & (d2 <= r1 * r1)).astype(np.float64)


def hline(h, w, i, j0, j1, thick=1):
    y = blank(h, w)
    y[i:i + thick, j0:j1] = 1
    return y


def vline(h, w, j, i0, i1, thick=1):
    y = blank(h, w)
    y[i0:i1, j:j + thick] = 1
    return y


def diag(h, w, i0, j0, n, anti=False):
    y = blank(h, w)
    for k in range(n):
        y[i0 + k, (j0 - k) if anti else (j0 + k)] = 1
    return y


def cross(h, w, ci, cj, arm, thick=1):
    y = blank(h, w)
    a = thick // 2
    y[ci - a:ci - a + thick, cj - arm:cj + arm + 1] = 1
    y[ci - arm:ci + arm + 1, cj - a:cj - a + thick] = 1
    return y


def dilate3(y):
    p = np.pad(y, 1)
    return np.max([p[1 + di:1 + di + y.shape[0], 1 + dj:1 + dj + y.shape[1]] for di in (-1, 0, 1) for dj in (-1, 0, 1)],
                  axis=0)


def shift(y, di, dj):
    out = np.zeros_like(y)
    h, w = y.shape
    out[max(di, 0):h + min(di, 0), max(dj, 0):w + min(dj, 0)] = y[max(-di, 0):h + min(-di, 0), max(-dj, 0):w + min(-dj, 0)]
    return out


def noisy(y, lo=(0.02, 0.4), hi=(0.55, 0.97)):
    return np.where(y > 0.5, rng.uniform(*hi, y.shape), rng.uniform(*lo, y.shape))


def soften(y, amp=0.08):
    """A prediction following y (possibly soft): 0.1 + 0.8·y plus noise, kept inside (0, 1)."""
    return np.clip(0.1 + 0.8 * y + rng.uniform(-amp, amp, y.shape), 0.01, 0.99)


def quantized(y, step=0.25):
    return np.round(noisy(y) / step) * step


def logits(y, scale=4.0, noise=1.5, zeros=0):
    z = scale * (2 * y - 1) + rng.normal(0, noise, y.shape)
    if zeros:
        flat = z.reshape(-1)
        flat[rng.choice(flat.size, zeros, replace=False)] = 0.0
    return z


def blur(y, k=1):
    """A soft target: y box-averaged over (2k+1)² (values in [0, 1])."""
    h, w = y.shape
    p = np.pad(y, k)
    acc = sum(p[k + di:k + di + h, k + dj:k + dj + w] for di in range(-k, k + 1) for dj in range(-k, k + 1))
    return acc / (2 * k + 1) ** 2


# targets
LINE1 = hline(16, 16, 7, 2, 14)                       # 1-px horizontal line
LINE3 = vline(20, 14, 5, 2, 18, 3)                    # 3-px vertical line, non-square
DIAG = diag(16, 16, 2, 2, 12)                         # diagonal line
ANTI = diag(12, 20, 1, 15, 10, anti=True)             # anti-diagonal, non-square
RING = ring(24, 24, 11.5, 11.5, 5, 7.5)               # ring
CROSS1 = cross(17, 17, 8, 8, 6)                       # 1-px cross
CROSS3 = cross(21, 19, 10, 9, 7, 3)                   # 3-px cross
BROKEN = hline(12, 32, 6, 2, 30)                      # broken line: a 3-px gap
BROKEN[6, 14:17] = 0
SPUR = hline(16, 20, 8, 2, 18)                        # a line with a spur
SPUR[4:8, 11] = 1
SMALL = disk(16, 16, 7, 8, 2)                         # small blob
LARGE = disk(32, 32, 15, 16, 9.5)                     # large blob
BIG48 = disk(48, 48, 23, 24, 14)                      # large blob, 48x48
BLOBS = np.clip(disk(24, 32, 6, 7, 3) + disk(24, 32, 16, 22, 4) + disk(24, 32, 18, 6, 2), 0, 1)  # several blobs
PIXEL = blank(8, 8)
PIXEL[3, 4] = 1
EMPTY = blank(8, 12)
FULL = np.ones((10, 8))
BORDER = blank(16, 20)                                # objects on the border
BORDER[0:5, 0:6] = 1
BORDER[6:16, 19] = 1
BORDER[15, 8:14] = 1
DISK45 = disk(13, 13, 6, 6, 4.5)                      # §4: skeleton empty for K <= 3, one pixel from K = 4
CURVE = blank(40, 48)                                 # a thin curve, non-square
for j in range(3, 45):
    CURVE[int(round(20 + 12 * np.sin(j / 7.0))), j] = 1
SOFT = blur(disk(16, 16, 7.5, 7.5, 4))                # a soft target


# ---------------------------------------------------------------------------------------------
# The contract's facts about its maps, asserted (on the independent implementation).
# ---------------------------------------------------------------------------------------------
_ii, _jj = np.mgrid[:10, :8]
assert np.array_equal(phi_ref(FULL), 1 - np.sqrt((_ii + 1) ** 2 + _jj**2))
assert np.array_equal(edt_brute(np.ones((1, 7)))[0], np.sqrt([1, 2, 5, 10, 17, 26, 37]))
assert np.array_equal(distance_transform_edt(np.ones((1, 7)))[0], np.sqrt([1, 2, 5, 10, 17, 26, 37]))
for _line in (LINE1, DIAG, ANTI):
    assert (phi_ref(_line)[_line == 1] == 0).all()  # every pixel of a 1-px line is 0
    for _k in (0, 1, 3):
        assert np.array_equal(skel_value(_line, _k), _line)  # a 1-px line is its own skeleton
assert (skel_value(np.ones((9, 7)), 3) == 0).all()  # all-one: empty skeleton
for _k in (1, 2, 3):
    assert skel_value(DISK45, _k).sum() == 0, _k
for _k in (4, 5):
    assert (skel_value(DISK45, _k) > 0).sum() == 1, _k
_phi = phi_ref(SMALL)
assert _phi[7, 8] == 1 - np.sqrt(5) and (_phi[SMALL == 1] <= 0).all() and _phi[7, 11] == 1 and _phi[4, 9] == np.sqrt(2)
# 1 − √2 on an inside pixel with diagonal-only contact to the background
_sq = blank(6, 6)
_sq[1:5, 1:5] = 1
_sq[1, 1] = 0
assert phi_ref(_sq)[2, 2] == 1 - np.sqrt(2)

# ---------------------------------------------------------------------------------------------
# boundary
# ---------------------------------------------------------------------------------------------
B = "boundary"
add("boundary_line1_noisy", B, LINE1, prob=noisy(LINE1), note="1-px line: phi = 0 on the line, no gradient there")
add("boundary_line3_shifted", B, LINE3, prob=soften(shift(LINE3, 0, 2)))
add("boundary_diag_thickened", B, DIAG, prob=soften(dilate3(DIAG)))
add("boundary_ring_noisy_include_background", B, RING, {"include_background": True}, prob=noisy(RING))
add("boundary_cross3_quantized", B, CROSS3, prob=quantized(CROSS3))
add("boundary_blobs_perfect", B, BLOBS, prob=BLOBS.copy(), note="perfect prediction (p = y): L = sum of inside phi / N")
add("boundary_large_noisy_truncate", B, LARGE, {"truncate": True}, prob=noisy(LARGE))
add("boundary_large_noisy", B, LARGE, prob=np.array(CASES[-1]["prob"]).reshape(LARGE.shape),
    note="the input of boundary_large_noisy_truncate")
add("boundary_empty_all_low", B, EMPTY, prob=rng.uniform(0, 0.3, EMPTY.shape), expect_value=0.0,
    note="empty target: phi = 0, L = 0, zero gradient")
add("boundary_empty_include_background", B, EMPTY, {"include_background": True}, prob=rng.uniform(0, 0.3, EMPTY.shape),
    note="empty target: phi0 is the phantom map of a full background")
add("boundary_full_all_high", B, FULL, prob=rng.uniform(0.7, 1.0, FULL.shape),
    note="full target: phi = 1 - sqrt((i+1)^2 + j^2), SciPy's phantom map (an artefact)")
add("boundary_full_truncate_include_background", B, FULL, {"include_background": True, "truncate": True},
    prob=rng.uniform(0.0, 1.0, FULL.shape))
add("boundary_pixel_logit_zeros", B, PIXEL, logit=logits(PIXEL, zeros=6))
add("boundary_border_logit", B, BORDER, logit=logits(BORDER), note="objects on the border: no boundary along the edge")
add("boundary_spur_truncate_logit_quantized", B, SPUR, {"truncate": True}, logit=np.round(logits(SPUR)))
add("boundary_broken_p_exact_0_1", B, BROKEN, prob=rng.choice([0.0, 1.0, 0.5, 0.3], BROKEN.shape),
    note="p exactly 0, 1 and 0.5")
add("boundary_curve_40x48_noisy_include_background", B, CURVE, {"include_background": True}, prob=noisy(CURVE))
add("boundary_big48_all_high", B, BIG48, prob=rng.uniform(0.6, 1.0, BIG48.shape))
add("boundary_cross1_all_low_truncate_include_background", B, CROSS1, {"truncate": True, "include_background": True},
    prob=rng.uniform(0.0, 0.2, CROSS1.shape))

# ---------------------------------------------------------------------------------------------
# hausdorff_dt
# ---------------------------------------------------------------------------------------------
H = "hausdorff_dt"
add("hausdorff_line1_noisy", H, LINE1, prob=noisy(LINE1))
add("hausdorff_line3_shifted", H, LINE3, prob=soften(shift(LINE3, 1, 2)))
add("hausdorff_diag_thickened_alpha1", H, DIAG, {"alpha": 1.0}, prob=soften(dilate3(DIAG)))
add("hausdorff_ring_noisy_alpha_half", H, RING, {"alpha": 0.5}, prob=noisy(RING))
add("hausdorff_blobs_far_speck", H, BLOBS, prob=np.clip(soften(BLOBS) + disk(24, 32, 3, 29, 1) * 0.85, 0, 0.99), note="a far-off speck predicted at the top right")
add("hausdorff_cross1_quantized", H, CROSS1, prob=quantized(CROSS1),
    note="quantized: p on a 0.25 grid, p = 0.5 exactly is background")
add("hausdorff_perfect", H, SMALL, prob=SMALL.copy(), expect_value=0.0, note="perfect prediction: L = 0")
add("hausdorff_empty_all_low", H, EMPTY, prob=rng.uniform(0, 0.5, EMPTY.shape), expect_value=0.0,
    note="empty target and no p > 0.5: both fields 0, L = 0 and zero gradient although p != y")
add("hausdorff_empty_some_high", H, EMPTY, prob=np.where(disk(8, 12, 2, 9, 1) > 0, 0.8, 0.1),
    note="empty target with some p > 0.5: only F_p weighs")
add("hausdorff_full_all_high", H, FULL, prob=rng.uniform(0.51, 1.0, FULL.shape), expect_value=0.0,
    note="full target, every p > 0.5: both fields 0")
add("hausdorff_full_some_low_alpha3", H, FULL, {"alpha": 3.0}, prob=np.where(disk(10, 8, 4, 3, 1.5) > 0, 0.3, 0.9))
add("hausdorff_pixel_logit_zeros", H, PIXEL, logit=logits(PIXEL, zeros=8), note="z = 0 exactly is background")
add("hausdorff_border_logit", H, BORDER, logit=logits(BORDER, zeros=4))
add("hausdorff_soft_target", H, SOFT, prob=soften(disk(16, 16, 7, 8, 4)), note="soft target, thresholded for F_y")
add("hausdorff_soft_target_logit", H, SOFT, {"alpha": 1.5}, logit=np.round(logits(SOFT, 3.0, 2.0)),
    note="soft target; integer logits, 0 included")
add("hausdorff_broken_line", H, BROKEN, prob=soften(hline(12, 32, 6, 2, 30)), note="prediction bridges the gap")
add("hausdorff_spur", H, SPUR, prob=soften(hline(16, 20, 8, 2, 18)), note="prediction misses the spur")
add("hausdorff_big48_shifted", H, BIG48, prob=soften(shift(BIG48, 3, -2)))
add("hausdorff_curve_all_high", H, CURVE, prob=rng.uniform(0.5, 1.0, CURVE.shape))

# ---------------------------------------------------------------------------------------------
# cldice
# ---------------------------------------------------------------------------------------------
C = "cldice"
add("cldice_line1_noisy", C, LINE1, prob=noisy(LINE1))
add("cldice_line1_perfect", C, LINE1, prob=LINE1.copy(), note="perfect prediction: L = 1 - 2/(2 + s), not 0", ties=True)
add("cldice_line3_shifted_iter1", C, LINE3, {"iterations": 1}, prob=soften(shift(LINE3, 0, 1)))
add("cldice_diag_thickened", C, DIAG, prob=soften(dilate3(DIAG)))
add("cldice_ring_noisy_iter5", C, RING, {"iterations": 5}, prob=noisy(RING))
add("cldice_cross3_quantized", C, CROSS3, prob=quantized(CROSS3), note="quantized p: ties in every pooling", ties=True)
add("cldice_broken_prediction", C, LINE1, prob=soften(np.where(np.arange(16)[None, :].repeat(16, 0) == 8, 0, LINE1)),
    note="a prediction that breaks the line (1-px gap)")
add("cldice_broken_target_iter0", C, BROKEN, {"iterations": 0}, prob=noisy(BROKEN))
add("cldice_spur_logit_zeros", C, SPUR, logit=logits(SPUR, zeros=10))
add("cldice_blobs_all_low_smooth_nr0", C, BLOBS, {"smooth_nr": 0.0}, prob=rng.uniform(0, 0.2, BLOBS.shape))
add("cldice_disk45_iter4", C, DISK45, {"iterations": 4}, prob=soften(DISK45))
add("cldice_empty_target", C, EMPTY, prob=noisy(EMPTY), note="empty target: Tsens = s_nr/s_dr")
add("cldice_full_target", C, FULL, prob=rng.uniform(0.3, 1.0, FULL.shape), expect_value=1 - 2 / (2 + 1e-4),
    note="full target: S_y = 0, Tprec = 1: L = 1 - 2/(2 + s), zero gradient")
add("cldice_pixel_all_high", C, PIXEL, {"smooth": 0.01, "smooth_dr": 0.5}, prob=rng.uniform(0.6, 1.0, PIXEL.shape))
add("cldice_border_quantized_logit", C, BORDER, {"iterations": 1}, logit=np.round(logits(BORDER, 3.0, 2.0)),
    note="integer logits (0 included): ties", ties=True)
add("cldice_soft_target", C, SOFT, prob=soften(SOFT), note="soft target")
add("cldice_curve_40x48_logit", C, CURVE, logit=logits(CURVE, 3.0, 1.0))
add("cldice_smooth_nr0_no_overlap", C, LINE1, {"smooth_nr": 0.0}, prob=np.where(shift(LINE1, 4, 0) > 0, 0.9, 0.0),
    expect_value=1.0, note="smooth_nr = 0, no overlap: Tprec = Tsens = 0, L = 1, zero gradient")
add("cldice_large_all_high_iter5", C, LARGE, {"iterations": 5, "smooth": 1e-3}, prob=rng.uniform(0.55, 1.0, LARGE.shape))

# ---------------------------------------------------------------------------------------------
# dice_cldice
# ---------------------------------------------------------------------------------------------
DC = "dice_cldice"
add("dice_cldice_line1_noisy", DC, LINE1, prob=noisy(LINE1))
add("dice_cldice_line3_shifted", DC, LINE3, prob=soften(shift(LINE3, 1, 0)))
add("dice_cldice_diag_thickened_alpha0", DC, DIAG, {"alpha": 0.0}, prob=soften(dilate3(DIAG)),
    note="alpha 0: MONAI's Dice part alone (smooth 1)")
add("dice_cldice_ring_alpha1_iter5", DC, RING, {"alpha": 1.0, "iterations": 5}, prob=noisy(RING),
    note="alpha 1: clDice alone")
add("dice_cldice_cross1_quantized", DC, CROSS1, prob=quantized(CROSS1), ties=True)
add("dice_cldice_broken_alpha03", DC, BROKEN, {"alpha": 0.3}, prob=soften(hline(12, 32, 6, 2, 30)))
add("dice_cldice_spur_perfect", DC, SPUR, prob=SPUR.copy(), note="perfect prediction: p = y exactly (0 and 1)", ties=True)
add("dice_cldice_blobs_logit_zeros_iter1", DC, BLOBS, {"iterations": 1}, logit=logits(BLOBS, zeros=12))
add("dice_cldice_small_shifted_iter0", DC, SMALL, {"iterations": 0}, prob=soften(shift(SMALL, 2, 1)))
add("dice_cldice_empty_all_low", DC, EMPTY, prob=rng.uniform(0, 0.2, EMPTY.shape))
add("dice_cldice_full_all_high", DC, FULL, prob=rng.uniform(0.8, 1.0, FULL.shape))
add("dice_cldice_pixel_smooth_nr0", DC, PIXEL, {"smooth_nr": 0.0, "smooth_dr": 2.0}, prob=noisy(PIXEL))
add("dice_cldice_border_logit_quantized", DC, BORDER, {"alpha": 0.7}, logit=np.round(logits(BORDER, 2.0, 1.5)), ties=True)
add("dice_cldice_soft_target_iter3_smooth", DC, SOFT, {"smooth": 0.5}, prob=noisy(SOFT > 0.5) * 0.5 + 0.5 * SOFT)
add("dice_cldice_big48_noisy", DC, BIG48, prob=noisy(BIG48))
add("dice_cldice_curve_thickened_logit", DC, CURVE, logit=6 * (2 * dilate3(CURVE) - 1) + rng.normal(0, 1, CURVE.shape))

# ---------------------------------------------------------------------------------------------
# EDT cases: SciPy's distance_transform_edt, checked against the brute force
# ---------------------------------------------------------------------------------------------
EDT_CASES = []


def add_edt(name, mask, note=""):
    mask = np.asarray(mask, dtype=np.float64)
    d = scipy_edt(mask)
    src = f"scipy {scipy.__version__} scipy.ndimage.distance_transform_edt(mask) (default sampling; nonzero = inside)"
    if note:
        src += f"; {note}"
    EDT_CASES.append({"name": name, "source": src, "shape": list(mask.shape), "mask": fl(mask), "distance": fl(d)})


add_edt("edt_1x1_one", np.ones((1, 1)), "no zero at all: SciPy's phantom zero at (-1, 0) gives 1")
add_edt("edt_1x1_zero", np.zeros((1, 1)))
add_edt("edt_1x7_ones_phantom", np.ones((1, 7)), "phantom: 1, sqrt 2, sqrt 5, sqrt 10, ...")
add_edt("edt_7x1_ones_phantom", np.ones((7, 1)), "phantom: i + 1")
add_edt("edt_all_zero_6x5", np.zeros((6, 5)))
add_edt("edt_all_one_5x4_phantom", np.ones((5, 4)), "phantom: sqrt((i+1)^2 + j^2)")
_m = np.ones((9, 9))
_m[4, 4] = 0
add_edt("edt_single_zero_centre_9x9", _m)
_m = np.ones((7, 11))
_m[6, 10] = 0
add_edt("edt_single_zero_corner_7x11", _m)
add_edt("edt_single_one_8x8", PIXEL)
for _i, (_dens, _h, _w) in enumerate([(0.05, 64, 48), (0.1, 32, 32), (0.2, 17, 23), (0.3, 48, 64), (0.5, 40, 40),
                                      (0.7, 64, 48), (0.8, 25, 31), (0.9, 64, 48), (0.95, 64, 48), (0.95, 12, 9)]):
    add_edt(f"edt_random_density_{_dens}_{_h}x{_w}", (rng.uniform(size=(_h, _w)) < _dens).astype(np.float64),
            f"random mask, P(inside) = {_dens}")
add_edt("edt_line_16x16", LINE1)
add_edt("edt_complement_of_line_16x16", 1 - LINE1, "distance to a 1-px line of zeros")
add_edt("edt_ring_24x24", RING)
add_edt("edt_complement_of_ring_24x24", 1 - RING)
add_edt("edt_border_objects_16x20", BORDER, "objects on the border: the edge is not background")
add_edt("edt_complement_of_border_objects_16x20", 1 - BORDER)
add_edt("edt_3x40", (rng.uniform(size=(3, 40)) < 0.85).astype(np.float64))
add_edt("edt_40x3", (rng.uniform(size=(40, 3)) < 0.85).astype(np.float64))
add_edt("edt_large_blob_48x48", BIG48)
add_edt("edt_non_binary_values", np.where(disk(10, 12, 4, 5, 3) > 0, rng.choice([0.5, 1.0, 2.0], (10, 12)), 0.0),
        "values 0.5, 1 and 2 all count as inside")


def tie_rules_are_exercised():
    """Each of §3's three tie rules, replaced by another (the last maximal element, all of an
    equal torch.min to its first argument, relu'(0) = 1), changes some case's grad_prob beyond
    the per-entry tolerance of golden.rs: the cases can tell a wrong rule."""
    caught = {}
    for rule, other in (("first_in_scan", False), ("min_equal_half", False), ("relu_at_0", 1.0)):
        saved = RULES[rule]
        RULES[rule] = other
        try:
            names = []
            for c in CASES:
                if c["loss"] not in ("cldice", "dice_cldice"):
                    continue
                y = np.array(c["target"]).reshape(c["shape"])
                x = np.array(c.get("prob", c.get("logit"))).reshape(c["shape"])
                p = x if "prob" in c else torch.sigmoid(t(x)).numpy()
                _, gp = REF[c["loss"]](y, p, dict(DEFAULTS[c["loss"]], **c["params"]))
                want = np.array(c["grad_prob"])
                if (np.abs(gp.flatten() - want) > 1e-15 + 1e-5 * np.abs(want)).any():
                    names.append(c["name"])
        finally:
            RULES[rule] = saved
        assert names, (rule, "no case tells this tie rule from another")
        caught[rule] = len(names)
    return caught


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "geometry_cases.json").write_text(json.dumps(CASES, indent=1, ensure_ascii=False) + "\n")
    (OUT / "edt_cases.json").write_text(json.dumps(EDT_CASES, indent=1, ensure_ascii=False) + "\n")
    caught = tie_rules_are_exercised()
    print(json.dumps(VERSIONS))
    print("cases telling each tie rule from an alternative:", json.dumps(caught))
    print(f"{len(CASES)} loss cases:", json.dumps(COUNTS))
    print(f"{len(EDT_CASES)} EDT cases; {FD_PIXELS[0]} pixel gradients checked against finite differences; "
          f"hausdorff_dt shipped float32 fields vs float64: max relative gap {max(FLOAT32_GAP):.1e}")


if __name__ == "__main__":
    main()
