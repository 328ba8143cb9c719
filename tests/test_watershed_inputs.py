"""fewseg.watershed on awkward and bad inputs: clear errors, untouched inputs, any layout."""

import threading

import numpy as np
import pytest

import fewseg


def case(seed=0, shape=(40, 50), dtype=np.float64):
    rng = np.random.default_rng(seed)
    image = (rng.random(shape) * 200).astype(dtype)
    markers = np.zeros(shape, np.int32)
    markers.flat[rng.choice(markers.size, 12, replace=False)] = np.arange(1, 13)
    return image, markers


@pytest.mark.parametrize(
    "image, markers, kwargs, error, word",
    [
        (np.zeros((3, 4)), np.zeros((4, 3), int), {}, ValueError, "markers"),
        (np.zeros((3, 4)), np.zeros((3, 4), int), {"mask": np.ones((3, 3), bool)}, ValueError, "mask"),
        (np.full((3, 4), np.nan), np.ones((3, 4), int), {}, ValueError, "NaN"),
        (np.zeros((3, 4), complex), np.ones((3, 4), int), {}, TypeError, "image"),
        (np.zeros((3, 4), object), np.ones((3, 4), int), {}, TypeError, "image"),
        (np.full((3, 4), "a"), np.ones((3, 4), int), {}, TypeError, "image"),
        (np.zeros((3, 4)), np.ones((3, 4), float), {}, TypeError, "markers"),
        (np.zeros((3, 4)), np.ones((3, 4), int), {"connectivity": 0}, ValueError, "connectivity"),
        (np.zeros((3, 4)), np.ones((3, 4), int), {"connectivity": 1.5}, TypeError, "connectivity"),
        (np.zeros((3, 4)), np.ones((3, 4), int), {"connectivity": np.ones((2, 2))}, ValueError, "connectivity"),
        (np.zeros((3, 4)), np.ones((3, 4), int), {"connectivity": np.ones(3)}, ValueError, "connectivity"),
        (np.zeros((3, 4)), np.ones((3, 4), int), {"offset": (5, 0)}, ValueError, "offset"),
        (np.zeros((3, 4)), np.ones((3, 4), int), {"compactness": -1}, ValueError, "compactness"),
        (np.zeros((3, 4)), np.ones((3, 4), int), {"compactness": np.nan}, ValueError, "compactness"),
        (np.zeros((3, 4)), np.ones((3, 4), int), {"tie_break": "random"}, ValueError, "tie_break"),
        (np.zeros((3, 4)), -2, {}, ValueError, "markers"),
        (np.zeros((3, 4)), "3", {}, TypeError, "markers"),
        (np.zeros(()), np.zeros((), int), {}, ValueError, "image"),
        # scikit-image's order: the markers' shape is checked before their dtype.
        (np.zeros((3, 4)), np.ones((4, 3), float), {}, ValueError, "markers"),
        (np.zeros((3, 4)), np.ones((3, 4), complex), {}, TypeError, "markers"),
        (np.zeros((3, 4)), None, {"connectivity": np.ones((3, 3))}, ValueError, "markers"),
    ],
)
def test_bad_input_raises_naming_the_argument(image, markers, kwargs, error, word):
    with pytest.raises(error, match=word):
        fewseg.watershed(image, markers, **kwargs)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32, np.float64, np.int32, np.int64, bool])
def test_inputs_are_not_modified(dtype):
    image, markers = case(dtype=dtype)
    mask = np.ones(image.shape, bool)
    mask[:5] = False
    copies = image.copy(), markers.copy(), mask.copy()
    fewseg.watershed(image, markers, mask=mask, watershed_line=True)
    fewseg.watershed(image, markers, mask=mask)
    for before, after in zip(copies, (image, markers, mask)):
        np.testing.assert_array_equal(before, after)


def layouts(array):
    """The same values as C order, Fortran order, a strided slice, negative strides and read-only."""
    fortran = np.asfortranarray(array)
    padded = np.zeros((array.shape[0] * 2, array.shape[1] * 3), array.dtype)
    padded[::2, ::3] = array
    flipped = np.ascontiguousarray(array[::-1, ::-1])[::-1, ::-1]
    read_only = array.copy()
    read_only.flags.writeable = False
    return {"fortran": fortran, "strided": padded[::2, ::3], "negative": flipped, "read-only": read_only}


@pytest.mark.parametrize("dtype", [np.uint8, np.float32, np.float64])
def test_any_memory_layout_gives_the_same_labels(dtype):
    image, markers = case(dtype=dtype)
    mask = np.random.default_rng(1).random(image.shape) < 0.9
    expected = fewseg.watershed(image, markers, mask=mask)
    for (name, im), mk, ms in zip(layouts(image).items(), layouts(markers).values(), layouts(mask).values()):
        np.testing.assert_array_equal(fewseg.watershed(im, mk, mask=ms), expected, err_msg=name)


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int16, np.uint32, np.uint64, bool])
def test_output_has_the_markers_dtype(dtype):
    image, markers = case()
    if dtype == bool:
        markers = markers > 0
    result = fewseg.watershed(image, markers.astype(dtype))
    assert result.dtype == dtype
    assert result.shape == image.shape
    np.testing.assert_array_equal(result.astype(np.int64), fewseg.watershed(image, markers.astype(np.int64)))


def test_edge_cases_one_pixel_no_seeds_all_masked():
    assert fewseg.watershed(np.zeros((1, 1)), np.ones((1, 1), int)).tolist() == [[1]]
    np.testing.assert_array_equal(fewseg.watershed(np.zeros((4, 4)), np.zeros((4, 4), int)), 0)
    image, markers = case()
    np.testing.assert_array_equal(fewseg.watershed(image, markers, mask=np.zeros(image.shape, bool)), 0)
    np.testing.assert_array_equal(fewseg.watershed(image, 0), 0)
    line = np.arange(7.0).reshape(1, 7)
    np.testing.assert_array_equal(fewseg.watershed(line, np.array([[1, 0, 0, 0, 0, 0, 2]])), [[1, 1, 1, 1, 1, 1, 2]])
    np.testing.assert_array_equal(fewseg.watershed(line.T, np.array([[1, 0, 0, 0, 0, 0, 2]]).T).ravel(), [1, 1, 1, 1, 1, 1, 2])


def test_infinite_and_extreme_values_flood_in_order():
    image = np.array([[-np.inf, 0.0, -0.0, np.inf, 1e308, -1e308, 5e-324]])
    markers = np.array([[1, 0, 0, 0, 0, 0, 2]])
    labels = fewseg.watershed(image, markers)
    assert set(labels.ravel()) <= {1, 2}
    assert labels[0, 0] == 1 and labels[0, -1] == 2


def test_threads_give_the_serial_labels():
    cases = [case(seed, shape=(120, 130)) for seed in range(8)]
    serial = [fewseg.watershed(im, mk) for im, mk in cases]
    results = [None] * len(cases)

    def work(k):
        results[k] = fewseg.watershed(*cases[k])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for got, expected in zip(results, serial):
        np.testing.assert_array_equal(got, expected)
