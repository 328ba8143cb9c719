"""Asymmetry of a lesion about its principal axes: of its outline, and of its colours.

Stoecker, Li and Moss (1992) mirror the lesion about the two principal axes through its
centroid; the ABCD rule's A criterion counts the axes about which "contour, colours and
structures" are asymmetric, so both the outline and the colour pattern are measured, with
one set of mirror images.
"""

import numpy as np
from scipy import ndimage as ndi

# Colours are compared after a box blur this wide (share of the image diagonal, about 15 px
# on a PH2 image) so that pigment network meshes and hairs, which are never mirror images,
# do not count as asymmetry; blotches, veils and regression areas do.
COLOUR_BLUR = 0.015
# Colour spreads below 1 Delta E (under the just-noticeable difference) count as 1: a uniform
# lesion has no colour pattern to be asymmetric, and its ratio must not blow up.
MIN_SPREAD = 1.0


def asymmetry_features(lab, region, diagonal):
    """Outline and colour asymmetry of `region` about its two principal axes.

    Parameters
    ----------
    lab : (M, N, 3) ndarray
        The image in CIELAB.
    region : (M, N) ndarray of bool
        The lesion (one component).
    diagonal : float
        Diagonal of the whole image in pixels (sets the blur width).

    Returns
    -------
    dict
        ``asymmetry_min``, ``asymmetry_max``: area(region XOR mirror image) / area about
        each axis, the lower first (0 for a mirror-symmetric outline).
        ``colour_asymmetry``: mean CIELAB distance (Delta E 76) between the blurred colour
        of a lesion pixel and that of its mirror image (pairs whose mirror falls in the
        lesion), averaged over the two axes.
        ``colour_asymmetry_ratio``: that distance divided by the RMS distance of the
        lesion's pixels (unblurred) to their mean colour: how the colours are laid out
        rather than how contrasted they are, near 0 for a symmetric pattern. The unblurred
        spread keeps the ratio stable on near-uniform lesions, where a blurred spread would
        be tiny and the ratio mostly noise; spreads under `MIN_SPREAD` count as that.
    """
    flat_region = region.ravel()
    pixels = np.flatnonzero(flat_region)
    rows, cols = np.divmod(pixels, region.shape[1])
    # Coordinates from the corner of the lesion's bounding box: where a reflection lands
    # half-way between pixel centres, the same floating-point numbers then pick the same
    # nearest pixel wherever the lesion lies in the image.
    corner = np.array([rows.min(), cols.min()])
    coords = (np.column_stack([rows, cols]) - corner).astype(np.float64)
    centroid = coords.mean(axis=0)
    centred = coords - centroid
    _, axes = np.linalg.eigh(np.cov(centred, rowvar=False, bias=True).reshape(2, 2))

    width = 2 * int(round(COLOUR_BLUR * diagonal / 2)) + 1  # odd: a box centred on its pixel
    blurred = [ndi.uniform_filter(lab[..., k], width, mode="nearest").ravel() for k in range(3)]
    mismatch, colour_distance = [], []
    for axis in axes.T:
        source, mirror = _mirror_pairs(centred, centroid, corner, axis, pixels, flat_region, region.shape)
        # |R xor m(R)| = |R| + |m(R)| - 2 |R and m(R)|, and the mirror has the area of R.
        mismatch.append(2.0 * (len(pixels) - len(source)) / len(pixels))
        if len(source):
            squared = sum((channel[source] - channel[mirror]) ** 2 for channel in blurred)
            colour_distance.append(float(np.sqrt(squared).mean()))
    mismatch.sort()
    distance = float(np.mean(colour_distance)) if colour_distance else 0.0
    colours = lab.reshape(-1, 3)[pixels]
    spread = float(np.sqrt(colours.var(axis=0).sum()))
    return {
        "asymmetry_min": mismatch[0],
        "asymmetry_max": mismatch[1],
        "colour_asymmetry": distance,
        "colour_asymmetry_ratio": distance / max(spread, MIN_SPREAD),
    }


def _mirror_pairs(centred, centroid, corner, axis, pixels, flat_region, shape):
    """Flat indices of the region pixels whose mirror image about `axis` lies in the
    region, and of those mirror images (nearest pixel). `centred` and `centroid` are in
    coordinates from `corner`."""
    along = centred @ axis
    mirrored = np.rint(centroid + 2.0 * along[:, None] * axis[None, :] - centred).astype(np.int64) + corner
    inside = (mirrored[:, 0] >= 0) & (mirrored[:, 0] < shape[0]) & (mirrored[:, 1] >= 0) & (mirrored[:, 1] < shape[1])
    flat_mirror = mirrored[inside, 0] * shape[1] + mirrored[inside, 1]
    kept = flat_region[flat_mirror]
    return pixels[inside][kept], flat_mirror[kept]
