"""The learned lesion descriptors: EfficientNet-Lite0's ImageNet features pooled over the
lesion and its skin, shipped as ONNX and run with ONNX Runtime on the CPU (see the model
card in the docs)."""

from .descriptors import DescriptorProjection, descriptor_record, learned_descriptors, pooled_backbone_features
from .runtime import MODEL_FILE, LesionBackbone, shared_backbone

__all__ = ["MODEL_FILE", "DescriptorProjection", "LesionBackbone", "descriptor_record", "learned_descriptors",
           "pooled_backbone_features", "shared_backbone"]
