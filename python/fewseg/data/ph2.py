"""Reading the PH2 dermoscopy database (Mendonça et al., EMBC 2013) as released or flat.

Two layouts are understood:
- the official release: ``PH2 Dataset images/IMDnnn/IMDnnn_Dermoscopic_Image/IMDnnn.bmp``
  and ``IMDnnn_lesion/IMDnnn_lesion.bmp``, with the diagnoses in ``PH2_dataset.txt`` (a
  ``||``-separated table whose "Clinical Diagnosis" column holds 0 common nevus,
  1 atypical nevus, 2 melanoma) or ``PH2_dataset.xlsx`` (an X in one of the "Common
  Nevus", "Atypical Nevus", "Melanoma" columns; reading it needs openpyxl);
- a flat folder of ``IMDnnn.png`` + ``IMDnnn_lesion.png`` with ``metadata.csv`` (columns
  ``image`` or ``name``, and ``diagnosis``).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
import re
from pathlib import Path
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from .._typing import BoolArray, Int64Array, StrPath
from .image_files import ImageFiles

DIAGNOSES = ("common_nevus", "atypical_nevus", "melanoma")
IMAGE_SUFFIXES = (".png", ".bmp", ".jpg", ".jpeg", ".tif", ".tiff")


class PH2(NamedTuple):
    """The PH2 images, sorted by name (`load_ph2`)."""

    names: list[str]  # IMDnnn
    images: Sequence[npt.NDArray[np.uint8]]  # (H, W, 3), read when indexed (`ImageFiles`)
    masks: Sequence[BoolArray]  # (H, W)
    diagnoses: list[str]  # "common_nevus", "atypical_nevus" or "melanoma"


def diagnosis_codes(diagnoses: Iterable[str]) -> Int64Array:
    """0 common nevus, 1 atypical nevus, 2 melanoma, one per diagnosis.

    Examples
    --------
    >>> from fewseg.data import diagnosis_codes
    >>> diagnosis_codes(["melanoma", "common_nevus", "atypical_nevus"])
    array([2, 0, 1])
    """
    unknown = sorted(set(diagnoses) - set(DIAGNOSES))
    if unknown:
        raise ValueError(f"diagnoses: unknown {unknown}; expected {list(DIAGNOSES)}")
    return np.array([DIAGNOSES.index(d) for d in diagnoses], dtype=np.int64)


def load_ph2(root: StrPath) -> PH2:
    """Images, expert masks and diagnoses of a PH2 folder in either layout.

    Parameters
    ----------
    root : str or Path
        The release's top folder (holding ``PH2 Dataset images``) or a flat folder.

    Returns
    -------
    PH2
        ``names``, ``images`` (uint8 RGB), ``masks`` (bool), ``diagnoses``, sorted by name;
        images and masks are `ImageFiles`, read from disk when indexed.

    Examples
    --------
    A flat folder of two tiny images, their masks and ``metadata.csv``:

    >>> import tempfile
    >>> from pathlib import Path
    >>> import numpy as np
    >>> from PIL import Image
    >>> from fewseg.data import load_ph2
    >>> root = Path(tempfile.mkdtemp())
    >>> for name in ("IMD002", "IMD003"):
    ...     Image.fromarray(np.full((8, 8, 3), 180, np.uint8)).save(root / f"{name}.png")
    ...     Image.fromarray(np.eye(8, dtype=np.uint8) * 255).save(root / f"{name}_lesion.png")
    >>> _ = (root / "metadata.csv").write_text("image,diagnosis\\nIMD002,melanoma\\nIMD003,common_nevus\\n")
    >>> ph2 = load_ph2(root)
    >>> ph2.names, ph2.diagnoses, ph2.images[0].shape, int(ph2.masks[0].sum())
    (['IMD002', 'IMD003'], ['melanoma', 'common_nevus'], (8, 8, 3), 8)
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"root: {root} is not a folder")
    release = root / "PH2 Dataset images"
    files = _release_files(release) if release.is_dir() else _flat_files(root)
    if not files:
        raise FileNotFoundError(f"root: no PH2 images (IMDnnn) found under {root}")
    diagnoses = _release_diagnoses(root) if release.is_dir() else flat_diagnoses(root)
    names = sorted(files)
    missing = [n for n in names if n not in diagnoses]
    if missing:
        raise ValueError(f"root: no diagnosis for {len(missing)} image(s), e.g. {missing[:3]}")
    images = ImageFiles(files[n][0] for n in names)
    masks = ImageFiles((files[n][1] for n in names), masks=True)
    return PH2(names, images, masks, [diagnoses[n] for n in names])


def _release_files(folder):
    files = {}
    for case in sorted(folder.glob("IMD*")):
        name = case.name
        image = _first_image(case / f"{name}_Dermoscopic_Image", name)
        mask = _first_image(case / f"{name}_lesion", f"{name}_lesion")
        if image and mask:
            files[name] = (image, mask)
    return files


