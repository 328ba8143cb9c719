"""fewseg.transform.resize_area equals OpenCV's INTER_AREA (and scikit-image's
downscale_local_mean for whole factors); resize_bilinear equals scikit-image's order-1
resize."""

import numpy as np
import pytest

from fewseg.transform import resize_area, resize_bilinear

cv2 = pytest.importorskip("cv2")
skimage_transform = pytest.importorskip("skimage.transform")


def random_image(rng, channels):
    shape = tuple(int(n) for n in rng.integers(1, 70, 2)) + ((channels,) if channels else ())
    return rng.random(shape)


@pytest.mark.parametrize("channels", [0, 1, 3])
def test_area_matches_opencv(channels):
    rng = np.random.default_rng(channels)
    for _ in range(40):
        image = random_image(rng, channels)
        rows, cols = (int(rng.integers(1, n + 1)) for n in image.shape[:2])
        expected = cv2.resize(image, (cols, rows), interpolation=cv2.INTER_AREA)
        got = resize_area(image, (rows, cols))
        # OpenCV computes its area weights in float32.
        np.testing.assert_allclose(got.reshape(expected.shape), expected, atol=1e-6)
        assert got.shape == (rows, cols) + image.shape[2:]
        assert got.dtype == np.float64


@pytest.mark.parametrize("factor", [1, 2, 3, 5])
def test_area_whole_factors_match_downscale_local_mean(factor):
    rng = np.random.default_rng(factor)
    image = rng.integers(0, 256, (factor * 17, factor * 23, 3)).astype(np.uint8)
    expected = skimage_transform.downscale_local_mean(image, (factor, factor, 1))
    got = resize_area(image, (17, 23))
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, expected, rtol=1e-6)


@pytest.mark.parametrize("channels", [0, 3])
def test_bilinear_matches_skimage(channels):
    rng = np.random.default_rng(10 + channels)
    for _ in range(40):
        image = random_image(rng, channels)
        shape = tuple(int(n) for n in rng.integers(1, 150, 2))
        expected = skimage_transform.resize(
            image, shape, order=1, mode="edge", anti_aliasing=False, preserve_range=True
        )
        np.testing.assert_allclose(resize_bilinear(image, shape), expected, atol=1e-12)


@pytest.mark.parametrize("order", ["F", "reversed", "strided"])
def test_any_memory_layout(order):
    base = np.random.default_rng(2).random((60, 80, 3))
    image = {"F": np.asfortranarray(base), "reversed": base[::-1, ::-1, ::-1], "strided": base[::2, ::3]}[order]
    np.testing.assert_allclose(resize_area(image, (10, 9)), resize_area(np.ascontiguousarray(image), (10, 9)))
    np.testing.assert_allclose(
        resize_bilinear(image, (70, 90)), resize_bilinear(np.ascontiguousarray(image), (70, 90))
    )


def test_input_is_not_modified():
    image = np.random.default_rng(3).random((30, 30, 3))
    before = image.copy()
    resize_area(image, (7, 7))
    resize_bilinear(image, (50, 50))
    np.testing.assert_array_equal(image, before)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: resize_area(np.zeros((10, 10)), (11, 5)), ValueError, "only shrinks"),
        (lambda: resize_area(np.zeros((10, 10)), (0, 5)), ValueError, "at least 1"),
        (lambda: resize_area(np.zeros((10, 10)), (2.5, 5)), TypeError, "output_shape"),
        (lambda: resize_area(np.zeros((10, 10)), 5), TypeError, "output_shape"),
        (lambda: resize_bilinear(np.zeros(10), (5, 5)), ValueError, "image: expected a 2-D or 3-D"),
        (lambda: resize_bilinear(np.zeros((0, 3)), (5, 5)), ValueError, "image: empty"),
        (lambda: resize_bilinear(np.full((2, 2), np.nan), (5, 5)), ValueError, "NaN"),
        (lambda: resize_bilinear(np.zeros((2, 2), complex), (5, 5)), TypeError, "image"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
