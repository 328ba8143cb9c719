"""fewseg.morphology equals skimage.morphology on 2-D images, pixel for pixel."""

import numpy as np
import pytest

import fewseg.morphology as fm

sm = pytest.importorskip("skimage.morphology")

OPERATIONS = ["erosion", "dilation", "opening", "closing", "white_tophat", "black_tophat"]
DTYPES = ["bool", "uint8", "uint16", "float32", "float64"]


def random_image(rng, shape, dtype):
    if dtype == "bool":
        return rng.random(shape) < 0.5
    if dtype == "uint16":
        return rng.integers(0, 65536, shape).astype(np.uint16)
    if dtype == "uint8":
        return rng.integers(0, 256, shape).astype(np.uint8)
    return rng.standard_normal(shape).astype(dtype)


@pytest.mark.parametrize("operation", OPERATIONS)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", ["reflect", "ignore"])
def test_random_images_and_footprints_match_skimage(operation, dtype, mode):
    rng = np.random.default_rng([OPERATIONS.index(operation), DTYPES.index(dtype), len(mode)])
    for _ in range(25):
        shape = tuple(int(n) for n in rng.integers(1, 24, 2))
        image = random_image(rng, shape, dtype)
        footprint = rng.random(tuple(int(n) for n in rng.integers(1, 8, 2))) < 0.6
        footprint.flat[rng.integers(footprint.size)] = True
        expected = getattr(sm, operation)(image, footprint, mode=mode)
        got = getattr(fm, operation)(image, footprint, mode=mode)
        assert got.dtype == expected.dtype
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("radius", [1, 4, 12])
def test_disks_on_a_photograph_sized_image(radius):
    image = np.random.default_rng(radius).random((120, 170)).astype(np.float32)
    footprint = sm.disk(radius)
    np.testing.assert_array_equal(fm.black_tophat(image, footprint), sm.black_tophat(image, footprint))
    np.testing.assert_array_equal(fm.opening(image, footprint), sm.opening(image, footprint))


@pytest.mark.parametrize("order", ["C", "F", "reversed", "strided"])
def test_any_memory_layout(order):
    base = np.random.default_rng(7).random((40, 60))
    image = {"C": base, "F": np.asfortranarray(base), "reversed": base[::-1, ::-1], "strided": base[::2, ::3]}[order]
    footprint = sm.disk(2)
    np.testing.assert_array_equal(fm.closing(image, footprint), sm.closing(image, footprint))


def test_default_footprint_is_the_cross():
    image = np.random.default_rng(3).random((15, 11))
    np.testing.assert_array_equal(fm.erosion(image), sm.erosion(image))
    np.testing.assert_array_equal(fm.dilation(image), sm.dilation(image))


def test_out_argument_is_filled():
    image = np.random.default_rng(4).random((9, 9))
    out = np.empty_like(image)
    result = fm.dilation(image, sm.disk(1), out=out)
    assert result is out
    np.testing.assert_array_equal(out, sm.dilation(image, sm.disk(1)))


def test_input_is_not_modified():
    image = np.random.default_rng(5).random((20, 20))
    before = image.copy()
    for operation in OPERATIONS:
        getattr(fm, operation)(image, sm.disk(2))
    np.testing.assert_array_equal(image, before)


@pytest.mark.parametrize(
    "image, footprint, error, match",
    [
        (np.zeros((4, 4, 4)), None, ValueError, "image: expected a 2-D"),
        (np.zeros((0, 4)), None, ValueError, "image: empty"),
        (np.zeros((4, 4), np.int32), None, TypeError, "image: expected bool, uint8"),
        (np.array([[np.nan, 1.0]]), None, ValueError, "image: contains NaN"),
        (np.zeros((4, 4)), np.zeros((3, 3)), ValueError, "footprint: no pixel"),
        (np.zeros((4, 4)), np.ones(3), ValueError, "footprint: expected a 2-D"),
        (np.array([["a"]]), None, TypeError, "image"),
    ],
)
def test_bad_arguments_raise_clear_errors(image, footprint, error, match):
    with pytest.raises(error, match=match):
        fm.erosion(image, footprint)


def test_bad_mode_and_out():
    with pytest.raises(ValueError, match="mode"):
        fm.erosion(np.zeros((3, 3)), mode="wrap")
    with pytest.raises(ValueError, match="out"):
        fm.erosion(np.zeros((3, 3)), out=np.zeros((2, 2)))
