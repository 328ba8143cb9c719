"""Random-input fuzzing of every fewseg._core entry point and public function.

    python tests/fuzz_inputs.py --iterations 100000 [--seed 0]

Each call gets arrays of random shape (each axis 0 to 64), dtype (supported and not),
memory order and strides (Fortran, slices, negative steps), with NaN, infinities and
extreme values; arguments are sometimes nonsense. A call may succeed or raise ValueError
or TypeError; anything else is reported, and a crash kills the run. tests/test_fuzz.py runs
a short version of this in the test suite.
"""

import argparse
import sys
import warnings

import numpy as np

import fewseg
from fewseg import _core

DTYPES = [
    np.uint8, np.uint16, np.float32, np.float64,  # compiled
    np.int8, np.int16, np.int32, np.int64, np.uint32, np.uint64, np.float16, bool,  # converted
    np.complex64, object, "U1",  # rejected
]
MAX_ELEMENTS = 4096


def random_shape(rng, ndim=None):
    ndim = int(rng.integers(0, 5)) if ndim is None else ndim
    shape = [int(rng.integers(0, 65)) for _ in range(ndim)]
    while int(np.prod(shape)) > MAX_ELEMENTS:
        k = int(rng.integers(0, ndim))
        shape[k] = shape[k] // 2
    return tuple(shape)


def random_values(rng, shape, dtype):
    dtype = np.dtype(dtype)
    if dtype.kind == "O":
        return np.full(shape, None, dtype=object)
    if dtype.kind == "U":
        return np.full(shape, "a")
    if dtype.kind == "b":
        return rng.random(shape) < 0.5
    if dtype.kind in "iu":
        info = np.iinfo(dtype)
        values = rng.integers(0, 4, shape).astype(dtype)
        if values.size and rng.random() < 0.3:
            values.flat[rng.integers(0, values.size, 3)] = rng.choice([info.min, info.max])
        return values
    values = (rng.standard_normal(shape) * 10.0 ** rng.integers(-3, 4)).astype(dtype)
    if values.size and rng.random() < 0.3:
        specials = [np.nan, np.inf, -np.inf, 0.0, -0.0, np.finfo(dtype).max, np.finfo(dtype).tiny]
        values.flat[rng.integers(0, values.size, 3)] = rng.choice(specials)
    return values


def random_layout(rng, array):
    """The same values in a random memory layout."""
    array = np.asarray(array)
    choice = int(rng.integers(0, 5))
    if choice == 1 and array.ndim >= 2:
        return np.asfortranarray(array)
    if choice == 2 and array.ndim >= 1:
        big = np.repeat(array, 2, axis=-1)
        return big[..., ::2]
    if choice == 3 and array.ndim >= 1:
        return np.flip(np.flip(array).copy())
    if choice == 4:
        array = array.copy()
        array.flags.writeable = False
    return array


def random_array(rng, shape=None, dtype=None):
    shape = random_shape(rng) if shape is None else shape
    if dtype is None:  # mostly the compiled dtypes, which reach the kernels
        dtype = DTYPES[int(rng.integers(0, 4))] if rng.random() < 0.7 else DTYPES[int(rng.integers(0, len(DTYPES)))]
    return random_layout(rng, random_values(rng, shape, dtype))


def nonsense(rng):
    return [None, -1, 0, 1.5, np.nan, "x", [1, 2], np.zeros((2, 2)), 10**30][int(rng.integers(0, 9))]


