"""Segmentation kernels with scikit-image's interfaces."""

from .watershed import watershed

__all__ = ["watershed"]
