"""Border descriptors: how abruptly the lesion ends, and the skin around it."""

import numpy as np
from scipy import ndimage as ndi

from ...filters import gaussian_gradient_magnitude

# Skin ring: from 1 % to 6 % of the image diagonal outside the lesion (about 10 to 60 px on
# a PH2 image), far enough out to miss the border's own blur, close enough to be lit alike.
SKIN_GAP, SKIN_WIDTH = 0.01, 0.05
# Pixels darker than this L* are the black corners of the dermoscope's round field of view,
# not skin.
FIELD_OF_VIEW_LIGHTNESS = 30.0
MIN_SKIN_PIXELS = 50

# Half-width (px) of the band around the border where the luminance step is measured, and
# the scale (px) of the derivative: a sharp cut-off makes the whole step inside the band.
BAND_HALF_WIDTH = 4
GRADIENT_SIGMA = 1.0
SECTORS = 8

_BAND_DISC = np.hypot(*np.mgrid[-BAND_HALF_WIDTH : BAND_HALF_WIDTH + 1, -BAND_HALF_WIDTH : BAND_HALF_WIDTH + 1]) <= BAND_HALF_WIDTH


def surrounding_skin(lesion, lightness, outside_distance, diagonal):
    """Boolean mask of the skin around the lesion (empty where no skin is visible).

    The ring `SKIN_GAP`..`SKIN_GAP + SKIN_WIDTH` of the image diagonal outside the lesion,
    without the dark field-of-view corners; all non-lesion pixels that are lit where the
    ring holds fewer than `MIN_SKIN_PIXELS`. `diagonal` is that of the whole image, which
    the arrays may be a crop of.
    """
    lit = lightness >= FIELD_OF_VIEW_LIGHTNESS
    ring = (outside_distance > SKIN_GAP * diagonal) & (outside_distance <= (SKIN_GAP + SKIN_WIDTH) * diagonal)
    skin = ring & lit
    if skin.sum() < MIN_SKIN_PIXELS:
        skin = ~lesion & lit
    if skin.sum() < MIN_SKIN_PIXELS:
        skin = np.zeros_like(lesion)
    return skin


def border_cutoff(lightness, lesion, outside_distance, contrast):
    """How abruptly the lesion ends: the share of the lesion-to-skin lightness step that
    happens within the border band (Stolz's B criterion, "abrupt cut-off of the pigment
    pattern at the periphery", measured rather than counted).

    ``border_cutoff`` = mean |grad L*| over the band `BAND_HALF_WIDTH` px either side of
    the border x the band's width (2 `BAND_HALF_WIDTH`) / |lesion-skin L* difference
    `contrast`| (at least 1): about 1 for an abrupt cut-off, lower for a gradual fade, and
    free of the contrast itself. Computed in each of `SECTORS` angular sectors around the
    centroid; ``border_cutoff`` is their mean, ``border_cutoff_std`` their spread (std).
    Both 0 where the lesion fills the image. Not ``regionprops_table``'s
    ``border_sharpness``, the mean |grad L*| over the region's border pixels, which grows
    with the contrast.

    References
    ----------
    W. Stolz et al., "ABCD rule of dermatoscopy", Eur. J. Dermatol. 4, 521-527, 1994.
    """
    # Inside pixels within BAND_HALF_WIDTH of the outside are those an erosion by a disc of
    # that radius removes (the image edge is not outside, as for the distance transform).
    eroded = ndi.binary_erosion(lesion, structure=_BAND_DISC, border_value=1)
    band = ((outside_distance > 0) & (outside_distance <= BAND_HALF_WIDTH)) | (lesion & ~eroded)
    gradient = gaussian_gradient_magnitude(lightness, GRADIENT_SIGMA)
    rows, cols = np.nonzero(band)
    if len(rows) == 0:
        # The lesion fills the image: no border is visible, none can be measured.
        return {"border_cutoff": 0.0, "border_cutoff_std": 0.0}
    centre = np.argwhere(lesion).mean(axis=0)
    angle = np.arctan2(rows - centre[0], cols - centre[1])
    sector = np.minimum(((angle + np.pi) / (2 * np.pi) * SECTORS).astype(np.int64), SECTORS - 1)
    counts = np.bincount(sector, minlength=SECTORS)
    sums = np.bincount(sector, weights=gradient[rows, cols], minlength=SECTORS)
    present = counts > 0
    step = max(abs(contrast), 1.0)
    per_sector = sums[present] / counts[present] * (2 * BAND_HALF_WIDTH) / step
    return {
        "border_cutoff": float(per_sector.mean()),
        "border_cutoff_std": float(per_sector.std()),
    }
