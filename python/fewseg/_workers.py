"""Threads over images: how many an ``n_jobs`` argument asks for (scikit-learn's
convention), and an ordered map over them."""

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

import numpy as np
from threadpoolctl import threadpool_limits

T = TypeVar("T")


def workers(n_jobs: int) -> int:
    """Thread count for `n_jobs` (-1: one per CPU)."""
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs == 0 or n_jobs < -1:
        raise ValueError(f"n_jobs: expected a positive int or -1, got {n_jobs!r}")
    return (os.cpu_count() or 1) if n_jobs == -1 else int(n_jobs)


def ordered_map(function: Callable[[int], T], count: int, n_jobs: int) -> Iterator[T]:
    """`function` of 0 .. count-1, yielded in that order, on `workers(n_jobs)` threads.

    Images are the unit of parallel work: BLAS is kept to one thread inside each (as in
    `fewseg.batch`), and `function` reads its own item, so memory holds about one item per
    thread. The first error, in index order, is raised; the items not started then are
    not run.
    """
    n_workers = workers(n_jobs)
    if n_workers == 1:
        yield from map(function, range(count))
        return
    with threadpool_limits(1), ThreadPoolExecutor(max_workers=n_workers, thread_name_prefix="fewseg") as pool:
        futures = [pool.submit(function, index) for index in range(count)]
        try:
            for future in futures:
                yield future.result()
        finally:
            for future in futures:
                future.cancel()
