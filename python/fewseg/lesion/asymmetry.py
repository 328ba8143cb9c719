"""Asymmetry of a lesion about its principal axes: of its outline, and of its colours.

Stoecker, Li and Moss (1992) mirror the lesion about the two principal axes through its
centroid; the ABCD rule's A criterion counts the axes about which "contour, colours and
structures" are asymmetric, so both the outline and the colour pattern are measured here.
"""

import numpy as np
from scipy import ndimage as ndi

# Colours are compared after a box blur this wide (share of the image diagonal, about 15 px
# on a PH2 image) so that pigment network meshes and hairs, which are never mirror images,
# do not count as asymmetry; blotches, veils and regression areas do.
COLOUR_BLUR = 0.015


def principal_axes(region):
    """Centroid, pixel coordinates and unit principal axes (columns, minor first)."""
    coords = np.argwhere(region)
    centroid = coords.mean(axis=0)
    centred = coords - centroid
    _, axes = np.linalg.eigh(np.cov(centred, rowvar=False, bias=True).reshape(2, 2))
    return centroid, coords, axes


def mirror_pairs(region, coords, centroid, axis):
    """Pixels of `region` whose mirror image about `axis` lands in it, and those mirrors."""
    centred = coords - centroid
    along = centred @ axis
    mirrored = np.rint(centroid + 2.0 * along[:, None] * axis[None, :] - centred).astype(np.int64)
    inside = (
        (mirrored[:, 0] >= 0)
        & (mirrored[:, 0] < region.shape[0])
        & (mirrored[:, 1] >= 0)
        & (mirrored[:, 1] < region.shape[1])
    )
    inside[inside] = region[mirrored[inside, 0], mirrored[inside, 1]]
    return coords[inside], mirrored[inside]


def shape_asymmetry(region):
    """area(region XOR its mirror image) / area about each principal axis, lower first."""
    centroid, coords, axes = principal_axes(region)
    values = []
    for axis in axes.T:
        kept, _ = mirror_pairs(region, coords, centroid, axis)
        # |R xor m(R)| = |R| + |m(R)| - 2 |R and m(R)|, and the mirror has the area of R.
        values.append(2.0 * (len(coords) - len(kept)) / len(coords))
    values.sort()
    return {"asymmetry_min": float(values[0]), "asymmetry_max": float(values[1])}


def colour_asymmetry(lab, region, diagonal):
    """How different the colours of mirror-image points are, about the principal axes.

    ``colour_asymmetry``: mean CIELAB distance (Delta E 76) between the blurred colour of a
    lesion pixel and that of its mirror image, averaged over the two axes.
    ``colour_asymmetry_ratio``: the same divided by the RMS distance of the lesion's
    pixels (unblurred) to their mean colour, so that it measures how the colours are laid
    out rather than how contrasted they are: near 0 for a symmetric pattern. The unblurred
    spread keeps the ratio stable on near-uniform lesions, where the blurred spread would
    be tiny and the ratio mostly noise.
    """
    width = max(1, int(round(COLOUR_BLUR * diagonal)))
    blurred = np.stack([ndi.uniform_filter(lab[..., k], width, mode="nearest") for k in range(3)], axis=-1)
    centroid, coords, axes = principal_axes(region)
    distances = []
    for axis in axes.T:
        source, mirror = mirror_pairs(region, coords, centroid, axis)
        if len(source):
            difference = blurred[source[:, 0], source[:, 1]] - blurred[mirror[:, 0], mirror[:, 1]]
            distances.append(np.sqrt((difference**2).sum(axis=1)).mean())
    mean_distance = float(np.mean(distances)) if distances else 0.0
    colours = lab[region]
    spread = float(np.sqrt(((colours - colours.mean(axis=0)) ** 2).sum(axis=1).mean()))
    return {
        "colour_asymmetry": mean_distance,
        "colour_asymmetry_ratio": mean_distance / spread if spread > 0 else 0.0,
    }
