"""Seeded random masks and label images with the shapes that trip border followers up:
holes, islands in holes, one-pixel regions, regions on the image edge, diagonal-only
contacts, thin lines and noise."""

import numpy as np
from scipy import ndimage as ndi


def _draw_ring(mask, rng, centre, radius, width):
    rows, cols = np.ogrid[: mask.shape[0], : mask.shape[1]]
    dist = np.hypot(rows - centre[0], cols - centre[1])
    mask[(dist <= radius) & (dist > radius - width)] = True


def random_mask(seed, shape=None):
    """A bool mask mixing the structures above; `seed % 6` picks the main ingredient."""
    rng = np.random.default_rng(seed)
    if shape is None:
        shape = tuple(int(s) for s in rng.integers(1, 48, 2))
    kind = seed % 6
    if kind == 0:  # noise: one-pixel regions, diagonal contacts, tiny holes
        mask = rng.random(shape) < rng.uniform(0.05, 0.95)
    elif kind == 1:  # smooth blobs with holes, touching the edges
        smooth = ndi.gaussian_filter(rng.random(shape), rng.uniform(0.7, 3.0))
        mask = smooth > np.quantile(smooth, rng.uniform(0.2, 0.8))
    elif kind == 2:  # nested rings: holes with islands with holes
        mask = np.zeros(shape, bool)
        centre = (rng.uniform(0, shape[0]), rng.uniform(0, shape[1]))
        for radius in np.arange(max(shape), 0, -rng.integers(2, 5)):
            _draw_ring(mask, rng, centre, radius, rng.integers(1, 3))
    elif kind == 3:  # checkerboard patches: diagonal-only contacts everywhere
        checker = (np.add.outer(np.arange(shape[0]), np.arange(shape[1])) % 2).astype(bool)
        mask = checker & (rng.random(shape) < 0.9)
        mask |= rng.random(shape) < 0.1
    elif kind == 4:  # thin lines and single pixels
        mask = np.zeros(shape, bool)
        for _ in range(rng.integers(1, 8)):
            r, c = rng.integers(0, shape[0]), rng.integers(0, shape[1])
            dr, dc = rng.integers(-1, 2, 2)
            for step in range(rng.integers(1, max(shape) + 1)):
                rr, cc = r + step * dr, c + step * dc
                if 0 <= rr < shape[0] and 0 <= cc < shape[1]:
                    mask[rr, cc] = True
        mask.flat[rng.integers(0, mask.size, rng.integers(0, 6))] = True
    else:  # blobs minus noise: ragged borders and many small holes
        smooth = ndi.gaussian_filter(rng.random(shape), rng.uniform(1.0, 4.0))
        mask = (smooth > np.quantile(smooth, 0.4)) & (rng.random(shape) > 0.15)
    return mask


def random_labels(seed, shape=None, max_labels=8):
    """A label image: disconnected labels, labels touching each other and the edge,
    labels inside holes of others, and some background."""
    rng = np.random.default_rng(seed)
    if shape is None:
        shape = tuple(int(s) for s in rng.integers(1, 48, 2))
    n = int(rng.integers(1, max_labels + 1))
    kind = seed % 3
    if kind == 0:  # pixel noise over a few labels
        labels = rng.integers(0, n + 1, shape)
    elif kind == 1:  # smooth level sets, then holes punched in
        smooth = ndi.gaussian_filter(rng.random(shape), rng.uniform(0.5, 3.0))
        cuts = np.quantile(smooth, np.sort(rng.random(n)))
        labels = np.searchsorted(cuts, smooth)
        labels[rng.random(shape) < rng.uniform(0, 0.1)] = 0
    else:  # random masks stacked, later ones over earlier ones
        labels = np.zeros(shape, np.int64)
        for k in range(1, n + 1):
            labels[random_mask(seed * 31 + k, shape)] = k
    values = rng.permutation(np.arange(1, n + 1) * int(rng.choice([1, 3, 1000])))
    out = np.zeros(shape, np.int64)
    out[labels > 0] = values[(labels[labels > 0] - 1) % n]
    return out
