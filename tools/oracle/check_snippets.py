#!/usr/bin/env python3
"""Runs the app's exported code snippets (crates/core/src/codegen) in the real libraries and
compares each with `losslab eval` — outside the required test suite (scripts/test.sh does not
run it: the libraries are not installed on a fresh machine; crates/core/tests/codegen.rs
checks the snippets' text without them).

For every configuration of CONFIGS below, both batch reductions (`per_image`, `pooled`) and
every library (PyTorch, MONAI, segmentation_models_pytorch, Keras 3 on the torch backend), the
snippet is exec'd and its `loss_fn` is called on a batch of two 8x8 images (a 9-pixel and a
1-pixel object, hard targets, probabilities inside the 1e-7 clip); the reference is
`losslab eval` on the [2, 8, 8] batch with `params.batch` set to the same reduction (the core's
`Loss::evaluate_batch`; the geometry losses see each image's 8x8 shape). On this batch the two
reductions give different values for every loss but the pixel means (among them the boundary
and Hausdorff-DT losses, whose maps are per image either way), so a snippet with the wrong variant fails; the script says how many
configurations tell the two apart and fails if one that must does not. float64 throughout.

Besides the value, each snippet's gradient with respect to the logits (torch autograd; for
Keras through p = sigmoid(z)) is compared with `losslab eval`'s `grad_logit`, per pixel relative
to its largest entry, with the same tolerance (not for generalized Dice, whose gradient is per
channel). The ranking losses (topk_ce, lovasz_hinge, and compounds with them) run once more on
the same batch with every background pixel at one confidence: ties, which the contract orders
lower index first; a library that sorts unstably (note UnstableTies: smp's Lovász) is held to
the value there. The compound builder's snippets (COMPOUNDS, `codegen::compound_snippets`) are
run at the listed training steps of their schedule against `losslab eval` of the compound with
that step's weights.

Multi-class (multiclass.md, `codegen::mc_snippets`): every configuration of MC_CONFIGS is
exported for the four libraries and run on one [2, 3, 8, 8] batch (image 0: classes 1 and 2;
image 1: class 1 only, so per image / pooled and absent keep / zero differ; probabilities a
softmax of seeded logits; a multi-label target for the sigmoid configurations); torch, MONAI
and smp snippets take `(logits, labels)` (`(logits, target)` with sigmoid), Keras
`(y_true, y_pred)` channels last. Reference: `losslab eval` on the same batch with `labels`
(value and `grad_logit`).

Run (from the repository root):
    cargo build --bin losslab
    python3 -m venv VENV && VENV/bin/pip install torch torchvision monai segmentation-models-pytorch keras
    KERAS_BACKEND=torch VENV/bin/python tools/oracle/check_snippets.py [path/to/losslab] [--multiclass]
(`--multiclass`: the multi-class snippets only.)

Exit status 0 when every snippet matches within its tolerance (1e-7 relative; 1e-5 for Keras
and where a note says the library adds 1e-7 to a denominator, uses MONAI's unsmoothed class
weights or computes in float32), 1 otherwise.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import keras  # noqa: E402

torch.set_default_dtype(torch.float64)
keras.config.set_floatx("float64")

ROOT = Path(__file__).resolve().parents[2]
LOOSE_NOTES = ("EpsilonInDenominator", "GdlWeights", "KerasTverskyDocs", "Float32")
REDUCTIONS = ("per_image", "pooled")


def same_either_way(loss, params):
    """Whether per image and pooled agree on equal-size images: a mean over pixels."""
    if loss == "bce":
        return True
    if loss == "wce":
        return params.get("pos_weight") != "balanced"
    if loss == "focal":
        return params.get("reduction") == "mean"
    # losses-compound.md: only their pixel-mean corners (K = N: BCE; combo without its Dice
    # part; unified focal without its focal Tversky part).
    if loss == "topk_ce":
        return params.get("k") == 100
    if loss == "combo":
        return params.get("ce_ratio") == 1
    if loss == "unified_focal":
        return params.get("lambda") == 0
    # losses-geometry.md: the maps are per image either way; the boundary and Hausdorff-DT
    # losses are pixel means, and Dice + clDice at alpha = 1 is clDice, which is not.
    if loss in ("boundary", "hausdorff_dt"):
        return True
    return False


# The configurations run: every loss's defaults (an empty "params"), and each convention
# branch of the translation.
CONFIGS = [{"loss": name, "params": {}} for name in (
    "bce", "wce", "focal", "dice", "iou", "tversky", "focal_tversky",
    "sensitivity_specificity", "generalized_dice", "bce_dice")] + [
    {"loss": "wce", "params": {"pos_weight": "balanced"}},
    {"loss": "wce", "params": {"pos_weight": 3.0}},
    {"loss": "focal", "params": {"reduction": "sum", "alpha": 0.6, "gamma": 1.5}},
    {"loss": "focal", "params": {"reduction": "per_positive"}},
    {"loss": "dice", "params": {"smooth": 0.0}},
    {"loss": "dice", "params": {"squared": True}},
    {"loss": "iou", "params": {"empty": "plain", "eps": 0.01}},
    {"loss": "tversky", "params": {"alpha": 0.2, "beta": 0.8, "smooth": 0.5}},
    {"loss": "tversky", "params": {"smooth": 0.0}},
    {"loss": "focal_tversky", "params": {"gamma": 2.0}},
    {"loss": "sensitivity_specificity", "params": {"lambda": 0.5}},
    {"loss": "generalized_dice", "params": {"absent": "max"}},
    {"loss": "generalized_dice", "params": {"weight_type": "uniform", "smooth": 1.0}},
    {"loss": "generalized_dice", "params": {"weight_type": "simple", "absent": "zero"}},
    {"loss": "bce_dice", "params": {"w_bce": 0.5, "squared": True}},
    {"loss": "bce_dice", "params": {"w_bce": 1.0, "w_dice": 1.0}},  # the libraries' 1 : 1
] + [{"loss": name, "params": {}} for name in (
    "dice_ce", "dice_focal", "topk_ce", "lovasz_hinge", "log_cosh_dice", "combo", "unified_focal")] + [
    # losses-compound.md: each library branch (MONAI's classes, smp's parts, smp's single
    # smoothing, the hand-written formulas) and each parameter that changes the code.
    {"loss": "dice_ce", "params": {"pos_weight": 3.0, "w_ce": 0.5, "smooth_nr": 1.0, "smooth_dr": 1.0}},
    {"loss": "dice_ce", "params": {"smooth_nr": 0.0, "smooth_dr": 1.0, "w_dice": 2.0}},  # smp: one smooth only
    {"loss": "dice_focal", "params": {"alpha": 0.25}},
    {"loss": "dice_focal", "params": {"gamma": 0.0, "w_dice": 0.5}},
    {"loss": "dice_focal", "params": {"gamma": 1.5, "smooth_nr": 0.5, "smooth_dr": 0.5, "w_focal": 2.0, "alpha": 0.8}},
    {"loss": "topk_ce", "params": {"k": 1.0}},  # per image: K = int(64 * 1 / 100) = 0, nothing selected
    {"loss": "topk_ce", "params": {"k": 29.0}},
    {"loss": "topk_ce", "params": {"k": 100.0}},
    {"loss": "log_cosh_dice", "params": {"smooth": 0.1}},
    {"loss": "combo", "params": {"form": "authors_2019", "beta": 0.7, "ce_ratio": 0.3}},
    {"loss": "combo", "params": {"form": "authors_2020", "beta": 0.7, "ce_ratio": 0.3, "smooth": 0.0}},
    {"loss": "combo", "params": {"ce_ratio": 1.0, "beta": 0.2}},
    {"loss": "unified_focal", "params": {"lambda": 0.2, "delta": 0.7, "gamma": 0.2}},
    {"loss": "unified_focal", "params": {"lambda": 0.0, "gamma": 1.0}},
    {"loss": "unified_focal", "params": {"lambda": 1.0, "delta": 0.5, "gamma": 0.0}},
] + [{"loss": name, "params": {}} for name in ("boundary", "hausdorff_dt", "cldice", "dice_cldice")] + [
    # losses-geometry.md: each switch and each parameter that changes the code.
    {"loss": "boundary", "params": {"include_background": True}},
    {"loss": "boundary", "params": {"truncate": True}},
    {"loss": "boundary", "params": {"include_background": True, "truncate": True}},
    {"loss": "hausdorff_dt", "params": {"alpha": 1.0}},
    {"loss": "hausdorff_dt", "params": {"alpha": 0.5}},
    {"loss": "cldice", "params": {"iterations": 0}},
    {"loss": "cldice", "params": {"iterations": 1, "smooth_nr": 0.0}},
    {"loss": "cldice", "params": {"iterations": 5, "smooth_dr": 0.5, "smooth": 0.01}},
    {"loss": "dice_cldice", "params": {"alpha": 0.2, "iterations": 1}},
    {"loss": "dice_cldice", "params": {"alpha": 1.0, "smooth_nr": 0.0}},
    {"loss": "dice_cldice", "params": {"alpha": 0.0, "smooth_nr": 0.5, "smooth_dr": 2.0}},
]

# The compound builder (codegen::compound_snippets): two terms with their own parameters and
# weights, and a schedule; a scheduled compound is checked at each of `steps` (its `loss_fn`
# takes the step), against `losslab eval` of the compound with the weights of that step as
# losses-compound.md §18 and the builder define them (schedule_weights below, written here).
COMPOUNDS = [
    {"terms": [{"loss": "dice", "weight": 1.0, "params": {}}, {"loss": "topk_ce", "weight": 1.0, "params": {}}]},
    {"terms": [{"loss": "lovasz_hinge", "weight": 0.7, "params": {}}, {"loss": "bce", "weight": -1.5, "params": {}}]},
    {"terms": [{"loss": "dice_focal", "weight": 1.0, "params": {"alpha": 0.25}},
               {"loss": "combo", "weight": 0.0, "params": {"form": "authors_2019"}}],
     "schedule": {"kind": "linear", "steps": 100, "end": [0.01, 0.99]}, "steps": [0, 37, 100, 250]},
    {"terms": [{"loss": "bce_dice", "weight": 1.0, "params": {}}, {"loss": "iou", "weight": 0.5, "params": {"eps": 0.01}}],
     "schedule": {"kind": "step", "steps": 10, "end": [0.25, 2.0]}, "steps": [9, 10]},
    {"terms": [{"loss": "dice_ce", "weight": 0.5, "params": {"pos_weight": 2.0}},
               {"loss": "dice_ce", "weight": 0.25, "params": {"smooth_nr": 1.0, "smooth_dr": 1.0}}],
     "schedule": {"kind": "linear", "steps": 3, "end": [1.0, -1.0]}, "steps": [1, 2]},
    {"terms": [{"loss": "unified_focal", "weight": 2.0, "params": {}}, {"loss": "tversky", "weight": 1.0, "params": {}}]},
]


def schedule_weights(item, step):
    """The weights at `step`: the terms' weights, moved by the schedule (constant; linear from
    them to `end` over `steps`, then `end`; `end` from step `steps` on)."""
    start = [t["weight"] for t in item["terms"]]
    sched = item.get("schedule") or {"kind": "constant"}
    if sched["kind"] == "constant":
        return start
    n, end = sched["steps"], sched["end"]
    if step >= n:
        return end
    if sched["kind"] == "step":
        return start
    u = step / n
    return [a + (b - a) * u for a, b in zip(start, end)]


def snippets():
    items = CONFIGS + [{"loss": "compound", "terms": c["terms"], "schedule": c.get("schedule")} for c in COMPOUNDS]
    run = subprocess.run(
        ["cargo", "run", "-q", "-p", "losslab-core", "--example", "snippets"],
        cwd=ROOT, input=json.dumps(items), check=True, capture_output=True, text=True,
    )
    out = json.loads(run.stdout)
    for item, c in zip(out[len(CONFIGS):], COMPOUNDS):
        item["steps"] = c.get("steps", [None])
    return out


def images():
    """Two images unlike each other, so that per image and pooled differ: a 9-pixel object
    found (p in 0.55-0.95 on it), and a 1-pixel object missed (p in 0.2-0.4 on it)."""
    rng = np.random.default_rng(6)
    out = []
    for cells, on in (([(2, 2), (2, 3), (3, 2), (3, 3), (4, 3), (3, 4), (2, 4), (4, 4), (4, 2)], (0.55, 0.95)),
                      ([(5, 5)], (0.2, 0.4))):
        y = np.zeros((8, 8))
        for r, c in cells:
            y[r, c] = 1.0
        p = np.where(y > 0.5, rng.uniform(*on, (8, 8)), rng.uniform(0.02, 0.3, (8, 8)))
        out.append((y, np.round(p, 6)))
    return out


GRADS = {}  # json of a query -> its grad_logit, for the gradient check


# The losses that order the pixels (losses-compound.md: ties go lower index first), run once
# more on tied_images().
RANKING = ("topk_ce", "lovasz_hinge")


def tied_images():
    """The batch of images() with every background pixel at one confidence (0.1), as the app's
    background-confidence control makes it: 55 and 63 tied pixels, ordered by the contract's
    tie rule (lower index first) in the ranking losses."""
    return [(y, np.where(y > 0.5, p, 0.1)) for y, p in images()]


def losslab_eval(exe, query):
    run = subprocess.run([exe, "eval"], input=json.dumps(query), capture_output=True, text=True, check=True)
    out = json.loads(run.stdout)
    GRADS[json.dumps(query)] = out["grad_logit"]
    return out["value"]


def two_classes(y, p):
    """The app's binary view of generalized Dice: two classes (background, object)."""
    return {"shape": [2, *y.shape], "target": np.stack([1 - y, y]).flatten().tolist(),
            "prob": np.stack([1 - p, p]).flatten().tolist()}


