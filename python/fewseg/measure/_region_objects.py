"""`regionprops`: scikit-image's region objects, whose common properties come from one
table measured for all labels at once (`_property_table.RegionTable`), computed the first
time any region asks for one of them."""

import inspect
import warnings

import numpy as np

from . import _region_definitions as definitions
from ._property_table import RegionTable, kernel_intensity_image
from ._region_inputs import (
    PropertyNotSupportedError,
    normalize_offset,
    normalize_spacing,
    region_intensity_image,
    region_label_image,
)
from ._region_names import DEPRECATED_NAMES, ITERATED_NAMES, NEEDS_INTENSITY

_MOMENTS_ORDER = 3


def required_arguments(func):
    """How many arguments `func` needs (scikit-image passes the mask, then the intensity)."""
    spec = inspect.getfullargspec(func)
    return len(spec.args) - len(spec.defaults or ())


def _needs_intensity(method):
    name = method.__name__

    def checked(self):
        if self._intensity_image is None:
            raise AttributeError(f"Attribute '{name}' unavailable when `intensity_image` has not been specified.")
        return method(self)

    checked.__name__ = name
    checked.__doc__ = method.__doc__
    return checked


def _only_2d(method):
    name = method.__name__

    def checked(self):
        if self._ndim > 2:
            raise PropertyNotSupportedError(f"Property {name} is not implemented for 3D images")
        return method(self)

    checked.__name__ = name
    checked.__doc__ = method.__doc__
    return checked


def _kept(method):
    """Per-region result kept in the region's `_cache` while caching is on."""
    name = method.__name__

    def cached(self):
        if not self._cache_active:
            return method(self)
        cache = self._cache
        if name not in cache:
            cache[name] = method(self)
        return cache[name]

    cached.__name__ = name
    cached.__doc__ = method.__doc__
    return cached


