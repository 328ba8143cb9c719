"""Choosing the lesion among the candidate regions of a thresholded map."""

import numpy as np
from scipy import ndimage as ndi

from ..morphology import binary_fill_holes

# Candidates are weighted by exp(-(d / CENTRALITY)^2), d the distance of their centroid
# from the image centre as a fraction of the image's sides: dermoscopists centre lesions.
CENTRALITY = 0.3


def central_large_region(candidates):
    """The 8-connected region of `candidates` with the largest area x centrality, its
    holes filled; None when there is none."""
    labels, count = ndi.label(candidates, structure=np.ones((3, 3), bool))
    if count == 0:
        return None
    rows, cols = candidates.shape
    flat = labels.ravel()
    area = np.bincount(flat, minlength=count + 1)[1:].astype(np.float64)
    yy, xx = np.indices(candidates.shape)
    mean_y = np.bincount(flat, yy.ravel(), count + 1)[1:] / area
    mean_x = np.bincount(flat, xx.ravel(), count + 1)[1:] / area
    offset = np.hypot((mean_y - (rows - 1) / 2) / rows, (mean_x - (cols - 1) / 2) / cols)
    best = 1 + int(np.argmax(area * np.exp(-((offset / CENTRALITY) ** 2))))
    return binary_fill_holes(labels == best)
