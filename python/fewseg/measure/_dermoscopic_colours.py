"""The six dermoscopic colours of the ABCD rule and when a region counts as showing one:
the one definition that ``regionprops_table``'s ``dermoscopic_colour_fractions`` and
``dermoscopic_colour_count`` and `fewseg.lesion_features`' ``colour_*`` share.

- `NAMES` and `SRGB`: white, red, light brown, dark brown, blue-gray and black (the colours
  of Stolz's C criterion) and the sRGB colour in [0, 1] that stands for each, read from the
  table in ``cpp/include/fewseg/color.hpp`` (``fewseg._core.dermoscopic_colours``), which the
  C++ region measurements use too. The values are those of She, Liu and Damian (2007) as
  later automatic ABCD scorers quote them; they were not checked against the paper itself,
  and published tables differ between authors. A pixel takes the colour nearest to it in
  CIELAB (CIE76 distance).
- `PRESENCE_FRACTION`: a colour is present when at least this share of the region takes it,
  the upper end of the 1-5 % range in the literature, so that noise and hairs do not add
  colours; the number present is Stolz's C score (1 to 6).

References
----------
W. Stolz et al., "ABCD rule of dermatoscopy", Eur. J. Dermatol. 4, 521-527, 1994.
Z. She, Y. Liu and A. Damian, "Combination of features from skin pattern and ABCD analysis
for lesion classification", Skin Res. Technol. 13(1), 25-33, 2007.
"""

from .. import _core

NAMES, SRGB = _core.dermoscopic_colours()
SRGB.flags.writeable = False
PRESENCE_FRACTION = 0.05
