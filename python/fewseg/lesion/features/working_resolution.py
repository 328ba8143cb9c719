"""Full-resolution photographs are measured at a working resolution.

A dermatoscope frames about the same patch of skin whatever its camera, so a 30-megapixel
photograph holds the same lesion as a 0.4-megapixel one, with finer detail. The colour,
asymmetry and border descriptors look at structure a few tenths of a percent of the image
diagonal wide (the border band, the derivative's scale and the blur are set in pixels of a
PH2-sized image), so on a larger photograph they would measure something finer, and cost
time in proportion to its pixels. Images whose diagonal exceeds `WORKING_DIAGONAL` are
therefore shrunk (area averaging in linear light) to that diagonal before those descriptors
are measured; the shape descriptors keep the full-resolution outline and its pixel units.
Smaller images are measured as they are: nothing is enlarged.
"""

import numpy as np

from ...transform import resize_area
from .._region import largest_filled_region

# Pixels along the image diagonal at which the descriptors are measured: a little more than
# PH2's 765 x 572 images (955 px), whose detail they were designed on.
WORKING_DIAGONAL = 1024.0


def working_scale(diagonal):
    """Factor (at most 1) from an image of this `diagonal` (px) to the working resolution."""
    return min(1.0, WORKING_DIAGONAL / diagonal)


def shrunk_lesion_window(linear, region, scale):
    """(linear, region) of a lesion window shrunk by `scale` (< 1).

    `linear` is the window's (M, N, 3) linear-light image, `region` its lesion (one filled
    component). The lesion at working resolution is the largest filled component of the
    working pixels at least half covered by it, or, for a lesion smaller than half a
    working pixel, the pixel it covers most: never empty.
    """
    shape = (max(1, round(region.shape[0] * scale)), max(1, round(region.shape[1] * scale)))
    cover = resize_area(region.astype(np.float32), shape)
    lesion = cover >= 0.5
    if not lesion.any():
        lesion = cover == cover.max()
    return resize_area(linear, shape).astype(np.float64), largest_filled_region(lesion)
