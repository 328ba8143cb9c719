"""
fewseg's C++ kernels. Private: use the functions of the fewseg package.
"""
from __future__ import annotations
import collections.abc
import numpy
import numpy.typing
import typing
__all__: list[str] = ['RegionPass', 'binary_fill_holes', 'dermoscopic_colours', 'distance_transform_edt', 'flat_morphology', 'gaussian_filter', 'gaussian_gradient_magnitude', 'label_contours', 'marching_squares', 'region_groups', 'region_measurements', 'region_pass', 'region_plan', 'resize', 'ring_gains', 'trace_contours', 'watershed', 'whitened_squared_norms']
class RegionPass:
    """
    The dense labels and moments of one label image after region_pass, for later groups.
    """
    def measure(self, groups: collections.abc.Set[str], quantiles: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex]) -> dict:
        """
        The measurements of `groups` (without the first pass's labels, counts, boxes and moments), from the kept dense labels: the values region_measurements gives.
        """
def binary_fill_holes(input: numpy.ndarray, connectivity: typing.SupportsInt | typing.SupportsIndex) -> numpy.ndarray:
    """
    Holes of a 2-D bool/uint8 image filled, with 1- or 2-connected background.
    """
def dermoscopic_colours() -> tuple:
    """
    The six dermoscopic colours: (names, their sRGB values in [0, 1] as a (6, 3) array).
    """
def distance_transform_edt(input: numpy.ndarray) -> numpy.ndarray:
    """
    Exact Euclidean distance of every nonzero pixel of a 2-D bool/uint8 image to the nearest zero.
    """
def flat_morphology(padded: numpy.ndarray, rows: typing.SupportsInt | typing.SupportsIndex, cols: typing.SupportsInt | typing.SupportsIndex, runs: numpy.ndarray, maximum: bool) -> numpy.ndarray:
    """
    Minimum (or maximum) of a padded 2-D image over footprint runs (see fewseg.morphology).
    """
def gaussian_filter(input: numpy.ndarray, sigma_rows: typing.SupportsFloat | typing.SupportsIndex, sigma_cols: typing.SupportsFloat | typing.SupportsIndex, order_rows: typing.SupportsInt | typing.SupportsIndex, order_cols: typing.SupportsInt | typing.SupportsIndex, truncate: typing.SupportsFloat | typing.SupportsIndex) -> numpy.ndarray:
    """
    Gaussian filter (or derivative) along the first two axes of a float image (see fewseg.filters).
    """
def gaussian_gradient_magnitude(input: numpy.ndarray, sigma_rows: typing.SupportsFloat | typing.SupportsIndex, sigma_cols: typing.SupportsFloat | typing.SupportsIndex, truncate: typing.SupportsFloat | typing.SupportsIndex) -> numpy.ndarray:
    """
    Gradient magnitude of a 2-D float image with Gaussian derivatives (see fewseg.filters).
    """
def label_contours(label_image: numpy.ndarray, simple: bool) -> tuple:
    """
    Outer contours of every label in one scan (see fewseg.label_contours): (list of (K, 2) int32 arrays, int64 label of each).
    """
def marching_squares(image: numpy.ndarray, level: typing.SupportsFloat | typing.SupportsIndex, high_connected: bool, reverse: bool, mask: typing.Any = None) -> list:
    """
    scikit-image's marching squares (see fewseg.find_contours): list of (K, 2) float64 (row, col) arrays.
    """
def region_groups() -> dict:
    """
    The measurement groups region_measurements takes, in order: name -> whether it needs an intensity image.
    """
def region_measurements(label_image: numpy.ndarray, intensity_image: numpy.ndarray | None, groups: collections.abc.Set[str], spacing: tuple[typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex], quantiles: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], threads: typing.SupportsInt | typing.SupportsIndex) -> dict:
    """
    Raw per-label measurements behind fewseg.regionprops_table, as a dict of arrays with one row per label (ascending).
    """
def region_pass(label_image: numpy.ndarray, intensity_image: numpy.ndarray | None, groups: collections.abc.Set[str], spacing: tuple[typing.SupportsFloat | typing.SupportsIndex, typing.SupportsFloat | typing.SupportsIndex], quantiles: collections.abc.Sequence[typing.SupportsFloat | typing.SupportsIndex], threads: typing.SupportsInt | typing.SupportsIndex) -> tuple:
    """
    region_measurements' dict, and a RegionPass keeping the dense labels for later groups.
    """
def region_plan(groups: collections.abc.Set[str], has_intensity: bool, rows: typing.SupportsInt | typing.SupportsIndex) -> dict:
    """
    How region_measurements measures `groups` on a label image of `rows` rows: the first pass, its blocks of rows, the independent tasks in the order their results are stored, and what follows them.
    """
def resize(image: numpy.ndarray, out_rows: typing.SupportsInt | typing.SupportsIndex, out_cols: typing.SupportsInt | typing.SupportsIndex, method: str) -> numpy.ndarray:
    """
    Resample a (rows, cols[, channels]) image by area averaging or bilinear interpolation.
    """
def ring_gains(rgb: numpy.ndarray, inside: numpy.ndarray, centre_row: typing.SupportsFloat | typing.SupportsIndex, centre_col: typing.SupportsFloat | typing.SupportsIndex, percentile: typing.SupportsFloat | typing.SupportsIndex, rings: typing.SupportsInt | typing.SupportsIndex, levels: typing.SupportsInt | typing.SupportsIndex) -> numpy.ndarray:
    """
    Per-pixel gains of the vignetting profile (ring percentiles around a centre).
    """
def trace_contours(image: numpy.ndarray, mode: typing.SupportsInt | typing.SupportsIndex, simple: bool) -> tuple:
    """
    Suzuki-Abe contours of the nonzero pixels (see fewseg.trace_contours): (list of (K, 2) int32 (row, col) arrays, (N, 4) int32 hierarchy).
    """
def watershed(image: numpy.ndarray, markers: numpy.ndarray, mask: numpy.ndarray | None, pad: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], neighbours: collections.abc.Sequence[typing.SupportsInt | typing.SupportsIndex], compactness: typing.SupportsFloat | typing.SupportsIndex, watershed_line: bool, raster: bool) -> numpy.ndarray:
    """
    Flood `image` from `markers` (see fewseg.watershed). Returns labels of the markers' dtype.
    """
def whitened_squared_norms(x: numpy.ndarray, mean: typing.Annotated[numpy.typing.ArrayLike, numpy.float64], whiten: typing.Annotated[numpy.typing.ArrayLike, numpy.float64]) -> numpy.ndarray:
    """
    |(x_i - mean) @ whiten|^2 for every row of a 2-D float32/float64 array.
    """
