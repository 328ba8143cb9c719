"""Few-label learning curves: how each method scores as the share of labelled samples grows.

Per repeat, a stratified split holds out `test_size` of the samples (or a fixed split is
given, such as a data set's validation part); of the rest, a stratified share is labelled
(at least one sample per class, nested: the labels at 10 % include those at 5 %) and the
others are given unlabelled (-1). Three methods are fitted on
the same split and labels:

- ``labels_only``: the base estimator on the labelled samples only;
- ``sklearn_self_training``: ``sklearn.semi_supervised.SelfTrainingClassifier`` with its
  defaults around the same base estimator;
- ``fewseg_self_training``: `fewseg.SelfTrainingClassifier`.

Public as `fewseg.evaluate` (with the plot); segmentation scores are `fewseg.metrics`.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sklearn.base import clone
from sklearn.metrics import accuracy_score, balanced_accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import StratifiedShuffleSplit
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import SelfTrainingClassifier as SklearnSelfTraining

from .._validation import as_real_array
from .self_training import UNLABELED, SelfTrainingClassifier, default_base_estimator

METHODS = ("labels_only", "sklearn_self_training", "fewseg_self_training")
METRICS = ("accuracy", "balanced_accuracy", "roc_auc", "sensitivity", "specificity", "macro_f1")


def few_label_scores(
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    fractions: Sequence[float] = (0.05, 0.1, 0.2, 0.5, 1.0),
    n_repeats: int = 20,
    *,
    test_size: float = 0.3,
    estimator: Any = None,
    self_training: Any = None,
    positive_label: Any = None,
    splits: Iterable[tuple[npt.ArrayLike, npt.ArrayLike]] | None = None,
    random_state: int = 0,
) -> pd.DataFrame:
    """Scores of each method, fraction and repeat (one row each): see `few_label_curve`.

    Examples
    --------
    >>> import numpy as np
    >>> import fewseg.evaluate
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(2, 1, (30, 2))])
    >>> y = np.repeat([0, 1], 30)
    >>> scores = fewseg.evaluate.few_label_scores(X, y, fractions=(0.2,), n_repeats=2)
    >>> scores[["repeat", "fraction", "method"]]
       repeat  fraction                 method
    0       0       0.2            labels_only
    1       0       0.2  sklearn_self_training
    2       0       0.2   fewseg_self_training
    3       1       0.2            labels_only
    4       1       0.2  sklearn_self_training
    5       1       0.2   fewseg_self_training
    """
    X, y = _check_data(X, y)
    fractions = _check_fractions(fractions)
    n_repeats = _check_positive_int(n_repeats, "n_repeats")
    if not (isinstance(test_size, float) and 0 < test_size < 1):
        raise ValueError(f"test_size: expected a float in (0, 1), got {test_size!r}")
    classes = np.unique(y)
    positive = _check_positive_label(positive_label, classes)
    base = _scaled(estimator) if estimator is not None else _scaled(default_base_estimator())
    ours = _named_models(self_training, random_state)

    if splits is None:
        splitter = StratifiedShuffleSplit(n_splits=n_repeats, test_size=test_size, random_state=random_state)
        splits = splitter.split(X, y)
    else:
        splits = _check_splits(splits, y, classes)

    rng = np.random.default_rng(random_state)
    rows = []
    for repeat, (train, test) in enumerate(splits):
        order = _class_orders(y[train], classes, rng)
        for fraction in fractions:
            labeled = _labeled_subset(order, fraction)
            y_partial = _partially_labeled(y[train], labeled)
            models = {
                "labels_only": clone(base).fit(X[train][labeled], y[train][labeled]),
                "sklearn_self_training": _fit_quietly(SklearnSelfTraining(clone(base)), X[train], y_partial),
            }
            models.update({name: clone(model).fit(X[train], y_partial) for name, model in ours.items()})
            for method, model in models.items():
                scores = _scores(model, X[test], y[test], classes, positive)
                rows.append({"repeat": repeat, "fraction": fraction, "n_labeled": int(labeled.sum()), "method": method, **scores})
    return pd.DataFrame(rows)


def few_label_curve(
    X: npt.ArrayLike,
    y: npt.ArrayLike,
    fractions: Sequence[float] = (0.05, 0.1, 0.2, 0.5, 1.0),
    n_repeats: int = 20,
    *,
    test_size: float = 0.3,
    estimator: Any = None,
    self_training: Any = None,
    positive_label: Any = None,
    splits: Iterable[tuple[npt.ArrayLike, npt.ArrayLike]] | None = None,
    random_state: int = 0,
) -> pd.DataFrame:
    """Mean and spread of each method's scores at each labelled fraction.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)
        Feature matrix.
    y : array-like of shape (n_samples,)
        Class of every sample (all known: the curve hides labels itself).
    fractions : sequence of float in (0, 1]
        Shares of the non-held-out samples given labelled.
    n_repeats : int
        Number of random stratified splits.
    test_size : float
        Share of the samples held out for scoring in each repeat.
    estimator : classifier with predict_proba, optional
        The base estimator of ``labels_only`` and ``sklearn_self_training``, fitted after a
        ``StandardScaler``; default `fewseg.learn.default_base_estimator()`.
    self_training : classifier or dict of str to classifier, optional
        The fewseg model, fitted with -1 for the unlabelled samples; default
        ``SelfTrainingClassifier(random_state=random_state)``, reported as
        ``fewseg_self_training``. A dict gives several, each reported under its key.
    positive_label : label, optional
        The class whose sensitivity and specificity are reported (e.g. melanoma); default
        the largest label.
    splits : iterable of (train, test) index arrays, optional
        Fixed splits, one per repeat, instead of `n_repeats` random ones of `test_size`
        (both then unused): for example a data set's fixed validation part, repeated so
        that each repeat labels other training samples. Every class must be in every
        training part.
    random_state : int
        Seeds the splits and the choice of labelled samples.

    Returns
    -------
    table : pandas.DataFrame
        One row per (fraction, method), index in that order; columns ``n_labeled`` (mean
        number of labelled samples) and ``<metric>_mean``, ``<metric>_std`` for accuracy,
        balanced_accuracy, roc_auc (one-vs-rest macro average for more than two classes),
        sensitivity, specificity (of `positive_label` against the rest) and macro_f1. The
        std is over repeats.

    Examples
    --------
    >>> import numpy as np
    >>> import fewseg.evaluate
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(2, 1, (30, 2))])
    >>> y = np.repeat([0, 1], 30)
    >>> table = fewseg.evaluate.few_label_curve(X, y, fractions=(0.2, 1.0), n_repeats=2)
    >>> table.index.names, len(table)
    (FrozenList(['fraction', 'method']), 6)
    >>> bool((table["balanced_accuracy_mean"] > 0.7).all())
    True
    """
    scores = few_label_scores(
        X,
        y,
        fractions,
        n_repeats,
        test_size=test_size,
        estimator=estimator,
        self_training=self_training,
        positive_label=positive_label,
        splits=splits,
        random_state=random_state,
    )
    return summarise_scores(scores)


def summarise_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """Mean and std over repeats of a `few_label_scores` table, by fraction and method.

    Examples
    --------
    >>> import numpy as np
    >>> import fewseg.evaluate
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(2, 1, (30, 2))])
    >>> y = np.repeat([0, 1], 30)
    >>> scores = fewseg.evaluate.few_label_scores(X, y, fractions=(0.2,), n_repeats=2)
    >>> fewseg.evaluate.summarise_scores(scores).columns[:3].tolist()
    ['n_labeled', 'accuracy_mean', 'accuracy_std']
    """
    grouped = scores.groupby(["fraction", "method"], sort=False)
    table = grouped[list(METRICS)].agg(["mean", "std"])
    table.columns = [f"{metric}_{statistic}" for metric, statistic in table.columns]
    table.insert(0, "n_labeled", grouped["n_labeled"].mean())
    return table


def paired_differences(
    scores: pd.DataFrame,
    baseline: str = "labels_only",
    metrics: Sequence[str] = ("balanced_accuracy", "roc_auc", "macro_f1"),
) -> pd.DataFrame:
    """Each method's score minus the baseline's on the same split, mean and standard error.

    Parameters
    ----------
    scores : pandas.DataFrame
        A `few_label_scores` table.
    baseline : str
        The method subtracted.
    metrics : sequence of str
        Metrics compared.

    Returns
    -------
    pandas.DataFrame
        Index (fraction, method) without the baseline; for each metric ``<metric>_diff``
        (mean paired difference) and ``<metric>_se`` (its standard error over repeats).
        A difference below -2 standard errors is a loss beyond noise.

    Examples
    --------
    >>> import numpy as np
    >>> import fewseg.evaluate
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (30, 2)), rng.normal(2, 1, (30, 2))])
    >>> y = np.repeat([0, 1], 30)
    >>> scores = fewseg.evaluate.few_label_scores(X, y, fractions=(0.2,), n_repeats=2)
    >>> differences = fewseg.evaluate.paired_differences(scores, metrics=("roc_auc",))
    >>> differences.index.tolist(), differences.columns.tolist()
    ([(0.2, 'sklearn_self_training'), (0.2, 'fewseg_self_training')], ['roc_auc_diff', 'roc_auc_se'])
    """
    if baseline not in set(scores["method"]):
        raise ValueError(f"baseline: {baseline!r} is not a method of scores")
    key = ["repeat", "fraction"]
    reference = scores[scores["method"] == baseline].set_index(key)[list(metrics)]
    others = scores[scores["method"] != baseline].set_index(key)
    differences = others[list(metrics)] - reference.reindex(others.index)
    differences["method"] = others["method"]
    grouped = differences.reset_index().groupby(["fraction", "method"], sort=False)
    table = {}
    for metric in metrics:
        table[f"{metric}_diff"] = grouped[metric].mean()
        table[f"{metric}_se"] = grouped[metric].std() / np.sqrt(grouped[metric].count())
    return pd.DataFrame(table)


def _scores(model, X, y, classes, positive):
    probabilities = model.predict_proba(X)
    predicted = model.classes_[np.argmax(probabilities, axis=1)]
    if len(classes) == 2:
        auc = roc_auc_score(y == positive, probabilities[:, list(model.classes_).index(positive)])
    else:
        auc = roc_auc_score(y, probabilities, multi_class="ovr", average="macro", labels=model.classes_)
    is_positive, said_positive = y == positive, predicted == positive
    return {
        "accuracy": accuracy_score(y, predicted),
        "balanced_accuracy": balanced_accuracy_score(y, predicted),
        "roc_auc": auc,
        "sensitivity": float(np.mean(said_positive[is_positive])),
        "specificity": float(np.mean(~said_positive[~is_positive])),
        "macro_f1": f1_score(y, predicted, average="macro", labels=classes, zero_division=0),
    }


def _named_models(self_training, random_state):
    if self_training is None:
        return {"fewseg_self_training": SelfTrainingClassifier(random_state=random_state)}
    models = self_training if isinstance(self_training, dict) else {"fewseg_self_training": self_training}
    for name, model in models.items():
        if not (callable(getattr(model, "fit", None)) and callable(getattr(model, "predict_proba", None))):
            raise TypeError(f"self_training: {name!r} is a {type(model).__name__}, not a classifier with fit and predict_proba")
        if name in ("labels_only", "sklearn_self_training"):
            raise ValueError(f"self_training: the name {name!r} is taken by a reference method")
    return models


def _scaled(estimator):
    return make_pipeline(StandardScaler(), clone(estimator))


def _fit_quietly(model, X, y):
    # scikit-learn warns when nothing is unlabelled (fraction 1.0): expected here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="y contains no unlabeled samples", category=UserWarning)
        return model.fit(X, y)


def _class_orders(y, classes, rng):
    """A random order of the samples of each class: the first k are the labelled ones."""
    return [rng.permutation(np.flatnonzero(y == c)) for c in classes]


def _labeled_subset(orders, fraction):
    n_samples = sum(len(order) for order in orders)
    labeled = np.zeros(n_samples, dtype=bool)
    for order in orders:
        labeled[order[: max(1, int(round(fraction * len(order))))]] = True
    return labeled


def _partially_labeled(y, labeled):
    partial = y.astype(object) if y.dtype.kind in "US" else y.copy()
    partial[~labeled] = UNLABELED
    return partial


def _check_data(X, y):
    X = as_real_array(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X: expected a 2-D feature matrix, got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X: contains NaN or infinite values")
    y = np.asarray(y)
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"y: expected {len(X)} labels (one per row of X), got shape {y.shape}")
    classes, counts = np.unique(y, return_counts=True)
    if len(classes) < 2:
        raise ValueError(f"y: expected at least 2 classes, got {classes.tolist()}")
    if y.dtype.kind not in "US" and np.any(y == UNLABELED):
        raise ValueError("y: contains -1, which marks unlabelled samples; give every sample its class (the curve hides labels itself) and code no class as -1")
    if counts.min() < 2:
        raise ValueError(f"y: every class needs at least 2 samples to be split, got counts {dict(zip(classes.tolist(), counts.tolist()))}")
    return X, y


def _check_splits(splits, y, classes):
    try:
        pairs = [(np.asarray(train), np.asarray(test)) for train, test in splits]
    except (TypeError, ValueError) as exc:
        raise TypeError(f"splits: expected an iterable of (train, test) index arrays, got {splits!r}") from exc
    if not pairs:
        raise ValueError("splits: no split given")
    for number, (train, test) in enumerate(pairs):
        for part, indices in (("train", train), ("test", test)):
            if indices.ndim != 1 or indices.size == 0 or indices.dtype.kind not in "iu":
                raise ValueError(f"splits[{number}]: the {part} part must be a non-empty 1-D array of integer indices")
            if indices.min() < 0 or indices.max() >= len(y):
                raise ValueError(f"splits[{number}]: {part} indices outside [0, {len(y)})")
        if np.intersect1d(train, test).size:
            raise ValueError(f"splits[{number}]: the train and test parts share samples")
        if np.unique(y[train]).size != len(classes):
            raise ValueError(f"splits[{number}]: the train part lacks a class of y")
    return pairs


def _check_fractions(fractions):
    try:
        values = [float(f) for f in fractions]
    except (TypeError, ValueError) as exc:
        raise TypeError(f"fractions: expected a sequence of numbers, got {fractions!r}") from exc
    if not values or any(not 0 < f <= 1 for f in values):
        raise ValueError(f"fractions: expected values in (0, 1], got {values}")
    return values


def _check_positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name}: expected an int, got {value!r}")
    if value < 1:
        raise ValueError(f"{name}: expected at least 1, got {value}")
    return int(value)


def _check_positive_label(positive_label, classes):
    if positive_label is None:
        return classes[-1]
    if positive_label not in classes:
        raise ValueError(f"positive_label: {positive_label!r} is not one of the classes {classes.tolist()}")
    return positive_label
