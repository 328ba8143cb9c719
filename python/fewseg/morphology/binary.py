"""Binary morphology of 2-D images that runs without the GIL: filling holes
(cpp/include/fewseg/fill_holes.hpp)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from .. import _core
from .._typing import BoolArray
from .._validation import as_real_array, check_ndim, check_not_empty, check_no_nan

CROSS = np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]], bool)
SQUARE = np.ones((3, 3), bool)


def binary_fill_holes(input: npt.ArrayLike, structure: npt.ArrayLike | None = None) -> BoolArray:
    """Fill the holes of a 2-D binary image: background regions that do not touch the
    image border become foreground.

    Same result as ``scipy.ndimage.binary_fill_holes(input, structure)`` for 2-D images.

    Parameters
    ----------
    input : (M, N) array_like
        Nonzero pixels are the objects. bool and uint8 are read without copying; other
        dtypes are compared with 0 once. Not modified.
    structure : (3, 3) array_like of bool, optional
        How background pixels connect: the cross (the default, edges only) or the full
        3 x 3 square (edges and corners).

    Returns
    -------
    filled : (M, N) ndarray of bool

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.morphology import binary_fill_holes
    >>> ring = np.zeros((5, 5), bool)
    >>> ring[1:4, 1:4] = True
    >>> ring[2, 2] = False
    >>> binary_fill_holes(ring).astype(int)
    array([[0, 0, 0, 0, 0],
           [0, 1, 1, 1, 0],
           [0, 1, 1, 1, 0],
           [0, 1, 1, 1, 0],
           [0, 0, 0, 0, 0]])
    """
    image = as_binary(input, "input")
    return _core.binary_fill_holes(image, _connectivity(structure))


def as_binary(input, name):
    """`input` as a 2-D bool or uint8 array whose nonzero pixels are the objects."""
    image = as_real_array(input, name)
    check_ndim(image, name, (2,))
    check_not_empty(image, name)
    check_no_nan(image, name)
    if image.dtype in (np.bool_, np.uint8):
        return image
    return image != 0


def _connectivity(structure):
    if structure is None:
        return 1
    footprint = as_real_array(structure, "structure")
    if footprint.shape == (3, 3):
        if np.array_equal(footprint != 0, CROSS):
            return 1
        if np.array_equal(footprint != 0, SQUARE):
            return 2
    raise ValueError(
        "structure: expected the 3 x 3 cross (edges only) or the 3 x 3 square of ones, got "
        f"{np.asarray(footprint).astype(int).tolist() if footprint.size <= 25 else footprint.shape}"
    )
