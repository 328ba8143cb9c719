"""Invariants of fewseg.watershed on Hypothesis-generated inputs."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from scipy import ndimage as ndi

import fewseg

skimage_segmentation = pytest.importorskip("skimage.segmentation")


@st.composite
def flood_inputs(draw):
    ndim = draw(st.sampled_from([2, 3]))
    shape = draw(hnp.array_shapes(min_dims=ndim, max_dims=ndim, min_side=1, max_side=12 if ndim == 2 else 6))
    dtype = draw(st.sampled_from([np.uint8, np.uint16, np.float32, np.float64]))
    elements = st.integers(0, 5) if dtype in (np.uint8, np.uint16) else st.floats(-3, 3, width=32)
    image = draw(hnp.arrays(dtype, shape, elements=elements))
    markers = draw(hnp.arrays(np.int32, shape, elements=st.integers(0, 4).map(lambda v: v if v < 3 else 0)))
    mask = draw(st.none() | hnp.arrays(bool, shape, elements=st.booleans()))
    connectivity = draw(st.integers(1, ndim))
    return image, markers, mask, connectivity


@settings(max_examples=300, deadline=None)
@given(flood_inputs(), st.sampled_from(["skimage", "raster"]))
def test_every_reachable_pixel_gets_a_marker_label(inputs, tie_break):
    image, markers, mask, connectivity = inputs
    labels = fewseg.watershed(image, markers, connectivity=connectivity, mask=mask, tie_break=tie_break)
    region = np.ones(image.shape, bool) if mask is None else mask
    seeds = (markers != 0) & region
    # Pixels of the mask connected (within the mask) to a seed, and no others, get labels.
    components, _ = ndi.label(region, ndi.generate_binary_structure(image.ndim, connectivity))
    reachable = np.isin(components, np.unique(components[seeds])) & region & (components > 0)
    np.testing.assert_array_equal(labels != 0, reachable)
    assert set(np.unique(labels[labels != 0])) <= set(np.unique(markers[seeds]))
    np.testing.assert_array_equal(labels[seeds], markers[seeds])


@settings(max_examples=300, deadline=None)
@given(flood_inputs(), st.booleans())
def test_equals_skimage(inputs, watershed_line):
    image, markers, mask, connectivity = inputs
    if watershed_line:
        connectivity = 1  # scikit-image's own queue can explode otherwise
    expected = skimage_segmentation.watershed(
        image, markers, connectivity=connectivity, mask=mask, watershed_line=watershed_line
    )
    got = fewseg.watershed(image, markers, connectivity=connectivity, mask=mask, watershed_line=watershed_line)
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("shape", [(1, 140_001), (140_001, 1)])
def test_more_than_65536_labels_on_thin_images(shape):
    image = np.random.default_rng(5).random(shape)
    markers = np.arange(1, image.size + 1, dtype=np.int64).reshape(shape)
    markers.reshape(-1)[::2] = 0
    labels = fewseg.watershed(image, markers)
    assert len(np.unique(labels)) == 70_000
    np.testing.assert_array_equal(labels, skimage_segmentation.watershed(image, markers))
