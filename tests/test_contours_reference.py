"""fewseg.trace_contours and fewseg.label_contours equal cv2.findContours point for point."""

import numpy as np
import pytest

import fewseg
from opencv_contours import APPROX, MODES, opencv_contours, opencv_label_contours
from ph2data import PH2_DIR, ph2_names, read_png
from random_masks import random_labels, random_mask


def assert_same_contours(ours, theirs):
    contours, hierarchy = ours
    ref_contours, ref_hierarchy = theirs
    assert len(contours) == len(ref_contours)
    for got, expected in zip(contours, ref_contours):
        np.testing.assert_array_equal(got, expected)
    np.testing.assert_array_equal(hierarchy.reshape(-1, 4), ref_hierarchy)


@pytest.mark.parametrize("seed", range(360))
def test_random_masks_equal_opencv_in_every_mode(seed):
    mask = random_mask(seed)
    for mode in MODES:
        for approx in APPROX:
            ours = fewseg.trace_contours(mask, mode=mode, approx=approx)
            assert_same_contours(ours, opencv_contours(mask, mode, approx))


@pytest.mark.parametrize("seed", range(4))
def test_many_borders_equal_opencv(seed):
    # More than 126 borders: OpenCV's 7-bit border numbers wrap, ours do not.
    mask = random_mask(6 * seed, shape=(120, 150))
    for mode in MODES:
        ours = fewseg.trace_contours(mask, mode=mode)
        assert mode == "external" or len(ours[0]) > 126
        assert_same_contours(ours, opencv_contours(mask, mode, "none"))


def test_ph2_masks_equal_opencv(ph2_dir):
    for name in ph2_names()[::4]:
        mask = read_png(PH2_DIR / f"{name}_lesion.png")
        for mode in ("external", "tree"):
            for approx in APPROX:
                assert_same_contours(
                    fewseg.trace_contours(mask, mode=mode, approx=approx),
                    opencv_contours(mask, mode, approx),
                )


@pytest.mark.parametrize("seed", range(150))
def test_label_contours_equal_opencv_per_label(seed):
    labels = random_labels(seed)
    approx = "none" if seed % 2 else "simple"
    contours, owners = fewseg.label_contours(labels, approx=approx)
    expected, expected_owners = opencv_label_contours(labels, approx)
    assert len(contours) == len(expected)
    for got, ref in zip(contours, expected):
        np.testing.assert_array_equal(got, ref)
    np.testing.assert_array_equal(owners, expected_owners)
    assert owners.dtype == np.int64


def test_label_contours_on_ph2_masks(ph2_dir):
    for name in ph2_names()[:6]:
        mask = read_png(PH2_DIR / f"{name}_lesion.png") > 0
        labels = mask.astype(np.int32) * 7
        contours, owners = fewseg.label_contours(labels)
        assert_same_contours(
            (contours, np.zeros((0, 4))),
            (opencv_contours(mask, "external", "none")[0], np.zeros((0, 4))),
        )
        assert set(owners) == {7}


@pytest.mark.parametrize(
    "layout",
    ["C", "F", "reversed", "strided"],
)
@pytest.mark.parametrize("dtype", [bool, np.uint8, np.int8, np.uint16, np.int32, np.int64, np.float32, np.float64])
def test_dtypes_and_memory_layouts(layout, dtype):
    base = random_mask(7, shape=(40, 37))
    mask = base.astype(dtype) * (3 if dtype not in (bool,) else 1)
    if layout == "F":
        mask = np.asfortranarray(mask)
    elif layout == "reversed":
        mask = mask[::-1, ::-1]
        base = base[::-1, ::-1]
    elif layout == "strided":
        mask = mask[::2, ::3]
        base = base[::2, ::3]
    before = mask.copy()
    for mode in MODES:
        assert_same_contours(fewseg.trace_contours(mask, mode=mode), opencv_contours(base, mode, "none"))
    np.testing.assert_array_equal(mask, before)


def test_label_contours_layouts_and_dtypes():
    labels = random_labels(11, shape=(33, 41))
    expected = fewseg.label_contours(labels)
    for variant in (labels.astype(np.int32), np.asfortranarray(labels), labels.astype(np.uint16),
                    labels.astype(np.uint8)):
        got = fewseg.label_contours(variant)
        assert len(got[0]) == len(expected[0])
        for a, b in zip(got[0], expected[0]):
            np.testing.assert_array_equal(a, b)
    flipped = labels[::-1]
    got = fewseg.label_contours(flipped)
    ref = fewseg.label_contours(flipped.copy())
    for a, b in zip(got[0], ref[0]):
        np.testing.assert_array_equal(a, b)


def test_known_shapes():
    ring = np.zeros((5, 5), np.uint8)
    ring[1:4, 1:4] = 1
    ring[2, 2] = 0
    contours, hierarchy = fewseg.trace_contours(ring, mode="tree")
    np.testing.assert_array_equal(contours[0], [[1, 1], [2, 1], [3, 1], [3, 2], [3, 3], [2, 3], [1, 3], [1, 2]])
    np.testing.assert_array_equal(contours[1], [[2, 1], [1, 2], [2, 3], [3, 2]])
    np.testing.assert_array_equal(hierarchy, [[-1, -1, 1, -1], [-1, -1, -1, 0]])
    simple, _ = fewseg.trace_contours(ring, approx="simple")
    np.testing.assert_array_equal(simple[0], [[1, 1], [3, 1], [3, 3], [1, 3]])


def test_empty_and_blank_images():
    for image in (np.zeros((0, 5)), np.zeros((4, 0)), np.zeros((3, 3)), np.zeros((1, 1), bool)):
        contours, hierarchy = fewseg.trace_contours(image, mode="tree")
        assert contours == [] and hierarchy.shape == (0, 4)
    contours, labels = fewseg.label_contours(np.zeros((0, 3), np.int32))
    assert contours == [] and labels.shape == (0,)
    one = fewseg.trace_contours(np.ones((1, 1)))[0]
    np.testing.assert_array_equal(one[0], [[0, 0]])


def test_bad_arguments():
    with pytest.raises(ValueError, match="mode"):
        fewseg.trace_contours(np.ones((3, 3)), mode="all")
    with pytest.raises(ValueError, match="approx"):
        fewseg.trace_contours(np.ones((3, 3)), approx="tc89")
    with pytest.raises(ValueError, match="image"):
        fewseg.trace_contours(np.ones((3, 3, 3)))
    with pytest.raises(ValueError, match="image"):
        fewseg.trace_contours(np.ones(3))
    with pytest.raises(ValueError, match="NaN"):
        fewseg.trace_contours(np.full((3, 3), np.nan))
    with pytest.raises(TypeError, match="image"):
        fewseg.trace_contours(np.array([["a"]]))
    with pytest.raises(TypeError, match="label_image"):
        fewseg.label_contours(np.ones((3, 3), bool))
    with pytest.raises(TypeError, match="label_image"):
        fewseg.label_contours(np.ones((3, 3), float))
    with pytest.raises(ValueError, match="label_image"):
        fewseg.label_contours(-np.ones((3, 3), int))
    with pytest.raises(ValueError, match="approx"):
        fewseg.label_contours(np.ones((3, 3), int), approx="x")
