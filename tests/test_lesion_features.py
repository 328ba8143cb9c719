"""fewseg.lesion_features / extract_features: references for the geometry and colour
conversions, the descriptors on shapes and colours whose answer is known, and errors."""

import cv2
import numpy as np
import pytest
from scipy import ndimage as ndi
from scipy.spatial.distance import pdist
from skimage.color import rgb2lab
import skimage.measure
from skimage.measure import perimeter

import fewseg
from fewseg import extract_features, lesion_features
from fewseg.data import synthetic_lesions
from fewseg.lesion._region import largest_filled_region
from fewseg.lesion.features._cielab import rgb_to_lab, srgb_image_to_linear, linear_rgb_to_lab
from fewseg.lesion.features.colour import REFERENCE_SKIN_RGB
from fewseg.measure._dermoscopic_colours import NAMES, SRGB
from fewseg.lesion.features import CORE_FEATURES, CORE_VIEWS
from ph2data import PH2_DIR, ph2_names, read_png

SKIN = np.array(REFERENCE_SKIN_RGB, dtype=np.uint8)


def random_blob(rng, shape=(90, 110)):
    """A smooth random region: thresholded blurred noise (largest part, holes filled)."""
    noise = ndi.gaussian_filter(rng.random(shape), rng.uniform(3, 8))
    mask = noise > np.quantile(noise, rng.uniform(0.4, 0.8))
    return largest_filled_region(mask)


def ellipse(shape=(240, 320), centre=(120, 160), radii=(60, 100)):
    rows, cols = np.mgrid[: shape[0], : shape[1]]
    return ((rows - centre[0]) / radii[0]) ** 2 + ((cols - centre[1]) / radii[1]) ** 2 <= 1


def painted(mask, lesion_rgb):
    """A skin-coloured uint8 image with `mask` painted `lesion_rgb` (a colour or an image)."""
    image = np.empty(mask.shape + (3,), np.uint8)
    image[:] = SKIN
    image[mask] = lesion_rgb[mask] if np.ndim(lesion_rgb) == 3 else lesion_rgb
    return image


