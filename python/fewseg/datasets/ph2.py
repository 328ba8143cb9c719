"""Reading the PH2 dermoscopy images, their expert lesion masks and diagnoses."""

import csv
from pathlib import Path

import numpy as np

DIAGNOSES = ("common_nevus", "atypical_nevus", "melanoma")


def load_ph2(folder):
    """Images, expert masks and metadata of a PH2 folder.

    Parameters
    ----------
    folder : str or Path
        Holds ``metadata.csv`` and, for each of its rows, ``<image>.png`` (8-bit RGB) and
        ``<image>_lesion.png`` (the expert mask).

    Returns
    -------
    images : list of (M, N, 3) ndarray of uint8
    masks : list of (M, N) ndarray of bool
    metadata : list of dict
        The rows of ``metadata.csv`` (``image``, ``diagnosis``, ...), in file order.
    """
    folder = Path(folder)
    table = folder / "metadata.csv"
    if not table.is_file():
        raise FileNotFoundError(f"folder: no metadata.csv in {folder}")
    with table.open(newline="") as handle:
        metadata = list(csv.DictReader(handle))
    if not metadata:
        raise ValueError(f"folder: {table} lists no image")
    unknown = sorted({row["diagnosis"] for row in metadata} - set(DIAGNOSES))
    if unknown:
        raise ValueError(f"folder: {table} has unknown diagnoses {unknown}; expected {list(DIAGNOSES)}")
    images = [_read_png(folder / f"{row['image']}.png") for row in metadata]
    masks = [_read_png(folder / f"{row['image']}_lesion.png") != 0 for row in metadata]
    return images, masks, metadata


def diagnosis_codes(metadata):
    """0 common nevus, 1 atypical nevus, 2 melanoma, one per metadata row."""
    return np.array([DIAGNOSES.index(row["diagnosis"]) for row in metadata], dtype=np.int64)


def _read_png(path):
    try:
        from PIL import Image
    except ImportError as exc:  # Pillow comes with matplotlib (the `plot` extra) and scikit-image
        raise ImportError("reading PH2 PNG files needs Pillow: pip install pillow (or fewseg[plot])") from exc
    if not path.is_file():
        raise FileNotFoundError(f"folder: missing {path.name} in {path.parent}")
    with Image.open(path) as image:
        return np.asarray(image)
