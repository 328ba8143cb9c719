"""The one rule for dermoscopy images, shared by every public function that takes one.

The rule (`rgb_image`)
----------------------
An image is an (M, N, 3) array of sRGB values, read as follows:

- **dtype**: uint8 (0 to 255), uint16 (0 to 65535) or floating point with values in
  [0, 1] (float16 is widened to float32; float32 and float64 are used as given). Other
  integer dtypes, bool and non-numeric arrays are refused (`TypeError`): their range is
  ambiguous, so convert them on purpose (``image.astype(np.uint8)``).
- **channels**: (M, N, 3) is RGB; a grey image, (M, N) or (M, N, 1), is read as RGB
  with three equal channels; (M, N, 4) is RGBA and its alpha channel is ignored.
  Other shapes are refused (`ValueError`).
- **values**: NaN and infinite values are refused, as are float values outside [0, 1]
  (`ValueError`).
- **size**: an empty image is refused; the lesion pipelines ask for a minimum side
  (`segment_lesion` and `LesionSegmenter` need 32 pixels, to see skin around a lesion).

Errors start with the argument's name (``image: ...``, ``images[3]: ...``). The image is
never modified and never copied here: grey images and RGBA are read through views.
"""

import numpy as np

from ._validation import as_real_array

# Channel counts read as grey, RGB and RGBA.
_GREY, _RGB, _RGBA = 1, 3, 4


def rgb_image(image, name="image", *, min_side=1):
    """`image` under the rule of this module's docstring, as an (M, N, 3) view of it in
    uint8, uint16, float32 or float64, and the factor that brings its values to [0, 1]
    (1/255, 1/65535 or 1.0). `min_side` is the smallest number of rows and columns.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg._images import rgb_image
    >>> rgb, factor = rgb_image(np.zeros((4, 5, 4), np.uint8))  # RGBA: alpha ignored
    >>> rgb.shape, factor == 1 / 255
    ((4, 5, 3), True)
    >>> rgb_image(np.zeros((4, 5), np.int32))
    Traceback (most recent call last):
    ...
    TypeError: image: expected uint8, uint16 or float values in [0, 1], got dtype int32; convert it on purpose (e.g. with .astype(np.uint8))
    """
    array = as_real_array(image, name)
    array = _three_channels(array, name)
    if array.size == 0 or min(array.shape[:2]) < min_side:
        least = "at least one pixel" if min_side <= 1 else f"at least {min_side} pixels on each side"
        raise ValueError(f"{name}: too small ({array.shape[0]}x{array.shape[1]}); expected {least}")
    if array.dtype in (np.uint8, np.uint16):
        return array, 1 / np.iinfo(array.dtype).max
    if array.dtype.kind != "f":
        raise TypeError(
            f"{name}: expected uint8, uint16 or float values in [0, 1], got dtype {array.dtype}; "
            "convert it on purpose (e.g. with .astype(np.uint8))"
        )
    if array.dtype not in (np.float32, np.float64):
        array = array.astype(np.float32)
    low, high = float(array.min()), float(array.max())
    if not (np.isfinite(low) and np.isfinite(high)):
        raise ValueError(f"{name}: contains NaN or infinite values")
    if low < 0 or high > 1:
        raise ValueError(f"{name}: float values must lie in [0, 1], got values from {low:g} to {high:g}")
    return array, 1.0


def _three_channels(array, name):
    """An (M, N, 3) view of a grey, RGB or RGBA `array`."""
    if array.ndim == 2:
        array = array[..., None]
    if array.ndim != 3 or array.shape[2] not in (_GREY, _RGB, _RGBA):
        raise ValueError(
            f"{name}: expected an RGB image of shape (M, N, 3) (or grey (M, N), or RGBA (M, N, 4)), "
            f"got shape {array.shape}"
        )
    if array.shape[2] == _GREY:
        return np.broadcast_to(array, array.shape[:2] + (_RGB,))
    return array[..., :_RGB]
