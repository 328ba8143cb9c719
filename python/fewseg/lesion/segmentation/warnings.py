"""Warnings of the lesion pipelines."""


class NoLesionWarning(UserWarning):
    """`segment_lesion` (or `LesionSegmenter.predict`) found no lesion in an image (uniform
    image, skin only, or only frame) and returned an empty mask.

    Filter it like any warning, e.g. ``warnings.simplefilter("error",
    NoLesionWarning)`` to turn such images into errors.

    Examples
    --------
    >>> import warnings
    >>> import numpy as np
    >>> import fewseg
    >>> from fewseg.lesion import NoLesionWarning
    >>> uniform = np.full((64, 64, 3), 128, np.uint8)
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     mask = fewseg.segment_lesion(uniform)
    >>> bool(mask.any()), caught[0].category is NoLesionWarning
    (False, True)
    """
