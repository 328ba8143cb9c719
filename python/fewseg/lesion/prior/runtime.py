"""The lesion prior's ONNX Runtime session: one per process, created on first use.

The network runs on one thread. fewseg's parallel unit is the image (`fewseg.batch` runs
one image per worker thread, all on this one session, whose ``run`` is thread-safe), and a
160-pixel U-Net gains little from a second intra-op thread (about 17 ms on one core) while
two workers each asking for two would oversubscribe the cores.
"""

import threading
from pathlib import Path

import numpy as np

from .preprocess import INPUT_SIZE

MODEL_FILE = Path(__file__).with_name("lesion_prior.onnx")

_lock = threading.Lock()
_shared = {}  # (class, resolved path) -> instance


class ModelFileError(RuntimeError):
    """A shipped model file (the lesion prior, the learned descriptors' backbone or
    projection) is missing or cannot be loaded."""


class LesionPrior:
    """The lesion prior network of one ONNX file.

    Parameters
    ----------
    path : str or Path
        The ``.onnx`` file (default: the one shipped with fewseg).

    Raises
    ------
    ModelFileError
        When the file is missing, is not a loadable ONNX model, or does not have the
        prior's input and outputs.
    """

    def __init__(self, path=MODEL_FILE):
        self.path = Path(path)
        self._open(self.path, f"lesion prior model file {self.path}")

    @classmethod
    def from_bytes(cls, model, name="the lesion prior model"):
        """A `LesionPrior` of an ONNX model held in memory (a fine-tuned prior), `name`
        naming it in errors."""
        prior = cls.__new__(cls)
        prior.path = None
        prior._open(bytes(model), name)
        return prior

    def _open(self, source, name):
        self._session = single_thread_session(source, name)
        inputs = [i.name for i in self._session.get_inputs()]
        outputs = [o.name for o in self._session.get_outputs()]
        if inputs != ["image"] or outputs[:2] != ["logits", "features"]:
            raise ModelFileError(f"{name}: expected input 'image' and outputs "
                                 f"'logits', 'features', got {inputs} and {outputs}")

    def run(self, inputs):
        """Lesion logits (B, S, S) and bottleneck features (B, C, s, s) of (B, 3, S, S)
        network inputs (`fewseg.lesion.prior.preprocess.network_input`)."""
        inputs = network_inputs(inputs, INPUT_SIZE)
        logits, features = self._session.run(["logits", "features"], {"image": inputs})
        return logits[:, 0], features

    def logits(self, network_input):
        """(S, S) lesion logits (natural log odds) of one (3, S, S) network input."""
        return self.run(network_input[None])[0][0]


def single_thread_session(source, name):
    """An ONNX Runtime CPU session of `source` (a model file's `Path`, or the model's bytes)
    on one thread (see the module), `name` naming the model in the `ModelFileError` of a
    missing file or a model that cannot be loaded."""
    import onnxruntime

    if isinstance(source, Path):
        if not source.is_file():
            raise ModelFileError(f"{name} does not exist; reinstall fewseg")
        source = str(source)

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    try:
        return onnxruntime.InferenceSession(source, options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own exception types for bad files
        raise ModelFileError(f"{name} cannot be loaded: {exc}") from exc


def network_inputs(inputs, size):
    """`inputs` as the C-contiguous float32 (B, 3, size, size) batch a session runs on; a
    ValueError naming them when their shape is another."""
    inputs = np.ascontiguousarray(inputs, np.float32)
    if inputs.ndim != 4 or inputs.shape[1:] != (3, size, size):
        raise ValueError(f"inputs: expected shape (B, 3, {size}, {size}), got {inputs.shape}")
    return inputs


def shared_prior(path=MODEL_FILE):
    """The process's `LesionPrior` of `path`, created once (thread-safe)."""
    return shared_instance(LesionPrior, path)


def shared_instance(kind, path):
    """The process's one ``kind(path)`` (a model read from a file), created on first use;
    thread-safe, and free of locking once created."""
    key = (kind, str(Path(path).resolve()))
    instance = _shared.get(key)
    if instance is None:
        with _lock:
            instance = _shared.get(key)
            if instance is None:
                instance = _shared[key] = kind(path)
    return instance
