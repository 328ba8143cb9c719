"""The tunable choices of `segment_lesion`, in one validated place.

Lengths (radii, sigmas, widths) are given in pixels of a working image whose longest side
is 384 and scale with `working_size`, so an option keeps its meaning at any working size.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from ..._validation import check_int_option, check_number_option


METHODS = ("prior", "colour")


@dataclasses.dataclass(frozen=True)
class LesionOptions:
    """Options of `segment_lesion` (pass them as keywords).

    Attributes
    ----------
    method : {"prior", "colour"}
        "prior": the learned lesion prior (a small U-Net shipped with fewseg, run with ONNX
        Runtime) gives the lesion's log odds, which the watershed refines. "colour": the
        training-free pipeline of a two-Gaussian colour model fitted to each image (hair
        inpainting, vignetting correction, stable threshold); it needs no network, and on
        clean images of one device it is about as good.
    working_size : int
        Longest side of the internal image. Every input is resampled to it, so the time
        is bounded whatever the input size; the mask is resampled back to full size.
    hair_radius : float
        Radius of the disk of the black-hat that finds hairs and ruler lines (thinner
        dark lines than 2 x radius are removed and inpainted).
    hair_contrast : float
        How much darker than their surroundings (black-hat, on a 0..1 scale) hair pixels
        are at least.
    smoothing : float
        Gaussian sigma applied to the cleaned image before colour modelling.
    vignetting_percentile : float
        Percentile, per ring around the field-of-view centre, taken as that ring's skin
        brightness when correcting dark corners.
    min_gain : float
        Rings whose brightness falls below this fraction of the brightest ring are the
        dermatoscope's frame, not skin.
    mixture_iterations : int
        EM iterations of the two-Gaussian (lesion, skin) colour model.
    log_odds_bias : float
        Added to the lesion-vs-skin log odds before thresholding at 0: positive values
        grow the lesion.
    threshold_search : float
        The lesion/skin threshold on the colour model's log odds moves within +- this much
        from 0 to where the lesion's outline is most stable (changes its area least as
        the threshold moves); 0 keeps it at 0.
    prior_threshold_search : float
        The same for the lesion prior's log odds.
    marker_band : float
        Half width of the band around the thresholded lesion inside which the watershed
        places the boundary.
    colour_edge_weight : float
        Share, in [0, 1], of the colour's edges (the gradient of the skin-to-lesion colour
        fraction) in the edge map the watershed floods; the rest is the gradient of the
        lesion probability. Colour edges pull the border in to where the colour changes
        fastest when a lesion fades into a lighter halo; the probability's edges keep it
        on the lesion where its colour barely changes at the border.
    edge_sigma : float
        Gaussian sigma of the colour's gradient.
    closing_ratio : float
        Radius of the final closing as a fraction of the lesion's equivalent radius:
        fills bays such as regression areas at the border, as experts outline lesions
        (with one smooth line around the whole lesion, not around each lobe of pigment).
    opening_radius : float
        Radius of the final opening that removes thin protrusions.
    min_lesion_fraction : float
        Lesions smaller than this fraction of the field of view are reported as none.
    min_contrast : float
        Minimum colour difference (log-RGB units) between lesion and skin classes for a
        lesion to count as visible.

    Examples
    --------
    >>> from fewseg.lesion import LesionOptions
    >>> options = LesionOptions(method="colour", working_size=512)
    >>> options.scale  # lengths are given for a working size of 384
    1.3333333333333333
    >>> LesionOptions(working_size=10)
    Traceback (most recent call last):
    ...
    ValueError: working_size: ...
    """

    method: str = "prior"
    working_size: int = 384
    hair_radius: float = 4.0
    hair_contrast: float = 0.09
    smoothing: float = 2.0
    vignetting_percentile: float = 80.0
    min_gain: float = 0.3
    mixture_iterations: int = 5
    log_odds_bias: float = 0.0
    threshold_search: float = 2.0
    prior_threshold_search: float = 0.0
    marker_band: float = 6.0
    colour_edge_weight: float = 0.7
    edge_sigma: float = 3.0
    closing_ratio: float = 0.5
    opening_radius: float = 2.0
    min_lesion_fraction: float = 0.002
    min_contrast: float = 0.1

    def __post_init__(self) -> None:
        if not isinstance(self.method, str) or self.method not in METHODS:
            raise ValueError(f"method: expected one of {list(METHODS)}, got {self.method!r}")
        check_int_option(self.working_size, "working_size", 64, 4096)
        check_int_option(self.mixture_iterations, "mixture_iterations", 1, 100)
        for name, low, high in [
            ("hair_radius", 0.0, 50.0),
            ("hair_contrast", 0.0, 1.0),
            ("smoothing", 0.0, 50.0),
            ("vignetting_percentile", 1.0, 100.0),
            ("min_gain", 0.0, 1.0),
            ("log_odds_bias", -50.0, 50.0),
            ("threshold_search", 0.0, 20.0),
            ("prior_threshold_search", 0.0, 20.0),
            ("marker_band", 0.0, 100.0),
            ("colour_edge_weight", 0.0, 1.0),
            ("edge_sigma", 0.1, 50.0),
            ("closing_ratio", 0.0, 2.0),
            ("opening_radius", 0.0, 50.0),
            ("min_lesion_fraction", 0.0, 1.0),
            ("min_contrast", 0.0, 10.0),
        ]:
            check_number_option(getattr(self, name), name, low, high)

    @property
    def scale(self) -> float:
        """Working-image pixels per reference pixel (lengths are given for 384)."""
        return self.working_size / 384.0


def make_options(options: Mapping[str, Any]) -> LesionOptions:
    """LesionOptions from keyword options, naming any unknown one."""
    known = {f.name for f in dataclasses.fields(LesionOptions)}
    unknown = sorted(set(options) - known)
    if unknown:
        raise TypeError(f"unknown option(s) {unknown}; known options: {sorted(known)}")
    return LesionOptions(**options)
