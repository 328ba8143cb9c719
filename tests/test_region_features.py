"""fewseg's own region properties (the seed's three features and the dermoscopy
descriptors) against OpenCV, scikit-image, Pick's theorem and straightforward numpy
re-implementations of their definitions."""

import math
import warnings
from itertools import combinations

import numpy as np
import pytest
from scipy import ndimage as ndi
from scipy.spatial.distance import pdist

import fewseg
from fewseg.measure._dermoscopic_colours import NAMES, PRESENCE_FRACTION, SRGB
from fewseg.measure._extra_properties import COLOUR_PERCENTILES
from ph2data import PH2_DIR, ph2_names, read_png
from random_masks import random_labels, random_mask

cv2 = pytest.importorskip("cv2")
skimage_color = pytest.importorskip("skimage.color")
skimage_measure = pytest.importorskip("skimage.measure")
skimage_util = pytest.importorskip("skimage.util")

SEED_PROPERTIES = ["label", "contour_area", "contour_length", "enclosing_radius", "perimeter_ratio", "max_span"]


def label_masks(labels):
    for value in np.unique(labels[labels > 0]):
        yield value, labels == value


def opencv_outer(mask):
    contours, _ = cv2.findContours(mask.astype(np.uint8), cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    return contours


@pytest.mark.parametrize("seed", range(80))
def test_seed_features_equal_opencv(seed):
    labels = random_labels(seed)
    table = fewseg.regionprops_table(labels, properties=SEED_PROPERTIES)
    for row, (value, mask) in enumerate(label_masks(labels)):
        assert table["label"][row] == value
        contours = opencv_outer(mask)
        points = np.vstack([c[:, 0] for c in contours]).astype(np.float64)
        assert table["contour_area"][row] == sum(cv2.contourArea(c) for c in contours)
        length = sum(cv2.arcLength(c, True) for c in contours)
        np.testing.assert_allclose(table["contour_length"][row], length, rtol=1e-7)  # float32 steps
        _, radius = cv2.minEnclosingCircle(points.astype(np.float32))
        ours = table["enclosing_radius"][row]
        assert radius - 1e-3 <= ours <= radius + 1e-9  # OpenCV adds 1e-4 and works in float32
        assert np.hypot(*(points - points.mean(0)).T).max() <= 2 * ours + 1e-9 or ours == 0
        span = math.sqrt(pdist(points, "sqeuclidean").max()) if len(points) > 1 else 0.0
        assert table["max_span"][row] == span
        expected_ratio = table["contour_length"][row] / (2 * math.pi * ours) if ours > 0 else 0.0
        assert table["perimeter_ratio"][row] == expected_ratio


def brute_force_enclosing_radius(points):
    """Smallest circle through 2 (as diameter) or 3 of the points containing them all."""
    points = np.unique(points, axis=0).astype(float)
    if len(points) == 1:
        return 0.0
    best = math.inf
    candidates = []
    for a, b in combinations(points, 2):
        candidates.append(((a + b) / 2, np.hypot(*(a - b)) / 2))
    for a, b, c in combinations(points, 3):
        d = 2 * ((b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]))
        if d == 0:
            continue
        b2, c2 = (b - a) @ (b - a), (c - a) @ (c - a)
        centre = a + np.array([(c[1] - a[1]) * b2 - (b[1] - a[1]) * c2, (b[0] - a[0]) * c2 - (c[0] - a[0]) * b2]) / d
        candidates.append((centre, np.hypot(*(a - centre))))
    for centre, radius in candidates:
        if radius < best and np.all(np.hypot(*(points - centre).T) <= radius * (1 + 1e-12)):
            best = radius
    return best


@pytest.mark.parametrize("seed", range(12))
def test_enclosing_radius_is_the_minimum(seed):
    labels = random_labels(seed, shape=(9, 11))
    table = fewseg.regionprops_table(labels, properties=["enclosing_radius"])
    contours, owners = fewseg.label_contours(labels)
    for row, value in enumerate(np.unique(owners)):
        points = np.vstack([c for c, o in zip(contours, owners) if o == value])
        np.testing.assert_allclose(table["enclosing_radius"][row], brute_force_enclosing_radius(points), rtol=1e-12)


