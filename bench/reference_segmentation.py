"""The pipeline of `fewseg.segment_lesion`, step for step, written with scikit-image and
scipy calls: the reference that `bench_segment_lesion.py` times fewseg against.

Steps that neither library offers are numpy code: fitting the two-Gaussian colour model
and the colour features are fewseg's own, shared with it; the colour model's log odds at
every pixel and the vignetting profile (per-ring percentiles, tests/reference_vignetting.py)
are numpy here and C++ kernels in fewseg.
"""

import numpy as np
from scipy import ndimage as ndi
from skimage import filters, measure, morphology, segmentation, transform

from fewseg.lesion.segmentation._colour import log_colour_features, pigment_score
from fewseg.lesion.segmentation._illumination import BLACK_FRAME, LEVELS, RINGS, corrected
from fewseg.lesion.segmentation._input import checked_rgb
from fewseg.lesion.segmentation._mixture import LOG_ODDS_LIMIT, discriminant_split, fit_colour_model, sample_grid
from fewseg.lesion.segmentation._refine import LESION, SKIN, closing_radius, normalised, quantized
from fewseg.lesion.segmentation._select import stable_threshold
from fewseg.lesion.segmentation._working import working_shape
from fewseg.lesion.segmentation.options import LesionOptions
from fewseg.lesion.segmentation.segment import LOG_ODDS_SMOOTHING, MIN_FIELD_OF_VIEW
from reference_vignetting import ring_gains_numpy


def reference_segment_lesion(image, **options):
    settings = LesionOptions(**options)
    s = settings.scale
    rgb, factor = checked_rgb(image)
    small = transform.resize(rgb, working_shape(rgb.shape, settings.working_size), order=1, anti_aliasing=True)
    if rgb.dtype != np.uint8:  # resize scales uint8 to [0, 1] itself
        small = small * factor
    small = small.astype(np.float32)

    radius = int(round(settings.hair_radius * s))
    luminance = small.mean(axis=2)
    hairs = morphology.dilation(morphology.black_tophat(luminance, morphology.disk(radius)) > settings.hair_contrast, mode="ignore")
    clean = _inpaint(small, hairs, settings.hair_radius * s)
    sigma = settings.smoothing * s
    clean = filters.gaussian(clean, sigma=sigma, mode="reflect", channel_axis=-1, preserve_range=True).astype(np.float32)

    frame, gains = _field_of_view(clean, settings.vignetting_percentile, settings.min_gain)
    features = log_colour_features(corrected(clean, gains, settings.min_gain))
    inside = ~frame
    empty = np.zeros(rgb.shape[:2], bool)
    if inside.mean() < MIN_FIELD_OF_VIEW:
        return empty
    samples = features[sample_grid(inside)]
    if samples.std(axis=0).max() < 1e-3:
        return empty
    model = fit_colour_model(samples, discriminant_split(samples, pigment_score(samples)), settings.mixture_iterations)
    if model.contrast < settings.min_contrast:
        return empty
    log_odds = np.full(frame.shape, -LOG_ODDS_LIMIT, np.float32)
    log_odds[inside] = _log_odds(model, features[inside])
    log_odds = filters.gaussian(log_odds, sigma=LOG_ODDS_SMOOTHING * s, mode="reflect", preserve_range=True)
    log_odds = log_odds.astype(np.float32) + np.float32(settings.log_odds_bias)

    log_odds = log_odds - np.float32(stable_threshold(log_odds, inside, settings.threshold_search, _central_large_region))
    min_area = max(settings.min_lesion_fraction * inside.sum(), 1)
    region = _central_large_region((log_odds > 0) & inside)
    if region is None or region.sum() < min_area:
        return empty
    band = round(settings.marker_band * s)
    inner = morphology.erosion(region, morphology.disk(band), mode="ignore")
    if inner.sum() < 10:
        inner = morphology.erosion(region, morphology.disk(1), mode="ignore")
    if not inner.any():
        inner = region
    markers = np.zeros(region.shape, np.int32)
    markers[frame | ~morphology.dilation(region, morphology.disk(band), mode="ignore")] = SKIN
    markers[inner] = LESION
    probability = 1 / (1 + np.exp(-log_odds / 2))
    edges = normalised(ndi.gaussian_gradient_magnitude(probability.astype(np.float32), LOG_ODDS_SMOOTHING * s))
    colour = ndi.gaussian_gradient_magnitude(model.skin_to_lesion(features), settings.edge_sigma * s)
    colour = normalised(colour, float(colour[inside].max()))
    w = settings.colour_edge_weight
    edges = quantized((1 - w) * edges + w * colour)
    mask = segmentation.watershed(edges, markers) == LESION

    mask = _largest(ndi.binary_fill_holes(mask))
    if mask.any():
        radius = closing_radius(mask, settings.closing_ratio)
        if radius >= 1:
            pad = radius + 1
            # Through scipy's exact distance transform, as a careful scikit-image user
            # would write it: morphology.closing with a disk of radius ~50 takes seconds.
            grown = ndi.distance_transform_edt(~np.pad(mask, pad)) <= radius
            closed = (ndi.distance_transform_edt(grown) > radius)[pad:-pad, pad:-pad]
            mask = ndi.binary_fill_holes(closed | mask)
        opening = round(settings.opening_radius * s)
        opened = morphology.opening(mask, morphology.disk(opening), mode="ignore") if opening > 0 else mask
        if opened.any():
            mask = opened
        mask = _largest(ndi.binary_fill_holes(mask))
    if mask.sum() < min_area:
        return empty
    full = transform.resize(mask.astype(np.float32), rgb.shape[:2], order=1, mode="edge", anti_aliasing=False) > 0.5
    return _largest(ndi.binary_fill_holes(full))


