"""Argument checks shared by the public functions: each error names the argument."""

import math
import numbers

import numpy as np

# dtypes the kernels are compiled for; others are converted once, on purpose.
IMAGE_DTYPES = (np.uint8, np.uint16, np.float32, np.float64)
LABEL_DTYPES = (np.int32, np.int64)


def as_real_array(value, name):
    """`value` as an ndarray of a real (bool, integer or floating) dtype."""
    try:
        array = np.asarray(value)
    except Exception as exc:  # ragged lists and the like
        raise TypeError(f"{name}: cannot be read as an array ({exc})") from exc
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected a real-valued numeric array, got dtype {array.dtype}")
    return array


def check_ndim(array, name, allowed):
    if array.ndim not in allowed:
        expected = " or ".join(f"{n}-D" for n in allowed)
        raise ValueError(f"{name}: expected a {expected} array, got {array.ndim}-D with shape {array.shape}")


def check_not_empty(array, name):
    if array.size == 0:
        raise ValueError(f"{name}: empty array (shape {array.shape})")


def check_same_shape(array, name, reference, reference_name):
    if array.shape != reference.shape:
        raise ValueError(
            f"{name}: shape {array.shape} differs from {reference_name} shape {reference.shape}"
        )


def check_no_nan(array, name):
    if array.dtype.kind == "f" and np.isnan(array).any():
        raise ValueError(f"{name}: contains NaN")


def as_kernel_image(image):
    """The image in a dtype the kernels take: compiled dtypes pass through uncopied; other
    real dtypes become float64, which is how scikit-image compares values anyway."""
    if image.dtype in IMAGE_DTYPES:
        return image
    return image.astype(np.float64)


def write_output(result, output, name):
    """`result`, or `result` copied into the caller's `output` array (argument `name`),
    which must have its shape and dtype; scipy's and scikit-image's ``output=``/``out=``."""
    if output is None:
        return result
    if not isinstance(output, np.ndarray) or output.shape != result.shape or output.dtype != result.dtype:
        raise ValueError(f"{name}: expected an ndarray of shape {result.shape} and dtype {result.dtype}")
    output[...] = result
    return output


def check_int_option(value, name, low, high=None):
    """An int (not a bool) from `low` to `high` (no upper bound when None)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name}: expected an int, got {value!r}")
    if value < low or (high is not None and value > high):
        expected = f"at least {low}" if high is None else f"{low} to {high}"
        raise ValueError(f"{name}: expected {expected}, got {value}")


def check_number_option(value, name, low, high):
    """A finite real number (not a bool) from `low` to `high`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: expected a number, got {value!r}")
    if not (math.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name}: expected a finite number from {low} to {high}, got {value}")


def as_mask(mask, name, shape=None, shape_of="the image", *, ndim=None):
    """`mask` as a new bool array, True inside: the one rule for masks. Accepted are bool
    and integer dtypes (nonzero is inside: 0/1 and 0/255 masks alike) and floats whose
    values are all 0 or 1 (a mask cast to float); float probabilities, NaN and
    non-numeric arrays are refused. With `shape`, the mask must have it (`shape_of` names
    the argument it comes from, e.g. ``"images[2]"``); `ndim`, if given, is a tuple of the
    allowed dimensions. The input is not modified.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg._validation import as_mask
    >>> as_mask(np.array([0, 255, 1], np.uint8), "mask")
    array([False,  True,  True])
    >>> as_mask(np.array([0.0, 0.5]), "mask")
    Traceback (most recent call last):
    ...
    ValueError: mask: float values must be 0 or 1 (a mask), got values from 0 to 0.5; threshold it first
    """
    array = as_real_array(mask, name)
    if ndim is not None:
        check_ndim(array, name, ndim)
    if shape is not None and array.shape != tuple(shape):
        raise ValueError(f"{name}: shape {array.shape} differs from {shape_of} shape {tuple(shape)}")
    if array.dtype.kind != "f":
        return array != 0
    inside = array == 1
    if not (inside | (array == 0)).all():
        if not np.isfinite(array).all():
            raise ValueError(f"{name}: contains NaN or infinite values")
        raise ValueError(
            f"{name}: float values must be 0 or 1 (a mask), got values from {array.min():g} to "
            f"{array.max():g}; threshold it first"
        )
    return inside
