"""The segmentation label-efficiency curve: mean Dice on the ISIC validation part against
the number of training masks, supervised only against semi-supervised (a mean teacher on
the rest of the training images, unlabelled).

    python -m fewseg.training.label_efficiency --isic ../shared/data/isic2017 --out results/

Each run trains the lesion prior's U-Net from scratch at a reduced size (a few minutes per
run on 2 cores), with the same number of steps whatever the number of masks, so the curve
compares what the labels (and the unlabelled images) teach, not how long training ran.
The shipped prior is trained by `fewseg.training.lesion_prior` at full size.
"""

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from ..data import isic2017_names, isic2017_split, load_isic2017
from ._loop import fit_network
from ._network import LesionUNet
from .lesion_prior import dice_scores, squares


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fewseg.training.label_efficiency",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--isic", type=Path, required=True, help="the ISIC 2017 folder")
    parser.add_argument("--out", type=Path, required=True, help="folder for the table (CSV, JSON) and plot (PNG)")
    parser.add_argument("--masks", default="5,20,100,all", help="numbers of training masks (comma-separated)")
    parser.add_argument("--size", type=int, default=96, help="network input size")
    parser.add_argument("--channels", type=lambda s: tuple(int(c) for c in s.split(",")), default=(8, 16, 32, 64, 96))
    parser.add_argument("--steps", type=int, default=1000, help="training steps per run")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--learning-rate", type=float, default=3e-3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--limit", type=int, help="use at most this many images of each part (smoke runs)")
    return parser.parse_args(argv)


def main(argv=None):
    args = parse_arguments(argv)
    torch.set_num_threads(args.threads)
    parts = isic2017_split(isic2017_names(args.isic))
    if args.limit:
        parts = {part: names[:args.limit] for part, names in parts.items()}
    train, validation = load_isic2017(args.isic, parts["train"]), load_isic2017(args.isic, parts["validation"])
    x_all, y_all = squares(train.images, train.masks, size=round(args.size * 1.2))
    order = np.random.default_rng(args.seed).permutation(len(train.names))
    counts = [len(order) if c.strip() == "all" else min(int(c), len(order)) for c in args.masks.split(",")]
    steps_per_epoch = 50
    epochs = max(1, args.steps // steps_per_epoch)
    rows = []
    for count in counts:
        labelled, rest = order[:count], order[count:]
        for mode in ("supervised", "mean_teacher"):
            if mode == "mean_teacher" and not rest.size:
                continue  # every mask is used: nothing left unlabelled
            started = time.time()
            torch.manual_seed(args.seed)
            generator = torch.Generator().manual_seed(args.seed)
            model = LesionUNet(args.channels).to(memory_format=torch.channels_last)
            fit_network(model, x_all[labelled], y_all[labelled], size=args.size, epochs=epochs,
                        batch_size=args.batch_size, learning_rate=args.learning_rate, weight_decay=1e-4,
                        generator=generator, steps_per_epoch=steps_per_epoch,
                        unlabelled=x_all[rest] if mode == "mean_teacher" else None)
            scores = dice_scores(model, validation.images, validation.masks, size=args.size)
            rows.append({"masks": count, "method": mode, "unlabelled": int(rest.size) if mode == "mean_teacher" else 0,
                         "validation_images": scores.size, "mean_dice": float(scores.mean()),
                         "below_0.6": float((scores < 0.6).mean()), "minutes": (time.time() - started) / 60})
            print(json.dumps(rows[-1]), flush=True)
    table = pd.DataFrame(rows)
    args.out.mkdir(parents=True, exist_ok=True)
    table.to_csv(args.out / "label_efficiency.csv", index=False)
    (args.out / "label_efficiency.json").write_text(json.dumps({"settings": {k: str(v) for k, v in vars(args).items()},
                                                                "rows": rows}, indent=1) + "\n")
    plot(table, args.out / "label_efficiency.png")
    print(table.round(4).to_string(index=False))
    return 0


def plot(table, path):
    """Mean Dice against masks (log scale), one line per method; skipped without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import pyplot as plt
    except ImportError:
        return
    figure, axes = plt.subplots(figsize=(5, 3.5))
    for method, group in table.groupby("method"):
        axes.plot(group["masks"], group["mean_dice"], marker="o", label=method.replace("_", " "))
    axes.set_xscale("log")
    axes.set_xlabel("training masks (ISIC 2017 train part)")
    axes.set_ylabel("mean Dice, ISIC validation part")
    axes.grid(alpha=0.3)
    axes.legend()
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


if __name__ == "__main__":
    sys.exit(main())
