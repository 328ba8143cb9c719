"""One rule for images (fewseg._images.rgb_image) and one for masks (fewseg._validation.as_mask):
every public function that takes a dermoscopy image or a mask refuses the same bad inputs with
the same error naming the argument, and reads the same good inputs alike."""

import re
import warnings

import numpy as np
import pytest

import fewseg
from fewseg._images import rgb_image
from fewseg._validation import as_mask
from fewseg.data import synthetic_lesions
from fewseg.lesion import LesionSegmenter, NoLesionWarning
from fewseg.lesion.prior import network_input
from fewseg.metrics import dice, jaccard

FAST = {"lesion_options": {"working_size": 128}, "samples_per_image": 300}


@pytest.fixture(scope="module")
def lesion():
    data = synthetic_lesions(2, seed=5, shape=(96, 128))
    return data.images, data.masks


@pytest.fixture(scope="module")
def fitted(lesion):
    images, masks = lesion
    return LesionSegmenter(**FAST).fit(images[:1], masks[:1])


def _quiet(function):
    def call(*args):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", NoLesionWarning)
            return function(*args)

    return call


# Each public function taking an image: how to call it on one image (given a mask for the
# image's shape where it needs one) and the name its errors start with.
IMAGE_TAKERS = {
    "segment_lesion": (lambda f, image, mask: fewseg.segment_lesion(image, method="colour"), "image"),
    "LesionSegmenter.fit": (lambda f, image, mask: LesionSegmenter(**FAST).fit([image], [mask]), "images[0]"),
    "LesionSegmenter.fit unlabelled": (
        lambda f, image, mask: LesionSegmenter(**FAST).fit([f[0]], [f[1]], [f[0], image]),
        "unlabelled_images[1]",
    ),
    "LesionSegmenter.predict": (lambda f, image, mask: f[2].predict([f[0], image]), "images[1]"),
    "lesion_features": (lambda f, image, mask: fewseg.lesion_features(image, mask), "image"),
    "extract_features": (lambda f, image, mask: fewseg.extract_features([f[0], image], [f[1], mask]), "images[1]"),
    "network_input": (lambda f, image, mask: network_input(image), "image"),
}

# Bad images (40 x 48, so that no pipeline refuses them for their size first): the error
# type and the start of the message after the argument's name.
BAD_IMAGES = {
    "two channels": (np.zeros((40, 48, 2), np.uint8), ValueError, "expected an RGB image of shape"),
    "1-D": (np.zeros(40, np.uint8), ValueError, "expected an RGB image of shape"),
    "4-D": (np.zeros((1, 40, 48, 3), np.uint8), ValueError, "expected an RGB image of shape"),
    "NaN": (np.full((40, 48, 3), np.nan), ValueError, "contains NaN or infinite values"),
    "inf": (np.full((40, 48, 3), np.inf, np.float32), ValueError, "contains NaN or infinite values"),
    "above 1": (np.full((40, 48, 3), 2.0), ValueError, "float values must lie in [0, 1]"),
    "negative": (np.full((40, 48, 3), -0.5, np.float32), ValueError, "float values must lie in [0, 1]"),
    "empty": (np.zeros((0, 48, 3), np.uint8), ValueError, "too small"),
    "int32": (np.zeros((40, 48, 3), np.int32), TypeError, "expected uint8, uint16 or float values"),
    "bool": (np.zeros((40, 48, 3), bool), TypeError, "expected uint8, uint16 or float values"),
    "strings": (np.full((40, 48, 3), "a"), TypeError, "expected a real-valued numeric array"),
    "complex": (np.zeros((40, 48, 3), np.complex64), TypeError, "expected a real-valued numeric array"),
}


