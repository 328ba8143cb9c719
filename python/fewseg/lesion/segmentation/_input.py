"""The segmentation pipeline's input: an image under the one image rule (`fewseg._images`)
with skin around the lesion. Nothing here copies a full-size image: the pipeline reads the
input once, when shrinking it to the working size."""

from ..._images import rgb_image

# Below this many pixels on a side there is no lesion/skin context to model.
MIN_SIDE = 32


def checked_rgb(image, name="image"):
    """`image` as an (M, N, 3) view and the factor that brings its values to [0, 1]
    (`fewseg._images.rgb_image`), at least `MIN_SIDE` pixels on each side."""
    return rgb_image(image, name, min_side=MIN_SIDE)
