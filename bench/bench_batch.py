"""Batch throughput: `--jobs 2` against `--jobs 1` on the PH2 images, identical rows.

    pytest bench/bench_batch.py --benchmark-only
"""

import pytest

from fewseg import batch


@pytest.fixture(scope="module")
def ph2_paths(ph2_dir):
    return sorted(str(p) for p in ph2_dir.glob("IMD*.png") if not p.stem.endswith("_lesion"))


@pytest.mark.parametrize("who", ["reference 1 thread", "fewseg 2 threads"])
def test_ph2_batch_throughput(benchmark, ph2_paths, who):
    benchmark.group = "batch: 120 PH2 images, segment + features"
    jobs = 1 if who.startswith("reference") else 2
    table = benchmark.pedantic(batch.process, args=(ph2_paths,), kwargs={"n_jobs": jobs}, rounds=2, iterations=1)
    benchmark.extra_info["images_per_second"] = round(len(ph2_paths) / benchmark.stats.stats.mean, 2)
    assert (table["status"] == "ok").all()
    assert table.equals(batch.process(ph2_paths, n_jobs=3 - jobs))
