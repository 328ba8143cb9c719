"""Region properties of 3-D label images, every label measured together: counts, boxes,
coordinate sums and second central moments from one sort of the labelled voxels (numpy
`bincount` and `reduceat`, no loop over labels), then scikit-image's formulas vectorised
over labels as for 2-D (`_skimage_properties`).

The 2-D kernels (C++) do not take volumes; these are the properties scikit-image defines
for 3-D that come from sums over voxels. The others (convex hull, Euler number, Feret
diameter, moments up to order 3, ...) are computed region by region with scikit-image's
definitions (`_region_definitions`).
"""

import numpy as np
from scipy import ndimage as ndi

from ._measurement_groups import GROUPS as G
from ._skimage_properties import area


def measure_volume(labels, intensity, groups):
    """Raw per-label measurements of a 3-D label image, one row per label (ascending):
    label, count, bbox (2 ndim: starts then stops), sums (ndim), central2 (ndim x ndim
    second central moments in voxel units), and with `intensity` ((shape) or (shape, C))
    and the intensity or median group in `groups`, intensity_min/max/mean/std/median (n, C)."""
    flat = labels.reshape(-1)
    where = np.flatnonzero(flat)
    values, dense = np.unique(flat[where], return_inverse=True)
    n = len(values)
    ndim = labels.ndim
    count = np.bincount(dense, minlength=n).astype(np.int64)
    raw = {"label": values.astype(np.int64), "count": count}

    dense_image = np.zeros(labels.shape, np.int32)
    dense_image.reshape(-1)[where] = dense + 1
    bbox = np.zeros((n, 2 * ndim), np.int64)
    for k, box in enumerate(ndi.find_objects(dense_image)):
        bbox[k] = [s.start for s in box] + [s.stop for s in box]
    raw["bbox"] = bbox

    coords = np.unravel_index(where, labels.shape)
    sums = np.stack([np.bincount(dense, weights=c, minlength=n) for c in coords], axis=1) if n else np.zeros((0, ndim))
    raw["sums"] = sums
    mean = sums / np.maximum(count, 1)[:, None]
    deltas = [c - mean[dense, axis] for axis, c in enumerate(coords)]
    central = np.zeros((n, ndim, ndim))
    for i in range(ndim):
        for j in range(i, ndim):
            central[:, i, j] = central[:, j, i] = np.bincount(dense, weights=deltas[i] * deltas[j], minlength=n)
    raw["central2"] = central

    if intensity is not None and groups & {G.intensity, G.median}:
        channels = intensity.shape[ndim] if intensity.ndim > ndim else 1
        voxels = intensity.reshape(-1, channels)[where].astype(np.float64)
        order = np.argsort(dense, kind="stable")
        grouped = voxels[order]
        starts = np.concatenate([[0], np.cumsum(count)[:-1]]) if n else np.zeros(0, np.int64)
        if n:
            raw["intensity_min"] = np.minimum.reduceat(grouped, starts, axis=0)
            raw["intensity_max"] = np.maximum.reduceat(grouped, starts, axis=0)
            means = np.add.reduceat(grouped, starts, axis=0) / count[:, None]
            spread = grouped - means[dense[order]]
            raw["intensity_mean"] = means
            raw["intensity_std"] = np.sqrt(np.add.reduceat(spread * spread, starts, axis=0) / count[:, None])
            raw["intensity_median"] = _grouped_medians(dense, voxels, count, starts)
        else:
            for key in ("intensity_min", "intensity_max", "intensity_mean", "intensity_std", "intensity_median"):
                raw[key] = np.zeros((0, channels))
    return raw


def _grouped_medians(dense, voxels, count, starts):
    """Median of each label's values per channel: one sort by (label, value)."""
    out = np.empty((len(count), voxels.shape[1]))
    low = starts + (count - 1) // 2
    high = starts + count // 2
    for ch in range(voxels.shape[1]):
        order = np.lexsort((voxels[:, ch], dense))
        ranked = voxels[order, ch]
        out[:, ch] = (ranked[low] + ranked[high]) / 2
    return out


# Properties from the raw measurements above, named as scikit-image's; (raw, ctx) -> rows.
# (area, num_pixels and bbox read the same raw rows in 3-D as in 2-D: _skimage_properties'
# serve both.)

def area_bbox(raw, ctx):
    ndim = raw["bbox"].shape[1] // 2
    extents = raw["bbox"][:, ndim:] - raw["bbox"][:, :ndim]
    return np.prod(extents, axis=1) * ctx.pixel_area


def centroid(raw, ctx):
    return raw["sums"] * ctx.spacing / raw["count"][:, None]


def centroid_local(raw, ctx):
    ndim = raw["bbox"].shape[1] // 2
    count = raw["count"][:, None]
    return (raw["sums"] - count * raw["bbox"][:, :ndim]) * ctx.spacing / count


def inertia_tensor(raw, ctx):
    """scikit-image's inertia tensor: diagonal (sum of the other axes' mu_ii) / N,
    off-diagonal -mu_ij / N, with the moments in spaced units."""
    spacing = ctx.spacing
    mu = raw["central2"] * (spacing[:, None] * spacing[None, :])
    mu0 = raw["count"].astype(float)[:, None, None]
    diagonal = np.einsum("nii->ni", mu)
    tensor = -mu / mu0
    total = diagonal.sum(axis=1, keepdims=True)
    idx = np.arange(mu.shape[1])
    tensor[:, idx, idx] = (total - diagonal) / mu0[:, :, 0]
    return tensor


def inertia_tensor_eigvals(raw, ctx):
    if "_eigvals" not in raw:
        tensor = inertia_tensor(raw, ctx)
        ndim = tensor.shape[1]
        eigvals = np.linalg.eigvalsh(tensor) if len(tensor) else np.zeros((0, ndim))
        np.clip(eigvals, 0, None, out=eigvals)
        raw["_eigvals"] = eigvals[:, ::-1].copy()
    return raw["_eigvals"].copy()


def _sqrt_of_nonnegative(values):
    """sqrt, a rounding-sized negative (two equal eigenvalues and a zero one: a line)
    taken as 0, where scikit-image's math.sqrt would raise."""
    return np.sqrt(np.clip(values, 0, None))


def axis_major_length(raw, ctx):
    ev = inertia_tensor_eigvals(raw, ctx)
    return _sqrt_of_nonnegative(10 * (ev[:, 0] + ev[:, 1] - ev[:, 2]))


def axis_minor_length(raw, ctx):
    ev = inertia_tensor_eigvals(raw, ctx)
    return _sqrt_of_nonnegative(10 * (-ev[:, 0] + ev[:, 1] + ev[:, 2]))


def equivalent_diameter_area(raw, ctx):
    return (2 * 3 * area(raw, ctx) / np.pi) ** (1 / 3)


def extent(raw, ctx):
    return area(raw, ctx) / area_bbox(raw, ctx)
