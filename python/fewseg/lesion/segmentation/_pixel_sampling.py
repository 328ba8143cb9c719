"""Which pixels `LesionSegmenter` trains on: a few thousand per image, not all of them.

Most pixels are far from the border and easy; the classifier learns where the border lies
only from pixels near it. So half of every image's sample is drawn from a band around the
outline and half from the whole field of view (which keeps the far skin and the lesion's
core in the picture). Pseudo-labels of self-training leave the band out instead: the
border is exactly where the model's own guesses are least trustworthy.
"""

import numpy as np
from scipy import ndimage as ndi

from ._binary import dilate_disk, erode_disk

# Share of each labelled image's sample taken near the expert outline.
NEAR_BORDER_SHARE = 0.5


def labelled_pixels(truth, frame, count, band, rng):
    """Flat indices of `count` pixels of a labelled image (drawn with replacement), half of
    them within `band` pixels of the outline of `truth`, none on the frame."""
    inside = ~frame
    everywhere = np.flatnonzero(inside)
    if everywhere.size == 0:
        return everywhere
    distance = np.where(truth, ndi.distance_transform_edt(truth), ndi.distance_transform_edt(~truth))
    near = np.flatnonzero(inside & (distance <= band)) if truth.any() and not truth.all() else everywhere
    if near.size == 0:
        near = everywhere
    near_count = int(round(count * NEAR_BORDER_SHARE))
    return np.concatenate([rng.choice(everywhere, count - near_count), rng.choice(near, near_count)])


def pseudo_labelled_pixels(mask, frame, count, band, rng):
    """(indices, labels) of up to `count` pixels of an unlabelled image whose predicted
    `mask` is trusted: lesion deeper than `band` inside it, skin farther than `band` outside
    it, half of each; empty when either side has too few pixels."""
    lesion = np.flatnonzero(erode_disk(mask, band))
    skin = np.flatnonzero(~dilate_disk(mask, band) & ~frame)
    half = count // 2
    if min(lesion.size, skin.size) < 10 or half == 0:
        return np.empty(0, np.intp), np.empty(0, bool)
    indices = np.concatenate([rng.choice(lesion, half), rng.choice(skin, half)])
    labels = np.repeat([True, False], half)
    return indices, labels
