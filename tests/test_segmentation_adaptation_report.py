"""The few-mask adaptation report runs end to end on a small PH2-like folder and scores
LesionSegmenter and the prior on the held-out half only."""

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from fewseg.data import ph2_prior_split, synthetic_lesions
from fewseg.reports import segmentation_adaptation


def write_ph2_like(folder, count=12):
    data = synthetic_lesions(count, seed=7, shape=(96, 128))
    names = [f"IMD{k:03d}" for k in range(count)]
    for name, image, mask in zip(names, data.images, data.masks):
        Image.fromarray(image).save(folder / f"{name}.png")
        Image.fromarray(mask.astype(np.uint8) * 255).save(folder / f"{name}_lesion.png")
    rows = "\n".join(f"{name},common_nevus" for name in names)
    (folder / "metadata.csv").write_text(f"image,diagnosis\n{rows}\n")
    return names


def test_report_fits_on_the_training_half_and_scores_the_held_out_half(tmp_path, capsys):
    names = write_ph2_like(tmp_path)
    split = ph2_prior_split(names)
    assert len(split["prior_train"]) >= 3 and split["held_out"]
    out = tmp_path / "out"
    assert segmentation_adaptation.main(["--ph2", str(tmp_path), "--masks", "2", "--seeds", "0,1",
                                         "--unlabelled", "3", "--adaptation", "classifier", "--out", str(out)]) == 0
    table = pd.read_csv(out / "segmentation_adaptation.csv")
    assert table["adaptation"].tolist() == ["none (the prior)", "classifier", "classifier"]
    assert table["masks"].tolist() == [0, 2, 2]
    assert table["unlabelled"].tolist() == [0] + [min(3, len(split["prior_train"]) - 2)] * 2
    assert ((table["mean_dice"] > 0.5) & (table["mean_dice"] <= 1)).all()
    assert (table["fit_seconds"].iloc[1:] > 0).all()
    assert f"on the {len(split['held_out'])} held-out images" in capsys.readouterr().out


def test_report_fine_tunes_the_network_on_the_same_choices(tmp_path):
    pytest.importorskip("torch", reason="adaptation network needs the [train] extra (PyTorch)")
    write_ph2_like(tmp_path)
    out = tmp_path / "out"
    assert segmentation_adaptation.main(["--ph2", str(tmp_path), "--masks", "2", "--seeds", "0",
                                         "--adaptation", "classifier,network", "--fine-tune-steps", "2",
                                         "--out", str(out)]) == 0
    table = pd.read_csv(out / "segmentation_adaptation.csv")
    assert table["adaptation"].tolist() == ["none (the prior)", "classifier", "network"]
    assert ((table["mean_dice"] > 0.5) & (table["mean_dice"] <= 1)).all()


def test_report_refuses_an_unknown_adaptation(tmp_path):
    write_ph2_like(tmp_path)
    with pytest.raises(SystemExit):
        segmentation_adaptation.main(["--ph2", str(tmp_path), "--adaptation", "weights"])
