"""Feature tables and label files, lined up for the classifier."""

from pathlib import Path

import numpy as np

from ..batch import BASE_COLUMNS
from ..lesion.features import PIXEL_FEATURES
from ._files import read_table

UNLABELLED = -1


def feature_matrix(table):
    """(X, names, paths) from a `fewseg features` table; error rows are dropped. The
    features are its numeric columns but the descriptors in pixels (`PIXEL_FEATURES`),
    which on a folder of several cameras' photographs measure the camera; their relative
    twins (``relative_area``, ``relative_span``) are kept."""
    ok = ok_rows(table)
    names = [c for c in ok.columns
             if c not in BASE_COLUMNS and c not in PIXEL_FEATURES and c != "traceback" and _numeric(ok[c])]
    if not names:
        raise ValueError("features table: no numeric feature columns")
    return ok[names].to_numpy(dtype=float), names, ok["path"].astype(str).tolist()


def ok_rows(table):
    """The rows of a `fewseg features` table whose image was measured (all, without a
    status column)."""
    return table[table["status"] == "ok"] if "status" in table else table


def _numeric(column):
    return column.dtype.kind in "biuf"


def read_labels(path, paths):
    """Labels of `paths` from a CSV with a path/image/name column and a label/diagnosis
    column, matched on the full path or on the file name without suffix. Returns
    (y, classes): y holds class indices, UNLABELLED (-1) where the file gives none."""
    table = read_table(path)
    key = next((c for c in ("path", "image", "name") if c in table.columns), None)
    value = next((c for c in ("label", "diagnosis", "class") if c in table.columns), None)
    if key is None or value is None:
        raise ValueError(f"{path}: expected a 'path' (or 'image', 'name') column and a 'label' "
                         f"(or 'diagnosis') column, got {list(table.columns)}")
    table = table.dropna(subset=[value])
    given = {str(k): str(v) for k, v in zip(table[key], table[value])}
    given.update({Path(str(k)).stem: str(v) for k, v in zip(table[key], table[value])})
    classes = sorted(set(given.values()))
    index = {c: i for i, c in enumerate(classes)}
    found = [given.get(p, given.get(Path(p).stem)) for p in paths]
    y = np.array([UNLABELLED if f is None else index[f] for f in found], dtype=int)
    if (y != UNLABELLED).sum() == 0:
        raise ValueError(f"{path}: none of its names match an image of the features table")
    return y, classes
