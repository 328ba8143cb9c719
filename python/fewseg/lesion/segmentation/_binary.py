"""Binary morphology with disks through Euclidean distance transforms: exact for disks
(a pixel is within radius r of the set iff its distance to the set is <= r), and in time
linear in the pixel count whatever the radius, where footprint loops cost r^2 per pixel.

Pixels beyond the border neither add to a dilation nor remove from an erosion
(scikit-image's ``mode="ignore"``)."""

import numpy as np

from ...morphology import distance_transform_edt


def dilate_disk(mask, radius):
    """Pixels within `radius` of `mask` (``binary_dilation(mask, disk(radius))``)."""
    if radius <= 0 or not mask.any():
        return mask.copy()
    return distance_transform_edt(~mask) <= radius


def erode_disk(mask, radius):
    """Pixels of `mask` farther than `radius` from any other pixel inside the image
    (``binary_erosion(mask, disk(radius))``)."""
    if radius <= 0 or mask.all():
        return mask.copy()
    return distance_transform_edt(mask) > radius


def close_disk(mask, radius):
    """Closing with a disk, computed on a padded copy so that the border does not stop it."""
    if radius <= 0 or not mask.any():
        return mask.copy()
    pad = int(np.ceil(radius)) + 1
    padded = np.pad(mask, pad)
    closed = erode_disk(dilate_disk(padded, radius), radius)
    return closed[pad:-pad, pad:-pad] | mask


def open_disk(mask, radius):
    """Opening with a disk (border ignored)."""
    if radius <= 0:
        return mask.copy()
    return dilate_disk(erode_disk(mask, radius), radius)
