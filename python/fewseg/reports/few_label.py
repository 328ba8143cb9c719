"""The few-label report: melanoma detection (and on PH2 the 3-class diagnosis) against the
share of labelled images, on PH2 and on ISIC 2017.

    python -m fewseg.reports.few_label --data ../shared/data/ph2 --data ../shared/data/isic2017 \\
        [--views both] [--masks expert] [--repeats 20] [--out results/]

The protocol makes no choice from the images it scores:

- the features are every hand-made descriptor of `fewseg.lesion_features` but the two in
  pixels (`PIXEL_FEATURES`: on photographs of several cameras they measure the camera;
  their relative twins are kept) and, with
  ``--views learned`` or ``both``, its 32 learned ones (an unsupervised projection fitted on
  the ISIC train part's masks, no diagnosis read); no subset is picked from labels, and the
  co-training views are fixed by design (hand-made against learned);
- PH2: each repeat holds out a stratified 30 % of the images and labels a share of the rest;
- ISIC 2017: the fixed validation part (`fewseg.data.isic2017_split`) is scored, the train
  and tune parts are the training part; each repeat labels another share of it. Nothing in
  fewseg was tuned on the validation part.

Every table has the labels-only baseline (penalised logistic regression on the labelled
images), scikit-learn's self-training around it, fewseg's self-training and, with both
views, its co-training; then each method's paired difference to the baseline with its
standard error. ``--masks segmented`` runs end to end on `fewseg.segment_lesion`'s masks.

Orchestration layer: the only part of the few-label work that reads files or prints.
"""

import argparse
import sys
import time
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..data import diagnosis_codes, isic2017_names, isic2017_split, load_isic2017, load_ph2
from ..evaluate import few_label_scores, paired_differences, plot_few_label_curve, summarise_scores
from ..learn import SelfTrainingClassifier
from ..lesion import NoLesionWarning, extract_features, segment_lesion
from ..lesion.features import PIXEL_FEATURES

MELANOMA = 2  # diagnosis_codes: common nevus 0, atypical nevus 1, melanoma 2
FRACTIONS = (0.05, 0.1, 0.2, 0.5, 1.0)
SHOWN = ("accuracy", "balanced_accuracy", "roc_auc", "sensitivity", "specificity", "macro_f1")
VIEWS = ("hand", "learned", "both")


class FewLabelData(NamedTuple):
    """One data set's images, masks, tasks ({task: labels}) and fixed splits (None: random)."""

    name: str
    images: list
    masks: list
    tasks: dict
    splits: list | None


def load_data_set(folder, masks, repeats):
    """`FewLabelData` of a PH2 or an ISIC 2017 folder, recognised by its files."""
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"--data: {folder} is not a folder")
    if any(folder.glob("ISIC_*.jpg")):
        names = isic2017_names(folder)
        data = load_isic2017(folder, names)
        parts = isic2017_split(names)
        scored = set(parts["validation"])
        train = np.array([i for i, n in enumerate(names) if n not in scored])
        test = np.array([i for i, n in enumerate(names) if n in scored])
        tasks = {"melanoma_vs_rest": np.array(data.melanoma, dtype=np.int64)}
        chosen = data.masks if masks == "expert" else SegmentedMasks(data.images)
        return FewLabelData("ISIC 2017", data.images, chosen, tasks, [(train, test)] * repeats)
    ph2 = load_ph2(folder)
    diagnosis = diagnosis_codes(ph2.diagnoses)
    tasks = {"melanoma_vs_rest": (diagnosis == MELANOMA).astype(np.int64), "three_class": diagnosis}
    chosen = ph2.masks if masks == "expert" else SegmentedMasks(ph2.images)
    return FewLabelData("PH2", ph2.images, chosen, tasks, None)


class SegmentedMasks(Sequence):
    """`segment_lesion`'s mask of each of `images`, computed when indexed (one image in
    memory at a time); where it finds no lesion (and warns so), the central ellipse
    (`central_ellipse`), so that every image is still scored. `fallbacks` holds the
    indices of those."""

    def __init__(self, images):
        self.images = images
        self.fallbacks = set()

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        mask = segment_lesion(self.images[index])  # an empty mask warns (NoLesionWarning)
        if not mask.any():
            self.fallbacks.add(index)
            mask = central_ellipse(mask.shape)
        return mask


def central_ellipse(shape):
    """The ellipse centred in an image of `shape` whose axes span two thirds of each side."""
    rows, cols = np.ogrid[: shape[0], : shape[1]]
    return ((rows - shape[0] / 2) / (shape[0] / 3)) ** 2 + ((cols - shape[1] / 2) / (shape[1] / 3)) ** 2 <= 1


