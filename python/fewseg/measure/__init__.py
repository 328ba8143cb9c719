"""Iso-lines, region borders and region properties: `find_contours` (scikit-image's
marching squares), `trace_contours` and `label_contours` (OpenCV's border following),
`regionprops` and `regionprops_table`."""

from ._contours import label_contours, trace_contours
from ._marching_squares import find_contours
from ._region_objects import RegionProperties, regionprops
from ._regionprops import regionprops_table

__all__ = ["find_contours", "trace_contours", "label_contours", "regionprops", "regionprops_table", "RegionProperties"]
