"""Colour features that separate pigmented lesions from skin."""

import numpy as np

from ._channels import channel_mean

# Keeps the logarithm finite on black pixels (one 8-bit grey level).
DARKEST = np.float32(1 / 255)


def log_colour_features(rgb):
    """(M, N, 3) float32: mean log-RGB (darkness: melanin absorbs every channel),
    log(R/G) and log(G/B) (chromaticity: brown and blue-grey pigment against pink skin).
    Chromaticity does not change when light dims, so leftover vignetting and shadows
    mostly move the first feature only."""
    logs = np.log(rgb + DARKEST)
    features = np.empty(rgb.shape, np.float32)
    features[..., 0] = channel_mean(logs)
    features[..., 1] = logs[..., 0] - logs[..., 1]
    features[..., 2] = logs[..., 1] - logs[..., 2]
    return features


def pigment_score(features):
    """A fixed first guess of 'lesion-ness': darker, redder-brown, more yellow-brown."""
    return -features[..., 0] + features[..., 1] + features[..., 2]
