"""lesion_features of photographs larger than the working resolution: measured as the same
photograph shrunk to it, shape kept in full-resolution pixels, nothing lost for tiny lesions."""

import numpy as np
import pytest

import fewseg
from fewseg.data import synthetic_lesions
from fewseg.lesion._region import largest_filled_region
from fewseg.lesion.features._cielab import srgb_image_to_linear
from fewseg.lesion.features.working_resolution import WORKING_DIAGONAL, shrunk_lesion_window, working_scale
from fewseg.transform import resize_area

LARGE = (1200, 1600)  # diagonal 2000 px
SHRUNK = (614, 819)  # the same at the working diagonal (1023.6 px)
PIXEL_UNITS = {"contour_area": 2, "max_span": 1}  # feature: power of the length scale


def linear_to_srgb(linear):
    linear = np.clip(linear, 0.0, 1.0)
    return np.where(linear <= 0.0031308, 12.92 * linear, 1.055 * linear ** (1 / 2.4) - 0.055)


def shrunk_photograph(image, mask, shape):
    """The photograph as a camera of fewer pixels would take it: averaged in linear light."""
    linear = resize_area(srgb_image_to_linear(image), shape)
    return linear_to_srgb(linear), resize_area(mask.astype(np.float32), shape) >= 0.5


def test_the_working_scale_shrinks_only_larger_images():
    assert working_scale(WORKING_DIAGONAL) == 1.0
    assert working_scale(500.0) == 1.0
    assert working_scale(2 * WORKING_DIAGONAL) == pytest.approx(0.5)
    assert np.hypot(*SHRUNK) <= WORKING_DIAGONAL < np.hypot(SHRUNK[0] + 1, SHRUNK[1] + 1)


@pytest.mark.parametrize("seed", [3, 7])
def test_a_large_photograph_is_measured_like_its_copy_at_working_resolution(seed):
    data = synthetic_lesions(1, seed=seed, shape=LARGE)
    image, mask = data.images[0], data.masks[0]
    before = image.copy()
    large = fewseg.lesion_features(image, mask)
    assert np.array_equal(image, before)
    small = fewseg.lesion_features(*shrunk_photograph(image, mask, SHRUNK))
    assert list(large) == list(small)
    length_scale = np.hypot(*LARGE) / np.hypot(*SHRUNK)
    for name, value in large.items():
        if name in PIXEL_UNITS:  # the full-resolution outline, in its own pixels
            assert value == pytest.approx(small[name] * length_scale ** PIXEL_UNITS[name], rel=0.02), name
        else:  # the window is shrunk on its own grid, not the whole image's: close, not equal
            assert abs(value - small[name]) <= 0.02 * abs(small[name]) + 0.01, (name, value, small[name])


def test_full_resolution_shape_features_are_those_of_the_full_resolution_mask():
    data = synthetic_lesions(1, seed=5, shape=LARGE)
    features = fewseg.lesion_features(data.images[0], data.masks[0])
    lesion = largest_filled_region(data.masks[0]).astype(np.uint8)
    table = fewseg.regionprops_table(lesion, properties=("contour_area", "max_span", "solidity"))
    for name in ("contour_area", "max_span", "solidity"):
        assert features[name] == pytest.approx(table[name][0], rel=1e-12)


@pytest.mark.parametrize("where", ["centre", "corner"])
def test_a_lesion_smaller_than_a_working_pixel_is_still_measured(where):
    image = np.full((3000, 4000, 3), (224, 168, 150), np.uint8)
    mask = np.zeros(image.shape[:2], bool)
    row, col = (1500, 2000) if where == "centre" else (0, 3999)
    mask[row, col] = True
    image[row, col] = (90, 50, 40)
    features = fewseg.lesion_features(image, mask, learned=True)
    assert features["contour_area"] == 0.0 and features["max_span"] == 0.0  # one full-resolution pixel
    assert all(np.isfinite(value) for value in features.values())
    # The working pixel it falls in mixes it with skin: darker than skin, lighter than it.
    assert features["contrast_L"] < 0


def test_a_lesion_filling_a_large_photograph():
    image = np.full((2000, 3000, 3), (120, 80, 60), np.uint8)
    features = fewseg.lesion_features(image, np.ones(image.shape[:2], bool))
    assert features["border_cutoff"] == 0.0
    assert all(np.isfinite(value) for value in features.values())


def test_the_shrunk_window_keeps_one_filled_lesion():
    rng = np.random.default_rng(0)
    linear = rng.random((401, 603, 3)).astype(np.float32)
    region = np.zeros((401, 603), bool)
    region[100:300, 150:450] = True
    region[180:220, 280:320] = False  # a hole, filled at working resolution
    shrunk, lesion = shrunk_lesion_window(linear, region, 0.25)
    assert shrunk.shape == (100, 151, 3) and shrunk.dtype == np.float64
    assert lesion.shape == (100, 151) and lesion[50, 75]
    assert lesion.sum() == pytest.approx(region.sum() / 16 + 100, rel=0.05)  # the hole's 100 filled back
