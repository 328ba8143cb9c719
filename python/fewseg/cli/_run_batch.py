"""Running a batch from the command line: journal, resume, periodic and final output."""

import signal
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from .. import batch
from .._progress import progress_bar
from ._files import Journal, read_table, write_table

SNAPSHOT_SECONDS = 30.0


@contextmanager
def terminate_as_interrupt():
    """SIGTERM (kill) unwinds like Ctrl-C, so outputs are written before exit."""

    def handler(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, handler)
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def run(paths, output, *, n_jobs, resume, progress=None, **options):
    """Processes `paths` into the table `output` (CSV/Parquet); returns the DataFrame.

    Finished rows go to OUTPUT.partial.jsonl as they come and OUTPUT is rewritten every
    SNAPSHOT_SECONDS, so an interrupted run leaves readable results; with `resume`, paths
    with an "ok" row in OUTPUT or the journal are not processed again.
    """
    output = Path(output)
    journal = Journal(output.with_name(output.name + ".partial.jsonl"))
    done = {}
    if resume:
        if output.is_file():
            for row in read_table(output).to_dict("records"):
                done[str(row["path"])] = row
        for row in journal.read():
            done[str(row["path"])] = row
        done = {p: r for p, r in done.items() if r.get("status") == "ok"}
    else:
        journal.remove()
    # Rewrite the journal whole: a run killed mid-line may have left a cut line at its end.
    journal.remove()
    todo = [p for p in paths if p not in done]
    rows = dict(done)
    last_snapshot = time.monotonic()
    interrupted = False
    with terminate_as_interrupt(), journal:
        for row in done.values():
            journal.write(row)
        try:
            with progress_bar(len(todo), progress, "images") as bar:
                for _, row in batch.iter_process(todo, n_jobs=n_jobs, **options):
                    rows[row["path"]] = row
                    journal.write(row)
                    bar.update(1)
                    if time.monotonic() - last_snapshot > SNAPSHOT_SECONDS:
                        write_table(_table(paths, rows), output)
                        last_snapshot = time.monotonic()
        except KeyboardInterrupt:
            interrupted = True
    table = _table(paths, rows)
    write_table(table, output)
    if interrupted:
        print(f"interrupted: {len(rows)} of {len(paths)} images written to {output}; "
              f"run again with --resume to finish", file=sys.stderr)
        raise KeyboardInterrupt
    journal.remove()
    return table


def _table(paths, rows):
    return batch.rows_to_frame([rows[p] for p in paths if p in rows])


def finish(table, message):
    """Prints the summary and `message`; the exit status: 0 if every image went through."""
    print(summary(table))
    print(message)
    return 0 if (table["status"] == "ok").all() else 1


def summary(table):
    """One line: how many images, how many failed, and the first failures."""
    errors = table[table["status"] == "error"]
    line = f"{len(table)} images, {len(table) - len(errors)} ok, {len(errors)} failed"
    for _, row in errors.head(5).iterrows():
        line += f"\n  {row['path']}: {row['error']}"
    return line
