"""Lesion segmentation in dermoscopy images (numpy in, numpy out; no file I/O)."""

from .options import LesionOptions
from .segment import segment_lesion
from .warnings import NoLesionWarning

__all__ = ["segment_lesion", "LesionOptions", "NoLesionWarning"]
