"""fewseg.find_contours equals skimage.measure.find_contours array for array: the same
points (exactly), contours, order and orientation, on random fields, binary masks, ties at
the level, NaN, masks, every option, tiny and constant images and PH2 images."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import fewseg
from ph2data import PH2_DIR, ph2_names, read_png

skimage_measure = pytest.importorskip("skimage.measure")

OPTIONS = [(f, p) for f in ("low", "high") for p in ("low", "high")]


def assert_same(image, *args, **kwargs):
    """fewseg's and scikit-image's contours of `image` are equal; returns fewseg's."""
    expected = skimage_measure.find_contours(image, *args, **kwargs)
    got = fewseg.find_contours(image, *args, **kwargs)
    assert len(got) == len(expected)
    for k, (g, e) in enumerate(zip(got, expected)):
        assert g.dtype == np.float64 and g.shape == e.shape, k
        np.testing.assert_array_equal(g, e, err_msg=f"contour {k}")
    return got


def smooth_field(rng, shape, passes=3):
    """Random values averaged a few times: long contours, saddles, closed and open ones."""
    field = rng.random(shape)
    for _ in range(passes):
        field[1:] = (field[1:] + field[:-1]) / 2
        field[:, 1:] = (field[:, 1:] + field[:, :-1]) / 2
    return field


@pytest.mark.parametrize("seed", range(40))
def test_random_fields_every_option(seed):
    rng = np.random.default_rng(seed)
    shape = tuple(int(n) for n in rng.integers(2, 60, 2))
    image = smooth_field(rng, shape, passes=int(rng.integers(0, 4)))
    levels = [None, float(rng.uniform(image.min(), image.max())), float(image.flat[rng.integers(image.size)])]
    for level in levels:
        for fully_connected, orientation in OPTIONS:
            assert_same(image, level, fully_connected, orientation)


@pytest.mark.parametrize("seed", range(40))
def test_few_values_ties_at_the_level(seed):
    # Pixels exactly at the level give degenerate segments and points where several
    # contours meet: scikit-image's joiner resolves them by dict order, which must hold.
    rng = np.random.default_rng(100 + seed)
    shape = tuple(int(n) for n in rng.integers(2, 40, 2))
    image = rng.integers(0, int(rng.integers(2, 5)), shape).astype(np.float64)
    for level in np.unique(image).tolist() + [0.5, None]:
        for fully_connected, orientation in OPTIONS:
            assert_same(image, level, fully_connected, orientation)


@pytest.mark.parametrize("seed", range(30))
def test_binary_masks(seed):
    rng = np.random.default_rng(200 + seed)
    shape = tuple(int(n) for n in rng.integers(2, 80, 2))
    mask = smooth_field(rng, shape, passes=2) > rng.uniform(0.3, 0.7)
    for image in (mask, mask.astype(np.uint8), mask.astype(np.float32)):
        assert_same(image)  # level None: (min + max) / 2 in the image's dtype
        for fully_connected, orientation in OPTIONS:
            assert_same(image, 0.5, fully_connected, orientation)
            assert_same(image, 1, fully_connected, orientation)  # at the high value: degenerate


@pytest.mark.parametrize("seed", range(30))
def test_nan_and_mask(seed):
    rng = np.random.default_rng(300 + seed)
    shape = tuple(int(n) for n in rng.integers(2, 50, 2))
    image = smooth_field(rng, shape, passes=2)
    image[rng.random(shape) < rng.uniform(0, 0.2)] = np.nan
    mask = rng.random(shape) > rng.uniform(0, 0.3)
    level = float(np.nanmedian(image)) if not np.isnan(image).all() else 0.5
    for fully_connected, orientation in OPTIONS:
        assert_same(image, level, fully_connected, orientation)
        assert_same(image, None, fully_connected, orientation, mask=mask)
        assert_same(np.nan_to_num(image), level, fully_connected, orientation, mask=mask)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.int32, np.int64, np.float32, np.float64, np.float16])
