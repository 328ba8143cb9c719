"""fewseg.regionprops against skimage.measure.regionprops, same run: every property of
every region equal (floats to 1e-9 relative, see `assert_same_value`), or the same
exception type, on seeded random 2-D and 3-D label images with spacing, offset and
intensity images, and on PH2 lesion masks; plus the region objects' behaviour (cache,
deprecated names, pickling, extra properties) and the shared table's bulk path."""

import pickle
import threading
import warnings

import numpy as np
import pytest
from scipy import ndimage as ndi

import fewseg
from fewseg.measure._region_names import COLUMN_TYPES, DEPRECATED_NAMES
from ph2data import PH2_DIR, ph2_names, read_png
from random_masks import random_labels

skimage_measure = pytest.importorskip("skimage.measure")

ALL_NAMES = sorted(COLUMN_TYPES)


def reference_regions(*args, **kwargs):
    return skimage_measure.regionprops(*args, **kwargs)


def value_or_error(region, name):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-image's own (e.g. Qhull on flat regions)
        try:
            return getattr(region, name), None
        except Exception as exc:  # the reference's exception type is part of the answer
            return None, exc


def assert_same_value(name, ours, theirs):
    """Same kind (tuple, list, array, scalar), shape and values: 1e-9 relative, absolute
    1e-9 of the largest magnitude (moments sum powers of coordinates; fewseg's are exact
    before rounding), 1e-6 for the sqrt of a rounded-zero eigenvalue; NaN where NaN."""
    if name == "slice":
        assert ours == theirs
        return
    assert isinstance(ours, tuple) == isinstance(theirs, tuple), name
    assert isinstance(ours, list) == isinstance(theirs, list), name
    ours_a, theirs_a = np.asarray(ours), np.asarray(theirs)
    assert ours_a.shape == theirs_a.shape, name
    if ours_a.dtype == bool or theirs_a.dtype == bool:
        assert ours_a.dtype == theirs_a.dtype, name
        np.testing.assert_array_equal(ours_a, theirs_a, err_msg=name)
        return
    if ours_a.dtype.kind in "iu" and theirs_a.dtype.kind in "iu":
        np.testing.assert_array_equal(ours_a, theirs_a, err_msg=name)
        return
    finite = np.abs(theirs_a[np.isfinite(theirs_a)])
    scale = float(finite.max(initial=0))
    atol = 1e-9 * max(1.0, scale)
    if name in ("axis_minor_length", "axis_major_length", "eccentricity"):
        atol = 1e-6 * max(1.0, scale)  # sqrt of a zero eigenvalue's rounding noise
    ours_a, theirs_a = ours_a.astype(float), theirs_a.astype(float)
    if name == "orientation":
        # A tie of the two second moments: scikit-image's float sums may miss it
        # (fewseg's are exact), and the angle then sits on either side of pi/4.
        tie = np.abs(np.abs(theirs_a) - np.pi / 4) < 1e-6
        assert np.all(np.abs(np.abs(ours_a[tie]) - np.pi / 4) < 1e-6), name
        ours_a, theirs_a = ours_a[~tie], theirs_a[~tie]
    np.testing.assert_allclose(ours_a, theirs_a, rtol=1e-9, atol=atol, equal_nan=True, err_msg=name)


