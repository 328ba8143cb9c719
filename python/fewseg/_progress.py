"""Progress bars for long work: on standard error, shown by default only on a terminal."""

from __future__ import annotations

from typing import Any


class _NoBar:
    def update(self, n):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def progress_bar(total: int, enabled: bool | None, unit: str) -> Any:
    """tqdm on standard error when `enabled` (None: when standard error is a terminal)."""
    import sys

    if enabled is None:
        enabled = sys.stderr.isatty()
    if not enabled:
        return _NoBar()
    from tqdm import tqdm

    return tqdm(total=total, unit=unit, file=sys.stderr)
