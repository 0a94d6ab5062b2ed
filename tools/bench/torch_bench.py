"""Times the PyTorch equivalents of losslab's losses: forward + backward, one thread,
float32, on an N×N image with a 9-pixel object (as `losslab bench`). Not used by the tests.

Run with the oracle's venv (tools/oracle/README.md):
    /work/oracle-venv/bin/python tools/bench/torch_bench.py --size 512
    /work/oracle-venv/bin/python tools/bench/torch_bench.py --only compound --scene uncertain
    /work/oracle-venv/bin/python tools/bench/torch_bench.py --only geometry
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


def scene(side, uncertain=False):
    target = torch.zeros(1, 1, side, side)
    c = side // 2
    target[..., c - 1 : c + 2, c - 1 : c + 2] = 1.0
    prob = torch.full((1, 1, side, side), 0.01)
    prob[..., c - 1 : c + 2, c - 1 : c + 2] = 0.8
    if uncertain:
        # As the criterion benchmark's `-uncertain` group: every p in [0.3, 0.7].
        i = torch.arange(side * side, dtype=torch.int64)
        prob = (0.3 + ((i * 2_654_435_761) % 100_003).float() * 4e-6).reshape(1, 1, side, side)
    return target, torch.logit(prob)


def compound_candidates():
    """The losses of losses-compound.md: the libraries' own classes where they have one,
    the authors' code translated to torch where they do not (as tools/oracle/make_compound.py)."""
    from monai.losses import DiceCELoss, DiceFocalLoss
    from segmentation_models_pytorch.losses import LovaszLoss
    from nnunetv2.training.loss.robust_ce_loss import TopKLoss

    eps = 1e-7
    nnunet_topk = TopKLoss(k=10)

    def topk_nnunet(z, y):
        # nnU-Net's two-channel logits [0, z] and a long target.
        return nnunet_topk(torch.cat([torch.zeros_like(z), z], 1), y.long())

    def topk_plain(z, y):
        ell = F.binary_cross_entropy_with_logits(z, y, reduction="none").flatten()
        k = int(ell.numel() * 10 / 100)
        return ell.topk(k, sorted=False).values.mean()

    def dice(p, y, s=1.0):
        return (2 * (p * y).sum() + s) / (p.sum() + y.sum() + s)

    def log_cosh_dice(z, y):
        return torch.log(torch.cosh(1 - dice(torch.sigmoid(z), y)))

    def combo(z, y, r=0.5, beta=0.5):
        p = torch.sigmoid(z)
        ph = p.clamp(eps, 1 - eps)
        ce = (-(beta * y * torch.log(ph)) - (1 - beta) * (1 - y) * torch.log(1 - ph)).mean()
        return r * ce - (1 - r) * dice(p, y)

    def unified_focal(z, y, lam=0.5, delta=0.6, gamma=0.5):
        p = torch.sigmoid(z)
        q0, q1 = (1 - p).clamp(eps, 1 - eps), p.clamp(eps, 1 - eps)
        y0, y1 = 1 - y, y
        lf = ((1 - delta) * (1 - q0) ** gamma * (-y0 * torch.log(q0)) + delta * (-y1 * torch.log(q1))).mean()

        def t(q, yc):
            tp = (yc * q).sum()
            return (tp + eps) / (tp + delta * (yc * (1 - q)).sum() + (1 - delta) * ((1 - yc) * q).sum() + eps)

        lft = 0.5 * ((1 - t(q0, y0)) + (1 - t(q1, y1)) ** (1 - gamma))
        return lam * lft + (1 - lam) * lf

    return {
        "dice_ce": (lambda m: lambda z, y: m(z, y))(DiceCELoss(sigmoid=True)),
        "dice_focal": (lambda m: lambda z, y: m(z, y))(DiceFocalLoss(sigmoid=True)),
        "topk_ce (nnU-Net)": topk_nnunet,
        "topk_ce (torch.topk)": topk_plain,
        "lovasz_hinge": (lambda m: lambda z, y: m(z, y))(LovaszLoss(mode="binary")),
        "log_cosh_dice": log_cosh_dice,
        "combo": combo,
        "unified_focal": unified_focal,
    }


def geometry_candidates():
    """The losses of losses-geometry.md: MONAI's classes; the boundary loss as its authors
    compute it (SciPy's EDT per image on the CPU for the signed distance map, then the product;
    tools/oracle/make_geometry.py translates their code)."""
    import numpy as np
    from monai.losses import HausdorffDTLoss, SoftclDiceLoss, SoftDiceclDiceLoss
    from scipy.ndimage import distance_transform_edt as edt

    def one_hot2dist(seg):
        res = np.zeros_like(seg, dtype=np.float32)
        for k in range(len(seg)):
            posmask = seg[k].astype(bool)
            if posmask.any():
                negmask = ~posmask
                res[k] = edt(negmask) * negmask - (edt(posmask) - 1) * posmask
        return res

    def boundary(z, y):
        yy = y[0, 0].numpy()
        dist = torch.from_numpy(one_hot2dist(np.stack([1 - yy, yy]))[1:])[None]
        return (torch.sigmoid(z)[:, 0:1] * dist).mean()

    return {
        "boundary": boundary,
        "hausdorff_dt": (lambda m: lambda z, y: m(z, y))(HausdorffDTLoss(sigmoid=True)),
        "cldice": (lambda m: lambda z, y: m(z, y))(SoftclDiceLoss(sigmoid=True)),
        "dice_cldice": (lambda m: lambda z, y: m(z, y))(SoftDiceclDiceLoss(sigmoid=True)),
    }


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
    parser.add_argument("--scene", choices=["tiny", "uncertain"], default="tiny")
    parser.add_argument(
        "--only", choices=["all", "article", "compound", "geometry"], default="all"
    )
    args = parser.parse_args()
    target, logit = scene(args.size, args.scene == "uncertain")
    pixels = args.size * args.size
    results = []
    chosen = {}
    if args.only in ("all", "article"):
        chosen.update(candidates())
    if args.only in ("all", "compound"):
        chosen.update(compound_candidates())
    if args.only in ("all", "geometry"):
        chosen.update(geometry_candidates())
    for name, fn in chosen.items():
        for _ in range(3):  # warm-up
            z = logit.clone().requires_grad_(True)
            fn(z, target).backward()
        median, repeats = time_one(fn, logit, target)
        results.append({"loss": name, "ns_per_pixel": round(median / pixels, 3), "repeats": repeats})
    if args.json:
        print(json.dumps({"size": args.size, "library": f"torch {torch.__version__}", "results": results}))
    else:
        print(f"{args.size}×{args.size} ({args.scene}), torch {torch.__version__}, one thread, float32, forward + backward")
        for r in results:
            print(f"{r['loss']:<26}{r['ns_per_pixel']:>8.2f} ns/pixel  ({r['repeats']} runs)")


if __name__ == "__main__":
    main()
