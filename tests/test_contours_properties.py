"""Invariants of fewseg.trace_contours and fewseg.label_contours on Hypothesis-generated
masks: closed chains of 8-neighbours, points exactly on the border between a region and
the background component it borders, areas by a lattice-point count (Pick's theorem), and
equality with cv2.findContours."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import ndimage as ndi

import fewseg
from image_strategies import label_images, masks
from opencv_contours import APPROX, MODES, opencv_contours, opencv_label_contours

cv2 = pytest.importorskip("cv2")

EIGHT = np.ones((3, 3), bool)  # foreground connectivity
FOUR = ndi.generate_binary_structure(2, 1)  # background connectivity
DTYPES = [bool, np.uint8, np.int16, np.uint16, np.int32, np.int64, np.float32, np.float64]


@st.composite
def images(draw):
    """A mask as an image of any dtype, foreground drawn with one nonzero value."""
    mask = draw(masks())
    dtype = draw(st.sampled_from(DTYPES))
    value = 1 if dtype is bool else draw(st.sampled_from([1, 2, 7, 100]))
    return mask, mask.astype(dtype) * dtype(value)


def depth(hierarchy, i):
    d = 0
    while hierarchy[i, 3] != -1:
        i = hierarchy[i, 3]
        d += 1
    return d


def shoelace(points):
    """Oriented area of the polygon through `points` ((row, col), closed implicitly)."""
    r, c = points[:, 0].astype(np.int64), points[:, 1].astype(np.int64)
    return (c @ np.roll(r, -1) - r @ np.roll(c, -1)) / 2


def unit_steps(points):
    """The chain of steps between consecutive points, the closing step included."""
    return np.diff(np.vstack([points, points[:1]]), axis=0)


def expand(simple):
    """CHAIN_APPROX_SIMPLE points back to every point of the chain."""
    out = []
    for a, b in zip(simple, np.roll(simple, -1, axis=0)):
        n = max(int(np.abs(b - a).max()), 1)  # a lone point: one step of length 0
        out.extend(a + k * ((b - a) // n) for k in range(n))
    return np.array(out)


def same_cycle(a, b):
    """Whether point sequences `a` and `b` are the same closed chain, up to where it starts."""
    return len(a) == len(b) and any(np.array_equal(np.roll(a, -k, axis=0), b) for k in range(len(a)))


@settings(max_examples=300, deadline=None)
@given(images())
def test_contours_are_closed_chains_of_border_pixels(case):
    mask, image = case
    contours, hierarchy = fewseg.trace_contours(image, mode="tree")
    simple, simple_hierarchy = fewseg.trace_contours(image, mode="tree", approx="simple")
    np.testing.assert_array_equal(simple_hierarchy, hierarchy)
    for points, corners in zip(contours, simple):
        assert points.dtype == np.int32 and points.shape[1] == 2
        assert mask[points[:, 0], points[:, 1]].all()
        if len(points) == 1:  # an isolated pixel: its 8-neighbourhood is background
            r, c = points[0]
            assert mask[max(r - 1, 0): r + 2, max(c - 1, 0): c + 2].sum() == 1
        else:  # every step, the closing one included, goes to one of the 8 neighbours
            np.testing.assert_array_equal(np.abs(unit_steps(points)).max(axis=1), 1)
        # The simple chain keeps the corners of the full one. As in OpenCV it may start
        # later: the start point is dropped where it lies inside a straight run.
        assert same_cycle(expand(corners), points)


@settings(max_examples=300, deadline=None)
@given(masks())
def test_every_border_between_a_region_and_a_background_component_is_traced_once(mask):
    """Outer contour of region C inside background component B (the frame's, or a hole's):
    exactly the pixels of C with a 4-neighbour in B. Hole contour of hole H: exactly the
    foreground pixels with a 4-neighbour in H, all in the region around H."""
    contours, hierarchy = fewseg.trace_contours(mask, mode="tree")
    padded = np.pad(mask, 1)  # OpenCV's frame: regions on the edge border the outside
    regions, n_regions = ndi.label(padded, EIGHT)
    backgrounds, n_backgrounds = ndi.label(~padded, FOUR)
    outside = backgrounds[0, 0]

    hole_of = {}
    for i, points in enumerate(contours):
        if depth(hierarchy, i) % 2:
            r, c = points[0] + 1
            hole_of[i] = backgrounds[r, c + 1]  # a hole border starts left of the hole
    assert len(hole_of) == n_backgrounds - 1
    assert sorted(hole_of.values()) == sorted(set(range(1, n_backgrounds + 1)) - {outside})
    assert len(contours) - len(hole_of) == n_regions

    for i, points in enumerate(contours):
        rows, cols = (points + 1).T
        region = regions[rows[0], cols[0]]
        parent = hierarchy[i, 3]
        if i in hole_of:  # inside the region whose outer border is its parent
            background = hole_of[i]
            assert parent not in hole_of
            np.testing.assert_array_equal(regions[rows, cols], regions[tuple(contours[parent][0] + 1)])
        else:
            background = outside if parent == -1 else hole_of[parent]
        touching = ndi.binary_dilation(backgrounds == background, FOUR) & (regions == region)
        expected = {tuple(p) for p in np.argwhere(touching)}
        assert set(zip(rows.tolist(), cols.tolist())) == expected


@settings(max_examples=300, deadline=None)
@given(masks())
def test_areas_count_the_enclosed_pixels(mask):
    """The polygon through the border pixel centres has Pick's area with the border points
    counted as often as the chain passes them (necks one pixel wide are passed twice):
    area = enclosed + distinct - len / 2 - 1, `enclosed` the pixels strictly inside."""
    contours, hierarchy = fewseg.trace_contours(mask, mode="tree")
    simple, _ = fewseg.trace_contours(mask, mode="tree", approx="simple")
    padded = np.pad(mask, 1)
    regions, _ = ndi.label(padded, EIGHT)
    backgrounds, _ = ndi.label(~padded, FOUR)
    for i, (points, corners) in enumerate(zip(contours, simple)):
        area = shoelace(points)
        xy = np.ascontiguousarray(points[:, ::-1]).astype(np.float32)
        assert abs(area) == cv2.contourArea(xy)
        assert shoelace(corners) == area
        hole = depth(hierarchy, i) % 2 == 1
        # Outer borders run counter-clockwise on screen, holes clockwise ((row, col) axes).
        assert area >= 0 if hole else area <= 0
        if len(points) == 1:
            assert area == 0
            continue
        distinct = len({tuple(p) for p in points})
        r, c = points[0] + 1
        if hole:  # the hole and whatever lies inside it
            inside = ndi.binary_fill_holes(backgrounds == backgrounds[r, c + 1], EIGHT).sum()
            assert abs(area) == inside + distinct - len(points) / 2 - 1
        else:  # the region with its holes filled: the border points and those inside them
            filled = ndi.binary_fill_holes(regions == regions[r, c], FOUR).sum()
            assert abs(area) == filled - len(points) / 2 - 1


@settings(max_examples=200, deadline=None)
@given(images(), st.sampled_from(sorted(MODES)), st.sampled_from(sorted(APPROX)))
def test_equals_opencv(case, mode, approx):
    mask, image = case
    contours, hierarchy = fewseg.trace_contours(image, mode=mode, approx=approx)
    expected, expected_hierarchy = opencv_contours(mask, mode, approx)
    assert len(contours) == len(expected)
    for got, ref in zip(contours, expected):
        np.testing.assert_array_equal(got, ref)
    np.testing.assert_array_equal(hierarchy.reshape(-1, 4), expected_hierarchy)


@settings(max_examples=200, deadline=None)
@given(label_images(), st.sampled_from(sorted(APPROX)), st.sampled_from([np.int32, np.int64]))
def test_label_contours_equal_opencv_label_by_label(labels, approx, dtype):
    if dtype == np.int32:
        labels = np.unique(labels, return_inverse=True)[1].reshape(labels.shape).astype(np.int32)
    contours, owners = fewseg.label_contours(labels, approx=approx)
    expected, expected_owners = opencv_label_contours(labels, approx)
    assert len(contours) == len(expected)
    for got, ref in zip(contours, expected):
        np.testing.assert_array_equal(got, ref)
    np.testing.assert_array_equal(owners, np.array(expected_owners, np.int64))


def test_simple_chain_drops_a_start_point_inside_a_straight_run():
    # Found by Hypothesis: the hole's border starts at (1, 7), in the middle of the diagonal
    # (2, 6) - (1, 7) - (0, 8); CHAIN_APPROX_SIMPLE then starts at (0, 8), in OpenCV too.
    mask = np.ones((4, 11), np.uint8)
    mask[1, 8] = mask[2, 7] = mask[2, 8] = 0
    full, _ = fewseg.trace_contours(mask, mode="tree")
    simple, _ = fewseg.trace_contours(mask, mode="tree", approx="simple")
    assert full[1][0].tolist() == [1, 7]
    assert simple[1][0].tolist() == [0, 8]
    assert same_cycle(expand(simple[1]), full[1])
    np.testing.assert_array_equal(simple[1], opencv_contours(mask, "tree", "simple")[0][1])
