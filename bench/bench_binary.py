"""fewseg.morphology's distance transform and hole filling against scipy.ndimage's, same run.

    pytest bench/bench_binary.py --benchmark-only

On a PH2 expert lesion mask, at full size (765 x 572) and at segment_lesion's working
size: the distances inside (erosion by a disk) and outside (dilation by a disk), and the
holes of the mask with speckle. Every result is checked equal to scipy's before it is
timed.
"""

import numpy as np
import pytest
from scipy import ndimage as ndi

from fewseg.morphology import binary_fill_holes, distance_transform_edt
from ph2data import read_png  # noqa: E402

WHO = ["reference scipy", "fewseg"]


@pytest.fixture(scope="module")
def lesion(ph2_dir):
    return read_png(ph2_dir / "IMD002_lesion.png") > 0


def compare(benchmark, who, ours, reference):
    if who.startswith("reference"):
        benchmark(reference)
    else:
        np.testing.assert_array_equal(benchmark(ours), reference())


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("side", ["inside", "outside"])
@pytest.mark.parametrize("size", ["full", "working"])
def test_distance_transform(benchmark, lesion, side, size, who):
    mask = lesion if size == "full" else np.ascontiguousarray(lesion[::2, ::2])
    mask = mask if side == "inside" else ~mask
    benchmark.group = f"distance_transform_edt {mask.shape}, lesion {side}"
    compare(benchmark, who, lambda: distance_transform_edt(mask), lambda: ndi.distance_transform_edt(mask))


@pytest.mark.parametrize("who", WHO)
def test_fill_holes(benchmark, lesion, who):
    benchmark.group = f"binary_fill_holes {lesion.shape}, lesion with speckle"
    speckled = lesion ^ (np.random.default_rng(0).random(lesion.shape) < 0.2)
    compare(benchmark, who, lambda: binary_fill_holes(speckled), lambda: ndi.binary_fill_holes(speckled))
