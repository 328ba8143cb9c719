"""Reading the ISIC 2017 development images shipped beside the project, and their fixed
split (Codella et al., ISBI 2018).

The folder holds ``ISIC_nnnnnnn.jpg`` with ``ISIC_nnnnnnn_lesion.png`` and a
``metadata.csv`` (``image``, ``diagnosis`` melanoma/other, ``original_width``,
``original_height``, ``age``, ``sex``).

The split: ``train`` (75 %) is what learned parts are fitted on, ``tune`` (10 %) is where
their choices (checkpoints, thresholds, post-processing) are made, and ``validation``
(15 %) is only ever reported, never looked at to decide anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .._typing import BoolArray, StrPath
from .image_files import ImageFiles
from .ph2 import flat_diagnoses
from .splits import hashed_split

SPLIT_SEED = 2017
SPLIT_FRACTIONS = {"train": 0.75, "tune": 0.10, "validation": 0.15}


class ISIC2017(NamedTuple):
    """ISIC 2017 images in the order of the names asked for (`load_isic2017`)."""

    names: list[str]  # ISIC_nnnnnnn
    images: Sequence[npt.NDArray[np.uint8]]  # (H, W, 3), read when indexed (`ImageFiles`)
    masks: Sequence[BoolArray]  # (H, W)
    melanoma: list[bool]  # one per image


def isic2017_split(names: Iterable[str]) -> dict[str, list[str]]:
    """{"train", "tune", "validation"}: the names of each part (see the module).

    Examples
    --------
    >>> from fewseg.data import isic2017_split
    >>> parts = isic2017_split([f"ISIC_{i:07d}" for i in range(20)])
    >>> {part: len(names) for part, names in parts.items()}
    {'train': 15, 'tune': 2, 'validation': 3}
    """
    return hashed_split(names, SPLIT_FRACTIONS, SPLIT_SEED)


def isic2017_names(root: StrPath) -> list[str]:
    """Names of the images in `root` that have a mask, sorted.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from fewseg.data import isic2017_names
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("ISIC_0000001.jpg", "ISIC_0000001_lesion.png", "ISIC_0000002.jpg"):
    ...     (root / name).touch()
    >>> isic2017_names(root)  # ISIC_0000002 has no mask
    ['ISIC_0000001']
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"root: {root} is not a folder")
    return sorted(p.stem for p in root.glob("ISIC_*.jpg") if (root / f"{p.stem}_lesion.png").is_file())


def load_isic2017(root: StrPath, names: Iterable[str] | None = None) -> ISIC2017:
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
        Its images and masks are `ImageFiles`, read from disk when indexed.

    Examples
    --------
    A folder of one tiny image, its mask and ``metadata.csv``:

    >>> import tempfile
    >>> from pathlib import Path
    >>> import numpy as np
    >>> from PIL import Image
    >>> from fewseg.data import load_isic2017
    >>> root = Path(tempfile.mkdtemp())
    >>> Image.fromarray(np.full((8, 8, 3), 180, np.uint8)).save(root / "ISIC_0000001.jpg")
    >>> Image.fromarray(np.eye(8, dtype=np.uint8) * 255).save(root / "ISIC_0000001_lesion.png")
    >>> _ = (root / "metadata.csv").write_text("image,diagnosis\\nISIC_0000001,melanoma\\n")
    >>> data = load_isic2017(root)
    >>> data.names, data.melanoma, data.images[0].shape, int(data.masks[0].sum())
    (['ISIC_0000001'], [True], (8, 8, 3), 8)
    """
    root = Path(root)
    names = isic2017_names(root) if names is None else list(names)
    labels = _melanoma_labels(root)
    missing = [n for n in names if n not in labels]
    if missing:
        raise ValueError(f"names: {len(missing)} image(s) not in metadata.csv, e.g. {missing[:3]}")
    images = ImageFiles(root / f"{n}.jpg" for n in names)
    masks = ImageFiles((root / f"{n}_lesion.png" for n in names), masks=True)
    return ISIC2017(names, images, masks, [labels[n] for n in names])


def _melanoma_labels(root):
    return {name: diagnosis == "melanoma" for name, diagnosis in flat_diagnoses(root).items()}
