"""fewseg.watershed against skimage.segmentation.watershed (and cv2.watershed), same run.

    pytest bench/bench_watershed.py --benchmark-only

Every fewseg result is checked equal to scikit-image's before it is timed.
"""

import subprocess
import sys
import threading

import numpy as np
import pytest

import fewseg

segmentation = pytest.importorskip("skimage.segmentation")
filters = pytest.importorskip("skimage.filters")
color = pytest.importorskip("skimage.color")
from ph2data import read_png  # noqa: E402

SKIMAGE_ROUNDS = 5


def point_markers(shape, count, seed):
    markers = np.zeros(shape, np.int32)
    markers.flat[np.random.default_rng(seed).choice(markers.size, count, replace=False)] = np.arange(1, count + 1)
    return markers


@pytest.fixture(scope="module")
def ph2_gradient(ph2_dir):
    return gray_and_sobel(ph2_dir / "IMD002.png")


def gray_and_sobel(path):
    """The PH2 image at `path` in grey levels, and its Sobel gradient (float64)."""
    gray = color.rgb2gray(read_png(path))
    return gray, filters.sobel(gray)


@pytest.fixture(scope="module")
def tiled_gradient(ph2_gradient):
    return tile_3000x2300(ph2_gradient[1])


def tile_3000x2300(gradient):
    """3000 x 2300, `gradient` tiled with alternate flips (no seams)."""
    row = np.concatenate([gradient, gradient[:, ::-1]] * 2, axis=1)
    tile = np.concatenate([row, row[::-1]] * 3, axis=0)
    return np.ascontiguousarray(tile[:3000, :2300])


def two_regions(gray):
    """Lesion and skin seeds from thresholds, as a lesion segmentation makes them."""
    markers = np.zeros(gray.shape, np.int32)
    markers[gray < np.quantile(gray, 0.1)] = 1
    markers[gray > np.quantile(gray, 0.6)] = 2
    return markers


def to_uint8(gradient):
    return np.round(gradient / gradient.max() * 255).astype(np.uint8)


def run(benchmark, function, *args, rounds=None, **kwargs):
    if rounds:
        return benchmark.pedantic(function, args=args, kwargs=kwargs, rounds=rounds, iterations=1)
    return benchmark(function, *args, **kwargs)


@pytest.mark.parametrize("who", ["reference skimage", "fewseg tie_break=skimage", "fewseg tie_break=raster"])
def test_ph2_float64_500_points(benchmark, ph2_gradient, who):
    benchmark.group = "PH2 float64 gradient, 500 points"
    _, gradient = ph2_gradient
    markers = point_markers(gradient.shape, 500, 0)
    expected = segmentation.watershed(gradient, markers)
    if who.startswith("reference"):
        run(benchmark, segmentation.watershed, gradient, markers, rounds=SKIMAGE_ROUNDS * 4)
    else:
        labels = run(benchmark, fewseg.watershed, gradient, markers, tie_break=who.split("=")[1])
        np.testing.assert_array_equal(labels, expected)


@pytest.mark.parametrize("who", ["reference skimage", "fewseg tie_break=skimage", "fewseg tie_break=raster"])
def test_tiled_3000x2300_8000_points(benchmark, tiled_gradient, who):
    benchmark.group = "3000x2300 float64, 8000 points"
    markers = point_markers(tiled_gradient.shape, 8000, 1)
    if who.startswith("reference"):
        run(benchmark, segmentation.watershed, tiled_gradient, markers, rounds=SKIMAGE_ROUNDS)
    else:
        labels = run(benchmark, fewseg.watershed, tiled_gradient, markers, tie_break=who.split("=")[1], rounds=10)
        np.testing.assert_array_equal(labels, segmentation.watershed(tiled_gradient, markers))


@pytest.mark.parametrize("who", ["reference skimage", "fewseg tie_break=skimage", "fewseg tie_break=raster"])
def test_uint8_two_regions(benchmark, ph2_gradient, who):
    benchmark.group = "PH2 uint8 gradient, two regions"
    gray, gradient = ph2_gradient
    image, markers = to_uint8(gradient), two_regions(gray)
    expected = segmentation.watershed(image, markers)
    if who.startswith("reference"):
        run(benchmark, segmentation.watershed, image, markers, rounds=SKIMAGE_ROUNDS * 4)
    else:
        labels = run(benchmark, fewseg.watershed, image, markers, tie_break=who.split("=")[1])
        if who.endswith("skimage"):
            np.testing.assert_array_equal(labels, expected)
        else:  # raster order may settle plateaus between the two labels differently
            assert (labels == expected).mean() > 0.99


def smooth_volume(shape, seed):
    """A smooth random volume of `shape` and its gradient magnitude (float64): the
    kind of image a 3-D or time-lapse (t, z, y, x) segmentation floods."""
    from scipy import ndimage

    noise = np.random.default_rng(seed).random(shape)
    smooth = ndimage.gaussian_filter(noise, 2.0)
    return smooth, ndimage.gaussian_gradient_magnitude(smooth, 1.0)


VOLUMES = {"3-D 64x128x128": (64, 128, 128), "4-D 8x32x64x64": (8, 32, 64, 64)}


