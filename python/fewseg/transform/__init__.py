"""Resampling of 2-D images (optionally with a trailing channel axis)."""

from .resize import resize_area, resize_bilinear

__all__ = ["resize_area", "resize_bilinear"]
