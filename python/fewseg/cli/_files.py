"""Files the commands read and write: image lists, tables, a journal of finished rows."""

import json
import math
from pathlib import Path

from .._atomic import atomic_path

IMAGE_SUFFIXES = (".png", ".bmp", ".jpg", ".jpeg", ".tif", ".tiff")


def image_paths(inputs, skip_masks=True):
    """Image files named by `inputs` (files, or folders scanned non-recursively), sorted
    per folder; files ending in _lesion / _mask (masks) are skipped in folders."""
    paths = []
    for item in inputs:
        item = Path(item)
        if item.is_dir():
            found = sorted(p for p in item.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file())
            if skip_masks:
                found = [p for p in found if not p.stem.endswith(("_lesion", "_mask", "_overlay"))]
            paths.extend(found)
        elif item.exists():
            paths.append(item)
        else:
            raise FileNotFoundError(f"{item}: no such file or folder")
    return [str(p) for p in paths]


def required_image_paths(inputs):
    """`image_paths`, refusing to go on with none."""
    paths = image_paths(inputs)
    if not paths:
        raise FileNotFoundError(f"no images in {' '.join(map(str, inputs))}")
    return paths


def read_table(path):
    """A CSV or Parquet file as a DataFrame."""
    import pandas as pd

    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"{path}: no such file")
    if path.suffix.lower() == ".parquet":
        return pd.read_parquet(path)
    return pd.read_csv(path, keep_default_na=True)


def write_table(frame, path):
    """Writes CSV or Parquet (by suffix) atomically."""
    path = Path(path)
    with atomic_path(path) as temporary:
        if path.suffix.lower() == ".parquet":
            try:
                frame.to_parquet(temporary, index=False)
            except ImportError as exc:
                raise ImportError("writing .parquet needs pyarrow: pip install pyarrow, or write .csv") from exc
        else:
            frame.to_csv(temporary, index=False)


class Journal:
    """Finished rows, one JSON object per line, flushed as they come: an interrupted run
    leaves every finished row readable, and a resumed run knows what is done."""

    def __init__(self, path):
        self.path = Path(path)

    def read(self):
        rows = []
        if self.path.is_file():
            with open(self.path) as handle:
                for line in handle:
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError:
                        break  # a line cut by a kill: everything before it is whole
        return rows

    def __enter__(self):
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle = open(self.path, "a")
        return self

    def write(self, row):
        clean = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in row.items()
                 if k != "traceback"}
        self._handle.write(json.dumps(clean, default=float) + "\n")
        self._handle.flush()

    def __exit__(self, *exc):
        self._handle.close()
        return False

    def remove(self):
        self.path.unlink(missing_ok=True)
