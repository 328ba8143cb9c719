"""`regionprops_table`: scikit-image's region properties table, every label measured in
a few passes over the image (C++ for 2-D), the rest region by region on the same
measurements (`_region_objects`)."""

import numpy as np

from ._property_table import PROPERTIES, VOLUME_PROPERTIES, RegionTable, kernel_intensity_image
from ._region_inputs import (
    PropertyNotSupportedError,
    normalize_spacing,
    region_intensity_image,
    region_label_image,
)
from ._region_names import COLUMN_TYPES, DEPRECATED_NAMES, NEEDS_INTENSITY, OBJECT_COLUMNS
from ._region_objects import _extra_property_map, _shared_state, regions_of, required_arguments

__all__ = ["regionprops_table", "PROPERTIES"]

# scikit-image's properties of 2-D regions only (NotImplementedError for 3-D, as there).
_ONLY_2D = {"eccentricity", "moments_hu", "orientation", "perimeter", "perimeter_crofton", "moments_weighted_hu"}


def regionprops_table(label_image, intensity_image=None, properties=("label", "bbox"), *, cache=True, separator="-",
                      extra_properties=None, spacing=None):
    """Measure labelled regions and return a table (dict of columns), as
    ``skimage.measure.regionprops_table`` does.

    Same arguments, same column names, same values (to floating-point rounding) for the
    properties the two share; every label is measured together in a few passes over the
    image in C++ (no loop over labels or pixels in Python), with the GIL released.

    Parameters
    ----------
    label_image : (M, N) or (P, M, N) ndarray of int
        Labels; 0 is background. Labels need not be connected. bool and floating images
        are refused (label a mask first), as are negative labels.
    intensity_image : (M, N[, P]) or (M, N[, P], C) ndarray, optional
        Values for the intensity properties (per channel with a channel axis, then named
        ``name-0``, ``name-1``, ... as in scikit-image) and the colour ones (RGB:
        uint8, uint16, or floats in [0, 1]). NaN and infinity are refused.
    properties : sequence of str
        Column names to compute. scikit-image's: label, area, area_bbox, area_convex,
        axis_major_length, axis_minor_length, bbox, centroid, centroid_local,
        eccentricity, equivalent_diameter_area, euler_number, extent,
        feret_diameter_max, inertia_tensor, inertia_tensor_eigvals, intensity_max,
        intensity_mean, intensity_median, intensity_min, intensity_std, moments_hu,
        num_pixels, orientation, perimeter, perimeter_crofton, solidity. fewseg's
        (defined, with their sources, in ``fewseg.measure._extra_properties``):
        contour_area, contour_length, enclosing_radius, perimeter_ratio, max_span,
        asymmetry, compactness, fractal_dimension, border_sharpness, rgb_mean, rgb_std,
        rgb_percentiles, lab_mean, lab_std, lab_percentiles,
        dermoscopic_colour_fractions, dermoscopic_colour_count (2-D only). Every other
        property of ``fewseg.regionprops`` (moments, images, coords, ...) and scikit-image's
        deprecated names work too, computed region by region as scikit-image does.
    cache : bool
        Passed to the region objects behind the properties computed region by region.
    separator : str
        Joins a multi-valued property's name and index in column names.
    extra_properties : iterable of callables, optional
        Further columns, one per function, as in ``fewseg.regionprops``.
    spacing : float or (ndim,) sequence of float, optional
        Pixel size per axis, as in scikit-image: lengths and areas are scaled. As there,
        perimeter and perimeter_crofton need equal spacings and moments_hu unit spacing
        (`PropertyNotSupportedError`, both a ValueError and scikit-image's
        NotImplementedError); fewseg's shape properties need equal spacings too.

    Returns
    -------
    table : dict of str to (L,) ndarray
        One row per label, in ascending label order; multi-valued properties are split
        into ``name-0``, ``name-1``, ... (``name-i-j`` for 2-D ones). Without labels the
        columns are empty, with the names and dtypes they would have.

    Raises
    ------
    TypeError
        For label images that are not 2-D or 3-D, bool or floating label images,
        non-numeric images, a string as `properties`.
    PropertyNotSupportedError
        (a NotImplementedError, as scikit-image raises, and a ValueError) for properties
        defined for 2-D images only asked of a 3-D image, and for unsupported spacings.
    ValueError
        For negative labels, an intensity image whose
        shape does not match, unknown properties, intensity properties without an
        intensity image, bad or unsupported spacing.

    Notes
    -----
    Differences from scikit-image: float32 intensity images are summed in double (their
    mean and std are more accurate than scikit-image's float32 ones); central moments are
    exact before their final rounding, so where scikit-image's sums leave rounding noise
    around zero (e.g. the minor axis of a straight line, ~1e-7) fewseg gives 0; unknown
    properties raise ValueError instead of AttributeError.

    3-D images are measured with vectorised numpy sums (one sort of the labelled voxels)
    instead of the 2-D C++ kernels. Images of at least a megapixel are measured on up to ``os.cpu_count()`` threads
    (``FEWSEG_NUM_THREADS`` caps them); the work is always cut the same way, so the
    results do not depend on the number of threads.

    Examples
    --------
    >>> import numpy as np
    >>> import fewseg
    >>> labels = np.zeros((6, 6), np.int32)
    >>> labels[1:4, 1:3] = 1
    >>> labels[4:6, 3:6] = 2
    >>> table = fewseg.regionprops_table(labels, properties=("label", "area", "centroid"))
    >>> {name: column.tolist() for name, column in table.items()}
    {'label': [1, 2], 'area': [6.0, 6.0], 'centroid-0': [2.0, 4.5], 'centroid-1': [1.5, 4.0]}
    """
    given, labels = region_label_image(label_image)
    ndim = given.ndim
    if not isinstance(separator, str):
        raise TypeError(f"separator: expected a str, got {separator!r}")
    extra = _extra_property_map(extra_properties) if extra_properties is not None else {}
    requested = _property_names(properties, ndim, extra)
    catalogue = PROPERTIES if ndim == 2 else VOLUME_PROPERTIES
    spacing = normalize_spacing(spacing, ndim)
    _check_spacing(spacing, requested, catalogue)

    intensity, _ = region_intensity_image(intensity_image, given.shape)
    fast = [current for _, current in requested if current in catalogue]
    groups = set()
    for name in fast:
        groups.update(catalogue[name].groups)
    if intensity is None:
        needing = [given_name for given_name, current in requested
                   if (current in catalogue and catalogue[current].intensity) or current in NEEDS_INTENSITY]
        if needing:
            raise ValueError(f"intensity_image: needed by {needing}, got None")
        kernel_intensity = None
    else:
        kernel_intensity = kernel_intensity_image(intensity, groups)
    table = RegionTable(labels, kernel_intensity, spacing, groups)

    out = {}
    regions = None
    for given_name, current in requested:
        if current in catalogue:
            values = table.column(current)
            if values.ndim == 1:
                out[given_name] = values.copy()
                continue
            for index in np.ndindex(values.shape[1:]):
                out[separator.join(map(str, (given_name,) + index))] = np.ascontiguousarray(
                    values[(slice(None),) + index])
            continue
        if regions is None:
            regions = _regions_of(table, given, intensity, cache, extra, spacing)
        out.update(_region_columns(regions, given_name, current, extra, separator, intensity, ndim, cache,
                                   spacing))
    return out


