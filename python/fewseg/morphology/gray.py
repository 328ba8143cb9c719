"""Flat grey-level erosion, dilation and their compositions, as scikit-image 0.26 computes
them for 2-D images, with a kernel whose cost does not grow with the footprint's area
(cpp/include/fewseg/morphology.hpp)."""

import numpy as np
from scipy import ndimage as ndi

from .. import _core
from .._validation import IMAGE_DTYPES, as_real_array, check_ndim, check_no_nan, check_not_empty, write_output

# scikit-image's border rules that this module implements: "reflect" mirrors the image
# about its edge (d c b a | a b c d); "ignore" lets the border never win.
MODES = ("reflect", "ignore")


def erosion(image, footprint=None, out=None, *, mode="reflect"):
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
    """
    image, footprint = _checked(image, footprint, mode)
    return write_output(_flat(image, _centred(footprint), maximum=False, mode=mode), out, "out")


def dilation(image, footprint=None, out=None, *, mode="reflect"):
    """Grey-level dilation: the maximum over `footprint` around every pixel.

    Same result as ``skimage.morphology.dilation`` for 2-D images (which, unlike the
    textbook definition, does not reflect the footprint). Parameters as in `erosion`.
    """
    image, footprint = _checked(image, footprint, mode)
    return write_output(_flat(image, _centred(footprint), maximum=True, mode=mode), out, "out")


def opening(image, footprint=None, out=None, *, mode="reflect"):
    """Erosion then dilation by the reflected footprint (``skimage.morphology.opening``)."""
    image, footprint = _checked(image, footprint, mode)
    footprint = _centred(footprint)
    eroded = _flat(image, footprint, maximum=False, mode=mode)
    return write_output(_flat(eroded, footprint[::-1, ::-1], maximum=True, mode=mode), out, "out")


def closing(image, footprint=None, out=None, *, mode="reflect"):
    """Dilation then erosion by the reflected footprint (``skimage.morphology.closing``)."""
    image, footprint = _checked(image, footprint, mode)
    footprint = _centred(footprint)
    dilated = _flat(image, footprint, maximum=True, mode=mode)
    return write_output(_flat(dilated, footprint[::-1, ::-1], maximum=False, mode=mode), out, "out")


def white_tophat(image, footprint=None, out=None, *, mode="reflect"):
    """Image minus its opening (``skimage.morphology.white_tophat``): bright details
    smaller than the footprint."""
    image, footprint = _checked(image, footprint, mode)
    opened = opening(image, footprint, mode=mode)
    result = opened ^ image if image.dtype == bool else image - opened
    return write_output(result, out, "out")


def black_tophat(image, footprint=None, out=None, *, mode="reflect"):
    """Closing minus the image (``skimage.morphology.black_tophat``): dark details smaller
    than the footprint, such as hairs on skin."""
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

