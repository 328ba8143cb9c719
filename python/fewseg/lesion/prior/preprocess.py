"""What the lesion prior's network sees: one function for training and inference.

The image is area-averaged (or interpolated, when smaller) to a square: the network is
trained on squares whose aspect ratio is jittered, so stretching a 4:3 photograph costs
nothing, and a fixed input size keeps the runtime's plan the same for every image.
"""

import numpy as np

from ..._images import rgb_image
from ...transform import resize_area, resize_bilinear

# Side of the network's square input; outlines are settled at a finer scale afterwards.
INPUT_SIZE = 160
# Per-channel statistics the inputs are standardised with (RGB on [0, 1]; typical of
# dermoscopy: pinkish skin, brown lesions).
MEAN = np.array([0.70, 0.56, 0.52], np.float32)
STD = np.array([0.16, 0.17, 0.19], np.float32)


def to_square(array, size):
    """(M, N, ...) `array` resampled to (size, size, ...): area-averaged where it shrinks,
    interpolated where it does not (the network's view of an image, or of its mask)."""
    shape = (size, size)
    shrinking = array.shape[0] >= size and array.shape[1] >= size
    return resize_area(array, shape) if shrinking else resize_bilinear(array, shape)


def square_rgb(rgb, factor, size):
    """`rgb` (values times `factor` on [0, 1]) resampled to (size, size, 3) float32."""
    return np.multiply(to_square(rgb, size), factor, dtype=np.float32)


def standardised(square):
    """(..., S, S, 3) RGB on [0, 1] -> (..., 3, S, S) network input."""
    x = (np.asarray(square, np.float32) - MEAN) / STD
    return np.ascontiguousarray(np.moveaxis(x, -1, -3))


def with_mirror(view):
    """(2, 3, S, S): a network input and its left-right mirror, run as one batch because a
    lesion has no handedness (`mirror_mean` brings the two outputs together)."""
    return np.stack([view, view[:, :, ::-1]])


def mirror_mean(outputs):
    """The mean of the network's (2, ..., s) outputs for `with_mirror`'s two views, the
    mirror's flipped back so that both describe the same cells."""
    return (outputs[0] + outputs[1][..., ::-1]) / 2


def network_input(image, factor=None, size=INPUT_SIZE):
    """The (3, size, size) float32 input of the network for one dermoscopy image.

    `image` is read under the one image rule (`fewseg._images`: uint8, uint16 or float in
    [0, 1]; RGB, grey or RGBA); its values times `factor` lie in [0, 1]. With `factor`
    None (the default) the image is checked and its own factor used; a given `factor` is
    for an (M, N, 3) image checked already, such as the pipeline's working-size image.

    Examples
    --------
    >>> import numpy as np
    >>> from fewseg.lesion.prior import network_input
    >>> x = network_input(np.full((200, 300, 3), 255, np.uint8))
    >>> x.shape, x.dtype, float(x[0, 0, 0].round(3))  # white, standardised: (1 - 0.70) / 0.16
    ((3, 160, 160), dtype('float32'), 1.875)
    """
    if factor is None:
        image, factor = rgb_image(image, "image")
    return standardised(square_rgb(image, factor, size))
