"""`SelfTrainingClassifier`: self-training that holds up when only a handful of labels exist."""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, ClassifierMixin, clone
from sklearn.linear_model import LogisticRegression
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._pseudo_labels import class_quotas, select_pseudo_labels

UNLABELED = -1

# Strong L2 penalty: with 5 to 20 labels an unpenalised logistic regression separates the
# labelled points perfectly and answers 0 or 1 everywhere; C = 0.1 on standardised features
# keeps probabilities graded, which is what ranking candidates for pseudo-labels needs.
DEFAULT_C = 0.1


def default_base_estimator() -> LogisticRegression:
    """Logistic regression with a strong penalty and balanced class weights.

    Balanced weights stop a class with one or two labels from being ignored; the features
    are expected standardised (`SelfTrainingClassifier` does it with every sample). The
    Newton-Cholesky solver suits the few features and samples here: an order of magnitude
    faster than L-BFGS on them, and converged tighter.

    Examples
    --------
    >>> from fewseg.learn import default_base_estimator
    >>> default_base_estimator()
    LogisticRegression(C=0.1, class_weight='balanced', solver='newton-cholesky')
    """
    return LogisticRegression(C=DEFAULT_C, class_weight="balanced", solver="newton-cholesky")


class SelfTrainingClassifier(ClassifierMixin, BaseEstimator):
    """Self-training with class quotas, re-prediction and optional two-view agreement.

    Like ``sklearn.semi_supervised.SelfTrainingClassifier``, samples whose label is -1 are
    unlabelled and the base estimator is refitted on pseudo-labelled variants of the
    training set; unlike it, the pseudo-labels are chosen afresh in every round, none is
    kept for good:

    1. the model of the previous round predicts every unlabelled sample anew, so a
       pseudo-label given early can change or be withdrawn later;
    2. each class c may take at most ``round(prior[c] * fraction_t * n_unlabeled)``
       samples, its most probable ones among those predicted as c, where the prior is that
       of the labelled samples and ``fraction_t`` grows linearly to `pseudo_label_fraction`
       over `max_iter` rounds (curriculum pseudo-labelling): the majority class cannot take
       every slot, as it does with a global top-k or threshold;
    3. with `views`, the pseudo-labels come from one clone of the estimator per view (e.g.
       shape features and colour features), each fitted on the labels of the previous
       round, and a sample is pseudo-labelled only where every view predicts the same class
       (co-training by agreement; the score is the views' mean probability). The final
       estimator is fitted on every column, with the agreed pseudo-labels.

    Features are standardised with the mean and spread of all samples, labelled or not: the
    unlabelled samples tell the scale of every feature for free.

    Parameters
    ----------
    estimator : estimator with ``fit`` and ``predict_proba``, optional
        Fitted on clones; default `default_base_estimator()` (penalised logistic regression).
    max_iter : int, default 10
        Number of self-training rounds (each fits, re-predicts and re-selects).
    pseudo_label_fraction : float in (0, 1], default 0.5
        Share of the unlabelled samples the quotas allow in the last round.
    class_prior : array-like of shape (n_classes,), optional
        Class proportions the quotas follow, in the order of ``classes_``; default the
        proportions among the labelled samples.
    views : sequence of sequences of int, optional
        Column indices of each view for choosing pseudo-labels; default one view of every
        column (plain self-training).
    standardize : bool, default True
        Centre and scale each feature with all samples before fitting.
    random_state : int, RandomState or None
        Order in which samples of equal score are taken; also seeds the base estimators
        whose ``random_state`` is None. Fits are deterministic given an int.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The labels seen (-1 excluded).
    estimator_ : estimator
        The final estimator, fitted on every column with the labels in ``transduction_``.
    view_estimators_ : list of estimators
        The estimators that chose the last round's pseudo-labels, one per view (one
        estimator of every column without `views`); empty when every sample is labelled.
    transduction_ : ndarray of shape (n_samples,)
        Labels of the final fit: the given ones, the pseudo-labels, -1 where none is given.
    labeled_iter_ : ndarray of shape (n_samples,)
        0 for labelled samples; for pseudo-labelled ones the round since which they have held
        their final pseudo-label; -1 for samples left without one.
    n_iter_ : int
        Rounds run (0 when every sample is labelled).
    termination_condition_ : {"max_iter", "no_change", "all_labeled"}
        Why fitting stopped: the last round was reached; the pseudo-labels were the same
        as in the round before with no quota left unused (a fixed point); or every sample
        ended labelled.
    class_prior_ : ndarray of shape (n_classes,)
        The proportions the quotas followed.
    pseudo_label_counts_ : ndarray of shape (``n_iter_``, n_classes)
        Pseudo-labels of each class chosen in each round.
    n_features_in_ : int
        Number of features seen during fit.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg import SelfTrainingClassifier
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(0, 1, (50, 2)), rng.normal(3, 1, (50, 2))])
    >>> y = np.repeat([0, 1], 50)
    >>> y_few = np.full(100, -1)
    >>> y_few[[0, 1, 50, 51]] = y[[0, 1, 50, 51]]
    >>> model = SelfTrainingClassifier(random_state=0).fit(X, y_few)
    >>> bool((model.predict(X) == y).mean() > 0.9)
    True
    """

    def __init__(
        self,
        estimator: Any = None,
        *,
        max_iter: int = 10,
        pseudo_label_fraction: float = 0.5,
        class_prior: npt.ArrayLike | None = None,
        views: Sequence[Sequence[int]] | None = None,
        standardize: bool = True,
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        self.estimator = estimator
        self.max_iter = max_iter
        self.pseudo_label_fraction = pseudo_label_fraction
        self.class_prior = class_prior
        self.views = views
        self.standardize = standardize
        self.random_state = random_state

    def fit(self, X: npt.ArrayLike, y: npt.ArrayLike) -> SelfTrainingClassifier:
        """Fit on `X` with labels `y`, where -1 marks an unlabelled sample.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
            Feature matrix (finite values).
        y : array-like of shape (n_samples,)
            Class labels; -1 for unlabelled samples (string labels have none).

        Returns
        -------
        self : SelfTrainingClassifier
        """
        self._check_params()
        _check_lengths(X, y)
        X, y = validate_data(self, X, y, dtype=np.float64, y_numeric=False)
        labeled = _labeled_mask(y)
        if not labeled.any():
            raise ValueError("y: no labelled sample (every label is -1)")
        check_classification_targets(y[labeled])
        self.classes_, codes = np.unique(y[labeled], return_inverse=True)
        if len(self.classes_) < 2:
            raise ValueError(
                f"y: the labelled samples hold only one class ({self.classes_.tolist()}); "
                "at least 2 classes are needed"
            )
        self.class_prior_ = self._prior(codes)
        views = self._view_columns(X.shape[1])
        X = self._fit_scaling(X)
        rng = check_random_state(self.random_state)
        base = self._seeded_base(rng)

        y_codes = np.full(len(y), UNLABELED, dtype=np.int64)
        y_codes[labeled] = codes
        unlabeled = np.flatnonzero(~labeled)
        tie_order = rng.permutation(len(unlabeled))
        pseudo = np.full(len(unlabeled), UNLABELED, dtype=np.int64)
        since = np.full(len(unlabeled), UNLABELED, dtype=np.int64)
        counts = []
        estimators = []
        self.n_iter_ = 0
        self.termination_condition_ = "all_labeled" if len(unlabeled) == 0 else "max_iter"
        while len(unlabeled) and self.n_iter_ < self.max_iter:
            self.n_iter_ += 1
            estimators = _fit_views(base, X, _with_pseudo_labels(y_codes, unlabeled, pseudo), views)
            probabilities = np.stack([e.predict_proba(X[unlabeled][:, v]) for e, v in zip(estimators, views)])
            fraction = self.pseudo_label_fraction * self.n_iter_ / self.max_iter
            quotas = class_quotas(self.class_prior_, len(unlabeled), fraction)
            chosen, binding = select_pseudo_labels(probabilities, quotas, tie_order)
            changed = chosen != pseudo
            since[changed] = self.n_iter_
            since[chosen == UNLABELED] = UNLABELED
            counts.append(np.bincount(chosen[chosen >= 0], minlength=len(self.classes_)))
            if not changed.any() and not binding:
                self.termination_condition_ = "no_change"
                break
            pseudo = chosen

        final_codes = _with_pseudo_labels(y_codes, unlabeled, pseudo)
        self.estimator_ = _fit_views(base, X, final_codes, [np.arange(X.shape[1])])[0]
        self.view_estimators_ = estimators
        self.pseudo_label_counts_ = np.array(counts, dtype=np.int64).reshape(-1, len(self.classes_))
        self.transduction_ = _decode(final_codes, self.classes_, y)
        self.labeled_iter_ = np.zeros(len(y), dtype=np.int64)
        self.labeled_iter_[unlabeled] = since
        if np.all(final_codes != UNLABELED):
            self.termination_condition_ = "all_labeled"
        return self

    def predict_proba(self, X: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Class probabilities of the final estimator; columns in the order of ``classes_``."""
        check_is_fitted(self)
        X = self._scaled(validate_data(self, X, dtype=np.float64, reset=False))
        return self.estimator_.predict_proba(X)

    def predict(self, X: npt.ArrayLike) -> np.ndarray:
        """The most probable class of each sample."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = False
        tags.input_tags.allow_nan = False
        return tags

    # -- helpers ---------------------------------------------------------------------------

    def _check_params(self):
        if self.estimator is not None:
            for method in ("fit", "predict_proba"):
                if not callable(getattr(self.estimator, method, None)):
                    raise TypeError(
                        f"estimator: {type(self.estimator).__name__} has no {method} method; "
                        "a classifier with fit and predict_proba is needed"
                    )
        if isinstance(self.max_iter, bool) or not isinstance(self.max_iter, numbers.Integral):
            raise TypeError(f"max_iter: expected an int, got {self.max_iter!r}")
        if self.max_iter < 1:
            raise ValueError(f"max_iter: expected at least 1, got {self.max_iter}")
        fraction = self.pseudo_label_fraction
        if isinstance(fraction, bool) or not isinstance(fraction, numbers.Real):
            raise TypeError(f"pseudo_label_fraction: expected a number, got {fraction!r}")
        if not 0 < fraction <= 1:
            raise ValueError(f"pseudo_label_fraction: expected a value in (0, 1], got {fraction}")
        if not isinstance(self.standardize, (bool, np.bool_)):
            raise TypeError(f"standardize: expected a bool, got {self.standardize!r}")

    def _prior(self, codes):
        if self.class_prior is None:
            return np.bincount(codes, minlength=len(self.classes_)) / len(codes)
        try:
            prior = np.asarray(self.class_prior, dtype=np.float64)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"class_prior: expected numbers, got {self.class_prior!r}") from exc
        if prior.shape != (len(self.classes_),):
            raise ValueError(
                f"class_prior: expected {len(self.classes_)} values (one per class in "
                f"{self.classes_.tolist()}), got shape {prior.shape}"
            )
        if not np.all(np.isfinite(prior)) or np.any(prior < 0) or prior.sum() <= 0:
            raise ValueError(f"class_prior: expected non-negative values with a positive sum, got {prior.tolist()}")
        return prior / prior.sum()

    def _view_columns(self, n_features):
        if self.views is None:
            return [np.arange(n_features)]
        if isinstance(self.views, (str, bytes)) or not hasattr(self.views, "__iter__"):
            raise TypeError(f"views: expected a sequence of column index lists, got {self.views!r}")
        columns = []
        for index, view in enumerate(self.views):
            view = np.asarray(view)
            if view.ndim != 1 or view.size == 0 or view.dtype.kind not in "iu":
                raise ValueError(f"views[{index}]: expected a non-empty list of column indices, got {view.tolist()!r}")
            if view.min() < 0 or view.max() >= n_features:
                raise ValueError(f"views[{index}]: column indices must lie in [0, {n_features}), got {view.tolist()}")
            columns.append(view)
        if not columns:
            raise ValueError("views: expected at least one view, got an empty sequence")
        return columns

    def _fit_scaling(self, X):
        if not self.standardize:
            self.mean_, self.scale_ = None, None
            return X
        self.mean_ = X.mean(axis=0)
        spread = X.std(axis=0)
        self.scale_ = np.where(spread > 0, spread, 1.0)  # constant features stay constant
        return self._scaled(X)

    def _scaled(self, X):
        return X if self.mean_ is None else (X - self.mean_) / self.scale_

    def _seeded_base(self, rng):
        base = clone(self.estimator) if self.estimator is not None else default_base_estimator()
        unset = {
            name: int(rng.randint(np.iinfo(np.int32).max))
            for name, value in sorted(base.get_params(deep=True).items())
            if name.endswith("random_state") and value is None
        }
        return base.set_params(**unset)


def _check_lengths(X, y):
    """Name the argument in shape errors (scikit-learn's messages do not)."""
    x_shape, y_shape = _shape(X), _shape(y)
    if x_shape is None or y_shape is None:
        return  # unreadable as arrays: validate_data says why
    if len(x_shape) != 2:
        raise ValueError(f"X: expected a 2-D array (n_samples, n_features), got shape {x_shape}")
    if len(y_shape) >= 1 and x_shape[0] != y_shape[0]:
        raise ValueError(f"y: {y_shape[0]} labels for {x_shape[0]} samples in X")


def _shape(value):
    shape = getattr(value, "shape", None)
    if shape is None:
        try:
            shape = np.asarray(value).shape
        except (TypeError, ValueError):
            return None
    return tuple(shape)


def _labeled_mask(y):
    if y.dtype.kind in "US":
        return np.ones(len(y), dtype=bool)  # a string array cannot hold the integer -1
    return np.array([not _is_unlabeled(value) for value in y]) if y.dtype == object else y != UNLABELED


def _is_unlabeled(value):
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and value == UNLABELED


def _with_pseudo_labels(y_codes, unlabeled, pseudo):
    codes = y_codes.copy()
    codes[unlabeled] = pseudo
    return codes


def _fit_views(base, X, codes, views):
    known = codes != UNLABELED
    return [clone(base).fit(X[known][:, v], codes[known]) for v in views]


def _decode(codes, classes, y):
    """Class codes back to labels, -1 (in `y`'s dtype family) where unlabelled."""
    known = codes != UNLABELED
    if y.dtype.kind in "US":
        return classes[codes]  # every string label is known
    labels = np.empty(len(codes), dtype=y.dtype if y.dtype != object else object)
    labels[known] = classes[codes[known]]
    labels[~known] = UNLABELED
    return labels
