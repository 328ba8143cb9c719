"""The fewseg command line: every command, --help, errors, resume and interrupted runs."""

import subprocess
import sys

import joblib
import numpy as np
import pandas as pd
import pytest

from fewseg import batch
from fewseg._atomic import save_png
from fewseg.cli import COMMANDS, main
from fewseg.data import synthetic_lesions


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Synthetic images with their true masks (NAME_lesion.png) and a corrupt file."""
    root = tmp_path_factory.mktemp("cli")
    data = synthetic_lesions(10, seed=21, shape=(160, 208), melanoma_fraction=0.5)
    for k, (image, mask) in enumerate(zip(data.images, data.masks)):
        save_png(root / f"img{k:02d}.png", image)
        save_png(root / f"img{k:02d}_lesion.png", (mask * 255).astype(np.uint8))
    (root / "broken.png").write_bytes(b"\x89PNG garbage")
    labels = pd.DataFrame({"name": [f"img{k:02d}" for k in range(10)],
                           "label": ["melanoma" if v else "nevus" for v in data.labels]})
    labels.to_csv(root / "all_labels.csv", index=False)
    labels.iloc[[0, 1, 2, 3, 5, 8]].to_csv(root / "few_labels.csv", index=False)
    return root


@pytest.mark.parametrize("command", [c.__name__.rsplit(".", 1)[1] for c in COMMANDS])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    assert "usage: fewseg " + command in capsys.readouterr().out


def test_python_dash_m_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "fewseg", "--help"], capture_output=True, text=True)
    assert result.returncode == 0 and "features" in result.stdout


def test_features_train_predict(folder, tmp_path, capsys):
    table_path = tmp_path / "features.csv"
    assert main(["features", str(folder), "-o", str(table_path), "--jobs", "2"]) == 1  # broken.png failed
    table = pd.read_csv(table_path)
    assert len(table) == 11 and (table["status"] == "error").sum() == 1
    assert not (tmp_path / "features.csv.partial.jsonl").exists()
    model = tmp_path / "model.joblib"
    assert main(["train", str(table_path), "--labels", str(folder / "few_labels.csv"), "-o", str(model)]) == 0
    assert "6 labelled" in capsys.readouterr().out
    # The table has the pixel descriptors; the model learns from their relative twins.
    assert {"max_span", "contour_area"} <= set(table.columns)
    features = joblib.load(model)["features"]
    assert "relative_span" in features and "max_span" not in features and "contour_area" not in features
    out = tmp_path / "predictions.csv"
    assert main(["predict", str(model), str(table_path), "-o", str(out)]) == 0
    predictions = pd.read_csv(out)
    assert len(predictions) == 10 and set(predictions["prediction"]) <= {"melanoma", "nevus"}
    assert np.allclose(predictions.filter(like="probability_").sum(axis=1), 1)


def test_features_with_learned_descriptors(folder, tmp_path):
    table_path = tmp_path / "features.csv"
    assert main(["features", str(folder), "-o", str(table_path), "--jobs", "2", "--learned"]) == 1  # broken.png
    table = pd.read_csv(table_path)
    ok = table[table["status"] == "ok"]
    assert len(ok) == 10 and ok[[f"learned_{k:02d}" for k in range(32)]].notna().all().all()


def test_resume_skips_finished_images(folder, tmp_path, monkeypatch):
    table_path = tmp_path / "features.csv"
    main(["features", str(folder), "-o", str(table_path), "--jobs", "1"])
    table = pd.read_csv(table_path)
    table.loc[table["path"].str.endswith("img00.png"), "lesion_area"] = -1.0  # a mark a rerun would undo
    table = table[~table["path"].str.endswith("img03.png")]
    table.to_csv(table_path, index=False)
    seen = []
    real = batch.analyse_file
    monkeypatch.setattr(batch, "analyse_file", lambda path, **kw: seen.append(path) or real(path, **kw))
    main(["features", str(folder), "-o", str(table_path), "--resume"])
    assert sorted(p.rsplit("/", 1)[1] for p in seen) == ["broken.png", "img03.png"]  # errors are retried
    resumed = pd.read_csv(table_path)
    assert len(resumed) == 11
    assert resumed.loc[resumed["path"].str.endswith("img00.png"), "lesion_area"].item() == -1.0


def test_interrupted_run_leaves_readable_output_and_resumes(folder, tmp_path, monkeypatch):
    table_path = tmp_path / "features.csv"
    real = batch.analyse_file
    calls = []

    def interrupt_on_fourth(path, **kw):
        calls.append(path)
        if len(calls) == 4:
            raise KeyboardInterrupt
        return real(path, **kw)

    monkeypatch.setattr(batch, "analyse_file", interrupt_on_fourth)
    assert main(["features", str(folder), "-o", str(table_path), "--jobs", "1"]) == 130
    partial = pd.read_csv(table_path)
    assert len(partial) == 3 and (tmp_path / "features.csv.partial.jsonl").exists()
    monkeypatch.setattr(batch, "analyse_file", real)
    main(["features", str(folder), "-o", str(table_path), "--resume"])
    assert len(pd.read_csv(table_path)) == 11


def test_segment_writes_masks(folder, tmp_path):
    out = tmp_path / "masks"
    assert main(["segment", str(folder), str(out), "--overlays", "--jobs", "2"]) == 1
    assert len(list(out.glob("*_mask.png"))) == 10 and len(list(out.glob("*_overlay.png"))) == 10
    assert len(pd.read_csv(out / "segmentation.csv")) == 11


def test_evaluate_segmentation_and_classifier(folder, tmp_path, capsys):
    assert main(["evaluate", "segmentation", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "10 images" in out and "Dice" in out
    mean_dice = float(out.split("Dice")[1].split("mean")[1].split()[0])
    assert mean_dice > 0.8
    table_path = tmp_path / "features.csv"
    main(["features", str(folder), "-o", str(table_path)])
    code = main(["evaluate", "classifier", str(table_path), "--labels", str(folder / "all_labels.csv"),
                 "--fractions", "0.5,1.0", "--repeats", "2"])
    assert code == 0


def test_demo_runs_the_whole_pipeline(capsys):
    assert main(["demo", "--n", "24", "--seed", "3", "--jobs", "2"]) == 0
    out = capsys.readouterr().out
    dice = float(out.split("mean Dice ")[1].split()[0])
    assert dice > 0.8
    assert "balanced accuracy" in out


def test_errors_are_reported_not_raised(tmp_path, capsys):
    assert main(["features", str(tmp_path / "absent"), "-o", str(tmp_path / "f.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
