"""The catalogue of the properties computed for every label at once, and `RegionTable`,
the measurements of one label image that `regionprops_table` and the region objects of
`regionprops` share: the kernels run once per group of measurements, for all labels, the
first time a property needs that group."""

import os
import threading
from dataclasses import dataclass

import numpy as np

from .. import _core
from . import _extra_properties as extra
from . import _skimage_properties as sk
from . import _volume_properties as vol
from ._measurement_groups import GROUPS as G
from ._measurement_groups import INTENSITY_GROUPS

@dataclass(frozen=True)
class _Property:
    compute: object            # (raw, ctx) -> array with one row per label
    groups: tuple = ()         # kernel measurements it needs beyond counts, boxes and moments
    intensity: bool = False    # needs intensity_image
    spacing: str = "any"       # "any", "isotropic" or "unit" spacing supported
    integer: bool = False      # int64 column (else float64)


# Measured alike in 2-D and 3-D: the label, and the intensity statistics over each region's
# pixels (whatever the dimension).
_LABEL = _Property(lambda raw, ctx: raw["label"].copy(), integer=True)
_INTENSITY = {
    "intensity_max": _Property(sk.intensity_max, (G.intensity,), intensity=True),
    "intensity_mean": _Property(sk.intensity_mean, (G.intensity,), intensity=True),
    "intensity_median": _Property(sk.intensity_median, (G.median,), intensity=True),
    "intensity_min": _Property(sk.intensity_min, (G.intensity,), intensity=True),
    "intensity_std": _Property(sk.intensity_std, (G.intensity,), intensity=True),
}

# scikit-image's properties of 2-D images, with its spacing support.
_SKIMAGE = {
    "label": _LABEL,
    "area": _Property(sk.area),
    "area_bbox": _Property(sk.area_bbox),
    "area_convex": _Property(sk.area_convex, (G.convex,)),
    "axis_major_length": _Property(sk.axis_major_length),
    "axis_minor_length": _Property(sk.axis_minor_length),
    "bbox": _Property(sk.bbox, integer=True),
    "centroid": _Property(sk.centroid),
    "centroid_local": _Property(sk.centroid_local),
    "eccentricity": _Property(sk.eccentricity),
    "equivalent_diameter_area": _Property(sk.equivalent_diameter_area),
    "euler_number": _Property(sk.euler_number, (G.quads,), integer=True),
    "extent": _Property(sk.extent),
    "feret_diameter_max": _Property(sk.feret_diameter_max, (G.convex,)),
    "inertia_tensor": _Property(sk.inertia_tensor),
    "inertia_tensor_eigvals": _Property(sk.inertia_tensor_eigvals),
    **_INTENSITY,
    "moments_hu": _Property(sk.moments_hu, spacing="unit"),
    "num_pixels": _Property(sk.num_pixels, integer=True),
    "orientation": _Property(sk.orientation),
    "perimeter": _Property(sk.perimeter, (G.perimeter,), spacing="isotropic"),
    "perimeter_crofton": _Property(sk.perimeter_crofton, (G.quads,), spacing="isotropic"),
    "solidity": _Property(sk.solidity, (G.convex,)),
}

# fewseg's additions: see _extra_properties for their definitions and sources.
_EXTRA = {
    "contour_area": _Property(extra.contour_area, (G.seed,), spacing="isotropic"),
    "contour_length": _Property(extra.contour_length, (G.seed,), spacing="isotropic"),
    "enclosing_radius": _Property(extra.enclosing_radius, (G.seed,), spacing="isotropic"),
    "perimeter_ratio": _Property(extra.perimeter_ratio, (G.seed,), spacing="isotropic"),
    "max_span": _Property(extra.max_span, (G.seed,), spacing="isotropic"),
    "asymmetry": _Property(extra.asymmetry, (G.asymmetry,), spacing="isotropic"),
    "compactness": _Property(extra.compactness, (G.perimeter,), spacing="isotropic"),
    "fractal_dimension": _Property(extra.fractal_dimension, (G.fractal,), spacing="isotropic"),
    "border_sharpness": _Property(extra.border_sharpness, (G.sharpness,), intensity=True),
    "rgb_mean": _Property(extra.rgb_mean, (G.colour,), intensity=True),
    "rgb_std": _Property(extra.rgb_std, (G.colour,), intensity=True),
    "rgb_percentiles": _Property(extra.rgb_percentiles, (G.colour,), intensity=True),
    "lab_mean": _Property(extra.lab_mean, (G.colour,), intensity=True),
    "lab_std": _Property(extra.lab_std, (G.colour,), intensity=True),
    "lab_percentiles": _Property(extra.lab_percentiles, (G.colour,), intensity=True),
    "dermoscopic_colour_fractions": _Property(extra.dermoscopic_colour_fractions, (G.colour,), intensity=True),
    "dermoscopic_colour_count": _Property(extra.dermoscopic_colour_count, (G.colour,), intensity=True,
                                          integer=True),
}

PROPERTIES = {**_SKIMAGE, **_EXTRA}

# scikit-image's properties of 3-D images that come from sums over voxels.
VOLUME_PROPERTIES = {
    "label": _LABEL,
    "area": _Property(sk.area),
    "area_bbox": _Property(vol.area_bbox),
    "axis_major_length": _Property(vol.axis_major_length),
    "axis_minor_length": _Property(vol.axis_minor_length),
    "bbox": _Property(sk.bbox, integer=True),
    "centroid": _Property(vol.centroid),
    "centroid_local": _Property(vol.centroid_local),
    "equivalent_diameter_area": _Property(vol.equivalent_diameter_area),
    "extent": _Property(vol.extent),
    "inertia_tensor": _Property(vol.inertia_tensor),
    "inertia_tensor_eigvals": _Property(vol.inertia_tensor_eigvals),
    **_INTENSITY,
    "num_pixels": _Property(sk.num_pixels, integer=True),
}

