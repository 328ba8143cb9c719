"""64-bit indexing: images whose flat byte offsets pass 2**31, label counts past 2**16, and
(with FEWSEG_LARGE_TESTS=1) images of more than 2**31 pixels.

Large arrays here are np.zeros (calloc: pages never written are never resident) or
broadcast views (no memory at all), so that the default tests stay within a few hundred MB
of resident memory and a few seconds; the opt-in ones are measured in the README.
"""

import os

import numpy as np
import pytest

import fewseg
from random_masks import random_labels, random_mask

cv2 = pytest.importorskip("cv2")
skimage_measure = pytest.importorskip("skimage.measure")
skimage_segmentation = pytest.importorskip("skimage.segmentation")

large = pytest.mark.skipif(
    os.environ.get("FEWSEG_LARGE_TESTS") != "1",
    reason="images of more than 2**31 pixels: set FEWSEG_LARGE_TESTS=1 (about a minute, a few GB)",
)


def flood_case(seed, shape):
    """A gradient image, scattered seeds and a mask with holes, all of `shape`."""
    rng = np.random.default_rng(seed)
    image = (rng.random(shape) * 255).astype(np.uint8)
    markers = np.zeros(shape, np.int64)
    markers.flat[rng.choice(markers.size, 40, replace=False)] = rng.integers(1, 2**31, 40)
    mask = random_mask(6 * seed + 1, shape) | (rng.random(shape) < 0.7)
    return image, markers, mask


def check_masked_flood(shape, window, markers_dtype):
    """Watershed of a `shape` image masked to `window` only: equal to scikit-image's on
    the window, zero elsewhere."""
    small_image, small_markers, small_mask = flood_case(1, tuple(s.stop - s.start for s in window))
    image = np.zeros(shape, np.uint8)
    markers = np.zeros(shape, markers_dtype)
    mask = np.zeros(shape, bool)
    image[window], markers[window], mask[window] = small_image, small_markers, small_mask
    labels = fewseg.watershed(image, markers, mask=mask)
    assert labels.shape == shape and labels.dtype == markers_dtype
    np.testing.assert_array_equal(
        labels[window], skimage_segmentation.watershed(small_image, small_markers, mask=small_mask)
    )
    assert np.count_nonzero(labels) == np.count_nonzero(labels[window]) > 0
    return labels


def test_watershed_of_a_large_mostly_masked_image():
    # 20000 x 20000 int64 markers and labels: 3.2 GB each, byte offsets past 2**31 where the
    # mask is (its last rows). The flood only spends memory on the mask's bounding box.
    check_masked_flood((20_000, 20_000), (slice(19_700, 19_950), slice(19_600, 19_990)), np.int64)


@large
def test_watershed_of_more_than_two_to_the_31_pixels_mostly_masked():
    shape = (50_000, 44_000)  # 2.2e9 pixels
    assert shape[0] * shape[1] > 2**31
    window = (slice(49_500, 49_990), slice(43_400, 44_000))  # on the last column
    check_masked_flood(shape, window, np.int32)


@large
def test_trace_contours_of_more_than_two_to_the_31_pixels():
    # One byte of marks per pixel (and 32-bit owners, written only on borders, for "tree"):
    # 2.2 GB resident. The regions sit in the last rows, where flat indices pass 2**31.
    shape = (46_400, 46_400)
    assert shape[0] * shape[1] > 2**31
    corner = random_mask(2, shape=(60, 70)) | random_mask(8, shape=(60, 70))
    image = np.zeros(shape, np.uint8)
    image[-60:, -70:] = corner
    for mode in ("external", "tree"):
        contours, hierarchy = fewseg.trace_contours(image, mode=mode, approx="simple")
        expected, expected_hierarchy = cv2.findContours(
            np.pad(corner, ((1, 0), (1, 0))).astype(np.uint8), cv2.RETR_TREE if mode == "tree" else cv2.RETR_EXTERNAL,
            cv2.CHAIN_APPROX_SIMPLE,
        )
        assert len(contours) == len(expected) > 0
        shift = np.array(shape) - np.array(corner.shape) - 1
        for got, ref in zip(contours, expected):
            np.testing.assert_array_equal(got, ref[:, 0, ::-1] + shift)
        np.testing.assert_array_equal(hierarchy, expected_hierarchy[0])


@pytest.mark.parametrize("dtype", [np.int32, np.uint8])
def test_label_kernels_refuse_more_than_two_to_the_31_pixels_cleanly(dtype):
    # Broadcast views: no memory. The refusal comes before any copy or allocation.
    labels = np.broadcast_to(dtype(1), (46_341, 46_341))
    with pytest.raises(ValueError, match="label_image"):
        fewseg.regionprops_table(labels, properties=["area"])
    with pytest.raises(ValueError, match="label_image"):
        fewseg.label_contours(labels)
    with pytest.raises(ValueError, match="label_image"):
        fewseg.label_contours(labels[::-1])


