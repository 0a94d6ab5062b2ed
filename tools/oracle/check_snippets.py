#!/usr/bin/env python3
"""Runs the app's exported code snippets (crates/core/src/codegen) in the real libraries and
compares each with `losslab eval` — outside the required test suite.

For every configuration of CONFIGS below and every library
(PyTorch, MONAI, segmentation_models_pytorch, Keras 3 on the torch backend), the snippet is
exec'd and its `loss_fn` is called on a batch of two 8x8 images (a 9-pixel and a 1-pixel
object, hard targets, probabilities inside the 1e-7 clip); the reference is the mean of
`losslab eval` on each image (the article's per-image mean). float64 throughout.

Run (from the repository root):
    cargo build --release --bin losslab
    KERAS_BACKEND=torch /work/oracle-venv/bin/python tools/oracle/check_snippets.py [path/to/losslab]

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
]


def snippets():
    run = subprocess.run(
        ["cargo", "run", "-q", "-p", "losslab-core", "--example", "snippets"],
        cwd=ROOT, input=json.dumps(CONFIGS), check=True, capture_output=True, text=True,
    )
    return json.loads(run.stdout)


def images():
    rng = np.random.default_rng(6)
    out = []
    for cells in ([(2, 2), (2, 3), (3, 2), (3, 3), (4, 3), (3, 4), (2, 4), (4, 4), (4, 2)], [(5, 5)]):
        y = np.zeros((8, 8))
        for r, c in cells:
            y[r, c] = 1.0
        p = np.where(y > 0.5, rng.uniform(0.55, 0.95, (8, 8)), rng.uniform(0.02, 0.3, (8, 8)))
        out.append((y, np.round(p, 6)))
    return out


def losslab_eval(exe, loss, params, y, p):
    if loss == "generalized_dice":  # the app's binary view: two classes (background, object)
        query = {"shape": [2, 8, 8], "target": np.concatenate([1 - y, y]).flatten().tolist(),
                 "prob": np.concatenate([1 - p, p]).flatten().tolist()}
    else:
        query = {"shape": [8, 8], "target": y.flatten().tolist(), "prob": p.flatten().tolist()}
    query.update({"loss": loss, "params": params})
    run = subprocess.run([exe, "eval"], input=json.dumps(query), capture_output=True, text=True, check=True)
    return json.loads(run.stdout)["value"]


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
    exe = sys.argv[1] if len(sys.argv) > 1 else str(Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target")) / "release" / "losslab")
    imgs = images()
    failures = total = 0
    for item in snippets():
        loss, params = item["loss"], item["params"]
        ref = float(np.mean([losslab_eval(exe, loss, params, y, p) for y, p in imgs]))
        for lib, s in item["snippets"].items():
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
            print(f"{'ok  ' if ok else 'FAIL'} {loss:24} {json.dumps(params):70.70} {lib:8} {msg}")
            if not ok:
                print("     " + s["code"].replace("\n", "\n     "))
    print(f"{total - failures} of {total} snippets match `losslab eval`")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
