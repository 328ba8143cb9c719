"""What the descriptors' backbone sees: a square view of the image and of the lesion, in
the eight orientations of the square.

EfficientNet-Lite was trained on 224-pixel ImageNet crops whose 8-bit values were centred
on 127 and divided by 128 (its TF-Lite preprocessing); the views here are made the same
way. A lesion has no orientation (the dermatoscope may be held any way round), so every
view is run in its eight dihedral orientations and the outputs, turned back, are averaged
(`dihedral_views`, `dihedral_mean`): the descriptors do not change when the image is
mirrored or turned by a right angle, up to the backbone's rounding.
"""

import numpy as np

from ..._boxes import bounding_box
from ..prior.preprocess import square_rgb, to_square

INPUT_SIZE = 224
# The lesion's crops: its bounding box made square and widened by these shares of its side
# on every edge: with a ring of skin around the border, and tight around the lesion (what
# a small lesion's detail needs, and what a whole-image view at 224 px loses).
CROP_MARGINS = (0.25, 0.05)
ORIENTATIONS = 8


def network_view(rgb, factor, region):
    """The (3, S, S) float32 backbone input of `rgb` (values times `factor` on [0, 1]) and
    the (S, S) float32 share of each input pixel that lies in `region`, the lesion."""
    square = square_rgb(rgb, factor, INPUT_SIZE)
    x = (square * np.float32(255) - np.float32(127)) / np.float32(128)
    weights = to_square(region.astype(np.float32), INPUT_SIZE)
    return np.ascontiguousarray(np.moveaxis(x, -1, 0)), weights


def lesion_crop(region, margin):
    """(rows, cols) slices of the square around `region`'s bounding box, widened by
    `margin` of its side on every edge and clipped to the image."""
    box_rows, box_cols = bounding_box(region)
    top, bottom, left, right = box_rows.start, box_rows.stop, box_cols.start, box_cols.stop
    half = max(bottom - top, right - left) * (0.5 + margin)
    centre_row, centre_col = (top + bottom) / 2, (left + right) / 2
    height, width = region.shape
    return (slice(max(0, int(centre_row - half)), min(height, int(np.ceil(centre_row + half)))),
            slice(max(0, int(centre_col - half)), min(width, int(np.ceil(centre_col + half)))))


def dihedral_views(view):
    """(8, C, S, S): the (C, S, S) `view` turned by 0, 1, 2 and 3 right angles, then its
    left-right mirror turned the same ways."""
    mirrored = view[..., ::-1]
    return np.stack([np.rot90(v, k, axes=(-2, -1)) for v in (view, mirrored) for k in range(4)])


def dihedral_mean(outputs):
    """The mean of the network's (8, ..., s, s) outputs for `dihedral_views`' views, each
    turned back to the orientation of the first so that all describe the same cells."""
    turned_back = [np.rot90(outputs[k], -k, axes=(-2, -1)) for k in range(4)]
    turned_back += [np.rot90(outputs[4 + k], -k, axes=(-2, -1))[..., ::-1] for k in range(4)]
    return np.mean(turned_back, axis=0)
