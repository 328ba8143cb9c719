"""Checking dermoscopy images and masks. Nothing here copies a full-size image: the
pipeline reads the input once, when shrinking it to the working size."""

import numpy as np

from ..._validation import as_real_array

# Below this many pixels on a side there is no lesion/skin context to model.
MIN_SIDE = 32


def checked_rgb(image, name="image"):
    """`image` as an (M, N, 3) uint8 or float array (not copied) and the factor that brings
    its values to [0, 1]; every other input gets an error naming `name`."""
    array = as_real_array(image, name)
    if array.ndim == 2:
        raise ValueError(
            f"{name}: expected an RGB image of shape (M, N, 3), got a grey image of shape "
            f"{array.shape}; lesion segmentation needs colour"
        )
    if array.ndim != 3 or array.shape[2] != 3:
        hint = "; drop the alpha channel with image[..., :3]" if array.ndim == 3 and array.shape[2] == 4 else ""
        raise ValueError(f"{name}: expected an RGB image of shape (M, N, 3), got shape {array.shape}{hint}")
    if min(array.shape[:2]) < MIN_SIDE:
        raise ValueError(
            f"{name}: too small ({array.shape[0]}x{array.shape[1]}); expected at least {MIN_SIDE} pixels on each side"
        )
    if array.dtype == np.uint8:
        return array, 1 / 255
    if array.dtype.kind != "f":
        raise TypeError(f"{name}: expected uint8, or float values in [0, 1], got dtype {array.dtype}")
    if array.dtype not in (np.float32, np.float64):
        array = array.astype(np.float32)
    low, high = float(array.min()), float(array.max())
    if not (np.isfinite(low) and np.isfinite(high)):
        raise ValueError(f"{name}: contains NaN or infinite values")
    if low < 0 or high > 1:
        raise ValueError(f"{name}: float values must lie in [0, 1], got values from {low:g} to {high:g}")
    return array, 1.0


def checked_mask(mask, name, shape):
    """`mask` as a bool array of `shape` (the image's rows and columns)."""
    array = as_real_array(mask, name)
    if array.shape != tuple(shape):
        raise ValueError(f"{name}: shape {array.shape} differs from the image's {tuple(shape)}")
    return array != 0