def reference(exe, loss, params, imgs, reduction):
    """The core's batch evaluation (`Loss::evaluate_batch`) of the images under `reduction`."""
    if loss == "generalized_dice":
        # `losslab eval` takes generalized Dice as [C, H, W] only: per image, the mean of each
        # image's value; pooled, the images stacked into one [2, B*8, 8] image (every sum
        # then runs over the whole batch, which is what pooling means).
        # Values only: its gradient is with respect to two channels.
        if reduction == "per_image":
            return float(np.mean([losslab_eval(exe, {**two_classes(y, p), "loss": loss, "params": params})
                                  for y, p in imgs])), None
        y = np.concatenate([i[0] for i in imgs])
        p = np.concatenate([i[1] for i in imgs])
        return losslab_eval(exe, {**two_classes(y, p), "loss": loss, "params": params}), None
    y = np.stack([i[0] for i in imgs])
    p = np.stack([i[1] for i in imgs])
    query = {"shape": list(y.shape), "target": y.flatten().tolist(), "prob": p.flatten().tolist(),
             "loss": loss, "params": {**params, "batch": reduction}}
    value = losslab_eval(exe, query)
    return value, np.array(GRADS[json.dumps(query)]).reshape(y.shape)


def run_snippet(lib, code, imgs, step=None):
    scope = {}
    exec(code, scope)  # noqa: S102 - our own generated code
    fn = scope["loss_fn"]
    if step is not None:  # a scheduled compound: loss_fn(x, y, step)
        fn = (lambda f: lambda a, b: f(a, b, step))(fn)
    y = torch.tensor(np.stack([i[0] for i in imgs]))
    p = torch.tensor(np.stack([i[1] for i in imgs]))
    z = (torch.log(p) - torch.log1p(-p)).requires_grad_()
    if lib == "keras":
        # Keras takes probabilities: the gradient with respect to z goes through p = sigmoid(z)
        # (= p to rounding), which is losslab's grad_logit = dL/dp * p(1 - p).
        value = fn(y[..., None], torch.sigmoid(z)[..., None])
    else:
        value = fn(z[:, None], y[:, None])
    value = torch.as_tensor(value)
    (grad,) = torch.autograd.grad(value, z, allow_unused=True)
    grad = np.zeros(z.shape) if grad is None else grad.detach().numpy()
    return float(value.detach()), grad


