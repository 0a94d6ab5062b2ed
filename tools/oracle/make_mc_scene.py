#!/usr/bin/env python3
"""Golden numbers for the Multi-class view's comparison panel on the view's own scenes.

The view's batches come from the core (`cargo run -p losslab-core --example mc_scene_batch`,
the `mc.*` link settings of each scene below); the four libraries' Dice numbers come from
`make_mc_compare.py`'s `libraries()` (MONAI 1.6.1 `DiceLoss(softmax=True, to_onehot_y=True,
batch=False / True)`, smp 0.6.0 `DiceLoss("multiclass")`, the article's `dice_coef_loss`),
run on `logits = log p` (softmax gives back p), and each is recomputed by the independent
numpy implementation there. Writes `crates/core/tests/golden/mc_scene_compare.json`, which
`tests/e2e/classes_compare.spec.ts` checks the page's `[data-compare]` values against.

Run:  KERAS_BACKEND=torch /work/oracle-venv/bin/python tools/oracle/make_mc_scene.py
"""

import json
import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "torch")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from make_mc_compare import CALLS, independent, libraries  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "crates" / "core" / "tests" / "golden" / "mc_scene_compare.json"

# name, then the view's link settings (none: the default organ-and-lesion scene).
SCENES = [
    "default",
    "companions mc.companions=empty,tiny,large,seed",
    "three-organs mc.preset=three-organs mc.companions=empty,large",
    "lesions-32 mc.preset=lesions mc.grid=32 mc.companions=tiny,seed",
]


def main():
    torch.set_default_dtype(torch.float64)
    run = subprocess.run(
        ["cargo", "run", "-q", "-p", "losslab-core", "--example", "mc_scene_batch"],
        input="\n".join(SCENES) + "\n", capture_output=True, text=True, cwd=ROOT, check=True)
    cases = []
    for line in run.stdout.splitlines():
        batch = json.loads(line)
        b, c, h, w = batch["shape"]
        labels = np.array(batch["labels"], dtype=np.int64).reshape(b, h, w)
        prob = np.array(batch["prob"], dtype=np.float64).reshape(b, c, h, w)
        with np.errstate(divide="ignore"):
            logits = np.log(prob)
        values, back = libraries(logits, labels)
        assert np.abs(back - prob).max() < 1e-12, "softmax(log p) is p"
        check = independent(prob, labels)
        for k, v in values.items():
            assert abs(v - check[k]) <= 1e-12 * max(1.0, abs(v)), (batch["name"], k, v, check[k])
        cases.append({"name": batch["name"], "settings": batch["settings"],
                      "shape": batch["shape"], "values": values, "source": CALLS})
        print(f"{batch['name']:14} " + "  ".join(f"{k} {v:.6f}" for k, v in values.items()))
    OUT.write_text(json.dumps(cases, indent=1) + "\n")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(cases)} scenes")


if __name__ == "__main__":
    main()
