"""Data: synthetic dermoscopy-like images and loaders of public datasets."""

from .image_files import ImageFiles, read_image
from .isic2017 import ISIC2017, isic2017_names, isic2017_split, load_isic2017
from .ph2 import PH2, diagnosis_codes, load_ph2, ph2_prior_split
from .splits import hashed_split
from .synthetic import SyntheticLesions, synthetic_lesions

__all__ = [
    "ISIC2017", "ImageFiles", "PH2", "SyntheticLesions", "diagnosis_codes", "hashed_split", "isic2017_names", "isic2017_split",
    "load_isic2017", "load_ph2", "ph2_prior_split", "read_image", "synthetic_lesions",
]
