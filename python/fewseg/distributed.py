"""The batch of `fewseg.batch.process`, on a Dask cluster (`pip install "fewseg[distributed]"`).

The per-image work is the same function, `fewseg.batch.analyse_file`, run on the workers;
the table that comes back is the same. Workers must be able to import fewseg and read the
paths (a shared file system, or paths valid on every worker).

    from dask.distributed import Client
    client = Client("tcp://scheduler:8786")        # an existing cluster
    table = fewseg.distributed.process(paths, client=client)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._typing import StrPath
from ._progress import progress_bar
from .batch import analyse_file, check_learned, rows_to_frame

__all__ = ["process"]

if TYPE_CHECKING:  # pandas is imported when the table is made
    import pandas as pd


def process(
    paths: Iterable[StrPath],
    client: Any = None,
    *,
    output_dir: StrPath | None = None,
    save_masks: bool = False,
    save_overlays: bool = False,
    segment_options: Mapping[str, Any] | None = None,
    features: bool = True,
    learned: bool = False,
    progress: bool | None = None,
    max_in_flight: int | None = None,
) -> pd.DataFrame:
    """Segments and measures every image file in `paths` on a Dask cluster.

    Parameters
    ----------
    paths : iterable of str or Path
        Image files, readable from the workers.
    client : dask.distributed.Client, optional
        The cluster to use; by default the current client, or a local cluster started
        (and closed) for this call.
    max_in_flight : int, optional
        Images submitted but not finished, at most (default: 4 per worker thread), which
        bounds the scheduler's memory for very long lists.
    Other parameters as `fewseg.batch.process`.

    Returns
    -------
    pandas.DataFrame
        The same table as `fewseg.batch.process`.

    Examples
    --------
    On a cluster of threads in this process (a real cluster takes ``Client("host:port")``):

    >>> import tempfile
    >>> from pathlib import Path
    >>> from PIL import Image
    >>> from dask.distributed import Client
    >>> import fewseg.distributed
    >>> from fewseg.data import synthetic_lesions
    >>> folder = Path(tempfile.mkdtemp())
    >>> Image.fromarray(synthetic_lesions(1, seed=0, shape=(64, 64)).images[0]).save(folder / "a.png")
    >>> with Client(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=":0") as client:
    ...     table = fewseg.distributed.process([folder / "a.png"], client=client, features=False)
    >>> table["status"].tolist()
    ['ok']
    """
    try:
        from dask.distributed import Client, as_completed, get_client
    except ImportError as exc:
        raise ImportError('fewseg.distributed needs dask.distributed: pip install "fewseg[distributed]"') from exc

    paths = [str(p) for p in paths]
    if (save_masks or save_overlays) and output_dir is None:
        raise ValueError("output_dir: needed to save masks or overlays")
    check_learned(learned, features)
    own_client = None
    if client is None:
        try:
            client = get_client()
        except ValueError:
            client = own_client = Client(processes=True)
    try:
        options = dict(output_dir=None if output_dir is None else str(output_dir), save_masks=save_masks,
                       save_overlays=save_overlays, segment_options=segment_options, features=features,
                       learned=learned)
        if max_in_flight is None:
            max_in_flight = 4 * max(1, sum(client.nthreads().values()))
        rows = [None] * len(paths)
        with progress_bar(len(paths), progress, "images") as bar:
            futures = {}
            queue = as_completed()
            next_index = 0

            def submit():
                nonlocal next_index
                future = client.submit(analyse_file, paths[next_index], pure=False, **options)
                futures[future] = next_index
                queue.add(future)
                next_index += 1

            while next_index < len(paths) and len(futures) < max_in_flight:
                submit()
            for future in queue:
                rows[futures.pop(future)] = future.result()
                bar.update(1)
                future.release()
                if next_index < len(paths):
                    submit()
        return rows_to_frame(rows)
    finally:
        if own_client is not None:
            own_client.close()
