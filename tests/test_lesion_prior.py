"""The shipped lesion prior: it loads, reproduces the outputs recorded when it was trained,
is shared safely between threads, and fails clearly on a bad model file."""

import json
import threading

import numpy as np
import pytest

from fewseg.lesion.prior import INPUT_SIZE, MODEL_FILE, LesionPrior, ModelFileError, network_input, shared_prior
from fewseg.lesion.prior.check import check_input, output_summary

RECORD = MODEL_FILE.with_suffix(".json")


def test_shipped_model_gives_its_recorded_outputs():
    record = json.loads(RECORD.read_text())
    logits = shared_prior().logits(check_input())
    got, expected = output_summary(logits), record["check_output"]
    assert logits.shape == (INPUT_SIZE, INPUT_SIZE) and logits.dtype == np.float32
    # ONNX Runtime and PyTorch sum in different orders: agreement to float32 rounding.
    np.testing.assert_allclose(got["grid"], expected["grid"], atol=2e-3)
    assert got["mean"] == pytest.approx(expected["mean"], abs=1e-3)
    assert got["std"] == pytest.approx(expected["std"], abs=1e-3)


def test_record_describes_the_shipped_model():
    record = json.loads(RECORD.read_text())
    assert record["architecture"]["input_size"] == INPUT_SIZE
    assert 3e5 <= record["architecture"]["parameters"] <= 5e6
    assert MODEL_FILE.stat().st_size < 10 * 2**20
    assert record["dice_raw_prior"]["validation"]["images"] > 0


def test_features_output():
    logits, features = shared_prior().run(np.stack([check_input(), check_input()]))
    assert logits.shape == (2, INPUT_SIZE, INPUT_SIZE)
    assert features.ndim == 4 and features.shape[0] == 2 and features.shape[2:] == (INPUT_SIZE // 16,) * 2
    np.testing.assert_array_equal(logits[0], logits[1])


def test_network_input_shape_and_no_modification():
    rng = np.random.default_rng(0)
    for shape in [(40, 33, 3), (574, 765, 3), (1200, 300, 3)]:
        image = rng.integers(0, 256, shape, dtype=np.uint8)
        before = image.copy()
        x = network_input(image, 1 / 255)
        assert x.shape == (3, INPUT_SIZE, INPUT_SIZE) and x.dtype == np.float32 and x.flags.c_contiguous
        np.testing.assert_array_equal(image, before)


def test_one_session_shared_by_threads_with_serial_results():
    inputs = [network_input(np.random.default_rng(i).random((100, 120, 3), np.float32), 1.0) for i in range(8)]
    serial = [shared_prior().logits(x) for x in inputs]
    results, sessions = [None] * 8, [None] * 8

    def work(i):
        sessions[i] = shared_prior()
        results[i] = sessions[i].logits(inputs[i])

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(s is sessions[0] for s in sessions)
    for got, expected in zip(results, serial):
        np.testing.assert_array_equal(got, expected)


def test_missing_model_file_is_named(tmp_path):
    path = tmp_path / "nowhere.onnx"
    with pytest.raises(ModelFileError, match="nowhere.onnx"):
        LesionPrior(path)


def test_corrupt_model_file_is_named(tmp_path):
    path = tmp_path / "broken.onnx"
    path.write_bytes(MODEL_FILE.read_bytes()[:5000])
    with pytest.raises(ModelFileError, match="broken.onnx.*cannot be loaded"):
        LesionPrior(path)


def test_bad_network_input_shape():
    with pytest.raises(ValueError, match="inputs: expected shape"):
        shared_prior().run(np.zeros((1, 3, 64, 64), np.float32))
