"""fewseg.segment_lesion on PH2 and synthetic images, and on bad input."""

import warnings

import numpy as np
import pytest
from scipy import ndimage as ndi

import fewseg
from fewseg.data import synthetic_lesions
from fewseg.lesion import NoLesionWarning
from fewseg.metrics import dice, jaccard
from ph2data import ph2_names, read_png


def test_ph2_subset_dice(ph2_dir):
    scores = []
    for name in ph2_names()[::4]:
        image = read_png(ph2_dir / f"{name}.png")
        truth = read_png(ph2_dir / f"{name}_lesion.png") > 0
        mask = fewseg.segment_lesion(image)
        assert mask.shape == truth.shape and mask.dtype == bool
        scores.append(dice(mask, truth))
    # Full set (fewseg evaluate segmentation ../shared/data/ph2): mean 0.921, median 0.948, one image below 0.6.
    assert np.mean(scores) > 0.88


def test_synthetic_lesions_and_robustness():
    data = synthetic_lesions(6, seed=8)
    for image, truth in zip(data.images, data.masks):
        before = image.copy()
        mask = fewseg.segment_lesion(image)
        np.testing.assert_array_equal(image, before)
        assert dice(mask, truth) > 0.85
        # Large images: the same lesion at 3x, in bounded time (fixed working resolution).
        big = np.repeat(np.repeat(image, 3, axis=0), 3, axis=1)
        big_mask = fewseg.segment_lesion(big)
        assert big_mask.shape == big.shape[:2]
        assert dice(big_mask[::3, ::3], truth) > 0.85
        # A black frame around the image does not become the lesion.
        framed = image.copy()
        framed[:12], framed[-12:], framed[:, :12], framed[:, -12:] = 0, 0, 0, 0
        assert dice(fewseg.segment_lesion(framed), truth) > 0.8
        # Float input in [0, 1] gives the same mask as uint8.
        np.testing.assert_array_equal(fewseg.segment_lesion(image / 255.0), mask)


@pytest.mark.parametrize(
    "image, error, word",
    [
        (np.zeros((64, 64), np.uint8), ValueError, "RGB"),
        (np.zeros((64, 64, 4), np.uint8), ValueError, "alpha"),
        (np.zeros((8, 8, 3), np.uint8), ValueError, "small"),
        (np.full((64, 64, 3), np.nan), ValueError, "NaN"),
        (np.full((64, 64, 3), 2.0), ValueError, "0, 1"),
        (np.full((64, 64, 3), "a"), TypeError, "image"),
    ],
)
def test_bad_input(image, error, word):
    with pytest.raises(error, match=word):
        fewseg.segment_lesion(image)


def test_uniform_image_gives_an_empty_mask_with_a_warning():
    with pytest.warns(NoLesionWarning):
        mask = fewseg.segment_lesion(np.full((64, 80, 3), 128, np.uint8))
    assert mask.shape == (64, 80) and not mask.any()


def test_dice_and_jaccard():
    a = np.zeros((4, 4), bool)
    b = a.copy()
    a[:2] = True
    b[1:3] = True
    assert dice(a, b) == 0.5 and jaccard(a, b) == pytest.approx(1 / 3)
    assert dice(np.zeros(3), np.zeros(3)) == 1.0
    with pytest.raises(ValueError, match="mask_b: shape"):
        dice(np.zeros(3), np.zeros(4))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert jaccard(a, a) == 1.0


def test_skin_without_a_lesion_gives_an_empty_mask_with_a_warning():
    rng = np.random.default_rng(3)
    texture = ndi.gaussian_filter(rng.standard_normal((300, 400, 3)), (3, 3, 0))
    skin = np.clip(np.array([0.85, 0.65, 0.6]) + 0.3 * texture, 0, 1)
    with pytest.warns(NoLesionWarning, match="differ"):
        mask = fewseg.segment_lesion(skin)
    assert mask.shape == (300, 400) and not mask.any()
