"""fewseg.filters' Gaussian filters equal scipy.ndimage's up to float rounding.

Tolerance: float64 images within 1e-12 of the input's largest magnitude; float32 images
(summed in float32 by fewseg, in float64 by scipy) within 1e-6 of it.
"""

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from scipy import ndimage as ndi

from fewseg.filters import gaussian_filter, gaussian_gradient_magnitude

TOLERANCE = {np.float32: 1e-6, np.float64: 1e-12}
# Shapes that exercise the border rule: lines, single pixels, kernels wider than the image.
EDGE_SHAPES = [(1, 1), (1, 9), (9, 1), (2, 3), (5, 40), (31, 17)]


def assert_close(got, expected, image):
    assert got.dtype == expected.dtype == image.dtype and got.shape == expected.shape
    scale = float(np.abs(image).max()) or 1.0
    np.testing.assert_allclose(got, expected, rtol=0, atol=TOLERANCE[image.dtype.type] * scale)


def random_case(rng, dtype, channels=False):
    shape = tuple(int(n) for n in rng.integers(1, 50, 2))
    if channels:
        shape += (int(rng.integers(1, 5)),)
    magnitude = 10 ** rng.uniform(-3, 3)
    image = (rng.standard_normal(shape) * magnitude + rng.uniform(-1, 1) * magnitude).astype(dtype)
    sigma = [float(s) for s in np.exp(rng.uniform(np.log(0.5), np.log(20), 2))]
    return image, sigma


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_random_images_sigmas_and_orders_match_scipy(dtype):
    rng = np.random.default_rng(11 if dtype is np.float32 else 12)
    for _ in range(60):
        image, sigma = random_case(rng, dtype)
        order = [int(o) for o in rng.integers(0, 2, 2)]
        assert_close(gaussian_filter(image, sigma, order), ndi.gaussian_filter(image, sigma, order), image)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_channels_are_filtered_separately_along_the_first_two_axes(dtype):
    rng = np.random.default_rng(21)
    for _ in range(25):
        image, sigma = random_case(rng, dtype, channels=True)
        order = [int(o) for o in rng.integers(0, 2, 3)]  # the channel axis's order is moot at sigma 0
        got = gaussian_filter(image, sigma + [0], order)
        assert_close(got, ndi.gaussian_filter(image, sigma + [0], order), image)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_gradient_magnitude_matches_scipy(dtype):
    rng = np.random.default_rng(31)
    for _ in range(40):
        image, sigma = random_case(rng, dtype)
        if rng.random() < 0.5:
            sigma = sigma[0]
        assert_close(gaussian_gradient_magnitude(image, sigma), ndi.gaussian_gradient_magnitude(image, sigma), image)


@pytest.mark.parametrize("shape", EDGE_SHAPES)
@pytest.mark.parametrize("sigma", [0.5, 1.0, 3.0, 20.0])
def test_small_and_thin_images(shape, sigma):
    image = np.random.default_rng(len(shape) + int(sigma)).random(shape).astype(np.float32)
    for order in ([0, 0], [1, 0], [0, 1]):
        assert_close(gaussian_filter(image, sigma, order), ndi.gaussian_filter(image, sigma, order), image)
    assert_close(gaussian_gradient_magnitude(image, sigma), ndi.gaussian_gradient_magnitude(image, sigma), image)


@pytest.mark.parametrize("shape", [(1, 1), (2, 3), (7, 4)])
def test_kernels_far_wider_than_the_image(shape):
    # Taps a whole reflection period apart read the same pixel: fewseg folds their weights.
    image = np.random.default_rng(sum(shape)).random(shape)
    for sigma in ([3000.0, 0.7], [5.0, 250.0]):
        for order in ([0, 0], [1, 0], [0, 1], [1, 1]):
            assert_close(gaussian_filter(image, sigma, order), ndi.gaussian_filter(image, sigma, order), image)
        assert_close(gaussian_gradient_magnitude(image, sigma), ndi.gaussian_gradient_magnitude(image, sigma), image)


@pytest.mark.parametrize("sigma", [(0, 2.0), (2.0, 0), (0, 0), (1e-16, 1.5), (0.1, 0.1)])
def test_zero_and_tiny_sigmas_behave_as_in_scipy(sigma):
    # Sigmas <= 1e-15 leave the axis alone; 0.1 gives a one-tap kernel (and a zero derivative).
    image = np.random.default_rng(5).random((12, 14))
    assert_close(gaussian_filter(image, sigma), ndi.gaussian_filter(image, sigma), image)
    assert_close(gaussian_filter(image, sigma, [1, 1]), ndi.gaussian_filter(image, sigma, [1, 1]), image)
    assert_close(gaussian_gradient_magnitude(image, sigma), ndi.gaussian_gradient_magnitude(image, sigma), image)


@pytest.mark.parametrize("truncate", [0.0, 1.0, 2.5, 8.0])
def test_truncate_sets_the_kernel_reach(truncate):
    image = np.random.default_rng(6).random((25, 30))
    expected = ndi.gaussian_filter(image, 3.0, truncate=truncate)
    assert_close(gaussian_filter(image, 3.0, truncate=truncate), expected, image)