def test_dtypes_and_layouts(dtype):
    rng = np.random.default_rng(7)
    image = (smooth_field(rng, (37, 45), passes=1) * 200).astype(dtype)
    for variant in (image, np.asfortranarray(image), image[::-1, ::2], image.T, image[3:30, 5:40]):
        for level in (None, 100, 99.5, float(variant[4, 4])):
            assert_same(variant, level)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32, np.float64])
def test_rows_wider_than_64_pixels(dtype):
    # Rows are compared 16 pixels at a time (per dtype: float32 against the largest float
    # not above the level, integers against its floor) and the last few one by one.
    rng = np.random.default_rng(14)
    top = {np.uint8: 255, np.uint16: 65535}.get(dtype, 1.0)
    image = (smooth_field(rng, (9, 245), passes=1) * top).astype(dtype)
    image[0, :5] = top
    image[1, 70:75] = 0
    if dtype in (np.float32, np.float64):
        image[2, 64:66] = np.float32(0.1)  # above 0.1 in float64, as float32(0.1) is
        image[3, 129] = np.nan
    levels = [0.1, 0.5 * top, float(image[4, 100]), float(image[4, 100]) - 0.25, 254.5, top, top - 1, -1.0,
              np.inf, -np.inf, 1e300, -1e300, np.nan]
    for variant in (image, image[:, ::-1], np.asfortranarray(image)):
        for level in levels:
            for fully_connected in ("low", "high"):
                assert_same(variant, level, fully_connected)


def test_every_2x2_square_with_ties():
    # Every square of corners from {0, 1, 2} at level 1: all 16 cases, with corners on the
    # level, in both saddle resolutions.
    values = np.array(np.meshgrid(*[[0.0, 1.0, 2.0]] * 4, indexing="ij")).reshape(4, -1).T
    for corners in values:
        image = corners.reshape(2, 2)
        for fully_connected, orientation in OPTIONS:
            for level in (1.0, 0.5, None):
                assert_same(image, level, fully_connected, orientation)


def test_tiny_and_constant_images():
    rng = np.random.default_rng(9)
    for shape in [(2, 2), (2, 7), (9, 2), (2, 3)]:
        image = rng.random(shape)
        for fully_connected, orientation in OPTIONS:
            assert_same(image, 0.5, fully_connected, orientation)
    for value in (0.0, 3.0):
        image = np.full((6, 5), value)
        assert assert_same(image) == []
        assert assert_same(image, value) == []
    assert assert_same(np.full((4, 4), np.nan), 0.5) == []
    for shape in [(1, 5), (5, 1), (1, 1), (0, 4)]:
        with pytest.raises(ValueError, match="2x2"):
            skimage_measure.find_contours(np.zeros(shape), 0.5)
        with pytest.raises(ValueError, match="2x2"):
            fewseg.find_contours(np.zeros(shape), 0.5)


def test_default_level_in_the_image_dtype():
    # (min + max) / 2 in the image's dtype: for bool it is 0.5 whatever the values, and
    # uint8 wraps (with numpy's overflow warning) as in scikit-image, below every pixel.
    ones = np.ones((5, 5), bool)
    ones[2, 2] = True
    assert_same(ones)
    image = np.full((6, 6), 100, np.uint8)
    image[2:4, 2:4] = 250
    with pytest.warns(RuntimeWarning, match="overflow"):
        expected = skimage_measure.find_contours(image)
    with pytest.warns(RuntimeWarning, match="overflow"):
        got = fewseg.find_contours(image)
    assert got == expected == []
    assert len(assert_same(image.astype(np.uint16))) == 1


