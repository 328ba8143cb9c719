"""Shrinking by area averaging and resizing by bilinear interpolation, one pass each in
C++ (cpp/include/fewseg/resize.hpp).

Values keep the input's scale (uint8 stays 0..255): the result is float32, or float64
for float64 input.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .. import _core
from .._typing import FloatArray
from .._validation import IMAGE_DTYPES, as_real_array, check_ndim, check_no_nan, check_not_empty


def resize_area(image: npt.ArrayLike, output_shape: Sequence[int]) -> FloatArray:
    """Shrink `image` to `output_shape`, every output pixel the mean of the input area it
    covers (OpenCV's ``INTER_AREA``; ``skimage.transform.downscale_local_mean`` for whole
    factors).

    Parameters
    ----------
    image : (M, N) or (M, N, C) ndarray
        uint8, uint16, float32 or float64 (other real dtypes are read as float64).
    output_shape : (rows, cols)
        At most the input size on each axis, at least 1.

    Returns
    -------
    resized : (rows, cols[, C]) ndarray of float32 (float64 for float64 input)

    Raises
    ------
    ValueError
        For a shape that enlarges an axis, or is empty; NaN; a 1-D or 4-D image.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.transform import resize_area
    >>> image = np.arange(16, dtype=np.uint8).reshape(4, 4)
    >>> resize_area(image, (2, 2))  # the mean of each 2 x 2 block
    array([[ 2.5,  4.5],
           [10.5, 12.5]], dtype=float32)
    """
    image, rows, cols = _checked(image, output_shape)
    if rows > image.shape[0] or cols > image.shape[1]:
        raise ValueError(
            f"output_shape: area resampling only shrinks, got {(rows, cols)} for an image of "
            f"{image.shape[:2]}; use resize_bilinear to enlarge"
        )
    return _core.resize(image, rows, cols, "area")


def resize_bilinear(image: npt.ArrayLike, output_shape: Sequence[int]) -> FloatArray:
    """Resize `image` to `output_shape` by bilinear interpolation between pixel centres
    (``skimage.transform.resize(image, output_shape, order=1, mode="edge",
    anti_aliasing=False, preserve_range=True)``).

    Parameters and returns as for `resize_area`, except that any non-empty output shape
    is accepted. Shrinking by more than 2 aliases: use `resize_area` for that.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.transform import resize_bilinear
    >>> resize_bilinear(np.array([[0.0, 1.0], [2.0, 3.0]]), (3, 3))
    array([[0. , 0.5, 1. ],
           [1. , 1.5, 2. ],
           [2. , 2.5, 3. ]])
    """
    image, rows, cols = _checked(image, output_shape)
    return _core.resize(image, rows, cols, "bilinear")


def _checked(image, output_shape):
    image = as_real_array(image, "image")
    check_ndim(image, "image", (2, 3))
    check_not_empty(image, "image")
    if image.dtype not in IMAGE_DTYPES:
        image = image.astype(np.float64)
    check_no_nan(image, "image")
    try:
        rows, cols = (operator.index(n) for n in output_shape)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"output_shape: expected two integers (rows, cols), got {output_shape!r}") from exc
    if rows < 1 or cols < 1:
        raise ValueError(f"output_shape: expected sizes of at least 1, got {(rows, cols)}")
    return image, rows, cols
