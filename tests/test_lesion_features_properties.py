"""fewseg.lesion_features on Hypothesis-generated lesions: the numbers describe the lesion
and its surroundings, not where the lesion lies in the frame."""

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import fewseg
from fewseg.lesion.features.border import BAND_HALF_WIDTH, SKIN_GAP, SKIN_WIDTH
from image_strategies import masks

SKIN = np.array([205, 160, 140], np.uint8)
# Functions of the lesion's outline alone (largest component, holes filled).
SHAPE_FEATURES = ["contour_area", "perimeter_ratio", "max_span", "compactness", "solidity", "elongation",
                  "asymmetry_min", "asymmetry_max"]


@st.composite
def lesions(draw):
    """A mask and an RGB patch of its size: darker lesion pixels, noisy skin around them."""
    mask = draw(masks(max_side=20))
    assume(mask.any())
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    patch = np.clip(SKIN + rng.normal(0, 12, mask.shape + (3,)), 0, 255).astype(np.uint8)
    patch[mask] = rng.integers(20, 140, (int(mask.sum()), 3))
    return mask, patch


def placed(mask, patch, canvas_shape, top, left):
    image = np.empty(canvas_shape + (3,), np.uint8)
    image[...] = SKIN
    lesion = np.zeros(canvas_shape, bool)
    image[top: top + mask.shape[0], left: left + mask.shape[1]] = patch
    lesion[top: top + mask.shape[0], left: left + mask.shape[1]] = mask
    return image, lesion


def window_margin(canvas_shape):
    """How far around the lesion lesion_features looks (skin ring and border band)."""
    return int(np.ceil((SKIN_GAP + SKIN_WIDTH) * np.hypot(*canvas_shape))) + BAND_HALF_WIDTH + 2


@settings(max_examples=60, deadline=None)
@given(lesions(), st.data())
def test_moving_the_lesion_within_the_frame_changes_no_feature(lesion, data):
    mask, patch = lesion
    canvas = (70, 90)
    margin = window_margin(canvas)
    positions = st.tuples(st.integers(margin, canvas[0] - mask.shape[0] - margin),
                          st.integers(margin, canvas[1] - mask.shape[1] - margin))
    first, second = data.draw(positions), data.draw(positions)
    expected = fewseg.lesion_features(*placed(mask, patch, canvas, *first))
    got = fewseg.lesion_features(*placed(mask, patch, canvas, *second))
    assert list(got) == list(expected)
    np.testing.assert_array_equal(list(got.values()), list(expected.values()))


@settings(max_examples=60, deadline=None)
@given(lesions(), st.data())
def test_shape_features_depend_on_the_outline_only(lesion, data):
    # Any frame, any position, the lesion on the frame's edge included.
    mask, patch = lesion
    expected = fewseg.lesion_features(*placed(mask, patch, (60, 60), 20, 20))
    canvas = data.draw(st.tuples(st.integers(mask.shape[0], 60), st.integers(mask.shape[1], 60)))
    top = data.draw(st.integers(0, canvas[0] - mask.shape[0]))
    left = data.draw(st.integers(0, canvas[1] - mask.shape[1]))
    got = fewseg.lesion_features(*placed(mask, patch, canvas, top, left))
    np.testing.assert_array_equal([got[name] for name in SHAPE_FEATURES],
                                  [expected[name] for name in SHAPE_FEATURES])
