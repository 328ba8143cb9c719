"""From a thresholded lesion estimate to the final outline: a marker-controlled watershed
places the boundary where the lesion probability and the colour change fastest, within a
band around the estimate; then the outline is made one smooth hole-free region."""

import numpy as np

from ..._boxes import bounding_box
from ...filters import gaussian_gradient_magnitude
from ...morphology import binary_fill_holes
from ...segmentation import watershed
from ._binary import close_disk, dilate_disk, erode_disk, open_disk
from ._working import largest_component

SKIN, LESION = 1, 2


def band_markers(region, frame, band):
    """Lesion seeds deep inside `region`, skin seeds beyond `band` outside it and on the
    frame; the band between them is left to the watershed."""
    markers = np.full(region.shape, SKIN, np.int32)
    # Everything farther than `band` from the region is skin: the rest is decided on the
    # region's box grown by the band (and one pixel of skin, so that erosions see the
    # skin around the region as in the whole image).
    box = bounding_box(region, margin=band + 1)
    if box is None:
        return markers
    region = region[box]
    inner = erode_disk(region, band)
    if inner.sum() < 10:  # a thin lesion: keep its core
        inner = erode_disk(region, 1)
    if not inner.any():
        inner = region
    near = markers[box]
    near[dilate_disk(region, band) & ~frame[box]] = 0
    near[inner] = LESION
    return markers


def probability_edges(log_odds, sigma):
    """Gradient magnitude of the lesion probability, on [0, 1]: strongest where the log
    odds cross zero, so the watershed follows the lesion/skin transition, not texture
    inside."""
    probability = 1 / (1 + np.exp(-log_odds / 2))
    return normalised(gaussian_gradient_magnitude(probability.astype(np.float32), sigma))


def colour_edges(skin_to_lesion, frame, sigma):
    """Gradient magnitude of the skin-to-lesion colour fraction, on [0, 1] over the field
    of view: strongest where the colour changes fastest, which is where experts draw the
    border of a lesion that fades into a lighter halo (where the probability's own
    transition lies further out, at the halo's edge)."""
    edges = gaussian_gradient_magnitude(np.ascontiguousarray(skin_to_lesion, np.float32), sigma)
    inside = edges[~frame]
    return normalised(edges, float(inside.max()) if inside.size else 0.0)


def normalised(edges, top=None):
    top = float(edges.max()) if top is None else top
    if top <= 0:
        return np.zeros(edges.shape, np.float32)
    return np.minimum(edges * np.float32(1 / top), np.float32(1))


def quantized(edges):
    """Edge strengths on 256 levels: plenty to place a boundary, and flooding 8-bit values
    is the watershed's fastest case."""
    return np.round(normalised(edges) * 255).astype(np.uint8)


def watershed_outline(log_odds, region, frame, band, sigma, colour=None, colour_weight=0.0):
    """The lesion within `band` pixels of `region`, bounded where the edges are strongest:
    the probability's edges, mixed with `colour` edges (on [0, 1]) at `colour_weight`."""
    markers = band_markers(region, frame, band)
    edges = probability_edges(log_odds, sigma)
    if colour is not None and colour_weight > 0:
        edges = (1 - colour_weight) * edges + colour_weight * colour
    labels = watershed(quantized(edges), markers, tie_break="raster")
    return labels == LESION


def closing_radius(mask, closing_ratio):
    """`closing_ratio` x the equivalent radius of `mask`, rounded to whole pixels (disks of
    whole radii are the same for every implementation)."""
    return int(round(closing_ratio * np.sqrt(mask.sum() / np.pi)))


def tidy(mask, closing_ratio, opening_radius):
    """One hole-free region: bays closed with a disk proportional to the lesion's size,
    thin protrusions opened away."""
    box = bounding_box(mask, margin=1)
    if box is None:
        return mask.copy()
    # A closing stays within the region's convex hull and an opening within the region,
    # so everything runs on the mask's bounding box; the one-pixel margin of background
    # around it keeps holes and pieces what they are in the whole image.
    region = largest_component(binary_fill_holes(mask[box]))
    radius = closing_radius(region, closing_ratio)
    if radius >= 1:
        region = binary_fill_holes(close_disk(region, radius))
    opened = open_disk(region, opening_radius)
    if opened.any():
        region = opened
    tidied = np.zeros_like(mask)
    tidied[box] = largest_component(binary_fill_holes(region))
    return tidied
