"""The dermatoscope's frame and its dark corners (vignetting).

Light falls off with the distance from the centre of the dermatoscope's field of view,
and beyond its edge (black frames, dark corners) there is no skin at all. Skin is the
bright majority of every ring around that centre, so a high percentile per ring traces
the fall-off even where a lesion covers part of the ring; dividing by it evens the skin.
The profile and the gains come from a C++ kernel (cpp/include/fewseg/vignetting.hpp).
"""

import numpy as np
from scipy import ndimage as ndi

from ... import _core
from ._channels import channel_max, channel_min

RINGS = 64
LEVELS = 256
# A black frame is darker than this fraction of the skin's brightness.
BLACK_FRAME = 0.15


def black_frame(brightness, skin_level):
    """Very dark pixels connected to the image border (black frames, masked corners), from
    the per-pixel `brightness` (the channels' maximum) and its 95th percentile."""
    dark = brightness < BLACK_FRAME * skin_level
    border = np.zeros_like(dark)
    border[[0, -1], :] = border[:, [0, -1]] = True
    if not (dark & border).any():
        return np.zeros_like(dark)
    labels, _ = ndi.label(dark)
    touching = np.unique(labels[border & dark])
    return np.isin(labels, touching[touching > 0])


def field_of_view(rgb, percentile, min_gain):
    """(frame, gain): frame marks pixels outside the field of view; gain (M, N, 3) is the
    per-channel brightness of the skin relative to the brightest ring, non-increasing from
    the centre outwards."""
    brightness = channel_max(rgb)
    skin_level = np.percentile(brightness, 95)
    frame = black_frame(brightness, skin_level)
    inside = ~frame
    if frame.any():  # else the skin's level within the field of view is the one above
        skin_level = np.percentile(brightness[inside], 95) if inside.any() else 0.0
    bright = inside & (brightness > 0.5 * skin_level)
    if bright.sum() < 10:
        return np.ones(rgb.shape[:2], bool), np.zeros(rgb.shape, np.float32)
    y, x = np.nonzero(bright)
    gains = _core.ring_gains(rgb, inside, y.mean(), x.mean(), percentile, RINGS, LEVELS)
    frame |= channel_min(gains) < min_gain
    return frame, gains


def corrected(rgb, gains, min_gain):
    """The image with the vignetting divided out (frame pixels are left meaningless)."""
    return rgb / np.maximum(gains, min_gain)