@pytest.mark.parametrize("volume", list(VOLUMES))
@pytest.mark.parametrize("who", ["reference skimage", "fewseg tie_break=skimage"])
def test_volume_float64_500_points(benchmark, volume, who):
    benchmark.group = f"{volume} float64 gradient, 500 points"
    _, gradient = smooth_volume(VOLUMES[volume], 0)
    markers = point_markers(gradient.shape, 500, 4)
    if who.startswith("reference"):
        run(benchmark, segmentation.watershed, gradient, markers, rounds=SKIMAGE_ROUNDS)
    else:
        labels = run(benchmark, fewseg.watershed, gradient, markers, rounds=10)
        np.testing.assert_array_equal(labels, segmentation.watershed(gradient, markers))


@pytest.mark.parametrize("volume", list(VOLUMES))
@pytest.mark.parametrize("who", ["reference skimage", "fewseg tie_break=skimage"])
def test_volume_uint8_two_regions(benchmark, volume, who):
    benchmark.group = f"{volume} uint8 gradient, two regions"
    smooth, gradient = smooth_volume(VOLUMES[volume], 1)
    image, markers = to_uint8(gradient), two_regions(smooth)
    if who.startswith("reference"):
        run(benchmark, segmentation.watershed, image, markers, rounds=SKIMAGE_ROUNDS)
    else:
        labels = run(benchmark, fewseg.watershed, image, markers, rounds=10)
        np.testing.assert_array_equal(labels, segmentation.watershed(image, markers))


@pytest.mark.parametrize("who", ["reference cv2.watershed", "fewseg tie_break=skimage", "fewseg tie_break=raster"])
def test_uint8_points_against_opencv(benchmark, ph2_gradient, who):
    benchmark.group = "PH2 uint8 gradient, 500 points, vs OpenCV"
    cv2 = pytest.importorskip("cv2")
    _, gradient = ph2_gradient
    image, markers = to_uint8(gradient), point_markers(gradient.shape, 500, 2)
    if who.startswith("reference"):
        # OpenCV floods a 3-channel image in place; the copy is part of the call.
        rgb = np.ascontiguousarray(np.repeat(image[..., None], 3, axis=2))
        run(benchmark, lambda: cv2.watershed(rgb, markers.copy()))
    else:
        labels = run(benchmark, fewseg.watershed, image, markers, tie_break=who.split("=")[1])
        if who.endswith("skimage"):
            np.testing.assert_array_equal(labels, segmentation.watershed(image, markers))


@pytest.mark.parametrize("who", ["reference one thread, two images", "fewseg two threads, two images"])
def test_two_threads(benchmark, ph2_gradient, tiled_gradient, who):
    """The GIL is released: two threads on two images take about the time of one."""
    benchmark.group = "threads: 2 x 3000x2300 float64 raster"
    images = [tiled_gradient, np.ascontiguousarray(tiled_gradient[::-1])]
    markers = point_markers(tiled_gradient.shape, 8000, 3)

    def serial():
        return [fewseg.watershed(im, markers, tie_break="raster") for im in images]

    def threaded():
        out = [None, None]

        def work(k):
            out[k] = fewseg.watershed(images[k], markers, tie_break="raster")

        threads = [threading.Thread(target=work, args=(k,)) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return out

    result = run(benchmark, serial if who.startswith("reference") else threaded, rounds=5)
    for got, expected in zip(result, serial()):
        np.testing.assert_array_equal(got, expected)


PEAK_SCRIPT = """
import numpy as np, fewseg
image = np.random.default_rng(0).random((3000, 2300)).astype(np.{dtype})
if "{dtype}" == "uint8":
    image = (image * 255).astype(np.uint8)
markers = np.zeros(image.shape, np.int32)
markers.flat[np.random.default_rng(1).choice(image.size, {points}, replace=False)] = 1 + np.arange({points}) % 2
def status_kib(field):
    return next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith(field + ":"))
# Reset the resident high-water mark (Linux clear_refs 5), so the temporaries made above do
# not count, then compare it after the call with the resident memory before it.
with open("/proc/self/clear_refs", "w") as refs:
    refs.write("5")
before = status_kib("VmRSS")
fewseg.watershed(image, markers, tie_break="{tie_break}")
print((status_kib("VmHWM") - before) * 1024 / image.size)
"""


@pytest.mark.parametrize(
    "dtype, points, tie_break",
    [("float64", 8000, "raster"), ("uint8", 8000, "raster"), ("uint8", 200000, "skimage")],
)
def test_peak_extra_memory_per_pixel(benchmark, dtype, points, tie_break):
    """Peak memory the call adds, in bytes per pixel, measured in a fresh process."""
    benchmark.group = "peak extra memory"
    script = PEAK_SCRIPT.format(dtype=dtype, points=points, tie_break=tie_break)
    per_pixel = float(subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout)
    benchmark.extra_info["bytes_per_pixel"] = round(per_pixel, 1)
    benchmark.pedantic(lambda: None, rounds=1)
    assert 0 < per_pixel < 64, per_pixel
