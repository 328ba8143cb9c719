"""Data loaders (orchestration layer: the only place besides the CLI that reads files)."""

from .ph2 import load_ph2

__all__ = ["load_ph2"]