def fuzz_watershed(rng):
    shape = random_shape(rng, ndim=int(rng.choice([1, 1, 2, 2, 2, 3, 3, 4, 4, 5])))
    image = random_array(rng, shape)
    if rng.random() < 0.15:
        markers = nonsense(rng)
    elif rng.random() < 0.2:
        markers = int(rng.integers(0, 10))
    else:
        markers = random_array(rng, shape if rng.random() < 0.9 else None,
                               rng.choice([np.int32, np.int64, np.uint8, np.int16, np.float32, bool]))
    kwargs = {}
    if rng.random() < 0.4:
        kwargs["mask"] = random_array(rng, shape if rng.random() < 0.9 else None, bool)
    if rng.random() < 0.4:
        kwargs["connectivity"] = rng.choice([0, 1, 2, 3, 4, -1]) if rng.random() < 0.7 else random_array(
            rng, tuple(int(rng.integers(1, 4)) for _ in range(len(shape))), bool)
    if rng.random() < 0.2:
        kwargs["offset"] = tuple(int(o) for o in rng.integers(-1, 3, len(shape)))
    if rng.random() < 0.2:
        kwargs["compactness"] = float(rng.choice([0.0, 0.5, 0.5, 3.0, -1.0, np.inf, np.nan]))
    if rng.random() < 0.3:
        kwargs["watershed_line"] = True
    if rng.random() < 0.3:
        kwargs["tie_break"] = rng.choice(["skimage", "raster", "raster", "other"])
    return fewseg.watershed, (image, markers), kwargs


def fuzz_core_watershed(rng):
    """The private kernel with arguments the Python layer would never pass."""
    ndim = int(rng.choice([0, 1, 2, 2, 3, 3, 4, 5]))
    shape = random_shape(rng, ndim=ndim)
    image = random_array(rng, shape, rng.choice([np.uint8, np.uint16, np.float32, np.float64, np.float64, np.int32]))
    markers = random_array(rng, shape if rng.random() < 0.9 else None,
                           rng.choice([np.int32, np.int64, np.int32, np.int64, np.int16]))
    mask = None if rng.random() < 0.5 else random_array(rng, shape if rng.random() < 0.9 else None,
                                                        rng.choice([bool, np.uint8, bool, np.uint8, np.float32]))
    pad = [int(p) for p in rng.integers(-1 if rng.random() < 0.1 else 0, 3,
                                        ndim if rng.random() < 0.9 else int(rng.integers(0, 4)))]
    if rng.random() < 0.05:
        pad = [2**62] * len(shape)
    neighbours = [int(o) for o in rng.integers(-200, 200, int(rng.integers(0, 9)))]
    if rng.random() < 0.05:
        neighbours.append(2**62)
    args = (image, markers, mask, pad, neighbours, float(rng.choice([0.0, 1.0])), bool(rng.random() < 0.3),
            bool(rng.random() < 0.5))
    return _core.watershed, args, {}


def random_labels(rng, shape=None):
    """Mostly small non-negative int labels, sometimes another dtype or a negative label."""
    shape = random_shape(rng, ndim=int(rng.choice([0, 1, 2, 2, 2, 2, 2, 3]))) if shape is None else shape
    dtype = rng.choice([np.int32, np.int64, np.int32, np.int64, np.uint8, np.uint16, np.float64, bool])
    labels = random_values(rng, shape, np.int64)
    labels = np.where(rng.random(shape) < 0.3, 0, labels % 7)
    if labels.size and rng.random() < 0.05:
        labels.flat[0] = -3
    return random_layout(rng, labels.astype(dtype))


PROPERTY_NAMES = [
    "label", "area", "bbox", "centroid", "perimeter", "perimeter_crofton", "eccentricity", "orientation",
    "axis_major_length", "axis_minor_length", "equivalent_diameter_area", "extent", "euler_number", "solidity",
    "feret_diameter_max", "moments_hu", "intensity_mean", "intensity_min", "intensity_max", "intensity_std",
    "contour_area", "enclosing_radius", "perimeter_ratio", "max_span", "asymmetry", "compactness",
    "fractal_dimension", "border_sharpness", "rgb_mean", "lab_percentiles", "dermoscopic_colour_count",
    "no_such_property",
]


def fuzz_regionprops_table(rng):
    labels = random_labels(rng)
    intensity = None
    if rng.random() < 0.5:
        shape = labels.shape if rng.random() < 0.9 else random_shape(rng, ndim=2)
        if rng.random() < 0.5:
            shape = shape + (int(rng.choice([1, 3, 4])),)
        intensity = random_array(rng, shape)
    count = int(rng.integers(0, 6))
    properties = list(rng.choice(PROPERTY_NAMES, count)) if count else []
    kwargs = {}
    if rng.random() < 0.2:
        kwargs["spacing"] = tuple(float(v) for v in rng.choice([0.5, 1.0, 2.0, -1.0, 0.0], 2))
    return fewseg.regionprops_table, (labels, intensity, properties), kwargs


