"""Invariants of fewseg.watershed on Hypothesis-generated inputs."""

import numpy as np
import pytest
from hypothesis import assume, given, settings
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


@st.composite
def boxed_masks(draw):
    """Flood inputs whose mask only covers a box inside the image: the kernel then works
    on that box alone, which must not change any label."""
    image, markers, _, connectivity = draw(flood_inputs())
    box = tuple(slice(draw(st.integers(0, n - 1)), None) for n in image.shape)
    box = tuple(slice(b.start, draw(st.integers(b.start + 1, n))) for b, n in zip(box, image.shape))
    mask = np.zeros(image.shape, bool)
    mask[box] = draw(hnp.arrays(bool, mask[box].shape, elements=st.booleans()))
    return image, markers, mask, connectivity


@settings(max_examples=200, deadline=None)
@given(boxed_masks(), st.sampled_from(["array", "none", "count"]), st.booleans(), st.sampled_from([0, 0.01]))
def test_masked_to_a_box_equals_skimage(inputs, marker_kind, watershed_line, compactness):
    image, markers, mask, connectivity = inputs
    assume(mask.any() or marker_kind != "count")  # scikit-image divides by the mask's size
    markers = {"array": markers, "none": None, "count": 5}[marker_kind]
    if watershed_line:
        connectivity = 1  # scikit-image's own queue can explode otherwise
    expected = skimage_segmentation.watershed(image, markers, connectivity=connectivity, mask=mask,
                                              watershed_line=watershed_line, compactness=compactness)
    got = fewseg.watershed(image, markers, connectivity=connectivity, mask=mask, watershed_line=watershed_line,
                           compactness=compactness)
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)
