#!/usr/bin/env python3
"""Golden numbers for the multi-class library comparison (crates/core/src/multiclass/compare.rs).

Writes crates/core/tests/golden/mc_compare.json: seeded batches ([B, C, H, W], B 1-3, C 2-5,
sides 8-32; an all-background image, a class absent from some image, a class absent from the
whole batch) and, for each, the "Dice loss" four libraries compute with their defaults, in
float64:

- monai-per-image: monai.losses.DiceLoss(softmax=True, to_onehot_y=True, batch=False)
- monai-pooled:    monai.losses.DiceLoss(softmax=True, to_onehot_y=True, batch=True)
- smp:             segmentation_models_pytorch.losses.DiceLoss("multiclass")
  (all three as shipped, on the logits and the integer labels)
- keras-article:   the article's `dice_coef_loss` (shared/seed: `K.sum(..., axis=[1,2,3])`,
  smooth 1, `K.mean(..., axis=0)`; its missing `return` added). Keras 3 has no `keras.backend.sum`
  and its `ops.mean` on the torch backend averages a float64 tensor in float32 (measured:
  2.395137071609497 against 2.3951370656700277), so the reference number is the code's exact
  float64 torch translation (`torch.sum(..., dim=[1, 2, 3])`, `torch.mean(..., dim=0)`); the
  same code with `keras.ops` (the article's `K.` → `ops.`) runs too, and the script stops
  unless it agrees to 1e-6 relative (its float32 mean).

The inputs are the labels and the softmax probabilities of the logits (torch, float64); the
core's `compare()` gets the one-hot target of the labels and those probabilities.

Checks made here: the contract's "Same name, different numbers" batch gives the contract's
three numbers (0.450513, 0.440668, 0.440669); and every case's number is recomputed from an
independent numpy implementation of each convention (relative 1e-12).

Run:  KERAS_BACKEND=torch /work/oracle-venv/bin/python tools/oracle/make_mc_compare.py
"""

import json
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import keras  # noqa: E402
from keras import ops  # noqa: E402
import monai  # noqa: E402
import segmentation_models_pytorch as smp  # noqa: E402
from monai.losses import DiceLoss  # noqa: E402

warnings.filterwarnings("ignore", category=UserWarning)
torch.set_default_dtype(torch.float64)
keras.config.set_floatx("float64")

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "crates/core/tests/golden/mc_compare.json"
VERSIONS = {
    "python": sys.version.split()[0],
    "torch": torch.__version__,
    "monai": monai.__version__,
    "segmentation_models_pytorch": smp.__version__,
    "keras": keras.__version__,
    "numpy": np.__version__,
}

CALLS = {
    "monai-per-image": "monai.losses.DiceLoss(softmax=True, to_onehot_y=True, batch=False)(logits, labels[:, None])",
    "monai-pooled": "monai.losses.DiceLoss(softmax=True, to_onehot_y=True, batch=True)(logits, labels[:, None])",
    "smp": "segmentation_models_pytorch.losses.DiceLoss(\"multiclass\")(logits, labels)",
    "keras-article": "the article's dice_coef_loss(y_true, y_pred) (smooth=1, axis=[1,2,3], mean over axis 0) "
                     "as its exact float64 torch translation on channels-last one-hot y_true and softmax y_pred; "
                     "the same code in keras.ops (Keras 3, torch backend) agrees to 1e-6 (its ops.mean is float32)",
}


def article_torch(y_true, y_pred, smooth=1.0):
    """dice_coef_loss of the article, K.sum -> torch.sum, K.mean -> torch.mean (float64)."""
    intersection = torch.sum(y_true * y_pred, dim=[1, 2, 3])
    union = torch.sum(y_true, dim=[1, 2, 3]) + torch.sum(y_pred, dim=[1, 2, 3])
    return 1 - torch.mean((2.0 * intersection + smooth) / (union + smooth), dim=0)


def article_keras(y_true, y_pred, smooth=1):
    """dice_coef_loss of the article, K.sum -> ops.sum, K.mean -> ops.mean (Keras 3)."""
    intersection = ops.sum(y_true * y_pred, axis=[1, 2, 3])
    union = ops.sum(y_true, axis=[1, 2, 3]) + ops.sum(y_pred, axis=[1, 2, 3])
    return 1 - ops.mean((2.0 * intersection + smooth) / (union + smooth), axis=0)


def libraries(logits, labels):
    """The four numbers, from the libraries (Keras: the torch translation, checked)."""
    lab = torch.as_tensor(labels, dtype=torch.long)
    z = torch.as_tensor(logits)
    prob = torch.softmax(z, dim=1)
    onehot = torch.nn.functional.one_hot(lab, z.shape[1]).permute(0, 3, 1, 2).to(z.dtype)
    out = {
        "monai-per-image": DiceLoss(softmax=True, to_onehot_y=True, batch=False)(z, lab[:, None].to(z.dtype)),
        "monai-pooled": DiceLoss(softmax=True, to_onehot_y=True, batch=True)(z, lab[:, None].to(z.dtype)),
        "smp": smp.losses.DiceLoss("multiclass")(z, lab),
        "keras-article": article_torch(onehot.permute(0, 2, 3, 1), prob.permute(0, 2, 3, 1)),
    }
    out = {k: float(v) for k, v in out.items()}
    kv = float(article_keras(onehot.permute(0, 2, 3, 1), prob.permute(0, 2, 3, 1)))
    assert abs(kv - out["keras-article"]) <= 1e-6 * max(1.0, abs(kv)), (kv, out["keras-article"])
    return out, prob.numpy()


