#!/usr/bin/env python3
"""Golden reference cases for multi-class losses and aggregation (shared/docs/multiclass.md).

Writes
- crates/core/tests/golden/multiclass_cases.json: `losslab eval` cases with their expected
  outputs: `name`, `source`, `shape`, `layout` (when the case states one), `target` or `labels`,
  `prob` or `logit`, `loss`, `params` (only what differs from the defaults, plus a few explicit
  defaults), `value`, `grad_prob`, `grad_logit`, `zero_over_zero`, and for generalized_dice
  `class_weights` (`[units][|K|]`);
- crates/core/tests/golden/multiclass_errors.json: inputs that must exit 2, each with the
  field(s) the one-line message must name (`field`: a string, or a list of acceptable names).

References, all float64, gradients by torch autograd (the contract's section "Gradients":
grad_prob with every probability a free leaf; grad_logit with the logits a leaf and
p = softmax(z) over channels or σ(z); a `prob` input's grad_logit with z = log p (softmax) or
z = logit(p) (sigmoid) as the leaf, p pinned to the given value):
- MONAI 1.6.1 DiceLoss (softmax / sigmoid / none, to_onehot_y, batch, include_background,
  squared_pred, jaccard, reduction), TverskyLoss, GeneralizedDiceLoss (w_func replaced by
  losses.md's 1/(g² + 1e-6) weights as make_golden.py does, MONAI's inf -> max rule kept),
  DiceCELoss(softmax=True, to_onehot_y=True), FocalLoss(use_softmax=True) (float32 inside
  MONAI: its numbers come from the independent implementation, MONAI cross-checked loosely);
- smp 0.6.0 DiceLoss / JaccardLoss / TverskyLoss("multiclass") on label targets;
- torch CrossEntropyLoss(weight) with index targets (logits), F.nll_loss(log p̂) for ∂L/∂p;
- torchvision sigmoid_focal_loss and losses.md's binary references for the C = 1 cases.
Each library case is cross-checked, when the file is generated, against an independent torch
implementation of multiclass.md's formulas written below from the contract (never from the
Rust code): value and both gradients per entry to relative 1e-9, else the script stops. Where
no library computes the contract's number (0/0, soft targets with class weights, the clamp,
the focal Tversky floor, `absent = zero` outside smp's pooled call, `class_reduction = sum`
per image, …) the case uses the independent implementation and says so in `source`.
Every case's gradient is also checked against central finite differences on sampled entries.
The contract's table "Same name, different numbers" and its edge-case numbers are asserted to
6 decimals, and its identities between cases are asserted before anything is written.

Run:  KERAS_BACKEND=torch /work/oracle-venv/bin/python tools/oracle/make_multiclass.py
(it imports make_golden.py for the binary references; see tools/oracle/README.md)
"""

import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_golden as mg  # noqa: E402  (float64 defaults, the losses.md references)

import monai  # noqa: E402
import numpy as np  # noqa: E402
import segmentation_models_pytorch as smp  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from monai.losses import DiceCELoss, DiceFocalLoss, DiceLoss, FocalLoss, GeneralizedDiceLoss, TverskyLoss  # noqa: E402
from torchvision.ops import sigmoid_focal_loss  # noqa: E402

warnings.filterwarnings("ignore", category=UserWarning)
warnings.filterwarnings("ignore", category=FutureWarning)

D = torch.float64
EPS = mg.EPS  # 1e-7, the clamp of every log
GDL_EPS = mg.GDL_EPS  # 1e-6, ε_w
FT_FLOOR = mg.FT_FLOOR  # 1e-12, focal Tversky's floor
OUT = mg.OUT
GRADS = mg.GRADS
VERSIONS = dict(mg.VERSIONS)
t, fl, grads, clamp_tf = mg.t, mg.fl, mg.grads, mg.clamp_tf

# Losses whose 3-dimensional shape means [C, H, W] (multiclass.md, "Input").
CHW_DEFAULT = {"generalized_dice", "ce", "dice_ce", "dice_focal"}
REGION = {"dice", "iou", "tversky", "focal_tversky"}

# multiclass.md's defaults for C ≥ 2 (the losses' own, then the aggregation parameters).
DEFAULTS = {
    "dice": {"smooth": 1.0, "squared": False},
    "iou": {"eps": 1e-6},
    "tversky": {"alpha": 0.7, "beta": 0.3, "smooth": 1.0},
    "focal_tversky": {"alpha": 0.7, "beta": 0.3, "smooth": 1.0, "gamma": 0.75},
    "generalized_dice": {"smooth": 0.0, "weight_type": "square", "absent": "epsilon"},
    "ce": {"class_weights": None},
    "focal": {"gamma": 2.0, "alpha": None},
    "dice_ce": {"smooth_nr": 1e-5, "smooth_dr": 1e-5, "w_dice": 1.0, "w_ce": 1.0},
    "dice_focal": {"smooth_nr": 1e-5, "smooth_dr": 1e-5, "gamma": 2.0, "alpha": None, "w_dice": 1.0, "w_focal": 1.0},
}
COMMON = {"include_background": True, "batch": "per_image", "absent": "keep", "class_reduction": "mean"}


def resolve(loss, params, c):
    q = dict(COMMON)
    q.update(DEFAULTS.get(loss, {}))
    q.update(params)
    q.setdefault("activation", "softmax" if c >= 2 else "sigmoid")
    if q["activation"] is None:
        q["activation"] = "softmax" if c >= 2 else "sigmoid"
    return q


# ---------------------------------------------------------------------------------------------
# Independent float64 implementation of multiclass.md, from the contract. y, p: [B, C, N].
# FLAG[0] records a 0/0 met while evaluating (the contract's zero_over_zero).
# ---------------------------------------------------------------------------------------------
FLAG = [False]
FD_ENTRIES = [0]


def ratio_or(num, den, when_zero):
    """num/den; a 0/0 gives `when_zero` with zero gradient and raises the flag."""
    if float(num.detach()) == 0.0 and float(den.detach()) == 0.0:
        FLAG[0] = True
        return (num * 0.0) + when_zero
    return num / den


def kept(c, q):
    """The kept classes K: all, or 1 … C−1 without background (ignored when C = 1)."""
    return list(range(c)) if (c == 1 or q["include_background"]) else list(range(1, c))


def units(y, p, q):
    """[(y_u, p_u)] with y_u, p_u: [C, M]: one per image, or the whole batch pooled."""
    if q["batch"] == "pooled":
        b, c, n = y.shape
        return [(y.permute(1, 0, 2).reshape(c, b * n), p.permute(1, 0, 2).reshape(c, b * n))]
    return [(y[b], p[b]) for b in range(y.shape[0])]


def region_term(loss, q, yc, pc, s_nr=None, s_dr=None):
    """ℓ[u][c]: the binary formula of losses.md on one unit's sums of one class."""
    if q["absent"] == "zero" and float(yc.sum()) == 0.0:
        return (pc * 0.0).sum()  # ℓ = 0, zero gradient, still counted in the mean; no flag
    inter = (yc * pc).sum()
    if loss in ("dice", "dice_ce", "dice_focal"):
        if loss == "dice":
            s_nr = s_dr = q["smooth"]
        den = ((yc * yc).sum() + (pc * pc).sum()) if q.get("squared", False) else (yc.sum() + pc.sum())
        return 1 - ratio_or(2 * inter + s_nr, den + s_dr, 1.0)
    if loss == "iou":
        e = q["eps"]
        return 1 - ratio_or(inter + e, yc.sum() + pc.sum() - inter + e, 1.0)
    a, b, s = q["alpha"], q["beta"], q["smooth"]
    fn = (yc * (1 - pc)).sum()
    fp = ((1 - yc) * pc).sum()
    return 1 - ratio_or(inter + s, inter + a * fn + b * fp + s, 1.0)


def region(loss, q, y, p, s_nr=None, s_dr=None):
    """dice / iou / tversky / focal_tversky (and the Dice part of dice_ce, dice_focal)."""
    ks = kept(y.shape[1], q)
    per_unit = []
    for yu, pu in units(y, p, q):
        terms = [region_term(loss, q, yu[c], pu[c], s_nr, s_dr) for c in ks]
        r = sum(terms) if q["class_reduction"] == "sum" else sum(terms) / len(ks)
        if loss == "focal_tversky":
            g = q["gamma"]
            if float(r.detach()) >= FT_FLOOR:
                r = r**g
            else:  # value R^γ, gradient γ·1e-12^(γ−1)·∂R
                r = max(float(r.detach()), 0.0) ** g + g * FT_FLOOR ** (g - 1) * (r - r.detach())
        per_unit.append(r)
    return sum(per_unit) / len(per_unit)


def gdl_unit_weights(sy, q):
    return mg.gdl_weights(sy, q["weight_type"], q["absent"])


def gdl(q, y, p, weights_out=None):
    """generalized_dice per unit (weights from the unit's Σy over the kept classes)."""
    ks = kept(y.shape[1], q)
    vals = []
    for yu, pu in units(y, p, q):
        yk, pk = yu[ks], pu[ks]
        w = gdl_unit_weights(yk.sum(1), q)
        if weights_out is not None:
            weights_out.append(fl(w))
        a = (w * (yk * pk).sum(1)).sum()
        b = (w * (yk + pk).sum(1)).sum()
        s = q["smooth"]
        vals.append(1 - ratio_or(2 * a + s, b + s, 1.0))
    return sum(vals) / len(vals)


def ce(y, p, w=None):
    """−Σ w[c]·y·log p̂ / Σ w[c]·y over every b, c, i; 0 with the flag if the denominator is 0."""
    c = y.shape[1]
    w = torch.ones(c, dtype=D) if w is None else t(w)
    wy = w.view(1, c, 1) * y
    den = wy.sum()
    if float(den) == 0.0:
        FLAG[0] = True
        return (p * 0.0).sum()
    return -(wy * torch.log(clamp_tf(p))).sum() / den


def focal(y, p, gamma, alpha):
    """(1/(B·C·N)) Σ −a[c]·y·(1 − p̂)^γ·log p̂."""
    c = y.shape[1]
    a = torch.ones(c, dtype=D) if alpha is None else t([1 - alpha] + [alpha] * (c - 1))
    ph = clamp_tf(p)
    ell = -a.view(1, c, 1) * y * (1 - ph) ** gamma * torch.log(ph)
    return ell.sum() / y.numel()


BINARY_KEYS = {"smooth", "squared", "eps", "empty", "alpha", "beta", "gamma", "reduction", "pos_weight", "lambda",
               "weight_type", "absent", "w_bce", "w_dice"}


def reference(loss, q, y, p, weights_out=None):
    """The contract's L(y, p) for y, p: [B, C, N]."""
    b, c, n = y.shape
    if c == 1:  # today's binary loss, per image (mean) or pooled
        bq = {k: v for k, v in q.items() if k in BINARY_KEYS and v is not None}
        if loss != "generalized_dice":
            bq.pop("absent", None)
        if loss == "focal":
            bq.setdefault("alpha", 0.25)
        one = mg.ref_for(loss, bq)
        if q["batch"] == "pooled":
            return one(y.flatten(), p.flatten())
        return sum(one(y[i, 0], p[i, 0]) for i in range(b)) / b
    if loss in REGION:
        return region(loss, q, y, p)
    if loss == "generalized_dice":
        return gdl(q, y, p, weights_out)
    if loss == "ce":
        return ce(y, p, q["class_weights"])
    if loss == "focal":
        return focal(y, p, q["gamma"], q["alpha"])
    if loss == "dice_ce":
        d = region("dice_ce", q, y, p, q["smooth_nr"], q["smooth_dr"])
        return q["w_dice"] * d + q["w_ce"] * ce(y, p)
    if loss == "dice_focal":
        d = region("dice_focal", q, y, p, q["smooth_nr"], q["smooth_dr"])
        return q["w_dice"] * d + q["w_focal"] * focal(y, p, q["gamma"], q["alpha"])
    raise KeyError(loss)


# ---------------------------------------------------------------------------------------------
# Activations and the gradient conventions
# ---------------------------------------------------------------------------------------------
def act_of(q):
    return (lambda z: torch.softmax(z, 1)) if q["activation"] == "softmax" else torch.sigmoid


def inv_of(q):
    return torch.log if q["activation"] == "softmax" else mg.logit_of


def chain(g, p, q):
    """The contract's grad_logit from grad_prob at p: sigmoid g·p(1−p); softmax p·(g − Σp·g)."""
    if q["activation"] == "softmax":
        return p * (g - (p * g).sum(1, keepdim=True))
    return g * p * (1 - p)


