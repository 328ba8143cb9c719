"""Checks and conversions of label images shared by the measure functions."""

import numpy as np

from .._validation import as_real_array, check_ndim

MAX_PADDED_PIXELS = 2**31 - 1


def as_label_image(label_image, name="label_image", ndims=(2,)):
    """`label_image` as an int32 or int64 array of non-negative labels with a number of
    dimensions in `ndims`.

    int32 and int64 pass through uncopied (any strides); other integer dtypes are copied
    once into int32 or int64. bool and floating images are refused, as scikit-image does,
    because a mask or a float image is ambiguous as a label image.
    """
    labels = as_real_array(label_image, name)
    if labels.dtype == bool:
        raise TypeError(f"{name}: bool images are ambiguous as labels; label them first "
                        "(e.g. skimage.measure.label) or pass an integer array")
    if labels.dtype.kind == "f":
        raise TypeError(f"{name}: expected an integer label image, got dtype {labels.dtype}")
    check_ndim(labels, name, ndims)
    # The all-labels kernels index a padded copy with 32-bit dense ids (dense_labels.hpp);
    # say so before copying a huge non-int32/int64 image only to be refused.
    if labels.ndim == 2 and (labels.shape[0] + 2) * (labels.shape[1] + 2) >= MAX_PADDED_PIXELS:
        raise ValueError(f"{name}: shape {labels.shape} has too many pixels for the label kernels "
                         f"(at most {MAX_PADDED_PIXELS - 1} with a one-pixel border)")
    if labels.dtype.kind == "u" and labels.size and labels.max() > np.iinfo(np.int64).max:
        raise ValueError(f"{name}: labels above 2**63 - 1 are not supported")
    # Negative labels are refused by the kernels, which read the labels anyway.
    if labels.dtype in (np.int32, np.int64):
        return labels
    if labels.dtype.itemsize <= 2:
        return labels.astype(np.int32)
    return labels.astype(np.int64)
