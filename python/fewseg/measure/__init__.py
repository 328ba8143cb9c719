"""Region borders and region properties: `find_contours`, `label_contours`,
`regionprops_table`."""

from ._contours import find_contours, label_contours
from ._regionprops import regionprops_table

__all__ = ["find_contours", "label_contours", "regionprops_table"]
