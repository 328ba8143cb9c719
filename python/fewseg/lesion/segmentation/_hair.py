"""Hairs, ruler lines and other thin dark lines: found by a morphological black-hat and
filled in from the skin or lesion around them (normalized convolution)."""

import numpy as np

from ..._boxes import bounding_box
from ...filters import gaussian_filter
from ...filters.gaussian import kernel_reach
from ...morphology import black_tophat, dilation
from ._channels import channel_mean

# How far, in units of the hair radius, inpainting reaches for colours first; gaps wider
# than that (hair clumps) take the colours of a wider neighbourhood.
NEAR_REACH = 0.75
FAR_REACH = 4.0


def disk(radius):
    """Boolean disk of integer radius (scikit-image's ``disk``)."""
    r = int(radius)
    y, x = np.ogrid[-r : r + 1, -r : r + 1]
    return x * x + y * y <= r * r


def hair_mask(rgb, radius, contrast):
    """Pixels of dark lines thinner than about 2 x `radius` that are at least `contrast`
    darker than their surroundings, grown by one pixel to take their soft edges."""
    radius = int(round(radius))
    if radius < 1:
        return np.zeros(rgb.shape[:2], bool)
    luminance = channel_mean(rgb)  # rgb is float32: the working image
    dark_lines = black_tophat(luminance, disk(radius)) > contrast
    return dilation(dark_lines)  # by the cross, as scipy's binary_dilation


def inpaint(rgb, holes, reach):
    """`rgb` with the `holes` pixels replaced by Gaussian-weighted means of the pixels
    around them that are not holes (normalized convolution, at two reaches)."""
    if not holes.any():
        return rgb
    known = (~holes).astype(np.float32)
    known_rgb = rgb * known[..., None]
    # Only the hole pixels' estimates are needed: everything after the filters works on them.
    near, confidence = _normalized_convolution(known, known_rgb, NEAR_REACH * reach, holes)
    # Where few known pixels were near, the wider estimate is the better one; elsewhere
    # it has no weight, so it is computed only on the box around the first, grown by the
    # filter's reach (which gives the same values there as on the whole image).
    blend = np.clip(confidence / 0.2, 0, 1)[:, None]
    far = np.zeros_like(near)
    needs_wide = blend[:, 0] < 1
    wide = np.zeros_like(holes)
    wide[holes] = needs_wide
    sigma = FAR_REACH * reach
    box = bounding_box(wide, margin=kernel_reach(sigma))
    if box is not None:
        far[needs_wide] = _normalized_convolution(known[box], known_rgb[box], sigma, wide[box])[0]
    filled = rgb.copy()
    filled[holes] = blend * near + (1 - blend) * far
    return filled


def _normalized_convolution(known, known_rgb, sigma, where):
    """(estimate, weight) at the `where` pixels: the Gaussian-weighted mean of the known
    pixels around each, and the known pixels' total weight there."""
    weight = gaussian_filter(known, sigma)[where]
    values = gaussian_filter(known_rgb, (sigma, sigma, 0))[where]
    return values / np.maximum(weight, 1e-6)[:, None], weight