def fuzz_regionprops(rng):
    """Region objects of random 2-D and 3-D labels (and others, refused), every property
    of every region read: the shared table's bulk path and the per-region definitions."""
    labels = random_labels(rng, random_shape(rng, ndim=int(rng.choice([1, 2, 2, 3, 3, 4]))))
    intensity = None
    if rng.random() < 0.5 and labels.ndim:
        shape = labels.shape if rng.random() < 0.9 else random_shape(rng, ndim=labels.ndim)
        if rng.random() < 0.3:
            shape = shape + (int(rng.choice([1, 3])),)
        intensity = random_array(rng, shape)
    kwargs = {"cache": bool(rng.random() < 0.8)}
    if rng.random() < 0.2:
        steps = rng.choice([0.5, 1.0, 2.0, -1.0, 0.0], max(labels.ndim, 1))
        kwargs["spacing"] = tuple(float(v) for v in steps)
    if rng.random() < 0.1:
        kwargs["offset"] = nonsense(rng)
    return read_every_property, (labels, intensity), kwargs


def read_every_property(labels, intensity, **kwargs):
    """Every property of every region; AttributeError (no intensity image, an alias
    that is not an attribute) is the documented answer and not reported."""
    from fewseg.measure._region_names import COLUMN_TYPES

    for region in fewseg.regionprops(labels, intensity, **kwargs):
        for name in COLUMN_TYPES:
            try:
                getattr(region, name)
            except AttributeError:
                pass


def fuzz_trace_contours(rng):
    image = random_array(rng, random_shape(rng, ndim=int(rng.choice([1, 2, 2, 2, 3]))))
    mode = rng.choice(["external", "list", "ccomp", "tree", "other"])
    approx = rng.choice(["none", "simple", "other"])
    return fewseg.trace_contours, (image,), {"mode": mode, "approx": approx}


def fuzz_find_contours(rng):
    shape = random_shape(rng, ndim=int(rng.choice([1, 2, 2, 2, 2, 3])))
    image = random_array(rng, shape)
    kwargs = {}
    if rng.random() < 0.3:
        kwargs["mask"] = random_array(rng, shape if rng.random() < 0.9 else None,
                                      bool if rng.random() < 0.9 else None)
    if rng.random() < 0.3:
        kwargs["fully_connected"] = rng.choice(["low", "high", "other"])
    if rng.random() < 0.3:
        kwargs["positive_orientation"] = rng.choice(["low", "high", "other"])
    args = (image,)
    if rng.random() < 0.7:
        level = float(rng.choice([0.0, 0.5, 1.0, 2.0, -1.0, np.inf, -np.inf, np.nan]))
        if image.size and rng.random() < 0.5:  # ties: the level at a pixel's value
            level = image.flat[int(rng.integers(0, image.size))]
        args = (image, level if rng.random() < 0.9 else nonsense(rng))
    return fewseg.find_contours, args, kwargs


def fuzz_core_marching_squares(rng):
    shape = random_shape(rng, ndim=int(rng.choice([0, 1, 2, 2, 2, 3])))
    image = random_array(rng, shape, rng.choice([np.uint8, np.uint16, np.float32, np.float64, np.int8, bool]))
    mask = None
    if rng.random() < 0.4:
        mask = random_array(rng, shape if rng.random() < 0.8 else random_shape(rng, ndim=2),
                            rng.choice([np.uint8, np.uint8, bool, np.int32]))
    level = float(rng.choice([0.0, 0.5, 1.0, -1.0, np.inf, np.nan]))
    return _core.marching_squares, (image, level, bool(rng.random() < 0.5), bool(rng.random() < 0.5), mask), {}


def fuzz_label_contours(rng):
    return fewseg.label_contours, (random_labels(rng),), {"approx": rng.choice(["none", "simple", "x"])}