@pytest.mark.parametrize("bad", BAD_IMAGES)
@pytest.mark.parametrize("taker", IMAGE_TAKERS)
def test_bad_images_get_the_one_rules_error(taker, bad, lesion, fitted):
    call, name = IMAGE_TAKERS[taker]
    image, error, message = BAD_IMAGES[bad]
    before = image.copy()
    mask = np.ones(image.shape[:2], bool)
    with pytest.raises(error, match="^" + re.escape(f"{name}: {message}")):
        call((lesion[0][0], lesion[1][0], fitted), image, mask)
    with pytest.raises(error, match="^" + re.escape(f"{name}: {message}")):
        rgb_image(image, name)  # the same error from the one validator
    np.testing.assert_array_equal(image, before)


def test_extract_features_names_the_image_it_segments(lesion):
    images = [lesion[0][0], np.full((40, 48, 3), 2.0)]
    with pytest.raises(ValueError, match=r"^images\[1\]: float values must lie in \[0, 1\]"):
        fewseg.extract_features(images)
    with pytest.raises(ValueError, match=r"^images\[1\]: too small \(20x48\); expected at least 32"):
        fewseg.extract_features([lesion[0][0], np.zeros((20, 48, 3), np.uint8)])


def test_segmentation_needs_32_pixels_a_side():
    with pytest.raises(ValueError, match=r"^image: too small \(20x48\); expected at least 32 pixels"):
        fewseg.segment_lesion(np.zeros((20, 48, 3), np.uint8))
    assert fewseg.lesion_features(np.zeros((3, 3, 3)), np.ones((3, 3), bool))["contour_area"] > 0


def _same_reading(lesion, fitted):
    """Each image taker's result on an image, as comparable arrays."""
    image_0, mask_0 = lesion[0][0], lesion[1][0]
    return {
        "segment_lesion": lambda image: fewseg.segment_lesion(image),
        "segment_lesion colour": lambda image: fewseg.segment_lesion(image, method="colour"),
        "LesionSegmenter.predict": lambda image: fitted.predict([image])[0],
        "LesionSegmenter.fit": lambda image: LesionSegmenter(**FAST).fit([image], [mask_0]).predict([image_0])[0],
        "lesion_features": lambda image: np.array(list(fewseg.lesion_features(image, mask_0).values())),
        "extract_features": lambda image: fewseg.extract_features([image], [mask_0])[0],
        "network_input": lambda image: network_input(image),
    }


@pytest.mark.parametrize(
    "taker",
    ["segment_lesion", "segment_lesion colour", "LesionSegmenter.predict", "LesionSegmenter.fit",
     "lesion_features", "extract_features", "network_input"],
)
def test_grey_and_rgba_read_as_rgb(taker, lesion, fitted):
    """A grey image is the RGB image of three equal channels; RGBA's alpha is ignored."""
    run = _quiet(_same_reading(lesion, fitted)[taker])
    image = lesion[0][0]
    grey = image[..., 1].copy()
    rgba = np.dstack([image, np.arange(grey.size, dtype=np.uint8).reshape(grey.shape)])
    before = grey.copy(), rgba.copy()
    np.testing.assert_array_equal(run(grey), run(np.dstack([grey] * 3)))
    np.testing.assert_array_equal(run(grey[..., None]), run(np.dstack([grey] * 3)))
    np.testing.assert_array_equal(run(rgba), run(image))
    np.testing.assert_array_equal(before[0], grey)
    np.testing.assert_array_equal(before[1], rgba)


@pytest.mark.parametrize("taker", ["segment_lesion", "LesionSegmenter.predict", "lesion_features", "network_input"])
def test_uint16_and_float_read_as_the_same_colours(taker, lesion, fitted):
    """uint16 (values 257 times uint8's) and float (over 255) images are the same colours:
    results agree with uint8's to rounding (masks to a few border pixels); float16 holds
    them to about three digits."""
    run = _quiet(_same_reading(lesion, fitted)[taker])
    image = lesion[0][0]
    reference = run(image)
    for other, tolerance in [(image.astype(np.uint16) * 257, 1e-5), (image / 255.0, 1e-5),
                             ((image / 255.0).astype(np.float16), 2e-2)]:
        result = run(other)
        if result.dtype == bool:
            assert dice(result, reference) > 0.98
        else:
            np.testing.assert_allclose(result, reference, rtol=tolerance, atol=tolerance)