def tiled_labels(tile, repeats):
    """`tile` repeated `repeats` times on each axis, each copy's labels made distinct."""
    values = np.unique(tile[tile > 0])
    dense = (np.searchsorted(values, tile) + 1) * (tile > 0)  # 1..K, 0 stays background
    copies = np.arange(repeats[0] * repeats[1]).reshape(repeats)
    big = np.kron(copies, np.ones(tile.shape, np.int64)) * len(values) + np.tile(dense, repeats)
    return np.where(np.tile(tile, repeats) > 0, big, 0), len(values)


def test_more_than_65536_labels():
    tile = random_labels(0, shape=(11, 13), max_labels=8)
    repeats = (110, 100)
    labels, per_tile = tiled_labels(tile, repeats)
    n_tiles = repeats[0] * repeats[1]
    assert per_tile * n_tiles > 2**16
    single = tiled_labels(tile, (1, 1))[0]
    # Copy (i, j) holds the tile's labels moved by (11 i, 13 j): measured alone, each is the
    # tile's own, moved (translation invariance is a Hypothesis property elsewhere).
    offsets = np.array([(11 * i, 13 * j) for i in range(repeats[0]) for j in range(repeats[1])])
    properties = ["label", "area", "bbox", "centroid", "perimeter", "perimeter_crofton", "euler_number",
                  "solidity", "feret_diameter_max", "moments_hu", "eccentricity", "contour_area", "max_span"]
    table = fewseg.regionprops_table(labels, properties=properties)
    alone = fewseg.regionprops_table(single, properties=properties)
    reference = skimage_measure.regionprops_table(single, properties=properties[:-2])
    for name in reference:
        np.testing.assert_allclose(alone[name], reference[name], rtol=1e-9, atol=1e-12, err_msg=name)
    np.testing.assert_array_equal(table["label"], np.arange(1, per_tile * n_tiles + 1))
    for name, column in alone.items():
        expected = np.tile(column, n_tiles)
        if name.startswith(("bbox", "centroid")):
            expected = expected + np.repeat(offsets[:, int(name.split("-")[1]) % 2], per_tile)
        if name.startswith("centroid"):  # a mean of other numbers: equal up to rounding
            np.testing.assert_allclose(table[name], expected, rtol=1e-14, err_msg=name)
        elif name != "label":
            np.testing.assert_array_equal(table[name], expected, err_msg=name)

    contours, owners = fewseg.label_contours(labels)
    tile_contours, tile_owners = fewseg.label_contours(single)
    per_copy = len(tile_contours)
    assert len(contours) == per_copy * n_tiles
    np.testing.assert_array_equal(owners, np.tile(tile_owners, n_tiles) + np.repeat(np.arange(n_tiles), per_copy)
                                  * per_tile)
    # Compared all at once: hundreds of thousands of small arrays.
    tile_lengths = [len(c) for c in tile_contours]
    np.testing.assert_array_equal([len(c) for c in contours], np.tile(tile_lengths, n_tiles))
    expected_points = np.tile(np.concatenate(tile_contours), (n_tiles, 1)) + np.repeat(offsets, sum(tile_lengths), axis=0)
    np.testing.assert_array_equal(np.concatenate(contours), expected_points)


@large
def test_label_kernels_just_below_their_limit():
    # The label kernels stop at 2**31 - 1 padded pixels: 46000 x 46000 is just below. Their
    # 32-bit dense copy alone is 8.5 GB; the labels sit in the last rows and columns.
    shape = (46_000, 46_000)
    corner = random_labels(3, shape=(40, 50), max_labels=6)
    labels = np.zeros(shape, np.int32)
    labels[-40:, -50:] = corner
    shift = np.array(shape) - np.array(corner.shape)
    properties = ["label", "area", "bbox", "perimeter", "euler_number", "contour_area"]
    table = fewseg.regionprops_table(labels, properties=properties)
    expected = fewseg.regionprops_table(corner, properties=properties)
    for name, column in expected.items():
        moved = column + shift[int(name.split("-")[1]) % 2] if name.startswith("bbox") else column
        np.testing.assert_array_equal(table[name], moved, err_msg=name)
    contours, owners = fewseg.label_contours(labels)
    expected_contours, expected_owners = fewseg.label_contours(corner)
    np.testing.assert_array_equal(owners, expected_owners)
    assert len(contours) == len(expected_contours) > 0
    for got, ref in zip(contours, expected_contours):
        np.testing.assert_array_equal(got, ref + shift)
