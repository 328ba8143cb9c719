"""Lesion-level pipelines on numpy arrays: segmenting a dermoscopy lesion and describing it."""

from .features import extract_features, lesion_features
from .options import LesionOptions
from .segment import segment_lesion
from .segmenter import LesionSegmenter
from .warnings import NoLesionWarning

__all__ = ["LesionOptions", "LesionSegmenter", "NoLesionWarning", "extract_features", "lesion_features", "segment_lesion"]