def _regions_of(table, given, intensity, cache, extra, spacing):
    multichannel = intensity is not None and intensity.ndim > given.ndim
    offset = np.zeros(given.ndim, dtype=int)
    return regions_of(table, _shared_state(given, intensity, multichannel, cache, extra, spacing, offset, table))


def _region_columns(regions, given_name, current, extra, separator, intensity, ndim, cache, spacing):
    """Columns of a property computed region by region, laid out as scikit-image's
    table does: one column for scalars and object properties, else one per element."""
    if not regions:
        # Names and dtypes from a one-pixel region, as scikit-image does.
        sample = np.zeros((3,) * ndim, np.int32)
        sample[(1,) * ndim] = 1
        sample_intensity = None
        if intensity is not None:
            sample_intensity = np.zeros(sample.shape + intensity.shape[ndim:], intensity.dtype)
        sample_kernel = None if sample_intensity is None else kernel_intensity_image(sample_intensity, set())
        table = RegionTable(sample, sample_kernel, spacing)
        columns = _region_columns(_regions_of(table, sample, sample_intensity, cache, extra, spacing), given_name,
                                  current, extra, separator, sample_intensity, ndim, cache, spacing)
        return {name: column[:0] for name, column in columns.items()}
    first = getattr(regions[0], current)
    if current in COLUMN_TYPES:
        dtype = COLUMN_TYPES[current]
    else:
        dtype = _extra_property_dtype(extra[current], intensity is not None, ndim)
    if np.isscalar(first) or current in OBJECT_COLUMNS or dtype is np.object_:
        column = np.empty(len(regions), dtype=dtype)
        for i, region in enumerate(regions):
            column[i] = getattr(region, current) if i else first
        return {given_name: column}
    shape = np.shape(first)
    values = np.empty((len(regions),) + shape, dtype=dtype)
    for i, region in enumerate(regions):
        values[i] = np.asarray(getattr(region, current) if i else first)
    return {separator.join(map(str, (given_name,) + index)): values[(slice(None),) + index].copy()
            for index in np.ndindex(shape)}


