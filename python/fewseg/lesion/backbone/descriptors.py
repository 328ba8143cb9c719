"""Learned lesion descriptors: an ImageNet network's features of the lesion and its skin,
projected onto the principal axes of thousands of lesions.

Hand-made colour and shape statistics describe PH2's one device well and other devices
poorly; the features a network learned from a million photographs describe colour,
texture and structure in terms that transfer (the backbone: `fewseg.lesion.backbone.runtime`).
Three views of each lesion are run: the whole image, the square around the lesion with
a ring of skin, and the square tight around it (`lesion_crop`, `CROP_MARGINS`), each
resampled to the network's 224-pixel input and run in the eight orientations of the
square, whose outputs are averaged (`dihedral_mean`). In each view and at each of the
trunk's two outputs (112 channels at 1/16 of the side, 320 at 1/32),
every channel is pooled three ways, with the lesion mask area-averaged to the output's
grid as weights w:

- mean and standard deviation over the lesion (weights w);
- mean over the rest of the view, the skin (weights 1 - w).

The 3,888 pooled values are standardised and projected onto their first 32 principal
components, fitted on the ISIC 2017 training part with its expert masks and no diagnosis
(``python -m fewseg.training.lesion_descriptors``; the projection ships as
``lesion_descriptors.npz`` with its record ``lesion_descriptors.json``). Few components,
because they feed a classifier fitted on a handful of labels: on the ISIC training part,
cross-validated with 10 % of it labelled, 32 gave a better melanoma ROC AUC than 64 or
more (see the script's notes).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ...transform import resize_area
from ..prior.runtime import ModelFileError, shared_instance
from .preprocess import CROP_MARGINS, ORIENTATIONS, dihedral_mean, dihedral_views, lesion_crop, network_view
from .runtime import shared_backbone

PROJECTION_FILE = Path(__file__).with_name("lesion_descriptors.npz")
RECORD_FILE = PROJECTION_FILE.with_suffix(".json")


class DescriptorProjection:
    """Standardisation and principal axes of pooled backbone features (one ``.npz`` file).

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


def pooled_backbone_features(rgb: npt.NDArray, factor: float, region: npt.NDArray[np.bool_],
                             backbone=None) -> npt.NDArray[np.float64]:
    """The 3,888 pooled backbone activations of the lesion `region` of `rgb` (see the module).

    `rgb` is a checked (M, N, 3) image whose values times `factor` lie in [0, 1], `region`
    the (M, N) lesion as `fewseg.lesion_features` measures it, `backbone` a
    `LesionBackbone` (default: the shipped one). Ordered by view (the whole image, then one
    crop per `CROP_MARGINS`), then by output (finest first), then by pooling (lesion mean,
    lesion standard deviation, skin mean), then by channel.
    """
    crops = [lesion_crop(region, margin) for margin in CROP_MARGINS]
    views = [network_view(rgb, factor, region)] + [network_view(rgb[c], factor, region[c]) for c in crops]
    # Every view's eight orientations in one batch: one call into the runtime per lesion.
    batch = np.concatenate([dihedral_views(x) for x, _ in views])
    outputs = (backbone or shared_backbone()).run(batch)
    pooled = []
    for index, (_, weights) in enumerate(views):
        for activations in outputs:
            cells = dihedral_mean(activations[ORIENTATIONS * index: ORIENTATIONS * (index + 1)].astype(np.float64))
            side = cells.shape[-1]
            w = resize_area(weights, (side, side)).ravel().astype(np.float64)
            cells = cells.reshape(cells.shape[0], -1)
            lesion_mean = _weighted_mean(cells, w)
            lesion_std = np.sqrt(np.maximum(_weighted_mean(cells**2, w) - lesion_mean**2, 0.0))
            pooled += [lesion_mean, lesion_std, _weighted_mean(cells, 1 - w)]
    return np.concatenate(pooled)


def learned_descriptors(rgb: npt.NDArray, factor: float, region: npt.NDArray[np.bool_]) -> dict[str, float]:
    """``learned_00`` to ``learned_31``: `pooled_backbone_features` projected onto the
    shipped principal axes, the first carrying the most variance among ISIC lesions."""
    projection = shared_projection()
    return dict(zip(projection.names, projection.project(pooled_backbone_features(rgb, factor, region)).tolist()))


def descriptor_record(path=RECORD_FILE):
    """The projection's record: its data, backbone, settings and check values (a dict)."""
    try:
        return json.loads(Path(path).read_text())
    except (OSError, ValueError) as exc:
        raise ModelFileError(f"learned descriptor record {path} cannot be read: {exc}") from exc


def _weighted_mean(cells, weights):
    total = weights.sum()
    if total <= 1e-9:  # no cell in this part (a lesion filling the view has no skin)
        weights, total = np.ones_like(weights), weights.size
    return cells @ weights / total