def fuzz_core_contours(rng):
    image = random_array(rng, random_shape(rng, ndim=int(rng.choice([0, 1, 2, 2, 3]))),
                         rng.choice([np.uint8, np.int8, bool, np.int32, np.float32]))
    if rng.random() < 0.5:
        return _core.trace_contours, (image, int(rng.integers(-2, 6)), bool(rng.random() < 0.5)), {}
    return _core.label_contours, (random_labels(rng), bool(rng.random() < 0.5)), {}


def fuzz_core_region_measurements(rng):
    labels = random_labels(rng, random_shape(rng, ndim=2) if rng.random() < 0.8 else None)
    intensity = None
    if rng.random() < 0.5:
        shape = labels.shape if rng.random() < 0.9 else random_shape(rng, ndim=2)
        if rng.random() < 0.5:
            shape = tuple(shape) + (int(rng.choice([1, 3])),)
        intensity = random_array(rng, shape, rng.choice([np.uint8, np.float64, np.float32, np.uint16]))
    chosen = set(rng.choice(sorted(_core.region_groups()), int(rng.integers(0, 6))))
    if rng.random() < 0.1:
        chosen.add(str(rng.choice(["bbox", "nonsense", "Convex", ""])))  # no group: refused
    spacing = tuple(float(v) for v in rng.choice([1.0, 1.0, 0.5, 2.0, 0.0, -1.0, np.nan], 2))
    quantiles = [float(q) for q in rng.choice([0.1, 0.5, 0.9, 0.0, 1.0, -0.5, 2.0, np.nan], int(rng.integers(0, 4)))]
    threads = int(rng.choice([1, 2, 2, 1, 0, -1, 64]))
    return _core.region_measurements, (labels, intensity, chosen, spacing, quantiles, threads), {}



def fuzz_core_region_pass(rng):
    """region_pass on region_measurements' inputs, then its kept pass asked for more groups
    (the region objects' path), or a plan for any rows."""
    if rng.random() < 0.2:
        groups = set(rng.choice(sorted(_core.region_groups()) + ["nonsense"], int(rng.integers(0, 6))))
        return _core.region_plan, (groups, bool(rng.random() < 0.5), int(rng.choice([0, 1, 7, 4096, -1, 2**40]))), {}
    _, args, _ = fuzz_core_region_measurements(rng)
    later = set(rng.choice(sorted(_core.region_groups()) + ["nonsense"], int(rng.integers(0, 6))))
    quantiles = [float(q) for q in rng.choice([0.1, 0.5, 0.9, -0.5, np.nan], int(rng.integers(0, 3)))]

    def pass_then_measure(*pass_args):
        _, kept = _core.region_pass(*pass_args)
        pass_args[0][...] = 0  # the caller's labels change: the kept pass must not see it
        return kept.measure(later, quantiles)

    return pass_then_measure, args, {}

SIGMAS = [0.0, 1e-16, 0.3, 1.0, 4.0, 40.0, 1e5, 1e7, -1.0, np.nan, np.inf]


def random_sigma(rng, ndim):
    if rng.random() < 0.1:
        return nonsense(rng)
    if rng.random() < 0.5:
        return float(rng.choice(SIGMAS))
    return [float(rng.choice(SIGMAS)) for _ in range(ndim if rng.random() < 0.9 else int(rng.integers(0, 4)))]


def fuzz_gaussian(rng):
    from fewseg import filters

    image = random_array(rng, random_shape(rng, ndim=int(rng.choice([1, 2, 2, 3, 3, 4]))))
    kwargs = {}
    if rng.random() < 0.3:
        kwargs["truncate"] = float(rng.choice([0.0, 1.0, 4.0, -1.0, np.nan]))
    if rng.random() < 0.1:
        kwargs["mode"] = rng.choice(["reflect", "nearest"])
    if rng.random() < 0.5:
        return filters.gaussian_gradient_magnitude, (image, random_sigma(rng, image.ndim)), kwargs
    if rng.random() < 0.4:
        kwargs["order"] = [int(o) for o in rng.integers(-1, 3, image.ndim)] if rng.random() < 0.7 else nonsense(rng)
    return filters.gaussian_filter, (image, random_sigma(rng, image.ndim)), kwargs


