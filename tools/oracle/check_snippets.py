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
`Loss::evaluate_batch`). On this batch the two reductions give different values for every loss
but the pixel means, so a snippet with the wrong variant fails; the script says how many
configurations tell the two apart and fails if one that must does not. float64 throughout.

Run (from the repository root):
    cargo build --bin losslab
    python3 -m venv VENV && VENV/bin/pip install torch torchvision monai segmentation-models-pytorch keras
    KERAS_BACKEND=torch VENV/bin/python tools/oracle/check_snippets.py [path/to/losslab]

Exit status 0 when every snippet matches within its tolerance (1e-7 relative; 1e-5 where a
note says the library adds 1e-7 to a denominator, uses MONAI's unsmoothed class weights or
computes in float32), 1 otherwise.
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
LOOSE_NOTES = ("EpsilonInDenominator", "GdlWeights", "KerasTverskyDocs")
REDUCTIONS = ("per_image", "pooled")


def same_either_way(loss, params):
    """Whether per image and pooled agree on equal-size images: a mean over pixels."""
    if loss == "bce":
        return True
    if loss == "wce":
        return params.get("pos_weight") != "balanced"
    if loss == "focal":
        return params.get("reduction") == "mean"
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
]


def snippets():
    run = subprocess.run(
        ["cargo", "run", "-q", "-p", "losslab-core", "--example", "snippets"],
        cwd=ROOT, input=json.dumps(CONFIGS), check=True, capture_output=True, text=True,
    )
    return json.loads(run.stdout)


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


def losslab_eval(exe, query):
    run = subprocess.run([exe, "eval"], input=json.dumps(query), capture_output=True, text=True, check=True)
    return json.loads(run.stdout)["value"]


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
        if reduction == "per_image":
            return float(np.mean([losslab_eval(exe, {**two_classes(y, p), "loss": loss, "params": params})
                                  for y, p in imgs]))
        y = np.concatenate([i[0] for i in imgs])
        p = np.concatenate([i[1] for i in imgs])
        return losslab_eval(exe, {**two_classes(y, p), "loss": loss, "params": params})
    y = np.stack([i[0] for i in imgs])
    p = np.stack([i[1] for i in imgs])
    query = {"shape": list(y.shape), "target": y.flatten().tolist(), "prob": p.flatten().tolist(),
             "loss": loss, "params": {**params, "batch": reduction}}
    return losslab_eval(exe, query)


def run_snippet(lib, code, imgs):
    scope = {}
    exec(code, scope)  # noqa: S102 - our own generated code
    fn = scope["loss_fn"]
    y = torch.tensor(np.stack([i[0] for i in imgs]))
    p = torch.tensor(np.stack([i[1] for i in imgs]))
    if lib == "keras":
        value = fn(y[..., None], p[..., None])
    else:
        z = torch.log(p) - torch.log1p(-p)
        value = fn(z[:, None], y[:, None])
    return float(torch.as_tensor(value).detach())


def main():
    exe = sys.argv[1] if len(sys.argv) > 1 else str(Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "debug" / "losslab")
    imgs = images()
    failures = total = told_apart = wrong = 0
    for item in snippets():
        loss, params = item["loss"], item["params"]
        refs = {r: reference(exe, loss, params, imgs, r) for r in REDUCTIONS}
        # The batch must tell the reductions apart wherever they differ in principle, by more
        # than ten times the loosest tolerance (1e-5): then a snippet within its tolerance of
        # one reference is at least 9e-5 from the other, and the wrong variant fails.
        gap = abs(refs["per_image"] - refs["pooled"]) / max(1.0, abs(refs["pooled"]))
        if same_either_way(loss, params):
            if gap > 1e-12:
                failures += 1
                print(f"FAIL {loss} {json.dumps(params)}: a pixel mean differs per image and pooled ({gap:.1e})")
        elif gap <= 1e-4:
            failures += 1
            print(f"FAIL {loss} {json.dumps(params)}: the batch does not tell per_image from pooled ({gap:.1e})")
        else:
            told_apart += 1
        for reduction in REDUCTIONS:
            ref = refs[reduction]
            for lib, s in item["snippets"][reduction].items():
                total += 1
                loose = lib == "keras" or any(n.startswith(LOOSE_NOTES) for n in s["notes"])
                tol = 1e-5 if loose else 1e-7
                try:
                    got = run_snippet(lib, s["code"], imgs)
                    ok = abs(got - ref) <= tol * max(1.0, abs(ref))
                    msg = f"{got:.10g} vs losslab {ref:.10g} (rel {abs(got - ref) / max(1.0, abs(ref)):.1e}, tol {tol:g})"
                except Exception as e:  # a snippet that does not run is a failure
                    ok, msg = False, f"raised {type(e).__name__}: {e}"
                failures += not ok
                wrong += not ok
                print(f"{'ok  ' if ok else 'FAIL'} {loss:24} {json.dumps(params):50.50} {reduction:9} {lib:8} {msg}")
                if not ok:
                    print("     " + s["code"].replace("\n", "\n     "))
    print(f"{total - wrong} of {total} snippets match `losslab eval` "
          f"({told_apart} of {len(CONFIGS)} configurations differ per image and pooled on this batch)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
