"""Grey-level morphology of 2-D images with scikit-image's interfaces."""

from .gray import black_tophat, closing, dilation, erosion, opening, white_tophat

__all__ = ["erosion", "dilation", "opening", "closing", "white_tophat", "black_tophat"]
