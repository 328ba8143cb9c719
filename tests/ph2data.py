"""Where the PH2 images are, and how tests read them."""

import os
from pathlib import Path

import numpy as np

PH2_DIR = Path(os.environ.get("FEWSEG_PH2", Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ph2"))


def ph2_names():
    """Image names (IMDnnn) present, or [] where the folder is absent."""
    if not PH2_DIR.is_dir():
        return []
    return sorted(p.stem for p in PH2_DIR.glob("IMD*.png") if not p.stem.endswith("_lesion"))


def read_png(path):
    from PIL import Image  # installed with scikit-image, a test dependency

    with Image.open(path) as im:
        return np.asarray(im)
