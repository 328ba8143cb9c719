"""The lesion prior's network: a small U-Net (PyTorch; training only).

Five levels of two 3x3 convolutions with batch normalisation; max pooling down, bilinear
upsampling and skip concatenation up. Lesions are large, smooth objects whose context (skin
all around, the field of view, the frame) decides more than texture does, so the encoder
goes down to 1/16 of the working size, where a 3x3 convolution sees the whole image.
"""

import torch
from torch import nn
from torch.nn import functional as F

# Channels per level, finest first: about 0.95 million parameters, under 4 MB as float32.
CHANNELS = (16, 24, 48, 96, 160)


def _double_conv(c_in, c_out, batch_norm):
    layers = []
    for c in (c_in, c_out):
        layers.append(nn.Conv2d(c, c_out, 3, padding=1, bias=not batch_norm))
        if batch_norm:
            layers.append(nn.BatchNorm2d(c_out))
        layers.append(nn.ReLU(inplace=True))
    return nn.Sequential(*layers)


class LesionUNet(nn.Module):
    """(B, 3, S, S) normalised RGB -> (B, 1, S, S) lesion logits.

    ``batch_norm=False`` gives the network as exported: ONNX folds each batch
    normalisation into the convolution before it, so the shipped weights load into
    convolutions with biases and no normalisation (`fewseg.training.onnx_weights`).
    """

    def __init__(self, channels=CHANNELS, batch_norm=True):
        super().__init__()
        self.channels = tuple(channels)
        self.down = nn.ModuleList()
        c_prev = 3
        for c in self.channels:
            self.down.append(_double_conv(c_prev, c, batch_norm))
            c_prev = c
        self.up = nn.ModuleList()
        for c_skip in reversed(self.channels[:-1]):
            self.up.append(_double_conv(c_prev + c_skip, c_skip, batch_norm))
            c_prev = c_skip
        self.head = nn.Conv2d(c_prev, 1, 1)

    def forward(self, x):
        skips = []
        for i, block in enumerate(self.down):
            if i:
                x = F.max_pool2d(x, 2)
            x = block(x)
            skips.append(x)
        for block, skip in zip(self.up, reversed(skips[:-1])):
            x = F.interpolate(x, size=skip.shape[-2:], mode="bilinear", align_corners=False)
            x = block(torch.cat([x, skip], dim=1))
        return self.head(x)


def parameter_count(model):
    return sum(p.numel() for p in model.parameters())