def fuzz_binary_morphology(rng):
    from fewseg import morphology

    image = random_array(rng, random_shape(rng, ndim=int(rng.choice([1, 2, 2, 2, 3]))))
    if rng.random() < 0.5:
        return morphology.distance_transform_edt, (image,), {}
    structure = None if rng.random() < 0.6 else (random_array(rng, (3, 3), bool) if rng.random() < 0.7 else nonsense(rng))
    return morphology.binary_fill_holes, (image, structure), {}


def fuzz_core_filters(rng):
    """The private kernels with arguments the Python layer would never pass."""
    image = random_array(rng, random_shape(rng, ndim=int(rng.choice([0, 1, 2, 2, 3, 4]))),
                         rng.choice([np.float32, np.float64, np.float64, np.uint8, bool, np.int32]))
    sigmas = [float(rng.choice(SIGMAS)) for _ in range(2)]
    truncate = float(rng.choice([0.0, 4.0, 4.0, -1.0, np.nan, 1e30]))
    choice = int(rng.integers(0, 4))
    if choice == 0:
        orders = [int(o) for o in rng.integers(-1, 3, 2)]
        return _core.gaussian_filter, (image, *sigmas, *orders, truncate), {}
    if choice == 1:
        return _core.gaussian_gradient_magnitude, (image, *sigmas, truncate), {}
    if choice == 2:
        return _core.distance_transform_edt, (image,), {}
    return _core.binary_fill_holes, (image, int(rng.integers(-1, 4))), {}


def random_footprint(rng):
    if rng.random() < 0.1:
        return nonsense(rng)
    if rng.random() < 0.2:
        return None
    shape = tuple(int(n) for n in rng.integers(0, 6, int(rng.choice([2, 2, 1, 3]))))
    return random_array(rng, shape, rng.choice([bool, np.uint8, np.float64]))


def fuzz_grey_morphology(rng):
    from fewseg import morphology

    operation = getattr(morphology, str(rng.choice(
        ["erosion", "dilation", "opening", "closing", "white_tophat", "black_tophat"])))
    image = random_array(rng, random_shape(rng, ndim=int(rng.choice([1, 2, 2, 2, 3]))))
    kwargs = {"mode": str(rng.choice(["reflect", "ignore", "constant", "wrap"]))} if rng.random() < 0.3 else {}
    return operation, (image, random_footprint(rng)), kwargs


def fuzz_resize(rng):
    from fewseg import transform

    image = random_array(rng, random_shape(rng, ndim=int(rng.choice([1, 2, 2, 3, 3, 4]))))
    shape = [int(n) for n in rng.integers(-2, 80, int(rng.choice([2, 2, 2, 1, 3])))]
    output_shape = shape if rng.random() < 0.9 else nonsense(rng)
    function = transform.resize_area if rng.random() < 0.5 else transform.resize_bilinear
    return function, (image, output_shape), {}


def fuzz_core_morphology_resize(rng):
    """The private kernels with arguments the Python layer would never pass."""
    image = random_array(rng, random_shape(rng, ndim=int(rng.choice([0, 1, 2, 2, 3, 4]))),
                         rng.choice([np.float32, np.float64, np.uint8, np.uint16, bool, np.int32]))
    rows, cols = (int(n) for n in rng.integers(-3, 70, 2))
    if rng.random() < 0.5:
        return _core.resize, (image, rows, cols, str(rng.choice(["area", "bilinear", "cubic"]))), {}
    runs = rng.integers(-3, 8, (int(rng.integers(0, 5)), 3)).astype(
        np.int64 if rng.random() < 0.9 else np.int32)
    return _core.flat_morphology, (image, rows, cols, runs, bool(rng.random() < 0.5)), {}


