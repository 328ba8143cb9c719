"""fewseg.watershed equals skimage.segmentation.watershed, label for label."""

import numpy as np
import pytest

import fewseg

skimage_segmentation = pytest.importorskip("skimage.segmentation")
skimage_filters = pytest.importorskip("skimage.filters")
skimage_color = pytest.importorskip("skimage.color")
from ph2data import ph2_names, read_png  # noqa: E402
from watershed_cases import (  # noqa: E402
    KINDS,
    assert_automatic_markers_match_skimage,
    random_image,
    random_markers,
    random_options,
    skimage_finishes,
    skimage_watershed_in_child,
)


def random_case(seed):
    rng = np.random.default_rng(seed)
    ndim = int(rng.choice([2, 3]))
    shape = tuple(int(s) for s in rng.integers(1, 10 if ndim == 3 else 28, ndim))
    image = random_image(rng, shape, KINDS[seed % len(KINDS)])
    markers = random_markers(rng, shape, rng.choice([np.int32, np.int64, np.uint16]))
    return image, markers, random_options(rng, shape, footprint_chance=0.1, footprint_density=0.6)


def test_watershed_line_between_touching_seeds_follows_skimages_heap():
    # Found by Hypothesis. Seeds (0, 2) and (1, 2), of labels 2 and 1, touch and share the
    # value 1; the first of them to pop becomes line (in the mask), which hides it from
    # the other. scikit-image's heap pops (1, 2) first, so (1, 1) floods from label 2
    # alone; raster order made it line.
    image = np.array([[1, 0, 1], [1, 1, 1]], np.uint8)
    markers = np.array([[0, 2, 2], [0, 0, 1]], np.int32)
    expected = skimage_segmentation.watershed(image, markers, watershed_line=True)
    np.testing.assert_array_equal(expected, [[2, 2, 2], [2, 2, 1]])
    np.testing.assert_array_equal(fewseg.watershed(image, markers, watershed_line=True), expected)


@pytest.mark.parametrize("seed", range(20))
def test_watershed_lines_among_dense_touching_seeds_match_skimage(seed):
    # Small plateau images densely seeded with few labels: seeds of different labels
    # touch and tie at every level (35 of 20000 such cases differed before the fix above).
    rng = np.random.default_rng(seed)
    for _ in range(100):
        shape = tuple(int(n) for n in rng.integers(1, 7, 2))
        image = rng.integers(0, int(rng.integers(1, 4)), shape).astype(np.uint8)
        markers = ((rng.random(shape) < rng.uniform(0.1, 0.8)) * rng.integers(1, 4, shape)).astype(np.int32)
        mask = rng.random(shape) < 0.8 if rng.random() < 0.3 else None
        np.testing.assert_array_equal(
            fewseg.watershed(image, markers, mask=mask, watershed_line=True),
            skimage_segmentation.watershed(image, markers, mask=mask, watershed_line=True),
        )


@pytest.mark.parametrize("seed", range(600))
def test_random_cases_match_skimage(seed):
    image, markers, kwargs = random_case(seed)
    if not skimage_finishes(image, kwargs):
        kwargs["watershed_line"] = False
    expected = skimage_segmentation.watershed(image, markers, **kwargs)
    got = fewseg.watershed(image, markers, **kwargs)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


def test_tie_between_equal_seeds_follows_skimage_heap():
    image = np.array([[0, 1, 1, 1]], dtype=float)
    markers = np.array([[3, 1, 0, 2]])
    np.testing.assert_array_equal(fewseg.watershed(image, markers), [[3, 1, 2, 2]])
    np.testing.assert_array_equal(fewseg.watershed(image, markers, tie_break="raster"), [[3, 1, 1, 2]])


