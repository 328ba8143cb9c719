"""The descriptors' backbone: the convolutional trunk of EfficientNet-Lite0, pre-trained on
ImageNet, shipped as ONNX (weights stored in half precision) and run with ONNX Runtime on
one thread, as the lesion prior is (`fewseg.lesion.prior.runtime`)."""

from pathlib import Path

from ..prior.runtime import ModelFileError, network_inputs, shared_instance, single_thread_session
from .preprocess import INPUT_SIZE

MODEL_FILE = Path(__file__).with_name("efficientnet_lite0.onnx")
# The trunk's outputs: the last blocks at 1/16 (112 channels) and 1/32 (320 channels) of the
# input's side. The finer blocks see too little context to tell lesions apart, and the
# classification head (1,280 channels) describes ImageNet's classes more than the lesion.
OUTPUTS = ("stride_16", "stride_32")


class LesionBackbone:
    """The backbone network of one ONNX file.

    Parameters
    ----------
    path : str or Path
        The ``.onnx`` file (default: the one shipped with fewseg).

    Raises
    ------
    ModelFileError
        When the file is missing, is not a loadable ONNX model, or does not have the
        backbone's input ``image`` and outputs `OUTPUTS`.
    """

    def __init__(self, path=MODEL_FILE):
        self.path = Path(path)
        name = f"descriptor backbone model file {self.path}"
        self._session = single_thread_session(self.path, name)
        inputs = [i.name for i in self._session.get_inputs()]
        outputs = [o.name for o in self._session.get_outputs()]
        if inputs != ["image"] or outputs != list(OUTPUTS):
            raise ModelFileError(f"{name}: expected input 'image' and outputs {list(OUTPUTS)}, got {inputs} and {outputs}")

    def run(self, inputs):
        """The (B, C, s, s) activations of `OUTPUTS` for (B, 3, S, S) inputs
        (`fewseg.lesion.backbone.preprocess.network_view`), one array per output."""
        return self._session.run(list(OUTPUTS), {"image": network_inputs(inputs, INPUT_SIZE)})


def shared_backbone(path=MODEL_FILE):
    """The process's `LesionBackbone` of `path`, created once (thread-safe)."""
    return shared_instance(LesionBackbone, path)
