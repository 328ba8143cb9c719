"""`segment_lesion`: the lesion in a dermoscopy image, without any training."""

from __future__ import annotations

import dataclasses
import warnings
from typing import Any

import numpy as np
import numpy.typing as npt

from ..._typing import BoolArray
from ...filters import gaussian_filter
from ._colour import log_colour_features, pigment_score
from ._hair import hair_mask, inpaint
from ._illumination import corrected, field_of_view
from ._input import checked_rgb
from ._mixture import LOG_ODDS_LIMIT, discriminant_split, fit_colour_model, sample_grid
from ._prior_evidence import prior_evidence, prior_log_odds
from ._refine import colour_edges, tidy, watershed_outline
from ._select import central_large_region, stable_threshold
from ._working import to_full_size, to_working
from .options import make_options
from .warnings import NoLesionWarning

# Gaussian sigma (reference pixels) that turns per-pixel log odds into a regional vote
# and of the gradient the watershed floods.
LOG_ODDS_SMOOTHING = 1.0
# Below this fraction of the image, what is left of the frame is no field of view.
MIN_FIELD_OF_VIEW = 0.05


def segment_lesion(image: npt.ArrayLike, **options: Any) -> BoolArray:
    """Segment the pigmented lesion in an RGB dermoscopy image.

    The image is shrunk to a fixed working size (so 12-megapixel images take about as
    long as small ones), hairs and ruler lines are found by a black-hat and inpainted,
    the dermatoscope's frame and vignetting are found and divided out, and a two-Gaussian
    colour model (lesion, skin) fitted to this image gives per-pixel log odds. The
    central, large region where lesion wins seeds a marker-controlled watershed
    (`fewseg.watershed`) on the gradient of the lesion probability, which settles the
    outline; the result is closed, opened, made one hole-free region and resampled to
    the input's size.

    Parameters
    ----------
    image : (M, N, 3) ndarray
        Dermoscopy image under the one image rule (`fewseg._images`): uint8, uint16 or
        float with values in [0, 1]; RGB, or grey (M, N), or RGBA (alpha ignored); at least
        32 pixels on each side. Not modified.
    **options
        Any field of `fewseg.lesion.LesionOptions` (e.g. ``working_size=512``,
        ``log_odds_bias=1.0``).

    Returns
    -------
    mask : (M, N) ndarray of bool
        The lesion: one 8-connected region without holes, or all False when no lesion
        was found (then a `NoLesionWarning` is issued).

    Raises
    ------
    TypeError
        For dtypes the image rule refuses (non-numeric, bool, integers other than uint8
        and uint16), unknown options.
    ValueError
        For other channel counts or dimensions, images smaller than 32 x 32, float values
        outside [0, 1], NaN or infinite values, bad option values.

    Warns
    -----
    NoLesionWarning
        When the image is uniform, shows only skin (no region differs enough in colour),
        or only frame.

    Examples
    --------
    >>> import fewseg
    >>> from fewseg.data import synthetic_lesions
    >>> from fewseg.metrics import dice
    >>> data = synthetic_lesions(1, seed=0)
    >>> mask = fewseg.segment_lesion(data.images[0])
    >>> mask.shape, mask.dtype, dice(mask, data.masks[0]) > 0.9
    ((288, 384), dtype('bool'), True)
    """
    settings = make_options(options)
    rgb, factor = checked_rgb(image)
    evidence = (prior_lesion_evidence if settings.method == "prior" else lesion_evidence)(rgb, factor, settings)
    if evidence.mask is None:
        warnings.warn(f"no lesion found: {evidence.reason}; returning an empty mask", NoLesionWarning, stacklevel=2)
        return np.zeros(rgb.shape[:2], bool)
    return to_full_size(evidence.mask, rgb.shape[:2])


@dataclasses.dataclass
class LesionEvidence:
    """What the pipeline saw in one image, at the working size."""

    rgb: np.ndarray  # cleaned (hairs inpainted), smoothed
    features: np.ndarray  # log-colour features of the vignetting-corrected image
    frame: np.ndarray  # outside the field of view
    log_odds: np.ndarray = None  # smoothed lesion-vs-skin log odds, bias included (None without a model)
    model: object = None  # the fitted ColourModel
    colour_edges: np.ndarray = None  # where the skin-to-lesion colour changes fastest, on [0, 1]
    mask: np.ndarray = None  # the final working-size mask, None when there is no lesion
    reason: str = ""  # why there is no mask
    prior_log_odds: np.ndarray = None  # the lesion prior's log odds (LesionSegmenter with method="prior")


