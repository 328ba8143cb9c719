"""Reading the ISIC 2017 development images shipped beside the project, and their fixed
split (Codella et al., ISBI 2018).

The folder holds ``ISIC_nnnnnnn.jpg`` with ``ISIC_nnnnnnn_lesion.png`` and a
``metadata.csv`` (``image``, ``diagnosis`` melanoma/other, ``original_width``,
``original_height``, ``age``, ``sex``).

The split: ``train`` (75 %) is what learned parts are fitted on, ``tune`` (10 %) is where
their choices (checkpoints, thresholds, post-processing) are made, and ``validation``
(15 %) is only ever reported, never looked at to decide anything.
"""

from pathlib import Path
from typing import NamedTuple

from .ph2 import flat_diagnoses, read_image
from .splits import hashed_split

SPLIT_SEED = 2017
SPLIT_FRACTIONS = {"train": 0.75, "tune": 0.10, "validation": 0.15}


class ISIC2017(NamedTuple):
    names: list  # ISIC_nnnnnnn
    images: list  # (H, W, 3) uint8 arrays
    masks: list  # (H, W) bool arrays
    melanoma: list  # bool per image


def isic2017_split(names):
    """{"train", "tune", "validation"}: the names of each part (see the module)."""
    return hashed_split(names, SPLIT_FRACTIONS, SPLIT_SEED)


def isic2017_names(root):
    """Names of the images in `root` that have a mask, sorted."""
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"root: {root} is not a folder")
    return sorted(p.stem for p in root.glob("ISIC_*.jpg") if (root / f"{p.stem}_lesion.png").is_file())


def load_isic2017(root, names=None):
    """Images, masks and melanoma labels of `names` (default: all) in `root`.

    Parameters
    ----------
    root : str or Path
        The folder with the images, masks and ``metadata.csv``.
    names : sequence of str, optional
        Which images, e.g. ``isic2017_split(isic2017_names(root))["validation"]``.

    Returns
    -------
    ISIC2017
    """
    root = Path(root)
    names = isic2017_names(root) if names is None else list(names)
    labels = _melanoma_labels(root)
    missing = [n for n in names if n not in labels]
    if missing:
        raise ValueError(f"names: {len(missing)} image(s) not in metadata.csv, e.g. {missing[:3]}")
    images = [read_image(root / f"{n}.jpg") for n in names]
    masks = [read_image(root / f"{n}_lesion.png") > 0 for n in names]
    return ISIC2017(names, images, masks, [labels[n] for n in names])


def _melanoma_labels(root):
    return {name: diagnosis == "melanoma" for name, diagnosis in flat_diagnoses(root).items()}
