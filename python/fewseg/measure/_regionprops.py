"""`regionprops_table`: scikit-image's region properties table, every label measured in
a few passes over the image in C++."""

import os
from dataclasses import dataclass

import numpy as np

from .. import _core
from .._validation import as_real_array
from . import _extra_properties as extra
from . import _skimage_properties as sk
from ._labels import as_label_image


@dataclass(frozen=True)
class _Property:
    compute: object            # (raw, ctx) -> array with one row per label
    groups: tuple = ()         # kernel measurements it needs beyond counts, boxes and moments
    intensity: bool = False    # needs intensity_image
    spacing: str = "any"       # "any", "isotropic" or "unit" spacing supported
    integer: bool = False      # int64 column (else float64)


# scikit-image's properties (2-D), with its spacing support.
_SKIMAGE = {
    "label": _Property(lambda raw, ctx: raw["label"].copy(), integer=True),
    "area": _Property(sk.area),
    "area_bbox": _Property(sk.area_bbox),
    "area_convex": _Property(sk.area_convex, ("convex",)),
    "axis_major_length": _Property(sk.axis_major_length),
    "axis_minor_length": _Property(sk.axis_minor_length),
    "bbox": _Property(sk.bbox, integer=True),
    "centroid": _Property(sk.centroid),
    "centroid_local": _Property(sk.centroid_local),
    "eccentricity": _Property(sk.eccentricity),
    "equivalent_diameter_area": _Property(sk.equivalent_diameter_area),
    "euler_number": _Property(sk.euler_number, ("quads",), integer=True),
    "extent": _Property(sk.extent),
    "feret_diameter_max": _Property(sk.feret_diameter_max, ("convex",)),
    "inertia_tensor": _Property(sk.inertia_tensor),
    "inertia_tensor_eigvals": _Property(sk.inertia_tensor_eigvals),
    "intensity_max": _Property(sk.intensity_max, ("intensity",), intensity=True),
    "intensity_mean": _Property(sk.intensity_mean, ("intensity",), intensity=True),
    "intensity_median": _Property(sk.intensity_median, ("median",), intensity=True),
    "intensity_min": _Property(sk.intensity_min, ("intensity",), intensity=True),
    "intensity_std": _Property(sk.intensity_std, ("intensity",), intensity=True),
    "moments_hu": _Property(sk.moments_hu, spacing="unit"),
    "num_pixels": _Property(sk.num_pixels, integer=True),
    "orientation": _Property(sk.orientation),
    "perimeter": _Property(sk.perimeter, ("perimeter",), spacing="isotropic"),
    "perimeter_crofton": _Property(sk.perimeter_crofton, ("quads",), spacing="isotropic"),
    "solidity": _Property(sk.solidity, ("convex",)),
}

# fewseg's additions: see _extra_properties for their definitions and sources.
_EXTRA = {
    "contour_area": _Property(extra.contour_area, ("seed",), spacing="isotropic"),
    "contour_length": _Property(extra.contour_length, ("seed",), spacing="isotropic"),
    "enclosing_radius": _Property(extra.enclosing_radius, ("seed",), spacing="isotropic"),
    "perimeter_ratio": _Property(extra.perimeter_ratio, ("seed",), spacing="isotropic"),
    "max_span": _Property(extra.max_span, ("seed",), spacing="isotropic"),
    "asymmetry": _Property(extra.asymmetry, ("asymmetry",), spacing="isotropic"),
    "compactness": _Property(extra.compactness, ("perimeter",), spacing="isotropic"),
    "fractal_dimension": _Property(extra.fractal_dimension, ("fractal",), spacing="isotropic"),
    "border_sharpness": _Property(extra.border_sharpness, ("sharpness",), intensity=True),
    "rgb_mean": _Property(extra.rgb_mean, ("colour",), intensity=True),
    "rgb_std": _Property(extra.rgb_std, ("colour",), intensity=True),
    "rgb_percentiles": _Property(extra.rgb_percentiles, ("colour",), intensity=True),
    "lab_mean": _Property(extra.lab_mean, ("colour",), intensity=True),
    "lab_std": _Property(extra.lab_std, ("colour",), intensity=True),
    "lab_percentiles": _Property(extra.lab_percentiles, ("colour",), intensity=True),
    "dermoscopic_colour_fractions": _Property(extra.dermoscopic_colour_fractions, ("colour",), intensity=True),
    "dermoscopic_colour_count": _Property(extra.dermoscopic_colour_count, ("colour",), intensity=True,
                                          integer=True),
}

