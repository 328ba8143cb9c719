"""Overlap of segmentation masks."""

import numpy as np


def _pair(a, b):
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        raise ValueError(f"masks: shapes differ, {a.shape} and {b.shape}")
    return a.astype(bool), b.astype(bool)


def dice(a, b):
    """2 |A & B| / (|A| + |B|); 1 for two empty masks."""
    a, b = _pair(a, b)
    total = a.sum() + b.sum()
    return 1.0 if total == 0 else 2.0 * np.logical_and(a, b).sum() / total


def jaccard(a, b):
    """|A & B| / |A | B|; 1 for two empty masks."""
    a, b = _pair(a, b)
    union = np.logical_or(a, b).sum()
    return 1.0 if union == 0 else np.logical_and(a, b).sum() / union