def independent(prob, labels):
    """Each convention from its description (multiclass.md), in numpy."""
    b, c = prob.shape[:2]
    y = np.stack([(labels == k) for k in range(c)], axis=1).astype(float)

    def dice(unit_axes, smooth, zero_absent):
        inter = (y * prob).sum(unit_axes)
        sy, sp = y.sum(unit_axes), prob.sum(unit_axes)
        with np.errstate(invalid="ignore", divide="ignore"):
            loss = 1 - (2 * inter + smooth) / (sy + sp + smooth)
        if zero_absent:
            loss = np.where(sy > 0, loss, 0.0)
        return float(loss.mean())

    per_image = dice((2, 3), 1e-5, False)
    pooled = dice((0, 2, 3), 1e-5, False)
    smp_value = dice((0, 2, 3), 0.0, True)
    inter = (y * prob).reshape(b, -1).sum(1)
    union = y.reshape(b, -1).sum(1) + prob.reshape(b, -1).sum(1)
    article = float(1 - ((2 * inter + 1) / (union + 1)).mean())
    return {"monai-per-image": per_image, "monai-pooled": pooled, "smp": smp_value, "keras-article": article}


def disc(h, w, cy, cx, r):
    yy, xx = np.mgrid[0:h, 0:w]
    return (yy - cy) ** 2 + (xx - cx) ** 2 <= r * r


def contract_batch():
    """multiclass.md's "Same name, different numbers" batch, given by probabilities."""
    labels = np.zeros((2, 4, 4), dtype=int)
    labels[0, 0:2, 0:2] = 1
    labels[0, 3, 3] = 2
    labels[1, 1:3, 1:3] = 1
    rows = {0: (0.8, 0.1, 0.1), 1: (0.2, 0.7, 0.1), 2: (0.5, 0.2, 0.3)}
    prob = np.stack([np.stack([np.vectorize(lambda k: rows[k][c])(labels[b]) for c in range(3)])
                     for b in range(2)])
    return labels, np.log(prob)


def random_batch(rng, b, c, h, w, shapes):
    """Labels drawn as discs per image (`shapes[b]`: list of (class, radius)), logits that
    favour the true class with noise."""
    labels = np.zeros((b, h, w), dtype=int)
    for i in range(b):
        for cls, r in shapes[i]:
            cy, cx = rng.uniform(r, h - r), rng.uniform(r, w - r)
            labels[i][disc(h, w, cy, cx, r)] = cls
    logits = rng.normal(0.0, 1.0, (b, c, h, w))
    for k in range(c):
        logits[:, k] += np.where(labels == k, rng.uniform(0.5, 3.0), 0.0)
    return labels, logits


def main():
    rng = np.random.default_rng(18)
    batches = [("contract: B 2, C 3, 4x4 (multiclass.md table)", *contract_batch())]
    batches.append(("B 1, C 2, 8x8, one disc", *random_batch(rng, 1, 2, 8, 8, [[(1, 2.5)]])))
    batches.append(("B 2, C 3, 12x8, class 2 only in image 0", *random_batch(
        rng, 2, 3, 12, 8, [[(1, 3.0), (2, 1.5)], [(1, 2.0)]])))
    batches.append(("B 3, C 4, 16x16, image 2 all background, class 3 absent from image 1", *random_batch(
        rng, 3, 4, 16, 16, [[(1, 5.0), (2, 2.0), (3, 1.0)], [(1, 3.0), (2, 4.0)], []])))
    batches.append(("B 2, C 5, 32x32, class 4 absent from the whole batch", *random_batch(
        rng, 2, 5, 32, 32, [[(1, 9.0), (2, 3.0), (3, 1.2)], [(1, 6.0), (3, 4.0)]])))
    batches.append(("B 3, C 3, 20x24, tiny class 2 (1-5 px)", *random_batch(
        rng, 3, 3, 20, 24, [[(1, 6.0), (2, 0.5)], [(1, 8.0), (2, 1.0)], [(2, 1.3)]])))
    batches.append(("B 1, C 2, 8x8, all background", *random_batch(rng, 1, 2, 8, 8, [[]])))
    cases = []
    for name, labels, logits in batches:
        values, prob = libraries(logits, labels)
        check = independent(prob, labels)
        for k, v in values.items():
            assert abs(v - check[k]) <= 1e-12 * max(1.0, abs(v)), (name, k, v, check[k])
        b, c, h, w = prob.shape
        cases.append({
            "name": name,
            "shape": [b, c, h, w],
            "labels": labels.flatten().tolist(),
            "prob": prob.flatten().tolist(),
            "values": values,
            "source": CALLS,
        })
        print(f"{name:70} " + "  ".join(f"{k} {v:.6f}" for k, v in values.items()))
    contract = cases[0]["values"]
    for k, want in (("monai-per-image", 0.450513), ("monai-pooled", 0.440668), ("smp", 0.440669)):
        assert abs(contract[k] - want) < 5e-7, (k, contract[k], want)
    OUT.write_text(json.dumps({"versions": VERSIONS, "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
