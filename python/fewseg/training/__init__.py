"""Training of fewseg's learned parts (needs the ``[train]`` extra: PyTorch).

Inference runs the exported ONNX models through ONNX Runtime (`fewseg.lesion.prior`); the
rest of fewseg imports nothing from here, except `LesionSegmenter(adaptation="network")`,
which imports `fine_tune` when it is fitted.
"""