class RegionProperties:
    """One labelled region, with scikit-image's properties (see `fewseg.regionprops`).

    Made by `regionprops`, whose regions share one table of measurements; constructed
    directly (scikit-image's signature), a region measures itself on its own box.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg import regionprops
    >>> labels = np.zeros((6, 6), np.int32)
    >>> labels[1:3, 1:5] = 1
    >>> region = regionprops(labels)[0]
    >>> region.label, region.area, region["bbox"]
    (1, 8.0, (1, 1, 3, 5))
    """

    def __init__(self, slice, label, label_image, intensity_image, cache_active, *, extra_properties=None,
                 spacing=None, offset=None):
        label_image = np.asarray(label_image)
        intensity_image, multichannel = region_intensity_image(intensity_image, label_image.shape)
        ndim = label_image.ndim
        if extra_properties is not None:
            extra_properties = _extra_property_map(extra_properties, type(self))
        self.__dict__.update(_shared_state(label_image, intensity_image, multichannel, cache_active, extra_properties,
                                           normalize_spacing(spacing, ndim), normalize_offset(offset, ndim), None))
        self.__dict__.update(label=label, slice=slice, _slice=slice, _cache={}, _index=None, _own_table=None)

    @classmethod
    def _of_table(cls, shared, index, label, region_slice):
        """Region `index` of a shared table: `shared` is `_shared_state(...)`, checked once
        for all regions by `regionprops`."""
        region = cls.__new__(cls)
        object.__setattr__(region, "__dict__", {**shared, "label": label, "slice": region_slice,
                                                "_slice": region_slice, "_cache": {}, "_index": index,
                                                "_own_table": None})
        return region

    # -- plumbing ---------------------------------------------------------------------

    def _row(self, name):
        """Property `name` of this region from a table: the shared one while caching is
        on, else one measured now on the region's box (so a changed label image shows)."""
        if self._cache_active and self._table is not None:
            return self._table.rows(name)[self._index]
        if not self._cache_active:
            return self._box_table().column(name)[0]
        if self._own_table is None:
            object.__setattr__(self, "_own_table", self._box_table())
        return self._own_table.column(name)[0]

    def _box_table(self):
        intensity = None
        if self._intensity_image is not None:
            intensity = kernel_intensity_image(self._intensity_image[self.slice], set())
        return RegionTable(self.image.astype(np.int32), intensity, self._spacing)

    def _scalar(self, name):
        # Rows of one-column properties are numpy scalars; the shared table's, inline.
        if self._cache_active and self._table is not None:
            return self._table.rows(name)[self._index]
        return self._row(name)

    def _channels(self, name):
        row = self._row(name)
        return row.copy() if self._multichannel else row[()]

    def _check_isotropic(self, what):
        if not self._isotropic:
            raise PropertyNotSupportedError(f"`{what}` supports isotropic spacings only")

    def _check_unit_spacing(self):
        if not self._unit_spacing:
            raise PropertyNotSupportedError("`moments_hu` supports spacing = (1, 1) only")

    def __getattr__(self, attr):
        # Only reached when normal lookup fails (unknown names, properties raising
        # AttributeError). Private and special names never resolve here: pickle asks
        # for __setstate__ before the instance has any attribute.
        if attr.startswith("_"):
            raise AttributeError(f"'{type(self).__name__}' object has no attribute {attr!r}")
        if self._intensity_image is None and attr in NEEDS_INTENSITY:
            raise AttributeError(f"Attribute '{attr}' unavailable when `intensity_image` has not been specified.")
        if attr in self._extra_properties:
            return self._extra_property(attr)
        if attr in DEPRECATED_NAMES and attr.lower() == attr:
            current = DEPRECATED_NAMES[attr]
            if self._intensity_image is None and current in NEEDS_INTENSITY:
                raise AttributeError(f"Attribute '{attr}' unavailable when `intensity_image` has not been specified.")
            warnings.warn(
                f"`RegionProperties.{attr}` is deprecated starting in version 0.26 and will be removed in "
                f"version 2.0. Use `RegionProperties.{current}` instead. ",
                FutureWarning,
                stacklevel=2,
            )
            return getattr(self, current)
        return object.__getattribute__(self, attr)

    def __setattr__(self, name, value):
        object.__setattr__(self, DEPRECATED_NAMES.get(name, name), value)

    def _extra_property(self, name):
        func = self._extra_properties[name]
        arguments = required_arguments(func)
        if arguments == 2:
            if self._intensity_image is None:
                raise AttributeError(f"intensity image required to calculate {name}")
            if self._multichannel:
                intensity = self.image_intensity
                return np.stack([func(self.image, intensity[..., c]) for c in range(intensity.shape[-1])], axis=-1)
            return func(self.image, self.image_intensity)
        if arguments == 1:
            return func(self.image)
        raise AttributeError(
            f"Custom regionprop function's number of arguments must be 1 or 2, but {name} takes {arguments} arguments."
        )

    def __iter__(self):
        names = ITERATED_NAMES
        if self._intensity_image is None:
            names = names.difference(NEEDS_INTENSITY)
        return iter(sorted(names))

    def __getitem__(self, key):
        if key in DEPRECATED_NAMES:
            warnings.warn(
                f"`RegionProperties[{key!r}]` is deprecated starting in version 0.26 and will be removed in "
                f"version 2.0. Use `RegionProperties[{DEPRECATED_NAMES[key]!r}]` instead. ",
                FutureWarning,
                stacklevel=2,
            )
            key = DEPRECATED_NAMES[key]
        return getattr(self, key)

    def __eq__(self, other):
        if not isinstance(other, RegionProperties):
            return False
        for key in ITERATED_NAMES:
            try:
                np.testing.assert_equal(getattr(self, key, None), getattr(other, key, None))
            except AssertionError:
                return False
        return True

    __hash__ = None

    def __repr__(self):
        return f"<{type(self).__qualname__}: label={self.label!r}, bbox={self.bbox}>"

    # -- from the shared table ----------------------------------------------------------

    @property
    def area(self):
        return self._scalar("area")

    @property
    def area_bbox(self):
        return self._scalar("area_bbox")

    @property
    def num_pixels(self):
        return self._scalar("num_pixels")

    @property
    def bbox(self):
        if self.slice is self._slice and self._table is not None:
            return self._shared_rows("bbox", lambda: [tuple(box) for box in self._table.boxes.tolist()])
        return tuple([s.start for s in self.slice] + [s.stop for s in self.slice])

    @property
    def centroid(self):
        if self._table is None or not self._cache_active:
            return tuple(self.coords_scaled.mean(axis=0))
        return self._shared_rows(
            "centroid", lambda: [tuple(row) for row in self._table.column("centroid") + self._offset])

    def _shared_rows(self, name, make):
        """This region's item of `make()`, a list with one item per region that all regions
        of one `regionprops` call share (made once, by the first region asking)."""
        found = self._derived.get(name)
        if found is None:
            found = self._derived.setdefault(name, make())
        return found[self._index]

    @property
    def centroid_local(self):
        return self._row("centroid_local").copy()

    @property
    def inertia_tensor(self):
        return self._row("inertia_tensor").copy()

    @property
    def inertia_tensor_eigvals(self):
        return list(self._row("inertia_tensor_eigvals"))

    @property
    def axis_major_length(self):
        return self._scalar("axis_major_length")

    @property
    def axis_minor_length(self):
        return self._scalar("axis_minor_length")

    @property
    @_only_2d
    def eccentricity(self):
        return self._scalar("eccentricity")

    @property
    @_only_2d
    def orientation(self):
        return self._scalar("orientation")

    @property
    def equivalent_diameter_area(self):
        return self._scalar("equivalent_diameter_area")

    @property
    def extent(self):
        return self._scalar("extent")

    @property
    @_only_2d
    def perimeter(self):
        self._check_isotropic("perimeter")
        return self._scalar("perimeter")

    @property
    @_only_2d
    def perimeter_crofton(self):
        self._check_isotropic("perimeter")
        return self._scalar("perimeter_crofton")

    @property
    @_only_2d
    def moments_hu(self):
        self._check_unit_spacing()
        return self._row("moments_hu").copy()

    @property
    def euler_number(self):
        if self._ndim == 2:
            return self._scalar("euler_number")
        return definitions.euler_number_3d(self.image)

    @property
    def area_convex(self):
        if self._ndim == 2:
            return self._scalar("area_convex")
        return np.sum(self.image_convex) * self._pixel_area

    @property
    def solidity(self):
        return self.area / self.area_convex

    @property
    def feret_diameter_max(self):
        if self._ndim == 2:
            return self._scalar("feret_diameter_max")
        return definitions.feret_diameter_max_3d(self.image_convex, self._spacing)

    @property
    @_needs_intensity
    def intensity_max(self):
        return self._channels("intensity_max")

    @property
    @_needs_intensity
    def intensity_mean(self):
        return self._channels("intensity_mean")

    @property
    @_needs_intensity
    def intensity_median(self):
        return self._channels("intensity_median")

    @property
    @_needs_intensity
    def intensity_min(self):
        return self._channels("intensity_min")

    @property
    @_needs_intensity
    def intensity_std(self):
        return self._channels("intensity_std")

    # -- region by region, scikit-image's definitions ---------------------------------

    @property
    @_kept
    def image(self):
        return self._label_image[self.slice] == self.label

    @property
    @_kept
    def image_convex(self):
        return definitions.convex_hull_image(self.image)

    @property
    @_kept
    def image_filled(self):
        return definitions.filled_image(self.image)

    @property
    def area_filled(self):
        return np.sum(self.image_filled) * self._pixel_area

    @property
    @_needs_intensity
    @_kept
    def image_intensity(self):
        mask = self.image if not self._multichannel else self.image[..., np.newaxis]
        return self._intensity_image[self.slice] * mask

    @property
    def coords(self):
        starts = np.array([s.start for s in self.slice])
        return starts + np.argwhere(self.image) + self._offset

    @property
    def coords_scaled(self):
        starts = np.array([s.start for s in self.slice])
        return (starts + np.argwhere(self.image)) * self._spacing + self._offset

    @property
    @_kept
    def moments(self):
        return definitions.moments_raw(self.image.astype(np.uint8), _MOMENTS_ORDER, self._spacing)

    @property
    @_kept
    def moments_central(self):
        return definitions.moments_central(self.image.astype(np.uint8), self.centroid_local, _MOMENTS_ORDER,
                                           self._spacing)

    @property
    @_kept
    def moments_normalized(self):
        return definitions.moments_normalized(self.moments_central, _MOMENTS_ORDER, self._spacing)

    def _intensity_double(self):
        return self.image_intensity.astype(np.float64, copy=False)

    def _per_channel(self, compute, image):
        if self._multichannel:
            return np.stack([compute(image[..., c], c) for c in range(image.shape[-1])], axis=-1)
        return compute(image, None)

    @property
    @_needs_intensity
    @_kept
    def moments_weighted(self):
        return self._per_channel(lambda im, c: definitions.moments_raw(im, _MOMENTS_ORDER, self._spacing),
                                 self._intensity_double())

    @property
    @_needs_intensity
    def centroid_weighted_local(self):
        m = self.moments_weighted
        m0 = m[(0,) * self._ndim]
        unit = [(0,) * axis + (1,) + (0,) * (self._ndim - 1 - axis) for axis in range(self._ndim)]
        return np.asarray(tuple(m[index] / m0 for index in unit))

    @property
    @_needs_intensity
    def centroid_weighted(self):
        local = self.centroid_weighted_local
        return tuple(value + s.start * step for value, s, step in zip(local, self.slice, self._spacing))

    @property
    @_needs_intensity
    @_kept
    def moments_weighted_central(self):
        center = self.centroid_weighted_local

        def central(image, channel):
            at = center if channel is None else center[..., channel]
            return definitions.moments_central(image, at, _MOMENTS_ORDER, self._spacing)

        return self._per_channel(central, self._intensity_double())

    @property
    @_needs_intensity
    @_kept
    def moments_weighted_normalized(self):
        mu = self.moments_weighted_central
        normalise = lambda m: definitions.moments_normalized(m, _MOMENTS_ORDER, self._spacing)  # noqa: E731
        if self._multichannel:
            return np.stack([normalise(mu[..., c]) for c in range(mu.shape[-1])], axis=-1)
        return normalise(mu)

    @property
    def moments_weighted_hu(self):
        if self._ndim > 2:
            raise PropertyNotSupportedError("Property moments_weighted_hu is not implemented for 3D images")
        self._check_unit_spacing()
        if self._intensity_image is None:
            raise AttributeError(
                "Attribute 'moments_weighted_hu' unavailable when `intensity_image` has not been specified."
            )
        nu = self.moments_weighted_normalized
        if self._multichannel:
            return np.stack([definitions.moments_hu(nu[..., c]) for c in range(nu.shape[-1])], axis=-1)
        return definitions.moments_hu(nu)