def test_float16_is_widened_to_float32():
    image = np.full((4, 4, 3), 0.5, np.float16)
    rgb, factor = rgb_image(image)
    assert rgb.dtype == np.float32 and factor == 1.0 and image.dtype == np.float16


# Each public function taking a mask: how to call it with an image and a mask, and the names
# its errors give for the mask and for the array the mask's shape must match.
MASK_TAKERS = {
    "lesion_features": (lambda image, good, mask: fewseg.lesion_features(image, mask), "mask", "image"),
    "extract_features": (lambda image, good, mask: fewseg.extract_features([image, image], [good, mask]),
                         "masks[1]", "images[1]"),
    "LesionSegmenter.fit": (lambda image, good, mask: LesionSegmenter(**FAST).fit([image, image], [good, mask]),
                            "masks[1]", "images[1]"),
    "dice": (lambda image, good, mask: dice(good, mask), "mask_b", "mask_a"),
    "jaccard": (lambda image, good, mask: jaccard(good, mask), "mask_b", "mask_a"),
}

BAD_MASKS = {
    "probabilities": (lambda m: m * 0.5, ValueError, "float values must be 0 or 1 (a mask)"),
    "NaN": (lambda m: np.where(m, np.nan, 0.0), ValueError, "contains NaN or infinite values"),
    "strings": (lambda m: np.where(m, "a", "b"), TypeError, "expected a real-valued numeric array"),
    "wrong shape": (lambda m: m[:-1], ValueError, "shape (95, 128) differs from {other} shape (96, 128)"),
    "transposed": (lambda m: m.T, ValueError, "shape (128, 96) differs from {other} shape (96, 128)"),
}


@pytest.mark.parametrize("bad", BAD_MASKS)
@pytest.mark.parametrize("taker", MASK_TAKERS)
def test_bad_masks_get_the_one_rules_error(taker, bad, lesion):
    call, name, other = MASK_TAKERS[taker]
    make, error, message = BAD_MASKS[bad]
    image, good = lesion[0][0], lesion[1][0]
    mask = make(good.astype(np.float64))
    before = mask.copy()
    expected = "^" + re.escape(f"{name}: {message.format(other=other)}")
    with pytest.raises(error, match=expected):
        call(image, good, mask)
    with pytest.raises(error, match=expected):
        as_mask(mask, name, image.shape[:2], other)
    np.testing.assert_array_equal(mask, before)


@pytest.mark.parametrize("taker", MASK_TAKERS)
def test_bool_integer_and_float_masks_read_alike(taker, lesion):
    call = MASK_TAKERS[taker][0]
    image, mask = lesion[0][0], lesion[1][0]
    reference = call(image, mask, mask)
    for other in (mask.astype(np.uint8) * 255, mask.astype(np.int64), mask.astype(np.float32)):
        result = call(image, mask, other)
        if isinstance(reference, LesionSegmenter):
            result, reference_masks = result.predict([image])[0], reference.predict([image])[0]
            np.testing.assert_array_equal(result, reference_masks)
        elif isinstance(reference, dict):
            assert result == reference
        elif isinstance(reference, tuple):
            np.testing.assert_array_equal(result[0], reference[0])
        else:
            assert result == reference


def test_lesion_masks_must_be_2d_and_hold_a_lesion(lesion):
    image, mask = lesion[0][0], lesion[1][0]
    with pytest.raises(ValueError, match=r"^mask: expected a 2-D array, got 3-D"):
        fewseg.lesion_features(image, mask[..., None])
    with pytest.raises(ValueError, match=r"^masks\[0\]: no lesion pixels"):
        fewseg.extract_features([image], [np.zeros_like(mask)])
    # the metrics take masks of any dimensions
    assert dice(mask[..., None], mask[..., None]) == 1.0