def assert_same_regions(labels, intensity=None, names=ALL_NAMES, **kwargs):
    ours = fewseg.regionprops(labels, intensity, **kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = reference_regions(labels, intensity, **kwargs)
    assert [r.label for r in ours] == [r.label for r in theirs]
    for mine, ref in zip(ours, theirs):
        for name in names:
            expected, expected_error = value_or_error(ref, name)
            got, error = value_or_error(mine, name)
            if expected_error is not None:
                assert error is not None and isinstance(error, type(expected_error)), (name, error, expected_error)
                continue
            assert error is None, (name, error)
            assert_same_value(name, got, expected)
    return ours


def intensity_for(shape, rng, kind):
    if kind == "uint8":
        return rng.integers(0, 256, shape).astype(np.uint8)
    if kind == "rgb":
        return rng.integers(0, 256, shape + (3,)).astype(np.uint8)
    if kind == "float":
        return rng.standard_normal(shape) * 10 + 3
    return rng.random(shape + (2,))  # two float channels


def random_volume(seed):
    """A small 3-D label image: smooth noise cut into a few labels (some touching, some
    split in pieces), plus single voxels and thin plates."""
    rng = np.random.default_rng(seed)
    shape = tuple(int(s) for s in rng.integers(2, 14, 3))
    smooth = ndi.gaussian_filter(rng.random(shape), 1.2)
    levels = np.quantile(smooth, [0.35, 0.6, 0.8])
    labels = np.digitize(smooth, levels).astype(np.int32)
    for _ in range(int(rng.integers(0, 4))):
        labels[tuple(int(rng.integers(0, s)) for s in shape)] = int(rng.integers(4, 7))
    return labels


@pytest.mark.parametrize("seed", range(60))
def test_random_2d_label_images(seed):
    rng = np.random.default_rng(seed)
    labels = random_labels(seed)
    intensity = intensity_for(labels.shape, rng, ["uint8", "rgb", "float", "2ch", None][seed % 5]) \
        if seed % 5 != 4 else None
    assert_same_regions(labels, intensity)


@pytest.mark.parametrize("seed", range(30))
def test_random_2d_spacing_and_offset(seed):
    rng = np.random.default_rng(100 + seed)
    labels = random_labels(200 + seed)
    spacing = tuple(rng.uniform(0.3, 3.0, 2)) if seed % 2 else float(rng.uniform(0.3, 3.0))
    offset = tuple(int(v) for v in rng.integers(-50, 50, 2))
    assert_same_regions(labels, intensity_for(labels.shape, rng, "float"), spacing=spacing, offset=offset)


@pytest.mark.parametrize("seed", range(30))
def test_random_3d_label_images(seed):
    rng = np.random.default_rng(300 + seed)
    labels = random_volume(seed)
    kwargs = {}
    if seed % 3 == 1:
        kwargs["spacing"] = tuple(rng.uniform(0.3, 3.0, 3))
    if seed % 3 == 2:
        kwargs["offset"] = tuple(int(v) for v in rng.integers(-9, 9, 3))
    intensity = intensity_for(labels.shape, rng, ["uint8", "float", "2ch"][seed % 3])
    assert_same_regions(labels, intensity, **kwargs)


def test_ph2_lesion_masks(ph2_dir):
    for name in ph2_names()[::20]:
        mask = read_png(PH2_DIR / f"{name}_lesion.png") > 0
        image = read_png(PH2_DIR / f"{name}.png")
        labels = skimage_measure.label(mask)
        cheap = [n for n in ALL_NAMES if n not in ("coords", "coords_scaled", "image_intensity")]
        assert_same_regions(labels, image, names=cheap)


def test_tables_equal_the_region_objects_and_skimage():
    rng = np.random.default_rng(4)
    labels = random_labels(11, shape=(40, 37))
    image = rng.random(labels.shape)
    names = [n for n in ALL_NAMES if COLUMN_TYPES[n] is not object]
    ours = fewseg.regionprops_table(labels, image, names)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = skimage_measure.regionprops_table(labels, image, names)
    assert list(ours) == list(theirs)
    for column, expected in theirs.items():
        assert ours[column].dtype == expected.dtype, column
        base = column.split("-")[0]
        assert_same_value(base, ours[column], expected)
    regions = fewseg.regionprops(labels, image)
    for i, region in enumerate(regions):
        assert ours["area"][i] == region.area
        assert ours["intensity_mean"][i] == region.intensity_mean


def test_3d_table():
    labels = random_volume(7)
    rng = np.random.default_rng(7)
    image = rng.random(labels.shape)
    names = ["label", "area", "bbox", "centroid", "inertia_tensor_eigvals", "axis_major_length", "intensity_mean",
             "intensity_median", "euler_number", "solidity", "moments_central", "local_centroid"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # flat regions have no 3-D hull: both warn
        ours = fewseg.regionprops_table(labels, image, names, spacing=(1, 2, 0.5))
        theirs = skimage_measure.regionprops_table(labels, image, names, spacing=(1, 2, 0.5))
    assert list(ours) == list(theirs)
    for column, expected in theirs.items():
        assert_same_value(column.split("-")[0], ours[column], expected)
    with pytest.raises(NotImplementedError):
        fewseg.regionprops_table(labels, properties=["perimeter"])
    with pytest.raises(ValueError, match="2-D"):
        fewseg.regionprops_table(labels, properties=["contour_area"])


def test_extra_properties_and_multichannel():
    labels = random_labels(3, shape=(30, 30))
    image = np.random.default_rng(3).random(labels.shape + (3,))

    def pixelcount(mask):
        return np.sum(mask)

    def median_value(mask, values):
        return np.median(values[mask])

    ours = fewseg.regionprops(labels, image, extra_properties=(pixelcount, median_value))
    theirs = reference_regions(labels, image, extra_properties=(pixelcount, median_value))
    for mine, ref in zip(ours, theirs):
        assert mine.pixelcount == ref.pixelcount
        np.testing.assert_array_equal(mine.median_value, ref.median_value)
    table = fewseg.regionprops_table(labels, image, ("label",), extra_properties=(pixelcount, median_value))
    assert list(table) == ["label", "pixelcount", "median_value-0", "median_value-1", "median_value-2"]


def test_bulk_measurement_runs_once_for_all_regions(monkeypatch):
    """The first property any region asks for is measured for every label in one kernel
    call; further regions and properties of that group make no call. Later groups are
    measured on the first call's dense labels (RegionPass.measure), never from the start."""
    from fewseg import _core

    calls = []
    first, later = _core.region_pass, _core.RegionPass.measure

    def counting_first(*args):
        calls.append(args[2])
        return first(*args)

    def counting_later(self, groups, quantiles):
        calls.append(groups)
        return later(self, groups, quantiles)

    def never(*args):
        raise AssertionError("measured from the start again")

    monkeypatch.setattr(_core, "region_pass", counting_first)
    monkeypatch.setattr(_core.RegionPass, "measure", counting_later)
    monkeypatch.setattr(_core, "region_measurements", never)
    labels = random_labels(8, shape=(60, 50), max_labels=8)
    regions = fewseg.regionprops(labels, labels.astype(np.uint8))
    assert len(calls) == 1 and calls[0] == set()  # labels, boxes and moments
    for region in regions:
        region.area, region.centroid, region.bbox, region.eccentricity
    assert len(calls) == 1
    for region in regions:
        region.perimeter, region.intensity_mean
    assert len(calls) == 2 and {"perimeter", "intensity"} <= calls[1]
    for region in regions:
        region.solidity
    assert len(calls) == 3 and calls[2] == {"convex"}
    for region in regions:
        region.euler_number, region.perimeter_crofton
    assert len(calls) == 4 and calls[3] == {"quads"}


def test_cache_off_reads_the_current_label_image():
    labels = np.zeros((8, 8), np.int32)
    labels[1:4, 1:4] = 1
    cached = fewseg.regionprops(labels)[0]
    uncached = fewseg.regionprops(labels, cache=False)[0]
    assert cached.area == uncached.area == 9
    cached._label_image[2, 2] = 0
    assert cached.area == 9 and cached.image_filled.sum() == 9
    assert uncached.area == 8 and uncached.perimeter == fewseg.regionprops(labels)[0].perimeter
    assert uncached._cache == {}
    labels[2, 2] = 1


def test_deprecated_names_pickling_and_equality():
    labels = random_labels(5, shape=(20, 20))
    regions = fewseg.regionprops(labels, labels.astype(float))
    region = regions[0]
    for old, current in DEPRECATED_NAMES.items():
        with pytest.warns(FutureWarning, match="deprecated"):
            np.testing.assert_equal(region[old], getattr(region, current))
    with pytest.warns(FutureWarning):
        assert region.bbox_area == region.area_bbox
    with pytest.raises(AttributeError, match="'RegionProperties' object has no attribute 'Area'"):
        region.Area
    again = pickle.loads(pickle.dumps(region))
    assert again == region and again.perimeter == region.perimeter
    assert all(isinstance(r, fewseg.measure.RegionProperties) for r in regions)
    public = sorted(n for n in dir(region) if not n.startswith("_"))
    assert public == ALL_NAMES


def test_intensity_required_and_dimension_errors():
    labels = np.ones((3, 4), np.int32)
    region = fewseg.regionprops(labels)[0]
    with pytest.raises(AttributeError, match="intensity_image"):
        region.intensity_mean
    with pytest.raises(TypeError, match="label_image"):
        fewseg.regionprops(np.ones((2, 2, 2, 2), np.int32))
    with pytest.raises(TypeError, match="label_image"):
        fewseg.regionprops(labels.astype(float))
    with pytest.raises(ValueError, match="intensity_image"):
        fewseg.regionprops(labels, np.ones((4, 3)))
    with pytest.raises(ValueError, match="offset"):
        fewseg.regionprops(labels, offset=(1, 2, 3))
    with pytest.raises(NotImplementedError):
        fewseg.regionprops(labels, spacing=(1, 2))[0].perimeter
    volume = fewseg.regionprops(np.ones((2, 3, 4), np.int32))[0]
    with pytest.raises(NotImplementedError):
        volume.eccentricity


def test_inputs_are_not_modified():
    rng = np.random.default_rng(2)
    labels = random_labels(9, shape=(25, 30))
    image = rng.random(labels.shape)
    before = labels.copy(), image.copy()
    for region in fewseg.regionprops(labels, image):
        for name in ALL_NAMES:
            value_or_error(region, name)
    np.testing.assert_array_equal(labels, before[0])
    np.testing.assert_array_equal(image, before[1])


def test_threads_share_one_table():
    """Regions of one call read from 8 threads at once: the shared table is measured once
    and every thread sees what a serial read gives."""
    labels = random_labels(12, shape=(120, 90), max_labels=8)
    image = np.random.default_rng(12).random(labels.shape)
    expected = [(r.perimeter, r.intensity_mean, r.solidity) for r in fewseg.regionprops(labels, image)]
    regions = fewseg.regionprops(labels, image)
    results = [None] * 8
    barrier = threading.Barrier(8)

    def read(k):
        barrier.wait()
        results[k] = [(r.perimeter, r.intensity_mean, r.solidity) for r in regions]

    threads = [threading.Thread(target=read, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results)
