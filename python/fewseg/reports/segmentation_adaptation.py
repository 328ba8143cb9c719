"""The few-mask adaptation report: `LesionSegmenter` fitted on a few PH2 masks against the
lesion prior alone, both scored on PH2 images neither saw.

    python -m fewseg.reports.segmentation_adaptation --ph2 ../shared/data/ph2 --masks 1,5 --seeds 0,1,2

For each seed, the masks are a seeded choice from the PH2 half the prior trained on
(`fewseg.data.ph2_prior_split`), the other images of that half are given to `fit` as
unlabelled images, and the model is scored on the held-out half, where `segment_lesion`
(the prior alone) is scored too. Each adaptation of `--adaptation` is fitted on the same
choices: "classifier" (the pixel classifier on the fixed prior, one thread) and "network"
(the prior fine-tuned; PyTorch, the ``[train]`` extra, on PyTorch's threads). The fit
time is wall clock.

Orchestration layer: reads the folder, fits, prints, and with --out writes the table.
"""

import argparse
import importlib.util
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from ..data import load_ph2, ph2_prior_split
from ..lesion import LesionSegmenter, NoLesionWarning
from ..lesion.segmentation.segmenter import ADAPTATIONS
from ..metrics import dice
from .segmentation import dice_scores


def adaptation_row(train, held_out, n_masks, seed, unlabelled_limit, adaptation="classifier", fine_tune_steps=150):
    """One table row: LesionSegmenter(adaptation=...) fitted on `n_masks` of `train`
    (seeded), scored on `held_out`."""
    images, masks = train
    chosen = np.random.default_rng(seed).choice(len(images), n_masks, replace=False)
    rest = [image for k, image in enumerate(images) if k not in set(chosen.tolist())][:unlabelled_limit]
    start = time.perf_counter()
    # The pixel classifier runs on one thread, as in the batch runner; PyTorch keeps its own.
    with threadpool_limits(1 if adaptation == "classifier" else None):
        model = LesionSegmenter(random_state=seed, adaptation=adaptation, fine_tune_steps=fine_tune_steps).fit(
            [images[k] for k in chosen], [masks[k] for k in chosen], rest or None)
    fit_seconds = time.perf_counter() - start
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoLesionWarning)
        predicted = model.predict(held_out[0])
    scores = np.array([dice(p, m) for p, m in zip(predicted, held_out[1])])
    return {"adaptation": adaptation, "masks": n_masks, "seed": seed, "unlabelled": len(rest), "fit_seconds": fit_seconds,
            "mean_dice": scores.mean(), "median_dice": np.median(scores), "below_0.6": (scores < 0.6).mean()}


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fewseg.reports.segmentation_adaptation",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--ph2", type=Path, required=True, help="the PH2 folder")
    parser.add_argument("--masks", default="1,5", help="numbers of labelled masks (comma-separated)")
    parser.add_argument("--seeds", default="0,1,2", help="seeds of the choice of masks (comma-separated)")
    parser.add_argument("--unlabelled", type=int, default=100, help="at most this many unlabelled images")
    parser.add_argument("--adaptation", default="classifier,network",
                        help="LesionSegmenter adaptations to fit (comma-separated; network needs the [train] extra)")
    parser.add_argument("--fine-tune-steps", type=int, default=150, help="LesionSegmenter fine_tune_steps (network)")
    parser.add_argument("--out", type=Path, help="folder for segmentation_adaptation.csv")
    args = parser.parse_args(argv)
    counts = [int(n) for n in args.masks.split(",") if n.strip()]
    seeds = [int(s) for s in args.seeds.split(",") if s.strip()]
    adaptations = [a.strip() for a in args.adaptation.split(",") if a.strip()]
    if not adaptations or not set(adaptations) <= set(ADAPTATIONS):
        parser.error(f"--adaptation: expected some of {', '.join(ADAPTATIONS)}, got {args.adaptation!r}")
    if "network" in adaptations and importlib.util.find_spec("torch") is None:
        parser.error('--adaptation network fine-tunes the lesion prior with PyTorch: pip install "fewseg[train]"')
    data = load_ph2(args.ph2)
    split = ph2_prior_split(data.names)
    index = {name: k for k, name in enumerate(data.names)}

    def part(name):
        rows = [index[n] for n in split[name]]
        return [data.images[k] for k in rows], [data.masks[k] for k in rows]

    train, held_out = part("prior_train"), part("held_out")
    if not all(1 <= n < len(train[0]) for n in counts):
        parser.error(f"--masks: expected numbers from 1 to {len(train[0]) - 1}")
    prior, _ = dice_scores(*held_out)
    print(f"prior alone on the {len(held_out[0])} held-out images: mean Dice {prior.mean():.4f}", flush=True)
    rows = [{"adaptation": "none (the prior)", "masks": 0, "seed": None, "unlabelled": 0, "fit_seconds": 0.0, "mean_dice": prior.mean(),
             "median_dice": np.median(prior), "below_0.6": (prior < 0.6).mean()}]
    for adaptation in adaptations:
        for n in counts:
            for seed in seeds:
                rows.append(adaptation_row(train, held_out, n, seed, args.unlabelled, adaptation, args.fine_tune_steps))
                print(f"{adaptation}, {n} masks, seed {seed}: mean Dice {rows[-1]['mean_dice']:.4f} "
                      f"(fit {rows[-1]['fit_seconds']:.0f} s)", flush=True)
    table = pd.DataFrame(rows)
    print(table.round(4).to_string(index=False))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        table.to_csv(args.out / "segmentation_adaptation.csv", index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
