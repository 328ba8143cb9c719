"""`watershed`: scikit-image's marker-based watershed, label for label, in C++."""

import numbers

import numpy as np

from .. import _core
from .._boxes import bounding_box
from .._validation import (
    as_kernel_image,
    as_real_array,
    check_no_nan,
    check_same_shape,
)
from ._neighbourhood import (
    footprint_and_offset,
    local_minima_markers,
    raveled_neighbours,
    regular_seed_markers,
)

TIE_BREAKS = ("skimage", "raster")


def watershed(
    image,
    markers=None,
    connectivity=1,
    offset=None,
    mask=None,
    compactness=0,
    watershed_line=False,
    *,
    tie_break="skimage",
):
    """Find watershed basins in `image` flooded from `markers`.

    A drop-in replacement for ``skimage.segmentation.watershed`` (scikit-image 0.26): same
    arguments, same output, label for label, with the kernel in C++ and the GIL released.

    Parameters
    ----------
    image : (M[, N[, ...]]) ndarray
        Values to flood, lowest first, in any number of dimensions (a 1-D profile, a 2-D
        image, a volume, a (t, z, y, x) time-lapse stack...). uint8, uint16, float32 and float64 are used as they
        are; other real dtypes are compared as float64, as scikit-image does. NaN is
        rejected (scikit-image's result is then arbitrary).
    markers : int, array_like of int or bool, or None
        Label array of seeds (nonzero; an array that broadcasts to the image's shape is
        broadcast, as in scikit-image), a number of regularly spaced seeds, or None for
        the local minima of `image`. Seeds outside `mask` are dropped.
    connectivity : int or ndarray
        Orthogonal steps to reach a neighbour (1 and up; beyond ``image.ndim`` the whole
        3x3x... cube, as scipy's ``generate_binary_structure``), or a footprint array.
    offset : sequence of int, optional
        Centre of the footprint; defaults to its middle.
    mask : ndarray of bool, optional
        Only pixels where `mask` is nonzero are labelled.
    compactness : float
        Compact watershed (Neubert and Protzel, 2014) when positive: slower path.
    watershed_line : bool
        Leave a one-pixel line, labelled 0, between regions.
    tie_break : {"skimage", "raster"}
        The order in which seeds of equal value flood. "skimage" reproduces
        scikit-image exactly; "raster" floods them in raster order, in linear time, and
        gives the same labels as "skimage" on every input where no value level holds
        seeds of different labels that can grow (e.g. float images with point markers).
        "skimage" too floods in raster order first, watching whether the order of such
        seeds could change a label, and replays scikit-image's (slower) heap only where
        it could.

    Returns
    -------
    labels : ndarray
        The image's shape, the dtype of `markers` (int32 when markers is None, int64 for an
        int or a list).

    Raises
    ------
    TypeError
        For complex, object or string dtypes, float markers, a bad `tie_break` type.
    ValueError
        For 0-D images, mismatched shapes, NaN, bad connectivity, offset, compactness or
        tie_break, a negative number of seeds. The checks run in scikit-image's order
        (mask, the markers' shape, the footprint, the markers' dtype), so that where both
        raise, they raise the same type.

    Examples
    --------
    Two basins of a 1-D profile, flooded from its two minima:

    >>> import numpy as np
    >>> profile = np.array([0, 1, 2, 3, 2, 1, 0], float)
    >>> markers = np.array([1, 0, 0, 0, 0, 0, 2])
    >>> watershed(profile, markers)
    array([1, 1, 1, 1, 2, 2, 2])
    """
    # The order of the checks is scikit-image's: mask, then the markers' shape, then the
    # footprint, and only then the markers' dtype (its Cython kernel refuses float labels).
    image = as_real_array(image, "image")
    if image.ndim < 1:
        raise ValueError(f"image: expected an array of at least one dimension, got a {image.ndim}-D array")
    check_no_nan(image, "image")
    if tie_break not in TIE_BREAKS:
        raise ValueError(f"tie_break: expected one of {TIE_BREAKS}, got {tie_break!r}")
    if not np.isscalar(compactness) or not np.isfinite(compactness) or compactness < 0:
        raise ValueError(f"compactness: expected a finite number >= 0, got {compactness!r}")
    if mask is not None:
        mask = as_real_array(mask, "mask")
        check_same_shape(mask, "mask", image, "image")
        mask = mask.view(np.uint8) if mask.dtype == bool else mask != 0
    if isinstance(markers, (np.ndarray, list, tuple)):
        markers = _broadcast_markers(markers, image)
    footprint, offset = footprint_and_offset(image.ndim, connectivity, offset)
    markers, out_dtype = _kernel_markers(markers, image, mask, connectivity)
    if image.size == 0:
        return np.zeros(image.shape, out_dtype)

    # The kernel's working memory (about 18 bytes a pixel for 8-bit images, 36 for float64)
    # is spent on the mask's bounding box only: nothing outside the mask is ever labelled
    # or flooded through, and a crop keeps the flood order (relative raster order,
    # neighbour order, distances).
    window = None if mask is None else bounding_box(mask)
    if mask is not None and window is None:
        return np.zeros(image.shape, out_dtype)
    if window is not None:
        full_shape = image.shape
        image, markers, mask = image[window], markers[window], mask[window]

    padded_shape = tuple(n + 2 * p for n, p in zip(image.shape, offset))
    labels = _core.watershed(
        as_kernel_image(image),
        markers,
        mask,
        list(offset),
        raveled_neighbours(padded_shape, footprint, offset),
        float(compactness),
        bool(watershed_line),
        tie_break == "raster",
    )
    if window is not None and labels.shape != full_shape:
        # Zeros from calloc: pages outside the window are never touched.
        out = np.zeros(full_shape, out_dtype)
        out[window] = labels
        return out
    return labels if labels.dtype == out_dtype else labels.astype(out_dtype)


