"""fewseg.regionprops_table equals skimage.measure.regionprops_table for the properties
they share: same columns, dtypes and values (1e-9 relative)."""

import warnings

import numpy as np
import pytest

import fewseg
from fewseg import _core
from ph2data import PH2_DIR, ph2_names, read_png
from random_masks import random_labels

skimage_measure = pytest.importorskip("skimage.measure")

SHAPE_PROPERTIES = [
    "label", "area", "area_bbox", "area_convex", "axis_major_length", "axis_minor_length", "bbox",
    "centroid", "centroid_local", "eccentricity", "equivalent_diameter_area", "euler_number", "extent",
    "feret_diameter_max", "inertia_tensor", "inertia_tensor_eigvals", "moments_hu", "num_pixels",
    "orientation", "perimeter", "perimeter_crofton", "solidity",
]
INTENSITY_PROPERTIES = ["intensity_mean", "intensity_min", "intensity_max", "intensity_std", "intensity_median"]
# scikit-image rejects these with non-unit (moments_hu) or unequal (perimeters) spacing.
NEEDS_UNIT_SPACING = {"moments_hu"}
NEEDS_EQUAL_SPACING = {"perimeter", "perimeter_crofton"}


def reference(*args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-image's own warnings (e.g. empty images)
        return skimage_measure.regionprops_table(*args, **kwargs)


def assert_same_table(ours, theirs, rtol=1e-9):
    assert list(ours) == list(theirs)
    # Hu's invariants are sums of products of normalised central moments that cancel to 0
    # for symmetric shapes; fewseg's central moments are exact, scikit-image's float sums
    # leave noise of about 1e-16 of the products' size there (Hypothesis found -3.6e-12
    # against fewseg's 0 for a 5-pixel region whose largest invariant is 2e5), so they are
    # compared absolutely on that scale.
    hu_scale = max([1.0] + [float(np.abs(v).max(initial=0)) for k, v in theirs.items() if k.startswith("moments_hu")])
    for name, expected in theirs.items():
        got = ours[name]
        assert got.dtype == expected.dtype, name
        assert got.shape == expected.shape, name
        # A zero eigenvalue comes out of scikit-image's float sums as ~1e-15, whose square
        # root (axis_minor_length) is ~1e-7: compare those absolutely.
        if "axis_minor" in name:
            atol = 1e-6 * max(1.0, float(np.abs(expected).max(initial=0)))
        elif name.startswith("moments_hu"):
            atol = 1e-13 * hu_scale
        else:
            atol = 1e-12
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=atol, err_msg=name)


def intensity_for(labels, seed, kind):
    rng = np.random.default_rng(seed)
    if kind == "grey-uint8":
        return rng.integers(0, 256, labels.shape).astype(np.uint8)
    if kind == "rgb-uint8":
        return rng.integers(0, 256, labels.shape + (3,)).astype(np.uint8)
    if kind == "uint16-2ch":
        return rng.integers(0, 65536, labels.shape + (2,)).astype(np.uint16)
    if kind == "float64":
        return rng.standard_normal(labels.shape) * 100 + 5
    return rng.random(labels.shape + (1,))  # float64 with a channel axis of 1


KINDS = ["grey-uint8", "rgb-uint8", "uint16-2ch", "float64", "float64-1ch"]


@pytest.mark.parametrize("seed", range(150))
def test_random_label_images(seed):
    labels = random_labels(seed)
    intensity = intensity_for(labels, seed, KINDS[seed % len(KINDS)])
    properties = SHAPE_PROPERTIES + INTENSITY_PROPERTIES
    assert_same_table(
        fewseg.regionprops_table(labels, intensity, properties),
        reference(labels, intensity, properties),
    )


@pytest.mark.parametrize("seed", range(40))
def test_spacing(seed):
    labels = random_labels(1000 + seed)
    rng = np.random.default_rng(seed)
    anisotropic = tuple(rng.uniform(0.2, 3.0, 2))
    properties = [p for p in SHAPE_PROPERTIES if p not in NEEDS_UNIT_SPACING | NEEDS_EQUAL_SPACING]
    assert_same_table(
        fewseg.regionprops_table(labels, properties=properties, spacing=anisotropic),
        reference(labels, properties=properties, spacing=anisotropic),
    )
    isotropic = float(rng.uniform(0.2, 3.0))
    properties = [p for p in SHAPE_PROPERTIES if p not in NEEDS_UNIT_SPACING]
    assert_same_table(
        fewseg.regionprops_table(labels, properties=properties, spacing=isotropic),
        reference(labels, properties=properties, spacing=isotropic),
    )


