"""fewseg.data: synthetic lesions and the PH2 loader (both layouts)."""

import numpy as np
import pytest
from PIL import Image

from fewseg.data import load_ph2, synthetic_lesions


def test_synthetic_lesions_are_deterministic_and_plausible():
    first = synthetic_lesions(8, seed=4, shape=(96, 128), melanoma_fraction=0.5)
    again = synthetic_lesions(8, seed=4, shape=(96, 128), melanoma_fraction=0.5)
    np.testing.assert_array_equal(first.images, again.images)
    assert first.images.shape == (8, 96, 128, 3) and first.images.dtype == np.uint8
    assert first.masks.shape == (8, 96, 128) and first.masks.dtype == bool
    assert set(first.labels) <= {0, 1}
    for image, mask in zip(first.images, first.masks):
        assert 0.02 < mask.mean() < 0.5
        assert mask[48, 64]  # the lesion covers the centre
        # Lesions are darker than the skin around them.
        assert image[mask].mean() < image[~mask].mean() - 30
    assert not np.array_equal(first.images, synthetic_lesions(8, seed=5, shape=(96, 128)).images)


@pytest.mark.parametrize("kwargs", [{"n": -1}, {"n": 2.5}, {"n": 2, "shape": (10, 10)}, {"n": 2, "melanoma_fraction": 2}])
def test_synthetic_lesions_bad_arguments(kwargs):
    with pytest.raises(ValueError, match=next(iter(k for k in kwargs if k != "n" or len(kwargs) == 1))):
        synthetic_lesions(**kwargs)


def test_load_ph2_flat_layout(ph2_dir):
    ph2 = load_ph2(ph2_dir)
    assert len(ph2.names) == 120
    assert ph2.names == sorted(ph2.names)
    assert ph2.images[0].dtype == np.uint8 and ph2.images[0].shape[2] == 3
    assert ph2.masks[0].dtype == bool and ph2.masks[0].shape == ph2.images[0].shape[:2]
    assert ph2.diagnoses.count("melanoma") == 24


def write_release(root, names, codes):
    folder = root / "PH2 Dataset images"
    rng = np.random.default_rng(0)
    for name in names:
        image_dir = folder / name / f"{name}_Dermoscopic_Image"
        mask_dir = folder / name / f"{name}_lesion"
        image_dir.mkdir(parents=True)
        mask_dir.mkdir(parents=True)
        Image.fromarray(rng.integers(0, 255, (20, 30, 3), dtype=np.uint8)).save(image_dir / f"{name}.bmp")
        mask = np.zeros((20, 30), np.uint8)
        mask[5:15, 10:20] = 255
        Image.fromarray(mask).save(mask_dir / f"{name}_lesion.bmp")
    lines = ["|| Name || Histological Diagnosis || Clinical Diagnosis || Asymmetry || Colors ||"]
    lines += [f"|| {n} ||  || {c} || 0 || 2 ||" for n, c in zip(names, codes)]
    (root / "PH2_dataset.txt").write_text("\n".join(lines) + "\n")


def test_load_ph2_release_layout(tmp_path):
    write_release(tmp_path, ["IMD003", "IMD009", "IMD016"], [0, 2, 1])
    ph2 = load_ph2(tmp_path)
    assert ph2.names == ["IMD003", "IMD009", "IMD016"]
    assert ph2.diagnoses == ["common_nevus", "melanoma", "atypical_nevus"]
    assert ph2.masks[1].sum() == 100 and ph2.images[2].shape == (20, 30, 3)


def test_load_ph2_errors_name_the_problem(tmp_path):
    with pytest.raises(FileNotFoundError, match="root"):
        load_ph2(tmp_path / "absent")
    with pytest.raises(FileNotFoundError, match="no PH2 images"):
        load_ph2(tmp_path)
    write_release(tmp_path, ["IMD003"], [7])
    with pytest.raises(ValueError, match="clinical diagnosis"):
        load_ph2(tmp_path)
