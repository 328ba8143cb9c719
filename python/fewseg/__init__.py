"""fewseg: fast segmentation and few-label classification of medical images.

scikit-image-compatible functions backed by C++ kernels (numpy in, numpy out).
"""

from typing import TYPE_CHECKING

from .measure import find_contours, label_contours, regionprops, regionprops_table, trace_contours
from .segmentation import watershed

# The one place the version is written: pyproject.toml reads it from here
# ([tool.scikit-build.metadata.version]).
__version__ = "0.1.0"

# The lesion pipelines and few-label learning import scikit-learn, pandas and ONNX Runtime,
# which would add about a second to every `import fewseg`: they are loaded on first use
# (PEP 562 `__getattr__` below). Type checkers and IDEs read these imports instead, so they
# see every name with its real type.
if TYPE_CHECKING:
    from . import evaluate
    from .learn import SelfTrainingClassifier
    from .lesion import LesionSegmenter, extract_features, lesion_features, segment_lesion

_LAZY = {
    "SelfTrainingClassifier": "fewseg.learn",
    "lesion_features": "fewseg.lesion",
    "extract_features": "fewseg.lesion",
    "evaluate": "fewseg.evaluate",
    "segment_lesion": "fewseg.lesion",
    "LesionSegmenter": "fewseg.lesion",
}

__all__ = [
    "LesionSegmenter",
    "SelfTrainingClassifier",
    "evaluate",
    "extract_features",
    "find_contours",
    "label_contours",
    "lesion_features",
    "regionprops",
    "regionprops_table",
    "segment_lesion",
    "trace_contours",
    "watershed",
]


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'fewseg' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(_LAZY[name])
    value = module if module.__name__ == f"fewseg.{name}" else getattr(module, name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