def test_ph2_lesions(ph2_dir):
    for name in ph2_names()[::8]:
        mask = read_png(PH2_DIR / f"{name}_lesion.png") > 0
        image = read_png(PH2_DIR / f"{name}.png")
        labels = skimage_measure.label(mask)
        properties = SHAPE_PROPERTIES + INTENSITY_PROPERTIES
        assert_same_table(fewseg.regionprops_table(labels, image, properties), reference(labels, image, properties))


def test_larger_label_image():
    from scipy import ndimage as ndi

    rng = np.random.default_rng(5)
    smooth = ndi.gaussian_filter(rng.random((300, 260)), 3)
    labels = skimage_measure.label(smooth > np.median(smooth))
    image = rng.integers(0, 256, labels.shape + (3,)).astype(np.uint8)
    properties = SHAPE_PROPERTIES + INTENSITY_PROPERTIES
    assert labels.max() > 50
    assert_same_table(fewseg.regionprops_table(labels, image, properties), reference(labels, image, properties))


def test_float32_intensity_is_summed_in_double():
    # scikit-image averages float32 images in float32; fewseg in double: equal to 1e-6.
    labels = random_labels(3, shape=(60, 70))
    image = np.random.default_rng(3).random(labels.shape).astype(np.float32)
    assert_same_table(
        fewseg.regionprops_table(labels, image, INTENSITY_PROPERTIES),
        reference(labels, image, INTENSITY_PROPERTIES),
        rtol=1e-5,
    )


@pytest.mark.parametrize(
    "labels",
    [np.zeros((5, 6), np.int32), np.zeros((0, 4), np.int64), np.zeros((3, 0), np.uint8)],
    ids=["background-only", "no-rows", "no-columns"],
)
def test_no_labels_give_empty_columns(labels):
    intensity = np.zeros(labels.shape + (3,), np.uint8)
    properties = SHAPE_PROPERTIES + INTENSITY_PROPERTIES
    ours = fewseg.regionprops_table(labels, intensity, properties)
    assert all(len(column) == 0 for column in ours.values())
    if labels.size:  # scikit-image cannot take an image without pixels
        assert_same_table(ours, reference(labels, intensity, properties))
    else:
        assert_same_table(ours, reference(np.zeros((2, 2), np.int32), intensity[:2, :2] if intensity.size else
                                          np.zeros((2, 2, 3), np.uint8), properties))


def test_single_pixels_and_lines():
    labels = np.zeros((7, 9), np.int32)
    labels[0, 0] = 1  # corner pixel
    labels[3, 2:8] = 2  # horizontal line
    labels[1:6, 8] = 3  # vertical line on the edge
    labels[6, 0] = 4
    for i in range(4):
        labels[2 + i, 1 + i] = 5 if i % 2 else 6  # diagonal contacts
    assert_same_table(
        fewseg.regionprops_table(labels, properties=SHAPE_PROPERTIES), reference(labels, properties=SHAPE_PROPERTIES)
    )


@pytest.mark.parametrize("dtype", [np.uint8, np.int8, np.uint16, np.int16, np.int32, np.uint32, np.int64, np.uint64])
def test_label_dtypes_and_layouts(dtype):
    labels = (random_labels(21, shape=(37, 29), max_labels=5) % 100).astype(dtype)
    expected = reference(labels, properties=SHAPE_PROPERTIES)
    for variant in (labels, np.asfortranarray(labels)):
        assert_same_table(fewseg.regionprops_table(variant, properties=SHAPE_PROPERTIES), expected)
    flipped = labels[::-1, ::2]
    assert_same_table(
        fewseg.regionprops_table(flipped, properties=SHAPE_PROPERTIES),
        reference(flipped, properties=SHAPE_PROPERTIES),
    )


