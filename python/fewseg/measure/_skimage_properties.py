"""The properties `regionprops_table` shares with scikit-image, computed from the C++
kernels' raw per-label measurements with scikit-image's own formulas (same expression
order), vectorised over labels.

Each function takes the raw measurements (a dict of arrays, one row per label) and the
spacing context and returns one array with a row per label.
"""

from math import sqrt

import numpy as np

from ._region_definitions import hu_invariants

# scikit-image's weights of border-pixel codes (measure.perimeter, neighbourhood 4).
_PERIMETER_WEIGHTS = np.zeros(50)
_PERIMETER_WEIGHTS[[5, 7, 15, 17, 25, 27]] = 1
_PERIMETER_WEIGHTS[[21, 33]] = sqrt(2)
_PERIMETER_WEIGHTS[[13, 23]] = (1 + sqrt(2)) / 2

# Ohser, Nagel and Schladitz (2002) coefficients of the 2x2 configurations, 8-connectivity
# (scikit-image's EULER_COEFS2D_8), and the 4-direction Crofton weights (Rivollier 2010).
_EULER_WEIGHTS = np.array([0, 0, 0, 0, 0, 0, -1, 0, 1, 0, 0, 0, 0, 0, -1, 0])
_CROFTON_WEIGHTS = np.array(
    [
        0,
        np.pi / 4 * (1 + 1 / (np.sqrt(2))),
        np.pi / (4 * np.sqrt(2)),
        np.pi / (2 * np.sqrt(2)),
        0,
        np.pi / 4 * (1 + 1 / (np.sqrt(2))),
        0,
        np.pi / (4 * np.sqrt(2)),
        np.pi / 4,
        np.pi / 2,
        np.pi / (4 * np.sqrt(2)),
        np.pi / (4 * np.sqrt(2)),
        np.pi / 4,
        np.pi / 2,
        0,
        0,
    ]
)


def area(raw, ctx):
    return raw["count"] * ctx.pixel_area


def num_pixels(raw, ctx):
    return raw["count"].copy()


def bbox(raw, ctx):
    return raw["bbox"].copy()


def area_bbox(raw, ctx):
    box = raw["bbox"]
    return ((box[:, 2] - box[:, 0]) * (box[:, 3] - box[:, 1])) * ctx.pixel_area


def centroid(raw, ctx):
    return raw["sums"] * ctx.spacing / raw["count"][:, None]


def centroid_local(raw, ctx):
    count = raw["count"][:, None]
    local_sums = raw["sums"] - count * raw["bbox"][:, :2]
    return local_sums * ctx.spacing / count


def _scaled_central(raw, ctx):
    """(mu20, mu11, mu02) in spaced units, and mu00 = N (scikit-image keeps it unscaled)."""
    mu = raw["central"]
    sr, sc = ctx.spacing
    return mu[:, 0] * (sr * sr), mu[:, 1] * (sr * sc), mu[:, 2] * (sc * sc), raw["count"].astype(float)


def inertia_tensor(raw, ctx):
    mu20, mu11, mu02, mu0 = _scaled_central(raw, ctx)
    total = mu20 + mu02
    tensor = np.empty((len(mu0), 2, 2))
    tensor[:, 0, 0] = (total - mu20) / mu0
    tensor[:, 1, 1] = (total - mu02) / mu0
    tensor[:, 0, 1] = tensor[:, 1, 0] = -mu11 / mu0
    return tensor


def inertia_tensor_eigvals(raw, ctx):
    # Several properties need them: computed once per table.
    if "_eigvals" not in raw:
        tensor = inertia_tensor(raw, ctx)
        eigvals = np.linalg.eigvalsh(tensor) if len(tensor) else np.zeros((0, 2))
        np.clip(eigvals, 0, None, out=eigvals)
        raw["_eigvals"] = eigvals[:, ::-1].copy()
    return raw["_eigvals"].copy()


def eccentricity(raw, ctx):
    l1, l2 = inertia_tensor_eigvals(raw, ctx).T
    out = np.zeros(len(l1))
    nonzero = l1 != 0
    out[nonzero] = np.sqrt(1 - l2[nonzero] / l1[nonzero])
    return out


def axis_major_length(raw, ctx):
    return 4 * np.sqrt(inertia_tensor_eigvals(raw, ctx)[:, 0])


def axis_minor_length(raw, ctx):
    return 4 * np.sqrt(inertia_tensor_eigvals(raw, ctx)[:, 1])


def orientation(raw, ctx):
    tensor = inertia_tensor(raw, ctx)
    a, b, c = tensor[:, 0, 0], tensor[:, 0, 1], tensor[:, 1, 1]
    tied = (a - c) == 0
    out = 0.5 * np.arctan2(-2 * b, c - a)
    out[tied] = np.where(b[tied] < 0, np.pi / 4.0, -np.pi / 4.0)
    return out


def equivalent_diameter_area(raw, ctx):
    return (2 * 2 * area(raw, ctx) / np.pi) ** (1 / 2)


def extent(raw, ctx):
    return area(raw, ctx) / area_bbox(raw, ctx)


def euler_number(raw, ctx):
    return raw["quads"] @ _EULER_WEIGHTS


def _weighted_counts(counts, weights):
    """Each row of `counts` dotted with `weights`, every row summed the same way. A matrix
    product would not do: BLAS sums rows in blocks, so a label's value would change (in the
    last bit) with its row in the table, i.e. with the other labels in the image."""
    return (counts * weights).sum(axis=1)


def perimeter(raw, ctx):
    return _weighted_counts(raw["border_codes"], _PERIMETER_WEIGHTS) * ctx.spacing[0]


def perimeter_crofton(raw, ctx):
    return _weighted_counts(raw["quads"], _CROFTON_WEIGHTS) * ctx.spacing[0]


def area_convex(raw, ctx):
    return raw["convex_count"] * ctx.pixel_area


def solidity(raw, ctx):
    return area(raw, ctx) / area_convex(raw, ctx)


def feret_diameter_max(raw, ctx):
    return raw["feret_diameter_max"].copy()


def moments_hu(raw, ctx):
    """Hu's invariants of the normalised central moments, as scikit-image's
    _moments_cy.moments_hu evaluates them."""
    mu = raw["central"]
    mu0 = raw["count"].astype(float)

    def nu(column, order):
        return (mu[:, column] / 1.0**order) / (mu0 ** (order / 2 + 1))

    # One definition of the invariants, shared with the region objects.
    return np.stack(hu_invariants(nu(0, 2), nu(1, 2), nu(2, 2), nu(3, 3), nu(4, 3), nu(5, 3), nu(6, 3)), axis=1)


def _intensity(key):
    def compute(raw, ctx):
        values = raw[key]
        return values if ctx.multichannel else values[:, 0]

    compute.__name__ = key
    return compute


intensity_min = _intensity("intensity_min")
intensity_max = _intensity("intensity_max")
intensity_mean = _intensity("intensity_mean")
intensity_std = _intensity("intensity_std")
intensity_median = _intensity("intensity_median")
