"""Training of fewseg's learned parts (needs the ``[train]`` extra: PyTorch).

Nothing here is imported by the rest of fewseg: inference runs the exported ONNX models
through ONNX Runtime (`fewseg.lesion.prior`).
"""
