"""From a thresholded lesion estimate to the final outline: a marker-controlled watershed
places the boundary where the lesion probability changes fastest, within a band around
the estimate; then the outline is made one smooth hole-free region."""

import numpy as np

from ..filters import gaussian_gradient_magnitude
from ..morphology import binary_fill_holes
from ..segmentation import watershed
from ._binary import close_disk, dilate_disk, erode_disk, open_disk
from ._working import largest_component

SKIN, LESION = 1, 2


def band_markers(region, frame, band):
    """Lesion seeds deep inside `region`, skin seeds beyond `band` outside it and on the
    frame; the band between them is left to the watershed."""
    inner = erode_disk(region, band)
    if inner.sum() < 10:  # a thin lesion: keep its core
        inner = erode_disk(region, 1)
    if not inner.any():
        inner = region
    markers = np.zeros(region.shape, np.int32)
    markers[frame | ~dilate_disk(region, band)] = SKIN
    markers[inner] = LESION
    return markers


def probability_edges(log_odds, sigma):
    """Gradient magnitude of the lesion probability: strongest where the log odds cross
    zero, so the watershed follows the lesion/skin transition, not texture inside."""
    probability = 1 / (1 + np.exp(-log_odds / 2))
    return quantized(gaussian_gradient_magnitude(probability.astype(np.float32), sigma))


def quantized(edges):
    """Edge strengths on 256 levels: plenty to place a boundary, and flooding 8-bit values
    is the watershed's fastest case."""
    top = float(edges.max())
    if top <= 0:
        return np.zeros(edges.shape, np.uint8)
    return np.round(edges * (255 / top)).astype(np.uint8)


def watershed_outline(log_odds, region, frame, band, sigma):
    markers = band_markers(region, frame, band)
    labels = watershed(probability_edges(log_odds, sigma), markers, tie_break="raster")
    return labels == LESION


def closing_radius(mask, closing_ratio):
    """`closing_ratio` x the equivalent radius of `mask`, rounded to whole pixels (disks of
    whole radii are the same for every implementation)."""
    return int(round(closing_ratio * np.sqrt(mask.sum() / np.pi)))


def tidy(mask, closing_ratio, opening_radius):
    """One hole-free region: bays closed with a disk proportional to the lesion's size,
    thin protrusions opened away."""
    mask = largest_component(binary_fill_holes(mask))
    if not mask.any():
        return mask
    radius = closing_radius(mask, closing_ratio)
    if radius >= 1:
        mask = binary_fill_holes(close_disk(mask, radius))
    opened = open_disk(mask, opening_radius)
    if opened.any():
        mask = opened
    return largest_component(binary_fill_holes(mask))
