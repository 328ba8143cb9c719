"""`segment_lesion`'s default evidence: the learned lesion prior's log odds at the working
size, and the colour edges of the image's own lesion/skin contrast.

The network sees the whole image at 160 x 160 and knows, from thousands of expert masks,
what is lesion and what is frame, sticker, ink or hair; it is coarse. The outline is then
settled at the working size by the watershed (`_refine`), on the probability's edges and on
where this image's colour changes from its skin's to its lesion's, which the colours of
the pixels the prior is sure of define.
"""

import numpy as np

from ...filters import gaussian_filter
from ...transform import resize_bilinear
from ._colour import log_colour_features
from ._refine import colour_edges
from ._working import to_working
from ..prior import network_input, shared_prior
from ..prior.preprocess import mirror_mean, with_mirror

# Pixels whose prior probability is beyond these are taken as sure lesion / sure skin
# when estimating the two colours (logits: 0.88 and 0.12).
SURE_LOGIT = 2.0
# Fewer sure pixels than this of a class and there is no colour contrast to speak of.
MIN_SURE_PIXELS = 20
RIDGE = 1e-4


def prior_log_odds(small, prior=None):
    """The prior's lesion log odds of the (working-size) RGB image on [0, 1], at its size;
    `prior` is a `LesionPrior` (default: the shipped one, `shared_prior`).

    The mean of the network's logits for the image and its left-right mirror: a lesion
    has no handedness, and averaging the two views cancels part of the network's own
    asymmetric errors (on the ISIC tune part, mean Dice 0.8952 against 0.8933 for one
    view; all four flips gave no more, 0.8951, at twice the cost)."""
    view = network_input(small, 1.0)
    logits = (prior or shared_prior()).run(with_mirror(view))[0]
    return resize_bilinear(mirror_mean(logits), small.shape[:2])


def skin_to_lesion(features, log_odds):
    """Where each pixel's colour lies from the sure skin's (0) to the sure lesion's (1),
    along the direction that best separates the two (Fisher's discriminant); None when
    either class has too few sure pixels."""
    lesion, skin = features[log_odds > SURE_LOGIT], features[log_odds < -SURE_LOGIT]
    if len(lesion) < MIN_SURE_PIXELS or len(skin) < MIN_SURE_PIXELS:
        return None
    difference = lesion.mean(axis=0) - skin.mean(axis=0)
    scatter = np.cov(lesion, rowvar=False) + np.cov(skin, rowvar=False) + RIDGE * np.eye(features.shape[-1])
    direction = np.linalg.solve(scatter, difference)
    span = float(difference @ direction)
    if span <= 0:
        return None
    projection = (features - skin.mean(axis=0)) @ (direction / span).astype(np.float32)
    return np.clip(projection, 0, 1).astype(np.float32)


def prior_evidence(rgb, factor, settings, prior=None):
    """The working-size image, the prior's log odds and the colour edges (None when the
    image shows no colour contrast between sure lesion and sure skin); `prior` as for
    `prior_log_odds`."""
    s = settings.scale
    small = to_working(rgb, factor, settings.working_size)
    log_odds = prior_log_odds(small, prior)
    clean = gaussian_filter(small, (settings.smoothing * s, settings.smoothing * s, 0)) if settings.smoothing > 0 else small
    fraction = skin_to_lesion(log_colour_features(clean), log_odds)
    no_frame = np.zeros(log_odds.shape, bool)
    edges = None if fraction is None else colour_edges(fraction, no_frame, settings.edge_sigma * s)
    return small, log_odds, edges
