"""Linear filters of 2-D images with scipy.ndimage's names and conventions."""

from .gaussian import gaussian_filter, gaussian_gradient_magnitude

__all__ = ["gaussian_filter", "gaussian_gradient_magnitude"]
