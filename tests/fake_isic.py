"""An ISIC-like folder of synthetic lesions, for smoke runs of the scripts that read ISIC 2017."""

import csv

import numpy as np
from PIL import Image

from fewseg.data import synthetic_lesions


def fake_isic(folder, n=24):
    """An ISIC-like folder of synthetic lesions (JPEG images, PNG masks, metadata.csv)."""
    folder.mkdir()
    data = synthetic_lesions(n, seed=5, shape=(96, 128))
    with open(folder / "metadata.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["image", "diagnosis"])
        for i, (image, mask, label) in enumerate(zip(data.images, data.masks, data.labels)):
            name = f"ISIC_{i:07d}"
            Image.fromarray(image).save(folder / f"{name}.jpg", quality=95)
            Image.fromarray(mask.astype(np.uint8) * 255).save(folder / f"{name}_lesion.png")
            writer.writerow([name, "melanoma" if label else "other"])
    return folder
