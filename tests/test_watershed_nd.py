"""fewseg.watershed in 1-D, 4-D and 5-D equals skimage.segmentation.watershed, label for
label, with every option; and it checks its arguments in scikit-image's order."""

import numpy as np
import pytest

import fewseg

skimage_segmentation = pytest.importorskip("skimage.segmentation")
from watershed_cases import (  # noqa: E402
    KINDS,
    assert_automatic_markers_match_skimage,
    random_image,
    random_markers,
    random_options,
    skimage_finishes,
    skimage_watershed_in_child,
)

# Per dimension, the longest side: about 1000 pixels at most, so that scikit-image's
# share of the test time stays small.
MAX_SIDE = {1: 60, 4: 7, 5: 5}
MARKER_DTYPES = [np.int32, np.int64, np.uint16, np.int8, np.uint64, bool]


def random_nd_case(seed, ndim):
    rng = np.random.default_rng(50_000 + 100 * ndim + seed)
    shape = tuple(int(s) for s in rng.integers(1, MAX_SIDE[ndim] + 1, ndim))
    image = random_image(rng, shape, KINDS[seed % len(KINDS)])
    dtype = MARKER_DTYPES[seed % len(MARKER_DTYPES)]
    markers = random_markers(rng, shape, np.int64)
    markers = markers > 0 if dtype is bool else markers.astype(dtype)
    kwargs = random_options(rng, shape, footprint_chance=0.15, footprint_density=0.5, centre_offset_chance=0.5)
    if not skimage_finishes(image, kwargs):
        kwargs["watershed_line"] = False
    return image, markers, kwargs


@pytest.mark.parametrize("ndim", [1, 4, 5])
@pytest.mark.parametrize("seed", range(60))
def test_random_nd_cases_match_skimage(ndim, seed):
    image, markers, kwargs = random_nd_case(seed, ndim)
    expected = skimage_segmentation.watershed(image, markers, **kwargs)
    got = fewseg.watershed(image, markers, **kwargs)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("ndim", [1, 4, 5])
@pytest.mark.parametrize("seed", range(15))
def test_automatic_and_counted_markers_match_skimage(ndim, seed):
    rng = np.random.default_rng(60_000 + 100 * ndim + seed)
    shape = tuple(int(s) for s in rng.integers(2, MAX_SIDE[ndim] + 1, ndim))
    assert_automatic_markers_match_skimage(rng, shape, seed)


@pytest.mark.parametrize("seed", range(30))
def test_1d_plateaus_between_competing_seeds_match_skimage(seed):
    # 1-D plateaus are where seeds of different labels meet most often (the tie-breaking
    # order of scikit-image's heap decides them).
    rng = np.random.default_rng(70_000 + seed)
    n = int(rng.integers(2, 40))
    image = rng.integers(0, int(rng.integers(1, 4)), n).astype(np.uint8)
    markers = ((rng.random(n) < 0.3) * rng.integers(1, 4, n)).astype(np.int32)
    for kwargs in ({}, {"watershed_line": True}, {"compactness": 0.1}):
        np.testing.assert_array_equal(
            fewseg.watershed(image, markers, **kwargs), skimage_segmentation.watershed(image, markers, **kwargs)
        )


def test_4d_off_centre_footprint_matches_skimage(tmp_path):
    rng = np.random.default_rng(11)
    image = rng.integers(0, 5, (4, 5, 6, 5)).astype(np.uint8)
    markers = random_markers(rng, image.shape, np.int64)
    footprint = rng.random((3, 2, 3, 3)) < 0.6
    offset = (1, 0, 2, 1)
    footprint[offset] = True
    expected = skimage_watershed_in_child(tmp_path, image, markers, footprint, offset)
    np.testing.assert_array_equal(fewseg.watershed(image, markers, connectivity=footprint, offset=offset), expected)


def test_time_lapse_volume_matches_skimage():
    """A (t, z, y, x) stack of the same blobs drifting: one 4-D flood."""
    t, z, y, x = np.ogrid[:4, :6, :20, :20]
    image = np.sqrt((y - 6 - t) ** 2 + (x - 6) ** 2 + (z - 3) ** 2).clip(max=20)
    image = np.minimum(image, np.sqrt((y - 13) ** 2 + (x - 13 - t) ** 2 + (z - 2) ** 2)).astype(np.float32)
    markers = np.zeros(image.shape, np.int32)
    markers[:, 3, 6, 6], markers[:, 2, 13, 13] = 1, 2
    for connectivity in (1, 2, 4):
        np.testing.assert_array_equal(
            fewseg.watershed(image, markers, connectivity=connectivity),
            skimage_segmentation.watershed(image, markers, connectivity=connectivity),
        )


