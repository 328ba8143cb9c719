"""Lesion-level pipelines on numpy arrays: descriptors of a segmented dermoscopy lesion."""

from .features import extract_features, lesion_features

__all__ = ["extract_features", "lesion_features"]
