"""Writing files atomically: a reader sees the old file or the new one, never half of one."""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path):
    """Yields a temporary path beside `path`; renamed onto `path` only if the block succeeds."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def save_png(path, array):
    """Saves a uint8 / bool array as PNG, atomically."""
    from PIL import Image

    with atomic_path(path) as temporary:
        Image.fromarray(array).save(temporary, format="PNG")