def _shared_state(label_image, intensity_image, multichannel, cache_active, extra_properties, spacing, offset,
                  table):
    """The attributes every region of one label image has in common."""
    ndim = label_image.ndim
    return {
        "_label_image": label_image,
        "_intensity_image": intensity_image,
        "_cache_active": cache_active,
        "_ndim": ndim,
        "_multichannel": multichannel,
        "_spatial_axes": tuple(range(ndim)),
        "_spacing": spacing,
        "_pixel_area": np.prod(spacing),
        "_isotropic": bool(np.all(spacing == spacing[0])),
        "_unit_spacing": bool(np.all(spacing == 1.0)),
        "_offset": offset,
        "_extra_properties": extra_properties or {},
        "_table": table,
        "_derived": {},  # per-region lists shared by all regions (see _shared_rows)
    }


def _extra_property_map(functions, cls=RegionProperties):
    """name -> function; a name hidden by a built-in property is warned about, as in
    scikit-image (the built-in wins)."""
    found = {}
    for func in functions:
        name = func.__name__
        if hasattr(cls, name) or name in ("label", "slice") or name in DEPRECATED_NAMES:
            warnings.warn(
                f"Extra property '{name}' is shadowed by existing property and will be inaccessible. "
                "Consider renaming it.",
                stacklevel=3,
            )
        found[name] = func
    return found


