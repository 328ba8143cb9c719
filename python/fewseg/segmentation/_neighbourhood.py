"""Footprints, raveled neighbour offsets and automatic markers, as scikit-image defines them."""

import numpy as np
from scipy import ndimage as ndi


def footprint_and_offset(ndim, connectivity, offset):
    """The boolean footprint and its centre for an int connectivity or a footprint array."""
    if np.isscalar(connectivity):
        if isinstance(connectivity, (bool, np.bool_)) or not float(connectivity).is_integer():
            raise TypeError(f"connectivity: expected an int or a footprint array, got {connectivity!r}")
        # Beyond ndim every neighbour of the 3**ndim cube is already in, as scipy and
        # scikit-image take it (generic N-D code passes connectivity=2 to 1-D images).
        if int(connectivity) < 1:
            raise ValueError(f"connectivity: expected at least 1 (up to {ndim} for a {ndim}-D image), got {connectivity}")
        footprint = ndi.generate_binary_structure(ndim, min(int(connectivity), ndim))
    else:
        footprint = np.asarray(connectivity)
        if footprint.dtype.kind not in "biuf":
            raise TypeError(f"connectivity: footprint must be numeric, got dtype {footprint.dtype}")
        footprint = footprint.astype(bool)
        if footprint.ndim != ndim:
            raise ValueError(f"connectivity: footprint must be {ndim}-D like the image, got shape {footprint.shape}")
    if offset is None:
        if any(s % 2 == 0 for s in footprint.shape):
            raise ValueError(
                f"connectivity: footprint shape {footprint.shape} has no unambiguous centre; give offset"
            )
        offset = np.array(footprint.shape) // 2
    else:
        offset = np.asarray(offset)
        if offset.dtype.kind not in "iu" or offset.shape != (ndim,):
            raise ValueError(f"offset: expected {ndim} integers, got {offset!r}")
        if (offset < 0).any() or (offset >= footprint.shape).any():
            raise ValueError(f"offset: {tuple(offset)} lies outside the footprint of shape {footprint.shape}")
    return footprint, tuple(int(o) for o in offset)


def raveled_neighbours(padded_shape, footprint, offset):
    """Raveled offsets of the footprint's pixels in a C-ordered array of `padded_shape`,
    nearest first (stable by raster order), the nearest one dropped as the centre.

    This is the flooding order of scikit-image's watershed, quirks included: offsets that
    coincide once raveled (an axis shorter than the footprint) are kept once.
    """
    coords = np.stack([idx - c for idx, c in zip(np.nonzero(footprint), offset)], axis=-1)
    factors = np.cumprod((tuple(padded_shape[1:]) + (1,))[::-1])[::-1]
    raveled = (coords * factors).sum(axis=1)
    order = np.argsort(np.sqrt((coords.astype(float) ** 2).sum(axis=1)), kind="stable")
    raveled = raveled[order]
    if any(p < f for p, f in zip(padded_shape, footprint.shape)):
        _, first = np.unique(raveled, return_index=True)
        raveled = raveled[np.sort(first, kind="stable")]
    return [int(o) for o in raveled[1:]]


def regular_seed_markers(shape, n_points):
    """About `n_points` seeds on a regular grid, labelled 1.. in raster order
    (scikit-image's `regular_seeds`: the grid step is the n-th root of the volume per
    point, axes too short for a step are given one seed row and the step recomputed)."""
    shape = np.asarray(shape)
    ndim = len(shape)
    markers = np.zeros(tuple(shape), dtype=np.int64)
    volume = float(np.prod(shape))
    if n_points <= 0:
        return markers
    if volume <= n_points:
        steps = np.ones(ndim)
        starts = np.zeros(ndim, dtype=int)
    else:
        rank = np.argsort(np.argsort(shape))
        dims = np.sort(shape)
        steps = np.full(ndim, (volume / n_points) ** (1.0 / ndim))
        if (dims < steps).any():
            for d in range(ndim):
                steps[d] = dims[d]
                rest = float(np.prod(dims[d + 1:]))
                steps[d + 1:] = (rest / n_points) ** (1.0 / (ndim - d - 1))
                if (dims >= steps).all():
                    break
        starts = (steps // 2).astype(int)[rank]
        steps = steps[rank]
    grid = tuple(slice(int(a), None, int(s)) for a, s in zip(starts, np.round(steps).astype(int)))
    count = markers[grid].size
    markers[grid] = np.arange(1, count + 1).reshape(markers[grid].shape)
    return markers


def local_minima_markers(image, connectivity, mask=None):
    """Plateaus with no strictly lower neighbour, cut to `mask`, then labelled 1.. in
    raster order of their first pixel (scikit-image:
    `label(local_minima(image, connectivity) * mask)`). A constant image has none."""
    footprint = ndi.generate_binary_structure(image.ndim, connectivity)
    values = image.astype(np.float64, copy=False)
    if values.size == 0 or (values == values.flat[0]).all():
        return np.zeros(image.shape, dtype=np.int32)
    # Outside the image is "higher": a plateau touching the border can still be a minimum.
    lowest_around = ndi.minimum_filter(values, footprint=footprint, mode="constant", cval=np.inf)
    candidate = values <= lowest_around
    plateau, _ = ndi.label(candidate, structure=footprint)
    # A candidate plateau is no minimum when it continues, at the same value, into a pixel
    # that has a lower neighbour.
    spoiled = np.zeros(image.shape, dtype=bool)
    centre = np.ones(image.ndim, dtype=int)
    for step in np.argwhere(footprint) - centre:
        if not step.any():
            continue
        here, there = _overlapping_slices(image.shape, step)
        spoiled[here] |= candidate[here] & ~candidate[there] & (values[here] == values[there])
    bad = np.unique(plateau[spoiled])
    minima = candidate & ~np.isin(plateau, bad)
    if mask is not None:
        minima &= mask.astype(bool)
    return ndi.label(minima, structure=footprint)[0]


def _overlapping_slices(shape, step):
    """Slices `here`, `there` with there = here + step, both inside `shape`."""
    here = tuple(slice(max(0, -s), n - max(0, s)) for n, s in zip(shape, step))
    there = tuple(slice(max(0, s), n - max(0, -s)) for n, s in zip(shape, step))
    return here, there
