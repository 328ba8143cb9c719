"""Segmentation scores: the overlap between two masks (Dice, Jaccard).

Masks follow the one mask rule (`fewseg._validation.as_mask`): bool or integer, nonzero
inside, or float holding only 0 and 1. Classifier evaluation (few-label learning curves) is
`fewseg.evaluate`; the ``fewseg evaluate segmentation`` command scores folders with these.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from ._validation import as_mask

__all__ = ["dice", "jaccard"]


def dice(mask_a: npt.ArrayLike, mask_b: npt.ArrayLike) -> float:
    """Dice coefficient ``2 |A & B| / (|A| + |B|)`` of two masks (nonzero = inside).

    Parameters
    ----------
    mask_a, mask_b : ndarray
        Masks of the same shape, any dimensions: bool or integer (nonzero = inside), or
        float holding only 0 and 1 (the one mask rule, `fewseg._validation.as_mask`).

    Returns
    -------
    float
        From 0 (disjoint) to 1 (identical); 1.0 when both masks are empty.

    Raises
    ------
    ValueError
        If the shapes differ, or a float mask holds values other than 0 and 1.
    TypeError
        For non-numeric arrays.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.metrics import dice
    >>> a = np.zeros((4, 4), bool)
    >>> a[:2] = True
    >>> b = np.zeros((4, 4), bool)
    >>> b[1:3] = True
    >>> dice(a, b)  # 2 * 4 / (8 + 8)
    0.5
    """
    a, b = _masks(mask_a, mask_b)
    total = int(np.count_nonzero(a)) + int(np.count_nonzero(b))
    if total == 0:
        return 1.0
    return 2.0 * int(np.count_nonzero(a & b)) / total


def jaccard(mask_a: npt.ArrayLike, mask_b: npt.ArrayLike) -> float:
    """Jaccard index ``|A & B| / |A | B|`` of two masks; 1.0 when both are empty.

    Parameters and errors as for `dice`.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.metrics import jaccard
    >>> a = np.zeros((4, 4), bool)
    >>> a[:2] = True
    >>> b = np.zeros((4, 4), bool)
    >>> b[1:3] = True
    >>> round(jaccard(a, b), 4)  # 4 / 12
    0.3333
    """
    a, b = _masks(mask_a, mask_b)
    union = int(np.count_nonzero(a | b))
    if union == 0:
        return 1.0
    return int(np.count_nonzero(a & b)) / union


def _masks(mask_a, mask_b):
    a = as_mask(mask_a, "mask_a")
    return a, as_mask(mask_b, "mask_b", a.shape, "mask_a")