def feature_matrix(images, masks, views):
    """(X, names, view columns): hand-made (but `PIXEL_FEATURES`) and/or learned descriptors of every image."""
    # Images without a lesion are counted by SegmentedMasks, not warned about one by one.
    # Ignored here, on the calling thread: warnings.catch_warnings changes the process's
    # filters, so entered and left in each worker thread it would race with the others.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoLesionWarning)
        X, names = extract_features(images, masks, learned=views != "hand", n_jobs=-1)
    learned = [i for i, name in enumerate(names) if name.startswith("learned_")]
    hand = [i for i, name in enumerate(names) if not name.startswith("learned_") and name not in PIXEL_FEATURES]
    keep = {"hand": hand, "learned": learned, "both": hand + learned}[views]
    X, names = X[:, keep], [names[i] for i in keep]
    view_columns = [list(range(len(hand))), list(range(len(hand), len(keep)))] if views == "both" else None
    return X, names, view_columns


def few_label_report(X, tasks, *, views=None, splits=None, n_repeats=20, fractions=FRACTIONS, random_state=0):
    """Score tables of every task (dict: task -> per-repeat scores) on feature matrix `X`.

    The fewseg models are self-training on every column and, with `views` (lists of column
    indices), co-training on them.
    """
    models = {"fewseg_self_training": SelfTrainingClassifier(random_state=random_state)}
    if views is not None:
        models["fewseg_co_training"] = SelfTrainingClassifier(views=views, random_state=random_state)
    return {
        task: few_label_scores(X, y, fractions, n_repeats, self_training=models, splits=splits,
                               positive_label=1 if task == "melanoma_vs_rest" else MELANOMA, random_state=random_state)
        for task, y in tasks.items()
    }


def format_table(table):
    """mean +- std strings, one column per metric."""
    shown = pd.DataFrame(index=table.index)
    shown["n_labeled"] = table["n_labeled"].round(1)
    for metric in SHOWN:
        shown[metric] = [f"{m:.3f} ± {s:.3f}" for m, s in zip(table[f"{metric}_mean"], table[f"{metric}_std"].fillna(0))]
    return shown


def parse_arguments(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fewseg.reports.few_label", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path, action="append",
                        help="a PH2 or ISIC 2017 folder (repeat for both)")
    parser.add_argument("--out", type=Path, help="folder for the CSV tables and PNG plots")
    parser.add_argument("--repeats", type=int, default=20, help="repeats: random splits on PH2, labelled subsets on ISIC (default 20)")
    parser.add_argument("--views", choices=VIEWS, default="both",
                        help="hand: the hand-made descriptors; learned: the learned ones; both (default), with co-training between them")
    parser.add_argument("--seed", type=int, default=0, help="seed of the splits and of the models")
    parser.add_argument("--masks", choices=("expert", "segmented"), default="expert",
                        help="expert: the data set's masks (default); segmented: fewseg.segment_lesion's (no labels)")
    args = parser.parse_args(argv)
    if args.repeats < 1:
        parser.error(f"--repeats: expected at least 1, got {args.repeats}")
    return args


def report_data_set(data, args):
    """Print (and with --out save) the tables of one data set."""
    start = time.perf_counter()
    X, names, views = feature_matrix(data.images, data.masks, args.views)
    if isinstance(data.masks, SegmentedMasks) and data.masks.fallbacks:
        print(f"segment_lesion found no lesion in {len(data.masks.fallbacks)} image(s): scored on the central ellipse",
              file=sys.stderr)
    print(f"\n##### {data.name}: {len(data.images)} images, {len(names)} features ({args.views}), "
          f"{args.masks} masks; features in {time.perf_counter() - start:.1f} s", flush=True)
    scored = "the fixed validation part" if data.splits else "30 % held out"
    scores = few_label_report(X, data.tasks, views=views, splits=data.splits, n_repeats=args.repeats, random_state=args.seed)
    stem = data.name.lower().replace(" ", "")
    for task, table in scores.items():
        curve = summarise_scores(table)
        print(f"\n== {data.name} {task}: mean ± std over {args.repeats} repeats, {scored} ==")
        print(format_table(curve).to_string())
        differences = paired_differences(table)
        print(f"\n-- {data.name} {task}: paired difference to labels_only (mean, standard error) --")
        print(differences.round(3).to_string(), flush=True)
        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
            curve.to_csv(args.out / f"{stem}_{task}_curve.csv")
            differences.to_csv(args.out / f"{stem}_{task}_vs_labels_only.csv")
            metrics = ("balanced_accuracy", "roc_auc") if task == "melanoma_vs_rest" else ("macro_f1", "roc_auc")
            try:
                plot_few_label_curve(curve, args.out / f"{stem}_{task}.png", metrics=metrics,
                                     title=f"{data.name} {task.replace('_', ' ')}")
            except ImportError as exc:  # the tables are written; only the figure is missing
                print(f"no plot of {task}: {exc}", file=sys.stderr)


def main(argv=None):
    args = parse_arguments(argv)
    start = time.perf_counter()
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 20)
    for folder in args.data:
        report_data_set(load_data_set(folder, args.masks, args.repeats), args)
    print(f"\ntotal {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
