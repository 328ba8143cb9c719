"""Lesion-level pipelines on numpy arrays: segmenting a dermoscopy lesion and describing it."""

from .features import extract_features, lesion_features
from .segment import NoLesionWarning, segment_lesion

__all__ = ["NoLesionWarning", "extract_features", "lesion_features", "segment_lesion"]
