"""Fine-tuning the lesion prior on a few masks of one's own images (PyTorch; the
``[train]`` extra). `LesionSegmenter(adaptation="network")` calls it.

The shipped network is read back from its ONNX file (`onnx_weights`), trained briefly on
the labelled images under the prior's own augmentations at a tenth of its learning rate
(the weights should move towards the user's devices and annotators, not forget the
thousands of masks they came from), and exported again, to bytes that ONNX Runtime runs.
With unlabelled images the student also learns to agree with a mean teacher on them
(`_loop`).
"""

import io
import logging

import torch

from ..lesion.prior.preprocess import INPUT_SIZE
from ._loop import fit_network
from .lesion_prior import export_onnx, image_squares, squares
from .onnx_weights import network_from_onnx

logger = logging.getLogger(__name__)

# A tenth of the prior's training rate (3e-3), with the same warm-up and cosine decay.
LEARNING_RATE = 3e-4
WEIGHT_DECAY = 1e-4
BATCH_SIZE = 8
# Steps between progress messages (and reshuffles of the labelled images).
STEPS_PER_ROUND = 25


def fine_tuned_prior(images, masks, unlabelled_images=(), *, steps=150, seed=0, threads=None, source=None):
    """The lesion prior fine-tuned on `images` and their `masks`, as ONNX bytes.

    Parameters
    ----------
    images, masks : sequences of arrays
        Checked labelled images (the one image rule) and their boolean masks.
    unlabelled_images : sequence of arrays
        Checked images without masks, for the mean teacher (none: supervised only).
    steps : int
        Optimiser steps of `BATCH_SIZE` augmented images each.
    seed : int
        Seeds PyTorch's weights order, augmentations and sampling.
    threads : int, optional
        PyTorch threads while training (default: PyTorch's own default).
    source : bytes or path, optional
        The network to start from (default: the shipped prior).

    Returns
    -------
    bytes
        The fine-tuned network as an ONNX model with the prior's inputs and outputs.
    """
    previous_threads = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            generator = torch.Generator().manual_seed(seed)
            network = network_from_onnx() if source is None else network_from_onnx(source)
            network = network.to(memory_format=torch.channels_last)
            x, y = squares(images, masks)
            unlabelled = image_squares(unlabelled_images) if len(unlabelled_images) else None
            rounds = max(1, -(-steps // STEPS_PER_ROUND))
            fit_network(network, x, y, size=INPUT_SIZE, epochs=rounds, batch_size=BATCH_SIZE,
                        learning_rate=LEARNING_RATE, weight_decay=WEIGHT_DECAY, generator=generator,
                        steps_per_epoch=-(-steps // rounds), unlabelled=unlabelled,
                        log=lambda entry: logger.info("fine-tuning the lesion prior: %s", entry))
        buffer = io.BytesIO()
        export_onnx(network, buffer)
        return buffer.getvalue()
    finally:
        torch.set_num_threads(previous_threads)
