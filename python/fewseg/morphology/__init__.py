"""Grey-level and binary morphology of 2-D images with scikit-image's and scipy.ndimage's
interfaces."""

from .binary import binary_fill_holes
from .distance import distance_transform_edt
from .gray import black_tophat, closing, dilation, erosion, opening, white_tophat

__all__ = ["erosion", "dilation", "opening", "closing", "white_tophat", "black_tophat"]
__all__ += ["binary_fill_holes", "distance_transform_edt"]
