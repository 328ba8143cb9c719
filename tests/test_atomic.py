"""Atomic writes: the file appears whole or not at all, with the permissions of any new file."""

import os
import stat

import pytest

from fewseg._atomic import atomic_path


def test_written_file_has_the_permissions_of_a_new_file(tmp_path):
    mask = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "out" / "table.csv") as partial:
            partial.write_text("a,b\n")
    finally:
        os.umask(mask)
    written = tmp_path / "out" / "table.csv"
    assert written.read_text() == "a,b\n"
    assert stat.S_IMODE(written.stat().st_mode) == 0o644
    assert [p.name for p in written.parent.iterdir()] == ["table.csv"]


def test_a_failed_write_leaves_the_old_file_and_no_partial_one(tmp_path):
    target = tmp_path / "table.csv"
    target.write_text("old\n")
    with pytest.raises(RuntimeError, match="interrupted"):
        with atomic_path(target) as partial:
            partial.write_text("half")
            raise RuntimeError("interrupted")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["table.csv"]