def cases(exe, item, imgs):
    """(label, step, reference per reduction, whether the reductions must agree) of an item."""
    if item["loss"] != "compound":
        loss, params = item["loss"], item["params"]
        refs = {r: reference(exe, loss, params, imgs, r) for r in REDUCTIONS}
        yield f"{loss:24} {json.dumps(params):50.50}", None, refs, same_either_way(loss, params)
        return
    names = "+".join(t["loss"] for t in item["terms"])
    for step in item["steps"]:
        w = schedule_weights(item, step or 0)
        terms = [{"loss": t["loss"], "weight": wt, "params": t["params"]} for t, wt in zip(item["terms"], w)]
        refs = {r: reference(exe, "compound", {"terms": terms}, imgs, r) for r in REDUCTIONS}
        label = f"{'compound':24} {names + ('' if step is None else f' step {step}') + ' w ' + json.dumps(w):50.50}"
        yield label, step, refs, all(same_either_way(t["loss"], t["params"]) for t in item["terms"])


def check_snippets(exe, item, imgs, label, step, refs, tally, ties=False):
    """Runs every library's snippet of `item` on `imgs` against `refs` (value, grad_logit per
    reduction), counting in `tally`. On a batch with ties, a snippet whose library sorts
    unstably (note UnstableTies) is held to the value only: its tied pixels' gradients are the
    library's arbitrary order, not the contract's."""
    for reduction in REDUCTIONS:
        ref, ref_grad = refs[reduction]
        for lib, s in item["snippets"][reduction].items():
            tally["total"] += 1
            loose = lib == "keras" or any(n.startswith(LOOSE_NOTES) for n in s["notes"])
            tol = 1e-5 if loose else 1e-7
            try:
                got, grad = run_snippet(lib, s["code"], imgs, step)
                ok = abs(got - ref) <= tol * max(1.0, abs(ref))
                msg = f"{got:.10g} vs losslab {ref:.10g} (rel {abs(got - ref) / max(1.0, abs(ref)):.1e}, tol {tol:g})"
                if ref_grad is not None and not (ties and "UnstableTies" in s["notes"]):
                    # dL/dz per pixel, relative to the largest entry of losslab's.
                    gerr = np.abs(grad - ref_grad).max() / max(np.abs(ref_grad).max(), 1e-300)
                    ok = ok and gerr <= tol
                    tally["grads"] += 1
                    msg += f"; grad_logit rel {gerr:.1e}"
            except Exception as e:  # a snippet that does not run is a failure
                ok, msg = False, f"raised {type(e).__name__}: {e}"
            tally["wrong"] += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {label} {reduction:9} {lib:8} {msg}")
            if not ok:
                print("     " + s["code"].replace("\n", "\n     "))


