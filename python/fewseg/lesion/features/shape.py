"""Shape descriptors of a lesion: the seed's three features, compactness, solidity, elongation.

Each is a property of `fewseg.regionprops_table`, measured by the C++ kernels; the formulas
and their sources are in `fewseg.measure._extra_properties` (fewseg's properties) and
scikit-image's documentation (its own), so a lesion feature and the region property of the
same name are one number.
"""

import numpy as np

from ...measure import regionprops_table

_PROPERTIES = ("contour_area", "perimeter_ratio", "max_span", "compactness", "solidity",
               "axis_major_length", "axis_minor_length")


def shape_features(region):
    """The shape descriptors of `region` (a filled mask of one component).

    Returns
    -------
    dict
        The seed's three features of its outer contour: ``contour_area``,
        ``perimeter_ratio`` (contour length / circumference of the minimum enclosing
        circle) and ``max_span``; ``compactness``: perimeter^2 / (4 pi area) (Golston et
        al. 1992), 1 for a disc, larger for ragged borders; ``solidity``: area / convex
        hull area; ``elongation``: minor / major axis length (1 for a disc).
    """
    table = regionprops_table(region.astype(np.uint8), properties=_PROPERTIES)
    values = {name: float(column[0]) for name, column in table.items()}
    major = values.pop("axis_major_length")
    minor = values.pop("axis_minor_length")
    values["elongation"] = minor / major if major > 0 else 1.0
    return values