def test_contour_area_obeys_picks_theorem():
    # For an outer contour that is a simple polygon (no point visited twice), the pixels
    # it encloses number I + B, and Pick: area = I + B/2 - 1 = N_filled - B/2 - 1.
    checked = 0
    for seed in range(150):
        labels = skimage_measure.label(random_mask(seed), connectivity=2)
        table = fewseg.regionprops_table(labels, properties=["label", "contour_area"])
        contours, owners = fewseg.label_contours(labels)
        for row, value in enumerate(table["label"]):
            (contour,) = [c for c, o in zip(contours, owners) if o == value]
            if len(contour) < 3 or len(np.unique(contour, axis=0)) != len(contour):
                continue
            filled = ndi.binary_fill_holes(labels == value)  # background 4-connected, as holes are
            assert table["contour_area"][row] == filled.sum() - len(contour) / 2 - 1
            checked += 1
    assert checked >= 100


def test_seed_features_on_ph2(ph2_dir):
    for name in ph2_names()[::10]:
        mask = read_png(PH2_DIR / f"{name}_lesion.png") > 0
        table = fewseg.regionprops_table(mask.astype(np.uint8), properties=SEED_PROPERTIES)
        contours = opencv_outer(mask)
        points = np.vstack([c[:, 0] for c in contours]).astype(np.float32)
        assert table["contour_area"][0] == sum(cv2.contourArea(c) for c in contours)
        _, radius = cv2.minEnclosingCircle(points)
        assert abs(table["enclosing_radius"][0] - radius) < 1e-3
        np.testing.assert_allclose(table["contour_length"][0], sum(cv2.arcLength(c, True) for c in contours),
                                   rtol=1e-7)


def test_single_pixel_and_isotropic_spacing():
    labels = np.zeros((5, 6), np.int32)
    labels[2, 3] = 1
    labels[0, 0:4] = 2
    table = fewseg.regionprops_table(labels, properties=SEED_PROPERTIES)
    np.testing.assert_array_equal(table["contour_area"], [0, 0])
    np.testing.assert_array_equal(table["contour_length"], [0, 6])
    np.testing.assert_array_equal(table["enclosing_radius"], [0, 1.5])
    np.testing.assert_array_equal(table["perimeter_ratio"], [0, 6 / (2 * math.pi * 1.5)])
    np.testing.assert_array_equal(table["max_span"], [0, 3])
    scaled = fewseg.regionprops_table(labels, properties=SEED_PROPERTIES, spacing=0.5)
    np.testing.assert_array_equal(scaled["contour_length"], [0, 3])
    np.testing.assert_array_equal(scaled["max_span"], [0, 1.5])
    np.testing.assert_array_equal(scaled["perimeter_ratio"], table["perimeter_ratio"])
    with pytest.raises(ValueError, match="spacing"):
        fewseg.regionprops_table(labels, properties=["max_span"], spacing=(1, 2))


def reflected_mismatch(mask, theta, axis):
    """A numpy transcription of the asymmetry index: pixels where region and mirror image
    (sampled at pixel centres) differ, over the area; coordinates from the corner of the
    bounding box, the mirror image counted also where it leaves the image."""
    ur, uc = (math.cos(theta), math.sin(theta)) if axis == 0 else (-math.sin(theta), math.cos(theta))
    rows, cols = np.nonzero(mask)
    top, left = rows.min(), cols.min()
    box = mask[top : rows.max() + 1, left : cols.max() + 1]
    rows, cols = rows - top, cols - left
    centre = (rows.sum() / len(rows), cols.sum() / len(cols))
    corners = np.array([[0, 0], [rows.max(), 0], [0, cols.max()], [rows.max(), cols.max()]], float)

    def reflect(r, c):
        dr, dc = r - centre[0], c - centre[1]
        along = dr * ur + dc * uc
        return centre[0] + 2.0 * along * ur - dr, centre[1] + 2.0 * along * uc - dc

    rr, rc = reflect(corners[:, 0], corners[:, 1])
    r0, r1 = int(math.floor(min(rr.min(), 0))) - 1, int(math.ceil(max(rr.max(), rows.max()))) + 1
    c0, c1 = int(math.floor(min(rc.min(), 0))) - 1, int(math.ceil(max(rc.max(), cols.max()))) + 1
    grid_r, grid_c = np.mgrid[r0 : r1 + 1, c0 : c1 + 1]

    def in_box(r, c):
        inside = (r >= 0) & (r < box.shape[0]) & (c >= 0) & (c < box.shape[1])
        out = np.zeros(r.shape, bool)
        out[inside] = box[r[inside], c[inside]]
        return out

    mr, mc = reflect(grid_r.astype(float), grid_c.astype(float))
    mirrored = in_box(np.floor(mr + 0.5).astype(int), np.floor(mc + 0.5).astype(int))
    return np.count_nonzero(in_box(grid_r, grid_c) != mirrored) / mask.sum()