def _broadcast_markers(markers, image):
    """A marker array of the image's shape. Like scikit-image (which multiplies markers by
    the mask), markers that broadcast to the image's shape are accepted."""
    try:
        markers = np.asarray(markers)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"markers: cannot be read as an array ({exc})") from exc
    if markers.shape != image.shape:
        try:
            fits = np.broadcast_shapes(markers.shape, image.shape) == image.shape
        except ValueError:
            fits = False
        if not fits:
            check_same_shape(markers, "markers", image, "image")
        markers = np.broadcast_to(markers, image.shape)
    return markers


def _kernel_markers(markers, image, mask, connectivity):
    """Markers as an int32/int64 array for the kernel, and the dtype to return."""
    if markers is None:
        if not np.isscalar(connectivity):
            raise ValueError("markers: None (local minima) needs an int connectivity, not a footprint")
        seeds = local_minima_markers(image, int(connectivity), mask)
        return seeds, seeds.dtype
    if not isinstance(markers, np.ndarray):
        # A number of seeds within the mask, truncated as scikit-image's int() does.
        if not isinstance(markers, (numbers.Real, np.bool_)):
            raise TypeError(f"markers: expected a label array or a number of seeds, got {markers!r}")
        if not np.isfinite(markers) or markers < 0:
            raise ValueError(f"markers: expected a non-negative number of seeds, got {markers!r}")
        in_mask = image.size if mask is None else int(np.count_nonzero(mask))
        n_seeds = int(markers / (in_mask / image.size)) if in_mask else 0
        seeds = regular_seed_markers(image.shape, n_seeds)
        return seeds, seeds.dtype
    if markers.dtype.kind not in "biu":
        raise TypeError(f"markers: expected integer or bool labels, got dtype {markers.dtype}")
    if markers.dtype in (np.int32, np.int64):
        return markers, markers.dtype
    if markers.dtype == np.uint64:
        # Labels are only compared for equality: viewing them as int64 round-trips exactly.
        return markers.view(np.int64), markers.dtype
    return markers.astype(np.int64), markers.dtype
