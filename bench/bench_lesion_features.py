"""`fewseg.lesion_features` on full-resolution photographs: at the working resolution
(`fewseg.lesion.features.working_resolution`) against every pixel measured, on PH2 images
enlarged to ISIC's largest size (6688 x 4439, 30 megapixels).

    pytest bench/bench_lesion_features.py --benchmark-only
"""

import numpy as np
import pytest

import fewseg
from fewseg.lesion.features import working_resolution
from fewseg.transform import resize_bilinear
from ph2data import ph2_names, read_png

THIRTY_MEGAPIXELS = (4439, 6688)
# A large lesion, a mid-sized one and a small one.
IMAGES = (0, 3, 10)
WHO = ("reference: every pixel", "fewseg: working resolution")


@pytest.fixture(scope="module")
def photographs(ph2_dir):
    names = [ph2_names()[i] for i in IMAGES]
    images = [read_png(ph2_dir / f"{name}.png") for name in names]
    masks = [read_png(ph2_dir / f"{name}_lesion.png") > 0 for name in names]
    return [(np.round(resize_bilinear(image, THIRTY_MEGAPIXELS)).astype(np.uint8),
             resize_bilinear(mask.astype(np.float32), THIRTY_MEGAPIXELS) > 0.5) for image, mask in zip(images, masks)]


@pytest.mark.parametrize("who", WHO)
def test_thirty_megapixel_photographs(benchmark, photographs, who, monkeypatch):
    if who.startswith("reference"):
        monkeypatch.setattr(working_resolution, "WORKING_DIAGONAL", np.inf)
    benchmark.group = f"lesion_features: {len(photographs)} photographs of {THIRTY_MEGAPIXELS[1]}x{THIRTY_MEGAPIXELS[0]}"
    rows = benchmark.pedantic(lambda: [fewseg.lesion_features(*pair) for pair in photographs], rounds=2, iterations=1)
    assert all(np.isfinite(list(row.values())).all() for row in rows)