def _extra_property_dtype(func, with_intensity, ndim):
    """The dtype of an extra property's column: its values' when it gives the same shape
    on a 1-pixel and a 2^ndim-pixel mask, else object (scikit-image's rule)."""
    small = np.pad(np.ones((1,) * ndim, bool), (0, 1))
    large = np.pad(np.ones((2,) * ndim, bool), (1, 0))
    rng = np.random.default_rng(0)
    if with_intensity and required_arguments(func) == 2:
        results = [func(mask, rng.random(mask.shape)) for mask in (small, large)]
    else:
        results = [func(mask) for mask in (small, large)]
    if (np.isscalar(results[0]) and np.isscalar(results[1])) or np.array(results[0]).shape == np.array(
            results[1]).shape:
        return np.array(results[0]).dtype.type
    return np.object_


def _property_names(properties, ndim, extra):
    """(name as given, current name) pairs; the extra properties' names come last."""
    if isinstance(properties, str):
        raise TypeError(f"properties: expected a sequence of property names, got the string {properties!r}")
    try:
        names = list(properties)
    except TypeError as exc:
        raise TypeError(f"properties: expected a sequence of property names, got {properties!r}") from exc
    names += list(extra)
    catalogue = PROPERTIES if ndim == 2 else VOLUME_PROPERTIES
    known = set(PROPERTIES) | set(COLUMN_TYPES) | set(DEPRECATED_NAMES) | set(extra)
    unknown = [name for name in names if not isinstance(name, str) or name not in known]
    if unknown:
        raise ValueError(f"properties: unknown {unknown}; available: {sorted(set(catalogue) | set(COLUMN_TYPES))}")
    pairs = [(name, name if name in extra else DEPRECATED_NAMES.get(name, name)) for name in names]
    if ndim == 3:
        flat_only = [name for name, current in pairs if current in PROPERTIES and current not in COLUMN_TYPES]
        if flat_only:
            raise ValueError(f"properties: {flat_only} are defined for 2-D images only")
        not_3d = [name for name, current in pairs if current in _ONLY_2D]
        if not_3d:
            raise PropertyNotSupportedError(
                f"properties: {not_3d} are not implemented for 3D images (as in scikit-image)")
    return pairs


def _check_spacing(spacing, requested, catalogue):
    """The spacings scikit-image supports per property (it raises NotImplementedError)."""
    for given_name, current in requested:
        prop = catalogue.get(current)
        unit = current in ("moments_hu", "moments_weighted_hu") or (prop is not None and prop.spacing == "unit")
        isotropic = prop is not None and prop.spacing == "isotropic"
        if unit and np.any(spacing != 1):
            raise PropertyNotSupportedError(
                f"spacing: {given_name} supports unit spacing only (as in scikit-image), got {spacing.tolist()}")
        if isotropic and len(np.unique(spacing)) != 1:
            raise PropertyNotSupportedError(
                f"spacing: {given_name} needs equal spacing on all axes, got {spacing.tolist()}")
