"""Writing files atomically: a reader sees the old file or the new one, never half of one."""

import os
import secrets
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(path):
    """Yields a temporary path beside `path`; renamed onto `path` only if the block succeeds.

    The file is created with the permissions any new file gets (0o666 less the umask), not
    the owner-only ones of `tempfile.mkstemp`, so that what fewseg writes can be read by
    whoever could read a file the user wrote.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        temporary = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            handle = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666)
            break
        except FileExistsError:  # another writer drew the same name: draw again
            continue
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
