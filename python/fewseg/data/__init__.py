"""Data: synthetic dermoscopy-like images and loaders of public datasets."""

from .ph2 import PH2, diagnosis_codes, load_ph2, read_image
from .synthetic import SyntheticLesions, synthetic_lesions

__all__ = ["PH2", "diagnosis_codes", "SyntheticLesions", "load_ph2", "read_image", "synthetic_lesions"]