_KERNEL_IMAGE_DTYPES = (np.uint8, np.uint16, np.float32, np.float64)
_PIXELS_PER_THREAD = 500_000  # below two of these, one thread


@dataclass(frozen=True)
class _Context:
    spacing: np.ndarray   # pixel spacing per axis
    pixel_area: float
    multichannel: bool    # intensity image has a channel axis



def threads_for(pixels):
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



def kernel_intensity_image(image, groups):
    """The checked intensity image (see `_region_inputs.region_intensity_image`) in a dtype
    the kernels take: compiled dtypes pass through uncopied, bool is viewed as uint8, other
    real dtypes become float64. NaN and infinity are refused (the kernels' min and max would
    not follow numpy's)."""
    if image.dtype.kind == "f" and image.size and not np.isfinite(image).all():
        raise ValueError("intensity_image: contains NaN or infinity")
    if image.dtype == bool:
        return image.view(np.uint8)
    if image.dtype in _KERNEL_IMAGE_DTYPES:
        return image
    is_rgb = image.ndim == 3 and image.shape[2] == 3
    if G.colour in groups or (G.sharpness in groups and is_rgb):
        raise TypeError(
            f"intensity_image: colour properties need uint8, uint16 or floating RGB in [0, 1], got {image.dtype}"
        )
    return image.astype(np.float64)


# Measured with the first property that needs any group: these are cheap next to the pass
# over the image they share, and the usual loops read them together.
_FIRST_GROUPS = {G.perimeter, G.intensity}


class RegionTable:
    """Measurements of every label of one label image, shared by its region objects.

    The first call needing a group of measurements (see `_Property.groups`) runs the
    kernels once for all labels; columns (one row per label, ascending) are computed once
    and kept. Safe to read from several threads.

    Parameters
    ----------
    labels : (M, N) or (P, M, N) int32 or int64 ndarray
        Checked labels (`_labels.as_label_image`).
    intensity : ndarray or None
        Checked intensity image (`kernel_intensity_image`), maybe with a channel axis.
    spacing : (ndim,) float ndarray
    groups : set of str
        Groups to measure now, with the labels, counts, boxes and moments that every
        measurement brings (one pass over the image).
    """

    def __init__(self, labels, intensity, spacing, groups=frozenset()):
        self.ndim = labels.ndim
        self._labels = labels
        self._intensity = intensity
        self._spacing = spacing
        self._ctx = _Context(
            spacing=spacing,
            pixel_area=float(np.prod(spacing)),
            multichannel=intensity is not None and intensity.ndim == labels.ndim + 1,
        )
        self._raw = {}
        self._measured = None  # groups measured so far; None before the first measurement
        self._columns = {}
        self._rows = {}
        # 2-D: the kernels' dense labels and moments, kept after the first measurement so
        # that later groups skip that pass (_core.RegionPass; not pickled, a copy measures
        # later groups from the start again).
        self._pass = None
        self._lock = threading.RLock()
        self._measure(set(groups))

    def __getstate__(self):
        state = self.__dict__.copy()
        del state["_lock"]
        state["_pass"] = None
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        self._lock = threading.RLock()

    def __len__(self):
        return len(self._raw["label"])

    @property
    def catalogue(self):
        return PROPERTIES if self.ndim == 2 else VOLUME_PROPERTIES

    @property
    def labels(self):
        return self._raw["label"]

    @property
    def boxes(self):
        return self._raw["bbox"]

    def column(self, name):
        """Property `name` of every label (rows in ascending label order), computed once."""
        found = self._columns.get(name)
        if found is not None:
            return found
        with self._lock:
            if name not in self._columns:
                prop = self.catalogue[name]
                missing = set(prop.groups) - self._measured
                if missing:
                    self._measure(missing | (_FIRST_GROUPS if self._measured == set() else set()))
                values = np.asarray(prop.compute(self._raw, self._ctx), dtype=np.int64 if prop.integer else np.float64)
                values.flags.writeable = False
                self._columns[name] = values
            return self._columns[name]

    def rows(self, name):
        """Property `name` of every label as a list (numpy scalars, or read-only row views),
        made once: a region object reads its own item from a list faster than from the
        array, with the same value and type as `column(name)[i]`."""
        found = self._rows.get(name)
        if found is None:
            found = self._rows.setdefault(name, list(self.column(name)))
        return found

    def _measure(self, groups):
        if self._intensity is None:
            groups = groups - INTENSITY_GROUPS
        if self.ndim == 2:
            quantiles = [q / 100 for q in extra.COLOUR_PERCENTILES] if G.colour in groups else []
            if self._pass is not None:
                raw = self._pass.measure(groups, quantiles)
            else:
                args = (self._labels, self._intensity, groups, (float(self._spacing[0]), float(self._spacing[1])),
                        quantiles, threads_for(self._labels.size))
                if self._measured is None:
                    raw, self._pass = _core.region_pass(*args)
                else:
                    raw = _core.region_measurements(*args)
        else:
            raw = vol.measure_volume(self._labels, self._intensity, groups)
        if self._measured is None:
            self._raw = dict(raw)
            self._measured = set()
        else:
            # Base measurements, when a call brings them again, are identical: keep the first.
            for key, values in raw.items():
                self._raw.setdefault(key, values)
        self._measured |= set(groups) | ({G.median} if self.ndim == 3 and G.intensity in groups else set())