# Multi-class configurations (multiclass.md): each library branch of codegen/multiclass.rs.
MC_CONFIGS = [
    {"loss": "dice", "params": {}},
    {"loss": "dice", "params": {"batch": "pooled"}},
    {"loss": "dice", "params": {"absent": "zero", "include_background": False}},
    {"loss": "dice", "params": {"absent": "zero", "batch": "pooled", "smooth": 0.0}},
    {"loss": "dice", "params": {"class_reduction": "sum", "smooth": 0.5}},
    {"loss": "dice", "params": {"squared": True, "batch": "pooled", "absent": "zero"}},
    {"loss": "dice", "params": {"activation": "sigmoid", "include_background": False}},
    {"loss": "dice", "params": {"activation": "sigmoid", "absent": "zero", "batch": "pooled"}},
    {"loss": "iou", "params": {"eps": 0.01, "batch": "pooled", "absent": "zero"}},
    {"loss": "iou", "params": {"include_background": False}},
    {"loss": "tversky", "params": {"alpha": 0.7, "beta": 0.3}},
    {"loss": "tversky", "params": {"alpha": 0.3, "beta": 0.7, "absent": "zero", "class_reduction": "sum"}},
    {"loss": "focal_tversky", "params": {"gamma": 2.0, "batch": "pooled", "absent": "zero"}},
    {"loss": "focal_tversky", "params": {}},
    {"loss": "generalized_dice", "params": {"absent": "max"}},
    {"loss": "generalized_dice", "params": {"batch": "pooled", "include_background": False}},
    {"loss": "generalized_dice", "params": {"weight_type": "uniform", "smooth": 1.0}},
    {"loss": "generalized_dice", "params": {"weight_type": "simple", "absent": "zero"}},
    {"loss": "ce", "params": {}},
    {"loss": "ce", "params": {}, "class_weights": [0.2, 1.0, 5.0]},
    {"loss": "focal", "params": {}},
    {"loss": "focal", "params": {"alpha": 0.25, "gamma": 1.5}},
    {"loss": "dice_ce", "params": {}},
    {"loss": "dice_ce", "params": {"include_background": False, "batch": "pooled", "w_ce": 0.5}},
    {"loss": "dice_ce", "params": {"absent": "zero", "class_reduction": "sum"}},
    {"loss": "dice_focal", "params": {}},
    {"loss": "dice_focal", "params": {"alpha": 0.25, "w_focal": 2.0, "batch": "pooled"}},
]
MC_CLASSES = 3


