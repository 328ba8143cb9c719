"""The vignetting gains of `fewseg.lesion.segmentation._illumination.field_of_view` in numpy:
the reference for the C++ kernel (`_core.ring_gains`) in the tests, and the benchmark's
reference pipeline's own."""

import numpy as np


def ring_gains_numpy(rgb, inside, centre, percentile, rings, levels):
    """(M, N, 3) float32 gains: per ring around `centre` and channel, the `percentile` of the
    quantised values inside the field of view, made non-increasing outwards, scaled to 1
    at the brightest and interpolated between ring centres."""
    rows, cols = rgb.shape[:2]
    yy, xx = np.ogrid[:rows, :cols]
    radius = np.sqrt((yy - centre[0]) ** 2 + (xx - centre[1]) ** 2)
    radius /= radius.max()
    ring = np.minimum((radius * rings).astype(np.intp), rings - 1)
    centres = (np.arange(rings) + 0.5) / rings
    gains = np.empty(rgb.shape, np.float32)
    ring_in = ring[inside]
    for c in range(rgb.shape[2]):
        profile = ring_percentiles(ring_in, rgb[..., c][inside], percentile, rings, levels)
        profile = np.maximum.accumulate(profile[::-1])[::-1]
        profile /= max(profile.max(), 1e-6)
        gains[..., c] = np.interp(radius, centres, profile)
    return gains


def ring_percentiles(ring, values, percentile, rings, levels):
    """`percentile` of `values` per ring, from one joint histogram (1 / (levels - 1)
    resolution)."""
    level = np.clip((values * (levels - 1) + 0.5).astype(np.intp), 0, levels - 1)
    histogram = np.bincount(ring * levels + level, minlength=rings * levels).reshape(rings, levels)
    cumulative = np.cumsum(histogram, axis=1)
    counts = cumulative[:, -1]
    target = np.ceil(counts * (percentile / 100.0))
    first = (cumulative >= np.maximum(target, 1)[:, None]).argmax(axis=1)
    return np.where(counts > 0, first / (levels - 1), 0.0)
