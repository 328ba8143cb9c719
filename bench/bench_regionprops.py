"""fewseg.regionprops_table and fewseg.regionprops against scikit-image's, same run.

    pytest bench/bench_regionprops.py --benchmark-only

3000 x 2300 label images of 500 and 8000 seeded synthetic cells (wobbly Voronoi cells with
gaps between them, some dropped to background) with a tiled PH2 image as intensity. Every
fewseg table is checked equal to scikit-image's before it is timed. scikit-image takes
seconds per call, so it runs one round.
"""

import warnings

import numpy as np
import pytest
from scipy import ndimage as ndi

import fewseg

measure = pytest.importorskip("skimage.measure")
from ph2data import read_png  # noqa: E402

PROPERTIES = (
    "label", "area", "bbox", "centroid", "eccentricity", "orientation", "axis_major_length",
    "axis_minor_length", "equivalent_diameter_area", "extent", "euler_number", "perimeter",
    "perimeter_crofton", "solidity", "feret_diameter_max", "moments_hu", "intensity_mean",
    "intensity_min", "intensity_max", "intensity_std",
)
SHAPE = (3000, 2300)


def wobbly_cells(shape, count, seed):
    """`count` labelled cells: Voronoi cells of seeded points sampled through a smoothly
    displaced grid (wobbly borders), one-pixel gaps, some cells dropped to background."""
    rng = np.random.default_rng(seed)
    n = int(round(count / 0.8))
    points = np.column_stack([rng.integers(0, s, n) for s in shape])
    seeds = np.zeros(shape, bool)
    seeds[points[:, 0], points[:, 1]] = True
    ids = np.zeros(shape, np.int32)
    ids[points[:, 0], points[:, 1]] = np.arange(1, n + 1)
    scale = np.sqrt(shape[0] * shape[1] / n)
    rows, cols = np.indices(shape)
    shift_r = ndi.gaussian_filter(rng.standard_normal(shape), scale / 3) * scale * 2
    shift_c = ndi.gaussian_filter(rng.standard_normal(shape), scale / 3) * scale * 2
    _, (nearest_r, nearest_c) = ndi.distance_transform_edt(~seeds, return_indices=True)
    sample_r = np.clip(np.rint(rows + shift_r).astype(int), 0, shape[0] - 1)
    sample_c = np.clip(np.rint(cols + shift_c).astype(int), 0, shape[1] - 1)
    labels = ids[nearest_r[sample_r, sample_c], nearest_c[sample_r, sample_c]]
    labels[ndi.morphological_gradient(labels, size=2) > 0] = 0
    present = np.unique(labels[labels > 0])
    assert len(present) >= count, "too few cells survived; use more seeds"
    dropped = np.zeros(n + 1, bool)
    dropped[rng.choice(present, len(present) - count, replace=False)] = True
    labels[dropped[labels]] = 0
    return labels


@pytest.fixture(scope="module")
def intensity(ph2_dir):
    """A PH2 image tiled with alternate flips to 3000 x 2300 x 3."""
    image = read_png(ph2_dir / "IMD002.png")
    row = np.concatenate([image, image[:, ::-1]] * 2, axis=1)
    return np.ascontiguousarray(np.concatenate([row, row[::-1]] * 3, axis=0)[: SHAPE[0], : SHAPE[1]])


@pytest.fixture(scope="module", params=[500, 8000], ids=["500 labels", "8000 labels"])
def label_image(request):
    return request.param, wobbly_cells(SHAPE, request.param, seed=1)


def reference(labels, image):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return measure.regionprops_table(labels, image, PROPERTIES)


@pytest.mark.parametrize("who", ["reference skimage", "fewseg"])
def test_regionprops_table(benchmark, label_image, intensity, who):
    count, labels = label_image
    benchmark.group = f"regionprops_table 3000x2300, {count} labels"
    benchmark.extra_info["labels"] = int(len(np.unique(labels)) - 1)
    if who.startswith("reference"):
        benchmark.pedantic(reference, args=(labels, intensity), rounds=1, iterations=1)
        return
    table = fewseg.regionprops_table(labels, intensity, PROPERTIES)
    expected = reference(labels, intensity)
    assert list(table) == list(expected)
    for name, column in expected.items():
        atol = 1e-6 if name == "axis_minor_length" else 1e-12  # sqrt of a zero eigenvalue's rounding
        np.testing.assert_allclose(table[name], column, rtol=1e-9, atol=atol, err_msg=name)
    benchmark.pedantic(fewseg.regionprops_table, args=(labels, intensity, PROPERTIES), rounds=10, iterations=1)


def read_every_region(regionprops, labels, image):
    """The usual loop over region objects: six properties of every region."""
    return [
        (region.area, region.centroid, region.bbox, region.perimeter, region.eccentricity, region.intensity_mean)
        for region in regionprops(labels, image)
    ]


def skimage_loop(labels, image):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return read_every_region(measure.regionprops, labels, image)


@pytest.mark.parametrize("who", ["reference skimage", "fewseg"])
def test_regionprops_loop(benchmark, label_image, intensity, who):
    """fewseg.regionprops against skimage.measure.regionprops: create the regions and read
    area, centroid, bbox, perimeter, eccentricity and intensity_mean of each."""
    count, labels = label_image
    benchmark.group = f"regionprops loop 3000x2300, {count} labels"
    if who.startswith("reference"):
        benchmark.pedantic(skimage_loop, args=(labels, intensity), rounds=1, iterations=1)
        return
    ours = read_every_region(fewseg.regionprops, labels, intensity)
    expected = skimage_loop(labels, intensity)
    assert len(ours) == len(expected)
    for mine, theirs in zip(ours, expected):
        assert mine[2] == theirs[2]
        np.testing.assert_allclose(np.hstack([np.ravel(v) for v in mine[:2] + mine[3:]]),
                                   np.hstack([np.ravel(v) for v in theirs[:2] + theirs[3:]]), rtol=1e-9, atol=1e-9)
    benchmark.pedantic(read_every_region, args=(fewseg.regionprops, labels, intensity), rounds=5, iterations=1)
