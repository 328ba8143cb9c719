"""Flat grey-level erosion, dilation and their compositions, as scikit-image 0.26 computes
them for 2-D images, with a kernel whose cost does not grow with the footprint's area
(cpp/include/fewseg/morphology.hpp)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
from scipy import ndimage as ndi

from .. import _core
from .._validation import IMAGE_DTYPES, as_real_array, check_ndim, check_no_nan, check_not_empty, write_output

# scikit-image's border rules that this module implements: "reflect" mirrors the image
# about its edge (d c b a | a b c d); "ignore" lets the border never win.
MODES = ("reflect", "ignore")


def erosion(
    image: npt.ArrayLike,
    footprint: npt.ArrayLike | None = None,
    out: np.ndarray | None = None,
    *,
    mode: str = "reflect",
) -> np.ndarray:
    """Grey-level erosion: the minimum over `footprint` around every pixel.

    Same result as ``skimage.morphology.erosion`` for 2-D images.

    Parameters
    ----------
    image : (M, N) ndarray
        bool, uint8, uint16, float32 or float64. NaN is rejected.
    footprint : (P, Q) ndarray of bool, optional
        The neighbourhood; even sizes are centred as scikit-image centres them. Defaults
        to the cross (connectivity 1).
    out : ndarray, optional
        Array of the image's shape and dtype to write the result to.
    mode : {"reflect", "ignore"}
        How pixels beyond the border are treated.

    Returns
    -------
    eroded : ndarray
        Same shape and dtype as `image`.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.morphology import erosion
    >>> image = np.array([[0, 0, 0, 0, 0],
    ...                   [0, 5, 5, 5, 0],
    ...                   [0, 5, 9, 5, 0],
    ...                   [0, 5, 5, 5, 0],
    ...                   [0, 0, 0, 0, 0]], np.uint8)
    >>> erosion(image)  # the cross: only the centre keeps a non-zero neighbourhood
    array([[0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0],
           [0, 0, 5, 0, 0],
           [0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0]], dtype=uint8)
    """
    image, footprint = _checked(image, footprint, mode)
    return write_output(_flat(image, _centred(footprint), maximum=False, mode=mode), out, "out")


def dilation(
    image: npt.ArrayLike,
    footprint: npt.ArrayLike | None = None,
    out: np.ndarray | None = None,
    *,
    mode: str = "reflect",
) -> np.ndarray:
    """Grey-level dilation: the maximum over `footprint` around every pixel.

    Same result as ``skimage.morphology.dilation`` for 2-D images (which, unlike the
    textbook definition, does not reflect the footprint). Parameters as in `erosion`.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.morphology import dilation
    >>> image = np.array([[0, 0, 0, 0, 0],
    ...                   [0, 5, 5, 5, 0],
    ...                   [0, 5, 9, 5, 0],
    ...                   [0, 5, 5, 5, 0],
    ...                   [0, 0, 0, 0, 0]], np.uint8)
    >>> dilation(image, np.ones((3, 3), bool))[0]
    array([5, 5, 5, 5, 5], dtype=uint8)
    """
    image, footprint = _checked(image, footprint, mode)
    return write_output(_flat(image, _centred(footprint), maximum=True, mode=mode), out, "out")


def opening(
    image: npt.ArrayLike,
    footprint: npt.ArrayLike | None = None,
    out: np.ndarray | None = None,
    *,
    mode: str = "reflect",
) -> np.ndarray:
    """Erosion then dilation by the reflected footprint (``skimage.morphology.opening``).

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.morphology import opening
    >>> spot = np.zeros((5, 5), np.uint8)
    >>> spot[2, 2] = 7  # a bright pixel smaller than the footprint
    >>> int(opening(spot).max())
    0
    """
    image, footprint = _checked(image, footprint, mode)
    footprint = _centred(footprint)
    eroded = _flat(image, footprint, maximum=False, mode=mode)
    return write_output(_flat(eroded, footprint[::-1, ::-1], maximum=True, mode=mode), out, "out")


def closing(
    image: npt.ArrayLike,
    footprint: npt.ArrayLike | None = None,
    out: np.ndarray | None = None,
    *,
    mode: str = "reflect",
) -> np.ndarray:
    """Dilation then erosion by the reflected footprint (``skimage.morphology.closing``).

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.morphology import closing
    >>> pit = np.full((5, 5), 7, np.uint8)
    >>> pit[2, 2] = 0  # a dark pixel smaller than the footprint
    >>> int(closing(pit).min())
    7
    """
    image, footprint = _checked(image, footprint, mode)
    footprint = _centred(footprint)
    dilated = _flat(image, footprint, maximum=True, mode=mode)
    return write_output(_flat(dilated, footprint[::-1, ::-1], maximum=False, mode=mode), out, "out")


def white_tophat(
    image: npt.ArrayLike,
    footprint: npt.ArrayLike | None = None,
    out: np.ndarray | None = None,
    *,
    mode: str = "reflect",
) -> np.ndarray:
    """Image minus its opening (``skimage.morphology.white_tophat``): bright details
    smaller than the footprint.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.morphology import white_tophat
    >>> image = np.array([[0, 0, 0, 0, 0],
    ...                   [0, 5, 5, 5, 0],
    ...                   [0, 5, 9, 5, 0],
    ...                   [0, 5, 5, 5, 0],
    ...                   [0, 0, 0, 0, 0]], np.uint8)
    >>> white_tophat(image, np.ones((3, 3), bool))  # the peak above its plateau
    array([[0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0],
           [0, 0, 4, 0, 0],
           [0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0]], dtype=uint8)
    """
    image, footprint = _checked(image, footprint, mode)
    opened = opening(image, footprint, mode=mode)
    result = opened ^ image if image.dtype == bool else image - opened
    return write_output(result, out, "out")


def black_tophat(
    image: npt.ArrayLike,
    footprint: npt.ArrayLike | None = None,
    out: np.ndarray | None = None,
    *,
    mode: str = "reflect",
) -> np.ndarray:
    """Closing minus the image (``skimage.morphology.black_tophat``): dark details smaller
    than the footprint, such as hairs on skin.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.morphology import black_tophat
    >>> skin = np.full((5, 5), 9, np.uint8)
    >>> skin[2, 1:4] = 2  # a thin dark line, like a hair
    >>> black_tophat(skin)
    array([[0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0],
           [0, 7, 7, 7, 0],
           [0, 0, 0, 0, 0],
           [0, 0, 0, 0, 0]], dtype=uint8)
    """
    image, footprint = _checked(image, footprint, mode)
    closed = closing(image, footprint, mode=mode)
    result = closed ^ image if image.dtype == bool else closed - image
    return write_output(result, out, "out")


def _checked(image, footprint, mode):
    image = as_real_array(image, "image")
    check_ndim(image, "image", (2,))
    check_not_empty(image, "image")
    if image.dtype != bool and image.dtype not in IMAGE_DTYPES:
        raise TypeError(
            f"image: expected bool, uint8, uint16, float32 or float64, got {image.dtype}; "
            "convert it on purpose first"
        )
    check_no_nan(image, "image")
    if mode not in MODES:
        raise ValueError(f"mode: expected one of {MODES}, got {mode!r}")
    if footprint is None:
        footprint = ndi.generate_binary_structure(2, 1)
    footprint = as_real_array(footprint, "footprint")
    check_ndim(footprint, "footprint", (2,))
    footprint = footprint.astype(bool)
    if not footprint.any():
        raise ValueError(f"footprint: no pixel is set (shape {footprint.shape})")
    return image, footprint


def _centred(footprint):
    """Even axes get a leading row or column of zeros, which puts their centre where
    scikit-image (and scipy) put it."""
    pads = [(1 - n % 2, 0) for n in footprint.shape]
    return np.pad(footprint, pads) if any(p for p, _ in pads) else footprint


def _runs(footprint):
    """Horizontal runs of the footprint as (row, first column, length) rows."""
    edges = np.diff(np.pad(footprint.astype(np.int8), ((0, 0), (1, 1))), axis=1)
    starts_r, starts_c = np.nonzero(edges == 1)
    _, stops_c = np.nonzero(edges == -1)
    return np.stack([starts_r, starts_c, stops_c - starts_c], axis=1).astype(np.int64)


def _flat(image, footprint, maximum, mode):
    """min or max of `image` over the odd-sized `footprint`, offsets relative to its centre."""
    rows, cols = image.shape
    fy, fx = footprint.shape
    pads = ((fy // 2, fy // 2), (fx // 2, fx // 2))
    values = image.view(np.uint8) if image.dtype == bool else image
    if mode == "reflect":
        padded = np.pad(values, pads, mode="symmetric")
    else:
        padded = np.pad(values, pads, mode="constant", constant_values=_never_wins(values.dtype, maximum))
    result = _core.flat_morphology(np.ascontiguousarray(padded), rows, cols, _runs(footprint), maximum)
    return result.view(bool) if image.dtype == bool else result


def _never_wins(dtype, maximum):
    if dtype.kind == "f":
        return -np.inf if maximum else np.inf
    info = np.iinfo(dtype)
    return info.min if maximum else info.max