def test_large_and_sparse_label_values():
    # Far beyond the pixel count (the hash path); scikit-image allocates a table up to the
    # largest label, so it is compared on the labels renumbered 1..K.
    small = random_labels(8, shape=(30, 30))
    values = np.unique(np.append(small, 0))  # 0 first, then the labels
    large = np.where(small > 0, small + 2**40, 0)
    ours = fewseg.regionprops_table(large, properties=SHAPE_PROPERTIES)
    np.testing.assert_array_equal(ours.pop("label"), values[1:] + 2**40)
    expected = reference(np.searchsorted(values, small), properties=SHAPE_PROPERTIES)
    del expected["label"]
    assert_same_table(ours, expected)


def test_intensity_layouts():
    labels = random_labels(9, shape=(40, 33))
    image = np.random.default_rng(9).integers(0, 256, (33, 40, 3)).astype(np.uint8).transpose(1, 0, 2)
    expected = reference(labels, image, INTENSITY_PROPERTIES)
    for variant in (image, np.ascontiguousarray(image), image[::-1][::-1], np.asfortranarray(image)):
        assert_same_table(fewseg.regionprops_table(labels, variant, INTENSITY_PROPERTIES), expected)
    bools = np.random.default_rng(1).random(labels.shape) < 0.5
    assert_same_table(
        fewseg.regionprops_table(labels, bools, INTENSITY_PROPERTIES), reference(labels, bools, INTENSITY_PROPERTIES)
    )
    ints = np.random.default_rng(2).integers(-1000, 1000, labels.shape).astype(np.int16)
    assert_same_table(
        fewseg.regionprops_table(labels, ints, INTENSITY_PROPERTIES), reference(labels, ints, INTENSITY_PROPERTIES)
    )


def test_inputs_are_not_modified():
    labels = random_labels(4, shape=(30, 31)).astype(np.int32)
    image = np.random.default_rng(4).integers(0, 256, labels.shape + (3,)).astype(np.uint8)
    labels_before, image_before = labels.copy(), image.copy()
    fewseg.regionprops_table(labels, image, SHAPE_PROPERTIES + INTENSITY_PROPERTIES + ["contour_area", "asymmetry",
                             "border_sharpness", "rgb_mean", "fractal_dimension"])
    np.testing.assert_array_equal(labels, labels_before)
    np.testing.assert_array_equal(image, image_before)


def test_results_do_not_depend_on_the_thread_count():
    labels = random_labels(2, shape=(400, 300), max_labels=8).astype(np.int32)
    image = np.random.default_rng(2).random(labels.shape + (3,))
    args = (labels, image, set(_core.region_groups()), (1.0, 1.0), [0.1, 0.5])
    one, four = _core.region_measurements(*args, 1), _core.region_measurements(*args, 4)
    assert one.keys() == four.keys()
    for key in one:
        np.testing.assert_array_equal(one[key], four[key], err_msg=key)


def test_bad_arguments():
    labels = np.ones((4, 5), np.int32)
    with pytest.raises(TypeError, match="label_image"):
        fewseg.regionprops_table(labels.astype(bool))
    with pytest.raises(TypeError, match="label_image"):
        fewseg.regionprops_table(labels.astype(float))
    with pytest.raises(ValueError, match="label_image"):
        fewseg.regionprops_table(-labels)
    with pytest.raises(TypeError, match="label_image"):  # scikit-image's type: 2-D and 3-D only
        fewseg.regionprops_table(np.ones((2, 3, 4, 5), np.int32))
    with pytest.raises(ValueError, match="intensity_image"):
        fewseg.regionprops_table(labels, np.ones((5, 4)))
    with pytest.raises(ValueError, match="intensity_image"):
        fewseg.regionprops_table(labels, np.ones((4, 5, 2, 2)))
    with pytest.raises(ValueError, match="intensity_image"):
        fewseg.regionprops_table(labels, properties=["intensity_mean"])
    with pytest.raises(ValueError, match="intensity_image"):
        fewseg.regionprops_table(labels, np.full((4, 5), np.nan), properties=["intensity_mean"])
    with pytest.raises(ValueError, match="properties"):
        fewseg.regionprops_table(labels, properties=["label", "roundness"])
    with pytest.raises(TypeError, match="properties"):
        fewseg.regionprops_table(labels, properties="area")
    with pytest.raises(ValueError, match="spacing"):
        fewseg.regionprops_table(labels, properties=["moments_hu"], spacing=2)
    with pytest.raises(ValueError, match="spacing"):
        fewseg.regionprops_table(labels, properties=["perimeter"], spacing=(1, 2))
    with pytest.raises(ValueError, match="spacing"):
        fewseg.regionprops_table(labels, properties=["area"], spacing=(1, 2, 3))
    with pytest.raises(ValueError, match="spacing"):
        fewseg.regionprops_table(labels, properties=["area"], spacing=-1)
    with pytest.raises(TypeError, match="spacing"):
        fewseg.regionprops_table(labels, properties=["area"], spacing="big")
    with pytest.raises(ValueError, match="intensity_image"):
        fewseg.regionprops_table(labels, np.ones((4, 5)), properties=["rgb_mean"])
    with pytest.raises(TypeError, match="intensity_image"):
        fewseg.regionprops_table(labels, np.ones((4, 5, 3), np.int32), properties=["lab_mean"])


