"""Checks of the arguments `regionprops` and `regionprops_table` share, in scikit-image's
order and with its exception types (its own tests match on them), each error naming the
argument."""

import numbers

import numpy as np

from .._validation import as_real_array
from ._labels import as_label_image


class PropertyNotSupportedError(NotImplementedError, ValueError):
    """A property scikit-image defines for some spacings or for 2-D images only (it
    raises NotImplementedError); a ValueError too, as fewseg always raised for an argument
    a property does not support."""


def region_label_image(label_image):
    """The label image as given (kept for the region objects' `_label_image`, as in
    scikit-image) and as the kernels take it (int32 or int64, maybe a copy)."""
    given = np.asarray(label_image) if not isinstance(label_image, np.ndarray) else label_image
    if given.ndim not in (2, 3):
        raise TypeError(f"label_image: only 2-D and 3-D images are supported, got {given.ndim}-D "
                        f"with shape {given.shape}")
    return given, as_label_image(given, ndims=(2, 3))


def region_intensity_image(intensity_image, label_shape):
    """The intensity image checked against the labels: the same shape, plus at most a
    channel axis (last). Returns it as given, and whether it has channels."""
    if intensity_image is None:
        return None, False
    image = as_real_array(intensity_image, "intensity_image")
    ndim = len(label_shape)
    if image.shape[:ndim] != tuple(label_shape) or image.ndim not in (ndim, ndim + 1):
        raise ValueError(
            f"intensity_image: shape {image.shape} does not match label_image shape {tuple(label_shape)} "
            "(Label and intensity image shapes must match, except for channel (last) axis.)"
        )
    if image.ndim == ndim + 1 and image.shape[-1] == 0:
        raise ValueError(f"intensity_image: has no channels (shape {image.shape})")
    return image, image.ndim == ndim + 1


def normalize_spacing(spacing, ndim):
    """(ndim,) float64 spacing: None is unit spacing, a number is the same on every axis.
    The shape is checked before the elements, as scikit-image does."""
    if spacing is None:
        return np.ones(ndim)
    if isinstance(spacing, (str, bytes)):
        raise TypeError(f"spacing: expected a number or a sequence of {ndim} numbers, got {spacing!r}")
    values = np.asarray(spacing, dtype=object) if not isinstance(spacing, np.ndarray) else spacing
    if values.ndim == 0:
        values = np.full(ndim, values.item(), dtype=object)
    if values.shape != (ndim,):
        raise ValueError(f"spacing: spacing isn't a scalar nor a sequence of shape ({ndim},), got {spacing!r}")
    out = np.empty(ndim)
    for axis, value in enumerate(values.tolist()):
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            if isinstance(value, (str, bytes)):
                raise ValueError(f"spacing: Element of spacing isn't a number, got {value!r}")
            raise TypeError(f"spacing: Element of spacing isn't float or integer type, got {type(value)}")
        out[axis] = float(value)
    if not np.all(np.isfinite(out)) or np.any(out <= 0):
        raise ValueError(f"spacing: values must be finite and positive, got {spacing!r}")
    return out


def normalize_offset(offset, ndim):
    """(ndim,) int offset of the label image's origin (added to `coords` and `centroid`)."""
    if offset is None:
        return np.zeros(ndim, dtype=int)
    values = np.asarray(offset)
    if values.ndim != 1 or values.size != ndim:
        raise ValueError(
            f"offset: Offset should be an array-like of integers of shape (label_image.ndim,); {offset} was provided."
        )
    if values.dtype.kind not in "iub":
        if values.dtype.kind != "f" or not np.all(np.isfinite(values)) or np.any(values != np.round(values)):
            raise TypeError(f"offset: expected integers, got {offset!r}")
        values = values.astype(int)
    return values.astype(int)
