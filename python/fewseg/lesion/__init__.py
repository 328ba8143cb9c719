"""Lesion-level pipelines on numpy arrays: segmenting a dermoscopy lesion and describing it.

Three folders: `segmentation` (the lesion's outline), `features` (the numbers the
classifier learns from, measured on an image and its mask) and `prior` (the lesion prior
network, used by both).
"""

from .features import extract_features, lesion_features
from .segmentation import LesionOptions, LesionSegmenter, NoLesionWarning, segment_lesion

__all__ = ["LesionOptions", "LesionSegmenter", "NoLesionWarning", "extract_features", "lesion_features", "segment_lesion"]
