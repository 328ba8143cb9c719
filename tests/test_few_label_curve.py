"""fewseg.evaluate: few-label learning curves, paired differences and their plot."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import roc_auc_score

from fewseg import SelfTrainingClassifier
from fewseg.evaluate import (
    few_label_curve,
    few_label_scores,
    paired_differences,
    plot_few_label_curve,
    summarise_scores,
)
from fewseg.learn.few_label_curves import METHODS, METRICS


def gaussian_classes(seed, counts, shift=2.0, n_features=4):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(k * shift / 2, 1.0, (n, n_features)) for k, n in enumerate(counts)])
    y = np.repeat(np.arange(len(counts)), counts)
    return X, y


@pytest.fixture(scope="module")
def binary_scores():
    X, y = gaussian_classes(0, (60, 20))
    return few_label_scores(X, y, fractions=(0.1, 0.5, 1.0), n_repeats=3, random_state=1)


def test_table_shape_columns_and_ranges(binary_scores):
    table = summarise_scores(binary_scores)
    assert list(table.index.names) == ["fraction", "method"]
    assert len(table) == 3 * len(METHODS)
    assert table.index.get_level_values("method").tolist()[:3] == list(METHODS)
    expected = ["n_labeled"] + [f"{m}_{s}" for m in METRICS for s in ("mean", "std")]
    assert list(table.columns) == expected
    means = table[[f"{m}_mean" for m in METRICS]].to_numpy()
    assert np.all((means >= 0) & (means <= 1))
    assert np.all(table[[f"{m}_std" for m in METRICS]].to_numpy() >= 0)
    # 30 % of 80 held out leaves 56 (42 + 14): 10 % labels 4 + 1 (at least one per class).
    assert table.loc[(0.1, "labels_only"), "n_labeled"] == 4 + 1
    assert table.loc[(1.0, "labels_only"), "n_labeled"] == 56
    assert len(binary_scores) == 3 * 3 * len(METHODS)


def test_all_labelled_means_every_method_is_the_base_estimator(binary_scores):
    full = binary_scores[binary_scores["fraction"] == 1.0]
    by_method = {method: rows[list(METRICS)].to_numpy() for method, rows in full.groupby("method")}
    assert np.allclose(by_method["labels_only"], by_method["sklearn_self_training"])
    assert np.allclose(by_method["labels_only"], by_method["fewseg_self_training"])


def test_few_label_curve_equals_summarised_scores(binary_scores):
    X, y = gaussian_classes(0, (60, 20))
    table = few_label_curve(X, y, fractions=(0.1, 0.5, 1.0), n_repeats=3, random_state=1)
    pd.testing.assert_frame_equal(table, summarise_scores(binary_scores))


def test_metrics_match_their_definitions(binary_scores):
    row = binary_scores.iloc[0]
    # Balanced accuracy of a binary problem is the mean of sensitivity and specificity.
    assert row["balanced_accuracy"] == pytest.approx((row["sensitivity"] + row["specificity"]) / 2)


def test_three_classes_and_positive_label():
    X, y = gaussian_classes(2, (30, 30, 15), shift=3.0)
    names = np.array(["common", "atypical", "melanoma"])[y]
    table = few_label_curve(X, names, fractions=(0.2, 1.0), n_repeats=2, positive_label="melanoma")
    assert np.all(table["macro_f1_mean"].between(0, 1))
    assert table.loc[(1.0, "labels_only"), "roc_auc_mean"] > 0.8
    with pytest.raises(ValueError, match="^positive_label:"):
        few_label_curve(X, names, n_repeats=1, positive_label="naevus")


def test_named_models_and_paired_differences(binary_scores):
    X, y = gaussian_classes(0, (60, 20))
    models = {"plain": SelfTrainingClassifier(random_state=0), "co": SelfTrainingClassifier(views=[[0, 1], [2, 3]], random_state=0)}
    scores = few_label_scores(X, y, fractions=(0.1,), n_repeats=2, self_training=models)
    assert set(scores["method"]) == {"labels_only", "sklearn_self_training", "plain", "co"}
    differences = paired_differences(scores)
    assert "labels_only" not in differences.index.get_level_values("method")
    # Against a hand computation on the same repeats.
    plain = scores[scores["method"] == "plain"].set_index("repeat")["roc_auc"]
    alone = scores[scores["method"] == "labels_only"].set_index("repeat")["roc_auc"]
    assert differences.loc[(0.1, "plain"), "roc_auc_diff"] == pytest.approx((plain - alone).mean())
    assert differences.loc[(0.1, "plain"), "roc_auc_se"] == pytest.approx((plain - alone).std() / np.sqrt(2))


def test_plot_saves_a_figure(binary_scores, tmp_path):
    pytest.importorskip("matplotlib")
    path = tmp_path / "curve.png"
    figure = plot_few_label_curve(summarise_scores(binary_scores), path, title="synthetic")
    assert path.stat().st_size > 1000
    assert len(figure.axes) == 2
    assert len(figure.axes[0].lines) == len(METHODS)
    # A wide spread near 1: the band stops at 1.
    table = summarise_scores(binary_scores)
    table["roc_auc_mean"], table["roc_auc_std"] = 0.97, 0.2
    band = plot_few_label_curve(table, metrics=("roc_auc",)).axes[0].collections[0]
    heights = np.concatenate([path.vertices[:, 1] for path in band.get_paths()])
    assert heights.max() == pytest.approx(1.0) and heights.min() == pytest.approx(0.77)
    with pytest.raises(ValueError, match="^metrics:"):
        plot_few_label_curve(summarise_scores(binary_scores), metrics=("kappa",))


def test_fixed_splits_score_the_given_test_part_and_relabel_each_repeat():
    X, y = gaussian_classes(2, (60, 30))
    test = np.arange(0, 90, 3)
    train = np.setdiff1d(np.arange(90), test)
    scores = few_label_scores(X, y, fractions=(0.2,), splits=[(train, test)] * 3, random_state=0)
    labels_only = scores[scores["method"] == "labels_only"]
    assert labels_only["repeat"].tolist() == [0, 1, 2]
    assert labels_only["n_labeled"].tolist() == [8 + 4] * 3  # 20 % of 40 and of 20 training samples
    # The same test part, other labelled samples: the labels-only model changes per repeat.
    assert labels_only["roc_auc"].nunique() > 1
    # Scored on the given test part: an all-labelled fit equals a plain fit scored there.
    full = few_label_scores(X, y, fractions=(1.0,), splits=[(train, test)], random_state=0)
    model = SelfTrainingClassifier(random_state=0).fit(X[train], y[train])
    expected = roc_auc_score(y[test], model.predict_proba(X[test])[:, 1])
    assert full.loc[full["method"] == "fewseg_self_training", "roc_auc"].item() == pytest.approx(expected)


@pytest.mark.parametrize(
    ("splits", "message"),
    [
        ([], "no split"),
        ([(np.arange(10), np.arange(10, 20.0))], "integer indices"),
        ([(np.arange(10), np.arange(25, 35))], "outside"),
        ([(np.arange(12), np.arange(10, 20))], "share samples"),
        ([(np.arange(15), np.arange(20, 30))], "lacks a class"),
        ([3], "iterable of"),
    ],
)
def test_bad_splits_are_named(splits, message):
    X, y = gaussian_classes(0, (20, 10))
    with pytest.raises((ValueError, TypeError), match=f"^splits.*{message}"):
        few_label_scores(X, y, fractions=(0.5,), splits=splits)


@pytest.mark.parametrize(
    ("change", "error", "name"),
    [
        ({"y": "with_unlabelled"}, ValueError, "y"),
        ({"y": "one_class"}, ValueError, "y"),
        ({"y": "short"}, ValueError, "y"),
        ({"X": "nan"}, ValueError, "X"),
        ({"X": "1d"}, ValueError, "X"),
        ({"fractions": (0.0, 0.5)}, ValueError, "fractions"),
        ({"fractions": ("a",)}, TypeError, "fractions"),
        ({"n_repeats": 0}, ValueError, "n_repeats"),
        ({"test_size": 1.5}, ValueError, "test_size"),
        ({"self_training": {"x": "not a model"}}, TypeError, "self_training"),
        ({"self_training": {"labels_only": SelfTrainingClassifier()}}, ValueError, "self_training"),
    ],
)
def test_bad_input_errors_name_the_argument(change, error, name):
    X, y = gaussian_classes(0, (20, 10))
    arguments = {"X": X, "y": y, "n_repeats": 1, "fractions": (0.5,)}
    variants = {
        "with_unlabelled": np.where(np.arange(30) == 3, -1, y),
        "one_class": np.zeros(30, int),
        "short": y[:-1],
        "nan": np.where(np.arange(30)[:, None] == 2, np.nan, X),
        "1d": X[:, 0],
    }
    arguments.update({key: variants.get(value, value) if isinstance(value, str) else value for key, value in change.items()})
    with pytest.raises(error, match=f"^{name}:"):
        few_label_curve(**arguments)