def close(a, b, tol, floor=1e-6):
    """Per entry: |a − b| ≤ tol·(|b| + floor·max|b|) (+1e-300)."""
    if isinstance(a, float):
        return abs(a - b) <= tol * max(1.0, abs(b))
    m = float(b.abs().max())
    return bool(((a - b).abs() <= tol * (b.abs() + floor * m) + 1e-300).all())


def maxdiff(a, b):
    return float((a - b).abs().max())


# ---------------------------------------------------------------------------------------------
# Case machinery
# ---------------------------------------------------------------------------------------------
CASES = []
BY_NAME = {}
COUNTS = {}
SOURCES = {"library": 0, "independent": 0}


def onehot(lab, c):
    """labels [B, H, W] -> one-hot [B, C, H, W] (float64 numpy)."""
    lab = np.asarray(lab)
    return (np.arange(c)[None, :, None, None] == lab[:, None]).astype(np.float64)


def fd_check(name, f, x0, g, kind, sample=24):
    """Central differences of f at x0 against g on sampled entries (p: h = 1e-7, kept off the
    clamp ends and off 0; z: h = 1e-6)."""
    h = 1e-6 if kind == "logit" else 1e-7
    flat = x0.flatten()
    n = flat.numel()
    idx = np.random.default_rng(n + len(name)).choice(n, min(sample, n), replace=False).tolist()
    gmax = float(g.abs().max())
    worst = 0.0
    with torch.no_grad():
        for i in idx:
            if kind == "prob" and not (1e-5 < float(flat[i]) < 1 - 1e-5):
                continue
            xp, xm = flat.clone(), flat.clone()
            xp[i] += h
            xm[i] -= h
            d = (float(f(xp.reshape(x0.shape))) - float(f(xm.reshape(x0.shape)))) / (2 * h)
            worst = max(worst, abs(d - float(g.flatten()[i])))
            FD_ENTRIES[0] += 1
    assert worst <= 2e-6 * gmax + 1e-9, (name, "finite differences", worst, gmax)


def add(name, loss, y, params, *, prob=None, logit=None, form="BCHW", layout=None, labels=False, lib_p=None,
        lib_z=None, src="", loose=None, independent=None, expect=None, expect_flag=None, fd=True, note=""):
    """One case. y: [B, C, H, W] target (numpy); prob / logit: the same shape.

    lib_p(y4, lab, p4) -> the library's loss on probabilities (gives value and grad_prob);
    lib_z(y4, lab, z4) -> the library's loss on logits (gives value and grad_logit).
    Both are cross-checked against the independent implementation (relative 1e-9 per entry)
    and their numbers are written; whatever no library gives comes from the independent
    implementation. `loose = (fn(y4, lab, z4), rtol)`: a float32 library, cross-checked at
    `rtol`, the independent numbers written. `independent`: the reason no library is used."""
    assert name not in BY_NAME, name
    y = np.asarray(y, dtype=np.float64)
    bsz, c, h, w = y.shape
    q = resolve(loss, params, c)
    act, inv = act_of(q), inv_of(q)
    kind = "logit" if logit is not None else "prob"
    yt = t(y).reshape(bsz, c, h * w)
    x0 = t(logit if logit is not None else prob).reshape(bsz, c, h * w)
    if kind == "prob":
        p0 = x0
        assert bool(((p0 >= 0) & (p0 <= 1)).all()), name
        if q["activation"] == "softmax" and c >= 2:
            assert float((p0.sum(1) - 1).abs().max()) <= 1e-6, (name, "probabilities must sum to 1")
    else:
        p0 = act(x0)
    weights = []

    def f(p):
        return reference(loss, q, yt, p)

    FLAG[0] = False
    value, gp = grads(f, p0)
    flag = FLAG[0]
    if loss == "generalized_dice":
        with torch.no_grad():
            reference(loss, q, yt, p0, weights)
    if kind == "logit":
        v2, gz = grads(lambda z: f(act(z)), x0)
        z_lib = x0
    else:
        z_lib = inv(p0)
        v2, gz = grads(lambda z: f(act(z) + (p0 - act(z)).detach()), z_lib)
        rule = chain(gp, p0, q)
        if q["activation"] == "softmax" and c >= 2 and float((p0.sum(1) - 1).abs().max()) > 1e-12:
            # softmax(log p) = p/Σp ≠ p: the contract's chain rule at the given probabilities
            gz = rule
            note = (note + "; " if note else "") + "grad_logit = p*(g - sum p*g) at the given p (the contract's rule)"
        assert close(gz, rule, 1e-12), (name, "autograd through z = log p differs from the chain rule", maxdiff(gz, rule))
    assert abs(v2 - value) <= 1e-12 * max(1.0, abs(value)), (name, value, v2)
    for g in (gp, gz):
        assert bool(torch.isfinite(g).all()), (name, g)
    if q["activation"] == "softmax" and c >= 2 and float((p0.sum(1) - 1).abs().max()) <= 1e-12:
        assert float(gz.sum(1).abs().max()) <= 1e-12 * max(1.0, float(gz.abs().max())), (name, "softmax rows")
    if loss in REGION | {"generalized_dice"} and c >= 2:  # channels outside K: grad_prob 0
        for k in set(range(c)) - set(kept(c, q)):
            assert float(gp[:, k].abs().max()) == 0.0, name

    hard = c >= 2 and bool(((y == 0) | (y == 1)).all()) and bool((y.sum(1) == 1).all())
    assert hard or not labels, (name, "labels are one-hot")
    lab = y.argmax(1) if hard else None
    lab_t = None if lab is None else torch.as_tensor(lab, dtype=torch.long)
    y4 = yt.reshape(bsz, c, h, w)
    sources = []
    out_v, out_gp, out_gz = value, gp, gz
    if independent is None and (lib_p or lib_z):
        if lib_p:
            lv, lgp = grads(lambda p: lib_p(y4, lab_t, p.reshape(bsz, c, h, w)), p0)
            if not (close(lv, value, 1e-9) and close(lgp, gp, 1e-9)):
                raise AssertionError(f"{name}: library (prob) and contract disagree: value {lv} vs {value}; grad_prob "
                                     f"max diff {maxdiff(lgp, gp)} (max {float(gp.abs().max())})")
            out_v, out_gp = lv, lgp
        if lib_z:
            lv, lgz = grads(lambda z: lib_z(y4, lab_t, z.reshape(bsz, c, h, w)), z_lib)
            if not (close(lv, value, 1e-9) and close(lgz, gz, 1e-9)):
                raise AssertionError(f"{name}: library (logit) and contract disagree: value {lv} vs {value}; grad_logit "
                                     f"max diff {maxdiff(lgz, gz)} (max {float(gz.abs().max())})")
            if not lib_p:
                out_v = lv
            out_gz = lgz
        which = []
        if lib_p:
            which.append("value and grad_prob from the call on probabilities")
        if lib_z:
            which.append("grad_logit from the call on logits" + (" z = log p" if kind == "prob" and q["activation"] ==
                                                                 "softmax" else " z = logit(p)" if kind == "prob" else ""))
        if not lib_p:
            which.append("grad_prob from the independent implementation (the library takes logits only; its grad_logit "
                         "equals the contract's chain rule of it)")
        sources.append(f"{src}; {'; '.join(which)}; cross-checked against the independent implementation of "
                       f"multiclass.md (relative 1e-9 per entry); {GRADS}")
        SOURCES["library"] += 1
    else:
        reason = independent or "no library call"
        said = ""
        if src:
            with torch.no_grad():
                if lib_p:
                    lv = float(lib_p(y4, lab_t, p0.reshape(bsz, c, h, w)))
                else:
                    lv = float(lib_z(y4, lab_t, z_lib.reshape(bsz, c, h, w)))
            said = f"; library {src}: {'NaN' if lv != lv else repr(lv)}"
        sources.append(f"independent torch float64 implementation of multiclass.md ({reason}){said}; {GRADS}")
        SOURCES["independent"] += 1
    if loose is not None:
        fn32, rtol = loose
        lv, lgz = grads(lambda z: fn32(y4, lab_t, z.reshape(bsz, c, h, w)).to(D), z_lib)
        assert abs(lv - value) <= rtol * max(1.0, abs(value)), (name, "float32 library", lv, value)
        assert maxdiff(lgz, gz) <= rtol * float(gz.abs().max()) + 1e-12, (name, "float32 library grad", maxdiff(lgz, gz))
        sources[-1] = sources[-1].replace(f"; {GRADS}", "") + (
            f"; cross-checked against the float32 library call {loose_src(loose)} (value and grad_logit within "
            f"{rtol:g} relative: it agrees to {abs(lv - value) / max(1.0, abs(value)):.1e}); {GRADS}")
    if expect is not None:
        assert abs(value - expect[0]) <= expect[1], (name, value, expect)
    if expect_flag is not None:
        assert flag == expect_flag, (name, flag)
    if fd:
        if kind == "logit":
            fd_check(name, lambda z: f(act(z)), x0, gz, "logit")
        else:
            fd_check(name, f, p0, gp, "prob")
    case = {"name": name, "source": sources[0] + (f"; {note}" if note else "")}
    if form == "BCHW":
        case["shape"] = [bsz, c, h, w]
        if layout:
            case["layout"] = layout
    elif form == "CHW":
        assert bsz == 1
        case["shape"] = [c, h, w]
        if layout or loss not in CHW_DEFAULT:
            case["layout"] = layout or "CHW"
    elif form == "BHW":
        assert c == 1
        case["shape"] = [bsz, h, w]
        if layout or loss in CHW_DEFAULT:
            case["layout"] = layout or "BHW"
    else:
        assert form == "HW" and bsz == 1 and c == 1
        case["shape"] = [h, w]
        if layout:
            case["layout"] = layout
    if labels:
        case["labels"] = [int(v) for v in lab.flatten()]
    else:
        case["target"] = fl(y)
    case[kind] = fl(x0)
    case.update({"loss": loss, "params": params, "value": out_v, "grad_prob": fl(out_gp), "grad_logit": fl(out_gz),
                 "zero_over_zero": flag})
    if loss == "generalized_dice" and c >= 2:
        case["class_weights"] = weights
    CASES.append(case)
    BY_NAME[name] = case
    COUNTS[loss] = COUNTS.get(loss, 0) + 1
    return case


LOOSE_SRC = {}


def loose_src(loose):
    return LOOSE_SRC[id(loose[0])]


# ---------------------------------------------------------------------------------------------
# Library calls (each a factory returning (lib_p, lib_z, source)); our params -> the library's.
# ---------------------------------------------------------------------------------------------
def monai_target(y4, lab, onehot_y):
    return lab.unsqueeze(1) if onehot_y else y4


def monai_dice(q, *, labels, jaccard=False, reduction="mean", tversky=False, b=1):
    """MONAI DiceLoss / TverskyLoss with our params; lib_p on probabilities (no activation),
    lib_z with softmax=True / sigmoid=True. reduction "sum" is divided by B when batch=False."""
    sig = q["activation"] == "sigmoid"
    pooled = q["batch"] == "pooled"
    if tversky:
        s = q.get("smooth", 1.0)
        kw = dict(alpha=q.get("beta", 0.3), beta=q.get("alpha", 0.7), smooth_nr=s, smooth_dr=s)
        cls, cname = TverskyLoss, "TverskyLoss"
    else:
        s = (2 * q["eps"]) if jaccard else q.get("smooth", 1.0)
        kw = dict(smooth_nr=s, smooth_dr=s, squared_pred=q.get("squared", False), jaccard=jaccard)
        cls, cname = DiceLoss, "DiceLoss"
    kw.update(include_background=q["include_background"], batch=pooled, reduction=reduction, to_onehot_y=labels)
    fp = cls(**kw)
    fz = cls(**kw, **({"sigmoid": True} if sig else {"softmax": True}))
    div = b if (reduction == "sum" and not pooled) else 1

    def lib_p(y4, lab, p4):
        return fp(p4, monai_target(y4, lab, labels)) / div

    def lib_z(y4, lab, z4):
        return fz(z4, monai_target(y4, lab, labels)) / div

    args = ", ".join(f"{k}={v!r}" for k, v in kw.items())
    act = "sigmoid=True" if sig else "softmax=True"
    src = (f"monai {monai.__version__} monai.losses.{cname}({args}) on probabilities, and with {act} on logits"
           f"{' (divided by B: MONAI sums over images too)' if div != 1 else ''}; "
           f"{'labels [B, 1, H, W]' if labels else 'target [B, C, H, W]'}, float64")
    return lib_p, lib_z, src


