"""Per-pixel features for `LesionSegmenter`'s classifier, from what `lesion_evidence` saw.

Colours differ from image to image (skin tone, lighting, dermatoscope), and a classifier
fitted on five images must still place the border on the sixth. So every feature is
measured against the image's own skin, through the per-image two-Gaussian colour model:
how much darker than the skin's mean a pixel is, how far it lies along the way from the
skin's mean colour to the lesion's (0 at skin, 1 at lesion), and the model's log odds.
Gaussian-smoothed copies at a few scales give the regional context a border decision
needs (ilastik's recipe).

With the learned lesion prior (``method="prior"``), its log odds, raw and smoothed, join
the features: the classifier then learns how this domain's borders differ from what the
prior learnt elsewhere.

Each feature has a known direction (darker, nearer the lesion's colour, higher odds: more
lesion), which the classifier is held to (`monotonic_constraints`). Absolute colours, chroma, texture,
gradient magnitude and the distance from the centre were tried too and left out: learnt
from five images they do not carry over (a smooth dark lesion came out as skin because the
five lesions were textured), and on PH2 they lowered the mean Dice by 0.02 to 0.05.
"""

import numpy as np
from scipy import ndimage as ndi

from ._mixture import LOG_ODDS_LIMIT

# Gaussian sigmas (reference pixels, see LesionOptions) of the regional context.
CONTEXT_SIGMAS = (2.0, 6.0, 16.0)
LOG_ODDS_CONTEXT_SIGMA = 6.0

FEATURE_NAMES = (
    tuple(f"darker_than_skin_s{sigma:g}" for sigma in (0.0,) + CONTEXT_SIGMAS)
    + tuple(f"skin_to_lesion_s{sigma:g}" for sigma in (0.0,) + CONTEXT_SIGMAS)
    + ("colour_model_log_odds", f"colour_model_log_odds_s{LOG_ODDS_CONTEXT_SIGMA:g}")
)
PRIOR_FEATURE_NAMES = ("prior_log_odds", f"prior_log_odds_s{LOG_ODDS_CONTEXT_SIGMA:g}")


def feature_names(with_prior):
    """The names of `pixel_features`' planes, with or without the prior's."""
    return FEATURE_NAMES + (PRIOR_FEATURE_NAMES if with_prior else ())


def monotonic_constraints(names):
    """+1 for every feature of `names`: the lesion probability may only grow with it
    (every feature is oriented so)."""
    return [1] * len(names)



def pixel_features(evidence, scale):
    """(M, N, len(feature_names(...))) float32 features of every working-size pixel.

    `evidence` is a `LesionEvidence` with a colour model (and the prior's log odds, which
    then add two planes); `scale` is the options' scale (working pixels per reference pixel).
    """
    colour = evidence.features
    model = evidence.model
    # The first log-colour feature is brightness: its drop below the skin's is darkness.
    darker = np.float32(model.skin.mean[0]) - colour[..., 0]
    # Scale-free, so a border learnt at "40 % of the way" carries over to faint and to
    # dark lesions.
    fraction = model.skin_to_lesion(colour)
    log_odds = np.clip(evidence.log_odds, -LOG_ODDS_LIMIT, LOG_ODDS_LIMIT)

    planes = [darker] + [_smooth(darker, sigma * scale) for sigma in CONTEXT_SIGMAS]
    planes += [fraction] + [_smooth(fraction, sigma * scale) for sigma in CONTEXT_SIGMAS]
    planes += [log_odds, _smooth(log_odds, LOG_ODDS_CONTEXT_SIGMA * scale)]
    if evidence.prior_log_odds is not None:
        prior = np.clip(evidence.prior_log_odds, -LOG_ODDS_LIMIT, LOG_ODDS_LIMIT)
        planes += [prior, _smooth(prior, LOG_ODDS_CONTEXT_SIGMA * scale)]
    return np.stack(planes, axis=-1).astype(np.float32, copy=False)


def _smooth(plane, sigma):
    return ndi.gaussian_filter(plane, sigma, mode="nearest")
