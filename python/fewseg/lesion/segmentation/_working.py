"""Moving between the input's resolution and the fixed working resolution."""

import numpy as np
from scipy import ndimage as ndi

from ..._boxes import bounding_box
from ...morphology import binary_fill_holes
from ...transform import resize_area, resize_bilinear


def working_shape(shape, working_size):
    """(rows, cols) with the longest side `working_size` and the same aspect ratio."""
    rows, cols = shape[:2]
    scale = working_size / max(rows, cols)
    return max(1, round(rows * scale)), max(1, round(cols * scale))


def to_working(rgb, factor, working_size):
    """The image at the working size (area-averaged when shrinking, which is the usual
    case; interpolated when enlarging), as float32 in [0, 1]."""
    shape = working_shape(rgb.shape, working_size)
    shrinking = shape[0] <= rgb.shape[0] and shape[1] <= rgb.shape[1]
    small = resize_area(rgb, shape) if shrinking else resize_bilinear(rgb, shape)
    return np.multiply(small, factor, dtype=np.float32)


def to_full_size(mask, shape):
    """A working-size bool mask at full size: bilinear interpolation of the mask
    thresholded at one half, so the outline stays smooth; then, within the lesion's
    bounding box, holes filled and only the largest piece kept (resampling may not
    preserve them exactly)."""
    if mask.shape == tuple(shape):
        return mask.copy()
    full = resize_bilinear(mask.astype(np.float32), shape) > 0.5
    box = bounding_box(full)
    if box is None:
        return full
    full[box] = largest_component(binary_fill_holes(full[box]))
    return full


def largest_component(mask):
    """The largest 8-connected piece of `mask`."""
    labels, count = ndi.label(mask, structure=np.ones((3, 3), bool))
    if count <= 1:
        return mask.copy() if count else mask
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    return labels == np.argmax(sizes)
