"""Bounding boxes of masks, in any number of dimensions."""

import numpy as np


def bounding_box(mask, margin=0):
    """Slices of the smallest box holding every nonzero pixel of the N-D `mask`, grown by
    `margin` pixels on each side where the array allows; None when `mask` has none.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg._boxes import bounding_box
    >>> mask = np.zeros((5, 6), bool)
    >>> mask[1:3, 2] = True
    >>> bounding_box(mask)
    (slice(1, 3, None), slice(2, 3, None))
    >>> bounding_box(mask, margin=2)
    (slice(0, 5, None), slice(0, 5, None))
    >>> bounding_box(np.zeros((3, 3))) is None
    True
    """
    box = []
    for axis in range(mask.ndim):
        others = tuple(d for d in range(mask.ndim) if d != axis)
        hits = np.flatnonzero(mask.any(axis=others))
        if hits.size == 0:
            return None
        box.append(slice(max(int(hits[0]) - margin, 0), min(int(hits[-1]) + 1 + margin, mask.shape[axis])))
    return tuple(box)
