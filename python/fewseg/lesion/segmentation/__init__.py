"""Segmenting a dermoscopy lesion: `segment_lesion` (one image, no training) and
`LesionSegmenter` (fitted on a few masks), their options and their warning.

The private modules are the pipeline's steps, in the order `segment_lesion` runs them:
_input (checks), _working (working size), _hair, _illumination, _colour, _channels,
_mixture (colour model), _prior_evidence (the lesion prior's log odds), _select, _refine
(watershed outline), _binary; LesionSegmenter adds _pixel_features and _pixel_sampling.
"""

from .options import LesionOptions
from .segment import segment_lesion
from .segmenter import LesionSegmenter
from .warnings import NoLesionWarning

__all__ = ["LesionOptions", "LesionSegmenter", "NoLesionWarning", "segment_lesion"]
