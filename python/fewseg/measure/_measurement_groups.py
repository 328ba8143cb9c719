"""The kernels' groups of measurements (what `_property_table._Property.groups` names),
defined once, with the measurement plan, in cpp/include/fewseg/region_plan.hpp: `GROUPS.convex`
and the others are the names the compiled core reads, so that a misspelt group fails at
import instead of silently measuring nothing."""

from types import SimpleNamespace

from .. import _core

_NEEDS_INTENSITY = _core.region_groups()  # name -> whether it measures the intensity image

GROUPS = SimpleNamespace(**{name: name for name in _NEEDS_INTENSITY})
INTENSITY_GROUPS = frozenset(name for name, needs in _NEEDS_INTENSITY.items() if needs)
