"""Colour descriptors of a lesion: statistics, contrast to skin, the six dermoscopic colours.

Dermoscopes differ in light and white balance (the skin around PH2 lesions ranges from
b* = 2 to b* = 34), so the lesion's colours are first white-balanced on the surrounding skin
(von Kries scaling in linear RGB, mapping the skin to `REFERENCE_SKIN_RGB`); statistics and
colour categories are computed on those balanced colours.
"""

import numpy as np

from ...measure._dermoscopic_colours import NAMES, PRESENCE_FRACTION, SRGB
from ._cielab import linear_rgb_to_lab, srgb_to_linear

CHANNELS = ("L", "a", "b")
PERCENTILES = (5, 50, 95)

# The colour the white balance maps the surrounding skin to (sRGB 0-255): light skin under
# dermoscope light, close to the median skin around PH2 lesions. Also stands in for the skin
# where the lesion leaves none visible.
REFERENCE_SKIN_RGB = (224, 168, 150)

# Bin width (CIELAB units) of the histogram whose entropy measures variegation: about the
# difference between two shades a dermatologist tells apart, so one uniform shade scores ~0.
ENTROPY_BIN = 8.0

# The six dermoscopic colours (fewseg.measure._dermoscopic_colours, the table regionprops_table
# uses too): each balanced lesion pixel goes to the nearest one in CIELAB.
_REFERENCE_LAB = linear_rgb_to_lab(srgb_to_linear(SRGB))


def reference_skin_linear():
    """`REFERENCE_SKIN_RGB` in linear light."""
    return srgb_to_linear(np.asarray(REFERENCE_SKIN_RGB, dtype=np.float64) / 255.0)


def balanced_lab(linear_rgb, skin_linear_rgb):
    """CIELAB of linear-light colours after white balance on `skin_linear_rgb`."""
    gains = reference_skin_linear() / np.maximum(skin_linear_rgb, 1e-6)
    return linear_rgb_to_lab(np.clip(linear_rgb * gains, 0.0, 1.0))


def colour_statistics(lab):
    """Mean, spread and 5/50/95th percentiles of L*, a*, b* of (balanced) lesion pixels.

    Also ``hue_spread``: circular standard deviation (degrees) of the hue angle
    atan2(b*, a*), high where the lesion mixes browns with blues, greys or reds.
    """
    percentiles = np.percentile(lab, PERCENTILES, axis=0)
    features = {}
    for index, channel in enumerate(CHANNELS):
        features[f"{channel}_mean"] = float(lab[:, index].mean())
        features[f"{channel}_std"] = float(lab[:, index].std())
        for rank, value in zip(PERCENTILES, percentiles[:, index]):
            features[f"{channel}_p{rank}"] = float(value)
    hue = np.arctan2(lab[:, 2], lab[:, 1])
    resultant = np.hypot(np.cos(hue).mean(), np.sin(hue).mean())
    # + 0.0 turns the -0.0 of a single hue into 0.0.
    features["hue_spread"] = float(np.degrees(np.sqrt(-2.0 * np.log(np.clip(resultant, 1e-12, 1.0))))) + 0.0
    return features


def skin_contrast(lesion_lab, skin_lab):
    """Lesion median minus skin colour, per channel and as a CIELAB distance (Delta E 76)."""
    difference = np.median(lesion_lab, axis=0) - skin_lab
    features = {f"contrast_{channel}": float(value) for channel, value in zip(CHANNELS, difference)}
    features["contrast_delta_e"] = float(np.sqrt((difference**2).sum()))
    return features


def dermoscopic_colours(lab):
    """Share of the (balanced) lesion pixels nearest each dermoscopic colour, how many cover
    at least `PRESENCE_FRACTION` of the lesion (Stolz's C score), and the entropy (bits) of
    the shares."""
    # float32 halves the work; only pixels within rounding error of equidistant can differ.
    channels = np.ascontiguousarray(lab.T, dtype=np.float32)
    distances = np.empty((len(_REFERENCE_LAB), len(lab)), dtype=np.float32)
    for index, reference in enumerate(_REFERENCE_LAB):
        distances[index] = sum((channel - value) ** 2 for channel, value in zip(channels, reference))
    nearest = np.argmin(distances, axis=0)
    fractions = np.bincount(nearest, minlength=len(NAMES)) / len(nearest)
    features = {f"colour_{name}": float(f) for name, f in zip(NAMES, fractions)}
    features["colour_count"] = float((fractions >= PRESENCE_FRACTION).sum())
    features["colour_entropy"] = _entropy(fractions)
    return features


def variegation(lab):
    """Entropy (bits) of the lesion's CIELAB histogram in `ENTROPY_BIN`-wide cubes."""
    # One integer key per cube (L* in [0, 100], a* and b* within [-128, 128)) so that a
    # 1-D bincount replaces a slow unique-rows sort.
    side = int(np.ceil(256.0 / ENTROPY_BIN)) + 1
    bins = np.floor((lab + [0.0, 128.0, 128.0]) / ENTROPY_BIN).astype(np.int64)
    bins = np.clip(bins, 0, side - 1)
    counts = np.bincount((bins[:, 0] * side + bins[:, 1]) * side + bins[:, 2])
    return {"lab_entropy": _entropy(counts / counts.sum())}


def _entropy(probabilities):
    p = probabilities[probabilities > 0]
    return float(-(p * np.log2(p)).sum()) + 0.0  # + 0.0: one bin gives 0.0, not -0.0
