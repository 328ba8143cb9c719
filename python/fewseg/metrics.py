"""Overlap between segmentation masks."""

import numpy as np

from ._validation import as_real_array, check_same_shape


def dice(mask_a, mask_b):
    """Dice coefficient 2|A & B| / (|A| + |B|) of two masks (nonzero = inside).

    Parameters
    ----------
    mask_a, mask_b : ndarray
        bool (or numeric, read as nonzero) masks of the same shape.

    Returns
    -------
    float
        From 0 (disjoint) to 1 (identical); 1.0 when both masks are empty.

    Raises
    ------
    ValueError
        If the shapes differ.
    TypeError
        For non-numeric arrays.
    """
    a, b = _masks(mask_a, mask_b)
    total = int(np.count_nonzero(a)) + int(np.count_nonzero(b))
    if total == 0:
        return 1.0
    return 2.0 * int(np.count_nonzero(a & b)) / total


def jaccard(mask_a, mask_b):
    """Jaccard index |A & B| / |A | B| of two masks; 1.0 when both are empty.

    Parameters and errors as for `dice`.
    """
    a, b = _masks(mask_a, mask_b)
    union = int(np.count_nonzero(a | b))
    if union == 0:
        return 1.0
    return int(np.count_nonzero(a & b)) / union


def _masks(mask_a, mask_b):
    a = as_real_array(mask_a, "mask_a")
    b = as_real_array(mask_b, "mask_b")
    check_same_shape(b, "mask_b", a, "mask_a")
    return a != 0, b != 0
