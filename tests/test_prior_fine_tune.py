"""LesionSegmenter(adaptation="network"): the shipped prior read back into PyTorch, fine-tuned
on a few masks, and run again through ONNX Runtime."""

import pickle
import sys
import warnings

import numpy as np
import pytest
from scipy import ndimage as ndi

import fewseg
from fewseg.data import synthetic_lesions
from fewseg.lesion import LesionSegmenter, NoLesionWarning
from fewseg.lesion.prior import LesionPrior, ModelFileError, shared_prior
from fewseg.lesion.prior.check import check_input
from fewseg.metrics import dice

torch = pytest.importorskip("torch", reason="fine-tuning the lesion prior needs the [train] extra (PyTorch)")

from fewseg.training.onnx_weights import network_from_onnx  # noqa: E402  (needs torch)

# Enough steps to learn a convention, few enough for the suite (about 0.6 s each).
STEPS = 40


def generous(mask, margin=6):
    """An annotator who draws `margin` pixels outside the lesion."""
    return ndi.binary_dilation(mask, iterations=margin)


@pytest.fixture(scope="module")
def lesions():
    return synthetic_lesions(8, seed=21)


@pytest.fixture(scope="module")
def fine_tuned(lesions):
    """Fitted on three images whose masks follow a generous annotator's convention."""
    masks = [generous(m) for m in lesions.masks[:3]]
    return LesionSegmenter(adaptation="network", fine_tune_steps=STEPS, random_state=1).fit(lesions.images[:3], masks)


def test_the_shipped_network_reads_back_into_pytorch():
    network = network_from_onnx().eval()
    inputs = np.stack([check_input(), np.random.default_rng(0).normal(size=check_input().shape).astype(np.float32)])
    with torch.no_grad():
        ours = network(torch.from_numpy(inputs))[:, 0].numpy()
    np.testing.assert_allclose(ours, shared_prior().run(inputs)[0], atol=1e-4)


def test_a_file_that_is_not_a_prior_is_refused(tmp_path):
    bad = tmp_path / "bad.onnx"
    bad.write_bytes(b"not an onnx model")
    with pytest.raises(ModelFileError, match="bad.onnx"):
        network_from_onnx(bad)
    with pytest.raises(ModelFileError, match="the fine-tuned"):
        LesionPrior.from_bytes(b"not an onnx model", "the fine-tuned test model")


def test_fine_tuning_learns_the_annotators_convention(fine_tuned, lesions):
    # The prior outlines the lesion itself; after fine-tuning on three generous masks the
    # masks of five other images follow the generous convention more closely.
    truth = [generous(m) for m in lesions.masks[3:]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoLesionWarning)
        prior = [dice(fewseg.segment_lesion(image), t) for image, t in zip(lesions.images[3:], truth)]
        adapted = [dice(mask, t) for mask, t in zip(fine_tuned.predict(lesions.images[3:]), truth)]
    # Measured: 0.9217 against 0.9132, every image closer.
    assert np.mean(adapted) > np.mean(prior) + 0.005, (np.mean(adapted), np.mean(prior))
    assert all(a > p for a, p in zip(adapted, prior)), (adapted, prior)
    assert fine_tuned.classifier_ is None and fine_tuned.n_labelled_images_ == 3
    assert fine_tuned.network_[:2] and isinstance(fine_tuned.network_, bytes)


def test_masks_are_one_region_at_the_input_size(fine_tuned, lesions):
    for mask, image in zip(fine_tuned.predict(lesions.images[3:5]), lesions.images[3:5]):
        assert mask.dtype == bool and mask.shape == image.shape[:2]
        assert ndi.label(mask, structure=np.ones((3, 3)))[1] == 1
    with pytest.warns(NoLesionWarning, match=r"images\[0\]"):
        (empty,) = fine_tuned.predict([np.full((64, 80, 3), 128, np.uint8)])
    assert not empty.any()


def test_pickled_model_predicts_the_same(fine_tuned, lesions):
    expected = fine_tuned.predict(lesions.images[6:7])[0]
    restored = pickle.loads(pickle.dumps(fine_tuned))
    np.testing.assert_array_equal(restored.predict(lesions.images[6:7])[0], expected)


