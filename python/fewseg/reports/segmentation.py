"""The segmentation report: `segment_lesion`'s Dice against expert masks on data no choice
was made on.

    python -m fewseg.reports.segmentation --isic ../shared/data/isic2017 --ph2 ../shared/data/ph2

Parts scored (each line of the table one part x method):
- ``isic_validation``: the ISIC 2017 validation part (`fewseg.data.isic2017`), on which
  nothing was trained or tuned;
- ``ph2_held_out``: the half of the PH2 images the lesion prior did not train on;
- with ``--parts`` also ``isic_tune`` (where the pipeline's choices were made) and
  ``ph2_all`` (half of which the prior trained on).

Orchestration layer: reads the folders, prints, and with --out writes the per-image Dice.
"""

import argparse
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from .._workers import ordered_map
from ..data import isic2017_names, isic2017_split, load_isic2017, load_ph2, ph2_prior_split
from ..lesion import NoLesionWarning, segment_lesion
from ..metrics import dice

DEFAULT_PARTS = ("isic_validation", "ph2_held_out")
ALL_PARTS = ("isic_validation", "isic_tune", "ph2_held_out", "ph2_all")


def load_part(part, isic=None, ph2=None):
    """(names, images, masks) of one report part, or None when its folder is not given."""
    if part.startswith("isic"):
        if isic is None:
            return None
        names = isic2017_split(isic2017_names(isic))[part.removeprefix("isic_")]
        data = load_isic2017(isic, names)
        return data.names, data.images, data.masks
    if ph2 is None:
        return None
    data = load_ph2(ph2)
    keep = set(data.names if part == "ph2_all" else ph2_prior_split(data.names)["held_out"])
    rows = [i for i, name in enumerate(data.names) if name in keep]
    return [data.names[i] for i in rows], data.images.take(rows), data.masks.take(rows)


def dice_scores(images, masks, *, n_jobs=2, **options):
    """Dice of `segment_lesion(image, **options)` against each mask, and the seconds per
    image (wall clock over `n_jobs` threads)."""

    def score(index):
        # Indexed in the worker: a sequence that reads its files (fewseg.data.ImageFiles)
        # then holds only the images being segmented.
        return dice(segment_lesion(images[index], **options), masks[index])

    start = time.perf_counter()
    # An image without a lesion scores 0; its warning is ignored on this thread, around
    # the workers: warnings.catch_warnings in each of them would race with the others.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoLesionWarning)
        scores = np.array(list(ordered_map(score, len(images), n_jobs)))
    return scores, (time.perf_counter() - start) / max(len(images), 1)


def summary_row(part, method, scores, seconds):
    return {"part": part, "method": method, "images": scores.size, "mean_dice": scores.mean(),
            "median_dice": np.median(scores), "below_0.6": (scores < 0.6).mean(),
            "worst_decile_mean": np.sort(scores)[: max(1, scores.size // 10)].mean(), "ms_per_image": 1000 * seconds}


def parse_option(text, parser):
    """NAME=VALUE as (name, number), or (name, text) when VALUE is not a number."""
    name, sep, value = text.partition("=")
    if not sep or not name:
        parser.error(f"--option: expected NAME=VALUE, got {text!r}")
    try:
        return name.strip(), (int(value) if value.strip().lstrip("-").isdigit() else float(value))
    except ValueError:
        return name.strip(), value.strip()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fewseg.reports.segmentation", description=__doc__.splitlines()[0])
    parser.add_argument("--isic", type=Path, help="the ISIC 2017 folder")
    parser.add_argument("--ph2", type=Path, help="a PH2 folder")
    parser.add_argument("--parts", default=",".join(DEFAULT_PARTS), help=f"comma-separated, of {', '.join(ALL_PARTS)}")
    parser.add_argument("--methods", default="prior,colour", help="segment_lesion methods (comma-separated)")
    parser.add_argument("--option", action="append", default=[], metavar="NAME=VALUE",
                        help="a segment_lesion option (repeatable), e.g. colour_edge_weight=0.5")
    parser.add_argument("--jobs", type=int, default=2, help="threads")
    parser.add_argument("--out", type=Path, help="folder for the per-image Dice (segmentation_dice.csv)")
    args = parser.parse_args(argv)
    if args.isic is None and args.ph2 is None:
        parser.error("give --isic, --ph2 or both")
    options = dict(parse_option(text, parser) for text in args.option)
    parts = [p.strip() for p in args.parts.split(",") if p.strip()]
    unknown = sorted(set(parts) - set(ALL_PARTS))
    if unknown:
        parser.error(f"--parts: unknown {unknown}; expected some of {list(ALL_PARTS)}")
    rows, per_image = [], []
    for part in parts:
        loaded = load_part(part, args.isic, args.ph2)
        if loaded is None:
            continue
        names, images, masks = loaded
        for method in [m.strip() for m in args.methods.split(",") if m.strip()]:
            scores, seconds = dice_scores(images, masks, n_jobs=args.jobs, **{**options, "method": method})
            rows.append(summary_row(part, method, scores, seconds))
            per_image += [{"part": part, "method": method, "image": n, "dice": d} for n, d in zip(names, scores)]
            print(f"{part} {method}: mean Dice {scores.mean():.4f}", flush=True)
    print(pd.DataFrame(rows).round(4).to_string(index=False))
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        pd.DataFrame(per_image).to_csv(args.out / "segmentation_dice.csv", index=False)
        pd.DataFrame(rows).to_csv(args.out / "segmentation_summary.csv", index=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