def monai_gdl(q, *, labels):
    sig = q["activation"] == "sigmoid"
    pooled = q["batch"] == "pooled"
    s = q["smooth"]
    kw = dict(w_type=q["weight_type"], smooth_nr=s, smooth_dr=s, batch=pooled, include_background=q["include_background"],
              to_onehot_y=labels)
    fp = GeneralizedDiceLoss(**kw)
    fz = GeneralizedDiceLoss(**kw, **({"sigmoid": True} if sig else {"softmax": True}))
    wt, absent = q["weight_type"], q["absent"]

    def w_func(grnd):  # losses.md's ε_w weights; inf for an absent class (MONAI's own inf -> max rule)
        g = grnd.to(D)
        w = 1 / (g * g + GDL_EPS) if wt == "square" else 1 / (g + GDL_EPS) if wt == "simple" else torch.ones_like(g)
        if absent == "max":
            w = torch.where(g > 0, w, torch.full_like(w, float("inf")))
        elif absent == "zero":
            w = torch.where(g > 0, w, torch.zeros_like(w))
        return w

    fp.w_func = w_func
    fz.w_func = w_func

    def lib_p(y4, lab, p4):
        return fp(p4, monai_target(y4, lab, labels))

    def lib_z(y4, lab, z4):
        return fz(z4, monai_target(y4, lab, labels))

    args = ", ".join(f"{k}={v!r}" for k, v in kw.items())
    wf = {"square": "1/(g*g+1e-6)", "simple": "1/(g+1e-6)", "uniform": "1"}[wt]
    src = (f"monai {monai.__version__} monai.losses.GeneralizedDiceLoss({args}) on probabilities, and with "
           f"{'sigmoid' if sig else 'softmax'}=True on logits; instance w_func replaced by losses.md's w = {wf}"
           f"{' (inf for absent classes, so MONAI inf -> max-of-present-in-the-unit rule applies)' if absent == 'max' else ''}"
           f"{' (0 for absent classes)' if absent == 'zero' else ''} (MONAI's own weights are 1/g^2 in float32), float64")
    return lib_p, lib_z, src


def smp_region(kind, q, c, *, t_smooth, gamma=1.0):
    """smp DiceLoss / JaccardLoss / TverskyLoss("multiclass") on labels [B, H, W]: always pooled,
    classes with no target pixel in the batch zeroed."""
    classes = None if q["include_background"] else list(range(1, c))
    kw = dict(classes=classes, smooth=t_smooth)
    if kind == "tversky":
        kw.update(alpha=q["beta"], beta=q["alpha"], gamma=gamma)
        cls, cname = smp.losses.TverskyLoss, "TverskyLoss"
    elif kind == "jaccard":
        cls, cname = smp.losses.JaccardLoss, "JaccardLoss"
    else:
        cls, cname = smp.losses.DiceLoss, "DiceLoss"
    fp = cls("multiclass", from_logits=False, **kw)
    fz = cls("multiclass", from_logits=True, **kw)

    def lib_p(y4, lab, p4):
        return fp(p4, lab)

    def lib_z(y4, lab, z4):
        return fz(z4, lab)

    args = ", ".join(f"{k}={v!r}" for k, v in kw.items())
    src = (f"segmentation_models_pytorch {smp.__version__} smp.losses.{cname}('multiclass', {args}) with from_logits=False "
           f"on probabilities and from_logits=True on logits, labels [B, H, W], float64")
    return lib_p, lib_z, src


def torch_ce(w, c):
    wt = None if w is None else t(w)

    def lib_p(y4, lab, p4):  # CrossEntropyLoss = log_softmax + nll_loss: on probabilities, nll_loss(log p̂)
        return F.nll_loss(torch.log(clamp_tf(p4)), lab, weight=wt)

    def lib_z(y4, lab, z4):
        return torch.nn.CrossEntropyLoss(weight=wt, reduction="mean")(z4, lab)

    ws = "None" if w is None else f"torch.tensor({list(w)})"
    src = (f"torch {torch.__version__} torch.nn.CrossEntropyLoss(weight={ws}, reduction='mean') on logits with index "
           f"targets [B, H, W], and F.nll_loss(log(clamp(p, 1e-7, 1-1e-7)), labels, weight={ws}) on probabilities "
           "(CrossEntropyLoss without its log_softmax), float64")
    return lib_p, lib_z, src


def monai_focal32(q):
    f = FocalLoss(use_softmax=True, gamma=q["gamma"], alpha=q["alpha"], to_onehot_y=False, include_background=True)

    def fn(y4, lab, z4):
        return f(z4, y4)

    LOOSE_SRC[id(fn)] = f"monai.losses.FocalLoss(use_softmax=True, gamma={q['gamma']!r}, alpha={q['alpha']!r}) on logits"
    return fn


def monai_dice_ce(q, *, labels):
    pooled = q["batch"] == "pooled"
    kw = dict(include_background=q["include_background"], batch=pooled, smooth_nr=q["smooth_nr"], smooth_dr=q["smooth_dr"],
              lambda_dice=q["w_dice"], lambda_ce=q["w_ce"], to_onehot_y=labels)
    f = DiceCELoss(softmax=True, **kw)

    def lib_z(y4, lab, z4):
        return f(z4, monai_target(y4, lab, labels))

    args = ", ".join(f"{k}={v!r}" for k, v in kw.items())
    src = (f"monai {monai.__version__} monai.losses.DiceCELoss(softmax=True, {args}) on logits, "
           f"{'labels [B, 1, H, W]' if labels else 'one-hot target [B, C, H, W]'}, float64")
    return None, lib_z, src


def monai_dice_focal32(q):
    pooled = q["batch"] == "pooled"
    d = DiceLoss(softmax=True, batch=pooled, smooth_nr=q["smooth_nr"], smooth_dr=q["smooth_dr"])
    f = FocalLoss(use_softmax=True, gamma=q["gamma"], alpha=q["alpha"])

    def fn(y4, lab, z4):
        return q["w_dice"] * d(z4, y4) + q["w_focal"] * f(z4, y4).to(D)

    LOOSE_SRC[id(fn)] = (f"{q['w_dice']} * monai.losses.DiceLoss(softmax=True, batch={pooled}, smooth_nr={q['smooth_nr']}, "
                         f"smooth_dr={q['smooth_dr']}) + {q['w_focal']} * monai.losses.FocalLoss(use_softmax=True, "
                         f"gamma={q['gamma']!r}, alpha={q['alpha']!r}) on logits (not DiceFocalLoss: its focal part is "
                         "sigmoid in MONAI 1.6)")
    return fn


def monai_dice_part(q, *, labels):
    """The Dice part of dice_focal in float64 (MONAI DiceLoss), for lib_z = Dice + our focal."""
    pooled = q["batch"] == "pooled"
    return DiceLoss(softmax=True, batch=pooled, smooth_nr=q["smooth_nr"], smooth_dr=q["smooth_dr"], to_onehot_y=labels)


# ---------------------------------------------------------------------------------------------
# Inputs (fixed seeds)
# ---------------------------------------------------------------------------------------------
rng = np.random.default_rng(20250618)


def scene(b, c, h, w, absent=(), big=None):
    """Labels [B, H, W]: background and, per image, a rectangle per foreground class (1×1 to 3×3,
    `big` makes class 1 larger); `absent` = {(image, class)} left out. Returns the labels."""
    lab = np.zeros((b, h, w), dtype=np.int64)
    for i in range(b):
        for k in range(1, c):
            if (i, k) in absent or ("all", k) in absent:
                continue
            size = big if (big and k == 1) else 3
            rh, rw = rng.integers(1, min(size, h) + 1), rng.integers(1, min(size, w) + 1)
            r0, c0 = rng.integers(0, h - rh + 1), rng.integers(0, w - rw + 1)
            lab[i, r0:r0 + rh, c0:c0 + rw] = k
    return lab


def logits_for(lab, c, sharp=2.0, noise=1.0):
    y = onehot(lab, c)
    return rng.normal(0.0, noise, y.shape) + sharp * y


def softmax_np(z):
    return torch.softmax(t(z), 1).numpy()


def sigmoid_np(z):
    return torch.sigmoid(t(z)).numpy()


def present(lab, c):
    return [[bool((lab[i] == k).any()) for k in range(c)] for i in range(lab.shape[0])]


# ---------------------------------------------------------------------------------------------
# 1. The contract's table "Same name, different numbers" (B = 2, C = 3, 4×4)
# ---------------------------------------------------------------------------------------------
T_LAB = np.zeros((2, 4, 4), dtype=np.int64)
T_LAB[0, 0:2, 0:2] = 1
T_LAB[0, 3, 3] = 2
T_LAB[1, 1:3, 1:3] = 1
T_ROWS = np.array([[0.8, 0.1, 0.1], [0.2, 0.7, 0.1], [0.5, 0.2, 0.3]])
T_P = T_ROWS[T_LAB].transpose(0, 3, 1, 2).copy()
T_Y = onehot(T_LAB, 3)
T_Z = np.log(T_P)
TABLE_NOTE = "multiclass.md's table 'Same name, different numbers'"


def printed(v):
    return (v, 5.01e-7)  # the contract prints 6 decimals


def table():
    qd = resolve("dice", {}, 3)
    # MONAI DiceLoss(batch=False): per_image, keep, s = 1e-5
    q = dict(qd, smooth=1e-5)
    add("table_monai_dice_batch_false", "dice", T_Y, {"smooth": 1e-5}, prob=T_P, labels=True,
        **lib(monai_dice(q, labels=True)), expect=printed(0.450513), note=TABLE_NOTE)
    q = dict(qd, smooth=1e-5, batch="pooled")
    add("table_monai_dice_batch_true", "dice", T_Y, {"smooth": 1e-5, "batch": "pooled"}, prob=T_P, labels=True,
        **lib(monai_dice(q, labels=True)), expect=printed(0.440668), note=TABLE_NOTE)
    q = dict(qd, smooth=0.0, batch="pooled", absent="zero")
    add("table_smp_dice", "dice", T_Y, {"smooth": 0.0, "batch": "pooled", "absent": "zero"}, prob=T_P, labels=True,
        **lib(smp_region("dice", q, 3, t_smooth=0.0)), expect=printed(0.440669), note=TABLE_NOTE)

    def smp_per_image(y4, lab, p4):  # smp called per image, averaged
        f = smp.losses.DiceLoss("multiclass", from_logits=False)
        return sum(f(p4[i:i + 1], lab[i:i + 1]) for i in range(p4.shape[0])) / p4.shape[0]

    add("table_smp_dice_per_image", "dice", T_Y, {"smooth": 0.0, "absent": "zero"}, prob=T_P, labels=True,
        lib_p=smp_per_image, src=f"segmentation_models_pytorch {smp.__version__} smp.losses.DiceLoss('multiclass', "
        "from_logits=False) called on each image, averaged over images, float64", expect=printed(0.283848),
        note=TABLE_NOTE)
    q = dict(qd, smooth=1e-5, include_background=False)
    add("table_monai_dice_batch_false_no_background", "dice", T_Y, {"smooth": 1e-5, "include_background": False},
        prob=T_P, labels=True, **lib(monai_dice(q, labels=True)), expect=printed(0.598587), note=TABLE_NOTE)
    q = dict(qd, smooth=1e-5, include_background=False, batch="pooled")
    add("table_monai_dice_batch_true_no_background", "dice", T_Y,
        {"smooth": 1e-5, "include_background": False, "batch": "pooled"}, prob=T_P, labels=True,
        **lib(monai_dice(q, labels=True)), expect=printed(0.583991), note=TABLE_NOTE)

    # "More, same batch (logits log p, weights w = (0.2, 1, 5))"
    w = [0.2, 1.0, 5.0]
    add("table_ce_weighted_labels", "ce", T_Y, {"class_weights": w}, logit=T_Z, labels=True,
        **lib(torch_ce(w, 3)), expect=printed(0.562484), note=TABLE_NOTE)
    c1 = add("table_ce_weighted_onehot_target", "ce", T_Y, {"class_weights": w}, logit=T_Z, labels=False,
             **lib(torch_ce(w, 3)), expect=printed(0.562484),
             note="one-hot target: the contract's number is the index-target call's (the weight sum divides), torch's "
                  "one-hot float call gives 0.309366 (B*H*W divides)")
    torch_onehot = float(torch.nn.CrossEntropyLoss(weight=t(w))(t(T_Z), t(T_Y)))
    assert abs(torch_onehot - 0.309366) <= 5.01e-7, torch_onehot
    mce = lambda yt_, z_: float(DiceCELoss(softmax=True, to_onehot_y=yt_.shape[1] == 1, weight=t(w))(t(z_), yt_))  # noqa: E731
    assert abs(mce(torch.as_tensor(T_LAB).unsqueeze(1), T_Z) - 2.162303) <= 5.01e-7
    assert abs(mce(t(T_Y), T_Z) - 1.909185) <= 5.01e-7
    q = resolve("focal", {"gamma": 0.0}, 3)
    f0 = add("table_focal_gamma0", "focal", T_Y, {"gamma": 0.0}, logit=T_Z, labels=True,
             loose=(monai_focal32(q), 1e-6), independent="MONAI's FocalLoss computes in float32",
             expect=printed(0.095726), note=TABLE_NOTE)
    ce0 = add("table_ce_unweighted", "ce", T_Y, {}, logit=T_Z, labels=True, **lib(torch_ce(None, 3)),
              expect=printed(0.287177), note=TABLE_NOTE + ": focal with gamma 0 is this / C")
    assert abs(f0["value"] - ce0["value"] / 3) <= 1e-12
    q = resolve("dice_focal", {}, 3)
    add("table_dice_focal", "dice_focal", T_Y, {}, logit=T_Z, labels=True, loose=(monai_dice_focal32(q), 1e-6),
        independent="the focal part is MONAI's float32 FocalLoss", expect=printed(0.461472),
        note=TABLE_NOTE + "; MONAI DiceFocalLoss(softmax=True) gives 0.546489 (sigmoid focal part): not this loss")
    dfl = float(DiceFocalLoss(softmax=True, to_onehot_y=True)(t(T_Z), torch.as_tensor(T_LAB).unsqueeze(1)))
    assert abs(dfl - 0.546489) <= 5.01e-7, dfl
    q = resolve("dice", {"smooth": 2.0, "batch": "pooled", "absent": "zero"}, 3)
    add("table_smp_dice_smooth1", "dice", T_Y, {"smooth": 2.0, "batch": "pooled", "absent": "zero"}, logit=T_Z,
        labels=True, **lib(smp_region("dice", q, 3, t_smooth=1.0)), expect=printed(0.337240),
        note=TABLE_NOTE + ": smp smooth = 1 is our smooth = 2")
    q = resolve("dice", {"smooth": 2.0, "batch": "pooled"}, 3)
    add("table_monai_dice_batch_true_smooth2", "dice", T_Y, {"smooth": 2.0, "batch": "pooled"}, logit=T_Z, labels=True,
        **lib(monai_dice(q, labels=True)), expect=printed(0.337240), note=TABLE_NOTE)
    q = resolve("dice", {"smooth": 1.0, "batch": "pooled"}, 3)
    add("table_monai_dice_batch_true_smooth1", "dice", T_Y, {"batch": "pooled"}, logit=T_Z, labels=True,
        **lib(monai_dice(q, labels=True)), expect=printed(0.380272), note=TABLE_NOTE)
    return c1


