"""The learned lesion descriptors: the shipped backbone and projection reproduce their
record, the descriptors do not depend on the lesion's orientation, missing or broken files
are named, and the fitting script runs."""

import numpy as np
import pytest

import fewseg
from fake_isic import fake_isic
from fewseg.data import synthetic_lesions
from fewseg.lesion.backbone import DescriptorProjection, LesionBackbone, descriptor_record, shared_backbone
from fewseg.lesion.backbone.descriptors import shared_projection
from fewseg.lesion.backbone.preprocess import dihedral_mean, dihedral_views, lesion_crop
from fewseg.lesion.prior import ModelFileError
from fewseg.training.lesion_descriptors import check_descriptors, main

N_LEARNED = 32


def learned_values(features):
    return np.array([features[f"learned_{k:02d}"] for k in range(N_LEARNED)])


def test_shipped_files_give_their_recorded_descriptors():
    record = descriptor_record()
    assert record["data"]["isic2017"]["labels_read"].startswith("none")
    assert record["settings"] == {"components": N_LEARNED, "pooled_features": 3888, "seed": 0, "limit": None}
    assert record["backbone"]["architecture"] == "efficientnet-lite0"
    np.testing.assert_allclose(check_descriptors(shared_projection(), shared_backbone()), record["check_descriptors"],
                               atol=1e-3)


def test_lesion_features_with_learned_descriptors():
    data = synthetic_lesions(2, seed=1, shape=(120, 160))
    image, mask = data.images[0], data.masks[0]
    before = image.copy(), mask.copy()
    features = fewseg.lesion_features(image, mask, learned=True)
    hand = fewseg.lesion_features(image, mask)
    assert list(features)[: len(hand)] == list(hand)
    learned = learned_values(features)
    assert len(features) == len(hand) + N_LEARNED and np.all(np.isfinite(learned))
    np.testing.assert_array_equal(image, before[0])
    np.testing.assert_array_equal(mask, before[1])
    # Mirrored or turned by a right angle: the same descriptors (all eight orientations are
    # pooled and averaged).
    for turned in (lambda a: a[:, ::-1], lambda a: np.rot90(a), lambda a: np.rot90(a, 2)[::-1]):
        moved = fewseg.lesion_features(turned(image), turned(mask), learned=True)
        np.testing.assert_allclose(learned_values(moved), learned, atol=1e-6)
    # Two different lesions are described differently.
    other = fewseg.lesion_features(data.images[1], data.masks[1], learned=True)
    assert np.abs(learned_values(other) - learned).max() > 0.5
    X, names = fewseg.extract_features(data.images, data.masks, learned=True)
    assert X.shape == (2, len(hand) + N_LEARNED) and names[-1] == f"learned_{N_LEARNED - 1:02d}"


def test_dihedral_mean_turns_every_view_back():
    rng = np.random.default_rng(0)
    view = rng.normal(size=(2, 5, 5))
    # An equivariant "network" (the identity) gives back the view itself.
    np.testing.assert_allclose(dihedral_mean(dihedral_views(view)), view)
    assert len({dihedral_views(view)[k].tobytes() for k in range(8)}) == 8


def test_lesion_crop_is_a_clipped_square_around_the_lesion():
    region = np.zeros((100, 200), bool)
    region[40:60, 100:140] = True  # 20 x 40: the square's side is 40 * 1.5 = 60
    rows, cols = lesion_crop(region, 0.25)
    assert (rows.start, rows.stop, cols.start, cols.stop) == (20, 80, 90, 150)
    rows, cols = lesion_crop(region, 0.05)  # tight: 40 * 1.1 = 44
    assert (rows.start, rows.stop, cols.start, cols.stop) == (28, 72, 98, 142)
    region[:] = False
    region[0:10, 190:200] = True  # at a corner: clipped to the image
    rows, cols = lesion_crop(region, 0.25)
    assert rows.start == 0 and cols.stop == 200 and rows.stop == 13 and cols.start == 187


def test_missing_and_broken_model_files_are_named(tmp_path):
    with pytest.raises(ModelFileError, match="does not exist"):
        DescriptorProjection(tmp_path / "absent.npz")
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"not a zip file")
    with pytest.raises(ModelFileError, match="broken.npz"):
        DescriptorProjection(broken)
    mismatched = tmp_path / "mismatched.npz"
    np.savez(mismatched, mean=np.zeros(4), scale=np.ones(4), components=np.ones((2, 3)))
    with pytest.raises(ModelFileError, match="do not fit"):
        DescriptorProjection(mismatched)
    with pytest.raises(ModelFileError, match="does not exist"):
        LesionBackbone(tmp_path / "absent.onnx")
    (tmp_path / "broken.onnx").write_bytes(b"not an onnx model")
    with pytest.raises(ModelFileError, match="broken.onnx cannot be loaded"):
        LesionBackbone(tmp_path / "broken.onnx")
    with pytest.raises(ValueError, match="inputs: expected shape"):
        shared_backbone().run(np.zeros((1, 3, 32, 32), np.float32))


def test_fitting_script_smoke_run(tmp_path):
    pytest.importorskip("efficientnet_lite_pytorch", reason="exporting the backbone needs the [train] extra")
    isic = fake_isic(tmp_path / "isic", n=12)
    out = tmp_path / "out"
    assert main(["--isic", str(isic), "--out", str(out), "--components", "3"]) == 0
    projection = DescriptorProjection(out / "lesion_descriptors.npz")
    assert projection.components.shape == (3, 3888)
    # The principal axes are orthonormal.
    np.testing.assert_allclose(projection.components @ projection.components.T, np.eye(3), atol=1e-9)
    # The exported backbone is the shipped one: the same weights, the same outputs.
    exported, shipped = LesionBackbone(out / "efficientnet_lite0.onnx"), shared_backbone()
    x = np.random.default_rng(0).normal(size=(1, 3, 224, 224)).astype(np.float32)
    for a, b in zip(exported.run(x), shipped.run(x)):
        np.testing.assert_allclose(a, b, atol=1e-5)
    record = descriptor_record(out / "lesion_descriptors.json")
    assert max(record["backbone"]["largest_relative_deviation"]) < 0.05


@pytest.mark.parametrize("lesion", [(slice(0, 1), slice(69, 70)), (slice(None), slice(None)), (slice(49, 50), slice(None))],
                         ids=["one pixel in a corner", "the whole image", "one row at the edge"])
def test_extreme_lesions_get_finite_descriptors(lesion):
    image = np.random.default_rng(0).integers(0, 256, (50, 70, 3), dtype=np.uint8)
    mask = np.zeros((50, 70), bool)
    mask[lesion] = True
    assert np.all(np.isfinite(learned_values(fewseg.lesion_features(image, mask, learned=True))))
