"""Synthetic dermoscopy-like images, made on the spot: nothing to download.

Skin with uneven tone and vignetting, a pigmented lesion with an irregular border and
colour variegation, hairs across both. Melanoma-like lesions are larger, more irregular,
more asymmetric and carry more of the dermoscopic colours (black, blue-gray, dark brown)
than nevus-like ones, so that a classifier has something real to learn.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from scipy import ndimage as ndi

from .._typing import BoolArray

# RGB reference colours (0-255) of skin and of the dermoscopic colours used here.
SKIN = np.array([222.0, 170.0, 150.0])
LIGHT_BROWN = np.array([176.0, 112.0, 74.0])
DARK_BROWN = np.array([104.0, 58.0, 40.0])
BLACK = np.array([38.0, 26.0, 24.0])
BLUE_GRAY = np.array([96.0, 104.0, 126.0])
HAIR = np.array([40.0, 30.0, 26.0])


class SyntheticLesions(NamedTuple):
    """Synthetic images with their masks and labels (`synthetic_lesions`)."""

    images: npt.NDArray[np.uint8]  # (n, height, width, 3)
    masks: BoolArray  # (n, height, width), the lesion
    labels: npt.NDArray[np.int_]  # (n,), 1 melanoma-like, 0 nevus-like


def synthetic_lesions(
    n: int, seed: int = 0, *, shape: tuple[int, int] = (288, 384), melanoma_fraction: float = 0.3
) -> SyntheticLesions:
    """`n` synthetic dermoscopy images with their lesion masks and labels.

    Parameters
    ----------
    n : int
        Number of images.
    seed : int
        Seed of the random generator: the same seed gives the same images.
    shape : (int, int)
        Height and width of every image.
    melanoma_fraction : float
        Expected fraction of melanoma-like lesions, in [0, 1].

    Returns
    -------
    SyntheticLesions
        ``images`` (n, H, W, 3) uint8, ``masks`` (n, H, W) bool, ``labels`` (n,) int.

    Examples
    --------
    >>> from fewseg.data import synthetic_lesions
    >>> data = synthetic_lesions(2, seed=0, shape=(64, 64))
    >>> data.images.shape, data.images.dtype, data.masks.shape, data.labels.tolist()
    ((2, 64, 64, 3), dtype('uint8'), (2, 64, 64), [0, 1])
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n: expected a non-negative int, got {n!r}")
    if len(shape) != 2 or min(shape) < 32:
        raise ValueError(f"shape: expected (height, width), both at least 32, got {shape!r}")
    if not 0 <= melanoma_fraction <= 1:
        raise ValueError(f"melanoma_fraction: expected a number in [0, 1], got {melanoma_fraction!r}")
    rng = np.random.default_rng(seed)
    labels = (rng.random(n) < melanoma_fraction).astype(int)
    images = np.empty((n, *shape, 3), np.uint8)
    masks = np.empty((n, *shape), bool)
    for k in range(n):
        images[k], masks[k] = _one_image(rng, shape, bool(labels[k]))
    return SyntheticLesions(images, masks, labels)


def _smooth_noise(rng, shape, scale):
    """Zero-mean, unit-variance noise with features about `scale` pixels wide."""
    noise = ndi.gaussian_filter(rng.standard_normal(shape), scale)
    return (noise - noise.mean()) / (noise.std() + 1e-12)


def _lesion_mask(rng, shape, melanoma):
    height, width = shape
    rows, cols = np.mgrid[0:height, 0:width].astype(float)
    centre = np.array([height, width]) * (0.5 + rng.uniform(-0.08, 0.08, 2))
    radius = min(shape) * (rng.uniform(0.22, 0.34) if melanoma else rng.uniform(0.14, 0.26))
    theta = np.arctan2(rows - centre[0], cols - centre[1])
    # Border: a few low harmonics (asymmetry) and, for melanoma, stronger high ones (notches).
    boundary = np.ones_like(theta)
    for k in range(2, 9):
        amplitude = rng.uniform(0, 0.12 if melanoma else 0.035) / (1 + 0.3 * (k - 2))
        boundary += amplitude * np.cos(k * theta + rng.uniform(0, 2 * np.pi))
    stretch = rng.uniform(0.75, 1.0)
    angle = rng.uniform(0, np.pi)
    dr, dc = rows - centre[0], cols - centre[1]
    u = dr * np.cos(angle) + dc * np.sin(angle)
    v = -dr * np.sin(angle) + dc * np.cos(angle)
    distance = np.hypot(u, v / stretch)
    return distance < radius * boundary


def _lesion_colour(rng, shape, mask, melanoma):
    """Per-pixel lesion colour: brown shades, plus black and blue-gray blotches for melanoma."""
    depth = _smooth_noise(rng, shape, 6)
    t = np.clip(0.5 + 0.25 * depth, 0, 1)[..., None]
    colour = (1 - t) * LIGHT_BROWN + t * DARK_BROWN
    if melanoma:
        for reference, share in ((BLACK, 0.12), (BLUE_GRAY, 0.15)):
            blotch = _smooth_noise(rng, shape, 8)
            inside = blotch[mask]
            threshold = np.quantile(inside, 1 - rng.uniform(0.5, 1.5) * share) if inside.size else np.inf
            weight = np.clip((blotch - threshold) * 2, 0, 1)[..., None]
            colour = (1 - weight) * colour + weight * reference
    return colour


def _draw_hairs(rng, image, count):
    height, width = image.shape[:2]
    hair = np.zeros((height, width), bool)
    for _ in range(count):
        start = rng.uniform([0, 0], [height, width])
        heading = rng.uniform(0, 2 * np.pi)
        steps = int(rng.integers(80, 400))
        turns = np.cumsum(rng.normal(0, 0.05, steps)) + heading
        path = start + np.cumsum(np.stack([np.sin(turns), np.cos(turns)], axis=1), axis=0)
        keep = (path[:, 0] >= 0) & (path[:, 0] < height) & (path[:, 1] >= 0) & (path[:, 1] < width)
        r, c = path[keep].astype(int).T
        hair[r, c] = True
    hair = ndi.binary_dilation(hair, iterations=1)
    image[hair] = 0.35 * image[hair] + 0.65 * HAIR


def _one_image(rng, shape, melanoma):
    height, width = shape
    tone = SKIN * rng.uniform(0.9, 1.05)
    image = np.broadcast_to(tone, (height, width, 3)) * (1 + 0.04 * _smooth_noise(rng, shape, 20))[..., None]
    mask = _lesion_mask(rng, shape, melanoma)
    # Soft border: more diffuse for nevi, sharper for melanoma.
    alpha = ndi.gaussian_filter(mask.astype(float), rng.uniform(0.8, 1.5) if melanoma else rng.uniform(1.5, 3.0))
    image = (1 - alpha[..., None]) * image + alpha[..., None] * _lesion_colour(rng, shape, mask, melanoma)
    # Vignetting: dark corners, as many dermoscopes give.
    rows, cols = np.mgrid[0:height, 0:width]
    r2 = ((rows - height / 2) / (height / 2)) ** 2 + ((cols - width / 2) / (width / 2)) ** 2
    image *= (1 - rng.uniform(0.1, 0.35) * np.clip(r2 - 0.6, 0, None))[..., None]
    _draw_hairs(rng, image, int(rng.integers(0, 7)))
    image += rng.normal(0, 3, image.shape)
    return np.clip(np.round(image), 0, 255).astype(np.uint8), mask