def test_1d_cases_from_skimages_tests():
    # scikit-image's test_watershed_simple_basin_overspill and _evenly_distributed_overspill.
    image = -np.array([1, 2, 2, 2, 2, 2, 3])
    markers = np.array([1, 0, 0, 0, 0, 0, 2])
    np.testing.assert_array_equal(fewseg.watershed(image, markers, mask=image != 0), [1, 2, 2, 2, 2, 2, 2])
    markers = np.array([1, 0, 0, 0, 0, 0, 0, 0, 0, 2])
    for image in ([0, 2, 1, 1, 1, 1, 1, 1, 2, 0], [2, 2, 1, 1, 1, 1, 1, 1, 2, 0]):
        np.testing.assert_array_equal(fewseg.watershed(np.array(image), markers), [1, 1, 1, 1, 1, 2, 2, 2, 2, 2])


def outcome(function, *args, **kwargs):
    try:
        result = function(*args, **kwargs)
    except Exception as exc:
        return type(exc)
    return result


CHECK_ORDER_CASES = {
    "markers' shape before their dtype": (np.ones((5, 6)), np.ones((5, 7)), {}),
    "mask's shape before the markers'": (np.ones((5, 6)), np.ones((5, 7), int), {"mask": np.ones((5, 7))}),
    "markers' shape before the footprint": (np.ones((5, 6)), np.ones((4, 6), int), {"connectivity": np.ones((2, 2))}),
    "footprint before the markers' dtype": (np.ones((5, 6)), np.ones((5, 6)), {"connectivity": np.ones((2, 2))}),
    "float markers": (np.ones((3, 4, 2, 2)), np.ones((3, 4, 2, 2), np.float32), {}),
    "mask's shape, 1-D": (np.ones(5), np.ones(5, int), {"mask": np.ones(4)}),
}


@pytest.mark.parametrize("name", list(CHECK_ORDER_CASES))
def test_bad_arguments_raise_what_skimage_raises(name):
    image, markers, kwargs = CHECK_ORDER_CASES[name]
    expected = outcome(skimage_segmentation.watershed, image, markers, **kwargs)
    assert isinstance(expected, type) and issubclass(expected, Exception)
    with pytest.raises(expected):
        fewseg.watershed(image, markers, **kwargs)


ACCEPTED_CASES = {
    "markers broadcast over rows": (np.arange(12.0).reshape(3, 4), np.array([1, 0, 0, 2]), {}),
    "0-D marker array": (np.arange(12.0).reshape(3, 4), np.array(3), {}),
    "marker list": (np.arange(6.0), [1, 0, 0, 0, 0, 2], {}),
    "non-integer seed count": (np.arange(30.0).reshape(5, 6), 2.7, {}),
    "connectivity above ndim": (np.array([0, 1, 0, 2, 0.5]), np.array([1, 0, 0, 0, 2]), {"connectivity": 2}),
    "empty image": (np.zeros((0, 4)), np.zeros((0, 4), np.int16), {}),
}


@pytest.mark.parametrize("name", list(ACCEPTED_CASES))
def test_unusual_arguments_skimage_accepts_give_its_labels(name):
    image, markers, kwargs = ACCEPTED_CASES[name]
    expected = skimage_segmentation.watershed(image, markers, **kwargs)
    got = fewseg.watershed(image, markers, **kwargs)
    assert got.dtype == expected.dtype and got.shape == expected.shape
    np.testing.assert_array_equal(got, expected)


def test_nd_inputs_are_not_modified():
    rng = np.random.default_rng(5)
    image = rng.random((3, 4, 5, 6))
    markers = random_markers(rng, image.shape, np.int32)
    mask = rng.random(image.shape) < 0.9
    copies = image.copy(), markers.copy(), mask.copy()
    for kwargs in ({}, {"watershed_line": True}, {"compactness": 0.5}):
        fewseg.watershed(image, markers, mask=mask, **kwargs)
    for before, after in zip(copies, (image, markers, mask)):
        np.testing.assert_array_equal(before, after)


def test_nd_memory_layouts_give_the_same_labels():
    rng = np.random.default_rng(6)
    image = rng.random((4, 5, 6, 3, 2))
    markers = random_markers(rng, image.shape, np.int64)
    expected = fewseg.watershed(image, markers, connectivity=2)
    big = np.zeros(tuple(2 * n for n in image.shape))
    big[::2, ::2, ::2, ::2, ::2] = image
    for im, mk in (
        (np.asfortranarray(image), np.asfortranarray(markers)),
        (big[::2, ::2, ::2, ::2, ::2], markers),
        (np.ascontiguousarray(image[::-1, :, ::-1])[::-1, :, ::-1], markers[::-1, :, ::-1].copy()[::-1, :, ::-1]),
    ):
        np.testing.assert_array_equal(fewseg.watershed(im, mk, connectivity=2), expected)
