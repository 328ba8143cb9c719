"""Learned lesion descriptors: the lesion prior's encoder, pooled over the lesion and its
surroundings, and projected onto the principal axes of thousands of lesions.

The prior learned from the public masks what separates a lesion from skin at every scale;
its encoder's activations describe colour, texture and structure in terms that hold across
devices. Per encoder level (1/2, 1/4, 1/8 and 1/16 of the network's input, 24 to 160
channels), each channel is pooled four ways, with the lesion mask area-averaged to the
level's grid as weights w:

- mean and standard deviation over the lesion (weights w);
- mean over the border band (weights 4 w (1 - w), largest where the outline crosses a cell);
- mean over the surrounding skin (weights 1 - w).

The 1,312 pooled values are standardised and projected onto their first principal
components, fitted on the ISIC 2017 training part with its expert masks and no diagnosis
(``python -m fewseg.training.lesion_descriptors``; the projection ships as
``lesion_descriptors.npz`` with its record ``lesion_descriptors.json``). The image and its
left-right mirror are pooled and averaged, as segmentation does, so the descriptors do not
depend on which way the dermatoscope was held.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ...transform import resize_area
from ..features._geometry import largest_filled_region
from .preprocess import INPUT_SIZE, mirror_mean, network_input, to_square, with_mirror
from .runtime import ModelFileError, shared_instance, shared_prior

PROJECTION_FILE = Path(__file__).with_name("lesion_descriptors.npz")
RECORD_FILE = PROJECTION_FILE.with_suffix(".json")
POOLINGS = ("lesion_mean", "lesion_std", "border_mean", "skin_mean")

class DescriptorProjection:
    """Standardisation and principal axes of pooled encoder features (one ``.npz`` file).

    Parameters
    ----------
    path : str or Path
        The file, with arrays ``mean`` and ``scale`` (P,) and ``components`` (K, P).

    Raises
    ------
    ModelFileError
        When the file is missing, unreadable, or its arrays do not fit together.
    """

    def __init__(self, path=PROJECTION_FILE):
        self.path = Path(path)
        if not self.path.is_file():
            raise ModelFileError(f"learned descriptor file {self.path} does not exist; reinstall fewseg")
        try:
            with np.load(self.path, allow_pickle=False) as arrays:
                self.mean = np.asarray(arrays["mean"], np.float64)
                self.scale = np.asarray(arrays["scale"], np.float64)
                self.components = np.asarray(arrays["components"], np.float64)
        except Exception as exc:  # zip, pickle and key errors alike mean a broken file
            raise ModelFileError(f"learned descriptor file {self.path} cannot be read: {exc}") from exc
        shapes_fit = (self.mean.ndim == 1 and self.scale.shape == self.mean.shape
                      and self.components.ndim == 2 and self.components.shape[1] == self.mean.size)
        if not shapes_fit or not np.all(self.scale > 0):
            raise ModelFileError(f"learned descriptor file {self.path}: arrays of shapes {self.mean.shape}, "
                                 f"{self.scale.shape}, {self.components.shape} (or non-positive scales) do not fit")

    @property
    def names(self):
        """``learned_00``, ``learned_01``, ...: one per component."""
        return [f"learned_{k:02d}" for k in range(len(self.components))]

    def project(self, pooled):
        """(..., P) pooled features -> (..., K) descriptors."""
        return ((np.asarray(pooled, np.float64) - self.mean) / self.scale) @ self.components.T


def shared_projection(path=PROJECTION_FILE):
    """The process's `DescriptorProjection` of `path`, read once (thread-safe)."""
    return shared_instance(DescriptorProjection, path)


def pooled_encoder_features(rgb: npt.NDArray, factor: float, region: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    """The 1,312 pooled encoder activations of the lesion `region` of `rgb` (see the module).

    `rgb` is a checked (M, N, 3) image whose values times `factor` lie in [0, 1], `region`
    the (M, N) lesion as `fewseg.lesion_features` measures it. Ordered by level (finest
    first), then by pooling (`POOLINGS`), then by channel.
    """
    view = network_input(rgb, factor)
    levels = shared_prior().encoder_levels(with_mirror(view))
    weights = to_square(region.astype(np.float32), INPUT_SIZE)
    pooled = []
    for activations in levels:
        mean_view = mirror_mean(activations.astype(np.float64))
        side = mean_view.shape[-1]
        w = resize_area(weights, (side, side)).ravel().astype(np.float64)
        cells = mean_view.reshape(mean_view.shape[0], -1)
        lesion_mean = _weighted_mean(cells, w)
        lesion_std = np.sqrt(np.maximum(_weighted_mean(cells**2, w) - lesion_mean**2, 0.0))
        pooled += [lesion_mean, lesion_std, _weighted_mean(cells, 4 * w * (1 - w)), _weighted_mean(cells, 1 - w)]
    return np.concatenate(pooled)


def learned_descriptors(rgb: npt.NDArray, factor: float, region: npt.NDArray[np.bool_]) -> dict[str, float]:
    """``learned_00`` to ``learned_63``: `pooled_encoder_features` projected onto the shipped
    principal axes, the first carrying the most variance among ISIC lesions."""
    projection = shared_projection()
    return dict(zip(projection.names, projection.project(pooled_encoder_features(rgb, factor, region)).tolist()))


def descriptor_record(path=RECORD_FILE):
    """The projection's record: its data, settings and check values (a dict)."""
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"learned descriptor record {path} cannot be read: {exc}") from exc


def _weighted_mean(cells, weights):
    total = weights.sum()
    if total <= 1e-9:  # no cell in this part (a lesion filling the image has no skin)
        weights, total = np.ones_like(weights), weights.size
    return cells @ weights / total