def test_seeded_fine_tuning_is_repeatable(lesions):
    fit = lambda: LesionSegmenter(adaptation="network", fine_tune_steps=3, random_state=5).fit(  # noqa: E731
        lesions.images[:1], lesions.masks[:1], lesions.images[1:2])
    a, b = fit(), fit()
    assert a.n_unlabelled_images_ == 1
    np.testing.assert_array_equal(a.predict(lesions.images[7:])[0], b.predict(lesions.images[7:])[0])


def test_inputs_are_not_modified(lesions):
    images = [lesions.images[0].copy(), lesions.images[1] / 255.0]
    masks = [lesions.masks[0].copy(), lesions.masks[1].astype(np.uint8)]
    before = [a.copy() for a in images + masks]
    LesionSegmenter(adaptation="network", fine_tune_steps=1).fit(images, masks, [images[0]])
    for after, original in zip(images + masks, before):
        np.testing.assert_array_equal(after, original)


def test_bad_settings(lesions):
    with pytest.raises(ValueError, match="adaptation"):
        LesionSegmenter(adaptation="weights").fit(lesions.images[:1], lesions.masks[:1])
    with pytest.raises(ValueError, match="adaptation.*method"):
        LesionSegmenter(adaptation="network", lesion_options={"method": "colour"}).fit(lesions.images[:1], lesions.masks[:1])
    with pytest.raises(ValueError, match="fine_tune_steps"):
        LesionSegmenter(adaptation="network", fine_tune_steps=0).fit(lesions.images[:1], lesions.masks[:1])
    with pytest.raises(ValueError, match=r"unlabelled_images\[0\]"):
        LesionSegmenter(adaptation="network").fit(lesions.images[:1], lesions.masks[:1], [np.zeros((4, 4))])


def test_without_pytorch_the_error_names_the_extra(lesions, monkeypatch):
    # An environment without torch: importing it fails, as it would there.
    monkeypatch.setitem(sys.modules, "torch", None)
    for name in [n for n in sys.modules if n.startswith("fewseg.training")]:
        monkeypatch.delitem(sys.modules, name)
    with pytest.raises(ImportError, match=r"fewseg\[train\]"):
        LesionSegmenter(adaptation="network").fit(lesions.images[:1], lesions.masks[:1])


def test_cli_without_pytorch_says_which_extra(lesions, tmp_path, monkeypatch, capsys):
    from PIL import Image

    from fewseg.cli import main

    for k in range(3):
        Image.fromarray(lesions.images[k]).save(tmp_path / f"L{k}.png")
        Image.fromarray(lesions.masks[k].astype(np.uint8) * 255).save(tmp_path / f"L{k}_lesion.png")
    monkeypatch.setitem(sys.modules, "torch", None)
    for name in [n for n in sys.modules if n.startswith("fewseg.training")]:
        monkeypatch.delitem(sys.modules, name)
    assert main(["evaluate", "segmentation", str(tmp_path), "--fit", "1", "--adaptation", "network", "--jobs", "1"]) == 2
    assert "fewseg[train]" in capsys.readouterr().err


def test_a_fixed_teacher_returns_the_student():
    # teacher_decay=1: the teacher stays the starting network, and training returns the
    # student (with a mean teacher it returns the teacher, an average of students).
    from fewseg.training._loop import fit_network
    from fewseg.training._network import LesionUNet

    data = synthetic_lesions(2, seed=4, shape=(48, 48))
    x = torch.from_numpy(np.stack(data.images)).permute(0, 3, 1, 2).contiguous()
    y = torch.from_numpy(np.stack(data.masks).astype(np.uint8)[:, None] * 255)
    torch.manual_seed(0)
    start = LesionUNet((4, 4, 4, 4, 4), batch_norm=False)
    initial = {k: v.clone() for k, v in start.state_dict().items()}
    fit_network(start, x, y, size=32, epochs=1, steps_per_epoch=3, batch_size=2, learning_rate=1e-2,
                weight_decay=0.0, generator=torch.Generator().manual_seed(0), unlabelled=x,
                teacher_decay=1.0, log=lambda entry: None)
    assert any(not torch.equal(initial[k], v) for k, v in start.state_dict().items())
