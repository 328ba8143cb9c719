"""The learned lesion descriptors: the shipped projection reproduces its record, the
descriptors are mirror-invariant, and missing or broken files are named."""

import numpy as np
import pytest

import fewseg
from fake_isic import fake_isic
from fewseg.data import synthetic_lesions
from fewseg.lesion.prior import ModelFileError
from fewseg.lesion.prior.descriptors import DescriptorProjection, descriptor_record, shared_projection
from fewseg.training.lesion_descriptors import check_descriptors, main


def test_shipped_projection_gives_its_recorded_descriptors():
    record = descriptor_record()
    assert record["data"]["isic2017"]["labels_read"].startswith("none")
    assert record["settings"]["components"] == 64 and record["settings"]["limit"] is None
    np.testing.assert_allclose(check_descriptors(shared_projection()), record["check_descriptors"], atol=1e-3)


def test_lesion_features_with_learned_descriptors():
    data = synthetic_lesions(2, seed=1, shape=(120, 160))
    image, mask = data.images[0], data.masks[0]
    before = image.copy(), mask.copy()
    features = fewseg.lesion_features(image, mask, learned=True)
    hand = fewseg.lesion_features(image, mask)
    assert list(features)[: len(hand)] == list(hand)
    learned = [features[f"learned_{k:02d}"] for k in range(64)]
    assert len(features) == len(hand) + 64 and np.all(np.isfinite(learned))
    np.testing.assert_array_equal(image, before[0])
    np.testing.assert_array_equal(mask, before[1])
    # Mirrored image and mask: the same descriptors (both views are pooled and averaged).
    mirrored = fewseg.lesion_features(image[:, ::-1], mask[:, ::-1], learned=True)
    np.testing.assert_allclose([mirrored[f"learned_{k:02d}"] for k in range(64)], learned, atol=1e-3)
    # Two different lesions are described differently.
    other = fewseg.lesion_features(data.images[1], data.masks[1], learned=True)
    assert not np.allclose([other[f"learned_{k:02d}"] for k in range(64)], learned, atol=1e-2)
    X, names = fewseg.extract_features(data.images, data.masks, learned=True)
    assert X.shape == (2, len(hand) + 64) and names[-1] == "learned_63"


def test_missing_and_broken_projection_files_are_named(tmp_path):
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


def test_fitting_script_smoke_run(tmp_path):
    isic = fake_isic(tmp_path / "isic", n=12)
    assert main(["--isic", str(isic), "--out", str(tmp_path / "out"), "--components", "3"]) == 0
    projection = DescriptorProjection(tmp_path / "out" / "lesion_descriptors.npz")
    assert projection.components.shape == (3, 1312)
    # The principal axes are orthonormal.
    np.testing.assert_allclose(projection.components @ projection.components.T, np.eye(3), atol=1e-9)