def test_derivative_of_a_ramp_is_its_slope():
    # A known answer besides scipy: d/dcol of 2 * col is 2 away from the borders (to the
    # 1e-3 by which the sampled, truncated kernel's second moment misses sigma^2).
    image = np.tile(2.0 * np.arange(40.0), (10, 1))
    derivative = gaussian_filter(image, 2.0, [0, 1])
    np.testing.assert_allclose(derivative[:, 10:30], 2.0, rtol=1e-3)
    np.testing.assert_allclose(gaussian_filter(image, 2.0, [1, 0]), 0.0, atol=1e-12)


def test_smoothing_keeps_the_mean_and_constants():
    image = np.full((17, 23), 0.25, np.float32)
    np.testing.assert_allclose(gaussian_filter(image, 4.0), 0.25, rtol=1e-6)
    noise = np.random.default_rng(8).random((64, 64))
    assert abs(gaussian_filter(noise, 2.0).mean() - noise.mean()) < 0.01


@pytest.mark.parametrize("layout", ["F", "reversed", "strided", "channels_strided"])
def test_any_memory_layout(layout):
    base = np.random.default_rng(9).random((40, 60, 3)).astype(np.float32)
    image = {
        "F": np.asfortranarray(base[..., 0]),
        "reversed": base[::-1, ::-1, 1],
        "strided": base[::2, ::3, 2],
        "channels_strided": np.asfortranarray(base)[::-1, ::2, ::-1],
    }[layout]
    sigma = [1.5, 2.5] + [0] * (image.ndim - 2)
    assert_close(gaussian_filter(image, sigma), ndi.gaussian_filter(image, sigma), image)
    if image.ndim == 2:
        assert_close(gaussian_gradient_magnitude(image, 1.0), ndi.gaussian_gradient_magnitude(image, 1.0), image)


def test_output_argument_and_input_not_modified():
    image = np.random.default_rng(10).random((20, 20)).astype(np.float32)
    before = image.copy()
    output = np.empty_like(image)
    assert gaussian_filter(image, 2.0, output=output) is output
    assert_close(output, ndi.gaussian_filter(image, 2.0), image)
    assert gaussian_gradient_magnitude(image, 1.0, output=output) is output
    np.testing.assert_array_equal(image, before)


def test_threads_give_the_serial_results():
    rng = np.random.default_rng(12)
    images = [rng.random((97, 131)).astype(np.float32) for _ in range(16)]

    def work(image):
        return gaussian_filter(image, 3.0), gaussian_gradient_magnitude(image, 1.5)

    serial = [work(image) for image in images]
    with ThreadPoolExecutor(8) as pool:
        threaded = list(pool.map(work, images))
    for (a, b), (c, d) in zip(serial, threaded):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)


IMAGE = np.zeros((4, 4), np.float32)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: gaussian_filter(np.zeros((4, 4), np.uint8), 1), TypeError, "input: expected float32 or float64"),
        (lambda: gaussian_filter(np.zeros(4, np.float32), 1), ValueError, "input: expected a 2-D or 3-D"),
        (lambda: gaussian_filter(np.zeros((0, 4), np.float32), 1), ValueError, "input: empty"),
        (lambda: gaussian_filter(np.array([[np.nan]], np.float32), 1), ValueError, "input: contains NaN"),
        (lambda: gaussian_filter(np.array([[np.inf]]), 1), ValueError, "input: contains NaN or infinite"),
        (lambda: gaussian_filter(np.array([["a"]]), 1), TypeError, "input"),
        (lambda: gaussian_filter(IMAGE, -1), ValueError, "sigma: expected finite values >= 0"),
        (lambda: gaussian_filter(IMAGE, np.nan), ValueError, "sigma"),
        (lambda: gaussian_filter(IMAGE, "2"), TypeError, "sigma"),
        (lambda: gaussian_filter(IMAGE, True), TypeError, "sigma"),
        (lambda: gaussian_filter(IMAGE, [1, 2, 3]), ValueError, "sigma: expected 2 values"),
        (lambda: gaussian_filter(IMAGE, 1e30), ValueError, "sigma: truncate \\* sigma is too large"),
        (lambda: gaussian_filter(np.zeros((4, 4, 3)), 1), ValueError, "sigma: a single value"),
        (lambda: gaussian_filter(np.zeros((4, 4, 3)), (1, 1, 1)), ValueError, "sigma: an \\(M, N, C\\) image"),
        (lambda: gaussian_filter(IMAGE, 1, order=2), ValueError, "order: only orders 0"),
        (lambda: gaussian_filter(IMAGE, 1, order=0.5), TypeError, "order"),
        (lambda: gaussian_filter(IMAGE, 1, mode="nearest"), ValueError, "mode"),
        (lambda: gaussian_filter(IMAGE, 1, truncate=-1), ValueError, "truncate"),
        (lambda: gaussian_filter(IMAGE, 1, output=np.zeros((4, 4))), ValueError, "output"),
        (lambda: gaussian_gradient_magnitude(np.zeros((4, 4, 3), np.float32), 1), ValueError, "input: expected a 2-D"),
        (lambda: gaussian_gradient_magnitude(IMAGE, [1, 2, 3]), ValueError, "sigma"),
    ],
)
def test_bad_arguments_raise_clear_errors(call, error, match):
    with pytest.raises(error, match=match):
        call()