def test_infinite_values_and_levels():
    rng = np.random.default_rng(11)
    image = rng.standard_normal((20, 24))
    image[rng.random(image.shape) < 0.1] = np.inf
    image[rng.random(image.shape) < 0.1] = -np.inf
    with np.errstate(invalid="ignore"):
        for level in (0.0, np.inf, -np.inf, 1e308):
            assert_same(image, level)
        huge = np.array([[-1.5e308, 1.5e308], [1.5e308, -1.5e308]])
        assert_same(huge, 1e308)


def test_closed_contours_repeat_their_first_point():
    image = np.zeros((9, 9))
    image[2:7, 2:7] = 1
    image[4, 4] = 0
    contours = assert_same(image, 0.5)
    assert len(contours) == 2
    for contour in contours:
        np.testing.assert_array_equal(contour[0], contour[-1])


@settings(max_examples=300, deadline=None)
@given(
    image=hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, min_side=2, max_side=12),
                     elements=st.sampled_from([0.0, 1.0, 2.0, 3.0])),
    level=st.sampled_from([0.0, 1.0, 1.5, 2.0]),
    fully_connected=st.sampled_from(["low", "high"]),
    orientation=st.sampled_from(["low", "high"]),
)
def test_hypothesis_few_valued_images(image, level, fully_connected, orientation):
    assert_same(image, level, fully_connected, orientation)


def test_input_not_modified():
    rng = np.random.default_rng(12)
    image = smooth_field(rng, (30, 30))
    mask = rng.random(image.shape) > 0.2
    image_copy, mask_copy = image.copy(), mask.copy()
    fewseg.find_contours(image, 0.5, mask=mask)
    np.testing.assert_array_equal(image, image_copy)
    np.testing.assert_array_equal(mask, mask_copy)


def test_same_validation_errors_as_skimage():
    image = np.random.default_rng(13).random((5, 5))
    cases = [
        ((image, 0.5, "foo"), {}),
        ((image, 0.5, "low", "bar"), {}),
        ((image[..., None], 0.5), {}),
        ((image[None], 0.5), {}),
        ((image, 0.5), {"mask": np.ones((5, 4), bool)}),
        ((image, 0.5), {"mask": np.ones((5, 5), np.uint8)}),
        ((image, None), {"mask": np.ones((5, 5), np.float64)}),
    ]
    for args, kwargs in cases:
        with pytest.raises((ValueError, TypeError)) as expected:
            skimage_measure.find_contours(*args, **kwargs)
        with pytest.raises(expected.type):
            fewseg.find_contours(*args, **kwargs)
    with pytest.raises(ValueError, match="fully_connected"):
        fewseg.find_contours(image, 0.5, "foo")
    with pytest.raises(ValueError, match="positive_orientation"):
        fewseg.find_contours(image, 0.5, positive_orientation="bar")
    with pytest.raises(ValueError, match="mask: shape"):
        fewseg.find_contours(image, 0.5, mask=np.ones((5, 4), bool))
    with pytest.raises(TypeError, match="mask: must be a binary"):
        fewseg.find_contours(image, 0.5, mask=np.ones((5, 5), np.uint8))
    with pytest.raises(ValueError, match="image"):
        fewseg.find_contours(np.zeros(5), 0.5)
    with pytest.raises(TypeError, match="image"):
        fewseg.find_contours(np.array([["a", "b"], ["c", "d"]]), 0.5)
    with pytest.raises(ValueError, match="level"):
        fewseg.find_contours(image, "x")


def test_ph2_expert_masks(ph2_dir):
    for name in ph2_names()[::3]:
        mask = read_png(PH2_DIR / f"{name}_lesion.png").astype(np.float64)
        assert_same(mask, 0.5 * mask.max())
        assert_same(mask, None, "high", "high")


def test_ph2_blue_channel(ph2_dir):
    for name in ph2_names()[::40]:
        blue = read_png(PH2_DIR / f"{name}.png")[..., 2]
        assert_same(blue)
        assert_same(blue, int(np.median(blue)), "high")  # at a pixel value: ties everywhere
