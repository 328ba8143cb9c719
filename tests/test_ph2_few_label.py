"""The few-label melanoma classifier on the PH2 images with their expert masks, quick setup.

The full figures (20 repeats, full resolution) come from
``python -m fewseg.reports.few_label --data ../shared/data/ph2``; this test keeps the run
short (5 repeats, images and masks decimated 2x, which makes feature extraction 3-4 times
faster) and asserts thresholds a little below what that setup measures.
"""

import numpy as np
import pytest

from fewseg import SelfTrainingClassifier
from fewseg.data import diagnosis_codes, load_ph2
from fewseg.evaluate import few_label_scores, paired_differences, summarise_scores
from fewseg.lesion import extract_features
from fewseg.lesion.features import CORE_FEATURES, CORE_VIEWS


@pytest.fixture(scope="module")
def ph2_core_features(ph2_dir):
    ph2 = load_ph2(ph2_dir)
    X, names = extract_features([image[::2, ::2] for image in ph2.images], [mask[::2, ::2] for mask in ph2.masks])
    assert X.shape == (len(ph2.images), len(names)) and np.all(np.isfinite(X))
    return X[:, [names.index(name) for name in CORE_FEATURES]], diagnosis_codes(ph2.diagnoses)


def test_melanoma_vs_rest_with_ten_and_twenty_percent_labels(ph2_core_features):
    X, diagnosis = ph2_core_features
    melanoma = (diagnosis == 2).astype(int)
    views = [[CORE_FEATURES.index(name) for name in view] for view in CORE_VIEWS]
    models = {
        "fewseg_self_training": SelfTrainingClassifier(random_state=0),
        "fewseg_co_training": SelfTrainingClassifier(views=views, random_state=0),
    }
    scores = few_label_scores(X, melanoma, fractions=(0.1, 0.2), n_repeats=5, self_training=models)
    table = summarise_scores(scores)
    for method in models:
        assert table.loc[(0.1, method), "balanced_accuracy_mean"] >= 0.88
        assert table.loc[(0.1, method), "roc_auc_mean"] >= 0.96
        assert table.loc[(0.2, method), "roc_auc_mean"] >= 0.965
    # No loss against the labels-only baseline beyond two standard errors.
    differences = paired_differences(scores, metrics=("balanced_accuracy", "roc_auc"))
    for metric in ("balanced_accuracy", "roc_auc"):
        assert np.all(differences[f"{metric}_diff"] >= -2 * differences[f"{metric}_se"])
