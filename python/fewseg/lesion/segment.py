"""`segment_lesion`: the pigmented lesion of a dermoscopy image, as one hole-free mask.

The pipeline works at a fixed internal resolution (longest side about `work_size`
pixels), so 0.4 MP and 12 MP images take about the same time, and returns a full-size mask:

1. block-average down to the working size;
2. hairs and ruler marks: thin dark structures found by a morphological black-hat and
   replaced by the grey closing (Lee et al., "DullRazor", 1997, in spirit);
3. field of view: very dark regions touching the image border (black frames, dark
   vignetted corners) are excluded;
4. lesion score: darkness plus colour saturation, smoothed; Otsu's threshold inside the
   field of view splits lesion from skin;
5. markers: confidently-lesion and confidently-skin pixels (halfway from the threshold to
   each class mean), the image border as skin; `fewseg.watershed` on the score's
   gradient places the border between them;
6. the lesion is the component with the best area x centrality, holes filled, opened.
"""

import warnings

import numpy as np
from scipy import ndimage as ndi

from ..segmentation import watershed


class NoLesionWarning(UserWarning):
    """segment_lesion found nothing that looks like a lesion and returns an empty mask."""


def segment_lesion(image, *, work_size=320, hair_threshold=0.06, frame_darkness=0.12):
    """Segments the pigmented lesion of an RGB dermoscopy image.

    Parameters
    ----------
    image : (M, N, 3) ndarray
        uint8, or float in [0, 1]. Never modified.
    work_size : int
        Longest side, in pixels, of the internal working resolution.
    hair_threshold : float
        Black-hat depth (in [0, 1] intensity) above which a pixel is taken for a hair.
    frame_darkness : float
        Mean intensity below which border-connected regions are taken for a black frame
        or a vignetted corner.

    Returns
    -------
    mask : (M, N) ndarray of bool
        The lesion. Empty, with a `NoLesionWarning`, for a uniform image.

    Raises
    ------
    ValueError
        For grey (2-D) or RGBA images, images smaller than 16 x 16, NaN, float values
        outside [0, 1], bad options.
    TypeError
        For non-numeric dtypes.
    """
    rgb = _as_rgb_float(image)
    if not (isinstance(work_size, (int, np.integer)) and work_size >= 32):
        raise ValueError(f"work_size: expected an int >= 32, got {work_size!r}")
    height, width = rgb.shape[:2]
    small, step = _downscale(rgb, work_size)
    if np.ptp(small) < 1e-3:
        warnings.warn("segment_lesion: uniform image, no lesion", NoLesionWarning, stacklevel=2)
        return np.zeros((height, width), bool)
    small = _remove_hairs(small, hair_threshold)
    lightness = small.mean(-1)
    frame = _dark_frame(lightness, frame_darkness)
    field = ~frame
    if field.sum() < 64:
        warnings.warn("segment_lesion: no field of view left after removing the dark frame", NoLesionWarning,
                      stacklevel=2)
        return np.zeros((height, width), bool)
    saturation = small.max(-1) - small.min(-1)
    score = ndi.gaussian_filter((1 - lightness) + 0.5 * saturation, 2)
    mask = _flood(score, field, frame)
    if not mask.any():
        warnings.warn("segment_lesion: no lesion found", NoLesionWarning, stacklevel=2)
        return np.zeros((height, width), bool)
    rows = np.minimum(np.arange(height) // step, mask.shape[0] - 1)
    cols = np.minimum(np.arange(width) // step, mask.shape[1] - 1)
    return mask[rows][:, cols]


def _as_rgb_float(image):
    image = np.asarray(image)
    if image.dtype.kind not in "buif":
        raise TypeError(f"image: expected a numeric RGB array, got dtype {image.dtype}")
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(f"image: expected an RGB image of shape (M, N, 3), got shape {image.shape}"
                         + (" (RGBA: drop the alpha channel)" if image.ndim == 3 and image.shape[2] == 4 else ""))
    if min(image.shape[:2]) < 16:
        raise ValueError(f"image: too small to segment, shape {image.shape}")
    if image.dtype == np.uint8:
        return image / 255.0
    if image.dtype == np.uint16:
        return image / 65535.0
    rgb = image.astype(float)
    if not np.isfinite(rgb).all():
        raise ValueError("image: contains NaN or infinity")
    if rgb.min() < 0 or rgb.max() > 1:
        raise ValueError(f"image: float values must lie in [0, 1], got [{rgb.min()}, {rgb.max()}]")
    return rgb


def _downscale(rgb, work_size):
    """Block means so that the longest side is at most about `work_size`."""
    height, width = rgb.shape[:2]
    step = max(1, int(np.ceil(max(height, width) / work_size)))
    h, w = height // step, width // step
    return rgb[: h * step, : w * step].reshape(h, step, w, step, 3).mean(axis=(1, 3)), step


def _remove_hairs(rgb, threshold):
    closed = np.stack([ndi.grey_closing(rgb[..., c], size=(7, 7)) for c in range(3)], axis=-1)
    hair = (closed.mean(-1) - rgb.mean(-1)) > threshold
    return np.where(hair[..., None], closed, rgb)


def _dark_frame(lightness, darkness):
    dark, _ = ndi.label(lightness < darkness)
    edge = np.unique(np.concatenate([dark[0], dark[-1], dark[:, 0], dark[:, -1]]))
    return np.isin(dark, edge[edge > 0])


def _otsu(values, bins=256):
    counts, edges = np.histogram(values, bins)
    centres = (edges[:-1] + edges[1:]) / 2
    below = np.cumsum(counts)
    above = below[-1] - below
    mean_below = np.cumsum(counts * centres) / np.maximum(below, 1)
    mean_above = (np.sum(counts * centres) - np.cumsum(counts * centres)) / np.maximum(above, 1)
    return centres[np.argmax(below * above * (mean_below - mean_above) ** 2)]


def _flood(score, field, frame):
    threshold = _otsu(score[field])
    lesion = (score > threshold) & field
    skin = field & ~lesion
    if not lesion.any() or not skin.any():
        return np.zeros(score.shape, bool)
    sure_lesion = score > threshold + 0.5 * (score[lesion].mean() - threshold)
    sure_skin = (score < threshold - 0.5 * (threshold - score[skin].mean())) | frame
    ring = np.zeros(score.shape, bool)
    ring[[0, -1], :] = ring[:, [0, -1]] = True
    markers = np.zeros(score.shape, np.int32)
    markers[ndi.binary_erosion(sure_lesion, iterations=2)] = 2
    markers[ndi.binary_erosion(sure_skin, iterations=2) | (ring & ~sure_lesion)] = 1
    labels = watershed(ndi.gaussian_gradient_magnitude(score, 1.0), markers, tie_break="raster")
    return _central_component(labels == 2)


def _central_component(mask):
    components, count = ndi.label(mask)
    if count == 0:
        return mask
    h, w = mask.shape
    index = np.arange(1, count + 1)
    rows, cols = np.mgrid[:h, :w]
    areas = ndi.sum_labels(np.ones(mask.shape), components, index)
    off_centre = np.hypot((ndi.mean(rows, components, index) - h / 2) / h,
                          (ndi.mean(cols, components, index) - w / 2) / w)
    best = 1 + int(np.argmax(areas * np.exp(-4 * off_centre**2)))
    lesion = ndi.binary_fill_holes(components == best)
    return ndi.binary_fill_holes(ndi.binary_opening(lesion, iterations=2))