def _flat_files(folder):
    files = {}
    for image in sorted(folder.iterdir()):
        if image.suffix.lower() in IMAGE_SUFFIXES and re.fullmatch(r"IMD\d+", image.stem):
            mask = _first_image(folder, f"{image.stem}_lesion")
            if mask:
                files[image.stem] = (image, mask)
    return files


def _first_image(folder, stem):
    for suffix in IMAGE_SUFFIXES:
        path = folder / f"{stem}{suffix}"
        if path.is_file():
            return path
    return None


def _release_diagnoses(root):
    text = root / "PH2_dataset.txt"
    if text.is_file():
        return _parse_release_text(text.read_text(errors="replace"))
    sheet = root / "PH2_dataset.xlsx"
    if sheet.is_file():
        return _parse_release_sheet(sheet)
    raise FileNotFoundError(f"root: neither PH2_dataset.txt nor PH2_dataset.xlsx in {root}")


def _parse_release_text(text):
    """The `||` table: find the header's "Clinical Diagnosis" column, read 0/1/2 per row."""
    column = None
    diagnoses = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("||")]
        if column is None:
            lowered = [c.lower() for c in cells]
            if "name" in lowered and "clinical diagnosis" in lowered:
                column = lowered.index("clinical diagnosis")
                name_column = lowered.index("name")
            continue
        if len(cells) > column and re.fullmatch(r"IMD\d+", cells[name_column]):
            code = cells[column]
            if code not in ("0", "1", "2"):
                raise ValueError(f"PH2_dataset.txt: unexpected clinical diagnosis {code!r} for {cells[name_column]}")
            diagnoses[cells[name_column]] = DIAGNOSES[int(code)]
    if column is None:
        raise ValueError("PH2_dataset.txt: no header with 'Name' and 'Clinical Diagnosis' columns")
    return diagnoses


def _parse_release_sheet(path):
    try:
        import pandas as pd

        table = pd.read_excel(path, header=None)
    except ImportError as exc:
        raise ImportError("reading PH2_dataset.xlsx needs pandas and openpyxl (pip install openpyxl)") from exc
    header_row = next(
        (i for i, row in table.iterrows() if any(str(v).strip().lower() == "melanoma" for v in row.values)), None
    )
    if header_row is None:
        raise ValueError(f"{path.name}: no 'Melanoma' column header found")
    header = [str(v).strip().lower() for v in table.iloc[header_row].values]
    columns = {d: header.index(d.replace("_", " ")) for d in DIAGNOSES}
    diagnoses = {}
    for _, row in table.iloc[header_row + 1:].iterrows():
        name = next((str(v).strip() for v in row.values if re.fullmatch(r"IMD\d+", str(v).strip())), None)
        if name is None:
            continue
        marked = [d for d, c in columns.items() if str(row.values[c]).strip().upper() == "X"]
        if len(marked) != 1:
            raise ValueError(f"{path.name}: {name} has {len(marked)} diagnoses marked, expected 1")
        diagnoses[name] = marked[0]
    return diagnoses


def flat_diagnoses(root):
    """{image name: diagnosis} from the ``metadata.csv`` of a flat folder (columns
    ``image`` or ``name``, and ``diagnosis``); the ISIC 2017 folder has one too."""
    path = root / "metadata.csv"
    if not path.is_file():
        raise FileNotFoundError(f"root: no metadata.csv with the diagnoses in {root}")
    with open(path, newline="") as handle:
        rows = list(csv.DictReader(handle))
    if not rows:
        return {}
    key = "image" if "image" in rows[0] else "name"
    if key not in rows[0] or "diagnosis" not in rows[0]:
        raise ValueError(f"metadata.csv: expected columns 'image' (or 'name') and 'diagnosis', got {list(rows[0])}")
    return {row[key].strip(): row["diagnosis"].strip() for row in rows}


# The PH2 images the lesion prior may learn from (about half, by a hash of each name):
# the others stay unseen by it, so its PH2 figures can be measured on those.
PRIOR_SPLIT_SEED = 2
PRIOR_SPLIT_FRACTIONS = {"prior_train": 0.5, "held_out": 0.5}


def ph2_prior_split(names: Iterable[str]) -> dict[str, list[str]]:
    """{"prior_train", "held_out"}: the PH2 names the lesion prior trains on, and the rest.

    Examples
    --------
    >>> from fewseg.data import ph2_prior_split
    >>> ph2_prior_split(["IMD002", "IMD003", "IMD004", "IMD005"])
    {'prior_train': ['IMD002', 'IMD004', 'IMD005'], 'held_out': ['IMD003']}
    """
    from .splits import hashed_split

    return hashed_split(names, PRIOR_SPLIT_FRACTIONS, PRIOR_SPLIT_SEED)
