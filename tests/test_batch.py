"""fewseg.batch.process and fewseg.distributed.process: one row per file, nothing lost."""

import numpy as np
import pytest

from fewseg import batch
from fewseg._atomic import save_png
from fewseg.data import read_image, synthetic_lesions


@pytest.fixture(scope="module")
def image_folder(tmp_path_factory):
    """Six synthetic lesion images plus files that must fail without stopping the batch."""
    folder = tmp_path_factory.mktemp("images")
    data = synthetic_lesions(6, seed=11, shape=(160, 208))
    good = []
    for k, image in enumerate(data.images):
        good.append(folder / f"lesion_{k}.png")
        save_png(good[-1], image)
    (folder / "notes.png").write_text("not an image")
    truncated = folder / "truncated.png"
    truncated.write_bytes(good[0].read_bytes()[:300])
    save_png(folder / "tiny.png", data.images[0][:16, :16])
    bad = [folder / "notes.png", truncated, folder / "tiny.png", folder / "missing.png"]
    return folder, [str(p) for p in good], [str(p) for p in bad], data


def test_every_file_gets_a_row_in_order(image_folder):
    _, good, bad, _ = image_folder
    paths = [good[0], bad[0], good[1], bad[1], bad[2], good[2], bad[3]]
    table = batch.process(paths, n_jobs=2)
    assert table["path"].tolist() == paths
    assert table["status"].tolist() == ["ok", "error", "ok", "error", "error", "ok", "error"]
    errors = table[table["status"] == "error"]
    assert errors["error"].str.len().gt(0).all()
    assert "too small" in errors.iloc[2]["error"]  # the tiny image names the problem
    ok = table[table["status"] == "ok"]
    assert (ok["lesion_area"] > 100).all()
    assert ok.drop(columns=["path", "status", "error"]).notna().all().all()
    assert table.columns[:4].tolist() == batch.BASE_COLUMNS


def test_threads_give_the_serial_results(image_folder):
    _, good, _, _ = image_folder
    serial = batch.process(good, n_jobs=1)
    threaded = batch.process(good, n_jobs=3)
    assert serial.equals(threaded)


def test_blas_runs_on_one_thread_per_worker_and_is_restored(image_folder, monkeypatch):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    if not any(pool["user_api"] == "blas" for pool in threadpoolctl.threadpool_info()):
        pytest.skip("threadpoolctl finds no BLAS library in this numpy")
    _, good, _, _ = image_folder
    seen = []

    def spy(path, **options):
        seen.append([pool["num_threads"] for pool in threadpoolctl.threadpool_info() if pool["user_api"] == "blas"])
        return analyse_file(path, **options)

    analyse_file = batch.analyse_file
    monkeypatch.setattr(batch, "analyse_file", spy)
    batch.process(good[:1], n_jobs=1)  # loads every library the work uses
    seen.clear()
    before = {pool["filepath"]: pool["num_threads"] for pool in threadpoolctl.threadpool_info()}
    batch.process(good[:2], n_jobs=2)
    assert len(seen) == 2 and all(counts and set(counts) == {1} for counts in seen)
    assert {pool["filepath"]: pool["num_threads"] for pool in threadpoolctl.threadpool_info()} == before


def test_masks_and_overlays_are_written(image_folder, tmp_path):
    _, good, _, data = image_folder
    table = batch.process(good[:2], n_jobs=1, output_dir=tmp_path, save_masks=True, save_overlays=True)
    for path, area in zip(good[:2], table["lesion_area"]):
        stem = path.rsplit("/", 1)[1][:-4]
        mask = read_image(tmp_path / f"{stem}_mask.png") > 0
        assert mask.sum() == area
        overlay = read_image(tmp_path / f"{stem}_overlay.png")
        assert overlay.shape == data.images[0].shape
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left behind



def test_overlays_of_16_bit_and_grey_images_are_the_8_bit_image_with_the_border():
    image = synthetic_lesions(1, seed=0, shape=(40, 40)).images[0]
    mask = np.zeros(image.shape[:2], bool)
    mask[10:30, 10:30] = True
    expected = batch.overlay(image, mask)
    assert expected[10, 20].tolist() == [0, 255, 0] and (expected[20, 20] == image[20, 20]).all()
    assert np.array_equal(batch.overlay(image.astype(np.uint16) * 257, mask), expected)
    assert np.array_equal(batch.overlay(image / 255.0, mask), expected)
    grey = batch.overlay(image[..., 0], mask)
    assert grey.shape == image.shape and (grey[20, 20] == image[20, 20, 0]).all()
    with pytest.raises(ValueError, match="mask: shape"):
        batch.overlay(image, mask[1:])

def test_bad_arguments():
    with pytest.raises(ValueError, match="n_jobs"):
        batch.process([], n_jobs=0)
    with pytest.raises(ValueError, match="output_dir"):
        batch.process([], save_masks=True)
    assert batch.process([]).columns.tolist() == batch.BASE_COLUMNS


def test_dask_cluster_gives_the_local_table(image_folder):
    distributed = pytest.importorskip("dask.distributed")
    import fewseg.distributed

    _, good, bad, _ = image_folder
    paths = good[:3] + bad[:2]
    local = batch.process(paths, n_jobs=1)
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster, \
            distributed.Client(cluster) as client:
        remote = fewseg.distributed.process(paths, client=client, max_in_flight=2)
    assert remote.drop(columns="error").equals(local.drop(columns="error"))
    assert (remote["error"] != "").tolist() == (local["error"] != "").tolist()


def test_grey_and_rgba_files_are_read_as_rgb(image_folder, tmp_path):
    """The one image rule (fewseg._images): a grey file is RGB with equal channels, an RGBA
    file's alpha is ignored; both give the rows the RGB image gives."""
    _, _, _, data = image_folder
    grey = data.images[0][..., 1]
    rgba = np.dstack([data.images[1], np.full(grey.shape, 128, np.uint8)])
    save_png(tmp_path / "grey.png", grey)
    save_png(tmp_path / "grey_rgb.png", np.dstack([grey] * 3))
    save_png(tmp_path / "rgba.png", rgba)
    save_png(tmp_path / "rgb.png", data.images[1])
    table = batch.process([tmp_path / n for n in ("grey.png", "grey_rgb.png", "rgba.png", "rgb.png")], n_jobs=1)
    assert (table["status"] == "ok").all()
    values = table.drop(columns=["path"]).to_numpy()
    np.testing.assert_array_equal(values[0], values[1])
    np.testing.assert_array_equal(values[2], values[3])


def test_learned_descriptors_in_a_batch(image_folder):
    folder, good, bad, data = image_folder
    table = batch.process([good[0], bad[0], good[1]], n_jobs=2, learned=True, progress=False)
    assert table["status"].tolist() == ["ok", "error", "ok"]
    learned = [f"learned_{k:02d}" for k in range(32)]
    assert table.columns[-32:].tolist() == learned
    assert table.loc[[0, 2], learned].notna().all().all()
    # The same values as lesion_features on the same image and mask.
    import fewseg

    image = read_image(good[0])
    expected = fewseg.lesion_features(image, fewseg.segment_lesion(image), learned=True)
    np.testing.assert_allclose(table.loc[0, learned].to_numpy(float), [expected[n] for n in learned], atol=1e-9)
    with pytest.raises(ValueError, match="^learned:"):
        batch.process(good[:1], features=False, learned=True)
