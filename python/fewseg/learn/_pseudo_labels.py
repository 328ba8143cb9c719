"""Choosing pseudo-labels: per-class quotas, and agreement between views.

Pure functions on probability arrays, so the rules can be tested on their own.
"""

import numpy as np


def class_quotas(prior, n_unlabeled, fraction):
    """How many unlabelled samples each class may take this round.

    ``round(prior[c] * fraction * n_unlabeled)`` for each class c: the pseudo-labels keep the
    class balance of the labelled samples instead of letting the majority class take every
    confident slot (what a global top-k does when few labels are given).
    """
    return np.rint(np.asarray(prior) * fraction * n_unlabeled).astype(np.int64)


def select_pseudo_labels(probabilities, quotas, tie_order):
    """Pseudo-label the most confident samples of each class, within the class quotas.

    Parameters
    ----------
    probabilities : (n_views, n_samples, n_classes) ndarray
        Each view's class probabilities for the unlabelled samples (one view: shape 1).
    quotas : (n_classes,) ndarray of int
        At most this many samples per class.
    tie_order : (n_samples,) ndarray of int
        A permutation of the samples: equal scores are taken in this order.

    Returns
    -------
    labels : (n_samples,) ndarray of int
        Class index given to each sample, -1 where none is.
    binding : bool
        Whether a quota stopped a class from taking all its candidates.

    Notes
    -----
    A sample is a candidate for class c only where every view predicts c (its argmax); its
    score is the views' mean probability of c. Candidates of each class are taken best
    score first up to the quota, so a quota is an upper bound: a class that few samples look
    like gets few pseudo-labels rather than doubtful ones.
    """
    predicted = probabilities.argmax(axis=2)
    agree = np.all(predicted == predicted[0], axis=0)
    candidate_class = np.where(agree, predicted[0], -1)
    score = probabilities.mean(axis=0)
    labels = np.full(probabilities.shape[1], -1, dtype=np.int64)
    binding = False
    # Stable sort of a tie-ordered permutation: equal scores keep the seeded order.
    for c, quota in enumerate(quotas):
        members = tie_order[candidate_class[tie_order] == c]
        ranked = members[np.argsort(-score[members, c], kind="stable")]
        labels[ranked[:quota]] = c
        binding |= len(ranked) > quota
    return labels, binding
