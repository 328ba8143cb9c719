"""Names for the array types of the public signatures (for readers and type checkers).

numpy's typing tells the dtype but not the shape; the docstrings give the shapes.
"""

from collections.abc import Sequence
from os import PathLike
from typing import Union

import numpy as np
import numpy.typing as npt

BoolArray = npt.NDArray[np.bool_]
Float32Array = npt.NDArray[np.float32]
Float64Array = npt.NDArray[np.float64]
Int64Array = npt.NDArray[np.int64]
# Resampled images: float32, or float64 for float64 input.
FloatArray = Union[npt.NDArray[np.float32], npt.NDArray[np.float64]]
# A file name as the loaders and the batch accept it.
StrPath = Union[str, "PathLike[str]"]
# Several images (sizes may differ), or one array with the images along its first axis.
ImageSequence = Union[Sequence[npt.ArrayLike], np.ndarray]