def exact_principal_angle(mask):
    """The major axis angle from central moments computed with Python integers."""
    rows, cols = (np.nonzero(mask)[k].astype(object) for k in range(2))
    n, r, c = len(rows), int(rows.sum()), int(cols.sum())
    mu20 = float(n * int((rows * rows).sum()) - r * r) / n
    mu11 = float(n * int((rows * cols).sum()) - r * c) / n
    mu02 = float(n * int((cols * cols).sum()) - c * c) / n
    if mu02 - mu20 == 0:
        return math.pi / 4.0 if -mu11 < 0 else -math.pi / 4.0
    return 0.5 * math.atan2(2.0 * mu11, mu20 - mu02)


@pytest.mark.parametrize("seed", range(30))
def test_asymmetry_follows_its_definition(seed):
    labels = random_labels(seed, shape=(40, 37))
    table = fewseg.regionprops_table(labels, properties=["asymmetry"])
    for row, (_, mask) in enumerate(label_masks(labels)):
        theta = exact_principal_angle(mask)
        for axis in range(2):
            expected = reflected_mismatch(mask, theta, axis)
            assert table[f"asymmetry-{axis}"][row] == expected


def test_symmetric_shapes_have_no_asymmetry():
    labels = np.zeros((60, 80), np.int32)
    labels[5:12, 3:30] = 1  # rectangle
    rr, cc = np.mgrid[:60, :80]
    labels[((rr - 35) / 12.0) ** 2 + ((cc - 40) / 20.0) ** 2 <= 1] = 2  # ellipse on pixel centres
    labels[50:55, 60:75] = 3
    labels[47:58, 66:69] = 3  # a plus sign
    table = fewseg.regionprops_table(labels, properties=["asymmetry"])
    np.testing.assert_array_equal(table["asymmetry-0"], 0)
    np.testing.assert_array_equal(table["asymmetry-1"], 0)
    triangle = np.tril(np.ones((20, 20), np.int32))
    table = fewseg.regionprops_table(triangle, properties=["asymmetry"])
    # symmetric about one principal axis (the anti-diagonal) only
    assert sorted([table["asymmetry-0"][0], table["asymmetry-1"][0]])[0] == 0
    assert max(table["asymmetry-0"][0], table["asymmetry-1"][0]) > 0.3


def box_counting_dimension(points, top, left, extent):
    sizes, counts = [], []
    shift = 0
    while (1 << shift) * 4 <= extent:
        boxes = np.unique(((points[:, 0] - top) >> shift) * 100000 + ((points[:, 1] - left) >> shift))
        sizes.append(shift * math.log(2.0))
        counts.append(math.log(len(boxes)))
        shift += 1
    if len(sizes) < 2:
        return math.nan
    return -np.polyfit(sizes, counts, 1)[0]


@pytest.mark.parametrize("seed", range(20))
def test_fractal_dimension_by_box_counting(seed):
    labels = random_labels(seed, shape=(64, 70))
    table = fewseg.regionprops_table(labels, properties=["label", "bbox", "fractal_dimension"])
    contours, owners = fewseg.label_contours(labels)
    for row, value in enumerate(table["label"]):
        points = np.vstack([c for c, o in zip(contours, owners) if o == value]).astype(np.int64)
        top, left, bottom, right = (table[f"bbox-{k}"][row] for k in range(4))
        expected = box_counting_dimension(points, top, left, max(bottom - top, right - left))
        np.testing.assert_allclose(table["fractal_dimension"][row], expected, rtol=1e-9, atol=1e-12, equal_nan=True)


def test_fractal_dimension_of_smooth_and_rough_borders():
    rr, cc = np.mgrid[:200, :200]
    disc = ((rr - 100) ** 2 + (cc - 100) ** 2 <= 80**2).astype(np.int32)
    rough = disc * (np.random.default_rng(0).random(disc.shape) < 0.6)
    rough = skimage_measure.label(rough > 0, connectivity=2)
    smooth = fewseg.regionprops_table(disc, properties=["fractal_dimension"])["fractal_dimension"][0]
    assert 0.9 < smooth < 1.05  # a digital circle counts slightly below 1 at these scales
    dims = fewseg.regionprops_table(rough, properties=["area", "fractal_dimension"])
    assert dims["fractal_dimension"][np.argmax(dims["area"])] > smooth + 0.15


