"""Shape descriptors of a lesion mask: the seed's three features, compactness, solidity.

Provisional pure-numpy versions: the lead will swap `seed_shape_features` and the hull-based
measures onto `fewseg.regionprops_table` (C++, issue 3) once it lands; the names and
definitions here follow docs/contours-and-features.md so the swap changes no number beyond
the approximations stated below.
"""

import numpy as np

from ...measure import regionprops_table
from ._geometry import (
    border_length,
    border_pixels,
    hull_vertices,
    max_span,
    minimum_enclosing_circle,
)


def seed_shape_features(region):
    """The seed's three features of the outer border of `region` (filled, one component).

    Returns
    -------
    dict
        ``contour_area``: area of the polygon through the border pixel centres, by Pick's
        theorem N - B/2 - 1 (cv2.contourArea of the RETR_EXTERNAL contour wherever the tracer
        visits each border pixel once, i.e. no one-pixel-wide necks; clipped at 0).
        ``perimeter_ratio``: border length / circumference of the minimum enclosing circle
        (0 for a single pixel). ``max_span``: largest distance between two border pixels.
    """
    border = border_pixels(region)
    points = _from_corner(np.argwhere(border))
    vertices = hull_vertices(points)
    _, radius = minimum_enclosing_circle(vertices)
    length = border_length(border)
    area = max(0.0, float(region.sum()) - len(points) / 2.0 - 1.0)
    return {
        "contour_area": area,
        "perimeter_ratio": length / (2.0 * np.pi * radius) if radius > 0 else 0.0,
        "max_span": max_span(vertices),
    }


def shape_descriptors(region):
    """Compactness, solidity and elongation of `region` (scale-free numbers).

    ``compactness``: ``regionprops_table``'s, perimeter^2 / (4 pi area) with scikit-image's
    perimeter and the pixel count (Golston et al. 1992), about 1 for a disc, larger for
    ragged borders. ``solidity``: pixel-centre polygon area / convex hull area.
    ``elongation``: sqrt(minor / major eigenvalue) of the pixel covariance, 1 for a disc.
    """
    compactness = regionprops_table(region.astype(np.int32), properties=["compactness"])["compactness"]
    coords = _from_corner(np.argwhere(region))
    eigenvalues = np.linalg.eigvalsh(np.cov(coords, rowvar=False, bias=True).reshape(2, 2))
    border = border_pixels(region)
    area = float(len(coords))
    polygon_area = max(0.0, area - border.sum() / 2.0 - 1.0)
    hull_area = _hull_area(_from_corner(np.argwhere(border)))
    return {
        "compactness": float(compactness[0]),
        "solidity": float(polygon_area / hull_area) if hull_area > 0 else 1.0,
        "elongation": float(np.sqrt(max(eigenvalues[0], 0.0) / eigenvalues[1])) if eigenvalues[1] > 0 else 1.0,
    }


def _from_corner(points):
    """Integer (row, col) points as floats counted from their bounding box's corner: the
    floating-point sums and circles computed on them are then rounded the same wherever
    the lesion lies in the image."""
    return (points - points.min(axis=0)).astype(np.float64)


def _hull_area(points):
    vertices = hull_vertices(points)
    if len(vertices) < 3:
        return 0.0
    rows, cols = vertices[:, 0], vertices[:, 1]
    return float(abs(rows @ np.roll(cols, 1) - cols @ np.roll(rows, 1)) / 2.0)
