"""Hypothesis strategies for small 2-D masks and label images.

Two flavours each, because they shrink towards different counterexamples: pixel noise
(one-pixel regions, diagonal-only contacts, necks one pixel wide) and stacked rectangles
(nested rings, holes with islands, regions on the image edge, lines one pixel wide).
"""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp


def _shapes(max_side):
    return hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=max_side)


@st.composite
def _rectangle(draw, shape):
    r0 = draw(st.integers(0, shape[0] - 1))
    c0 = draw(st.integers(0, shape[1] - 1))
    r1 = draw(st.integers(r0 + 1, shape[0]))
    c1 = draw(st.integers(c0 + 1, shape[1]))
    return slice(r0, r1), slice(c0, c1)


@st.composite
def masks(draw, max_side=24):
    """A 2-D bool mask."""
    shape = draw(_shapes(max_side))
    if draw(st.booleans()):
        return draw(hnp.arrays(bool, shape, elements=st.booleans()))
    mask = np.zeros(shape, bool)
    for _ in range(draw(st.integers(1, 10))):
        mask[draw(_rectangle(shape))] = draw(st.booleans())
    return mask


@st.composite
def label_images(draw, max_side=24, max_labels=6, max_value=2**40):
    """A 2-D int64 label image: labels touching each other, inside holes of others, split
    into several parts, with background between; label values drawn from 1..max_value."""
    shape = draw(_shapes(max_side))
    n = draw(st.integers(1, max_labels))
    if draw(st.booleans()):
        dense = draw(hnp.arrays(np.int64, shape, elements=st.integers(0, n)))
    else:
        dense = np.zeros(shape, np.int64)
        for _ in range(draw(st.integers(1, 10))):
            dense[draw(_rectangle(shape))] = draw(st.integers(0, n))
    values = draw(st.lists(st.integers(1, max_value), min_size=n, max_size=n, unique=True))
    return np.concatenate([[0], values])[dense]