def regionprops(label_image, intensity_image=None, cache=True, *, extra_properties=None, spacing=None,
                offset=None):
    r"""Measure properties of labelled image regions, as ``skimage.measure.regionprops``.

    Returns one region object per label with scikit-image's properties, names and values.
    The common properties (area, centroid, bbox, perimeter, eccentricity, intensity
    statistics, ...) are measured for every label at once the first time any region asks
    for one (C++ kernels for 2-D images, one pass per group of measurements, the GIL
    released; vectorised numpy sums for 3-D) and shared by all regions; the rest follow
    scikit-image's definitions region by region, on the region's box.

    Parameters
    ----------
    label_image : (M, N[, P]) ndarray of int
        Label image; 0 is background. bool and floating images are refused (label them).
    intensity_image : (M, N[, P][, C]) ndarray, optional
        Same shape as `label_image`, plus optionally a last channel axis. NaN and infinity
        are refused.
    cache : bool, optional
        Keep computed properties. Without caching, every access measures the region
        again from the current label image, on its box.
    extra_properties : iterable of callables
        Further properties, named after the function: ``f(region_mask)`` or
        ``f(region_mask, region_intensity)`` (called per channel for multichannel images).
    spacing : float or (ndim,) sequence of float, optional
        Pixel size per axis.
    offset : (ndim,) sequence of int, optional
        Coordinates of the label image's origin, added to ``coords``, ``coords_scaled``
        and ``centroid``.

    Returns
    -------
    regions : list of RegionProperties
        One per label, in ascending label order.

    Raises
    ------
    TypeError
        For label images that are not 2-D or 3-D, bool or floating label images, bad
        spacing elements.
    ValueError
        For an intensity image whose shape does not match, bad spacing or offset, negative
        labels, NaN in the intensity image.

    Notes
    -----
    The following properties can be accessed as attributes or keys:

    **area** : float
        Number of pixels of the region scaled by the pixel area.
    **area_bbox** : float
        Number of pixels of the bounding box scaled by the pixel area.
    **area_convex** : float
        Number of pixels of the convex hull image scaled by the pixel area.
    **area_filled** : float
        Area of the region with its holes filled.
    **axis_major_length** : float
        Length of the major axis of the ellipse (ellipsoid) with the region's second
        central moments.
    **axis_minor_length** : float
        Length of its minor axis.
    **bbox** : tuple
        ``(min_row, min_col, max_row, max_col)``, half-open.
    **centroid** : array
        Centroid coordinates, scaled by spacing, plus the offset.
    **centroid_local** : array
        Centroid relative to the bounding box.
    **centroid_weighted** : array
        Intensity-weighted centroid.
    **centroid_weighted_local** : array
        Intensity-weighted centroid relative to the bounding box.
    **coords_scaled** : (K, ndim) ndarray
        Pixel coordinates scaled by spacing, plus the offset.
    **coords** : (K, ndim) ndarray
        Pixel coordinates plus the offset.
    **eccentricity** : float
        Eccentricity of the ellipse with the region's second moments (2-D).
    **equivalent_diameter_area** : float
        Diameter of the circle (sphere) with the region's area (volume).
    **euler_number** : int
        Euler characteristic (8-connectivity in 2-D, 26 in 3-D).
    **extent** : float
        Area over bounding box area.
    **feret_diameter_max** : float
        Largest distance between points of the convex hull image's contour at level 0.5.
    **image** : (H, J) ndarray
        The region's mask on its bounding box.
    **image_convex** : (H, J) ndarray
        Its convex hull image.
    **image_filled** : (H, J) ndarray
        Its mask with holes filled.
    **image_intensity** : (H, J) ndarray
        The intensity image on the bounding box, zero outside the region.
    **inertia_tensor** : ndarray
        Inertia tensor for rotation about the centroid.
    **inertia_tensor_eigvals** : tuple
        Its eigenvalues, decreasing.
    **intensity_max** : float
        Largest intensity in the region.
    **intensity_mean** : float
        Mean intensity.
    **intensity_median** : float
        Median intensity.
    **intensity_min** : float
        Smallest intensity.
    **intensity_std** : float
        Standard deviation of the intensities (population).
    **label** : int
        The region's label.
    **moments** : (3, 3) ndarray
        Spatial moments up to order 3 on the bounding box.
    **moments_central** : (3, 3) ndarray
        Central moments up to order 3.
    **moments_hu** : tuple
        Hu's invariants (2-D, unit spacing).
    **moments_normalized** : (3, 3) ndarray
        Normalised central moments.
    **moments_weighted** : (3, 3) ndarray
        Intensity-weighted spatial moments.
    **moments_weighted_central** : (3, 3) ndarray
        Intensity-weighted central moments.
    **moments_weighted_hu** : tuple
        Hu's invariants of the weighted moments.
    **moments_weighted_normalized** : (3, 3) ndarray
        Normalised weighted central moments.
    **num_pixels** : int
        Number of pixels.
    **orientation** : float
        Angle between the rows axis and the major axis, in [-pi/2, pi/2] (2-D).
    **perimeter** : float
        Perimeter through the centres of border pixels, 4-connectivity (2-D).
    **perimeter_crofton** : float
        Crofton perimeter in 4 directions (2-D).
    **slice** : tuple of slices
        Extracts the region's box from the image.
    **solidity** : float
        Area over convex area.

    Differences from scikit-image are listed in docs/differences_from_skimage.md.

    Examples
    --------
    >>> import numpy as np
    >>> import fewseg
    >>> labels = np.zeros((6, 6), np.int32)
    >>> labels[1:4, 1:3] = 1
    >>> labels[4:6, 3:6] = 2
    >>> [(region.label, float(region.area), region.bbox) for region in fewseg.regionprops(labels)]
    [(1, 6.0, (1, 1, 4, 3)), (2, 6.0, (4, 3, 6, 6))]
    """
    given, labels = region_label_image(label_image)
    ndim = given.ndim
    intensity, multichannel = region_intensity_image(intensity_image, given.shape)
    spacing = normalize_spacing(spacing, ndim)
    offset = normalize_offset(offset, ndim)
    table = RegionTable(labels, None if intensity is None else kernel_intensity_image(intensity, set()), spacing)
    extra = _extra_property_map(extra_properties) if extra_properties is not None else {}
    return regions_of(table, _shared_state(given, intensity, multichannel, cache, extra, spacing, offset, table))


def regions_of(table, shared):
    """One region object per row of `table`, sharing it."""
    ndim = table.ndim
    make = RegionProperties._of_table
    if ndim == 2:
        return [make(shared, index, label, (slice(r0, r1), slice(c0, c1)))
                for index, (label, (r0, c0, r1, c1)) in enumerate(zip(table.labels.tolist(), table.boxes.tolist()))]
    return [make(shared, index, label, tuple(slice(box[axis], box[axis + ndim]) for axis in range(ndim)))
            for index, (label, box) in enumerate(zip(table.labels.tolist(), table.boxes.tolist()))]
