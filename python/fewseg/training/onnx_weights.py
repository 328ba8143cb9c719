"""The shipped lesion prior as a PyTorch network again, for fine-tuning (training only).

Only the ONNX file ships. ONNX Runtime needs nothing else, and a second copy of the
weights could drift from the first. The exporter folds each batch normalisation into
the convolution before it. The folded network is the same function, and it trains as
well at the small learning rates of fine-tuning. So the weights load into a
`LesionUNet` without normalisation (``batch_norm=False``), convolution by convolution,
in the order the graph runs them: the forward order of the network's modules.
"""

import io
from pathlib import Path

import numpy as np
import torch
from torch import nn

from ..lesion.prior.runtime import MODEL_FILE, ModelFileError
from ._network import LesionUNet

# Convolutions per U-Net level on the way down (and up): the double convolution.
CONVOLUTIONS_PER_LEVEL = 2


def network_from_onnx(source=MODEL_FILE):
    """A `LesionUNet` (``batch_norm=False``) with the weights of an exported lesion prior.

    Parameters
    ----------
    source : str, Path or bytes
        The ``.onnx`` file, or its bytes (default: the prior shipped with fewseg).

    Raises
    ------
    ModelFileError
        When the model cannot be read or its convolutions are not a lesion prior's.
    """
    import onnx
    from onnx import numpy_helper

    name = "the given ONNX bytes" if isinstance(source, bytes) else str(source)
    try:
        model = onnx.load_model(io.BytesIO(source) if isinstance(source, bytes) else str(Path(source)))
    except Exception as exc:  # onnx raises its own (protobuf) exception types for bad files
        raise ModelFileError(f"lesion prior model {name} cannot be read: {exc}") from exc
    weights = {item.name: item for item in model.graph.initializer}
    convolutions = []
    for node in model.graph.node:
        if node.op_type == "Conv":
            if len(node.input) != 3 or not all(part in weights for part in node.input[1:]):
                raise ModelFileError(f"lesion prior model {name}: convolution {node.name} has no constant weights and bias")
            convolutions.append([numpy_helper.to_array(weights[part]) for part in node.input[1:]])
    levels = (len(convolutions) - 1 + CONVOLUTIONS_PER_LEVEL) // (2 * CONVOLUTIONS_PER_LEVEL)
    channels = [int(convolutions[CONVOLUTIONS_PER_LEVEL * k][0].shape[0]) for k in range(levels)] if levels else []
    network = LesionUNet(channels, batch_norm=False)
    layers = [module for module in network.modules() if isinstance(module, nn.Conv2d)]
    if len(layers) != len(convolutions) or any(layer.weight.shape != w.shape for layer, (w, _) in zip(layers, convolutions)):
        raise ModelFileError(f"lesion prior model {name}: its {len(convolutions)} convolutions are not those of a "
                             f"U-Net of channels {channels}")
    with torch.no_grad():
        for layer, (weight, bias) in zip(layers, convolutions):
            layer.weight.copy_(torch.from_numpy(np.array(weight, np.float32)))
            layer.bias.copy_(torch.from_numpy(np.array(bias, np.float32)))
    return network