def _log_odds(model, x):
    """`ColourModel.log_odds` at every pixel, with the Mahalanobis distances in numpy:
    fewseg computes them with its C++ kernel."""

    def mahalanobis_squared(gaussian):
        return np.square((x - gaussian.mean) @ gaussian.whitening()).sum(axis=1)

    return model.log_odds_from_distances(mahalanobis_squared(model.lesion), mahalanobis_squared(model.skin))


def _inpaint(rgb, holes, reach):
    if not holes.any():
        return rgb
    known = (~holes).astype(np.float32)
    estimate = None
    for sigma in (0.75 * reach, 4.0 * reach):
        weight = filters.gaussian(known, sigma=sigma, mode="reflect", preserve_range=True)
        values = filters.gaussian(rgb * known[..., None], sigma=sigma, mode="reflect", channel_axis=-1, preserve_range=True)
        here = values / np.maximum(weight, 1e-6)[..., None]
        if estimate is None:
            estimate, confidence = here, weight
        else:
            blend = np.clip(confidence / 0.2, 0, 1)[..., None]
            estimate = blend * estimate + (1 - blend) * here
    filled = rgb.copy()
    filled[holes] = estimate[holes]
    return filled


def _field_of_view(rgb, percentile, min_gain):
    brightness = rgb.max(axis=2)
    dark = brightness < BLACK_FRAME * np.percentile(brightness, 95)
    labels = measure.label(dark, connectivity=1)
    border = np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]])
    frame = np.isin(labels, border[border > 0])
    inside = ~frame
    bright = inside & (brightness > 0.5 * np.percentile(brightness[inside], 95)) if inside.any() else inside
    if bright.sum() < 10:
        return np.ones(rgb.shape[:2], bool), np.zeros(rgb.shape, np.float32)
    gains = ring_gains_numpy(rgb, inside, np.argwhere(bright).mean(axis=0), percentile, RINGS, LEVELS)
    return frame | (gains.min(axis=2) < min_gain), gains


def _central_large_region(candidates):
    labels = measure.label(candidates, connectivity=2)
    regions = measure.regionprops(labels)
    if not regions:
        return None
    rows, cols = candidates.shape
    scores = [
        r.area * np.exp(-((np.hypot((r.centroid[0] - (rows - 1) / 2) / rows, (r.centroid[1] - (cols - 1) / 2) / cols) / 0.3) ** 2))
        for r in regions
    ]
    return ndi.binary_fill_holes(labels == regions[int(np.argmax(scores))].label)


def _largest(mask):
    labels = measure.label(mask, connectivity=2)
    if labels.max() <= 1:
        return labels > 0
    sizes = np.bincount(labels.ravel())
    sizes[0] = 0
    return labels == np.argmax(sizes)
