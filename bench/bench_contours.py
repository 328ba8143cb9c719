"""fewseg.trace_contours against cv2.findContours, and fewseg.find_contours against
skimage.measure.find_contours, same run.

    pytest bench/bench_contours.py --benchmark-only

Every fewseg result is checked equal to the reference's (OpenCV's points and hierarchy,
scikit-image's arrays) before it is timed. find_contours runs on lesion probability maps:
the lesion prior's (fewseg.lesion.prior) probability, float32 as the network gives it,
at the size of each PH2 image and at 3000x2300, at level 0.5.
"""

import numpy as np
import pytest

import fewseg

cv2 = pytest.importorskip("cv2")
from ph2data import ph2_names, read_png  # noqa: E402

MODES = {"external": cv2.RETR_EXTERNAL, "list": cv2.RETR_LIST, "ccomp": cv2.RETR_CCOMP, "tree": cv2.RETR_TREE}


@pytest.fixture(scope="module")
def ph2_masks(ph2_dir):
    # As OpenCV reads them: uint8, 0 and 255 (the PNGs are 1-bit).
    return [(read_png(ph2_dir / f"{name}_lesion.png") > 0).astype(np.uint8) * 255 for name in ph2_names()]


@pytest.fixture(scope="module")
def noisy_mask(ph2_masks):
    """3000 x 2300: PH2 lesion masks tiled, with 10 % of the pixels flipped."""
    tiles = [mask[:560, :760] > 0 for mask in ph2_masks[:12]]  # PH2 images differ by a few pixels
    rows = [np.concatenate(tiles[4 * k : 4 * k + 4], axis=1) for k in range(3)]
    mask = np.concatenate(rows * 2, axis=0)[:3000, :2300]
    flip = np.random.default_rng(0).random(mask.shape) < 0.1
    return np.ascontiguousarray((mask ^ flip).astype(np.uint8) * 255)


def opencv(mask, mode):
    return cv2.findContours(mask, MODES[mode], cv2.CHAIN_APPROX_NONE)


def ours(mask, mode):
    return fewseg.trace_contours(mask, mode=mode)


def assert_same(mask, mode):
    contours, hierarchy = ours(mask, mode)
    ref_contours, ref_hierarchy = opencv(mask, mode)
    assert len(contours) == len(ref_contours)
    for got, expected in zip(contours, ref_contours):
        np.testing.assert_array_equal(got, expected[:, 0, ::-1])
    if ref_hierarchy is not None:
        np.testing.assert_array_equal(hierarchy, ref_hierarchy[0])


@pytest.mark.parametrize("mode", ["external", "tree"])
@pytest.mark.parametrize("who", ["reference cv2.findContours", "fewseg.trace_contours"])
def test_ph2_masks(benchmark, ph2_masks, mode, who):
    benchmark.group = f"120 PH2 lesion masks, {mode}"
    function = opencv if who.startswith("reference") else ours
    if not who.startswith("reference"):
        for mask in ph2_masks:
            assert_same(mask, mode)
    benchmark(lambda: [function(mask, mode) for mask in ph2_masks])


@pytest.mark.parametrize("mode", ["external", "list"])
@pytest.mark.parametrize("who", ["reference cv2.findContours", "fewseg.trace_contours"])
def test_noisy_3000x2300(benchmark, noisy_mask, mode, who):
    # ccomp and tree are left out: OpenCV takes tens of seconds on this mask there (it
    # retraces borders to tell its wrapped 7-bit border numbers apart).
    benchmark.group = f"3000x2300 noisy mask, {mode}"
    if who.startswith("reference"):
        benchmark.pedantic(opencv, args=(noisy_mask, mode), rounds=5, iterations=1)
    else:
        assert_same(noisy_mask, mode)
        benchmark.pedantic(ours, args=(noisy_mask, mode), rounds=5, iterations=1)


def lesion_probability(rgb, shape):
    """The lesion prior's probability for an RGB image, bilinearly resized to `shape`
    (float32, as segment_lesion's evidence is made)."""
    from fewseg.lesion.prior import network_input, shared_prior
    from fewseg.transform import resize_bilinear

    logits = resize_bilinear(shared_prior().logits(network_input(rgb, 1 / 255)), shape)
    return (1 / (1 + np.exp(-logits))).astype(np.float32)


@pytest.fixture(scope="module")
def probability_maps(ph2_dir):
    maps = []
    for name in ph2_names()[::4]:  # 30 of the 120 images: the reference takes ~10 ms each
        rgb = read_png(ph2_dir / f"{name}.png")
        maps.append(lesion_probability(rgb, rgb.shape[:2]))
    return maps


@pytest.fixture(scope="module")
def large_probability_map(ph2_dir):
    return lesion_probability(read_png(ph2_dir / f"{ph2_names()[0]}.png"), (3000, 2300))


def assert_same_iso_contours(image, level):
    got = fewseg.find_contours(image, level)
    expected = skimage_find_contours(image, level)
    assert len(got) == len(expected) > 0
    for g, e in zip(got, expected):
        np.testing.assert_array_equal(g, e)


def skimage_find_contours(image, level):
    from skimage.measure import find_contours

    return find_contours(image, level)


@pytest.mark.parametrize("who", ["reference skimage.measure.find_contours", "fewseg.find_contours"])
def test_ph2_probability_maps(benchmark, probability_maps, who):
    benchmark.group = "find_contours, 30 PH2 lesion probability maps, level 0.5"
    function = skimage_find_contours if who.startswith("reference") else fewseg.find_contours
    if not who.startswith("reference"):
        for image in probability_maps:
            assert_same_iso_contours(image, 0.5)
    benchmark.pedantic(lambda: [function(image, 0.5) for image in probability_maps], rounds=5, iterations=1)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("who", ["reference skimage.measure.find_contours", "fewseg.find_contours"])
def test_probability_map_3000x2300(benchmark, large_probability_map, who, dtype):
    # float64 too: twice the bytes to read, where fewseg's time is mostly reading.
    benchmark.group = f"find_contours, 3000x2300 lesion probability map ({dtype}), level 0.5"
    image = large_probability_map.astype(dtype)
    function = skimage_find_contours if who.startswith("reference") else fewseg.find_contours
    if not who.startswith("reference"):
        assert_same_iso_contours(image, 0.5)
    benchmark.pedantic(function, args=(image, 0.5), rounds=10, iterations=1)