def cv2_seed_features(region):
    contours, _ = cv2.findContours(region.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    contour = max(contours, key=len)
    _, radius = cv2.minEnclosingCircle(contour)
    points = contour[:, 0, :].astype(float)
    span = pdist(points).max() if len(points) > 1 else 0.0
    return cv2.contourArea(contour), cv2.arcLength(contour, True) / (2 * np.pi * radius), span


# -- geometry and colour conversions against references --------------------------------------


@pytest.mark.parametrize("seed", range(12))
def test_seed_features_match_opencv_on_random_blobs(seed):
    region = random_blob(np.random.default_rng(seed))
    features = lesion_features(painted(region, (90, 60, 40)), region)
    area, ratio, span = cv2_seed_features(region)
    # Pick's theorem and the border-pixel chain equal OpenCV's trace wherever each border
    # pixel is visited once; smooth blobs stay within a few pixels of that.
    assert features["contour_area"] == pytest.approx(area, rel=2e-3, abs=2)
    # OpenCV's circle is float32 and 1e-4 too large; the chain length the same up to necks.
    assert features["perimeter_ratio"] == pytest.approx(ratio, rel=1e-2)
    assert features["max_span"] == pytest.approx(span, abs=1e-9)


def test_seed_features_match_opencv_exactly_on_an_ellipse():
    region = ellipse()
    features = lesion_features(painted(region, (90, 60, 40)), region)
    area, ratio, span = cv2_seed_features(region)
    assert features["contour_area"] == area
    assert features["perimeter_ratio"] == pytest.approx(ratio, rel=1e-5)
    assert features["max_span"] == span


def test_one_pixel_lesion():
    mask = np.zeros((20, 20), bool)
    mask[5, 7] = True
    features = lesion_features(painted(mask, (90, 60, 40)), mask)
    assert features["contour_area"] == 0 and features["perimeter_ratio"] == 0 and features["max_span"] == 0
    assert all(np.isfinite(value) for value in features.values())


def test_lesion_filling_the_image():
    image = np.random.default_rng(0).integers(0, 256, (50, 60, 3), dtype=np.uint8)
    features = lesion_features(image, np.ones((50, 60), bool))
    assert all(np.isfinite(value) for value in features.values())
    assert features["border_cutoff"] == 0  # no border in view
    # No skin in view: the contrast is to the reference skin colour.
    lesion_lab = rgb_to_lab(image.reshape(-1, 3) / 255)
    assert features["contrast_L"] == pytest.approx(np.median(lesion_lab[:, 0]) - rgb_to_lab(SKIN / 255)[0])


@pytest.mark.parametrize("seed", range(10))
def test_shape_features_are_scikit_image_and_regionprops_definitions(seed):
    region = random_blob(np.random.default_rng(seed))
    features = lesion_features(painted(region, (90, 60, 40)), region)
    reference = skimage.measure.regionprops(region.astype(np.uint8))[0]
    assert features["compactness"] == pytest.approx(perimeter(region) ** 2 / (4 * np.pi * region.sum()), rel=1e-12)
    assert features["solidity"] == pytest.approx(reference.solidity, rel=1e-12)
    assert features["elongation"] == pytest.approx(reference.axis_minor_length / reference.axis_major_length, rel=1e-9)
    table = fewseg.regionprops_table(region.astype(np.uint8), properties=("contour_area", "perimeter_ratio", "max_span"))
    assert {name: features[name] for name in table} == {name: column[0] for name, column in table.items()}
    assert features["relative_area"] == pytest.approx(region.sum() / region.size, rel=1e-12)
    assert features["relative_span"] == pytest.approx(features["max_span"] / np.hypot(*region.shape), rel=1e-12)


def test_largest_filled_region_matches_scipy():
    rng = np.random.default_rng(0)
    for _ in range(100):
        mask = rng.random((int(rng.integers(1, 30)), int(rng.integers(1, 30)))) < rng.uniform(0.2, 0.8)
        if not mask.any():
            continue
        labels, _ = ndi.label(mask, np.ones((3, 3)))
        sizes = np.bincount(labels.ravel())
        sizes[0] = 0
        assert np.array_equal(largest_filled_region(mask), ndi.binary_fill_holes(labels == np.argmax(sizes)))


def test_cielab_matches_scikit_image():
    rng = np.random.default_rng(0)
    colours = np.vstack([rng.random((500, 3)), np.eye(3), np.zeros((1, 3)), np.full((1, 3), 0.003)])
    # scikit-image rounds the CIE constants (0.008856, 7.787): up to 2e-4 apart.
    assert np.allclose(rgb_to_lab(colours), rgb2lab(colours), atol=2e-4)
    image = rng.integers(0, 256, (7, 9, 3), dtype=np.uint8)
    assert np.allclose(linear_rgb_to_lab(srgb_image_to_linear(image)), rgb_to_lab(image / 255.0), atol=1e-10)
    deep = rng.integers(0, 65536, (7, 9, 3), dtype=np.uint16)
    assert np.allclose(linear_rgb_to_lab(srgb_image_to_linear(deep)), rgb_to_lab(deep / 65535.0), atol=1e-10)


# -- descriptors on known answers --------------------------------------------------------------


def test_symmetric_lesion_scores_no_asymmetry_and_a_split_one_does():
    region = ellipse()
    uniform = lesion_features(painted(region, (110, 70, 50)), region)
    assert uniform["asymmetry_min"] == uniform["asymmetry_max"] == 0
    assert uniform["colour_asymmetry"] == pytest.approx(0, abs=1e-9)
    assert uniform["colour_asymmetry_ratio"] == pytest.approx(0, abs=1e-9)
    # Dark left half, light right half: mirror image about the minor axis swaps them.
    halves = np.zeros(region.shape + (3,), np.uint8)
    halves[:, :160] = (60, 40, 30)
    halves[:, 160:] = (170, 120, 90)
    split = lesion_features(painted(region, halves), region)
    assert split["asymmetry_max"] == 0
    assert split["colour_asymmetry"] > 15
    assert split["colour_asymmetry_ratio"] > 0.5
    # An L with unequal arms is asymmetric about both principal axes (equal arms would be
    # symmetric about the diagonal, a principal axis).
    corner = np.zeros((200, 200), bool)
    corner[40:160, 40:80] = corner[130:160, 40:120] = True
    assert lesion_features(painted(corner, (110, 70, 50)), corner)["asymmetry_min"] > 0.2


def test_dermoscopic_colours_on_a_lesion_painted_with_them():
    region = ellipse()
    names = ("white", "light_brown", "blue_gray", "black")
    quarters = np.zeros(region.shape + (3,), np.uint8)
    for index, name in enumerate(names):
        rows = slice(0, 120) if index < 2 else slice(120, 240)
        cols = slice(0, 160) if index % 2 == 0 else slice(160, 320)
        quarters[rows, cols] = np.round(SRGB[NAMES.index(name)] * 255)
    features = lesion_features(painted(region, quarters), region)
    # The skin is the reference skin, so the white balance leaves the colours unchanged.
    for name in NAMES:
        assert features[f"colour_{name}"] == pytest.approx(0.25 if name in names else 0.0, abs=0.01)
    assert features["colour_count"] == 4
    assert features["colour_entropy"] == pytest.approx(2.0, abs=0.01)
    assert features["hue_spread"] > 30


def test_white_balance_cancels_the_illuminant():
    region = ellipse()
    image = painted(region, (120, 80, 60)).astype(float) / 255
    tinted = image * np.array([0.8, 0.95, 1.1]) ** (1 / 2.2)  # a bluish light on both
    plain, cast = lesion_features(image, region), lesion_features(np.clip(tinted, 0, 1), region)
    for name in ("L_p50", "a_p50", "b_p50"):
        assert cast[name] == pytest.approx(plain[name], abs=0.5)


def test_uniform_lesion_statistics_and_contrast():
    region = ellipse()
    features = lesion_features(painted(region, (120, 70, 50)), region)
    lesion_lab, skin_lab = rgb_to_lab(np.array([120, 70, 50]) / 255), rgb_to_lab(SKIN / 255)
    for index, channel in enumerate("Lab"):
        assert features[f"contrast_{channel}"] == pytest.approx(lesion_lab[index] - skin_lab[index], abs=1e-6)
        assert features[f"{channel}_std"] == pytest.approx(0, abs=1e-9)
        assert features[f"{channel}_p5"] == pytest.approx(features[f"{channel}_p95"], abs=1e-9)
    assert features["lab_entropy"] == 0 and features["colour_count"] == 1


def test_border_cutoff_drops_when_the_edge_is_blurred():
    region = ellipse()
    sharp = painted(region, (110, 70, 50)).astype(float) / 255
    soft = np.stack([ndi.gaussian_filter(sharp[..., k], 8) for k in range(3)], axis=-1)
    abrupt, gradual = lesion_features(sharp, region), lesion_features(soft, region)
    assert 0.8 < abrupt["border_cutoff"] < 1.3
    assert gradual["border_cutoff"] < 0.6 * abrupt["border_cutoff"]
    assert abrupt["border_cutoff_std"] < 0.1


def test_dtypes_agree_and_inputs_are_not_modified():
    region = random_blob(np.random.default_rng(3), (120, 150))
    rng = np.random.default_rng(4)
    image = np.clip(painted(region, (100, 70, 50)) + rng.integers(0, 40, region.shape + (3,)), 0, 255).astype(np.uint8)
    image_before, mask_before = image.copy(), region.copy()
    reference = lesion_features(image, region)
    assert np.array_equal(image, image_before) and np.array_equal(region, mask_before)
    as_float = lesion_features(image / 255.0, region.astype(np.uint8))
    as_uint16 = lesion_features(image.astype(np.uint16) * 257, region.astype(np.int64) * 3)
    assert list(as_float) == list(reference) == list(as_uint16)
    for name, value in reference.items():
        assert as_float[name] == pytest.approx(value, rel=1e-6, abs=1e-6), name
        assert as_uint16[name] == pytest.approx(value, rel=1e-6, abs=1e-6), name
    fortran = lesion_features(np.asfortranarray(image), np.asfortranarray(region))
    assert fortran == reference


def test_lesion_is_the_largest_component_with_holes_filled():
    region = ellipse()
    speckled = region.copy()
    speckled[120, 160] = False  # a hole
    speckled[5:8, 5:8] = True  # a far speck
    image = painted(region, (110, 70, 50))
    assert lesion_features(image, speckled) == lesion_features(image, region)


# -- extract_features ------------------------------------------------------------------------


def test_extract_features_stacks_rows():
    region = ellipse()
    images = [painted(region, (110, 70, 50)), painted(region, (60, 40, 90))]
    X, names = extract_features(images, [region, region])
    assert X.shape == (2, len(names)) and X.dtype == np.float64
    assert names == list(lesion_features(images[0], region))
    assert np.array_equal(X[1], list(lesion_features(images[1], region).values()))
    assert set(CORE_FEATURES) <= set(names)
    assert {name for view in CORE_VIEWS for name in view} == set(CORE_FEATURES)


def test_masks_none_segments_with_segment_lesion():
    image = synthetic_lesions(1, seed=0, shape=(128, 128)).images[0]
    X, _ = extract_features([image])
    mask = fewseg.segment_lesion(image)
    assert mask.any() and np.array_equal(X[0], list(lesion_features(image, mask).values()))


@pytest.mark.parametrize(
    ("image", "mask", "error", "name"),
    [
        (np.zeros((10, 10, 2)), np.ones((10, 10), bool), ValueError, "image"),
        (np.zeros(10), np.ones((10, 10), bool), ValueError, "image"),
        (np.zeros((10, 10, 3), np.int32), np.ones((10, 10), bool), TypeError, "image"),
        (np.full((10, 10, 3), 2.0), np.ones((10, 10), bool), ValueError, "image"),
        (np.full((10, 10, 3), np.nan), np.ones((10, 10), bool), ValueError, "image"),
        (np.zeros((10, 10, 3), np.complex64), np.ones((10, 10), bool), TypeError, "image"),
        (np.zeros((10, 10, 3)), np.ones((10, 9), bool), ValueError, "mask"),
        (np.zeros((10, 10, 3)), np.zeros((10, 10), bool), ValueError, "mask"),
        (np.zeros((10, 10, 3)), np.full((10, 10), 0.5), ValueError, "mask"),
        (np.zeros((10, 10, 3)), np.ones((10, 10, 1), bool), ValueError, "mask"),
    ],
)
def test_bad_input_errors_name_the_argument(image, mask, error, name):
    with pytest.raises(error, match=f"^{name}:"):
        lesion_features(image, mask)


def test_extract_features_errors():
    region = ellipse()
    image = painted(region, (110, 70, 50))
    with pytest.raises(ValueError, match="^images:"):
        extract_features(image, [region])  # one image, not a list of them
    with pytest.raises(ValueError, match="^images:"):
        extract_features([], [])
    with pytest.raises(ValueError, match="^masks:"):
        extract_features([image, image], [region])
    with pytest.raises(ValueError, match=r"^masks\[1\]: no lesion pixels"):
        extract_features([image, image], [region, np.zeros_like(region)])


# -- PH2 expert masks ------------------------------------------------------------------------


@pytest.mark.parametrize("name", ph2_names()[::8] or ["absent"])
def test_seed_features_match_opencv_on_ph2_masks(ph2_dir, name):
    image = read_png(PH2_DIR / f"{name}.png")
    region = largest_filled_region(read_png(PH2_DIR / f"{name}_lesion.png") != 0)
    features = lesion_features(image, region)
    area, ratio, span = cv2_seed_features(region)
    assert features["contour_area"] == pytest.approx(area, rel=1e-3)
    assert features["perimeter_ratio"] == pytest.approx(ratio, rel=1e-2)
    assert features["max_span"] == pytest.approx(span, abs=1e-9)
    assert all(np.isfinite(value) for value in features.values())


def test_shape_features_do_not_depend_on_where_the_lesion_lies():
    # Regression: mirror images were rounded to pixels on image coordinates, so where a
    # reflection fell half-way between pixel centres this lesion's asymmetry_max was 0 in
    # one place and 1 in another; elongation and the circle moved in the last bit.
    lesion = np.array([[1, 1, 0], [0, 0, 1], [0, 0, 1]], bool)
    names = ["contour_area", "perimeter_ratio", "max_span", "compactness", "solidity", "elongation",
             "asymmetry_min", "asymmetry_max"]
    results = []
    for shape, (top, left) in [((60, 60), (20, 20)), ((30, 40), (0, 0)), ((30, 40), (7, 4)), ((45, 31), (41, 28))]:
        mask = np.zeros(shape, bool)
        mask[top: top + 3, left: left + 3] = lesion
        image = np.full(shape + (3,), 200, np.uint8)
        image[mask] = 60
        features = fewseg.lesion_features(image, mask)
        results.append([features[name] for name in names])
    for other in results[1:]:
        assert other == results[0]


def test_extract_features_shows_progress_when_asked(capsys):
    data = synthetic_lesions(3, seed=2, shape=(64, 64))
    X, _ = fewseg.extract_features(data.images, data.masks, progress=True)
    assert X.shape[0] == 3 and "3/3" in capsys.readouterr().err
    fewseg.extract_features(data.images, data.masks, progress=False)
    assert capsys.readouterr().err == ""
