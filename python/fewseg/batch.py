"""Batch processing of image files: one row per file, nothing lost, bounded memory.

Images are read, segmented (`segment_lesion`), measured (`lesion_features`) and released
one by one in a thread pool: the kernels release the GIL, so threads run in parallel, and
at most a few images per thread are in memory at any time, however many files there are.
A file that cannot be read or processed becomes a row with status "error" and the message;
the others go on.
"""

from __future__ import annotations

import traceback
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
from scipy import ndimage as ndi
from threadpoolctl import threadpool_limits

from ._atomic import save_png
from ._images import rgb_image
from ._progress import progress_bar
from ._typing import StrPath
from ._validation import as_mask
from ._workers import workers
from .data import read_image

if TYPE_CHECKING:  # pandas is imported when the table is made
    import pandas as pd

__all__ = ["analyse_file", "iter_process", "overlay", "process"]

BASE_COLUMNS = ["path", "status", "error", "lesion_area"]


def analyse_file(
    path: StrPath,
    *,
    output_dir: StrPath | None = None,
    save_masks: bool = False,
    save_overlays: bool = False,
    segment_options: Mapping[str, Any] | None = None,
    features: bool = True,
    learned: bool = False,
) -> dict[str, Any]:
    """The row of one image file: its lesion's area and (with `features`) its features
    (with `learned`, the learned ones too), or the error. Never raises for a bad file: the
    error is in the row.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from PIL import Image
    >>> from fewseg.data import synthetic_lesions
    >>> folder = Path(tempfile.mkdtemp())
    >>> data = synthetic_lesions(2, seed=0, shape=(64, 64))
    >>> for k, image in enumerate(data.images):
    ...     Image.fromarray(image).save(folder / f"lesion{k}.png")
    >>> _ = (folder / "broken.png").write_bytes(b"not an image")
    >>> paths = sorted(folder.glob("*.png"))
    >>> from fewseg.batch import analyse_file
    >>> row = analyse_file(paths[1])
    >>> row["status"], row["lesion_area"] > 0, "max_span" in row
    ('ok', True, True)
    >>> analyse_file(paths[0])["error"].split(":")[0]  # a bad file is a row, not an exception
    'UnidentifiedImageError'
    """
    from .lesion import lesion_features, segment_lesion  # layer 3, composed here

    row = {"path": str(path), "status": "ok", "error": "", "lesion_area": np.nan}
    try:
        image, _ = rgb_image(read_image(path), "image")  # grey and RGBA files read as RGB
        mask = segment_lesion(image, **(segment_options or {}))
        row["lesion_area"] = float(np.count_nonzero(mask))
        if features:
            row.update(lesion_features(image, mask, learned=learned))
        if output_dir is not None and (save_masks or save_overlays):
            stem = Path(path).stem
            if save_masks:
                save_png(Path(output_dir) / f"{stem}_mask.png", (mask * 255).astype(np.uint8))
            if save_overlays:
                save_png(Path(output_dir) / f"{stem}_overlay.png", overlay(image, mask))
    except Exception as exc:  # one bad file must not stop the batch
        row.update(status="error", error=f"{type(exc).__name__}: {exc}".strip())
        row["traceback"] = traceback.format_exc(limit=3)
    return row


def overlay(
    image: npt.ArrayLike, mask: npt.NDArray[np.bool_], colour: Sequence[int] = (0, 255, 0), width: int = 2
) -> npt.NDArray[np.uint8]:
    """The image, as 8-bit RGB, with the lesion's border drawn on it.

    `image` follows the one image rule (see "Images and masks" in the docs): uint16 and
    float images are scaled to 8 bits, grey ones drawn in colour, RGBA's alpha dropped.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.batch import overlay
    >>> image = np.zeros((6, 6, 3), np.uint8)
    >>> mask = np.zeros((6, 6), bool)
    >>> mask[1:5, 1:5] = True
    >>> overlay(image, mask, width=1)[..., 1] // 255  # the border in green
    array([[0, 0, 0, 0, 0, 0],
           [0, 1, 1, 1, 1, 0],
           [0, 1, 0, 0, 1, 0],
           [0, 1, 0, 0, 1, 0],
           [0, 1, 1, 1, 1, 0],
           [0, 0, 0, 0, 0, 0]], dtype=uint8)
    """
    rgb, factor = rgb_image(image)
    mask = as_mask(mask, "mask", rgb.shape[:2], "image", ndim=(2,))
    border = mask & ~ndi.binary_erosion(mask, iterations=width, border_value=0)
    # 8-bit images are copied as they are; the others are scaled through floats.
    out = rgb.astype(np.uint8) if factor == 1 / 255 else np.round(rgb * (factor * 255)).astype(np.uint8)
    out[border] = colour
    return out


