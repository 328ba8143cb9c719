"""Warnings of the lesion pipelines."""


class NoLesionWarning(UserWarning):
    """`segment_lesion` (or `LesionSegmenter.predict`) found no lesion in an image (uniform
    image, skin only, or only frame) and returned an empty mask.

    Filter it like any warning, e.g. ``warnings.simplefilter("error",
    NoLesionWarning)`` to turn such images into errors.
    """
