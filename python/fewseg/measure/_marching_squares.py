"""`find_contours`: scikit-image's iso-line tracing (marching squares), in C++."""

import numpy as np

from .. import _core
from .._validation import as_kernel_image, as_real_array

_OPTIONS = ("high", "low")


def find_contours(image, level=None, fully_connected="low", positive_orientation="low", *, mask=None):
    """Iso-valued contours of a 2-D image at `level`, as ``skimage.measure.find_contours``.

    Marching squares: every 2x2 square of pixels whose corners lie on both sides of
    `level` is crossed by a line between points interpolated linearly on its edges, and
    these segments join into contours. The result is scikit-image 0.26's, array for array:
    the same points to the last bit, the same contours in the same order, the same
    orientation. For the region borders of a binary or label image (OpenCV's border
    following, pixel-centre points) see `trace_contours`.

    Parameters
    ----------
    image : (M, N) ndarray
        Input image, at least 2x2; any real dtype. NaN pixels have no data.
    level : float, optional
        Value along which to find contours. By default ``(nanmin(image) +
        nanmax(image)) / 2``, computed in the image's dtype as scikit-image does.
    fully_connected : {"low", "high"}
        Whether the pixels below the level ("low") or above it ("high") are 8-connected
        where two of them touch only diagonally (the others are then 4-connected).
    positive_orientation : {"low", "high"}
        "low": contours wind counter-clockwise around islands of low values (low values
        on the left of the contour); "high": around islands of high values.
    mask : (M, N) ndarray of bool, optional
        True where contours are wanted; squares with a corner outside the mask, or with a
        NaN corner, are skipped.

    Returns
    -------
    contours : list of (K, 2) float64 ndarray
        (row, col) coordinates along each contour. A closed contour repeats its first
        point at its end; contours that reach the image edge, the mask's edge or NaN stay
        open. Contours come in the order of their first square in raster order.

    Raises
    ------
    TypeError
        For non-numeric images, or a mask that is not bool.
    ValueError
        For unknown options, images that are not 2-D or smaller than 2x2, or a mask of
        another shape than the image.

    Notes
    -----
    The segments of each square are joined in one pass, with hash maps keyed by the exact
    point values and contours kept as linked lists, so the time is linear in the number
    of squares and segments. The GIL is released during the computation.

    Examples
    --------
    >>> import numpy as np
    >>> import fewseg
    >>> a = np.zeros((3, 3))
    >>> a[0, 0] = 1
    >>> fewseg.find_contours(a, 0.5)
    [array([[0. , 0.5],
           [0.5, 0. ]])]
    """
    if fully_connected not in _OPTIONS:
        raise ValueError(f'fully_connected: must be either "high" or "low", got {fully_connected!r}')
    if positive_orientation not in _OPTIONS:
        raise ValueError(
            f'positive_orientation: must be either "high" or "low", got {positive_orientation!r}'
        )
    image = as_real_array(image, "image")
    # scikit-image's order of checks: the size of the first two axes, then the dimension.
    if image.ndim < 2 or image.shape[0] < 2 or image.shape[1] < 2:
        raise ValueError(f"image: input array must be at least 2x2, got shape {image.shape}")
    if image.ndim != 2:
        raise ValueError(f"image: only 2-D arrays are supported, got shape {image.shape}")
    if mask is not None:
        mask = np.asarray(mask)
        if mask.shape != image.shape:
            raise ValueError(f"mask: shape {mask.shape} differs from the image's shape {image.shape}")
        if mask.dtype != bool:
            raise TypeError(f"mask: must be a binary (bool) array, got dtype {mask.dtype}")
        mask = mask.view(np.uint8)
    if level is None:
        # In the image's dtype, as scikit-image computes it (bool and small integer types
        # included); NaN pixels are left out.
        level = (np.nanmin(image) + np.nanmax(image)) / 2.0
    try:
        level = float(level)
    except (TypeError, ValueError, OverflowError) as exc:
        error = TypeError if isinstance(exc, TypeError) else ValueError
        raise error(f"level: expected a number, got {level!r}") from exc
    return _core.marching_squares(
        as_kernel_image(image), level, fully_connected == "high", positive_orientation == "high", mask
    )