def prior_lesion_evidence(rgb, factor, settings, prior=None):
    """The learned prior's pipeline (``method="prior"``) on a checked image: the network's
    log odds, settled by the watershed on its and the colour's edges. `prior` is the
    network (a `LesionPrior`; default: the shipped one)."""
    small, log_odds, edges = prior_evidence(rgb, factor, settings, prior)
    evidence = LesionEvidence(small, None, np.zeros(log_odds.shape, bool), log_odds, colour_edges=edges)
    if small[::4, ::4].reshape(-1, 3).std(axis=0).max() < 1e-3:
        evidence.reason = "the image is uniform"
        return evidence
    evidence.mask = outline_from_log_odds(log_odds, evidence, settings, settings.prior_threshold_search)
    if evidence.mask is None:
        evidence.reason = "the lesion prior sees no region large enough"
    return evidence


def lesion_evidence(rgb, factor, settings):
    """Run the colour-model pipeline (``method="colour"``) on a checked image at the
    working size. With ``method="prior"`` the prior's log odds are recorded too (for
    `LesionSegmenter`, which learns from both); the mask is the colour model's."""
    s = settings.scale
    small = to_working(rgb, factor, settings.working_size)
    clean = inpaint(small, hair_mask(small, settings.hair_radius * s, settings.hair_contrast), settings.hair_radius * s)
    if settings.smoothing > 0:
        clean = gaussian_filter(clean, (settings.smoothing * s, settings.smoothing * s, 0))
    frame, gains = field_of_view(clean, settings.vignetting_percentile, settings.min_gain)
    features = log_colour_features(corrected(clean, gains, settings.min_gain))
    evidence = LesionEvidence(clean, features, frame)
    if settings.method == "prior":
        evidence.prior_log_odds = prior_log_odds(small)
    inside = ~frame
    if inside.mean() < MIN_FIELD_OF_VIEW:
        evidence.reason = "the image is (almost) all dark frame"
        return evidence
    samples = features[sample_grid(inside)]
    if samples.std(axis=0).max() < 1e-3:
        evidence.reason = "the image is uniform"
        return evidence
    split = discriminant_split(samples, pigment_score(samples))
    model = fit_colour_model(samples, split, settings.mixture_iterations)
    evidence.model = model
    evidence.colour_edges = colour_edges(model.skin_to_lesion(features), frame, settings.edge_sigma * s)
    # The log odds are kept even when the contrast is too low for a lesion here:
    # LesionSegmenter uses them as one feature among others.
    log_odds = np.full(frame.shape, -LOG_ODDS_LIMIT, np.float32)
    log_odds[inside] = model.log_odds(features[inside])
    log_odds = gaussian_filter(log_odds, LOG_ODDS_SMOOTHING * s) + np.float32(settings.log_odds_bias)
    evidence.log_odds = log_odds
    if model.contrast < settings.min_contrast:
        evidence.reason = f"lesion and skin colours differ by only {model.contrast:.3f} (min_contrast {settings.min_contrast})"
        return evidence
    evidence.mask = outline_from_log_odds(log_odds, evidence, settings)
    if evidence.mask is None:
        evidence.reason = "no region large enough stands out from the skin"
    return evidence


def outline_from_log_odds(log_odds, evidence, settings, threshold_search=None):
    """The final working-size mask from lesion log odds (those of `evidence` or others
    for the same image), or None if there is no lesion. The threshold is searched within
    +-`threshold_search` (default: the settings')."""
    s = settings.scale
    frame = evidence.frame
    inside = ~frame
    search = settings.threshold_search if threshold_search is None else threshold_search
    log_odds = log_odds - np.float32(stable_threshold(log_odds, inside, search))
    min_area = settings.min_lesion_fraction * inside.sum()
    region = central_large_region((log_odds > 0) & inside)
    if region is None or region.sum() < max(min_area, 1):
        return None
    outline = watershed_outline(log_odds, region, frame, round(settings.marker_band * s), LOG_ODDS_SMOOTHING * s,
                                evidence.colour_edges, settings.colour_edge_weight)
    mask = tidy(outline, settings.closing_ratio, round(settings.opening_radius * s))
    if mask.sum() < max(min_area, 1):
        return None
    return mask
