"""Benchmarks: fewseg against its reference, measured in the same run and reported as ratios.

Run with `pytest bench --benchmark-only`. In each benchmark group the entry whose name
contains "reference" is the baseline; the summary prints every other entry's speed-up
(reference mean time / entry mean time).
"""

import sys
from pathlib import Path

import pytest

# The test helpers (PH2 paths) and the reference pipelines kept next to the benchmarks.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ph2data import PH2_DIR  # noqa: E402


@pytest.fixture(scope="session")
def ph2_dir():
    if not PH2_DIR.is_dir():
        pytest.skip(f"PH2 images not found at {PH2_DIR} (set FEWSEG_PH2 to their folder)")
    return PH2_DIR


def pytest_terminal_summary(terminalreporter, config):
    session = getattr(config, "_benchmarksession", None)
    if session is None or not session.benchmarks:
        return
    groups = {}
    for bench in session.benchmarks:
        if bench.stats is not None:
            groups.setdefault(bench.group, []).append(bench)
    terminalreporter.section("speed-up over the reference (mean time ratio)")
    for group, benches in sorted(groups.items(), key=lambda kv: str(kv[0])):
        reference = [b for b in benches if "reference" in b.name]
        if not reference:
            continue
        base = reference[0].stats.mean
        for b in benches:
            if b is reference[0]:
                continue
            extra = "".join(f"  {k}={v}" for k, v in sorted(b.extra_info.items()))
            terminalreporter.write_line(
                f"{group:<34} {b.name:<52} x{base / b.stats.mean:7.2f}  ({b.stats.mean * 1e3:9.2f} ms){extra}"
            )