def mc_batch():
    """[2, 3, 8, 8]: image 0 has classes 1 (a 3x3 block) and 2 (two pixels), image 1 class 1
    only (a 2x2 block); probabilities a softmax of seeded logits that favour the true class; for
    the sigmoid configurations a multi-label target (class 2 overlapping class 1) and
    independent probabilities."""
    rng = np.random.default_rng(18)
    labels = np.zeros((2, 8, 8), dtype=np.int64)
    labels[0, 1:4, 1:4] = 1
    labels[0, 6, 5:7] = 2
    labels[1, 4:6, 2:4] = 1
    z = rng.normal(0.0, 0.8, (2, MC_CLASSES, 8, 8))
    z += 1.5 * np.eye(MC_CLASSES)[labels].transpose(0, 3, 1, 2)
    p = np.exp(z) / np.exp(z).sum(1, keepdims=True)
    multi = np.eye(MC_CLASSES)[labels].transpose(0, 3, 1, 2)
    multi[0, 2, 2:4, 2:4] = 1.0  # class 2 overlaps class 1 (multi-label)
    q = 1 / (1 + np.exp(-(rng.normal(-1.0, 0.8, multi.shape) + 2.0 * multi)))
    return labels, p, multi, q


def mc_reference(exe, item, batch):
    labels, p, multi, q = batch
    params = dict(item["params"])
    if "class_weights" in item:
        params["class_weights"] = item["class_weights"]
    query = {"shape": list(p.shape), "layout": "BCHW", "loss": item["loss"], "params": params}
    if params.get("activation") == "sigmoid":
        query.update(target=multi.flatten().tolist(), prob=q.flatten().tolist())
        shape = q.shape
    else:
        query.update(labels=labels.flatten().tolist(), prob=p.flatten().tolist())
        shape = p.shape
    value = losslab_eval(exe, query)
    return value, np.array(GRADS[json.dumps(query)]).reshape(shape)


