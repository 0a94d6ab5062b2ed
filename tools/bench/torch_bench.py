"""Times the PyTorch equivalents of losslab's losses: forward + backward, one thread,
float32, on an N×N image with a 9-pixel object (as `losslab bench`). Not used by the tests.

Run with the oracle's venv (tools/oracle/README.md):
    /work/oracle-venv/bin/python tools/bench/torch_bench.py --size 512
Prints ns per pixel (median of repeats) per loss, and --json prints the same shape as
`losslab bench --json`.
"""

import argparse
import json
import statistics
import time

import torch
import torch.nn.functional as F

torch.set_num_threads(1)


def scene(side):
    target = torch.zeros(1, 1, side, side)
    c = side // 2
    target[..., c - 1 : c + 2, c - 1 : c + 2] = 1.0
    prob = torch.full((1, 1, side, side), 0.01)
    prob[..., c - 1 : c + 2, c - 1 : c + 2] = 0.8
    return target, torch.logit(prob)


def candidates():
    from monai.losses import DiceCELoss, DiceLoss, GeneralizedDiceLoss, TverskyLoss
    from torchvision.ops import sigmoid_focal_loss

    def sens_spec(p, y, lam=0.05, s=1e-5):
        err = (y - p) ** 2
        return lam * (err * y).sum() / (y.sum() + s) + (1 - lam) * (err * (1 - y)).sum() / (
            (1 - y).sum() + s
        )

    return {
        "bce": lambda z, y: F.binary_cross_entropy_with_logits(z, y),
        "wce": lambda z, y: F.binary_cross_entropy_with_logits(z, y, pos_weight=torch.tensor(10.0)),
        "focal": lambda z, y: sigmoid_focal_loss(z, y, reduction="mean"),
        "dice": (lambda m: lambda z, y: m(z, y))(DiceLoss(sigmoid=True)),
        "iou": (lambda m: lambda z, y: m(z, y))(DiceLoss(sigmoid=True, jaccard=True)),
        "tversky": (lambda m: lambda z, y: m(z, y))(TverskyLoss(sigmoid=True, alpha=0.3, beta=0.7)),
        "sensitivity_specificity": lambda z, y: sens_spec(torch.sigmoid(z), y),
        "generalized_dice": (lambda m: lambda z, y: m(z, y))(GeneralizedDiceLoss(sigmoid=True)),
        "bce_dice": (lambda m: lambda z, y: m(z, y))(DiceCELoss(sigmoid=True)),
    }


def time_one(fn, logit, target, min_seconds=0.3):
    samples = []
    start = time.perf_counter()
    while time.perf_counter() - start < min_seconds or len(samples) < 5:
        z = logit.clone().requires_grad_(True)
        t0 = time.perf_counter_ns()
        fn(z, target).backward()
        samples.append(time.perf_counter_ns() - t0)
    return statistics.median(samples), len(samples)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=512)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    target, logit = scene(args.size)
    pixels = args.size * args.size
    results = []
    for name, fn in candidates().items():
        for _ in range(3):  # warm-up
            z = logit.clone().requires_grad_(True)
            fn(z, target).backward()
        median, repeats = time_one(fn, logit, target)
        results.append({"loss": name, "ns_per_pixel": round(median / pixels, 3), "repeats": repeats})
    if args.json:
        print(json.dumps({"size": args.size, "library": f"torch {torch.__version__}", "results": results}))
    else:
        print(f"{args.size}×{args.size}, torch {torch.__version__}, one thread, float32, forward + backward")
        for r in results:
            print(f"{r['loss']:<26}{r['ns_per_pixel']:>8.2f} ns/pixel  ({r['repeats']} runs)")


if __name__ == "__main__":
    main()