def iter_process(paths: Iterable[StrPath], *, n_jobs: int = -1, **options: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yields (index, row) as images finish, in completion order; see `process`.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from PIL import Image
    >>> from fewseg.data import synthetic_lesions
    >>> folder = Path(tempfile.mkdtemp())
    >>> data = synthetic_lesions(2, seed=0, shape=(64, 64))
    >>> for k, image in enumerate(data.images):
    ...     Image.fromarray(image).save(folder / f"lesion{k}.png")
    >>> _ = (folder / "broken.png").write_bytes(b"not an image")
    >>> paths = sorted(folder.glob("*.png"))
    >>> from fewseg.batch import iter_process
    >>> sorted((index, row["status"]) for index, row in iter_process(paths, n_jobs=2, features=False))
    [(0, 'error'), (1, 'ok'), (2, 'ok')]
    """
    paths = [str(p) for p in paths]
    n_workers = workers(n_jobs)
    window = 2 * n_workers  # images in flight: bounds memory
    # Images are the unit of parallel work, one per worker thread. BLAS threads inside
    # each (OpenBLAS on the colour model's small products) gave nothing measurable with
    # one worker and, with several, oversubscribed the cores and busy-waited.
    with threadpool_limits(1), \
            ThreadPoolExecutor(max_workers=n_workers, thread_name_prefix="fewseg") as pool:
        pending = {}
        next_index = 0
        while next_index < len(paths) or pending:
            while next_index < len(paths) and len(pending) < window:
                future = pool.submit(analyse_file, paths[next_index], **options)
                pending[future] = next_index
                next_index += 1
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            # Hand out every finished row before re-raising an interruption (Ctrl-C arriving
            # in a worker): rows already computed are not lost.
            interruption = None
            for future in sorted(done, key=pending.get):
                index = pending.pop(future)
                if future.exception() is not None:
                    interruption = interruption or future.exception()
                    continue
                yield index, future.result()
            if interruption is not None:
                for future in pending:
                    future.cancel()
                raise interruption


def process(
    paths: Iterable[StrPath],
    *,
    n_jobs: int = -1,
    output_dir: StrPath | None = None,
    save_masks: bool = False,
    save_overlays: bool = False,
    segment_options: Mapping[str, Any] | None = None,
    features: bool = True,
    learned: bool = False,
    progress: bool | None = None,
) -> pd.DataFrame:
    """Segments and measures every image file in `paths`.

    Parameters
    ----------
    paths : iterable of str or Path
        Image files (PNG, BMP, JPEG, TIFF; RGB).
    n_jobs : int
        Threads; -1 for one per CPU.
    output_dir : str or Path, optional
        Where masks (``NAME_mask.png``) and overlays (``NAME_overlay.png``) go.
    save_masks, save_overlays : bool
        Write them (needs `output_dir`).
    segment_options : dict, optional
        Keyword arguments of `fewseg.segment_lesion`.
    features : bool
        Compute the lesion features (`fewseg.lesion_features`), not only the mask.
    learned : bool
        Also the 32 learned descriptors (``lesion_features(..., learned=True)``, about 0.2
        s more per image and core); needs `features`.
    progress : bool, optional
        A progress bar on standard error; by default only when it is a terminal.

    Returns
    -------
    pandas.DataFrame
        One row per path, in the order given: ``path``, ``status`` ("ok" or "error"),
        ``error``, ``lesion_area`` and one column per lesion feature (NaN on error rows).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from PIL import Image
    >>> from fewseg.data import synthetic_lesions
    >>> folder = Path(tempfile.mkdtemp())
    >>> data = synthetic_lesions(2, seed=0, shape=(64, 64))
    >>> for k, image in enumerate(data.images):
    ...     Image.fromarray(image).save(folder / f"lesion{k}.png")
    >>> _ = (folder / "broken.png").write_bytes(b"not an image")
    >>> paths = sorted(folder.glob("*.png"))
    >>> import fewseg.batch
    >>> table = fewseg.batch.process(paths, n_jobs=1, features=False, progress=False)
    >>> [p.name for p in paths], table["status"].tolist()  # one row per file, in order
    (['broken.png', 'lesion0.png', 'lesion1.png'], ['error', 'ok', 'ok'])
    >>> bool((table["lesion_area"][1:] > 0).all())
    True
    """
    paths = [str(p) for p in paths]
    if (save_masks or save_overlays) and output_dir is None:
        raise ValueError("output_dir: needed to save masks or overlays")
    check_learned(learned, features)
    rows = [None] * len(paths)
    options = dict(output_dir=output_dir, save_masks=save_masks, save_overlays=save_overlays,
                   segment_options=segment_options, features=features, learned=learned)
    with progress_bar(len(paths), progress, "images") as bar:
        for index, row in iter_process(paths, n_jobs=n_jobs, **options):
            rows[index] = row
            bar.update(1)
    return rows_to_frame(rows)


def rows_to_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """Rows (dicts) as a DataFrame with the base columns first, tracebacks dropped."""
    import pandas as pd

    frame = pd.DataFrame([{k: v for k, v in r.items() if k != "traceback"} for r in rows])
    if frame.empty:
        return pd.DataFrame(columns=BASE_COLUMNS)
    features = [c for c in frame.columns if c not in BASE_COLUMNS]
    return frame[BASE_COLUMNS + features]


def check_learned(learned: bool, features: bool) -> None:
    """Learned descriptors are lesion features: asking for them without features is a mistake."""
    if learned and not features:
        raise ValueError("learned: the learned descriptors are features; they need features=True")
