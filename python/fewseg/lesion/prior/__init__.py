"""The lesion prior: a small U-Net trained on public dermoscopy masks, shipped as ONNX and
run with ONNX Runtime on the CPU (see the model card in the docs)."""

from .preprocess import INPUT_SIZE, network_input
from .runtime import MODEL_FILE, LesionPrior, ModelFileError, shared_prior

__all__ = ["INPUT_SIZE", "MODEL_FILE", "LesionPrior", "ModelFileError", "network_input", "shared_prior"]