@pytest.mark.parametrize("shape", [(1, 1), (1, 17), (23, 1), (2, 2)])
def test_thin_images(shape):
    labels = (np.arange(np.prod(shape)).reshape(shape) % 3).astype(np.int32)
    image = np.arange(np.prod(shape), dtype=np.float64).reshape(shape)
    properties = SHAPE_PROPERTIES + INTENSITY_PROPERTIES
    assert_same_table(fewseg.regionprops_table(labels, image, properties), reference(labels, image, properties))
    extra = fewseg.regionprops_table(labels, image, ["contour_area", "max_span", "asymmetry", "fractal_dimension",
                                                     "border_sharpness", "compactness"])
    assert all(len(column) == len(np.unique(labels[labels > 0])) for column in extra.values())


def test_separator():
    labels = random_labels(6, shape=(20, 25))
    properties = ["label", "bbox", "inertia_tensor", "moments_hu"]
    assert_same_table(
        fewseg.regionprops_table(labels, properties=properties, separator="_"),
        reference(labels, properties=properties, separator="_"),
    )
    with pytest.raises(TypeError, match="separator"):
        fewseg.regionprops_table(labels, separator=1)


@pytest.mark.parametrize("width", [1, 15, 16, 17, 47, 48, 49, 100, 70000])
def test_rgb_runs_of_every_length(width):
    # Interleaved uint8 RGB is summed sixteen pixels at a time: every tail length, and a
    # run long enough to flush the 32-bit lanes of the sums of squares.
    rng = np.random.default_rng(width)
    labels = np.ones((3, width), np.int32)
    labels[1, width // 2 :] = 2
    image = rng.integers(0, 256, (3, width, 3)).astype(np.uint8)
    table = fewseg.regionprops_table(labels, image, ["label", "intensity_min", "intensity_max", "intensity_mean",
                                                     "intensity_std"])
    for row, value in enumerate(table["label"]):
        pixels = image[labels == value].astype(np.float64)
        for c in range(3):
            assert table[f"intensity_min-{c}"][row] == pixels[:, c].min()
            assert table[f"intensity_max-{c}"][row] == pixels[:, c].max()
            np.testing.assert_allclose(table[f"intensity_mean-{c}"][row], pixels[:, c].mean(), rtol=1e-12)
            np.testing.assert_allclose(table[f"intensity_std-{c}"][row], pixels[:, c].std(), rtol=1e-9)


def test_a_labels_perimeters_do_not_depend_on_the_other_labels():
    # Regression: the weighted sums were matrix products, which BLAS sums in blocks of
    # rows, so a label's perimeter changed in the last bit with its row in the table.
    labels = random_labels(2, shape=(60, 70), max_labels=8)
    properties = ["perimeter", "perimeter_crofton"]
    table = fewseg.regionprops_table(labels, properties=["label"] + properties)
    assert len(table["label"]) >= 5
    for row, value in enumerate(table["label"]):
        alone = fewseg.regionprops_table(np.where(labels == value, labels, 0), properties=properties)
        for name in properties:
            assert alone[name][0] == table[name][row], (name, value)


def test_hu_invariants_that_cancel_match_on_their_products_scale():
    # Found by Hypothesis: scikit-image's moments_hu-6 is -3.6e-12 here, fewseg's exact 0.
    labels = np.zeros((15, 2), np.int32)
    labels[0:2, :] = 1
    labels[14, 0] = 1
    properties = ["label", "area", "moments_hu"]
    ours = fewseg.regionprops_table(labels, properties=properties)
    assert_same_table(ours, reference(labels, properties=properties))
    assert abs(ours["moments_hu-6"][0]) < 1e-9 < ours["moments_hu-4"][0]
