"""`trace_contours` and `label_contours`: border following (Suzuki and Abe), in C++."""

import numpy as np

from .. import _core
from .._validation import as_real_array, check_ndim, check_no_nan
from ._labels import as_label_image

MODES = ("external", "list", "ccomp", "tree")
APPROXIMATIONS = ("none", "simple")
_KERNEL_DTYPES = (np.uint8, np.uint16, np.int32, np.int64, np.float32, np.float64)


def trace_contours(image, mode="external", approx="none"):
    """Borders of the nonzero regions of a 2-D image, as ``cv2.findContours`` finds them.

    Border following (Suzuki and Abe, 1985): every nonzero pixel is foreground, regions
    are 8-connected and holes 4-connected; contours run through the centres of the
    region's border pixels. Outer borders run counter-clockwise on screen, hole borders
    clockwise. The result is OpenCV's, point for point and in the same order, with (x, y)
    swapped to scikit-image's (row, col). Regions touching the image edge are traced on
    their edge pixels.

    This is not ``skimage.measure.find_contours``, which interpolates iso-lines between
    pixel centres (marching squares): `find_contours` is that one. Use this one for
    region borders.

    Parameters
    ----------
    image : (M, N) ndarray
        Binary or label image; nonzero is foreground (different values are not told
        apart). Any real dtype; NaN is refused.
    mode : {"external", "list", "ccomp", "tree"}
        Which borders, and how they are nested (OpenCV's ``RETR_*``): "external" only
        the outer borders of regions that are not inside a hole; "list" every border,
        no nesting; "ccomp" two levels, holes are children of the outer border around
        them and a region inside a hole is top-level again; "tree" the full nesting.
    approx : {"none", "simple"}
        "none" keeps every border pixel (``CHAIN_APPROX_NONE``); "simple" only the end
        points of horizontal, vertical and diagonal runs (``CHAIN_APPROX_SIMPLE``).

    Returns
    -------
    contours : list of (K, 2) int32 ndarray
        (row, col) of the points of each border, in the order OpenCV lists them.
    hierarchy : (N, 4) int32 ndarray
        For contour i: ``[next, previous, first_child, parent]`` indices, -1 for none
        (OpenCV's ``hierarchy[0]``).

    Raises
    ------
    TypeError
        For non-numeric images.
    ValueError
        For images that are not 2-D, contain NaN, or unknown `mode` / `approx`.

    References
    ----------
    .. [1] S. Suzuki and K. Abe, "Topological structural analysis of digitized binary
           images by border following", Computer Vision, Graphics, and Image
           Processing 30(1), 32-46, 1985.

    Examples
    --------
    >>> import numpy as np
    >>> import fewseg
    >>> ring = np.zeros((5, 5), np.uint8)
    >>> ring[1:4, 1:4] = 1
    >>> ring[2, 2] = 0
    >>> contours, hierarchy = fewseg.trace_contours(ring, mode="tree")
    >>> [len(c) for c in contours], hierarchy.tolist()
    ([8, 4], [[-1, -1, 1, -1], [-1, -1, -1, 0]])
    """
    if mode not in MODES:
        raise ValueError(f"mode: expected one of {MODES}, got {mode!r}")
    if approx not in APPROXIMATIONS:
        raise ValueError(f"approx: expected one of {APPROXIMATIONS}, got {approx!r}")
    image = as_real_array(image, "image")
    check_ndim(image, "image", (2,))
    check_no_nan(image, "image")
    if image.dtype == bool:
        image = image.view(np.uint8)
    elif image.dtype not in _KERNEL_DTYPES:
        image = (image != 0).view(np.uint8)
    contours, hierarchy = _core.trace_contours(image, MODES.index(mode), approx == "simple")
    return contours, hierarchy


def label_contours(label_image, approx="none"):
    """Outer border of every label of a label image, in one scan.

    For each label ``l`` (ascending) the contours equal
    ``trace_contours(label_image == l, mode="external", approx=approx)[0]``: the outer
    borders of the 8-connected parts of the label that are not inside one of its holes
    (one contour for a connected label), in the same order. Other labels count as
    background, so neighbouring labels share no pixels but both trace the pixels along
    their common edge. The whole image is scanned once, not once per label.

    Parameters
    ----------
    label_image : (M, N) ndarray of int
        Labels; 0 is background. Negative labels are refused.
    approx : {"none", "simple"}
        As in `trace_contours`.

    Returns
    -------
    contours : list of (K, 2) int32 ndarray
        (row, col) points of each outer border, grouped by label.
    labels : (N,) int64 ndarray
        The label of each contour.

    Raises
    ------
    TypeError
        For bool or floating label images.
    ValueError
        For label images that are not 2-D, negative labels, or an unknown `approx`.

    Examples
    --------
    >>> import numpy as np
    >>> labels = np.zeros((5, 7), np.int32)
    >>> labels[1:4, 1:3], labels[1:4, 4:6] = 1, 2
    >>> contours, owners = label_contours(labels, approx="simple")
    >>> owners
    array([1, 2])
    >>> contours[0]
    array([[1, 1],
           [3, 1],
           [3, 2],
           [1, 2]], dtype=int32)
    """
    if approx not in APPROXIMATIONS:
        raise ValueError(f"approx: expected one of {APPROXIMATIONS}, got {approx!r}")
    labels = as_label_image(label_image)
    return _core.label_contours(labels, approx == "simple")
