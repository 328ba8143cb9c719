"""Plane geometry of a binary region, vectorised: border pixels, perimeter, hull, circle.

Provisional: `fewseg.regionprops_table` (C++, issue 3) will provide these measures; the
functions here exist so the classifier can be developed now and use the same definitions
(see docs/contours-and-features.md, "The seed's three features").
"""

import numpy as np
from scipy import ndimage as ndi
from scipy.spatial import ConvexHull

_CROSS = ndi.generate_binary_structure(2, 1)

# Weight of a border pixel by its neighbourhood code 1 + 2*(4-neighbours on the border)
# + 10*(diagonal neighbours on the border): straight runs count 1, diagonal runs sqrt(2),
# corners between the two (1 + sqrt(2)) / 2; isolated or interior configurations 0. This is
# the chain length of the outer border through pixel centres wherever the tracer visits each
# border pixel once, which is what cv2.arcLength measures.
_CODE_WEIGHTS = np.zeros(50)
_CODE_WEIGHTS[[5, 7, 15, 17, 25, 27]] = 1.0
_CODE_WEIGHTS[[21, 33]] = np.sqrt(2.0)
_CODE_WEIGHTS[[13, 23]] = (1.0 + np.sqrt(2.0)) / 2.0
_CODE_KERNEL = np.array([[10, 2, 10], [2, 1, 2], [10, 2, 10]])


def largest_filled_region(mask):
    """The largest 8-connected component of `mask`, holes filled (the lesion's outline).

    Holes are the 4-connected background components that do not reach the image edge (the
    complement of an 8-connected region), found with one labelling pass, which is several
    times faster than ``scipy.ndimage.binary_fill_holes``.
    """
    labels, count = ndi.label(mask, structure=np.ones((3, 3), bool))
    if count > 1:
        sizes = np.bincount(labels.ravel())
        sizes[0] = 0
        region = labels == np.argmax(sizes)
    else:
        region = labels > 0
    background, _ = ndi.label(~region, structure=_CROSS)
    edge = np.concatenate([background[0], background[-1], background[:, 0], background[:, -1]])
    outside = np.zeros(background.max() + 1, dtype=bool)
    outside[edge] = True
    outside[0] = False
    return ~outside[background]


def border_pixels(region):
    """Pixels of `region` with a 4-neighbour outside it (the image edge counts as outside)."""
    return region & ~ndi.binary_erosion(region, structure=_CROSS, border_value=0)


def border_length(border):
    """Length of the closed 8-connected path through the centres of `border` pixels."""
    codes = ndi.convolve(border.astype(np.int16), _CODE_KERNEL, mode="constant", cval=0)
    return float(_CODE_WEIGHTS[codes[border]].sum())


def hull_vertices(points):
    """Vertices of the convex hull of (row, col) `points`; all points if they are collinear."""
    centred = points - points.mean(axis=0)
    if len(points) < 3 or np.linalg.matrix_rank(centred) < 2:
        return points
    return points[ConvexHull(points).vertices]


def max_span(vertices):
    """Largest distance between two of `vertices` (the hull's diameter)."""
    differences = vertices[:, None, :] - vertices[None, :, :]
    return float(np.sqrt((differences**2).sum(axis=-1).max()))


def minimum_enclosing_circle(points):
    """Centre and radius of the smallest circle holding all `points` (exact, float64).

    Elzinga-Hearn: start from the farthest pair, add the farthest point still outside and
    keep the smallest circle through two or three of the support points that holds them
    all; the radius grows at every step, so the loop ends after a handful of steps.
    """
    points = np.asarray(points, dtype=np.float64)
    if len(points) == 1:
        return points[0], 0.0
    distances = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=-1))
    first, second = np.unravel_index(np.argmax(distances), distances.shape)
    support = points[[first, second]]
    centre, radius = _circle_on_diameter(*support)
    scale = max(1.0, float(np.abs(points).max()))
    for _ in range(4 * len(points)):
        outside = np.sqrt(((points - centre) ** 2).sum(axis=1))
        farthest = int(np.argmax(outside))
        if outside[farthest] <= radius + 1e-9 * scale:
            break
        support, centre, radius = _smallest_circle_holding(np.vstack([support, points[farthest]]))
    return centre, float(radius)


def _smallest_circle_holding(candidates):
    """Smallest circle through 2 or 3 of (at most 4) `candidates` that holds all of them."""
    best = None
    count = len(candidates)
    subsets = [(i, j) for i in range(count) for j in range(i + 1, count)]
    subsets += [(i, j, k) for i in range(count) for j in range(i + 1, count) for k in range(j + 1, count)]
    for subset in subsets:
        chosen = candidates[list(subset)]
        circle = _circle_on_diameter(*chosen) if len(subset) == 2 else _circumcircle(*chosen)
        if circle is None:
            continue
        centre, radius = circle
        reach = np.sqrt(((candidates - centre) ** 2).sum(axis=1)).max()
        if reach <= radius * (1 + 1e-12) + 1e-9 and (best is None or radius < best[2]):
            best = (chosen, centre, radius)
    return best


def _circle_on_diameter(a, b):
    return (a + b) / 2.0, float(np.hypot(*(a - b)) / 2.0)


def _circumcircle(a, b, c):
    ab, ac = b - a, c - a
    determinant = 2.0 * (ab[0] * ac[1] - ab[1] * ac[0])
    if abs(determinant) < 1e-12:
        return None  # collinear: a two-point circle covers them
    ab2, ac2 = ab @ ab, ac @ ac
    offset = np.array([ac[1] * ab2 - ab[1] * ac2, ab[0] * ac2 - ac[0] * ab2]) / determinant
    return a + offset, float(np.hypot(*offset))
