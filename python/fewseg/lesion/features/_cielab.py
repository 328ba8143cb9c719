"""sRGB to CIELAB (D65, 2-degree observer), the conversion skimage.color.rgb2lab makes."""

import numpy as np

# Linear RGB -> XYZ for sRGB primaries and the D65 white (IEC 61966-2-1).
_RGB_TO_XYZ = np.array(
    [
        [0.412453, 0.357580, 0.180423],
        [0.212671, 0.715160, 0.072169],
        [0.019334, 0.119193, 0.950227],
    ]
)
_D65_WHITE = np.array([0.95047, 1.0, 1.08883])
_EPSILON = (6.0 / 29.0) ** 3


def srgb_to_linear(rgb):
    """Undo the sRGB transfer curve of values in [0, 1]."""
    return np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)


def srgb_image_to_linear(image, dtype=np.float64):
    """Linear-light RGB (of `dtype`) of an sRGB image: uint8 or uint16 by table, float in [0, 1]."""
    if image.dtype in (np.uint8, np.uint16):
        levels = np.iinfo(image.dtype).max
        table = srgb_to_linear(np.arange(levels + 1, dtype=np.float64) / levels)
        return table.astype(dtype, copy=False)[image]
    return srgb_to_linear(image.astype(np.float64)).astype(dtype, copy=False)


def rgb_to_lab(rgb):
    """CIELAB of sRGB colours in [0, 1], any shape (..., 3); L in [0, 100]."""
    return linear_rgb_to_lab(srgb_to_linear(np.asarray(rgb, dtype=np.float64)))


def linear_rgb_to_lab(linear_rgb):
    """CIELAB of linear-light RGB colours in [0, 1] (sRGB primaries), any shape (..., 3)."""
    linear_rgb = np.asarray(linear_rgb, dtype=np.float64)
    red, green, blue = linear_rgb[..., 0], linear_rgb[..., 1], linear_rgb[..., 2]
    f = []
    # Channel by channel rather than a (..., 3) @ (3, 3) product: several times faster on
    # images; the linear branch of the CIE curve is computed only where dark values occur.
    for weights in _RGB_TO_XYZ / _D65_WHITE[:, None]:
        value = weights[0] * red + weights[1] * green + weights[2] * blue
        curved = np.cbrt(value)
        dark = value <= _EPSILON
        if dark.any():
            curved = np.where(dark, value / (3 * (6.0 / 29.0) ** 2) + 4.0 / 29.0, curved)
        f.append(curved)
    lab = np.empty(linear_rgb.shape)
    lab[..., 0] = 116.0 * f[1] - 16.0
    lab[..., 1] = 500.0 * (f[0] - f[1])
    lab[..., 2] = 200.0 * (f[1] - f[2])
    return lab
