"""fewseg: fast segmentation and few-label classification of medical images.

scikit-image-compatible functions backed by C++ kernels (numpy in, numpy out).
"""

from .measure import find_contours, label_contours, regionprops, regionprops_table, trace_contours
from .segmentation import watershed

__version__ = "0.1.0"
__all__ = ["watershed"]
__all__ += ["find_contours", "trace_contours", "label_contours", "regionprops", "regionprops_table"]

# Few-label learning (issue 4), loaded on first use: it imports scikit-learn and pandas,
# which would otherwise add about a second to every `import fewseg`.
_LAZY = {
    "SelfTrainingClassifier": "fewseg.learn",
    "lesion_features": "fewseg.lesion",
    "extract_features": "fewseg.lesion",
    "evaluate": "fewseg.evaluate",
    "segment_lesion": "fewseg.lesion",
    "LesionSegmenter": "fewseg.lesion",
}
__all__ += list(_LAZY)


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'fewseg' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(_LAZY[name])
    return module if module.__name__ == f"fewseg.{name}" else getattr(module, name)