PROPERTIES = {**_SKIMAGE, **_EXTRA}
_KERNEL_IMAGE_DTYPES = (np.uint8, np.uint16, np.float32, np.float64)
_PIXELS_PER_THREAD = 500_000  # below two of these, one thread


@dataclass(frozen=True)
class _Context:
    spacing: np.ndarray   # (row, col) pixel spacing
    pixel_area: float
    multichannel: bool    # intensity image has a channel axis


def regionprops_table(label_image, intensity_image=None, properties=("label", "bbox"), *, separator="-",
                      spacing=None):
    """Measure labelled regions and return a table (dict of columns), as
    ``skimage.measure.regionprops_table`` does.

    Same arguments, same column names, same values (to floating-point rounding) for the
    properties the two share; every label is measured together in a few passes over the
    image in C++ (no loop over labels or pixels in Python), with the GIL released.

    Parameters
    ----------
    label_image : (M, N) ndarray of int
        Labels; 0 is background. Labels need not be connected. bool and floating images
        are refused (label a mask first), as are negative labels.
    intensity_image : (M, N) or (M, N, C) ndarray, optional
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
        dermoscopic_colour_fractions, dermoscopic_colour_count.
    separator : str
        Joins a multi-valued property's name and index in column names.
    spacing : float or (2,) sequence of float, optional
        Pixel size along rows and columns, as in scikit-image: lengths and areas are
        scaled. As there, perimeter and perimeter_crofton need equal spacings and
        moments_hu unit spacing; fewseg's shape properties need equal spacings too.

    Returns
    -------
    table : dict of str to (L,) ndarray
        One row per label, in ascending label order; multi-valued properties are split
        into ``name-0``, ``name-1``, ... (``name-i-j`` for 2-D ones). Without labels the
        columns are empty, with the names and dtypes they would have.

    Raises
    ------
    TypeError
        For bool or floating label images, non-numeric images, a string as `properties`.
    ValueError
        For label images that are not 2-D, negative labels, an intensity image whose
        shape does not match, unknown properties, intensity properties without an
        intensity image, bad or unsupported spacing.

    Notes
    -----
    Differences from scikit-image: float32 intensity images are summed in double (their
    mean and std are more accurate than scikit-image's float32 ones); central moments are
    exact before their final rounding, so where scikit-image's sums leave rounding noise
    around zero (e.g. the minor axis of a straight line, ~1e-7) fewseg gives 0; unknown
    properties raise ValueError instead of AttributeError; deprecated property names,
    ``cache`` and ``extra_properties`` are not accepted; only 2-D images.

    Images of at least a megapixel are measured on up to ``os.cpu_count()`` threads
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
    labels = as_label_image(label_image)
    if not isinstance(separator, str):
        raise TypeError(f"separator: expected a str, got {separator!r}")
    names = _property_names(properties)
    chosen = [PROPERTIES[name] for name in names]
    spacing = _spacing(spacing, names, chosen)

    groups = set()
    for prop in chosen:
        groups.update(prop.groups)
    needs_intensity = [name for name, prop in zip(names, chosen) if prop.intensity]
    intensity = None
    if intensity_image is not None:
        intensity = _intensity_image(intensity_image, labels, groups)
    elif needs_intensity:
        raise ValueError(f"intensity_image: needed by {needs_intensity}, got None")
    if intensity is None:
        groups -= {"intensity", "median", "sharpness", "colour"}

    quantiles = [q / 100 for q in extra.COLOUR_PERCENTILES]
    raw = _core.region_measurements(
        labels, intensity, groups, (float(spacing[0]), float(spacing[1])), quantiles, _threads_for(labels.size)
    )
    ctx = _Context(
        spacing=spacing,
        pixel_area=float(np.prod(spacing)),
        multichannel=intensity is not None and intensity.ndim == 3,
    )
    table = {}
    for name, prop in zip(names, chosen):
        values = np.asarray(prop.compute(raw, ctx), dtype=np.int64 if prop.integer else np.float64)
        if values.ndim == 1:
            table[name] = values
            continue
        for index in np.ndindex(values.shape[1:]):
            table[separator.join(map(str, (name,) + index))] = np.ascontiguousarray(values[(slice(None),) + index])
    return table


def _threads_for(pixels):
    """Threads for the kernels: results do not depend on it (the work is always cut the
    same way); small images are not worth starting threads for. FEWSEG_NUM_THREADS caps it."""
    if pixels < _PIXELS_PER_THREAD:
        return 1
    available = os.cpu_count() or 1
    try:
        available = min(available, max(1, int(os.environ.get("FEWSEG_NUM_THREADS", available))))
    except ValueError:
        pass
    return int(min(available, pixels // _PIXELS_PER_THREAD, 8))


def _property_names(properties):
    if isinstance(properties, str):
        raise TypeError(f"properties: expected a sequence of property names, got the string {properties!r}")
    try:
        names = list(properties)
    except TypeError as exc:
        raise TypeError(f"properties: expected a sequence of property names, got {properties!r}") from exc
    unknown = [name for name in names if not isinstance(name, str) or name not in PROPERTIES]
    if unknown:
        raise ValueError(f"properties: unknown {unknown}; available: {sorted(PROPERTIES)}")
    return names


def _spacing(spacing, names, chosen):
    """(row, col) spacing as floats, checked against what each property supports."""
    if spacing is None:
        return np.ones(2)
    try:
        values = np.asarray(spacing, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise TypeError(f"spacing: expected a number or two numbers, got {spacing!r}") from exc
    if values.ndim == 0:
        values = np.full(2, float(values))
    if values.shape != (2,):
        raise ValueError(f"spacing: expected a scalar or 2 values (one per axis), got {spacing!r}")
    if not np.all(np.isfinite(values)) or np.any(values <= 0):
        raise ValueError(f"spacing: values must be finite and positive, got {spacing!r}")
    for name, prop in zip(names, chosen):
        if prop.spacing == "unit" and np.any(values != 1):
            raise ValueError(f"spacing: {name} supports unit spacing only (as in scikit-image), got {spacing!r}")
        if prop.spacing == "isotropic" and values[0] != values[1]:
            raise ValueError(f"spacing: {name} needs equal spacing on both axes, got {spacing!r}")
    return values


def _intensity_image(intensity_image, labels, groups):
    image = as_real_array(intensity_image, "intensity_image")
    if image.ndim not in (2, 3):
        raise ValueError(f"intensity_image: expected (M, N) or (M, N, C), got shape {image.shape}")
    if image.shape[:2] != labels.shape:
        raise ValueError(
            f"intensity_image: shape {image.shape} does not match label_image shape {labels.shape} "
            "(it may only add a channel axis)"
        )
    if image.ndim == 3 and image.shape[2] == 0:
        raise ValueError(f"intensity_image: has no channels (shape {image.shape})")
    if image.dtype.kind == "f" and image.size and not np.isfinite(image).all():
        raise ValueError("intensity_image: contains NaN or infinity")
    if image.dtype == bool:
        return image.view(np.uint8)
    if image.dtype in _KERNEL_IMAGE_DTYPES:
        return image
    is_rgb = image.ndim == 3 and image.shape[2] == 3
    if "colour" in groups or ("sharpness" in groups and is_rgb):
        raise TypeError(
            f"intensity_image: colour properties need uint8, uint16 or floating RGB in [0, 1], got {image.dtype}"
        )
    return image.astype(np.float64)