def mc_run(lib, code, item, batch):
    labels, p, multi, q = batch
    scope = {}
    exec(code, scope)  # noqa: S102 - our own generated code
    fn = scope["loss_fn"]
    sigmoid = item["params"].get("activation") == "sigmoid"
    probs = q if sigmoid else p
    z = torch.tensor(np.log(probs) - np.log1p(-probs) if sigmoid else np.log(probs)).requires_grad_()
    pz = torch.sigmoid(z) if sigmoid else torch.softmax(z, dim=1)
    y = torch.tensor(multi) if sigmoid else torch.tensor(labels)
    if lib == "keras":
        onehot = torch.tensor(multi if sigmoid else np.eye(MC_CLASSES)[labels].transpose(0, 3, 1, 2))
        value = fn(onehot.permute(0, 2, 3, 1), pz.permute(0, 2, 3, 1))
    else:
        value = fn(z, y)
    value = torch.as_tensor(value)
    (grad,) = torch.autograd.grad(value, z, allow_unused=True)
    grad = np.zeros(z.shape) if grad is None else grad.detach().numpy()
    return float(value.detach()), grad


def check_multiclass(exe, tally):
    items = [{**c, "classes": MC_CLASSES} for c in MC_CONFIGS]
    run = subprocess.run(["cargo", "run", "-q", "-p", "losslab-core", "--example", "snippets"],
                         cwd=ROOT, input=json.dumps(items), check=True, capture_output=True, text=True)
    batch = mc_batch()
    for item, out in zip(items, json.loads(run.stdout)):
        ref, ref_grad = mc_reference(exe, item, batch)
        label = f"mc {item['loss']:18} {json.dumps(item['params']) + (' w' if 'class_weights' in item else ''):56.56}"
        for lib, s in out["snippets"].items():
            tally["total"] += 1
            loose = lib == "keras" or any(n.startswith(LOOSE_NOTES) for n in s["notes"])
            tol = 1e-5 if loose else 1e-7
            try:
                got, grad = mc_run(lib, s["code"], item, batch)
                ok = abs(got - ref) <= tol * max(1.0, abs(ref))
                gerr = np.abs(grad - ref_grad).max() / max(np.abs(ref_grad).max(), 1e-300)
                ok = ok and gerr <= tol
                tally["grads"] += 1
                msg = f"{got:.10g} vs losslab {ref:.10g} (rel {abs(got - ref) / max(1.0, abs(ref)):.1e}, tol {tol:g}); grad_logit rel {gerr:.1e}"
            except Exception as e:  # a snippet that does not run is a failure
                ok, msg = False, f"raised {type(e).__name__}: {e}"
            tally["wrong"] += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {label} {lib:8} {msg}")
            if not ok:
                print("     " + s["code"].replace("\n", "\n     "))


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    exe = args[0] if args else str(Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "losslab")
    imgs, tied = images(), tied_images()
    tally = {"total": 0, "wrong": 0, "grads": 0}
    if "--multiclass" in sys.argv:  # the multi-class snippets only
        check_multiclass(exe, tally)
        print(f"{tally['total'] - tally['wrong']} of {tally['total']} multi-class snippets match `losslab eval`")
        return 1 if tally["wrong"] else 0
    failures = told_apart = configs = 0
    for item in snippets():
        for label, step, refs, either_way in cases(exe, item, imgs):
            configs += 1
            # The batch must tell the reductions apart wherever they differ in principle, by
            # more than ten times the loosest tolerance (1e-5): then a snippet within its
            # tolerance of one reference is at least 9e-5 from the other, and the wrong
            # variant fails.
            gap = abs(refs["per_image"][0] - refs["pooled"][0]) / max(1.0, abs(refs["pooled"][0]))
            if either_way:
                if gap > 1e-12:
                    failures += 1
                    print(f"FAIL {label}: a pixel mean differs per image and pooled ({gap:.1e})")
            elif gap <= 1e-4:
                failures += 1
                print(f"FAIL {label}: the batch does not tell per_image from pooled ({gap:.1e})")
            else:
                told_apart += 1
            check_snippets(exe, item, imgs, label, step, refs, tally)
        if item["loss"] in RANKING or any(t["loss"] in RANKING for t in item.get("terms", [])):
            for label, step, refs, _ in cases(exe, item, tied):
                check_snippets(exe, item, tied, label + " [ties]", step, refs, tally, ties=True)
    check_multiclass(exe, tally)
    total, wrong = tally["total"], tally["wrong"]
    print(f"{total - wrong} of {total} snippets match `losslab eval` ({tally['grads']} also in grad_logit; "
          f"ranking losses also on a batch with ties) ({told_apart} of {configs} configurations differ per "
          "image and pooled on the first batch)")
    return 1 if failures or wrong else 0


if __name__ == "__main__":
    sys.exit(main())
