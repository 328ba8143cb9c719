"""A tiny seeded run of the lesion prior's training script on synthetic data: it trains,
exports an ONNX model that ONNX Runtime loads, and records what it did; the same seed gives
the same model."""

import json

import numpy as np
import pytest

from fake_isic import fake_isic
from fewseg.lesion.prior import LesionPrior
from fewseg.lesion.prior.check import check_input, output_summary

torch = pytest.importorskip("torch", reason="the training smoke run needs the [train] extra (PyTorch)")

from fewseg.training.lesion_prior import main  # noqa: E402  (needs torch)


def train(isic, out):
    assert main(["--isic", str(isic), "--out", str(out), "--epochs", "2", "--batch-size", "4",
                 "--channels", "4,8,8,16,16", "--seed", "3", "--eval-every", "1"]) == 0
    return json.loads((out / "lesion_prior.json").read_text())


def test_training_smoke_run(tmp_path):
    isic = fake_isic(tmp_path / "isic")
    record = train(isic, tmp_path / "a")
    assert record["data"]["isic2017"]["train"] + record["data"]["isic2017"]["tune"] + \
        record["data"]["isic2017"]["validation"] == 24
    assert [e["epoch"] for e in record["history"]] == [1, 2]
    assert all(np.isfinite(e["loss"]) for e in record["history"])
    assert record["settings"]["seed"] == 3 and record["architecture"]["channels"] == [4, 8, 8, 16, 16]
    assert 0 <= record["dice_raw_prior"]["validation"]["mean_dice"] <= 1
    # The exported model runs in ONNX Runtime and gives what PyTorch gave at the end.
    logits = LesionPrior(tmp_path / "a" / "lesion_prior.onnx").logits(check_input())
    np.testing.assert_allclose(output_summary(logits)["grid"], record["check_output"]["grid"], atol=1e-3)
    # Seeded: the same run again gives the same model.
    again = train(isic, tmp_path / "b")
    np.testing.assert_allclose(again["check_output"]["grid"], record["check_output"]["grid"], atol=1e-5)
    assert again["history"][-1]["loss"] == pytest.approx(record["history"][-1]["loss"], abs=1e-4)


def test_label_efficiency_smoke_run(tmp_path):
    from fewseg.training.label_efficiency import main as curve

    isic = fake_isic(tmp_path / "isic")
    out = tmp_path / "curve"
    assert curve(["--isic", str(isic), "--out", str(out), "--masks", "2,all", "--size", "32", "--steps", "50",
                  "--channels", "4,4,8,8,8", "--batch-size", "4"]) == 0
    rows = json.loads((out / "label_efficiency.json").read_text())["rows"]
    # Two masks: supervised and mean teacher (the other training images unlabelled); all: supervised only.
    assert [(r["masks"], r["method"]) for r in rows] == [(2, "supervised"), (2, "mean_teacher"), (rows[-1]["masks"], "supervised")]
    assert rows[1]["unlabelled"] == rows[-1]["masks"] - 2 > 0
    assert all(0 <= r["mean_dice"] <= 1 and r["validation_images"] > 0 for r in rows)
    assert (out / "label_efficiency.csv").is_file()
