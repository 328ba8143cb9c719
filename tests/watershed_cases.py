"""Random watershed inputs shared by the watershed tests: images with few to no repeated
values, seeds as points or blobs, and the options scikit-image's watershed takes."""

import subprocess
import sys

import numpy as np
import pytest

KINDS = ["uint8-plateaus", "uint8", "uint16", "float32", "float64-rounded", "float64"]


def random_image(rng, shape, kind):
    """Images with few (ties everywhere) to no repeated values."""
    if kind == "uint8-plateaus":
        return rng.integers(0, rng.choice([2, 4, 16]), shape).astype(np.uint8)
    if kind == "uint8":
        return rng.integers(0, 256, shape).astype(np.uint8)
    if kind == "uint16":
        return rng.integers(0, rng.choice([3, 65535]), shape).astype(np.uint16)
    if kind == "float32":
        return rng.random(shape).astype(np.float32)
    if kind == "float64-rounded":
        return np.round(rng.random(shape) * 3, 1)
    return rng.standard_normal(shape)


def random_markers(rng, shape, dtype):
    markers = np.zeros(shape, dtype)
    n_labels = int(rng.integers(1, 6))
    if rng.random() < 0.3:  # blobs of seeds, as segmentation pipelines make them
        for label in range(1, n_labels + 1):
            corner = [int(rng.integers(0, s)) for s in shape]
            markers[tuple(slice(c, c + int(rng.integers(1, 4))) for c in corner)] = label
    else:
        count = min(markers.size, int(rng.integers(1, 12)))
        where = rng.choice(markers.size, count, replace=False)
        markers.flat[where] = rng.integers(1, n_labels + 1, count)
    return markers


def random_options(rng, shape, *, footprint_chance, footprint_density, centre_offset_chance=0.0):
    """Keyword arguments of a watershed call: a connectivity, and by chance a mask,
    watershed lines, compactness, a random footprint (of `footprint_density` pixels on)
    and, for a footprint, its centre given as an explicit offset."""
    ndim = len(shape)
    kwargs = {"connectivity": int(rng.integers(1, ndim + 1))}
    if rng.random() < 0.4:
        kwargs["mask"] = rng.random(shape) < 0.8
    if rng.random() < 0.25:
        kwargs["watershed_line"] = True
    if rng.random() < 0.15:
        kwargs["compactness"] = float(rng.choice([0.01, 0.5, 10.0]))
    if rng.random() < footprint_chance:
        kwargs["connectivity"] = rng.random((3,) * ndim) < footprint_density
        if centre_offset_chance and rng.random() < centre_offset_chance:
            kwargs["offset"] = (1,) * ndim  # the centre, given explicitly
    return kwargs


def skimage_finishes(image, kwargs):
    """scikit-image's queue explodes with watershed lines and connectivity > 1 on all but
    small inputs; compare there only on inputs it floods at once."""
    footprint_full = not np.isscalar(kwargs["connectivity"]) or kwargs["connectivity"] > 1
    return not (kwargs.get("watershed_line") and footprint_full and image.size > 64)


def skimage_watershed_in_child(folder, image, markers, footprint, offset):
    """scikit-image's watershed with an off-centre footprint, run in a child process: it
    reads outside its buffers there (a segmentation fault in one CI run of the whole
    suite, depending on what memory lies next to them), which must not take the test
    session down with it."""
    np.save(folder / "image.npy", image)
    np.save(folder / "markers.npy", markers)
    np.save(folder / "footprint.npy", footprint)
    code = (
        "import sys, numpy as np; from skimage.segmentation import watershed; f = sys.argv[1]; "
        "np.save(f + '/expected.npy', watershed(np.load(f + '/image.npy'), np.load(f + '/markers.npy'), "
        f"connectivity=np.load(f + '/footprint.npy'), offset={tuple(offset)!r}))"
    )
    run = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True)
    if run.returncode < 0:
        pytest.skip(f"scikit-image's watershed crashed (signal {-run.returncode}) on this off-centre footprint")
    assert run.returncode == 0, run.stderr
    return np.load(folder / "expected.npy")


def assert_automatic_markers_match_skimage(rng, shape, seed):
    """Markers the watershed finds itself (None: the local minima; an int: that many
    seeds) on a random image of `shape` give scikit-image's labels, with a random
    connectivity and, for every third seed, a mask."""
    import fewseg
    from skimage.segmentation import watershed as skimage_watershed

    image = random_image(rng, shape, KINDS[seed % len(KINDS)])
    connectivity = int(rng.integers(1, len(shape) + 1))
    mask = rng.random(shape) < 0.8 if seed % 3 == 0 else None
    for markers in (None, int(rng.integers(1, 20))):
        expected = skimage_watershed(image, markers, connectivity=connectivity, mask=mask)
        got = fewseg.watershed(image, markers, connectivity=connectivity, mask=mask)
        assert got.dtype == expected.dtype
        np.testing.assert_array_equal(got, expected)
