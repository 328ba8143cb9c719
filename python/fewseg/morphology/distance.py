"""The exact Euclidean distance transform of 2-D binary images
(cpp/include/fewseg/distance_transform.hpp), run without the GIL."""

from __future__ import annotations

import numpy.typing as npt

from .. import _core
from .._typing import Float64Array
from .binary import as_binary


def distance_transform_edt(input: npt.ArrayLike) -> Float64Array:
    """Euclidean distance of every nonzero pixel to the nearest zero pixel.

    Same values as ``scipy.ndimage.distance_transform_edt(input)`` (distances only, unit
    pixel spacing) for 2-D images: both are exact, the square root of a whole number of
    squared pixels.

    Parameters
    ----------
    input : (M, N) array_like
        Nonzero pixels are the objects, zeros the background. bool and uint8 are read
        without copying; other dtypes are compared with 0 once. Not modified.

    Returns
    -------
    distances : (M, N) ndarray of float64
        0 on the background. Where the image has no zero pixel at all, every distance is
        ``inf`` (scipy returns distances to a point outside the image instead).

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.morphology import distance_transform_edt
    >>> block = np.pad(np.ones((3, 4), bool), 1)
    >>> distance_transform_edt(block)
    array([[0., 0., 0., 0., 0., 0.],
           [0., 1., 1., 1., 1., 0.],
           [0., 1., 2., 2., 1., 0.],
           [0., 1., 1., 1., 1., 0.],
           [0., 0., 0., 0., 0., 0.]])
    """
    return _core.distance_transform_edt(as_binary(input, "input"))

