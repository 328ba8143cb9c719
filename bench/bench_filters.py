"""fewseg.filters' Gaussians against scipy.ndimage's, same run.

    pytest bench/bench_filters.py --benchmark-only

On a PH2 image, at full size (765 x 572) and at segment_lesion's working size (384 x 287),
float32 as segment_lesion uses them. Every fewseg result is checked against scipy's (to
1e-6 of the image's range) before it is timed.
"""

import threading

import numpy as np
import pytest
from scipy import ndimage as ndi

from fewseg.filters import gaussian_filter, gaussian_gradient_magnitude
from fewseg.transform import resize_area
from ph2data import read_png  # noqa: E402

WHO = ["reference scipy", "fewseg"]


@pytest.fixture(scope="module")
def rgb(ph2_dir):
    return (read_png(ph2_dir / "IMD002.png") / np.float32(255)).astype(np.float32)


@pytest.fixture(scope="module")
def working_rgb(rgb):
    return resize_area(rgb, (384, 287))


def check(got, expected, image):
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-6 * float(np.abs(image).max()))


def compare(benchmark, who, ours, reference, image):
    if who.startswith("reference"):
        benchmark(reference)
    else:
        check(benchmark(ours), reference(), image)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("sigma", [1.0, 2.0, 16.0])
def test_rgb_working_size(benchmark, working_rgb, sigma, who):
    benchmark.group = f"gaussian (384, 287, 3) float32, sigma {sigma:g}"
    sigmas = (sigma, sigma, 0)
    compare(benchmark, who, lambda: gaussian_filter(working_rgb, sigmas),
            lambda: ndi.gaussian_filter(working_rgb, sigmas), working_rgb)


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("sigma", [1.0, 4.0])
def test_grey_full_size(benchmark, rgb, sigma, who):
    benchmark.group = f"gaussian (765, 572) float32, sigma {sigma:g}"
    grey = np.ascontiguousarray(rgb[..., 1])
    compare(benchmark, who, lambda: gaussian_filter(grey, sigma), lambda: ndi.gaussian_filter(grey, sigma), grey)


@pytest.mark.parametrize("who", WHO)
def test_gradient_magnitude(benchmark, working_rgb, who):
    benchmark.group = "gaussian_gradient_magnitude (384, 287) float32, sigma 1"
    grey = np.ascontiguousarray(working_rgb[..., 1])
    compare(benchmark, who, lambda: gaussian_gradient_magnitude(grey, 1.0),
            lambda: ndi.gaussian_gradient_magnitude(grey, 1.0), grey)


@pytest.mark.parametrize("who", ["reference scipy, 1 thread", "scipy, 2 threads", "fewseg, 1 thread",
                                 "fewseg, 2 threads"])
def test_two_threads(benchmark, working_rgb, who):
    """Eight working-size images, sigma 4, on one thread or split over two."""
    benchmark.group = "threads: 8 x gaussian (384, 287, 3) sigma 4"
    images = [np.ascontiguousarray(np.roll(working_rgb, k * 17, axis=1)) for k in range(8)]
    function = ndi.gaussian_filter if "scipy" in who else gaussian_filter

    def work(part, out):
        for k in part:
            out[k] = function(images[k], (4.0, 4.0, 0))

    def run():
        out = [None] * len(images)
        if "2 threads" in who:
            threads = [threading.Thread(target=work, args=(range(i, 8, 2), out)) for i in range(2)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        else:
            work(range(8), out)
        return out

    results = benchmark(run)
    for image, got in zip(images, results):
        check(got, ndi.gaussian_filter(image, (4.0, 4.0, 0)), image)
