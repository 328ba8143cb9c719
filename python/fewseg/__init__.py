"""fewseg: fast segmentation and few-label classification of medical images.

scikit-image-compatible functions backed by C++ kernels (numpy in, numpy out).
"""

from .measure import find_contours, label_contours, regionprops_table
from .segmentation import watershed

__version__ = "0.1.0"
__all__ = ["watershed"]
__all__ += ["find_contours", "label_contours", "regionprops_table"]
