"""A fixed input and a summary of the prior's output on it: the training script records
the summary next to the weights, and the tests check that the shipped model reproduces it."""

import numpy as np

from .preprocess import INPUT_SIZE, network_input

# Where the logits are sampled for the record: a coarse grid over the image.
_SAMPLE_STEP = 20


def check_lesion():
    """Image and mask of synthetic lesion 0 (`fewseg.data.synthetic_lesions`): the fixed
    input whose outputs the records of the shipped models hold."""
    from ...data import synthetic_lesions

    data = synthetic_lesions(1, seed=0)
    return data.images[0], data.masks[0]


def check_input():
    """The (3, S, S) network input of `check_lesion`'s image."""
    return network_input(check_lesion()[0], size=INPUT_SIZE)


def output_summary(logits):
    """The (S, S) logits' mean, standard deviation and values on a coarse grid."""
    logits = np.asarray(logits, np.float64)
    return {"mean": float(logits.mean()), "std": float(logits.std()),
            "grid": logits[::_SAMPLE_STEP, ::_SAMPLE_STEP].round(5).tolist()}
