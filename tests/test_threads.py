"""Every kernel that releases the GIL, called from 8 threads at once on the same read-only
inputs, gives exactly what a serial call gives."""

import threading

import numpy as np

import fewseg
from fewseg import _core
from fewseg.measure._property_table import VOLUME_PROPERTIES
from fewseg.measure._regionprops import PROPERTIES
from fewseg.filters import gaussian_filter, gaussian_gradient_magnitude
from fewseg.morphology import binary_fill_holes, black_tophat, closing, distance_transform_edt
from fewseg.transform import resize_area, resize_bilinear
from random_masks import random_labels

THREADS = 8
# Every group of raw measurements behind regionprops_table.
GROUPS = set(_core.region_groups())


def read_only(array):
    array = np.array(array)
    array.flags.writeable = False
    return array


def shared_inputs():
    rng = np.random.default_rng(6)
    labels = read_only(random_labels(5, shape=(200, 230), max_labels=8).astype(np.int32))
    rgb = read_only(rng.integers(0, 256, labels.shape + (3,)).astype(np.uint8))
    grey = read_only(rgb[..., 1])
    smooth = read_only(np.hypot(*np.gradient(grey.astype(np.float64))))
    markers = np.zeros(labels.shape, np.int32)
    markers.flat[rng.choice(markers.size, 60, replace=False)] = rng.integers(1, 5, 60)
    return labels, rgb, grey, smooth, read_only(markers), read_only(labels > 0)


def jobs():
    """(name, call) pairs: every public entry point over every _core function that
    releases the GIL, in the variants that take different paths through the kernels."""
    labels, rgb, grey, smooth, markers, mask = shared_inputs()
    footprint = read_only(np.ones((5, 5), bool))
    volume = read_only(np.stack([labels[:40, :50]] * 3))
    volume_grey = read_only(np.stack([grey[:40, :50]] * 3))
    calls = {
        "watershed": lambda: fewseg.watershed(smooth, markers),
        "watershed uint8 masked raster": lambda: fewseg.watershed(grey, markers, mask=mask, tie_break="raster"),
        "watershed line": lambda: fewseg.watershed(grey, markers, watershed_line=True),
        "watershed compact": lambda: fewseg.watershed(smooth, markers, compactness=0.01),
        # The same pixels as a (t, z, y, x) stack and as one long line: the N-D paths.
        "watershed 4-D": lambda: fewseg.watershed(smooth.reshape(10, 20, 10, 23), markers.reshape(10, 20, 10, 23),
                                                  connectivity=2),
        "watershed 4-D uint8 line": lambda: fewseg.watershed(grey.reshape(10, 20, 10, 23),
                                                             markers.reshape(10, 20, 10, 23), watershed_line=True),
        "watershed 1-D compact": lambda: fewseg.watershed(smooth.ravel(), markers.ravel(), compactness=0.01),
        "label_contours": lambda: fewseg.label_contours(labels),
        "label_contours simple": lambda: fewseg.label_contours(labels, approx="simple"),
        "regionprops_table": lambda: fewseg.regionprops_table(labels, rgb, list(PROPERTIES)),
        "regionprops 3-D table": lambda: fewseg.regionprops_table(volume, volume_grey, list(VOLUME_PROPERTIES)),
        # The region objects' shared table, measured group by group on first use.
        "regionprops loop": lambda: [
            np.array([r.area, *r.centroid, r.perimeter, r.eccentricity, *r.intensity_mean, r.solidity])
            for r in fewseg.regionprops(labels, rgb)
        ],
        # Kernel threads inside Python threads: the measurement tasks on 3 threads each.
        "region_measurements 3 threads": lambda: _core.region_measurements(labels, rgb, GROUPS, (1.0, 1.0),
                                                                           [0.05, 0.5, 0.95], 3),
        "closing": lambda: closing(grey, footprint),
        "black_tophat float": lambda: black_tophat(smooth, footprint),
        "resize_area": lambda: resize_area(rgb, (70, 90)),
        "resize_bilinear": lambda: resize_bilinear(smooth, (310, 290)),
    }
    for mode in ("external", "list", "ccomp", "tree"):
        calls[f"trace_contours {mode}"] = lambda mode=mode: fewseg.trace_contours(mask, mode=mode)
    calls["trace_contours labels simple"] = lambda: fewseg.trace_contours(labels, mode="tree", approx="simple")
    field = read_only(gaussian_filter(grey.astype(np.float32), 2.0))
    with_nan = read_only(np.where(labels == 3, np.nan, field))
    calls["find_contours float32"] = lambda: fewseg.find_contours(field, float(np.median(field)))
    calls["find_contours NaN, mask, high"] = lambda: fewseg.find_contours(with_nan, None, "high", "high", mask=mask)
    calls["find_contours uint8 ties"] = lambda: fewseg.find_contours(grey, int(np.median(grey)))
    rgb_float = read_only(rgb / np.float32(255))
    calls["gaussian_filter rgb float32"] = lambda: gaussian_filter(rgb_float, (3.0, 3.0, 0))
    calls["gaussian_filter derivative float64"] = lambda: gaussian_filter(smooth, 1.5, order=(0, 1))
    calls["gaussian_gradient_magnitude"] = lambda: gaussian_gradient_magnitude(rgb_float[..., 0], 1.0)
    calls["distance_transform_edt"] = lambda: distance_transform_edt(mask)
    calls["binary_fill_holes"] = lambda: binary_fill_holes(mask)
    colours = read_only(rgb_float.reshape(-1, 3))
    whiten = read_only(np.linalg.cholesky(np.linalg.inv(np.cov(colours.T))))
    calls["whitened_squared_norms"] = lambda: _core.whitened_squared_norms(colours, colours.mean(0), whiten)
    return list(calls.items()), (labels, rgb, grey, smooth, markers, mask)


def assert_identical(got, expected, where):
    if isinstance(expected, dict):
        assert list(got) == list(expected), where
        for key in expected:
            assert_identical(got[key], expected[key], f"{where}[{key}]")
    elif isinstance(expected, (list, tuple)):
        assert type(got) is type(expected) and len(got) == len(expected), where
        for k, (a, b) in enumerate(zip(got, expected)):
            assert_identical(a, b, f"{where}[{k}]")
    else:  # np.array_equal: contour lists hold thousands of small arrays
        assert got.dtype == expected.dtype and got.shape == expected.shape, where
        assert np.array_equal(got, expected, equal_nan=got.dtype.kind == "f"), where


def test_eight_threads_on_shared_inputs_give_the_serial_results():
    calls, inputs = jobs()
    before = [array.copy() for array in inputs]
    serial = {name: call() for name, call in calls}
    results = [[] for _ in range(THREADS)]
    errors = []
    start = threading.Barrier(THREADS)

    def work(t):
        try:
            start.wait()
            # Threads walk the calls in pairs, each pair from its own starting point, so that
            # the same kernel and different kernels both run side by side.
            for k in range(len(calls)):
                name, call = calls[(k + 5 * (t // 2)) % len(calls)]
                results[t].append((name, call()))
        except BaseException as exc:  # reported below; a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    for t in range(THREADS):
        assert len(results[t]) == len(calls)
        for name, got in results[t]:
            assert_identical(got, serial[name], f"thread {t}: {name}")
    for array, copy in zip(inputs, before):
        np.testing.assert_array_equal(array, copy)

