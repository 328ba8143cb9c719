"""Shape descriptors of a lesion: the seed's three features, compactness, solidity, elongation,
and its size relative to the image.

Each is a property of `fewseg.regionprops_table`, measured by the C++ kernels; the formulas
and their sources are in `fewseg.measure._extra_properties` (fewseg's properties) and
scikit-image's documentation (its own), so a lesion feature and the region property of the
same name are one number.
"""

import numpy as np

from ...measure import regionprops_table

_PROPERTIES = ("contour_area", "perimeter_ratio", "max_span", "compactness", "solidity",
               "axis_major_length", "axis_minor_length", "area")


def shape_features(region, image_shape):
    """The shape descriptors of `region` (a filled mask of one component, or the window of
    an image of `image_shape` that holds it).

    Returns
    -------
    dict
        The seed's three features of its outer contour: ``contour_area``,
        ``perimeter_ratio`` (contour length / circumference of the minimum enclosing
        circle) and ``max_span``; ``compactness``: perimeter^2 / (4 pi area) (Golston et
        al. 1992), 1 for a disc, larger for ragged borders; ``solidity``: area / convex
        hull area; ``elongation``: minor / major axis length (1 for a disc);
        ``relative_area``: the share of the image's pixels in the lesion, and
        ``relative_span``: ``max_span`` / the image diagonal. The seed's area and span
        are in pixels, so they grow with the camera's resolution; the relative two read
        alike at any resolution (a dermatoscope frames about the same patch of skin).
    """
    table = regionprops_table(region.astype(np.uint8), properties=_PROPERTIES)
    values = {name: float(column[0]) for name, column in table.items()}
    major = values.pop("axis_major_length")
    minor = values.pop("axis_minor_length")
    area = values.pop("area")
    values["elongation"] = minor / major if major > 0 else 1.0
    values["relative_area"] = area / (image_shape[0] * image_shape[1])
    values["relative_span"] = values["max_span"] / float(np.hypot(*image_shape))
    return values