def fuzz_segment_lesion(rng):
    import fewseg

    shape = random_shape(rng, ndim=3) if rng.random() < 0.3 else (
        int(rng.integers(0, 70)), int(rng.integers(0, 70)), int(rng.choice([3, 3, 3, 1, 4])))
    image = random_array(rng, shape, rng.choice([np.uint8, np.uint8, np.float64, np.float32, np.uint16, np.int64]))
    if image.dtype.kind == "f" and rng.random() < 0.7:
        image = np.clip(np.nan_to_num(image), 0, 1)
    options = {}
    if rng.random() < 0.3:
        name = str(rng.choice(["working_size", "hair_radius", "smoothing", "log_odds_bias", "marker_band",
                               "closing_ratio", "min_contrast", "no_such_option"]))
        options[name] = rng.choice([0, 1, 64, 2.5, -1.0, np.nan, 1e9]).item() if rng.random() < 0.9 else nonsense(rng)
    return fewseg.segment_lesion, (image,), options


def fuzz_lesion_features(rng):
    import fewseg
    from fewseg import metrics

    rows, cols = (int(n) for n in rng.integers(0, 65, 2))
    image_shape = (rows, cols, 3) if rng.random() < 0.8 else random_shape(rng)
    image = random_array(rng, image_shape, rng.choice([np.uint8, np.uint8, np.float64, np.uint16, np.int32]))
    mask_shape = (rows, cols) if rng.random() < 0.85 else random_shape(rng)
    mask = random_array(rng, mask_shape, rng.choice([bool, bool, np.uint8, np.float64]))
    if rng.random() < 0.3:
        return (metrics.dice if rng.random() < 0.5 else metrics.jaccard), (mask, random_array(rng, mask_shape)), {}
    return fewseg.lesion_features, (image, mask), {}


# One generator per fewseg._core entry point and public function.
TARGETS = {
    "fewseg.watershed": fuzz_watershed,
    "fewseg._core.watershed": fuzz_core_watershed,
    "fewseg.regionprops_table": fuzz_regionprops_table,
    "fewseg.regionprops": fuzz_regionprops,
    "fewseg.find_contours": fuzz_find_contours,
    "fewseg._core.marching_squares": fuzz_core_marching_squares,
    "fewseg.trace_contours": fuzz_trace_contours,
    "fewseg.label_contours": fuzz_label_contours,
    "fewseg._core.trace_contours/label_contours": fuzz_core_contours,
    "fewseg._core.region_measurements": fuzz_core_region_measurements,
    "fewseg._core.region_pass/RegionPass.measure/region_plan": fuzz_core_region_pass,
    "fewseg.filters.gaussian_filter/gaussian_gradient_magnitude": fuzz_gaussian,
    "fewseg.morphology.distance_transform_edt/binary_fill_holes": fuzz_binary_morphology,
    "fewseg._core.gaussian_filter/gaussian_gradient_magnitude/distance_transform_edt/binary_fill_holes": fuzz_core_filters,
    "fewseg.morphology grey erosion ... black_tophat": fuzz_grey_morphology,
    "fewseg.transform.resize_area/resize_bilinear": fuzz_resize,
    "fewseg._core.flat_morphology/resize": fuzz_core_morphology_resize,
    "fewseg.segment_lesion": fuzz_segment_lesion,
    "fewseg.lesion_features, fewseg.metrics": fuzz_lesion_features,
}


def run(iterations, seed=0, targets=None):
    """Calls each target `iterations` times; returns the unexpected failures."""
    failures = []
    for name in targets or TARGETS:
        rng = np.random.default_rng([seed, len(name)])
        for k in range(iterations):
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                function, args, kwargs = TARGETS[name](rng)
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    function(*args, **kwargs)
            except (ValueError, TypeError):
                pass
            except Exception as exc:  # anything else is a bug
                failures.append(f"{name} #{k}: {type(exc).__name__}: {exc}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=100_000, help="calls per target")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--targets", nargs="*", choices=sorted(TARGETS), metavar="TARGET",
                        help="only these targets (default: all)")
    args = parser.parse_args()
    failures = run(args.iterations, args.seed, args.targets)
    for line in failures[:50]:
        print(line)
    print(f"{len(args.targets or TARGETS)} targets x {args.iterations} calls: {len(failures)} unexpected failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
