"""The lesion that every descriptor measures: the mask's largest component, holes filled."""

import numpy as np
from scipy import ndimage as ndi

_CROSS = ndi.generate_binary_structure(2, 1)


def largest_filled_region(mask):
    """The largest 8-connected component of `mask`, holes filled (the lesion's outline).

    Holes are the 4-connected background components that do not reach the image edge (the
    complement of an 8-connected region), found with one labelling pass, which is several
    times faster than ``scipy.ndimage.binary_fill_holes``.
    """
    labels, count = ndi.label(mask, structure=np.ones((3, 3), bool))
    if count > 1:
        sizes = np.bincount(labels.ravel())
        sizes[0] = 0
        region = labels == np.argmax(sizes)
    else:
        region = labels > 0
    background, _ = ndi.label(~region, structure=_CROSS)
    edge = np.concatenate([background[0], background[-1], background[:, 0], background[:, -1]])
    outside = np.zeros(background.max() + 1, dtype=bool)
    outside[edge] = True
    outside[0] = False
    return ~outside[background]
