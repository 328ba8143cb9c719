"""fewseg.morphology's distance transform and hole filling equal scipy.ndimage's, pixel
for pixel."""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from scipy import ndimage as ndi

from fewseg.morphology import binary_fill_holes, distance_transform_edt
from random_masks import random_mask

SQUARE = np.ones((3, 3), bool)


def masks(seed, count):
    rng = np.random.default_rng(seed)
    for i in range(count):
        mask = random_mask(seed * 1000 + i)
        yield mask, rng


def test_distance_transform_matches_scipy_exactly():
    for mask, _ in masks(1, 120):
        if mask.all():
            continue  # no background: see test_no_background_is_infinitely_far
        np.testing.assert_array_equal(distance_transform_edt(mask), ndi.distance_transform_edt(mask))


@pytest.mark.parametrize("density", [0.001, 0.02, 0.5, 0.98])
def test_distance_transform_of_sparse_and_dense_noise(density):
    rng = np.random.default_rng(int(density * 1000))
    for shape in [(1, 1), (1, 57), (57, 1), (2, 2), (63, 81), (200, 7)]:
        mask = rng.random(shape) > density
        mask.flat[rng.integers(mask.size)] = False
        np.testing.assert_array_equal(distance_transform_edt(mask), ndi.distance_transform_edt(mask))


def test_distance_transform_of_images_wider_than_20000_pixels():
    # Past 20000 pixels across, the row pass needs 64-bit arithmetic.
    rng = np.random.default_rng(8)
    mask = rng.random((3, 25000)) > 0.0002
    mask[1, 12000] = False
    np.testing.assert_array_equal(distance_transform_edt(mask), ndi.distance_transform_edt(mask))
    np.testing.assert_array_equal(distance_transform_edt(mask.T), ndi.distance_transform_edt(mask.T))


def test_distance_is_the_brute_force_nearest_zero():
    rng = np.random.default_rng(3)
    mask = rng.random((23, 31)) > 0.03
    mask[0, 0] = False
    zeros = np.argwhere(~mask)
    grid = np.indices(mask.shape).reshape(2, -1).T
    brute = np.sqrt(((grid[:, None, :] - zeros[None]) ** 2).sum(-1).min(1)).reshape(mask.shape)
    np.testing.assert_array_equal(distance_transform_edt(mask), brute)


def test_no_background_is_infinitely_far():
    assert np.isinf(distance_transform_edt(np.ones((3, 4), bool))).all()
    np.testing.assert_array_equal(distance_transform_edt(np.zeros((3, 4), bool)), 0.0)


def test_disk_dilation_and_erosion_through_the_distance_equal_scipy():
    # What fewseg.lesion does with it: masks identical to scipy's transform thresholded.
    for mask, rng in masks(2, 40):
        if mask.all() or not mask.any():
            continue
        radius = float(rng.integers(1, 9))
        np.testing.assert_array_equal(
            distance_transform_edt(~mask) <= radius, ndi.distance_transform_edt(~mask) <= radius
        )
        np.testing.assert_array_equal(distance_transform_edt(mask) > radius, ndi.distance_transform_edt(mask) > radius)


@pytest.mark.parametrize("structure", [None, "square"])
def test_fill_holes_matches_scipy(structure):
    footprint = SQUARE if structure else None
    for mask, _ in masks(4, 150):
        got = binary_fill_holes(mask, footprint)
        assert got.dtype == bool
        np.testing.assert_array_equal(got, ndi.binary_fill_holes(mask, footprint))


@pytest.mark.parametrize("value", [False, True])
def test_fill_holes_of_uniform_masks(value):
    for shape in [(1, 1), (1, 9), (9, 1), (5, 6)]:
        mask = np.full(shape, value)
        np.testing.assert_array_equal(binary_fill_holes(mask), ndi.binary_fill_holes(mask))


def test_a_ring_is_filled_and_a_c_shape_is_not():
    yy, xx = np.indices((21, 21))
    ring = np.abs(np.hypot(yy - 10, xx - 10) - 6) < 1.5
    assert binary_fill_holes(ring)[10, 10]
    c_shape = ring.copy()
    c_shape[9:12, 14:] = False
    assert not binary_fill_holes(c_shape)[10, 10]


def test_diagonal_gaps_let_the_background_through_only_with_the_square():
    hole = np.array([[1, 1, 1, 1], [1, 0, 1, 1], [1, 1, 0, 1], [1, 1, 1, 0]], bool)
    assert binary_fill_holes(hole)[1, 1]  # (1, 1) touches the outside only by corners
    assert not binary_fill_holes(hole, SQUARE)[1, 1]
    np.testing.assert_array_equal(binary_fill_holes(hole, SQUARE), ndi.binary_fill_holes(hole, SQUARE))


@pytest.mark.parametrize("dtype", [np.uint8, np.int32, np.float64])
def test_other_dtypes_are_nonzero_masks(dtype):
    mask = random_mask(77, (30, 40))
    values = (mask * np.random.default_rng(0).integers(1, 5, mask.shape)).astype(dtype)
    np.testing.assert_array_equal(distance_transform_edt(values), ndi.distance_transform_edt(mask))
    np.testing.assert_array_equal(binary_fill_holes(values), ndi.binary_fill_holes(mask))


@pytest.mark.parametrize("layout", ["F", "reversed", "strided"])
def test_any_memory_layout(layout):
    base = random_mask(5, (60, 90))
    base[0, 0] = False
    mask = {"F": np.asfortranarray(base), "reversed": base[::-1, ::-1], "strided": base[::2, ::3]}[layout]
    np.testing.assert_array_equal(distance_transform_edt(mask), ndi.distance_transform_edt(mask))
    np.testing.assert_array_equal(binary_fill_holes(mask), ndi.binary_fill_holes(mask))


def test_input_is_not_modified():
    mask = random_mask(6, (30, 30))
    before = mask.copy()
    distance_transform_edt(mask)
    binary_fill_holes(mask)
    np.testing.assert_array_equal(mask, before)


def test_threads_give_the_serial_results():
    work_masks = [random_mask(900 + i, (120, 150)) for i in range(16)]

    def work(mask):
        return distance_transform_edt(mask), binary_fill_holes(mask)

    serial = [work(m) for m in work_masks]
    with ThreadPoolExecutor(8) as pool:
        threaded = list(pool.map(work, work_masks))
    for (a, b), (c, d) in zip(serial, threaded):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)


@pytest.mark.parametrize("function", [distance_transform_edt, binary_fill_holes])
@pytest.mark.parametrize(
    "value, error, match",
    [
        (np.zeros((3, 3, 3), bool), ValueError, "input: expected a 2-D"),
        (np.zeros(5, bool), ValueError, "input: expected a 2-D"),
        (np.zeros((0, 3), bool), ValueError, "input: empty"),
        (np.array([[np.nan, 1.0]]), ValueError, "input: contains NaN"),
        (np.array([["a", "b"]]), TypeError, "input"),
    ],
)
def test_bad_inputs_raise_clear_errors(function, value, error, match):
    with pytest.raises(error, match=match):
        function(value)


@pytest.mark.parametrize("structure", [np.ones((5, 5)), np.zeros((3, 3)), np.ones(3), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]])
def test_unsupported_structures_are_refused(structure):
    with pytest.raises(ValueError, match="structure"):
        binary_fill_holes(np.zeros((4, 4), bool), structure)
