"""The vignetting profile's C++ kernel (`_core.ring_gains`, behind
`fewseg.lesion.segmentation._illumination.field_of_view`) against its numpy version, value
for value."""

import numpy as np
import pytest

from fewseg import _core
from fewseg.lesion.segmentation._channels import channel_max
from fewseg.lesion.segmentation._illumination import LEVELS, RINGS, black_frame, field_of_view
from fewseg.lesion.segmentation._working import to_working
from ph2data import ph2_names, read_png
from reference_vignetting import ring_gains_numpy


@pytest.mark.parametrize("seed", range(40))
def test_random_images_give_numpys_gains_exactly(seed):
    rng = np.random.default_rng(seed)
    rows, cols = (int(n) for n in rng.integers(2, 90, 2))
    channels = [3, 1, 4][seed % 3]
    rgb = rng.random((rows, cols, channels), dtype=np.float32)
    if seed % 4 == 0:
        rgb = rgb * 1.4 - 0.2  # values outside [0, 1] are clamped to the end levels
        rgb = rgb.astype(np.float32)
    if seed % 5 == 0:
        rgb = rgb[::-1, ::2]  # any strides
    inside = rng.random(rgb.shape[:2]) > [0.0, 0.3, 0.9, 1.0][seed % 4]
    centre = (float(rng.uniform(-5, rgb.shape[0] + 5)), float(rng.uniform(-5, rgb.shape[1] + 5)))
    percentile = float(rng.choice([0.0, 50.0, 80.0, 99.5, 100.0]))
    rings, levels = [(64, 256), (7, 16), (2, 2)][seed % 3]
    expected = ring_gains_numpy(rgb, inside, centre, percentile, rings, levels)
    got = _core.ring_gains(rgb, inside, *centre, percentile, rings, levels)
    np.testing.assert_array_equal(got, expected)


def test_ph2_working_images_give_numpys_gains_exactly(ph2_dir):
    for name in ph2_names()[::6]:
        rgb = to_working(read_png(ph2_dir / f"{name}.png"), np.float32(1 / 255), 384)
        brightness = channel_max(rgb)
        inside = ~black_frame(brightness, np.percentile(brightness, 95))
        centre = tuple(np.argwhere(inside).mean(axis=0))
        expected = ring_gains_numpy(rgb, inside, centre, 80.0, RINGS, LEVELS)
        np.testing.assert_array_equal(_core.ring_gains(rgb, inside, *centre, 80.0, RINGS, LEVELS), expected, name)


def test_gains_fall_off_from_a_bright_centre():
    rows, cols = np.mgrid[:60, :80]
    light = 1 - 0.5 * np.hypot(rows - 30, cols - 40) / 50
    rgb = np.repeat(light[..., None], 3, axis=2).astype(np.float32)
    before = rgb.copy()
    frame, gains = field_of_view(rgb, 80.0, 0.3)
    assert not frame.any()
    np.testing.assert_array_equal(rgb, before)
    centre, corner = gains[30, 40, 0], gains[0, 0, 0]
    assert centre == pytest.approx(1.0, abs=0.02) and corner == pytest.approx(light[0, 0], abs=0.03)


def test_bad_arguments_name_themselves():
    rgb, inside = np.zeros((4, 5, 3), np.float32), np.ones((4, 5), bool)
    with pytest.raises(ValueError, match="rgb"):
        _core.ring_gains(rgb.astype(np.float64), inside, 1.0, 1.0, 80.0, 64, 256)
    with pytest.raises(ValueError, match="inside"):
        _core.ring_gains(rgb, inside[:3], 1.0, 1.0, 80.0, 64, 256)
    with pytest.raises(TypeError, match="inside"):
        _core.ring_gains(rgb, inside.astype(np.int32), 1.0, 1.0, 80.0, 64, 256)
    with pytest.raises(ValueError, match="percentile"):
        _core.ring_gains(rgb, inside, 1.0, 1.0, 101.0, 64, 256)
    with pytest.raises(ValueError, match="centre"):
        _core.ring_gains(rgb, inside, np.nan, 1.0, 80.0, 64, 256)
    with pytest.raises(ValueError, match="centre"):
        _core.ring_gains(rgb, inside, 1e300, 1.0, 80.0, 64, 256)
    with pytest.raises(ValueError, match="rings"):
        _core.ring_gains(rgb, inside, 1.0, 1.0, 80.0, 1, 256)