def test_compactness():
    labels = random_labels(14, shape=(50, 50))
    table = fewseg.regionprops_table(labels, properties=["compactness"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = skimage_measure.regionprops_table(labels, properties=["perimeter", "area"])
    np.testing.assert_allclose(table["compactness"], ref["perimeter"] ** 2 / (4 * np.pi * ref["area"]), rtol=1e-12)


def colour_image(seed, shape, dtype):
    rng = np.random.default_rng(seed)
    if dtype == np.uint8:
        return rng.integers(0, 256, shape + (3,)).astype(np.uint8)
    if dtype == np.uint16:
        return rng.integers(0, 65536, shape + (3,)).astype(np.uint16)
    return rng.random(shape + (3,)).astype(dtype)


COLOUR_PROPERTIES = ["rgb_mean", "rgb_std", "rgb_percentiles", "lab_mean", "lab_std", "lab_percentiles",
                     "dermoscopic_colour_fractions", "dermoscopic_colour_count"]


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float64])
@pytest.mark.parametrize("seed", range(6))
def test_colour_statistics(seed, dtype):
    labels = random_labels(seed, shape=(33, 41))
    image = colour_image(seed, labels.shape, dtype)
    table = fewseg.regionprops_table(labels, image, COLOUR_PROPERTIES)
    rgb = skimage_util.img_as_float64(image)
    lab = skimage_color.rgb2lab(image)
    palette = skimage_color.rgb2lab(np.array([[[1, 1, 1], [0.8, 0.2, 0.2], [0.6, 0.4, 0], [0.2, 0, 0],
                                               [0.2, 0.6, 0.6], [0, 0, 0]]]))[0]
    for row, (_, mask) in enumerate(label_masks(labels)):
        for space, values in (("rgb", rgb[mask]), ("lab", lab[mask])):
            for ch in range(3):
                atol = 1e-12 if space == "rgb" else 1e-9
                np.testing.assert_allclose(table[f"{space}_mean-{ch}"][row], values[:, ch].mean(), rtol=1e-9, atol=atol)
                np.testing.assert_allclose(table[f"{space}_std-{ch}"][row], values[:, ch].std(), rtol=1e-9, atol=atol)
                for i, q in enumerate(COLOUR_PERCENTILES):
                    np.testing.assert_allclose(table[f"{space}_percentiles-{i}-{ch}"][row],
                                               np.percentile(values[:, ch], q), rtol=1e-9, atol=atol)
        nearest = np.argmin(((lab[mask][:, None, :] - palette[None]) ** 2).sum(-1), axis=1)
        fractions = np.bincount(nearest, minlength=6) / mask.sum()
        for k in range(6):
            assert table[f"dermoscopic_colour_fractions-{k}"][row] == fractions[k]
        assert table["dermoscopic_colour_count"][row] == np.count_nonzero(fractions >= PRESENCE_FRACTION)


def test_one_table_of_dermoscopic_colours():
    # She, Liu and Damian's values, as the C++ palette holds them and Python reads them.
    assert NAMES == ("white", "red", "light_brown", "dark_brown", "blue_gray", "black")
    np.testing.assert_array_equal(SRGB, [[1, 1, 1], [0.8, 0.2, 0.2], [0.6, 0.4, 0], [0.2, 0, 0],
                                         [0.2, 0.6, 0.6], [0, 0, 0]])
    assert not SRGB.flags.writeable
    # lesion_features sorts a lesion painted in one colour into that colour, as the region
    # measurements do (the skin is the white balance's reference, so colours stay as painted).
    from fewseg.lesion.features.colour import REFERENCE_SKIN_RGB

    rows, cols = np.mgrid[:96, :96]
    lesion = (rows - 48) ** 2 + (cols - 48) ** 2 < 30**2
    for index, name in enumerate(NAMES):
        image = np.empty((96, 96, 3), np.uint8)
        image[...] = REFERENCE_SKIN_RGB
        image[lesion] = np.round(SRGB[index] * 255)
        features = fewseg.lesion_features(image, lesion)
        table = fewseg.regionprops_table(lesion.astype(np.int32), image, ["dermoscopic_colour_fractions"])
        assert features[f"colour_{name}"] == table[f"dermoscopic_colour_fractions-{index}"][0] == 1.0


