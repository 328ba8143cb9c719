"""`ImageFiles`: a data set's images read from disk when asked for, not all at load.

Full-resolution dermoscopy photographs take 20 to 90 MB each in memory; two thousand of
them do not fit in a laptop's. A data set's images and masks are therefore sequences of
files, each read when indexed (a few milliseconds for a PH2 image, about half a second for
a 30-megapixel JPEG), so that anything that walks through them once holds one at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from .._typing import StrPath


def read_image(path: StrPath) -> np.ndarray:
    """An image file as a numpy array (Pillow reads it; the file is closed after).

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import numpy as np
    >>> from PIL import Image
    >>> from fewseg.data import read_image
    >>> path = Path(tempfile.mkdtemp()) / "patch.png"
    >>> Image.fromarray(np.full((4, 6, 3), 200, np.uint8)).save(path)
    >>> image = read_image(path)
    >>> image.shape, image.dtype
    ((4, 6, 3), dtype('uint8'))
    """
    from PIL import Image

    with Image.open(path) as image:
        image.load()
        if image.mode in ("1", "L", "I", "I;16", "F"):
            return np.asarray(image)
        return np.asarray(image.convert("RGB"))


class ImageFiles(Sequence):
    """Images (or masks) read from `paths` each time one is indexed.

    Parameters
    ----------
    paths : iterable of str or Path
        The files, each of which must exist (checked here, so that a missing one is
        reported when the data set is loaded, not half-way through a run).
    masks : bool, default False
        Read each file as a mask: True where it is nonzero.

    Raises
    ------
    FileNotFoundError
        Naming the first missing file and how many are missing.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> import numpy as np
    >>> from PIL import Image
    >>> from fewseg.data import ImageFiles
    >>> path = Path(tempfile.mkdtemp()) / "mask.png"
    >>> Image.fromarray(np.eye(3, dtype=np.uint8) * 255).save(path)
    >>> masks = ImageFiles([path], masks=True)
    >>> len(masks), masks[0].dtype, int(masks[0].sum()), len(masks[:1]), len(masks.take([0, 0]))
    (1, dtype('bool'), 3, 1, 2)
    """

    def __init__(self, paths: Iterable[StrPath], *, masks: bool = False):
        self.paths = [Path(path) for path in paths]
        self.masks = masks
        missing = [path for path in self.paths if not path.is_file()]
        if missing:
            raise FileNotFoundError(f"{len(missing)} image file(s) missing, e.g. {missing[0]}")

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return ImageFiles(self.paths[index], masks=self.masks)
        image = read_image(self.paths[index])
        return image > 0 if self.masks else image

    def take(self, indices: Iterable[int]) -> ImageFiles:
        """The files at `indices`, in that order, still unread."""
        return ImageFiles([self.paths[i] for i in indices], masks=self.masks)

    def __repr__(self) -> str:
        kind = "masks" if self.masks else "images"
        return f"ImageFiles({len(self)} {kind}{f', first {self.paths[0]}' if self.paths else ''})"
