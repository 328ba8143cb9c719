"""The few-label report on PH2: learning curves of melanoma detection and 3-class diagnosis.

    python -m fewseg.reports.few_label --data ../shared/data/ph2 [--out results/] [--repeats 20]

Reads the images and expert masks, extracts `fewseg.lesion` features, and prints (and with
--out saves as CSV and PNG) the `fewseg.evaluate.few_label_curve` tables of

- melanoma versus the rest (balanced accuracy, ROC AUC, sensitivity, specificity, ...);
- common nevus / atypical nevus / melanoma (macro-F1 and the others);
- each method's paired difference to the labels-only baseline, with its standard error.

Orchestration layer: the only part of the few-label work that reads files or prints.
"""

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from ..data import diagnosis_codes, load_ph2
from ..evaluate import few_label_scores, paired_differences, plot_few_label_curve, summarise_scores
from ..learn import SelfTrainingClassifier
from ..lesion.features import CORE_FEATURES, CORE_VIEWS, extract_features

MELANOMA = 2
SHOWN = ("accuracy", "balanced_accuracy", "roc_auc", "sensitivity", "specificity", "macro_f1")


def few_label_report(X, names, diagnosis, *, n_repeats=20, fractions=(0.05, 0.1, 0.2, 0.5, 1.0), random_state=0):
    """Score tables of both tasks (dict: task -> per-repeat scores) on feature matrix `X`.

    The fewseg models are the plain self-training classifier and its co-training variant
    on `CORE_VIEWS` (where every view's features are among `names`).
    """
    models = {"fewseg_self_training": SelfTrainingClassifier(random_state=random_state)}
    if all(name in names for view in CORE_VIEWS for name in view):
        views = [[names.index(name) for name in view] for view in CORE_VIEWS]
        models["fewseg_co_training"] = SelfTrainingClassifier(views=views, random_state=random_state)
    tasks = {"melanoma_vs_rest": (diagnosis == MELANOMA).astype(np.int64), "three_class": diagnosis}
    return {
        task: few_label_scores(
            X, y, fractions, n_repeats, self_training=models, positive_label=1 if task == "melanoma_vs_rest" else MELANOMA, random_state=random_state
        )
        for task, y in tasks.items()
    }


def format_table(table):
    """mean +- std strings, one column per metric."""
    shown = pd.DataFrame(index=table.index)
    shown["n_labeled"] = table["n_labeled"].round(1)
    for metric in SHOWN:
        shown[metric] = [f"{m:.3f} ± {s:.3f}" for m, s in zip(table[f"{metric}_mean"], table[f"{metric}_std"].fillna(0))]
    return shown


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m fewseg.reports.few_label", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path, help="PH2 folder (metadata.csv, IMDnnn.png, IMDnnn_lesion.png)")
    parser.add_argument("--out", type=Path, help="folder for the CSV tables and PNG plots")
    parser.add_argument("--repeats", type=int, default=20, help="random stratified splits (default 20)")
    parser.add_argument("--features", choices=("core", "all"), default="core", help="core: fewseg.lesion CORE_FEATURES (default); all: every descriptor")
    parser.add_argument("--seed", type=int, default=0, help="seed of the splits and of the models")
    parser.add_argument("--masks", choices=("expert", "segmented"), default="expert",
                        help="expert: the PH2 masks (default); segmented: fewseg.segment_lesion's (no labels)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    ph2 = load_ph2(args.data)
    X, names = extract_features(ph2.images, ph2.masks if args.masks == "expert" else None)
    if args.features == "core":
        X, names = X[:, [names.index(n) for n in CORE_FEATURES]], list(CORE_FEATURES)
    print(f"{len(ph2.images)} images, {len(names)} features ({', '.join(names)}), {args.masks} masks; "
          f"features in {time.perf_counter() - start:.1f} s")

    scores = few_label_report(X, names, diagnosis_codes(ph2.diagnoses), n_repeats=args.repeats, random_state=args.seed)
    pd.set_option("display.width", 250)
    pd.set_option("display.max_columns", 20)
    for task, table in scores.items():
        curve = summarise_scores(table)
        print(f"\n== {task}: mean ± std over {args.repeats} repeats, 30 % held out ==")
        print(format_table(curve).to_string())
        differences = paired_differences(table)
        print(f"\n-- {task}: paired difference to labels_only (mean, standard error) --")
        print(differences.round(3).to_string())
        if args.out is not None:
            args.out.mkdir(parents=True, exist_ok=True)
            curve.to_csv(args.out / f"{task}_curve.csv")
            differences.to_csv(args.out / f"{task}_vs_labels_only.csv")
            metrics = ("balanced_accuracy", "roc_auc") if task == "melanoma_vs_rest" else ("macro_f1", "roc_auc")
            try:
                plot_few_label_curve(curve, args.out / f"{task}.png", metrics=metrics,
                                     title=f"PH2 {task.replace('_', ' ')}")
            except ImportError as exc:  # the tables are written; only the figure is missing
                print(f"no plot of {task}: {exc}", file=sys.stderr)
    print(f"\ntotal {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
