"""`lesion_features` and `extract_features`: the numbers the classifier learns from.

One function per descriptor family (shape.py, asymmetry.py, border.py, colour.py); this
module validates the arguments, cuts the image down to the lesion and its surroundings, and
composes them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from ...morphology import distance_transform_edt
from ..._typing import Float64Array, ImageSequence
from ..._boxes import bounding_box
from ..._images import rgb_image
from ..._progress import progress_bar
from ..._validation import as_mask
from ..._workers import ordered_map
from ._cielab import linear_rgb_to_lab, srgb_image_to_linear
from .._region import largest_filled_region
from .asymmetry import asymmetry_features
from .border import BAND_HALF_WIDTH, SKIN_GAP, SKIN_WIDTH, border_cutoff, surrounding_skin
from .colour import (
    balanced_lab,
    colour_statistics,
    dermoscopic_colours,
    reference_skin_linear,
    skin_contrast,
    variegation,
)
from ..backbone.descriptors import learned_descriptors
from ..segmentation import segment_lesion
from ..segmentation._input import checked_rgb
from .shape import shape_features
from .working_resolution import shrunk_lesion_window, working_scale

# Few features, one per ABCD criterion that holds with few labels: diameter (the seed's max
# span, over the image diagonal so that it reads alike at any resolution), asymmetry of the
# colour pattern, colour variegation (hue spread), and the blue-grey and grey-black tones
# melanin takes in the dermis (low balanced b* and a*). The border criterion is left out:
# expert outlines of PH2 lesions barely separate the classes by it.
CORE_FEATURES = ("relative_span", "colour_asymmetry_ratio", "hue_spread", "b_p5", "a_p5")
# The descriptors measured in pixels, which grow with the camera's resolution as much as
# with the lesion; relative_area and relative_span say the same at any resolution.
PIXEL_FEATURES = ("contour_area", "max_span")
# Two views of the core features for co-training, as independent as the features allow:
# where the lesion's colours lie (size and layout), and which colours it holds.
CORE_VIEWS = (("relative_span", "colour_asymmetry_ratio"), ("hue_spread", "b_p5", "a_p5"))


def lesion_features(image: npt.ArrayLike, mask: npt.ArrayLike, *, learned: bool = False) -> dict[str, float]:
    """Shape, border and colour descriptors of the lesion in `image`.

    Parameters
    ----------
    image : (M, N, 3) ndarray
        sRGB dermoscopy image under the one image rule (`fewseg._images`): uint8, uint16,
        or float in [0, 1]; RGB, or grey (M, N), or RGBA (alpha ignored).
    mask : (M, N) ndarray of bool or int
        Lesion pixels (nonzero; floats only as 0 and 1, `fewseg._validation.as_mask`). Its
        largest 8-connected component, holes filled, is the lesion that every descriptor
        measures.
    learned : bool, default False
        Also the 32 learned descriptors ``learned_00`` to ``learned_31``: the features of
        an ImageNet network (EfficientNet-Lite0) pooled over the lesion and the skin, in
        the whole image and in two crops around the lesion, projected onto principal axes
        of ISIC lesions (`fewseg.lesion.backbone.descriptors`; ONNX Runtime, about 0.2 s
        an image on one core). They do not change when the image is mirrored or turned by a
        right angle.

    Returns
    -------
    features : dict of str to float
        Always the same keys in the same order:

        - shape (``fewseg.regionprops_table``'s properties of the lesion): ``contour_area``,
          ``perimeter_ratio``, ``max_span`` (the seed's three, in pixels), ``compactness``,
          ``solidity``, ``elongation``, ``relative_area``, ``relative_span`` (the lesion's
          share of the image's pixels, its span over the image diagonal; shape.py);
        - asymmetry about the principal axes: ``asymmetry_min``, ``asymmetry_max`` (outline),
          ``colour_asymmetry``, ``colour_asymmetry_ratio`` (colour pattern; asymmetry.py);
        - border: ``border_cutoff``, ``border_cutoff_std``, the share of the lesion-skin
          lightness step within the border band (border.py);
        - colour statistics of the lesion white-balanced on the surrounding skin (CIELAB):
          ``{L,a,b}_{mean,std,p5,p50,p95}``, ``hue_spread`` (colour.py);
        - contrast to the surrounding skin: ``contrast_{L,a,b}``, ``contrast_delta_e``;
        - dermoscopic colours: ``colour_{white,red,light_brown,dark_brown,blue_gray,black}``
          (shares of the lesion), ``colour_count``, ``colour_entropy``;
        - variegation: ``lab_entropy``;
        - with `learned`, ``learned_00`` to ``learned_31`` last.

        `CORE_FEATURES` names the few that the few-label classifier uses by default.

    Raises
    ------
    TypeError
        For an image that is not uint8, uint16 or float, a non-numeric mask.
    ValueError
        For wrong dimensions or channel counts, mismatched shapes, NaN or infinite values,
        float image values outside [0, 1], a float mask with values other than 0 and 1, or
        a mask without lesion pixels.

    Notes
    -----
    A photograph whose diagonal exceeds 1,024 px (`working_resolution.WORKING_DIAGONAL`) has
    its asymmetry, border and colour descriptors measured on the lesion's surroundings
    shrunk to that diagonal (area averaging in linear light), so that they describe the
    same structure at any camera resolution and take 0.6 to 2 s on a 30-megapixel
    photograph (6 to 20 s on every pixel); the shape descriptors keep the full-resolution
    outline.

    Examples
    --------
    >>> import fewseg
    >>> from fewseg.data import synthetic_lesions
    >>> data = synthetic_lesions(1, seed=0, shape=(64, 64))
    >>> features = fewseg.lesion_features(data.images[0], data.masks[0])
    >>> list(features)[:3], len(features)
    (['contour_area', 'perimeter_ratio', 'max_span'], 43)
    """
    image, factor = rgb_image(image, "image")
    return _measured(image, factor, _lesion(mask, "mask", image, "image"), learned)


def _lesion(mask, name, image, image_name):
    lesion = as_mask(mask, name, image.shape[:2], image_name, ndim=(2,))
    if not lesion.any():
        raise ValueError(f"{name}: no lesion pixels (all zero)")
    return lesion


def _measured(image, factor, lesion, learned):
    """`lesion_features` of a checked image (values times `factor` on [0, 1]) and mask."""
    diagonal = float(np.hypot(*lesion.shape))
    region = whole_region = largest_filled_region(lesion)
    margin = int(np.ceil((SKIN_GAP + SKIN_WIDTH) * diagonal)) + BAND_HALF_WIDTH + 2
    window = bounding_box(region, margin)
    region = region[window]
    features = shape_features(region, lesion.shape)  # at full resolution, in its pixels
    scale = working_scale(diagonal)
    if scale < 1.0:
        # float32 halves the memory of a large photograph's window; it is averaged at once.
        linear, region = shrunk_lesion_window(srgb_image_to_linear(image[window], np.float32), region, scale)
        diagonal *= scale
    else:
        linear = srgb_image_to_linear(image[window])

    lab = linear_rgb_to_lab(linear)
    outside_distance = distance_transform_edt(~region)
    skin = surrounding_skin(region, lab[..., 0], outside_distance, diagonal)
    skin_linear = np.median(linear[skin], axis=0) if skin.any() else reference_skin_linear()
    skin_lab = linear_rgb_to_lab(skin_linear)
    lesion_lab = lab[region]
    balanced = balanced_lab(linear[region], skin_linear)
    step = skin_lab[0] - float(np.median(lesion_lab[:, 0]))

    features.update(asymmetry_features(lab, region, diagonal))
    features.update(border_cutoff(lab[..., 0], region, outside_distance, step))
    features.update(colour_statistics(balanced))
    features.update(skin_contrast(lesion_lab, skin_lab))
    features.update(dermoscopic_colours(balanced))
    features.update(variegation(balanced))
    if learned:
        features.update(learned_descriptors(image, factor, whole_region))
    return features


def extract_features(
    images: ImageSequence, masks: ImageSequence | None = None, *, learned: bool = False,
    progress: bool | None = None, n_jobs: int = 1,
) -> tuple[Float64Array, list[str]]:
    """`lesion_features` of many images, as a feature matrix.

    Parameters
    ----------
    images : sequence of (M, N, 3) ndarray
        Dermoscopy images as for `lesion_features` (sizes may differ), or one (K, M, N, 3)
        array.
    masks : sequence of (M, N) ndarray, optional
        Lesion masks, one per image. Where None, each image is segmented with
        ``fewseg.segment_lesion``.
    learned : bool, default False
        Also the learned descriptors (`lesion_features`).
    progress : bool, optional
        A progress bar on standard error; by default only when it is a terminal.
    n_jobs : int, default 1
        Threads measuring images at once (-1: one per CPU). Each reads its own image (and
        mask) when it starts on it, so memory holds about `n_jobs` images; the rows come
        back in the order of `images`, and the first bad image's error is raised.

    Returns
    -------
    X : (K, F) ndarray of float64
        One row per image.
    names : list of str
        The F feature names, in column order.

    Examples
    --------
    >>> import fewseg
    >>> from fewseg.data import synthetic_lesions
    >>> data = synthetic_lesions(2, seed=0, shape=(64, 64))
    >>> X, names = fewseg.extract_features(data.images, data.masks)
    >>> X.shape, X.dtype, names[0]
    ((2, 43), dtype('float64'), 'contour_area')
    """
    images = _as_sequence(images, "images")
    if masks is not None:
        masks = _as_sequence(masks, "masks")
        if len(masks) != len(images):
            raise ValueError(f"masks: {len(masks)} masks for {len(images)} images")
    def measure(index):
        name = f"images[{index}]"
        if masks is None:
            # Under the segmentation's rules too, so that errors name the image
            # (segment_lesion's say "image").
            rgb, factor = checked_rgb(images[index], name)
            mask = segment_lesion(rgb)
        else:
            rgb, factor = rgb_image(images[index], name)
            mask = masks[index]
        return _measured(rgb, factor, _lesion(mask, f"masks[{index}]", rgb, name), learned)

    rows = []
    with progress_bar(len(images), progress, "images") as bar:
        # Indexed inside `measure`, one image at a time per thread: a sequence that reads
        # its files when indexed (`fewseg.data.ImageFiles`) holds only the images in work.
        for row in ordered_map(measure, len(images), n_jobs):
            rows.append(row)
            bar.update(1)
    names = list(rows[0])
    return np.array([[row[name] for name in names] for row in rows], dtype=np.float64), names


def _as_sequence(values, name):
    """`values` as an indexable sequence: a list, tuple or lazy sequence as it is (never
    read whole), an array's rows, any other iterable's items."""
    if isinstance(values, np.ndarray):
        if values.ndim == 3 and name == "images":
            raise ValueError(f"{name}: got one image of shape {values.shape}; pass a list of images or a 4-D array")
        values = list(values)
    elif isinstance(values, (str, bytes)):
        raise TypeError(f"{name}: expected a sequence of arrays, got {type(values).__name__}")
    elif not isinstance(values, Sequence):
        try:
            values = list(values)
        except TypeError as exc:
            raise TypeError(f"{name}: expected a sequence of arrays, got {type(values).__name__}") from exc
    if not values:
        raise ValueError(f"{name}: empty sequence")
    return values
