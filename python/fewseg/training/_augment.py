"""Augmentations of dermoscopy batches, in PyTorch on whole batches (training only).

Each stands for a way photographs of other clinics and devices differ from the training
images: orientation and framing (any rotation, flips, scale, aspect ratio, offset), the
camera's colour and exposure (gains per channel, gamma, saturation, contrast), uneven
illumination (vignetting, a brightness gradient), the dark round field of view of some
dermatoscopes, hairs, blur and sensor noise.
"""

import math

import torch
from torch.nn import functional as F


def _uniform(generator, n, low, high):
    return low + (high - low) * torch.rand(n, generator=generator)


def geometric(images, masks, size, generator):
    """Random similarity transforms with jittered aspect ratio and flips, resampled to
    (size, size). `images` (B, 3, H, W) and `masks` (B, 1, H, W) on [0, 1]."""
    n = images.shape[0]
    angle = _uniform(generator, n, -math.pi, math.pi)
    # log-uniform zoom: out to 0.8 (more skin around) and in to 1.4 (lesion fills the frame)
    zoom = torch.exp(_uniform(generator, n, math.log(0.8), math.log(1.4)))
    aspect = torch.exp(_uniform(generator, n, -0.2, 0.2))
    flip = torch.where(torch.rand(n, generator=generator) < 0.5, -1.0, 1.0)
    shift = _uniform(generator, 2 * n, -0.15, 0.15).reshape(n, 2)
    cos, sin = torch.cos(angle), torch.sin(angle)
    sx, sy = flip * aspect.sqrt() / zoom, 1 / (aspect.sqrt() * zoom)
    theta = torch.stack([
        torch.stack([cos * sx, -sin * sy, shift[:, 0]], 1),
        torch.stack([sin * sx, cos * sy, shift[:, 1]], 1),
    ], 1)
    grid = F.affine_grid(theta, (n, 1, size, size), align_corners=False)
    # Reflection continues the skin past the photograph's edge, as a wider frame would.
    images = F.grid_sample(images, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    masks = F.grid_sample(masks, grid, mode="bilinear", padding_mode="reflection", align_corners=False)
    return images, masks


def photometric(images, generator):
    """Camera colour and exposure: channel gains, gamma, contrast, saturation."""
    n = images.shape[0]
    gains = torch.exp(_uniform(generator, 3 * n, -0.15, 0.15)).reshape(n, 3, 1, 1)
    brightness = torch.exp(_uniform(generator, n, -0.3, 0.25)).reshape(n, 1, 1, 1)
    images = (images * gains * brightness).clamp(0, 1)
    gamma = torch.exp(_uniform(generator, n, -0.35, 0.35)).reshape(n, 1, 1, 1)
    images = images.clamp_min(1e-4) ** gamma
    grey = images.mean(dim=1, keepdim=True)
    saturation = _uniform(generator, n, 0.6, 1.4).reshape(n, 1, 1, 1)
    images = grey + saturation * (images - grey)
    mean = images.mean(dim=(1, 2, 3), keepdim=True)
    contrast = _uniform(generator, n, 0.7, 1.3).reshape(n, 1, 1, 1)
    return (mean + contrast * (images - mean)).clamp(0, 1)


def _coordinates(n, size, generator):
    """Pixel coordinates on [-1, 1] and a random centre per image, (B, 1, S, S) each."""
    axis = torch.linspace(-1, 1, size)
    y, x = torch.meshgrid(axis, axis, indexing="ij")
    cx = _uniform(generator, n, -0.25, 0.25).reshape(n, 1, 1, 1)
    cy = _uniform(generator, n, -0.25, 0.25).reshape(n, 1, 1, 1)
    return x[None, None] - cx, y[None, None] - cy


def illumination(images, generator, probability=0.5):
    """Vignetting (darker towards the corners) and a linear brightness gradient."""
    n, _, size, _ = images.shape
    dx, dy = _coordinates(n, size, generator)
    strength = _uniform(generator, n, 0.0, 0.5).reshape(n, 1, 1, 1)
    strength = strength * (torch.rand(n, 1, 1, 1, generator=generator) < probability)
    vignette = (1 - strength * (dx**2 + dy**2) / 2).clamp_min(0.2)
    tilt = _uniform(generator, 2 * n, -0.2, 0.2).reshape(n, 2, 1, 1)
    gradient = 1 + tilt[:, :1] * dx + tilt[:, 1:] * dy
    return (images * vignette * gradient).clamp(0, 1)


def field_of_view(images, masks, generator, probability=0.2):
    """The dark round frame of a contact dermatoscope: outside a circle the image goes to
    near black, and nothing there is lesion (nothing there can be seen)."""
    n, _, size, _ = images.shape
    chosen = torch.rand(n, generator=generator) < probability
    if not chosen.any():
        return images, masks
    dx, dy = _coordinates(n, size, generator)
    radius = _uniform(generator, n, 0.85, 1.35).reshape(n, 1, 1, 1)
    softness = _uniform(generator, n, 0.01, 0.08).reshape(n, 1, 1, 1)
    inside = torch.sigmoid((radius - torch.sqrt(dx**2 + dy**2)) / softness)
    inside = torch.where(chosen.reshape(n, 1, 1, 1), inside, torch.ones_like(inside))
    dark = _uniform(generator, n, 0.0, 0.12).reshape(n, 1, 1, 1)
    images = images * inside + dark * (1 - inside)
    return images, masks * (inside > 0.5)


def hairs(images, generator, probability=0.3, max_hairs=24):
    """Dark thin strands: line segments of random direction, length and width."""
    n, _, size, _ = images.shape
    chosen = torch.rand(n, generator=generator) < probability
    if not chosen.any():
        return images
    k = max_hairs
    axis = torch.linspace(-1, 1, size)
    y, x = torch.meshgrid(axis, axis, indexing="ij")
    start = _uniform(generator, 2 * n * k, -1.2, 1.2).reshape(n, k, 2, 1, 1)
    angle = _uniform(generator, n * k, 0, math.pi).reshape(n, k, 1, 1)
    length = _uniform(generator, n * k, 0.3, 2.0).reshape(n, k, 1, 1)
    ux, uy = torch.cos(angle), torch.sin(angle)
    px, py = x - start[:, :, 0], y - start[:, :, 1]
    along = (px * ux + py * uy).clamp(min=0) .minimum(length)
    distance = torch.sqrt((px - along * ux) ** 2 + (py - along * uy) ** 2)
    width = _uniform(generator, n * k, 0.4, 1.6).reshape(n, k, 1, 1) * (2 / size)
    count = (torch.rand(n, generator=generator) * k).long().reshape(n, 1)
    present = (torch.arange(k)[None] < count).reshape(n, k, 1, 1)
    cover = (torch.clamp(1.5 - distance / width, 0, 1) * present).amax(dim=1, keepdim=True)
    cover = cover * chosen.reshape(n, 1, 1, 1)
    shade = _uniform(generator, 3 * n, 0.02, 0.25).reshape(n, 3, 1, 1)
    return images * (1 - cover) + shade * cover


def degradation(images, generator, probability=0.3):
    """Blur (soft focus, small thumbnails) and sensor noise."""
    n, _, size, _ = images.shape
    blurred = F.avg_pool2d(F.pad(images, (1, 1, 1, 1), mode="replicate"), 3, stride=1)
    blur = (torch.rand(n, 1, 1, 1, generator=generator) < probability).float()
    images = blur * blurred + (1 - blur) * images
    sigma = _uniform(generator, n, 0.0, 0.03).reshape(n, 1, 1, 1)
    noise = torch.randn(images.shape, generator=generator) * sigma
    return (images + noise).clamp(0, 1)


def augment(images, masks, size, generator):
    """All of the above, in the order a photograph acquires them."""
    images, masks = geometric(images, masks, size, generator)
    images = photometric(images, generator)
    images = illumination(images, generator)
    images = hairs(images, generator)
    images, masks = field_of_view(images, masks, generator)
    images = degradation(images, generator)
    return images, masks
