"""How many threads an ``n_jobs`` argument asks for: scikit-learn's convention."""

import os

import numpy as np


def workers(n_jobs: int) -> int:
    """Thread count for `n_jobs` (-1: one per CPU)."""
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs: expected a positive int or -1, got {n_jobs!r}")
    return (os.cpu_count() or 1) if n_jobs == -1 else int(n_jobs)
