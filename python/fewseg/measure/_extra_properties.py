"""Properties `regionprops_table` adds to scikit-image's: the seed's three features on
the outer border, and the dermoscopy (ABCD rule) descriptors.

Definitions, each with its source:

Outer-border features (c = the outer contour of the region, ``trace_contours(region,
mode="external")``, through the centres of its border pixels; for a label made of
several parts, all their outer contours):

- ``contour_area``: area enclosed by c, |shoelace(c)| (= ``cv2.contourArea``). For a
  region without holes this is N - B/2 - 1 by Pick's theorem (B points on c).
- ``contour_length``: closed length of c, axial steps 1 and diagonal steps sqrt(2)
  (``cv2.arcLength(c, True)`` up to OpenCV's float32 steps, < 2e-8 relative).
- ``enclosing_radius``: radius of the minimum enclosing circle of c (Welzl 1991, exact
  predicates; within 1e-3 of ``cv2.minEnclosingCircle``, which adds 1e-4 and works in
  float32).
- ``perimeter_ratio``: contour_length / (2 pi enclosing_radius); 0 for a single pixel.
- ``max_span``: largest distance between two points of c (diameter of its convex hull).

Dermoscopy descriptors (total dermoscopy score of Stolz et al. 1994):

- ``asymmetry`` (A), two columns: the region mirrored about its major (``asymmetry-0``)
  and minor (``asymmetry-1``) principal axis through the centroid (the axes of
  ``orientation``), AI_k = area(region XOR mirror image) / area (Stoecker, Li and Moss
  1992). The mirror image is sampled at pixel centres (a pixel is in it when the pixel
  nearest to its reflection is in the region), so a digital shape symmetric about a pixel
  row or column scores 0.
- ``compactness`` (B): perimeter**2 / (4 pi area) with scikit-image's perimeter and area
  (Golston et al. 1992); about 1 for a disc, larger for irregular borders.
  `fewseg.lesion_features`' ``compactness`` is this one.
- ``fractal_dimension`` (B): box-counting dimension of the outer contour's pixels
  (Claridge et al. 1992): boxes of side 1, 2, 4, ... up to a quarter of the larger side of
  the bounding box, aligned on its corner; minus the least-squares slope of log(boxes
  hit) against log(side). NaN when the bounding box is under 8 pixels.
- ``border_sharpness`` (B): mean over the region's border pixels (pixels with a
  4-neighbour outside it) of the gradient magnitude of the lightness: CIE L* for an RGB
  intensity image, the values of a grey one; gradient as ``numpy.gradient`` computes it
  with the given spacing. It grows with the contrast to the surroundings; the share of
  the lesion-skin step that happens at the border is `fewseg.lesion_features`'
  ``border_cutoff``.
- ``rgb_mean``, ``rgb_std``, ``rgb_percentiles``, ``lab_mean``, ``lab_std``,
  ``lab_percentiles`` (C): channel statistics of the region's pixels in sRGB scaled to
  [0, 1] (as ``skimage.util.img_as_float``) and in CIELAB (as ``skimage.color.rgb2lab``,
  D65, in double precision); population standard deviation; percentiles at
  `COLOUR_PERCENTILES` with numpy's linear interpolation (``rgb_percentiles-i-c``: i-th
  percentile, channel c).
- ``dermoscopic_colour_fractions`` (C), six columns: fraction of the region's pixels whose
  nearest reference colour (CIE76 distance in CIELAB) is white, red, light brown, dark
  brown, blue-gray, black (the table of `_dermoscopic_colours`, She, Liu and Damian 2007).
- ``dermoscopic_colour_count`` (C): how many of the six cover at least
  `_dermoscopic_colours.PRESENCE_FRACTION` of the region (Stolz's C score, 1 to 6).

References
----------
W. Stolz et al., "ABCD rule of dermatoscopy", Eur. J. Dermatol. 4, 521-527, 1994.
W. V. Stoecker, W. W. Li and R. H. Moss, "Automatic detection of asymmetry in skin tumors",
Comput. Med. Imaging Graph. 16(3), 191-197, 1992.
J. E. Golston et al., "Automatic detection of irregular borders in melanoma and other skin
tumors", Comput. Med. Imaging Graph. 16(3), 199-203, 1992.
E. Claridge et al., "Shape analysis for classification of malignant melanoma", J. Biomed.
Eng. 14(3), 229-234, 1992.
E. Welzl, "Smallest enclosing disks (balls and ellipsoids)", LNCS 555, 359-370, 1991.
"""

import numpy as np

from ._dermoscopic_colours import PRESENCE_FRACTION
from ._skimage_properties import perimeter

COLOUR_PERCENTILES = (5, 25, 50, 75, 95)


def contour_area(raw, ctx):
    return raw["contour_area"] * ctx.pixel_area


def contour_length(raw, ctx):
    return raw["arc_length"] * ctx.spacing[0]


def enclosing_radius(raw, ctx):
    return raw["enclosing_radius"] * ctx.spacing[0]


def max_span(raw, ctx):
    return raw["max_span"] * ctx.spacing[0]


def perimeter_ratio(raw, ctx):
    radius = raw["enclosing_radius"]
    out = np.zeros(len(radius))
    positive = radius > 0
    out[positive] = raw["arc_length"][positive] / (2 * np.pi * radius[positive])
    return out


def asymmetry(raw, ctx):
    return raw["asymmetry"].copy()


def compactness(raw, ctx):
    return perimeter(raw, ctx) ** 2 / (4 * np.pi * (raw["count"] * ctx.pixel_area))


def fractal_dimension(raw, ctx):
    return raw["fractal_dimension"].copy()


def border_sharpness(raw, ctx):
    return raw["border_sharpness"].copy()


def _copy_of(key):
    def compute(raw, ctx):
        return raw[key].copy()

    compute.__name__ = key
    return compute


rgb_mean = _copy_of("rgb_mean")
rgb_std = _copy_of("rgb_std")
rgb_percentiles = _copy_of("rgb_percentiles")
lab_mean = _copy_of("lab_mean")
lab_std = _copy_of("lab_std")
lab_percentiles = _copy_of("lab_percentiles")
dermoscopic_colour_fractions = _copy_of("palette_fractions")


def dermoscopic_colour_count(raw, ctx):
    return np.count_nonzero(raw["palette_fractions"] >= PRESENCE_FRACTION, axis=1)