def equal_valued_seeds_case(seed):
    """Many seeds of few values and many labels: tie_break="skimage" first floods them in
    raster order, watching for collisions between their floods, and falls back to
    scikit-image's heap when one happens; both outcomes must give scikit-image's labels."""
    rng = np.random.default_rng(3000 + seed)
    ndim = 3 if seed % 4 == 0 else 2
    shape = tuple(int(s) for s in rng.integers(4, 12 if ndim == 3 else 48, ndim))
    levels = int(rng.choice([2, 3, 6, 20]))
    image = rng.integers(0, levels, shape)
    if seed % 3 == 0:  # smoother: floods of different seeds meet less often
        image = np.cumsum(image, axis=-1) // levels
    image = image.astype(np.uint8) if seed % 2 else image / levels
    markers = np.zeros(shape, np.int32)
    count = int(np.exp(rng.uniform(np.log(2), np.log(max(3, image.size // 4)))))
    markers.flat[rng.choice(image.size, count, replace=False)] = rng.integers(1, int(rng.integers(2, 40)), count)
    kwargs = {"connectivity": int(rng.integers(1, ndim + 1))}
    if rng.random() < 0.3:
        kwargs["mask"] = rng.random(shape) < 0.85
    return image, markers, kwargs


@pytest.mark.parametrize("seed", range(200))
def test_equal_valued_seeds_of_different_labels_match_skimage(seed):
    image, markers, kwargs = equal_valued_seeds_case(seed)
    expected = skimage_segmentation.watershed(image, markers, **kwargs)
    np.testing.assert_array_equal(fewseg.watershed(image, markers, **kwargs), expected)


@pytest.mark.parametrize("connectivity", [1, 2])
def test_seeds_on_a_wall_above_a_basin_match_skimage(connectivity):
    """Two seeds of equal value and different labels on the wall of a basin: their floods
    collide, so scikit-image's heap runs up to their level and hands over basin pixels
    queued above their own level (and plateau pixels above) to the bucket queue."""
    image = np.full((6, 9), 9, np.uint8)
    image[1:3, 1:8] = 0
    image[3, 3:5] = 5
    image[4, :] = 8
    markers = np.zeros(image.shape, np.int32)
    markers[3, 3], markers[3, 4] = 1, 2
    for dtype in (np.uint8, np.float64):
        expected = skimage_segmentation.watershed(image.astype(dtype), markers, connectivity=connectivity)
        got = fewseg.watershed(image.astype(dtype), markers, connectivity=connectivity)
        np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("seed", range(100))
def test_skewed_float_values_match_skimage(seed):
    """Float images whose values crowd into a few key buckets (outliers stretch the range):
    large buckets sorted at once, and pixels queued into the bucket being flooded."""
    rng = np.random.default_rng(4000 + seed)
    shape = tuple(int(s) for s in rng.integers(5, 40, 2))
    image = rng.random(shape)
    if seed % 2:
        image = np.round(image, 1)  # many equal keys in a bucket
    outliers = rng.random(shape) < 0.02
    extremes = [3e38, -3e38, np.inf, -np.inf, 1e-38] if seed % 3 == 0 else [1e300, -1e300, np.inf, -np.inf, 1e-300]
    image[outliers] = rng.choice(extremes, int(outliers.sum()))
    image = image.astype(np.float32) if seed % 3 == 0 else image
    markers = random_markers(rng, shape, np.int32)
    for tie_break in ("skimage", "raster"):
        expected = skimage_segmentation.watershed(image, markers)
        got = fewseg.watershed(image, markers, tie_break=tie_break)
        if tie_break == "skimage":
            np.testing.assert_array_equal(got, expected)
        else:  # equal-valued seeds of different labels may settle ties otherwise
            assert got.shape == expected.shape and (got > 0).sum() == (expected > 0).sum()


@pytest.mark.parametrize("seed", range(150))
def test_raster_ties_match_where_no_seeds_of_different_labels_share_a_value(seed):
    rng = np.random.default_rng(1000 + seed)
    shape = tuple(int(s) for s in rng.integers(2, 30, 2))
    image = rng.integers(0, 8, shape).astype(np.uint8)
    markers = random_markers(rng, shape, np.int32)
    # Give each label's seeds values no other label's seeds have.
    labels = markers[markers > 0]
    image[markers > 0] = (labels * 10 + 100).astype(np.uint8)
    kwargs = {"connectivity": int(rng.integers(1, 3)), "watershed_line": bool(rng.random() < 0.3)}
    if kwargs["watershed_line"] and kwargs["connectivity"] > 1:
        kwargs["connectivity"] = 1
    expected = skimage_segmentation.watershed(image, markers, **kwargs)
    np.testing.assert_array_equal(fewseg.watershed(image, markers, tie_break="raster", **kwargs), expected)


@pytest.mark.parametrize("seed", range(40))
def test_automatic_markers_match_skimage(seed):
    rng = np.random.default_rng(2000 + seed)
    ndim = 2 + seed % 2
    shape = tuple(int(s) for s in rng.integers(3, 9 if ndim == 3 else 25, ndim))
    assert_automatic_markers_match_skimage(rng, shape, seed)


@pytest.mark.parametrize("offset", [(1, 1), (0, 2), (2, 0)])
def test_footprint_with_offset_matches_skimage(offset, tmp_path):
    rng = np.random.default_rng(7)
    image = rng.integers(0, 5, (15, 17)).astype(np.uint8)
    markers = random_markers(rng, image.shape, np.int64)
    footprint = rng.random((3, 5)) < 0.7
    footprint[offset] = True
    expected = skimage_watershed_in_child(tmp_path, image, markers, footprint, offset)
    np.testing.assert_array_equal(fewseg.watershed(image, markers, connectivity=footprint, offset=offset), expected)


def test_watershed_line_with_full_connectivity_finishes_with_skimage_labels():
    """A case scikit-image still floods: fewseg gives its labels (and bigger ones at once)."""
    rng = np.random.default_rng(3)
    image = rng.integers(0, 4, (8, 8)).astype(np.uint8)
    markers = np.zeros_like(image, dtype=np.int32)
    markers[0, 0], markers[7, 7], markers[0, 7] = 1, 2, 3
    expected = skimage_segmentation.watershed(image, markers, connectivity=2, watershed_line=True)
    np.testing.assert_array_equal(fewseg.watershed(image, markers, connectivity=2, watershed_line=True), expected)
    big = rng.integers(0, 4, (12, 12, 12)).astype(np.uint8)
    seeds = np.zeros(big.shape, np.int32)
    seeds[0, 0, 0], seeds[-1, -1, -1] = 1, 2
    labels = fewseg.watershed(big, seeds, connectivity=3, watershed_line=True)
    assert set(np.unique(labels)) == {0, 1, 2}


@pytest.mark.parametrize("name", ph2_names()[::6] or ["absent"])
@pytest.mark.parametrize("tie_break", ["skimage", "raster"])
def test_ph2_sobel_gradients_match_skimage(ph2_dir, name, tie_break):
    rgb = read_png(ph2_dir / f"{name}.png")
    gray = skimage_color.rgb2gray(rgb)
    gradient = skimage_filters.sobel(gray)
    rng = np.random.default_rng(int(name[3:]))
    points = np.zeros(gray.shape, np.int32)
    points.flat[rng.choice(gray.size, 500, replace=False)] = np.arange(1, 501)
    np.testing.assert_array_equal(
        fewseg.watershed(gradient, points, tie_break=tie_break),
        skimage_segmentation.watershed(gradient, points),
    )
    # Two large marker regions on an 8-bit gradient: ties between labels at every level.
    gradient8 = np.round(gradient / gradient.max() * 255).astype(np.uint8)
    regions = np.zeros(gray.shape, np.int32)
    regions[gray < np.quantile(gray, 0.1)] = 1
    regions[gray > np.quantile(gray, 0.6)] = 2
    if tie_break == "skimage":
        np.testing.assert_array_equal(
            fewseg.watershed(gradient8, regions), skimage_segmentation.watershed(gradient8, regions)
        )
