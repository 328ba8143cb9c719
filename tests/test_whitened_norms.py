"""The colour model's squared Mahalanobis distances (`Gaussian.mahalanobis_squared`, C++
`whitened_squared_norms`) against numpy's."""

import numpy as np
import pytest

from fewseg import _core
from fewseg.lesion.segmentation._mixture import ColourModel, Gaussian


def numpy_mahalanobis_squared(x, mean, covariance):
    centred = np.asarray(x, np.float64) - mean
    return np.einsum("ij,jk,ik->i", centred, np.linalg.inv(covariance), centred)


def random_gaussian(rng, dims):
    a = rng.normal(size=(dims, dims))
    return Gaussian(float(rng.uniform(0.1, 0.9)), rng.normal(size=dims), a @ a.T + 0.1 * np.eye(dims))


@pytest.mark.parametrize("seed", range(30))
def test_matches_numpy_on_random_gaussians(seed):
    rng = np.random.default_rng(seed)
    dims = [3, 3, 1, 2, 5, 16][seed % 6]
    gaussian = random_gaussian(rng, dims)
    x = rng.normal(size=(int(rng.integers(0, 500)), dims)).astype([np.float32, np.float64][seed % 2])
    expected = numpy_mahalanobis_squared(x, gaussian.mean, gaussian.covariance)
    np.testing.assert_allclose(gaussian.mahalanobis_squared(x), expected, rtol=1e-10, atol=1e-12)


def test_any_strides_give_the_same_distances_and_the_input_is_untouched():
    rng = np.random.default_rng(1)
    gaussian = random_gaussian(rng, 3)
    base = rng.normal(size=(200, 6)).astype(np.float32)
    before = base.copy()
    strided = base[::-2, ::2]  # negative row stride, every other column
    fortran = np.asfortranarray(strided)
    expected = numpy_mahalanobis_squared(strided, gaussian.mean, gaussian.covariance)
    for x in (strided, fortran, np.ascontiguousarray(strided)):
        np.testing.assert_allclose(gaussian.mahalanobis_squared(x), expected, rtol=1e-10)
    np.testing.assert_array_equal(base, before)


def test_log_odds_favour_the_nearer_class_and_unlike_skin_colours():
    skin = Gaussian(0.7, np.zeros(3), np.eye(3) * 0.01)
    lesion = Gaussian(0.3, np.ones(3), np.eye(3) * 0.04)
    model = ColourModel(lesion, skin)
    odds = model.log_odds(np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [-1.0, -1.0, -1.0]], np.float32))
    assert odds[0] < 0 < odds[1]
    # Far from skin in the other direction: the lesion Gaussian explains it even worse,
    # but a colour unlike any skin counts as lesion.
    assert odds[2] > 0


def test_bad_arguments_name_themselves():
    mean, whiten = np.zeros(3), np.eye(3)
    with pytest.raises(ValueError, match="x"):
        _core.whitened_squared_norms(np.zeros(3, np.float32), mean, whiten)
    with pytest.raises(ValueError, match="x"):
        _core.whitened_squared_norms(np.zeros((4, 17), np.float32), np.zeros(17), np.eye(17))
    with pytest.raises(ValueError, match="mean"):
        _core.whitened_squared_norms(np.zeros((4, 3), np.float32), np.zeros(2), whiten)
    with pytest.raises(ValueError, match="whiten"):
        _core.whitened_squared_norms(np.zeros((4, 3), np.float32), mean, np.eye(2))
    with pytest.raises(TypeError, match="x"):
        _core.whitened_squared_norms(np.zeros((4, 3), np.int32), mean, whiten)
