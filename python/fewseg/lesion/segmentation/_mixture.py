"""Per-image colour model: two Gaussians (lesion, skin) fitted by EM, started from a
two-class split along the image's own most discriminant colour direction.

Fitting works on a few thousand feature vectors, in plain numpy; evaluating the model at
every pixel of an image goes through a C++ kernel (`whitened_squared_norms`).
"""

import dataclasses

import numpy as np

from ... import _core

# Fitting reads every SAMPLE_STEP-th pixel on each axis: the Gaussians of ~10^4 pixels are
# as good as those of ~10^5, at a sixteenth of the cost.
SAMPLE_STEP = 4
LDA_ROUNDS = 3
LOG_ODDS_LIMIT = 20.0
RIDGE = 1e-4
# Squared Mahalanobis distance beyond which a colour is unlike any skin of the image: the
# 0.999 quantile of the chi-square distribution with 3 degrees of freedom (one per
# colour feature), which a Gaussian skin class exceeds on 1 pixel in 1000.
UNLIKE_SKIN = 16.27


@dataclasses.dataclass(frozen=True)
class Gaussian:
    weight: float
    mean: np.ndarray
    covariance: np.ndarray

    def whitening(self):
        """L with L L^T the inverse covariance: |(x - mean) L|^2 is the squared
        Mahalanobis distance of x."""
        return np.linalg.cholesky(np.linalg.inv(self.covariance))

    def mahalanobis_squared(self, x):
        """Squared Mahalanobis distance of the rows of x to this Gaussian, in one C++ pass
        over x (the model is evaluated at every pixel of an image)."""
        x = np.asarray(x)
        if x.dtype not in (np.float32, np.float64):
            x = x.astype(np.float64)
        return _core.whitened_squared_norms(x, np.ascontiguousarray(self.mean, np.float64), self.whitening())

    def log_density(self, mahalanobis_squared):
        """log(weight * N(x; mean, covariance)) for points at these squared Mahalanobis
        distances."""
        _, log_det = np.linalg.slogdet(self.covariance)
        return np.log(self.weight) - 0.5 * (mahalanobis_squared + log_det)


@dataclasses.dataclass(frozen=True)
class ColourModel:
    lesion: Gaussian
    skin: Gaussian

    def log_odds(self, x):
        """log P(lesion | x) - log P(skin | x), clipped to +-LOG_ODDS_LIMIT.

        Colours unlike any skin of the image count as lesion even where the lesion
        Gaussian, fitted to the lesion's dominant colour (often brown), explains them
        still worse than the broader skin Gaussian does: a blue-grey veil or a
        regression area inside a brown lesion is lesion, not skin. Their evidence is
        half the squared Mahalanobis distance to skin beyond `UNLIKE_SKIN` (the scale
        of a Gaussian log density)."""
        return self.log_odds_from_distances(self.lesion.mahalanobis_squared(x), self.skin.mahalanobis_squared(x))

    def log_odds_from_distances(self, to_lesion, to_skin):
        """`log_odds` from the squared Mahalanobis distances to the lesion and the skin."""
        odds = self.lesion.log_density(to_lesion) - self.skin.log_density(to_skin)
        unlike_skin = 0.5 * (to_skin - UNLIKE_SKIN)
        return np.clip(np.maximum(odds, unlike_skin), -LOG_ODDS_LIMIT, LOG_ODDS_LIMIT)

    def skin_to_lesion(self, x):
        """Fraction of the way from the skin's mean colour to the lesion's of each colour
        in `x` (..., d): 0 at skin, 1 at lesion, along the line between the two means.
        Scale-free, so it reads the same on faint and on dark lesions."""
        skin = self.skin.mean.astype(np.float32)
        towards_lesion = (self.lesion.mean - self.skin.mean).astype(np.float32)
        return (x - skin) @ (towards_lesion / max(float(towards_lesion @ towards_lesion), 1e-6))

    @property
    def contrast(self):
        """Distance between the class means (log-RGB units)."""
        return float(np.linalg.norm(self.lesion.mean - self.skin.mean))


def otsu_threshold(values, bins=256):
    """Otsu's threshold of 1-D `values` (scikit-image's ``threshold_otsu`` rule)."""
    low, high = float(values.min()), float(values.max())
    if high <= low:
        return low
    counts, edges = np.histogram(values, bins=bins, range=(low, high))
    centres = (edges[:-1] + edges[1:]) / 2
    counts = counts.astype(np.float64)
    below = np.cumsum(counts)
    above = np.cumsum(counts[::-1])[::-1]
    mean_below = np.cumsum(counts * centres) / np.maximum(below, 1e-12)
    mean_above = (np.cumsum((counts * centres)[::-1]) / np.maximum(np.cumsum(counts[::-1]), 1e-12))[::-1]
    between = below[:-1] * above[1:] * (mean_below[:-1] - mean_above[1:]) ** 2
    return float(centres[:-1][np.argmax(between)])


def discriminant_split(samples, score):
    """Lesion flags of `samples` (n, d): Otsu on `score`, then LDA_ROUNDS times Otsu on the
    Fisher direction between the two classes just found. The darker class is the lesion."""
    lesion = score > otsu_threshold(score)
    for _ in range(LDA_ROUNDS):
        a, b = samples[lesion], samples[~lesion]
        if len(a) < 2 * samples.shape[1] or len(b) < 2 * samples.shape[1]:
            break
        within = (np.cov(a.T) * len(a) + np.cov(b.T) * len(b)) / len(samples)
        direction = np.linalg.solve(within + RIDGE * np.eye(samples.shape[1]), a.mean(0) - b.mean(0))
        projected = samples @ direction
        lesion = projected > otsu_threshold(projected)
        if samples[lesion, 0].mean() > samples[~lesion, 0].mean():
            lesion = ~lesion
    return lesion


def fit_colour_model(samples, lesion_probability, iterations):
    """EM for two full-covariance Gaussians, from initial lesion probabilities."""
    responsibility = np.asarray(lesion_probability, np.float64)
    model = None
    for _ in range(iterations):
        model = ColourModel(
            _weighted_gaussian(samples, responsibility), _weighted_gaussian(samples, 1 - responsibility)
        )
        responsibility = 1 / (1 + np.exp(-model.log_odds(samples)))
    return model


def _weighted_gaussian(samples, weights):
    total = weights.sum()
    if total < 1e-9:
        # An emptied class: a broad Gaussian at the data's centre keeps EM defined.
        return Gaussian(1e-6, samples.mean(0), np.cov(samples.T) + RIDGE * np.eye(samples.shape[1]))
    mean = weights @ samples / total
    centred = samples - mean
    covariance = (centred * weights[:, None]).T @ centred / total + RIDGE * np.eye(samples.shape[1])
    return Gaussian(max(total / len(samples), 1e-6), mean, covariance)


def sample_grid(mask):
    """The pixels of `mask` on a grid of step SAMPLE_STEP (all of them if too few)."""
    sampled = np.zeros_like(mask)
    sampled[::SAMPLE_STEP, ::SAMPLE_STEP] = mask[::SAMPLE_STEP, ::SAMPLE_STEP]
    return sampled if sampled.sum() >= 200 else mask
