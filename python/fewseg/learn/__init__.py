"""Learning on feature matrices: few-label self-training and its evaluation."""

from .self_training import SelfTrainingClassifier, default_base_estimator

__all__ = ["SelfTrainingClassifier", "default_base_estimator"]