def lib(triple):
    lib_p, lib_z, src = triple
    return {"lib_p": lib_p, "lib_z": lib_z, "src": src}


def inputs(lab, c, kind, act="softmax", sharp=2.0, noise=1.0):
    """(prob or logit keyword, the array) for labels `lab` or a [B, C, H, W] target."""
    z = logits_for(lab, c, sharp, noise) if lab.ndim == 3 else rng.normal(0, noise, lab.shape) + sharp * (2 * lab - 1)
    if kind == "logit":
        return {"logit": z}
    return {"prob": softmax_np(z) if act == "softmax" else sigmoid_np(z)}


SIZES = [(4, 4), (3, 5), (5, 4), (6, 6), (4, 7), (8, 8), (2, 3), (5, 5)]


def shape_for(i):
    return [1, 2, 3][i % 3], [2, 3, 4][(i // 3) % 3], SIZES[i % len(SIZES)]


def params_of(**kw):
    """Our params with the defaults left out (None = not written)."""
    dflt = {"batch": "per_image", "include_background": True, "activation": None, "absent": "keep",
            "class_reduction": "mean"}
    return {k: v for k, v in kw.items() if v is not None and dflt.get(k, object()) != v}


# ---------------------------------------------------------------------------------------------
# 2. Library mappings
# ---------------------------------------------------------------------------------------------
def monai_dice_cases():
    i = 0
    for pooled in (False, True):
        for ib in (True, False):
            for sig in (False, True):
                for kind in ("prob", "logit"):
                    b, c, (h, w) = shape_for(i)
                    s = [1e-5, 1.0, 0.5, 1e-5][i % 4]
                    if sig:
                        y = (rng.uniform(size=(b, c, h, w)) < 0.35).astype(np.float64)
                        y[0, -1] = 0.0  # a class absent from the first image
                        x = inputs(y, c, kind, "sigmoid", sharp=1.5)
                        labels = False
                    else:
                        lab = scene(b, c, h, w, absent={(0, c - 1)})
                        y = onehot(lab, c)
                        x = inputs(lab, c, kind)
                        labels = i % 2 == 0
                    prm = params_of(batch="pooled" if pooled else None, include_background=ib,
                                    activation="sigmoid" if sig else None, smooth=None if s == 1.0 else s)
                    q = resolve("dice", prm, c)
                    form = "CHW" if b == 1 and i % 2 == 1 else "BCHW"
                    add(f"monai_dice_{'pooled' if pooled else 'per_image'}_{'bg' if ib else 'nobg'}_"
                        f"{'sigmoid' if sig else 'softmax'}_{kind}_b{b}c{c}", "dice", y, prm, form=form, labels=labels,
                        **lib(monai_dice(q, labels=labels, b=b)), **x,
                        note="multi-label target" if sig else "class C-1 absent from image 0")
                    i += 1
    # squared_pred
    for j, pooled in enumerate((False, True)):
        lab = scene(2, 3, 5, 5)
        prm = params_of(squared=True, batch="pooled" if pooled else None, smooth=1e-5)
        # MONAI's to_onehot_y makes a float32 one-hot, and squared_pred takes its vector norm (sqrt(19) in float32):
        # 2e-8 off. The library is given the float64 one-hot target; the case may still state labels.
        add(f"monai_dice_squared_{'pooled' if pooled else 'per_image'}", "dice", onehot(lab, 3), prm, labels=j == 0,
            **lib(monai_dice(resolve("dice", prm, 3), labels=False)), **inputs(lab, 3, ["prob", "logit"][j]))
    # reduction="sum" = class_reduction sum (÷ B with batch=False)
    for j, pooled in enumerate((False, True)):
        lab = scene(3, 4, 4, 5, absent={(1, 2)})
        for ib in (True, False):
            prm = params_of(class_reduction="sum", batch="pooled" if pooled else None, smooth=1e-5, include_background=ib)
            add(f"monai_dice_reduction_sum_{'pooled' if pooled else 'per_image'}_{'bg' if ib else 'nobg'}", "dice",
                onehot(lab, 4), prm, labels=True, **lib(monai_dice(resolve("dice", prm, 4), labels=True, reduction="sum",
                                                                     b=3)), **inputs(lab, 4, "logit"))
    # jaccard=True = iou with eps = s/2
    for j, (pooled, ib, eps) in enumerate([(False, True, 0.5), (True, False, 1e-6), (False, False, 0.05),
                                           (True, True, 0.5)]):
        b, c, (h, w) = shape_for(j + 4)
        lab = scene(b, c, h, w, absent={(0, 1)})
        prm = params_of(eps=None if eps == 1e-6 else eps, batch="pooled" if pooled else None, include_background=ib)
        add(f"monai_jaccard_{'pooled' if pooled else 'per_image'}_{'bg' if ib else 'nobg'}_eps{eps:g}", "iou",
            onehot(lab, c), prm, labels=j % 2 == 0, **lib(monai_dice(resolve("iou", prm, c), labels=j % 2 == 0,
                                                                     jaccard=True)),
            **inputs(lab, c, ["prob", "logit"][j % 2]), note=f"MONAI jaccard smoothing s = 2*eps = {2 * eps:g}")


def monai_tversky_cases():
    rows = [((0.7, 0.3), False, True, 1.0, "prob"), ((0.3, 0.7), True, True, 1e-5, "logit"),
            ((0.5, 0.5), False, False, 1.0, "logit"), ((1.0, 1.0), True, False, 0.5, "prob"),
            ((0.8, 0.2), False, False, 2.0, "logit"), ((0.6, 0.4), True, True, 1.0, "prob")]
    for j, ((a, bb), pooled, ib, s, kind) in enumerate(rows):
        b, c, (h, w) = shape_for(j + 2)
        sig = j == 5
        if sig:
            y = (rng.uniform(size=(b, c, h, w)) < 0.4).astype(np.float64)
            x = inputs(y, c, kind, "sigmoid")
            labels = False
        else:
            lab = scene(b, c, h, w, absent={(b - 1, 1)})
            y, x, labels = onehot(lab, c), inputs(lab, c, kind), j % 2 == 0
        prm = params_of(alpha=None if a == 0.7 else a, beta=None if bb == 0.3 else bb, smooth=None if s == 1.0 else s,
                        batch="pooled" if pooled else None, include_background=ib, activation="sigmoid" if sig else None)
        add(f"monai_tversky_a{a:g}_b{bb:g}_{'pooled' if pooled else 'per_image'}_{'bg' if ib else 'nobg'}"
            f"{'_sigmoid' if sig else ''}", "tversky", y, prm, labels=labels,
            **lib(monai_dice(resolve("tversky", prm, c), labels=labels, tversky=True)), **x,
            note="MONAI's alpha weighs FP: alpha/beta swapped")


def monai_gdl_cases():
    j = 0
    for wt in ("square", "simple", "uniform"):
        for pooled in (False, True):
            for ib in (True, False):
                b, c, (h, w) = [2, 3, 1][j % 3], [3, 4, 2, 3][j % 4], SIZES[(j + 3) % len(SIZES)]
                if c == 2 and not ib:
                    c = 3
                lab = scene(b, c, h, w, absent={(0, c - 1)} if b > 1 else set())
                prm = params_of(weight_type=None if wt == "square" else wt, batch="pooled" if pooled else None,
                                include_background=ib, absent="max", smooth=1e-5)
                kind = ["prob", "logit"][j % 2]
                add(f"monai_gdl_{wt}_{'pooled' if pooled else 'per_image'}_{'bg' if ib else 'nobg'}_b{b}c{c}",
                    "generalized_dice", onehot(lab, c), prm, labels=j % 3 == 0, form="CHW" if b == 1 else "BCHW",
                    **lib(monai_gdl(resolve("generalized_dice", prm, c), labels=j % 3 == 0)), **inputs(lab, c, kind),
                    note="absent class in image 0 (per-unit max weight)" if b > 1 else "")
                j += 1


def smp_cases():
    j = 0
    for ib in (True, False):
        for ts in (0.0, 1.0):
            for absent_whole in (False, True):
                b, c, (h, w) = [2, 3][j % 2], [3, 4][(j // 2) % 2], SIZES[j % len(SIZES)]
                ab = {("all", c - 1)} if absent_whole else {(0, 1)}
                lab = scene(b, c, h, w, absent=ab)
                prm = params_of(batch="pooled", absent="zero", smooth=2 * ts, include_background=ib)
                add(f"smp_dice_{'all' if ib else 'classes_1_to_c'}_smooth{ts:g}_{'absent_in_batch' if absent_whole else 'absent_in_one'}",
                    "dice", onehot(lab, c), prm, labels=True,
                    **lib(smp_region("dice", resolve("dice", prm, c), c, t_smooth=ts)), **inputs(lab, c, ["prob", "logit"][j % 2]),
                    note=f"smp smooth {ts:g} = our smooth {2 * ts:g}")
                j += 1
    for j, (ib, ts) in enumerate([(True, 0.0), (False, 1.0), (True, 0.5), (False, 0.0)]):
        b, c, (h, w) = [2, 3, 1, 2][j], [3, 4, 3, 2 if ib else 3][j], SIZES[(j + 2) % len(SIZES)]
        lab = scene(b, c, h, w, absent={("all", c - 1)} if j % 2 == 0 else set())
        prm = params_of(batch="pooled", absent="zero", eps=ts, include_background=ib)
        add(f"smp_jaccard_{'all' if ib else 'classes_1_to_c'}_smooth{ts:g}_b{b}", "iou", onehot(lab, c), prm, labels=True,
            **lib(smp_region("jaccard", resolve("iou", prm, c), c, t_smooth=ts)), **inputs(lab, c, ["logit", "prob"][j % 2]))
    rows = [(0.7, 0.3, 1.0, 0.0, True), (0.3, 0.7, 1.0, 1.0, False), (0.5, 0.5, 0.75, 0.0, True),
            (0.7, 0.3, 2.0, 1.0, False), (0.6, 0.4, 0.5, 0.5, True), (0.7, 0.3, 0.75, 1.0, True)]
    for j, (a, bb, g, ts, ib) in enumerate(rows):
        b, c, (h, w) = [2, 3][j % 2], [3, 4, 2][j % 3], SIZES[(j + 5) % len(SIZES)]
        if c == 2 and not ib:
            c = 3
        lab = scene(b, c, h, w, absent={("all", 1)} if j in (1, 4) else set())
        loss = "tversky" if g == 1.0 else "focal_tversky"
        prm = params_of(alpha=a, beta=bb, smooth=ts, batch="pooled", absent="zero", include_background=ib,
                        gamma=None if loss == "tversky" else g)
        add(f"smp_tversky_a{a:g}_b{bb:g}_gamma{g:g}_smooth{ts:g}_{'all' if ib else 'classes_1_to_c'}", loss, onehot(lab, c),
            prm, labels=True, **lib(smp_region("tversky", resolve(loss, prm, c), c, t_smooth=ts, gamma=g)),
            **inputs(lab, c, ["prob", "logit"][j % 2]),
            note="smp's alpha weighs FP: swapped; smp raises the class mean to gamma (our per-unit power)")


def ce_cases():
    rows = [(None, "logit", True), ([1.0, 2.0, 0.5], "logit", True), ([0.2, 1.0, 5.0], "prob", True),
            ([1.0, 1.0, 1.0, 1.0], "prob", False), ([0.0, 1.0, 3.0, 0.5], "logit", False), ([2.0, 0.5], "logit", True),
            ([0.1, 0.1], "prob", False), (None, "prob", True), ([1.0, 0.0, 4.0], "logit", False),
            ([0.5, 1.5, 2.5, 3.5], "prob", True)]
    for j, (w, kind, labels) in enumerate(rows):
        c = 3 if w is None else len(w)
        b, (h, wd) = [1, 2, 3][j % 3], SIZES[(j + 1) % len(SIZES)]
        lab = scene(b, c, h, wd, absent={(0, 1)} if j % 4 == 3 else set())
        prm = params_of(class_weights=w)
        add(f"torch_ce_{'w' + '_'.join(f'{v:g}' for v in w) if w else 'unweighted'}_{kind}_{'labels' if labels else 'onehot'}_b{b}c{c}",
            "ce", onehot(lab, c), prm, labels=labels, form="CHW" if b == 1 else "BCHW", **lib(torch_ce(w, c)),
            **inputs(lab, c, kind, sharp=2.5))


def focal_cases():
    rows = [(2.0, None, "logit"), (0.0, None, "prob"), (1.0, 0.25, "logit"), (3.5, 0.75, "prob"), (0.5, None, "logit"),
            (2.0, 0.25, "prob"), (2.0, 0.5, "logit"), (1.5, None, "logit")]
    for j, (g, a, kind) in enumerate(rows):
        b, c, (h, w) = shape_for(j + 1)
        lab = scene(b, c, h, w)
        prm = params_of(gamma=None if g == 2.0 else g, alpha=a)
        q = resolve("focal", prm, c)
        add(f"monai_focal_gamma{g:g}_alpha{a if a is None else f'{a:g}'}_{kind}_b{b}c{c}", "focal", onehot(lab, c), prm,
            labels=j % 2 == 0, form="CHW" if b == 1 else "BCHW", layout="CHW" if b == 1 else None,
            loose=(monai_focal32(q), 1e-5), independent="MONAI's FocalLoss computes in float32", **inputs(lab, c, kind))
    # soft target (rows sum to 1), MONAI multiplies by the target as written
    y = softmax_np(3.0 * onehot(scene(2, 3, 4, 4), 3) + rng.normal(0, 0.5, (2, 3, 4, 4)))
    q = resolve("focal", {"gamma": 1.5}, 3)
    add("monai_focal_soft_target_gamma1.5", "focal", y, {"gamma": 1.5}, loose=(monai_focal32(q), 1e-5),
        independent="MONAI's FocalLoss computes in float32", logit=rng.normal(0, 1.5, (2, 3, 4, 4)))


def dice_ce_cases():
    rows = [(True, False, 1.0, 1.0, 1e-5, 1e-5, "logit", True), (False, False, 1.0, 1.0, 1e-5, 1e-5, "prob", True),
            (True, True, 0.5, 2.0, 1e-5, 1e-5, "logit", True), (False, True, 1.0, 1.0, 1.0, 1.0, "prob", False),
            (True, False, 2.0, 0.3, 0.5, 1.0, "logit", False), (False, True, 1.0, 0.0, 1e-5, 1e-5, "logit", True),
            (True, True, 0.0, 1.0, 1e-5, 1e-5, "prob", True), (True, False, 1.0, 1.0, 0.0, 1e-3, "logit", True)]
    for j, (ib, pooled, wd, wc, snr, sdr, kind, labels) in enumerate(rows):
        b, c, (h, w) = shape_for(j)
        lab = scene(b, c, h, w, absent={(0, 1)} if b > 1 else set())
        prm = params_of(include_background=ib, batch="pooled" if pooled else None, w_dice=None if wd == 1.0 else wd,
                        w_ce=None if wc == 1.0 else wc, smooth_nr=None if snr == 1e-5 else snr,
                        smooth_dr=None if sdr == 1e-5 else sdr)
        add(f"monai_dice_ce_{'bg' if ib else 'nobg'}_{'pooled' if pooled else 'per_image'}_wd{wd:g}_wce{wc:g}_{kind}_b{b}c{c}",
            "dice_ce", onehot(lab, c), prm, labels=labels, form="CHW" if b == 1 else "BCHW",
            **lib(monai_dice_ce(resolve("dice_ce", prm, c), labels=labels)), **inputs(lab, c, kind))


def dice_focal_cases():
    rows = [(False, 1.0, 1.0, 2.0, None, "logit"), (True, 1.0, 1.0, 2.0, 0.25, "prob"), (False, 0.5, 2.0, 0.0, None, "logit"),
            (True, 1.0, 0.5, 1.0, 0.75, "logit"), (False, 2.0, 1.0, 3.0, None, "prob"), (True, 1.0, 1.0, 0.5, 0.5, "logit")]
    for j, (pooled, wd, wf, g, a, kind) in enumerate(rows):
        b, c, (h, w) = shape_for(j + 2)
        lab = scene(b, c, h, w)
        prm = params_of(batch="pooled" if pooled else None, w_dice=None if wd == 1.0 else wd,
                        w_focal=None if wf == 1.0 else wf, gamma=None if g == 2.0 else g, alpha=a)
        q = resolve("dice_focal", prm, c)
        add(f"dice_focal_{'pooled' if pooled else 'per_image'}_wd{wd:g}_wf{wf:g}_gamma{g:g}_alpha{a}_{kind}_b{b}c{c}",
            "dice_focal", onehot(lab, c), prm, labels=j % 2 == 0, form="CHW" if b == 1 else "BCHW",
            loose=(monai_dice_focal32(q), 1e-5), independent="the focal part is MONAI's float32 FocalLoss",
            **inputs(lab, c, kind))


# ---------------------------------------------------------------------------------------------
# 3. Edge cases of the contract
# ---------------------------------------------------------------------------------------------
def all_background_cases():
    """One 4×4 image, all background, p = (0.8, 0.1, 0.1) everywhere."""
    lab = np.zeros((1, 4, 4), dtype=np.int64)
    y = onehot(lab, 3)
    p = np.broadcast_to(np.array([0.8, 0.1, 0.1])[None, :, None, None], y.shape).copy()
    note = "multiclass.md edge case: all-background image"
    prm = {"smooth": 1e-5}
    add("all_background_monai", "dice", y, prm, prob=p, labels=True, form="CHW",
        **lib(monai_dice(resolve("dice", prm, 3), labels=True)), expect=printed(0.703700), note=note)
    prm = {"smooth": 1e-5, "include_background": False}
    add("all_background_monai_no_background", "dice", y, prm, prob=p, labels=True,
        **lib(monai_dice(resolve("dice", prm, 3), labels=True)), expect=printed(0.999994), note=note)
    prm = {"smooth": 0.0, "absent": "zero", "batch": "pooled"}
    add("all_background_smp", "dice", y, prm, prob=p, labels=True,
        **lib(smp_region("dice", resolve("dice", prm, 3), 3, t_smooth=0.0)), expect=printed(0.037037), note=note)
    prm = {"smooth": 0.0, "absent": "zero", "include_background": False}
    c = add("all_background_smp_no_background", "dice", y, prm, prob=p, labels=True, form="CHW",
            **lib(smp_region("dice", resolve("dice", prm, 3), 3, t_smooth=0.0)), expect=(0.0, 0.0), expect_flag=False,
            note=note + ": absent = zero and no kept class present: 0 with zero gradient, not a 0/0 flag")
    assert all(v == 0.0 for v in c["grad_prob"] + c["grad_logit"])
    add("all_background_logit_keep_iou", "iou", y, {}, logit=np.log(p), labels=True,
        independent="no library has a multi-class IoU with eps outside the smoothing",
        note=note + ": absent foreground classes charged about 1 each")


def absent_cases():
    """A class absent from one image, present in another: keep / zero, per_image / pooled."""
    lab = scene(2, 3, 5, 5, absent={(1, 2)})
    y = onehot(lab, 3)
    x = inputs(lab, 3, "prob")
    for loss, extra in (("dice", {}), ("iou", {}), ("tversky", {"alpha": 0.6, "beta": 0.4}),
                        ("focal_tversky", {"gamma": 1.5}), ("dice_ce", {}), ("dice_focal", {"gamma": 1.0})):
        for absent in ("keep", "zero"):
            for pooled in (False, True):
                if loss not in ("dice", "iou") and pooled and absent == "keep":
                    continue
                prm = dict(extra, **params_of(absent=absent, batch="pooled" if pooled else None))
                kw = {}
                q = resolve(loss, prm, 3)
                if loss == "dice" and absent == "keep":
                    kw = lib(monai_dice(q, labels=True))
                elif loss == "dice_ce" and absent == "keep":
                    kw = lib(monai_dice_ce(q, labels=True))
                elif loss == "tversky" and absent == "keep":
                    kw = lib(monai_dice(q, labels=True, tversky=True))
                elif pooled and absent == "zero" and loss in ("dice", "iou", "tversky", "focal_tversky"):
                    # smp (pooled, zeroes a class absent from the whole batch: here none is)
                    kind = {"dice": "dice", "iou": "jaccard"}.get(loss, "tversky")
                    ts = q["smooth"] / 2 if loss == "dice" else q["eps"] if loss == "iou" else q["smooth"]
                    kw = lib(smp_region(kind, q, 3, t_smooth=ts, gamma=q.get("gamma", 1.0) if loss == "focal_tversky" else 1.0))
                else:
                    kw = {"independent": "no library zeroes a class per image" if absent == "zero" else
                          "no library computes this combination in float64"}
                add(f"absent_{loss}_{absent}_{'pooled' if pooled else 'per_image'}", loss, y, prm, labels=True, **kw, **x,
                    note="class 2 absent from image 1, present in image 0")


def zero_over_zero_cases():
    """Zero smoothing and an absent class that is not predicted at all (p exactly 0): 0/0."""
    lab = scene(2, 3, 4, 4, absent={(1, 2)})
    y = onehot(lab, 3)
    z = logits_for(lab, 3)
    p = softmax_np(z)
    p[1, 2] = 0.0
    p[1] /= p[1].sum(0, keepdims=True)
    note = "class 2 absent from image 1 and predicted exactly 0 there: a 0/0 term"
    add("zero_over_zero_dice_per_image", "dice", y, {"smooth": 0.0}, prob=p, labels=True, expect_flag=True,
        independent="0/0: MONAI gives NaN with smooth 0", note=note)
    add("zero_over_zero_dice_zero_absent", "dice", y, {"smooth": 0.0, "absent": "zero"}, prob=p, labels=True,
        expect_flag=False, independent="absent = zero per image", note=note + " (zeroed first: no flag)")
    add("zero_over_zero_dice_pooled_present", "dice", y, {"smooth": 0.0, "batch": "pooled"}, prob=p, labels=True,
        expect_flag=False, independent="smooth 0 (MONAI's smooth_nr = 0 is fine here too, but the case is about the flag)",
        note="pooled: class 2 is present in the batch, no 0/0")
    add("zero_over_zero_iou", "iou", y, {"eps": 0.0}, prob=p, labels=True, expect_flag=True,
        independent="0/0 (eps 0)", note=note)
    add("zero_over_zero_tversky", "tversky", y, {"smooth": 0.0}, prob=p, labels=True, expect_flag=True,
        independent="0/0 (smooth 0): T = 1", note=note)
    add("zero_over_zero_focal_tversky", "focal_tversky", y, {"smooth": 0.0, "gamma": 2.0}, prob=p, labels=True,
        expect_flag=True, independent="0/0 (smooth 0): T = 1", note=note)
    add("zero_over_zero_dice_ce", "dice_ce", y, {"smooth_nr": 0.0, "smooth_dr": 0.0}, prob=p, labels=True,
        expect_flag=True, independent="0/0 in the Dice part", note=note)
    add("zero_over_zero_dice_focal", "dice_focal", y, {"smooth_nr": 0.0, "smooth_dr": 0.0}, prob=p, labels=True,
        expect_flag=True, independent="0/0 in the Dice part", note=note)
    # GDL: an image with no kept class present, s = 0
    lab0 = np.zeros((2, 4, 4), dtype=np.int64)
    lab0[0, 1:3, 1:3] = 1
    add("zero_over_zero_gdl_no_kept_class", "generalized_dice", onehot(lab0, 3),
        {"include_background": False, "absent": "max"}, labels=True, expect_flag=True,
        independent="0/0: image 1 has no kept class, every weight 0 (max over none), s = 0", **inputs(lab0, 3, "logit"))
    # ce: the denominator Σ w·y is 0 (weights 0 on every class present)
    lab1 = np.zeros((1, 3, 3), dtype=np.int64)
    lab1[0, 1, 1] = 1
    add("zero_over_zero_ce_weights", "ce", onehot(lab1, 3), {"class_weights": [0.0, 0.0, 2.0]}, labels=True, form="CHW",
        expect_flag=True, expect=(0.0, 0.0), independent="0/0: torch gives NaN", **inputs(lab1, 3, "logit"),
        note="classes 0 and 1 weigh 0, class 2 absent: Σ w·y = 0, L = 0")
    add("zero_over_zero_not_with_smoothing", "dice", y, {}, prob=p, labels=True, expect_flag=False,
        **lib(monai_dice(resolve("dice", {"smooth": 1.0}, 3), labels=True)), note=note + "; smooth 1: no 0/0")


def c1_vs_c2_cases():
    """multiclass.md's "C = 1 vs C = 2": p₁ = p, p₀ = 1 − p (or logits (0, z))."""
    lab = scene(1, 2, 6, 6)
    y1 = lab[:, None].astype(np.float64)  # [1, 1, H, W]
    y2 = onehot(lab, 2)
    z = rng.normal(0, 1.2, y1.shape) + 2.0 * (2 * y1 - 1)
    p = sigmoid_np(z)
    p2 = np.concatenate([1 - p, p], 1)
    z2 = np.concatenate([np.zeros_like(z), z], 1)
    bin_dice = add("c1_binary_dice", "dice", y1, {}, prob=p, form="HW",
                   **lib(monai_dice(resolve("dice", {}, 1), labels=False)), note="binary twin of c2_dice_no_background")
    c2 = add("c2_dice_no_background", "dice", y2, {"include_background": False}, prob=p2, labels=True, form="CHW",
             **lib(monai_dice(resolve("dice", {"include_background": False}, 2), labels=True)),
             note="p1 = p, p0 = 1 - p: equals binary Dice")
    assert abs(c2["value"] - bin_dice["value"]) <= 1e-12
    n = len(bin_dice["grad_prob"])
    assert np.allclose(c2["grad_prob"][n:], bin_dice["grad_prob"], rtol=1e-12, atol=1e-15)
    assert np.allclose(c2["grad_logit"][n:], bin_dice["grad_logit"], rtol=1e-12, atol=1e-15)
    assert np.allclose(c2["grad_logit"][:n], -np.array(bin_dice["grad_logit"]), rtol=1e-12, atol=1e-15)
    c2z = add("c2_dice_no_background_logit", "dice", y2, {"include_background": False}, logit=z2, labels=True, form="CHW",
              **lib(monai_dice(resolve("dice", {"include_background": False}, 2), labels=True)), note="logits (0, z)")
    bz = add("c1_binary_dice_logit", "dice", y1, {}, logit=z, form="HW", **lib(monai_dice(resolve("dice", {}, 1), labels=False)))
    assert abs(c2z["value"] - bz["value"]) <= 1e-12
    assert np.allclose(c2z["grad_logit"][n:], bz["grad_logit"], rtol=1e-10, atol=1e-15)
    bg = add("c2_dice_with_background", "dice", y2, {}, prob=p2, labels=True, form="CHW",
             **lib(monai_dice(resolve("dice", {}, 2), labels=True)), note="with background: the mean of the two Dice terms")
    comp = float(mg.ref_dice(t(1 - y1), t(1 - p)))
    assert abs(bg["value"] - (bin_dice["value"] + comp) / 2) <= 1e-12 and abs(bg["value"] - bin_dice["value"]) > 1e-3
    # ce with C = 2 equals bce
    bce = add("c1_binary_bce", "bce", y1, {}, prob=p, form="HW", lib_p=lambda y4, lab, p4: F.binary_cross_entropy(p4, y4),
              src=f"torch {torch.__version__} F.binary_cross_entropy(p, y), float64")
    c2ce = add("c2_ce_equals_bce", "ce", y2, {}, prob=p2, labels=True, **lib(torch_ce(None, 2)), form="CHW")
    assert abs(c2ce["value"] - bce["value"]) <= 1e-12
    g = np.array(c2ce["grad_prob"])
    assert np.allclose(g[n:] - g[:n], bce["grad_prob"], rtol=1e-10, atol=1e-15)
    # focal with C = 2 equals binary focal(alpha 0.5); with alpha = a, half binary focal(alpha = a)
    for a in (None, 0.25):
        ba = 0.5 if a is None else a
        bf = add(f"c1_binary_focal_alpha{ba:g}", "focal", y1, {"alpha": ba}, logit=z, form="HW",
                 lib_z=lambda y4, lab, z4, ba=ba: sigmoid_focal_loss(z4, y4, alpha=ba, gamma=2.0, reduction="mean"),
                 lib_p=lambda y4, lab, p4, ba=ba: sigmoid_focal_loss(mg.logit_of(p4), y4, alpha=ba, gamma=2.0,
                                                                   reduction="mean"),
                 src=f"torchvision {mg.torchvision.__version__} torchvision.ops.sigmoid_focal_loss(z, y, alpha={ba}, gamma=2, "
                     "reduction='mean') (on logit(p) for grad_prob), float64")
        prm = params_of(alpha=a)
        cf = add(f"c2_focal_alpha{a}", "focal", y2, prm, logit=z2, labels=True, form="CHW", layout="CHW",
                 loose=(monai_focal32(resolve("focal", prm, 2)), 1e-5), independent="MONAI's FocalLoss computes in float32")
        factor = 1.0 if a is None else 0.5
        assert abs(cf["value"] - factor * bf["value"]) <= 1e-12, (cf["value"], bf["value"])
    # iou differs on an empty target: empty = complement exists only for C = 1
    lab_e = np.zeros((1, 4, 4), dtype=np.int64)
    ze = rng.normal(-2.0, 1.0, (1, 1, 4, 4))
    pe = sigmoid_np(ze)
    i1 = add("c1_iou_empty_target_complement", "iou", lab_e[:, None].astype(np.float64), {}, prob=pe, form="HW",
             independent="the seed's complement policy (losses.md 5): no library", note="C = 1: empty = complement")
    i2 = add("c2_iou_empty_target_no_background", "iou", onehot(lab_e, 2), {"include_background": False},
             prob=np.concatenate([1 - pe, pe], 1), labels=True, form="CHW",
             **lib(monai_dice(resolve("iou", {"include_background": False}, 2), labels=True, jaccard=True)),
             note="C = 2 has no complement policy: differs from c1_iou_empty_target_complement")
    assert abs(i1["value"] - i2["value"]) > 0.1


def c1_batch_cases():
    """[B, 1, H, W] ≡ [B, H, W] (binary losses, sigmoid), and [1, H, W]."""
    b, h, w = 3, 5, 5
    lab = (rng.uniform(size=(b, 1, h, w)) < 0.25).astype(np.float64)
    lab[1] = 0.0  # an empty image
    z = rng.normal(0, 1.0, lab.shape) + 2.0 * (2 * lab - 1)
    p = sigmoid_np(z)
    rows = [("dice", {}, "prob"), ("dice", {"batch": "pooled"}, "logit"), ("iou", {}, "prob"), ("tversky", {"batch": "pooled"}, "prob"),
            ("focal_tversky", {}, "logit"), ("focal", {}, "prob"), ("bce", {}, "logit"), ("wce", {"pos_weight": 3.0}, "prob"),
            ("bce_dice", {"batch": "pooled"}, "prob"), ("sensitivity_specificity", {}, "prob"),
            ("generalized_dice", {"batch": "pooled"}, "prob")]
    for loss, prm, kind in rows:
        x = {"prob": p} if kind == "prob" else {"logit": z}
        tag = "pooled" if prm.get("batch") == "pooled" else "per_image"
        kw = {"independent": "losses.md's binary formula, per image or pooled (the binary references of make_golden.py)"}
        if loss == "dice":
            kw = lib(monai_dice(resolve("dice", prm, 1), labels=False))
        a = add(f"c1_b1hw_{loss}_{tag}", loss, lab, prm, **x, **kw, note="[B, 1, H, W]: image 1 is empty")
        bb = add(f"c1_bhw_{loss}_{tag}", loss, lab, prm, form="BHW", **x, **kw, note="the [B, H, W] twin")
        assert a["value"] == bb["value"] and a["grad_prob"] == bb["grad_prob"] and a["grad_logit"] == bb["grad_logit"]
    one = lab[:1]
    add("c1_1hw_dice_explicit_layout", "dice", one, {"activation": "sigmoid", "include_background": False}, prob=p[:1],
        layout="BCHW", **lib(monai_dice(resolve("dice", {}, 1), labels=False)),
        note="[1, 1, H, W] with layout BCHW; include_background ignored for C = 1; activation sigmoid stated")


def form_cases():
    """[1, C, H, W] ≡ [C, H, W]; labels ≡ one-hot target; pooled ≡ per_image for B = 1."""
    lab = scene(1, 4, 6, 5)
    y = onehot(lab, 4)
    z = logits_for(lab, 4)
    for loss, prm in (("dice", {}), ("ce", {"class_weights": [0.5, 1.0, 2.0, 1.0]}), ("generalized_dice", {}),
                      ("dice_ce", {"include_background": False}), ("focal_tversky", {"gamma": 1.25}),
                      ("dice_focal", {})):
        kw = {"independent": "identity cases (the library numbers are in the mapping cases)"}
        if loss == "dice":
            kw = lib(monai_dice(resolve("dice", prm, 4), labels=True))
        elif loss == "ce":
            kw = lib(torch_ce(prm["class_weights"], 4))
        elif loss == "dice_ce":
            kw = lib(monai_dice_ce(resolve("dice_ce", prm, 4), labels=True))
        a = add(f"form_bchw_b1_{loss}", loss, y, prm, logit=z, labels=True, **kw, note="[1, C, H, W]")
        b = add(f"form_chw_{loss}", loss, y, prm, logit=z, labels=True, form="CHW", **kw, note="[C, H, W]: the twin")
        c = add(f"form_chw_onehot_{loss}", loss, y, prm, logit=z, labels=False, form="CHW", **kw,
                note="one-hot target instead of labels")
        if loss in ("dice", "generalized_dice", "dice_ce", "focal_tversky"):
            kwp = kw
            if loss == "dice":
                kwp = lib(monai_dice(resolve("dice", dict(prm, batch="pooled"), 4), labels=True))
            elif loss == "dice_ce":
                kwp = lib(monai_dice_ce(resolve("dice_ce", dict(prm, batch="pooled"), 4), labels=True))
            d = add(f"form_chw_pooled_{loss}", loss, y, dict(prm, batch="pooled"), logit=z, labels=True, form="CHW",
                    **kwp, note="pooled, B = 1")
            same(a, d)
        same(a, b)
        same(a, c)
    # layouts stated explicitly
    add("form_explicit_bchw_layout", "dice", onehot(scene(2, 3, 4, 4), 3), {}, layout="BCHW", labels=True,
        **inputs(scene(2, 3, 4, 4), 3, "logit"), independent="an explicit layout")
    lab2 = scene(1, 3, 3, 4)
    add("form_explicit_chw_layout_ce", "ce", onehot(lab2, 3), {}, form="CHW", layout="CHW", labels=True,
        **lib(torch_ce(None, 3)), **inputs(lab2, 3, "prob"))


def same(a, b, tol=1e-12):
    assert abs(a["value"] - b["value"]) <= tol * max(1.0, abs(a["value"])), (a["name"], b["name"], a["value"], b["value"])
    for k in ("grad_prob", "grad_logit"):
        x, y = np.array(a[k]), np.array(b[k])
        assert x.shape == y.shape and np.allclose(x, y, rtol=1e-10, atol=1e-15), (a["name"], b["name"], k)
    assert a["zero_over_zero"] == b["zero_over_zero"]


def soft_target_cases():
    """Soft and multi-label targets with `target` (sigmoid), soft rows with softmax."""
    for j, loss in enumerate(["dice", "iou", "tversky", "focal_tversky", "generalized_dice", "dice"]):
        b, c, (h, w) = shape_for(j + 1)
        y = np.clip(rng.uniform(-0.3, 1.2, (b, c, h, w)), 0.0, 1.0)
        y[y < 0.05] = 0.0
        sig = j != 5
        prm = params_of(activation="sigmoid" if sig else None,
                        batch="pooled" if j % 2 else None, include_background=j != 3)
        if not sig:
            y = softmax_np(4 * (y > 0.5) + rng.normal(0, 0.5, y.shape))
        kind = ["prob", "logit"][j % 2]
        z = rng.normal(0, 1.5, y.shape) + 2 * (y - 0.5)
        x = {"logit": z} if kind == "logit" else {"prob": sigmoid_np(z) if sig else softmax_np(z)}
        kw = {"independent": "soft targets"}
        if loss in ("dice", "tversky", "iou"):
            kw = lib(monai_dice(resolve(loss, prm, c), labels=False, tversky=loss == "tversky", jaccard=loss == "iou"))
        add(f"soft_{'multilabel_sigmoid' if sig else 'softmax_rows'}_{loss}_b{b}c{c}", loss, y, prm,
            form="CHW" if b == 1 else "BCHW", **kw, **x, note="soft target")
    # ce with soft rows: torch's probability targets divide by B*H*W = Σ y when unweighted
    y = softmax_np(3 * onehot(scene(2, 3, 4, 4), 3) + rng.normal(0, 0.7, (2, 3, 4, 4)))
    z = rng.normal(0, 1.5, y.shape)
    add("soft_ce_unweighted", "ce", y, {}, logit=z,
        lib_z=lambda y4, lab, z4: torch.nn.CrossEntropyLoss()(z4, y4),
        src=f"torch {torch.__version__} torch.nn.CrossEntropyLoss() with probability targets (rows sum to 1: B*H*W = Σ y), float64",
        note="soft target rows")
    add("soft_ce_weighted", "ce", y, {"class_weights": [0.3, 1.0, 2.0]}, logit=z,
        independent="torch's probability targets divide by B*H*W, not Σ w·y",
        lib_z=lambda y4, lab, z4: torch.nn.CrossEntropyLoss(weight=t([0.3, 1.0, 2.0]))(z4, y4),
        src="torch.nn.CrossEntropyLoss(weight=[0.3, 1, 2]) with probability targets (a different number)")
    add("soft_dice_ce", "dice_ce", y, {"batch": "pooled"}, logit=z,
        **lib(monai_dice_ce(resolve("dice_ce", {"batch": "pooled"}, 3), labels=False)), note="soft target rows")


def reduction_cases():
    """class_reduction sum = |K|·mean; focal_tversky's power after the class reduction."""
    lab = scene(2, 4, 5, 5, absent={(0, 3)})
    y = onehot(lab, 4)
    z = logits_for(lab, 4)
    for loss, extra in (("dice", {}), ("iou", {}), ("tversky", {}), ("focal_tversky", {"gamma": 0.75}),
                        ("dice_ce", {}), ("dice", {"include_background": False}), ("iou", {"batch": "pooled"})):
        prm_m = dict(extra)
        prm_s = dict(extra, class_reduction="sum")
        tag = "_".join(f"{k}_{v}" for k, v in extra.items())
        m = add(f"class_mean_{loss}{'_' + tag if tag else ''}", loss, y, prm_m, logit=z, labels=True,
                independent="the mean twin of the class_reduction = sum case")
        s = add(f"class_sum_{loss}{'_' + tag if tag else ''}", loss, y, prm_s, logit=z, labels=True,
                independent="class_reduction = sum per image (MONAI's reduction='sum' also sums over images)")
        k = 3 if extra.get("include_background") is False else 4
        if loss == "focal_tversky":
            # per unit R^γ: sum gives (K·R)^γ = K^γ·R^γ per image
            pass
        elif loss == "dice_ce":
            pass
        else:
            assert abs(s["value"] - k * m["value"]) <= 1e-12, (loss, s["value"], m["value"])
            assert np.allclose(s["grad_prob"], k * np.array(m["grad_prob"]), rtol=1e-10, atol=1e-15)
    # focal Tversky per unit: per_image vs pooled, γ ≠ 1, and the floor (a perfect prediction)
    for g, pooled in ((0.5, False), (2.0, True), (1.0, False), (3.0, False)):
        prm = params_of(gamma=g, batch="pooled" if pooled else None)
        ft = add(f"focal_tversky_gamma{g:g}_{'pooled' if pooled else 'per_image'}", "focal_tversky", y, prm, logit=z,
                 labels=True, independent="per-unit power of the class mean (smp's, but per image)")
        if g == 1.0:
            tv = add("tversky_twin_of_focal_tversky_gamma1", "tversky", y, {}, logit=z, labels=True,
                     **lib(monai_dice(resolve("tversky", {}, 4), labels=True, tversky=True)))
            same(ft, tv)
    lab1 = scene(2, 3, 4, 4)
    y1 = onehot(lab1, 3)
    add("focal_tversky_perfect_prediction_floor", "focal_tversky", y1, {}, prob=y1.copy(), labels=True, fd=False,
        independent="R = 0: the 1e-12 floor in the gradient", expect=(0.0, 0.0),
        note="p = y exactly (0 and 1): value 0, gradient gamma*1e-12^(gamma-1)*dR")


def identity_cases():
    """tversky ½,½ ≡ dice; 1,1 ≡ iou (eps = s); dice_ce = w_dice·dice + w_ce·ce; dice_focal likewise."""
    lab = scene(2, 3, 5, 4, absent={(1, 2)})
    y = onehot(lab, 3)
    z = logits_for(lab, 3)
    # Tversky(½, ½) with smooth s is (2I + 2s)/(Sy + Sp + 2s): Dice with smooth 2s (the identity holds with the
    # smoothing doubled, as crates/core/tests/identities.rs says for the binary case).
    d = add("identity_dice_smooth1", "dice", y, {}, logit=z, labels=True,
            **lib(monai_dice(resolve("dice", {}, 3), labels=True)), note="the twin of identity_tversky_half_half (smooth 0.5)")
    tv = add("identity_tversky_half_half", "tversky", y, {"alpha": 0.5, "beta": 0.5, "smooth": 0.5}, logit=z, labels=True,
             **lib(monai_dice(resolve("tversky", {"alpha": 0.5, "beta": 0.5, "smooth": 0.5}, 3), labels=True, tversky=True)))
    same(d, tv)
    io = add("identity_iou_eps0.5", "iou", y, {"eps": 0.5}, logit=z, labels=True,
             **lib(monai_dice(resolve("iou", {"eps": 0.5}, 3), labels=True, jaccard=True)))
    tv1 = add("identity_tversky_one_one", "tversky", y, {"alpha": 1.0, "beta": 1.0, "smooth": 0.5}, logit=z, labels=True,
              **lib(monai_dice(resolve("tversky", {"alpha": 1.0, "beta": 1.0, "smooth": 0.5}, 3), labels=True, tversky=True)))
    same(io, tv1)
    for pooled in (False, True):
        b = {"batch": "pooled"} if pooled else {}
        tag = "pooled" if pooled else "per_image"
        dd = add(f"identity_dice_part_{tag}", "dice", y, dict(b, smooth=1e-5, include_background=False), logit=z,
                 labels=True, **lib(monai_dice(resolve("dice", dict(b, smooth=1e-5, include_background=False), 3),
                                               labels=True)))
        cc = add(f"identity_ce_part_{tag}", "ce", y, {}, logit=z, labels=True, **lib(torch_ce(None, 3)))
        prm = dict(b, include_background=False, w_dice=0.7, w_ce=1.3)
        dce = add(f"identity_dice_ce_{tag}", "dice_ce", y, prm, logit=z, labels=True,
                  **lib(monai_dice_ce(resolve("dice_ce", prm, 3), labels=True)))
        combo(dce, [(0.7, dd), (1.3, cc)])
        dd2 = add(f"identity_dice_part_bg_{tag}", "dice", y, dict(b, smooth=1e-5), logit=z, labels=True,
                  **lib(monai_dice(resolve("dice", dict(b, smooth=1e-5), 3), labels=True)))
        fo = add(f"identity_focal_part_{tag}", "focal", y, {"gamma": 1.5, "alpha": 0.4}, logit=z, labels=True,
                 loose=(monai_focal32(resolve("focal", {"gamma": 1.5, "alpha": 0.4}, 3)), 1e-5),
                 independent="MONAI's FocalLoss computes in float32")
        prm = dict(b, gamma=1.5, alpha=0.4, w_dice=2.0, w_focal=0.5)
        dfo = add(f"identity_dice_focal_{tag}", "dice_focal", y, prm, logit=z, labels=True,
                  loose=(monai_dice_focal32(resolve("dice_focal", prm, 3)), 1e-5),
                  independent="the focal part is MONAI's float32 FocalLoss")
        combo(dfo, [(2.0, dd2), (0.5, fo)])


def combo(total, parts):
    v = sum(w * p["value"] for w, p in parts)
    assert abs(total["value"] - v) <= 1e-12, (total["name"], total["value"], v)
    for k in ("grad_prob", "grad_logit"):
        g = sum(w * np.array(p[k]) for w, p in parts)
        assert np.allclose(total[k], g, rtol=1e-9, atol=1e-15), (total["name"], k)


def misc_cases():
    """Probabilities summing to 1 within 1e-6, the clamp of ce, larger and odd shapes."""
    lab = scene(1, 3, 4, 4)
    y = onehot(lab, 3)
    p = softmax_np(logits_for(lab, 3))
    p = p * (1 + 4e-7)  # each pixel sums to 1 + 4e-7: accepted, evaluated at the given p
    add("prob_sums_within_1e-6", "dice", y, {}, prob=p, labels=True, form="CHW",
        lib_p=monai_dice(resolve("dice", {}, 3), labels=True)[0],
        src=f"monai {monai.__version__} monai.losses.DiceLoss(smooth_nr=1.0, smooth_dr=1.0, to_onehot_y=True) on the given "
            "probabilities (no activation), float64", note="rows sum to 1 + 4e-7 (within the contract's 1e-6)")
    # ce at the clamp: the true class predicted below 1e-7 (prob input): grad_prob 0 there
    p = softmax_np(logits_for(lab, 3))
    i, j = np.argwhere(lab[0] == 1)[0]
    p[0, :, i, j] = [1 - 5e-8, 5e-8, 0.0]
    add("ce_clamped_true_class", "ce", y, {}, prob=p, labels=True, form="CHW",
        lib_p=torch_ce(None, 3)[0], src=torch_ce(None, 3)[2],
        note="one pixel's true class at p = 5e-8 < 1e-7: log p̂ = log 1e-7, grad_prob 0 there (TF-style clamp), "
             "grad_logit the chain rule at the given p")
    add("focal_clamped_true_class", "focal", y, {}, prob=p, labels=True, form="CHW", layout="CHW",
        independent="the clamp (MONAI's log_softmax does not clamp)",
        note="one pixel's true class at p = 5e-8 < 1e-7")
    # larger: 3 × 4 × 8 × 8 with a large and a tiny class
    lab = scene(3, 4, 8, 8, big=6, absent={(2, 3)})
    y = onehot(lab, 4)
    z = logits_for(lab, 4, sharp=2.5)
    add("large_b3c4_8x8_dice_per_image", "dice", y, {"smooth": 1e-5}, logit=z, labels=True,
        **lib(monai_dice(resolve("dice", {"smooth": 1e-5}, 4), labels=True)))
    add("large_b3c4_8x8_gdl_pooled", "generalized_dice", y, {"batch": "pooled", "absent": "max", "smooth": 1e-5},
        logit=z, labels=True, **lib(monai_gdl(resolve("generalized_dice", {"batch": "pooled", "absent": "max",
                                                                            "smooth": 1e-5}, 4), labels=True)))
    add("large_b3c4_8x8_gdl_epsilon_default", "generalized_dice", y, {}, logit=z, labels=True,
        independent="absent = epsilon (the seed's 1/eps_w weight of an absent class): no library",
        note="image 2 lacks class 3: its weight is 1e6")
    add("large_b3c4_8x8_gdl_zero", "generalized_dice", y, {"absent": "zero", "weight_type": "simple"}, logit=z, labels=True,
        **lib(monai_gdl(resolve("generalized_dice", {"absent": "zero", "weight_type": "simple"}, 4), labels=True)))
    add("large_b3c4_8x8_ce", "ce", y, {"class_weights": [0.1, 1.0, 2.0, 10.0]}, logit=z, labels=True,
        **lib(torch_ce([0.1, 1.0, 2.0, 10.0], 4)))
    add("large_b3c4_8x8_dice_ce_pooled", "dice_ce", y, {"batch": "pooled", "include_background": False}, logit=z,
        labels=True, **lib(monai_dice_ce(resolve("dice_ce", {"batch": "pooled", "include_background": False}, 4),
                                         labels=True)))
    add("large_b3c4_8x8_smp_dice", "dice", y, {"batch": "pooled", "absent": "zero", "smooth": 0.0}, logit=z,
        labels=True, **lib(smp_region("dice", resolve("dice", {"batch": "pooled", "absent": "zero", "smooth": 0.0}, 4), 4,
                                      t_smooth=0.0)))
    add("large_b3c4_8x8_focal", "focal", y, {}, logit=z, labels=True, loose=(monai_focal32(resolve("focal", {}, 4)), 1e-5),
        independent="MONAI's FocalLoss computes in float32")
    # 1×1 images and a 1×N row
    lab = np.array([[[1]], [[0]]])
    add("tiny_1x1_b2_dice", "dice", onehot(lab, 2), {}, labels=True, prob=np.array([[[[0.3]], [[0.7]]], [[[0.6]], [[0.4]]]]),
        **lib(monai_dice(resolve("dice", {}, 2), labels=True)))
    lab = scene(1, 3, 1, 7)
    add("row_1x7_ce", "ce", onehot(lab, 3), {}, labels=True, form="CHW", **lib(torch_ce(None, 3)), **inputs(lab, 3, "logit"))
    # explicit activation softmax, iou / tversky keep per image with several classes absent
    lab = scene(3, 3, 4, 4, absent={(0, 1), (1, 2), (2, 1), (2, 2)})
    add("explicit_softmax_iou_many_absent", "iou", onehot(lab, 3), {"activation": "softmax", "eps": 0.01}, labels=True,
        **lib(monai_dice(resolve("iou", {"eps": 0.01}, 3), labels=True, jaccard=True)), **inputs(lab, 3, "prob"))
    add("gdl_per_image_uniform_keep_bg", "generalized_dice", onehot(lab, 3), {"weight_type": "uniform", "absent": "max"},
        labels=True, **lib(monai_gdl(resolve("generalized_dice", {"weight_type": "uniform", "absent": "max"}, 3),
                                     labels=True)), **inputs(lab, 3, "logit"))


# ---------------------------------------------------------------------------------------------
# 4. Inputs that must exit 2, with the field the message must name (multiclass.md)
# ---------------------------------------------------------------------------------------------
E_LAB = [0, 1, 2, 0, 1, 1, 0, 0]  # [2, 2, 2]
E_ROWS = {0: [0.6, 0.3, 0.1], 1: [0.2, 0.7, 0.1], 2: [0.1, 0.2, 0.7]}


def e_prob(lab, c=3):
    rows = np.array([E_ROWS[v][:c] if c == 3 else [0.7, 0.3][:c] for v in lab])  # [pixels, C]
    b = len(lab) // 4
    return [float(v) for v in rows.reshape(b, 4, c).transpose(0, 2, 1).flatten()]


def e_case(loss="dice", shape=(2, 3, 2, 2), labels=True, params=None, **over):
    """A valid [2, 3, 2, 2] case (labels, or a one-hot target when labels=False; a list replaces
    the labels), with `over` replacing or adding fields (None removes one)."""
    case = {"shape": list(shape)}
    if isinstance(labels, list):
        case["labels"] = labels
    elif labels:
        case["labels"] = list(E_LAB)
    else:
        case["target"] = [float(v) for v in onehot(np.array(E_LAB).reshape(2, 2, 2), 3).flatten()]
    case["prob"] = e_prob(E_LAB)
    case["loss"] = loss
    case["params"] = params or {}
    case.update(over)
    return {k: v for k, v in case.items() if v is not None}


C1 = {"shape": [2, 1, 2, 2], "target": [0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 1.0, 0.0],
      "prob": [0.2, 0.8, 0.6, 0.1, 0.3, 0.2, 0.9, 0.4]}
MODEL = ["loss", "shape", "layout"]  # a loss that does not take this number of classes
ERRORS = []


def err(name, what, case, field):
    case = {k: v for k, v in case.items() if v is not None}
    ERRORS.append({"name": name, "what": what, "input": case, "field": field})


def errors():
    err("layout_length_mismatch", "a layout whose length differs from shape's", e_case(layout="CHW"), "layout")
    err("layout_unknown", "an unknown layout", e_case(layout="NCHW"), "layout")
    bad = list(E_LAB)
    bad[3] = 1.5
    err("labels_non_integer", "a non-integer label", e_case(labels=bad), "labels")
    bad = list(E_LAB)
    bad[2] = 3
    err("labels_out_of_range", "a label equal to C", e_case(labels=bad), "labels")
    bad = list(E_LAB)
    bad[0] = -1
    err("labels_negative", "a negative label", e_case(labels=bad), "labels")
    err("labels_length", "labels of the wrong length (not B*H*W)", e_case(labels=E_LAB[:7]), "labels")
    err("labels_with_c1", "labels with C = 1", dict(C1, labels=[0, 1, 1, 0, 0, 0, 1, 0], target=None, loss="dice", params={}),
        "labels")
    err("labels_chw_length", "labels of [C, H, W] must be [H, W]", {"shape": [3, 2, 2], "layout": "CHW", "labels": E_LAB,
                                                                      "prob": e_prob(E_LAB[:4]), "loss": "dice"}, "labels")
    err("both_target_and_labels", "both target and labels", dict(e_case(labels=False), labels=list(E_LAB)),
        ["target", "labels"])
    neither = e_case()
    del neither["labels"]
    err("neither_target_nor_labels", "neither target nor labels", neither, ["target", "labels"])
    err("softmax_with_c1", "softmax over one channel", dict(C1, loss="dice", params={"activation": "softmax"}),
        "params.activation")
    err("softmax_with_hw", "softmax on a binary [H, W] image", {"shape": [2, 2], "target": [0, 1, 1, 0],
                                                                  "prob": [0.2, 0.8, 0.6, 0.1], "loss": "dice",
                                                                  "params": {"activation": "softmax"}}, "params.activation")
    p = e_prob(E_LAB)
    p[0] += 0.01
    err("prob_rows_not_summing_to_1", "softmax probabilities summing to 1.01 at one pixel", e_case(prob=p), "prob")
    p = e_prob(E_LAB)
    p[5] += 2e-6
    err("prob_rows_off_by_2e-6", "softmax probabilities summing to 1 + 2e-6 (beyond 1e-6)", e_case(prob=p), "prob")
    for loss in ("ce", "focal", "dice_ce", "dice_focal"):
        err(f"sigmoid_with_{loss}", f"{loss} with sigmoid at C = 3", e_case(loss, params={"activation": "sigmoid"}),
            "params.activation")
    for loss in ("ce", "focal", "dice_focal"):
        err(f"no_background_with_{loss}", f"include_background = false with {loss}",
            e_case(loss, params={"include_background": False}), "params.include_background")
    err("empty_with_c3_plain", "iou's empty with C >= 2", e_case("iou", params={"empty": "plain"}), "params.empty")
    err("empty_with_c3_complement", "iou's empty with C >= 2", e_case("iou", params={"empty": "complement"}), "params.empty")
    for loss in ("ce", "focal"):
        err(f"batch_with_{loss}", f"batch with {loss}", e_case(loss, params={"batch": "pooled"}), "params.batch")
        err(f"batch_per_image_with_{loss}", f"batch (even per_image) with {loss}", e_case(loss, params={"batch": "per_image"}),
            "params.batch")
    err("ce_with_c1", "ce with C = 1", dict(C1, loss="ce", params={}), MODEL)
    err("ce_with_hw", "ce on a binary [H, W] image", {"shape": [2, 2], "target": [0, 1, 1, 0], "logit": [0.2, 0.8, -0.6, 0.1],
                                                      "loss": "ce"}, MODEL)
    for loss in ("bce", "wce", "sensitivity_specificity", "bce_dice"):
        err(f"{loss}_with_c3", f"{loss} with C = 3", e_case(loss), MODEL)
    err("class_weights_wrong_length", "class_weights of length 2 for C = 3", e_case("ce", params={"class_weights": [1, 2]}),
        "params.class_weights")
    err("class_weights_negative", "a negative class weight", e_case("ce", params={"class_weights": [1, -0.5, 2]}),
        "params.class_weights")
    err("class_weights_not_array", "class_weights not an array", e_case("ce", params={"class_weights": 2.0}),
        "params.class_weights")
    err("class_weights_with_dice", "class_weights on a loss other than ce", e_case("dice", params={"class_weights": [1, 1, 1]}),
        "params.class_weights")
    err("class_weights_with_dice_ce", "class_weights on dice_ce (its CE is unweighted)",
        e_case("dice_ce", params={"class_weights": [1, 1, 1]}), "params.class_weights")
    err("absent_max_with_dice", "absent = max is generalized_dice's only", e_case("dice", params={"absent": "max"}),
        "params.absent")
    err("class_reduction_unknown", "class_reduction = median", e_case("dice", params={"class_reduction": "median"}),
        "params.class_reduction")
    err("activation_unknown", "activation = relu", e_case("dice", params={"activation": "relu"}), "params.activation")
    err("include_background_not_bool", "include_background = \"no\"", e_case("dice", params={"include_background": "no"}),
        "params.include_background")
    err("target_length_bchw", "a target of the wrong length for [B, C, H, W]",
        dict(e_case(labels=False), target=[0.0] * 23), "target")
    err("prob_length_bchw", "prob of the wrong length for [B, C, H, W]", e_case(prob=e_prob(E_LAB)[:23]), "prob")
    p = e_prob(E_LAB)
    p[0], p[4] = -0.1, 0.4  # still summing to 1
    err("prob_negative_bchw", "a negative probability", e_case(prob=p), "prob")
    err("focal_alpha_out_of_range_c3", "focal alpha 1.5 at C = 3", e_case("focal", params={"alpha": 1.5}), "params.alpha")


def main():
    table()
    monai_dice_cases()
    monai_tversky_cases()
    monai_gdl_cases()
    smp_cases()
    ce_cases()
    focal_cases()
    dice_ce_cases()
    dice_focal_cases()
    all_background_cases()
    absent_cases()
    zero_over_zero_cases()
    c1_vs_c2_cases()
    c1_batch_cases()
    form_cases()
    soft_target_cases()
    reduction_cases()
    identity_cases()
    misc_cases()
    errors()
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "multiclass_cases.json").write_text(json.dumps(CASES, indent=1, ensure_ascii=False) + "\n")
    (OUT / "multiclass_errors.json").write_text(json.dumps(ERRORS, indent=1, ensure_ascii=False) + "\n")
    print(json.dumps(VERSIONS))
    print(f"{len(CASES)} cases ({SOURCES['library']} from a library call, {SOURCES['independent']} independent):",
          json.dumps(COUNTS))
    print(f"{sum(c['zero_over_zero'] for c in CASES)} with zero_over_zero; "
          f"{sum('labels' in c for c in CASES)} with labels; {FD_ENTRIES[0]} gradient entries checked by finite differences")
    print(f"{len(ERRORS)} error cases")


if __name__ == "__main__":
    main()
