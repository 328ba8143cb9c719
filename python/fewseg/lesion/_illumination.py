"""The dermatoscope's frame and its dark corners (vignetting).

Light falls off with the distance from the centre of the dermatoscope's field of view,
and beyond its edge (black frames, dark corners) there is no skin at all. Skin is the
bright majority of every ring around that centre, so a high percentile per ring traces
the fall-off even where a lesion covers part of the ring; dividing by it evens the skin.
"""

import numpy as np
from scipy import ndimage as ndi

from ._channels import channel_max, channel_min

RINGS = 64
LEVELS = 256
# A black frame is darker than this fraction of the skin's brightness.
BLACK_FRAME = 0.15


def black_frame(rgb):
    """Very dark pixels connected to the image border (black frames, masked corners)."""
    brightness = channel_max(rgb)
    skin_level = np.percentile(brightness, 95)
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
    frame = black_frame(rgb)
    inside = ~frame
    rows, cols = rgb.shape[:2]
    brightness = channel_max(rgb)
    bright = inside & (brightness > 0.5 * np.percentile(brightness[inside], 95)) if inside.any() else inside
    if bright.sum() < 10:
        return np.ones(rgb.shape[:2], bool), np.zeros(rgb.shape, np.float32)
    y, x = np.nonzero(bright)
    cy, cx = y.mean(), x.mean()
    yy, xx = np.ogrid[:rows, :cols]
    radius = np.sqrt((yy - cy) ** 2 + (xx - cx) ** 2)
    radius /= radius.max()
    ring = np.minimum((radius * RINGS).astype(np.intp), RINGS - 1)

    centres = (np.arange(RINGS) + 0.5) / RINGS
    gains = np.empty(rgb.shape, np.float32)
    ring_in = ring[inside]
    for c in range(3):
        profile = _ring_percentiles(ring_in, rgb[..., c][inside], percentile)
        # Light only falls off outwards: a ring darker than one outside it is lesion.
        profile = np.maximum.accumulate(profile[::-1])[::-1]
        profile /= max(profile.max(), 1e-6)
        gains[..., c] = np.interp(radius, centres, profile)
    frame |= channel_min(gains) < min_gain
    return frame, gains


def _ring_percentiles(ring, values, percentile):
    """`percentile` of `values` per ring, from one joint histogram (1/255 resolution)."""
    level = np.clip((values * (LEVELS - 1) + 0.5).astype(np.intp), 0, LEVELS - 1)
    histogram = np.bincount(ring * LEVELS + level, minlength=RINGS * LEVELS).reshape(RINGS, LEVELS)
    cumulative = np.cumsum(histogram, axis=1)
    counts = cumulative[:, -1]
    target = np.ceil(counts * (percentile / 100.0))
    first = (cumulative >= np.maximum(target, 1)[:, None]).argmax(axis=1)
    return np.where(counts > 0, first / (LEVELS - 1), 0.0)


def corrected(rgb, gains, min_gain):
    """The image with the vignetting divided out (frame pixels are left meaningless)."""
    return rgb / np.maximum(gains, min_gain)