def test_palette_colours_classify_as_themselves():
    palette = np.array([[255, 255, 255], [204, 51, 51], [153, 102, 0], [51, 0, 0], [51, 153, 153], [0, 0, 0]],
                       np.uint8)
    image = np.repeat(palette[None], 4, axis=0)  # 4 rows, one column per colour
    labels = np.tile(np.arange(1, 7, dtype=np.int32), (4, 1))
    table = fewseg.regionprops_table(labels, image, ["dermoscopic_colour_fractions", "dermoscopic_colour_count"])
    fractions = np.column_stack([table[f"dermoscopic_colour_fractions-{k}"] for k in range(6)])
    np.testing.assert_array_equal(fractions, np.eye(6))
    np.testing.assert_array_equal(table["dermoscopic_colour_count"], 1)


@pytest.mark.parametrize("kind", ["rgb-uint8", "grey-float", "rgb-float-spacing"])
def test_border_sharpness(kind):
    labels = random_labels(7, shape=(45, 38))
    rng = np.random.default_rng(7)
    spacing = (1.0, 1.0)
    if kind == "rgb-uint8":
        image = rng.integers(0, 256, labels.shape + (3,)).astype(np.uint8)
        lightness = skimage_color.rgb2lab(image)[..., 0]
    elif kind == "grey-float":
        image = rng.random(labels.shape) * 10
        lightness = image
    else:
        image = rng.random(labels.shape + (3,))
        lightness = skimage_color.rgb2lab(image)[..., 0]
        spacing = (0.5, 2.0)
    gradient = np.hypot(*np.gradient(lightness, *spacing))
    table = fewseg.regionprops_table(labels, image, ["border_sharpness"], spacing=spacing)
    cross = ndi.generate_binary_structure(2, 1)
    for row, (_, mask) in enumerate(label_masks(labels)):
        border = mask & ~ndi.binary_erosion(mask, cross, border_value=0)
        np.testing.assert_allclose(table["border_sharpness"][row], gradient[border].mean(), rtol=1e-9)


def test_dermoscopy_descriptors_on_ph2(ph2_dir):
    names = ph2_names()[:3]
    for name in names:
        mask = read_png(PH2_DIR / f"{name}_lesion.png") > 0
        image = read_png(PH2_DIR / f"{name}.png")
        table = fewseg.regionprops_table(
            mask.astype(np.int32), image,
            ["asymmetry", "compactness", "fractal_dimension", "border_sharpness", "lab_mean",
             "dermoscopic_colour_count", "dermoscopic_colour_fractions"],
        )
        assert 0 <= table["asymmetry-0"][0] < 1 and 0 <= table["asymmetry-1"][0] < 1
        assert table["compactness"][0] > 0.8
        assert 0.9 < table["fractal_dimension"][0] < 1.5
        assert table["border_sharpness"][0] > 0
        np.testing.assert_allclose(table["lab_mean-0"][0], skimage_color.rgb2lab(image)[mask][:, 0].mean(), rtol=1e-9)
        fractions = np.array([table[f"dermoscopic_colour_fractions-{k}"][0] for k in range(6)])
        assert fractions.sum() == pytest.approx(1.0)
        assert table["dermoscopic_colour_count"][0] == np.count_nonzero(fractions >= PRESENCE_FRACTION) >= 1


def test_asymmetry_does_not_depend_on_where_the_region_lies():
    # Regression: the mirror image was cut off at the image edge, and reflections landing
    # half-way between pixel centres were rounded on absolute coordinates, so an L in the
    # corner scored 0.8 about its major axis and the same L one column further 1.0.
    ell = np.array([[1, 1, 1], [1, 0, 0], [1, 0, 0]], np.int32)
    triangle = np.tril(np.ones((9, 9), np.int32))
    for shape in (ell, triangle):
        expected = fewseg.regionprops_table(np.pad(shape, 12), properties=["asymmetry"])
        for top, left in [(0, 0), (0, 1), (1, 0), (3, 7)]:
            placed = np.pad(shape, ((top, 2), (left, 3)))
            table = fewseg.regionprops_table(placed, properties=["asymmetry"])
            for axis in range(2):
                assert table[f"asymmetry-{axis}"][0] == expected[f"asymmetry-{axis}"][0]
    table = fewseg.regionprops_table(ell, properties=["asymmetry"])
    assert min(table["asymmetry-0"][0], table["asymmetry-1"][0]) == 0  # symmetric about its diagonal
